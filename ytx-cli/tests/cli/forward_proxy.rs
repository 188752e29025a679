//! `--proxy` and `YTX_PROXY`: which proxy a command goes through, and in what order they
//! win. A proxy where nothing listens makes the choice visible: through it, the command
//! cannot connect; directly, it reaches the emulator.

use crate::support::{emulator, run, stderr, ytx_for};

/// A port on 127.0.0.1 where nothing listens.
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test]
async fn proxy_flag_and_ytx_proxy_choose_the_route_in_order() {
    let emulator = emulator().await;
    let dead = format!("http://127.0.0.1:{}", closed_port());
    let query = ["account", "query-balance"];

    let direct = run(ytx_for(&emulator), &query).await;
    assert!(direct.status.success(), "{}", stderr(&direct));

    // YTX_PROXY is used even for this machine's emulator: it is asked for by name.
    let mut through = ytx_for(&emulator);
    through.env("YTX_PROXY", &dead);
    let output = run(through, &query).await;
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("cannot connect"),
        "{}",
        stderr(&output)
    );

    // --proxy none overrides it.
    let mut overridden = ytx_for(&emulator);
    overridden.env("YTX_PROXY", &dead);
    let output = run(overridden, &["--proxy", "none", "account", "query-balance"]).await;
    assert!(output.status.success(), "{}", stderr(&output));

    // --proxy URL overrides no setting at all.
    let output = run(
        ytx_for(&emulator),
        &["--proxy", &dead, "account", "query-balance"],
    )
    .await;
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));

    // The shell-wide HTTP_PROXY leaves this machine's emulator alone.
    let mut shell = ytx_for(&emulator);
    shell.env("HTTP_PROXY", &dead);
    let output = run(shell, &query).await;
    assert!(output.status.success(), "{}", stderr(&output));
}

#[tokio::test]
async fn an_unusable_proxy_is_a_usage_error_that_hides_its_password() {
    let emulator = emulator().await;
    let output = run(
        ytx_for(&emulator),
        &[
            "--proxy",
            "socks5://me:hunter2-pw@proxy:1080",
            "account",
            "query-balance",
        ],
    )
    .await;
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("http://"), "{message}");
    assert!(!message.contains("hunter2-pw"), "{message}");
}
