//! Writes `extern crate ytx_x as _;` for every `ytx-*` dependency in this package's
//! manifest: `families.rs` for `[dependencies]`, `dev_families.rs` for
//! `[dev-dependencies]`. rustc links only the crates the code names, and a family crate's
//! endpoints register themselves from inside it: naming each one is what makes "add the
//! crate as a dependency" all that a new family needs. (The test crate runs this same file.)

use std::path::Path;

fn main() {
    let dir = std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo");
    let manifest = Path::new(&dir).join("Cargo.toml");
    println!("cargo:rerun-if-changed={}", manifest.display());
    let text = std::fs::read_to_string(&manifest).expect("the package's own manifest");
    let out = std::env::var_os("OUT_DIR").expect("set by cargo");
    for (section, file) in [
        ("[dependencies]", "families.rs"),
        ("[dev-dependencies]", "dev_families.rs"),
    ] {
        let lines: String = crates_in(&text, section)
            .map(|name| format!("extern crate {} as _;\n", name.replace('-', "_")))
            .collect();
        std::fs::write(Path::new(&out).join(file), lines).expect("OUT_DIR is writable");
    }
}

/// The `ytx-*` names in one section: `ytx-call.workspace = true` or `ytx-call = { … }`.
fn crates_in<'a>(manifest: &'a str, section: &'a str) -> impl Iterator<Item = String> + 'a {
    let mut current = "";
    manifest.lines().map(str::trim).filter_map(move |line| {
        if line.starts_with('[') {
            current = line;
            return None;
        }
        let name: String = line
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        (current == section && name.starts_with("ytx-")).then_some(name)
    })
}
