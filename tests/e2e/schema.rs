//! The spec files' JSON Schema: made from ytx-spec's own types, kept in the repository at
//! `spec/schema/endpoint.json`, and named by `$schema` in every endpoint file. Run with
//! `YTX_BLESS=1` to write the schema again after changing the model.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn generated() -> String {
    let schema = schemars::schema_for!(ytx_spec::EndpointSpec);
    let mut text = serde_json::to_string_pretty(&schema).unwrap();
    text.push('\n');
    text
}

#[test]
fn the_kept_schema_is_the_one_the_model_makes() {
    let path = root().join("spec/schema/endpoint.json");
    let made = generated();
    if std::env::var_os("YTX_BLESS").is_some() {
        std::fs::write(&path, &made).unwrap();
    }
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        kept == made,
        "spec/schema/endpoint.json is stale: run `YTX_BLESS=1 cargo test -p ytx-tests --test e2e schema`"
    );
    // ytx-spec checks files against the copy it embeds, which is this one.
    assert_eq!(ytx_spec::ENDPOINT_SCHEMA, kept);
}

/// Every endpoint file in the repository: the built-in spec and the examples' own.
fn endpoint_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|ext| ext == "json") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(&root().join("spec/endpoints"), &mut found);
    walk(&root().join("examples/destroy-meeting/spec"), &mut found);
    walk(&root().join("tests/pages"), &mut found);
    found.sort();
    found
}

#[test]
fn every_endpoint_file_names_the_schema_and_validates_against_it() {
    let schema: Value = serde_json::from_str(&generated()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let files = endpoint_files();
    assert!(files.len() >= 15, "{files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let file: Value = serde_json::from_str(&text).unwrap();
        let named = file["$schema"]
            .as_str()
            .unwrap_or_else(|| panic!("{} does not name its schema (`$schema`)", path.display()));
        let target = path.parent().unwrap().join(named);
        assert!(
            target.canonicalize().ok()
                == root().join("spec/schema/endpoint.json").canonicalize().ok(),
            "{}: `$schema` is {named}, which is not spec/schema/endpoint.json",
            path.display()
        );
        let errors: Vec<String> = validator
            .iter_errors(&file)
            .map(|err| format!("{}: {err}", err.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

#[test]
fn the_schema_refuses_what_the_loader_refuses() {
    let schema: Value = serde_json::from_str(&generated()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let minimal = serde_json::json!({
        "func": "call", "url": "X.wx", "action": "x", "version": "201612",
        "retry": "safe", "request": [{"wire": "a", "type": "string"}]
    });
    assert!(validator.is_valid(&minimal));
    for bad in [
        serde_json::json!({"func": "call"}),
        serde_json::json!({"func": "call", "url": "X.wx", "action": "x", "version": "201612",
            "retry": "maybe", "request": []}),
        serde_json::json!({"func": "call", "url": "X.wx", "action": "x", "version": "201612",
            "retry": "safe", "request": [], "family": "call"}),
    ] {
        assert!(!validator.is_valid(&bad), "{bad}");
        let text = serde_json::to_string_pretty(&bad).unwrap();
        assert!(ytx_spec::endpoint_text("bad.json", &text).is_err(), "{bad}");
    }
}
