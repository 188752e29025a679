//! The control page at `/__emulator/`, rendered by a real headless browser: Debian's
//! Chromium, installed by `scripts/setup-test-deps` (part of the README's test command).
//! The page's script fetches the control API and fills its tables; the test reads the DOM
//! Chromium ends with.

use std::process::Command;
use std::time::Duration;

use ytx_call::{Client, Config, DailbackCall};
use ytx_emulator::{Account, App, Emulator};

const SID: &str = "abcdefghijklmnopqrstuvwxyz012345";
const TOKEN: &str = "pagetesttoken0123456789abcdef012";
const APP: &str = "ff8080813fc70a7b013fc72312324213";

/// The browser: `YTX_CHROMIUM`, else `chromium` on the PATH.
fn chromium() -> String {
    let browser = std::env::var("YTX_CHROMIUM").unwrap_or_else(|_| "chromium".into());
    let found = Command::new(&browser).arg("--version").output();
    assert!(
        found.is_ok_and(|out| out.status.success()),
        "no headless browser ({browser}): run scripts/setup-test-deps, which installs Debian's chromium"
    );
    browser
}

/// The page's DOM after its script has run, as Chromium renders it headless.
fn rendered(url: &str) -> String {
    let profile = std::env::temp_dir().join(format!("ytx-page-test-{}", std::process::id()));
    let output = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("chromium runs");
    let _ = std::fs::remove_dir_all(&profile);
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_shows_requests_side_effects_and_pushes() {
    // Pushes go to a port nobody listens on: recorded, not delivered.
    let app = App::new(APP).callback_url("http://127.0.0.1:9/ytx/cb/s3cr3t-path");
    let emulator = Emulator::builder()
        .account(Account::new(SID, TOKEN).app(app))
        .control(true)
        .start()
        .await
        .unwrap();
    let config = Config::builder()
        .account_sid(SID)
        .auth_token(TOKEN)
        .app_id(APP)
        .base_url(emulator.base_url())
        .build()
        .unwrap();
    let call = DailbackCall::new("13911281234", "13522855865").custom_parm("page-test-7");
    Client::new(config).send(call).await.unwrap();
    emulator.wait_for_pushes(5, Duration::from_secs(30)).await;

    let url = format!("{}/__emulator/", emulator.base_url());
    let dom = tokio::task::spawn_blocking(move || rendered(&url))
        .await
        .unwrap();

    let section = |id: &str| {
        let start = dom
            .find(&format!(r#"<table id="{id}">"#))
            .unwrap_or_else(|| panic!("no #{id} in {dom}"));
        let end = dom[start..]
            .find("</table>")
            .map_or(dom.len(), |end| start + end);
        dom[start..end].to_owned()
    };
    let requests = section("requests");
    assert!(
        requests.contains("callDailBack") && requests.contains("accepted"),
        "{requests}"
    );
    assert!(
        requests.contains("Sign=***") || !requests.contains("Sign="),
        "{requests}"
    );
    let ledger = section("ledger");
    assert!(
        ledger.contains("call_placed") && ledger.contains("page-test-7"),
        "{ledger}"
    );
    let pushes = section("pushes");
    assert!(
        pushes.contains("call_state") && pushes.contains("call_records"),
        "{pushes}"
    );
    assert!(
        pushes.contains("undelivered"),
        "the push to a closed port is shown undelivered"
    );
    assert!(
        dom.contains("live: 1 requests, 1 side effects"),
        "the status line: {dom}"
    );

    // What the page must never show: the token, the callback's secret path, a Sign (32
    // upper-case hex digits; the ids on the page are digits or lower-case hex).
    for secret in [TOKEN, "s3cr3t-path"] {
        assert!(!dom.contains(secret), "{secret} is on the page");
    }
    let sign_like = dom.as_bytes().windows(32).any(|run| {
        run.iter()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(b))
            && run.iter().any(|b| (b'A'..=b'F').contains(b))
    });
    assert!(!sign_like, "a Sign is on the page");
}
