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

/// Every Markdown file at or below `dir`, outside build output.
fn markdown(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy();
        if path.is_dir() {
            if !["target", ".git", "node_modules", ".venv"].contains(&name.as_ref()) {
                markdown(&path, found);
            }
        } else if name.ends_with(".md") {
            found.push(path);
        }
    }
}

/// The Markdown files some crate's `lib.rs` includes as doc tests.
fn doctested(root: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(root).unwrap() {
        let lib = entry.unwrap().path().join("src/lib.rs");
        let Ok(text) = std::fs::read_to_string(&lib) else {
            continue;
        };
        for part in text.split("include_str!(\"").skip(1) {
            let relative = &part[..part.find('"').unwrap()];
            if relative.ends_with(".md") {
                let file = lib.parent().unwrap().join(relative);
                found.push(file.canonicalize().unwrap_or(file));
            }
        }
    }
    found
}

#[test]
fn every_rust_block_in_the_markdown_compiles_as_a_doc_test() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap();
    let mut files = Vec::new();
    markdown(&root, &mut files);
    let tested = doctested(&root);
    let mut untested = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let blocks = text
            .lines()
            .filter(|line| line.starts_with("```rust"))
            .count();
        if blocks == 0 {
            continue;
        }
        // A block marked `ignore` would not be compiled.
        assert!(
            !text.contains("```rust,ignore") && !text.contains("```rust,text"),
            "{}: a Rust block that is not compiled",
            file.display()
        );
        if !tested.contains(&file.canonicalize().unwrap()) {
            untested.push(file.strip_prefix(&root).unwrap().display().to_string());
        }
    }
    assert!(
        untested.is_empty(),
        "Rust blocks in files no crate's lib.rs includes as doc tests: {untested:?}"
    );
}
