//! Running `ytx` as a user would: the binary, an emulator for it, and reading its output.

use std::path::PathBuf;
use std::process::{Command, Output};

use ytx_emulator::{Account, App, Emulator};

pub(crate) const SID: &str = "ff8080813c37da53013c804f8072007c";
pub(crate) const TOKEN: &str = "2a8d79c8f2a24a1e9c5e1b57b3f0d6a4";
pub(crate) const APP: &str = "3f9af51f60a644daa8f7c2dc335c981b";

/// `ytx` with no `YTX_*` or proxy variables from the environment running the tests.
pub(crate) fn ytx() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ytx"));
    for name in [
        "YTX_ACCOUNT_SID",
        "YTX_AUTH_TOKEN",
        "YTX_APP_ID",
        "YTX_ENV",
        "YTX_BASE_URL",
        "YTX_PROXY",
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
        "NO_PROXY",
        "no_proxy",
    ] {
        command.env_remove(name);
    }
    command
}

/// `ytx` configured for `emulator`'s test account.
pub(crate) fn ytx_for(emulator: &Emulator) -> Command {
    let mut command = ytx();
    command
        .env("YTX_ACCOUNT_SID", SID)
        .env("YTX_AUTH_TOKEN", TOKEN)
        .env("YTX_APP_ID", APP)
        .env("YTX_BASE_URL", emulator.base_url());
    command
}

pub(crate) async fn emulator() -> Emulator {
    Emulator::builder()
        .account(Account::new(SID, TOKEN).app(App::new(APP)))
        .start()
        .await
        .unwrap()
}

/// Runs without blocking the runtime that serves the emulator.
pub(crate) async fn run(mut command: Command, args: &[&str]) -> Output {
    command.args(args);
    tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap()
}

pub(crate) fn stdout_json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|err| {
        panic!(
            "stdout is not JSON ({err}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh directory for one test's files.
pub(crate) fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ytx-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Each line of stdout, as JSON.
pub(crate) fn lines(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}
