//! `spec/`, the annotated structs and the registry hold each other to account, in both
//! directions: an endpoint added to the spec without a struct, a struct missing from the
//! spec, or any disagreement on the wire fails here. The checks themselves are the public
//! `ytx_spec::check`, the one a team outside this workspace runs on its own endpoints.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use ytx_core::{ApiCode, Operation, OperationError};
use ytx_spec::EndpointSpec;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn spec() -> &'static ytx_spec::Spec {
    ytx_spec::builtin().unwrap_or_else(|err| panic!("{err}"))
}

fn operations() -> &'static [Operation] {
    crate::conformance_operations()
}

/// The spec entry and operation of each endpoint, matched by func, url and action.
fn pairs() -> Vec<(&'static EndpointSpec, Operation)> {
    spec()
        .endpoints()
        .iter()
        .map(|entry| {
            let matching: Vec<&Operation> = operations()
                .iter()
                .filter(|op| {
                    op.family() == entry.func
                        && op.url() == entry.url
                        && op.action() == entry.action
                })
                .collect();
            assert_eq!(
                matching.len(),
                1,
                "spec endpoint {} has {} structs",
                entry.key(),
                matching.len()
            );
            (entry, *matching[0])
        })
        .collect()
}

#[test]
fn every_spec_endpoint_has_exactly_one_struct_and_every_struct_is_in_the_spec() {
    let pairs = pairs();
    for op in operations() {
        assert!(
            spec()
                .endpoint(op.family(), op.url(), op.action())
                .is_some(),
            "{} has no spec entry",
            op.path()
        );
    }
    assert_eq!(pairs.len(), operations().len());
}

#[test]
fn every_struct_conforms_to_its_spec_entry() {
    let failures: Vec<String> = pairs()
        .iter()
        .filter_map(|(entry, op)| ytx_spec::check(op, entry).err())
        .map(|err| err.to_string())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_field_is_documented() {
    for op in operations() {
        for field in op.fields() {
            assert!(
                !field.doc.is_empty(),
                "{}.{}: undocumented",
                op.name(),
                field.wire
            );
        }
    }
}

/// Every `.rs` file below `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(sources(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
    found
}

#[test]
fn every_annotated_struct_in_the_workspace_is_registered() {
    // Every crate of the workspace but the macro's own (whose docs show the attribute).
    let mut annotated = 0;
    for entry in std::fs::read_dir(root()).unwrap() {
        let src = entry.unwrap().path().join("src");
        if !src.is_dir() || src.starts_with(root().join("ytx-macros")) {
            continue;
        }
        for file in sources(&src) {
            annotated += std::fs::read_to_string(file)
                .unwrap()
                .lines()
                .filter(|line| line.trim_start().starts_with("#[ytx_endpoint("))
                .count();
        }
    }
    assert_eq!(
        annotated,
        operations().len(),
        "a family crate is missing from tests/Cargo.toml's dev-dependencies"
    );
}

#[test]
fn unknown_fields_and_other_actions_are_refused_from_wire() {
    for op in operations() {
        let mut fields = Map::new();
        fields.insert("notAField".into(), Value::from("x"));
        assert!(
            matches!(
                op.check(&fields),
                Err(ytx_core::wire::WireError::Unknown { .. })
            ),
            "{}",
            op.name()
        );
        let mut other = Map::new();
        other.insert("action".into(), Value::from("somethingElse"));
        assert!(op.check(&other).is_err(), "{}", op.name());
    }
}

#[tokio::test]
async fn every_example_runs_against_the_emulator() {
    let emulator = crate::emulator::platform().start().await.unwrap();
    let client = crate::emulator::client(&emulator);
    let mut top_up = None;
    let mut pairs = pairs();
    // Side effects first, so the result queries have orders to find (the bill top-up's
    // example order id is the result query's).
    pairs.sort_by_key(|(entry, _)| entry.retry == ytx_spec::Retry::Safe);
    for (entry, op) in pairs {
        let mut example = entry
            .examples
            .request
            .clone()
            .expect("built-in entries have one");
        if op.action() == "getTrafficResult" {
            example.insert(
                "requestId".into(),
                Value::from(top_up.clone().expect("flowOrder ran first")),
            );
        }
        let answer = match op.call(&client, example).await {
            Ok(answer) => answer,
            Err(OperationError::Call(err)) if err.api_code() == Some(&ApiCode::OrderNotFound) => {
                panic!("{}: order not found", op.name())
            }
            Err(err) => panic!("{}: {err}", op.name()),
        };
        if op.action() == "flowOrder" {
            top_up = answer["requestId"].as_str().map(str::to_owned);
        }
    }
    assert!(!emulator.ledger().is_empty());
}

/// The payload of a parsed callback, as JSON, with its variant's name.
fn payload(callback: ytx_core::callback::Callback) -> (&'static str, Value) {
    use ytx_core::callback::Callback;
    let json = |value: Result<Value, serde_json::Error>| value.unwrap();
    match callback {
        Callback::CallState(p) => ("CallState", json(serde_json::to_value(p))),
        Callback::CallRecords(p) => ("CallRecords", json(serde_json::to_value(p))),
        Callback::NoticeRecords(p) => ("NoticeRecords", json(serde_json::to_value(p))),
        Callback::SmsDelivery(p) => ("SmsDelivery", json(serde_json::to_value(p))),
        Callback::TrafficResult(p) => ("TrafficResult", json(serde_json::to_value(p))),
        other => ("Unknown", serde_json::json!(format!("{other:?}"))),
    }
}

#[test]
fn every_spec_callback_parses_to_its_typed_payload_without_loss() {
    let callbacks = spec().callbacks();
    assert_eq!(
        callbacks.len(),
        5,
        "two-way records and states, notice records, SMS, top-up"
    );
    for entry in callbacks {
        let body = serde_json::to_vec(&entry.example).unwrap();
        let (variant, parsed) = payload(ytx_core::callback::Callback::parse(&body).unwrap());
        assert_eq!(variant, entry.variant, "{}", entry.name);
        ytx_spec::keeps(&entry.example, &parsed).unwrap_or_else(|lost| panic!("{variant}: {lost}"));
        // Every field the spec lists that the example fills is a field the payload keeps.
        let (sent, kept) = if entry.example["cdr"].is_array() {
            (&entry.example["cdr"][0], &parsed["cdr"][0])
        } else {
            (&entry.example, &parsed)
        };
        for field in &entry.fields {
            let name = field.wire.trim_start_matches("cdr[].");
            match sent.get(name) {
                None => {}
                Some(value) if value == "" => {
                    assert!(kept.get(name).is_none(), "{variant}: {name}")
                }
                Some(_) => assert!(kept.get(name).is_some(), "{variant}: {name} not kept"),
            }
        }
    }
}
