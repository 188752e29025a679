//! The worked examples beside the Rust one, run as CI runs them: the Python test suite
//! (pytest and requests, in the virtual environment `scripts/setup-test-deps` makes) and
//! the curl script, each against `ytx emulator --control`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs `command` from the workspace with `YTX_BIN` set, and fails with its output.
async fn passes(mut command: Command, what: &str) -> String {
    command
        .current_dir(workspace())
        .env("YTX_BIN", env!("CARGO_BIN_EXE_ytx"));
    for name in [
        "YTX_ACCOUNT_SID",
        "YTX_AUTH_TOKEN",
        "YTX_APP_ID",
        "YTX_BASE_URL",
        "YTX_ENV",
    ] {
        command.env_remove(name);
    }
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .unwrap_or_else(|err| panic!("{what} did not start: {err}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{what} failed:\n{text}");
    text
}

#[tokio::test]
async fn the_python_example_passes_against_the_emulator() {
    let python = workspace().join("target/test-deps/venv/bin/python");
    assert!(
        python.exists(),
        "no Python environment at {}: run scripts/setup-test-deps (the README's test command does)",
        python.display()
    );
    let mut pytest = Command::new(python);
    pytest
        .args([
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "examples/python",
        ])
        .env("PYTHONDONTWRITEBYTECODE", "1");
    let output = passes(pytest, "pytest examples/python").await;
    assert!(output.contains("4 passed"), "{output}");
}

#[tokio::test]
async fn the_curl_example_passes_against_the_emulator() {
    let mut script = Command::new("bash");
    script.arg("examples/curl/emulator.sh");
    let output = passes(script, "examples/curl/emulator.sh").await;
    assert!(output.contains("ok: one SMS sent"), "{output}");
}
