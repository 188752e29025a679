//! Embeds every data file under this directory (endpoints, callbacks, status codes, signing
//! vectors), so adding a spec file needs no hand-kept list: `cargo` reruns this when any of
//! the folders changes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The folders and files that hold the spec, relative to the crate root.
const ROOTS: &[&str] = &["endpoints", "callbacks", "signing", "status-codes.json"];

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let mut files = Vec::new();
    for name in ROOTS {
        let path = root.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        collect(&path, &mut files);
    }
    files.sort();
    let mut out = String::from("&[\n");
    for path in &files {
        let relative = path
            .strip_prefix(&root)
            .expect("collected under the root")
            .to_string_lossy()
            .replace('\\', "/");
        writeln!(
            out,
            "    ({relative:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .expect("writing to a String");
    }
    out.push(']');
    let target = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo")).join("files.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}

/// Every `.json` and `.txt` file at or below `path`.
fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let entries =
            std::fs::read_dir(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        for entry in entries {
            collect(&entry.expect("a readable directory entry").path(), files);
        }
    } else if path
        .extension()
        .is_some_and(|ext| ext == "json" || ext == "txt")
    {
        files.push(path.to_owned());
    }
}
