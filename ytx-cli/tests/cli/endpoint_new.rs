//! `ytx endpoint new`: both files from a platform page, or from flags; errors that name the
//! line; `ytx endpoint schema`.

use std::path::{Path, PathBuf};

use crate::support::{stderr, workdir, ytx};

fn pages() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/pages")
}

#[test]
fn the_meeting_query_page_gives_the_kept_draft_and_lists_its_guesses() {
    let out = workdir("endpoint-new-page");
    let output = ytx()
        .current_dir(pages())
        .args(["endpoint", "new", "meeting-query.zh.txt", "--out"])
        .arg(&out)
        .args(["--schema", "../../../spec/schema/endpoint.json"])
        .output()
        .unwrap();
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    // The same files the pages test compiles and holds to the built-in MeetingQuery.
    for file in ["meeting-query.json", "meeting_query.rs"] {
        let written = std::fs::read_to_string(out.join(file)).unwrap();
        let kept = std::fs::read_to_string(pages().join("generated").join(file)).unwrap();
        assert_eq!(written, kept, "{file}");
        assert!(
            err.contains(&format!("wrote {}", out.join(file).display())),
            "{err}"
        );
    }
    assert!(err.contains("guessed"), "{err}");
    assert!(err.contains("retry \"safe\""), "{err}");
    assert!(err.contains("line 74: the 响应示例 is not JSON"), "{err}");
    assert!(err.contains("assert_conforms::<MeetingQuery>"), "{err}");

    // A second run refuses to overwrite, and changes nothing.
    let before = std::fs::read_to_string(out.join("meeting_query.rs")).unwrap();
    let again = ytx()
        .current_dir(pages())
        .args(["endpoint", "new", "meeting-query.zh.txt", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    assert_eq!(
        std::fs::read_to_string(out.join("meeting_query.rs")).unwrap(),
        before
    );
}

#[test]
fn flags_alone_make_both_files() {
    let out = workdir("endpoint-new-flags");
    let output = ytx()
        .args([
            "endpoint",
            "new",
            "--func",
            "call",
            "--url",
            "CallBlock.wx",
            "--action",
            "addBlock",
            "--version",
            "201612",
            "--retry",
            "side-effect",
            "--field",
            "phones:string[]:comma-joined:phone",
            "--field",
            "reasonText:string:optional",
            "--field",
            "seconds:integer:optional:as-string",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let spec =
        ytx_spec::endpoint_file(out.join("call-block.json")).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(spec.key(), "call/CallBlock.wx addBlock");
    assert_eq!(spec.retry, ytx_spec::Retry::SideEffect);
    let wires: Vec<&str> = spec
        .request
        .iter()
        .map(|field| field.wire.as_str())
        .collect();
    assert_eq!(wires, ["phones", "reasonText", "seconds"]);
    assert_eq!(
        spec.request[0].wire_type,
        Some(ytx_spec::WireType::CommaJoined)
    );
    let rust = std::fs::read_to_string(out.join("call_block.rs")).unwrap();
    for expected in [
        "pub struct CallBlock {",
        "    #[ytx(comma_joined)]\n    pub phones: Vec<String>,",
        "    pub reason_text: Option<String>,",
        "    #[ytx(as_string)]\n    pub seconds: Option<u32>,",
        "rename_all = \"camelCase\"",
        "retry = \"side-effect\"",
    ] {
        assert!(rust.contains(expected), "{expected}\n{rust}");
    }
    // The retry class was given, so it is not among the guesses.
    assert!(!stderr(&output).contains("retry \""), "{}", stderr(&output));
}

#[test]
fn what_is_missing_or_unreadable_is_named() {
    let output = ytx()
        .args([
            "endpoint", "new", "--func", "call", "--action", "x", "--stdout",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("no url, version found: give --url, --version"),
        "{err}"
    );

    // Each bad page is refused (exit 2) with the file, and the line where there is one.
    let dir = workdir("endpoint-new-bad");
    let page = std::fs::read_to_string(pages().join("meeting-query.zh.txt")).unwrap();
    for (text, says) in [
        (
            page.replace("confid | string | 否 |", "confid | string"),
            "page.txt:38: a 请求参数 row has four cells",
        ),
        (
            page.replace(r#""confid":"002","#, r#""confid":"002",,"#),
            "page.txt:61: the 报文示例's body is not a JSON object",
        ),
        (
            "just some text\n".to_owned(),
            "page.txt: no heading of a platform page",
        ),
    ] {
        std::fs::write(dir.join("page.txt"), text).unwrap();
        let output = ytx()
            .current_dir(&dir)
            .args(["endpoint", "new", "page.txt", "--stdout"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{says}");
        assert!(
            stderr(&output).contains(says),
            "{says}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn the_schema_is_printed_for_editors() {
    let output = ytx().args(["endpoint", "schema"]).output().unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        ytx_spec::ENDPOINT_SCHEMA
    );
}
