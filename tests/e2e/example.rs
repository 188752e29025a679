//! The `query_meeting` example, run as a user would, against a loopback server.

use std::path::PathBuf;
use std::process::{Command, Output};

use crate::support::{APP_ID, Reply, SID, Server, TOKEN};

/// `cargo test` builds examples next to the test binaries: `target/<profile>/examples/`.
fn example_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let binary = profile_dir.join("examples").join("query_meeting");
    assert!(
        binary.exists(),
        "{} not built: run `cargo test --workspace`",
        binary.display()
    );
    binary
}

async fn run_example(server: &Server, args: &[&str]) -> Output {
    let mut command = Command::new(example_binary());
    command
        .args(args)
        .env_remove("YTX_ENV")
        .env("YTX_ACCOUNT_SID", SID)
        .env("YTX_AUTH_TOKEN", TOKEN)
        .env("YTX_APP_ID", APP_ID)
        .env("YTX_BASE_URL", server.base_url());
    tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap()
}

#[tokio::test]
async fn prints_the_response_as_json_and_exits_zero() {
    let server = Server::start(Reply::json(
        r#"{"statusCode":"0","statusMsg":"提交成功","data":[{"confid":"002"}]}"#,
    ))
    .await;
    let output = run_example(&server, &["--confid", "002", "--count", "1"]).await;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed["data"][0]["confid"], "002");
    assert_eq!(printed["statusMsg"], "提交成功");
    let body: serde_json::Value = serde_json::from_slice(&server.requests()[0].body).unwrap();
    assert_eq!(body["confid"], "002");
    assert_eq!(body["meetingcount"], "1");
}

#[tokio::test]
async fn prints_the_error_with_its_hint_and_exits_non_zero() {
    let server = Server::start(Reply::json(
        r#"{"statusCode":"-205","statusMsg":"应用验证失败"}"#,
    ))
    .await;
    let output = run_example(&server, &["--count", "1"]).await;
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("-205") && stderr.contains("whitelist"),
        "{stderr}"
    );
    assert!(!stderr.contains(TOKEN));
}

#[tokio::test]
async fn bad_arguments_exit_two_with_usage() {
    let server = Server::start(Reply::Silent).await;
    let output = run_example(&server, &["--count", "many"]).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("usage:"));
    assert!(server.requests().is_empty());
}
