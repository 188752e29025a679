//! Each family crate's root documentation lists every endpoint of the crate, from a table
//! `ytx_core::endpoint_table!()` makes of its sources; no list of crates or endpoints is kept
//! here either: the crate is found from the struct's path.

use std::path::Path;

#[test]
fn every_endpoint_is_in_a_generated_table_of_its_crate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let operations = ytx_core::registered().unwrap();
    assert!(!operations.is_empty());
    for operation in operations {
        // `ytx_call::meeting_query::MeetingQuery` → `ytx-call`.
        let krate = operation
            .path()
            .split("::")
            .next()
            .unwrap()
            .replace('_', "-");
        let lib = std::fs::read_to_string(root.join(&krate).join("src/lib.rs"))
            .unwrap_or_else(|err| panic!("{krate}, the crate of {}: {err}", operation.path()));
        assert!(
            lib.contains("#![doc = ytx_core::endpoint_table!()]"),
            "{krate}'s documentation does not list its endpoints with endpoint_table!()"
        );
        // The table links the struct by name: it must be exported at the crate root.
        assert!(
            lib.lines()
                .any(|line| line.starts_with("pub use ") && line.contains(operation.name())),
            "{krate} does not export {} at its root",
            operation.name()
        );
    }
}
