//! Each family crate's root documentation lists every endpoint of its func, so a reader
//! of the crate docs learns each one there (the table links to the endpoint's page).

use std::path::Path;

/// The crate whose docs teach a func's endpoints.
fn crate_of(func: &str) -> Option<&'static str> {
    Some(match func {
        "call" => "ytx-call",
        "sms" => "ytx-sms",
        "traffic" => "ytx-traffic",
        "account" => "ytx-account",
        "haoma" => "ytx-haoma",
        "Unicom" => "ytx-unicom",
        _ => return None,
    })
}

#[test]
fn every_family_crate_lists_each_of_its_endpoints_with_its_wire_and_retry_class() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let operations = ytx_core::registered().unwrap();
    assert!(!operations.is_empty());
    for operation in operations {
        let krate = crate_of(operation.family())
            .unwrap_or_else(|| panic!("no family crate for func {}", operation.family()));
        let docs = std::fs::read_to_string(root.join(krate).join("src/lib.rs")).unwrap();
        let retry = match operation.retry() {
            ytx_core::RetryClass::SafeQuery => "safe query",
            ytx_core::RetryClass::SideEffect => "side effect",
            other => panic!("a retry class this test does not know: {other:?}"),
        };
        let row = docs
            .lines()
            .find(|line| line.starts_with(&format!("//! | [`{}`] |", operation.name())))
            .unwrap_or_else(|| panic!("{krate}'s docs do not list {}", operation.name()));
        for part in [
            format!(
                "`{}`, `{}` ({})",
                operation.url(),
                operation.action(),
                operation.version()
            ),
            retry.to_owned(),
            format!(
                "`ytx {} {}`",
                operation.family().to_ascii_lowercase(),
                operation.subcommand()
            ),
        ] {
            assert!(row.contains(&part), "{krate}: {row} lacks {part}");
        }
    }
}
