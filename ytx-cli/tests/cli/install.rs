//! What an installed tool offers: `--version`, shell completions and a man page, all made
//! from the command tree itself.

use std::process::Command;

use crate::support::*;

#[tokio::test]
async fn version_names_the_platform_api_versions_of_the_spec() {
    let output = run(ytx(), &["--version"]).await;
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    let mut versions: Vec<String> = ytx_spec::builtin()
        .unwrap()
        .endpoints()
        .iter()
        .map(|endpoint| endpoint.version.clone())
        .collect();
    versions.sort();
    versions.dedup();
    let expected = format!(
        "ytx {} (YTX API {})",
        env!("CARGO_PKG_VERSION"),
        versions.join(", ")
    );
    assert_eq!(text.trim(), expected);
}

#[tokio::test]
async fn completions_cover_every_shell_and_every_endpoint_command() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let output = run(ytx(), &["completions", shell]).await;
        assert!(output.status.success(), "{shell}: {}", stderr(&output));
        let script = String::from_utf8_lossy(&output.stdout);
        for word in [
            "meeting-query",
            "template-sms",
            "completions",
            "account-sid",
        ] {
            assert!(script.contains(word), "{shell} script lacks {word}");
        }
    }
    let output = run(ytx(), &["completions", "tcsh"]).await;
    assert_eq!(
        output.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[tokio::test]
async fn the_bash_completion_script_is_valid_bash() {
    let output = run(ytx(), &["completions", "bash"]).await;
    let dir = std::env::temp_dir().join(format!("ytx-completion-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("ytx.bash");
    std::fs::write(&script, &output.stdout).unwrap();
    let checked = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn the_man_page_describes_the_command_tree() {
    let output = run(ytx(), &["man"]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let page = String::from_utf8_lossy(&output.stdout);
    assert!(page.contains(".TH ytx 1"));
    for word in [
        "completions",
        "emulator",
        "request",
        "sign",
        "YTX_ACCOUNT_SID",
    ] {
        assert!(page.contains(word), "the man page lacks {word}");
    }
}
