//! `spec/endpoints/`, the annotated structs and the families' operation lists hold each
//! other to account, in both directions: an endpoint added to the spec without a struct, a
//! struct missing from the spec or from its crate's list, or any disagreement on the wire
//! fails here.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use ytx_core::{ApiCode, Operation, OperationError};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn files(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files(&path, extension));
        } else if path.extension().is_some_and(|ext| ext == extension) {
            found.push(path);
        }
    }
    found.sort();
    found
}

fn spec() -> Vec<Value> {
    files(&root().join("spec/endpoints"), "json")
        .iter()
        .map(|path| serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap())
        .collect()
}

fn operations() -> Vec<Operation> {
    let mut all = ytx_call::operations();
    all.extend(ytx_sms::operations());
    all.extend(ytx_traffic::operations());
    all.extend(ytx_account::operations());
    all
}

/// The spec entry and operation of each endpoint, matched by func, url and action.
fn pairs() -> Vec<(Value, Operation)> {
    let operations = operations();
    spec()
        .into_iter()
        .map(|entry| {
            let matching: Vec<&Operation> = operations
                .iter()
                .filter(|op| {
                    op.family() == entry["func"]
                        && op.url() == entry["url"]
                        && op.action() == entry["action"]
                })
                .collect();
            assert_eq!(
                matching.len(),
                1,
                "spec endpoint {} has {} structs",
                entry["name"],
                matching.len()
            );
            (entry, *matching[0])
        })
        .collect()
}

#[test]
fn every_spec_endpoint_has_exactly_one_struct_and_every_struct_is_in_the_spec() {
    let pairs = pairs();
    let operations = operations();
    assert_eq!(
        pairs.len(),
        operations.len(),
        "structs without a spec entry"
    );
    for (entry, op) in &pairs {
        assert_eq!(op.name(), entry["name"], "name");
        assert_eq!(op.version(), entry["version"], "{}: version", op.name());
        assert_eq!(
            op.retry().as_str(),
            entry["retry"],
            "{}: retry class",
            op.name()
        );
    }
}

#[test]
fn every_annotated_struct_is_in_its_crates_operation_list() {
    let mut annotated = 0;
    for family in ["ytx-call", "ytx-sms", "ytx-traffic", "ytx-account"] {
        for file in files(&root().join(family).join("src"), "rs") {
            annotated += std::fs::read_to_string(file)
                .unwrap()
                .matches("#[ytx_endpoint(")
                .count();
        }
    }
    assert_eq!(annotated, operations().len());
}

/// The Rust value type a spec field must have.
fn rust_type_for(field: &Value) -> &'static [&'static str] {
    match (field["type"].as_str().unwrap(), field["format"].as_str()) {
        ("string", Some("phone-list")) => &["Vec<String>"],
        ("string", _) => &["String"],
        ("integer", _) => &["u8", "u16", "u32", "u64"],
        ("string[]", _) => &["Vec<String>"],
        ("object[]", _) => &["Vec<Party>"],
        (other, _) => panic!("spec type {other} has no Rust mapping yet"),
    }
}

#[test]
fn fields_match_the_spec_in_order_name_type_and_required_ness() {
    for (entry, op) in pairs() {
        let spec_fields = entry["request"].as_array().unwrap();
        let wires: Vec<&str> = spec_fields
            .iter()
            .map(|f| f["wire"].as_str().unwrap())
            .collect();
        let ours: Vec<&str> = op.fields().iter().map(|f| f.wire).collect();
        assert_eq!(ours, wires, "{}: fields", op.name());
        for (spec_field, field) in spec_fields.iter().zip(op.fields()) {
            let name = format!("{}.{}", op.name(), field.wire);
            assert_eq!(
                field.required,
                spec_field["required"] == true,
                "{name}: required"
            );
            assert!(
                rust_type_for(spec_field).contains(&field.value_type()),
                "{name}: type {}",
                field.value_type()
            );
            assert_eq!(
                field.as_string,
                spec_field["wire_type"] == "string",
                "{name}: sent as a string"
            );
            assert_eq!(
                field.comma_joined,
                spec_field["format"] == "phone-list",
                "{name}: comma-joined"
            );
            assert!(!field.doc.is_empty(), "{name}: undocumented");
        }
    }
}

#[test]
fn every_example_request_encodes_field_for_field() {
    for (entry, op) in pairs() {
        let example = entry["examples"]["request"].as_object().unwrap();
        let app_id = example["appid"].as_str().unwrap();
        let body = op
            .encode(example, app_id)
            .unwrap_or_else(|err| panic!("{}: {err}", op.name()));
        let text = String::from_utf8(body).unwrap();
        let prefix = format!(r#"{{"action":"{}","appid":"{app_id}""#, op.action());
        assert!(text.starts_with(&prefix), "{}: {text}", op.name());
        let sent: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(&sent, &Value::Object(example.clone()), "{}", op.name());
    }
}

/// Whether `decoded` keeps everything in `example`: the same values, numbers and strings
/// alike, and empty strings read as absent.
fn keeps(example: &Value, decoded: &Value, path: &str) {
    match (example, decoded) {
        (Value::Object(sent), Value::Object(kept)) => {
            for (key, value) in sent {
                match kept.get(key) {
                    Some(kept) => keeps(value, kept, &format!("{path}.{key}")),
                    None => assert_eq!(value, "", "{path}.{key} was dropped"),
                }
            }
        }
        (Value::Array(sent), Value::Array(kept)) => {
            assert_eq!(sent.len(), kept.len(), "{path}: length");
            for (i, (a, b)) in sent.iter().zip(kept).enumerate() {
                keeps(a, b, &format!("{path}[{i}]"));
            }
        }
        (a, b) => assert_eq!(text(a), text(b), "{path}"),
    }
}

fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[test]
fn every_example_response_decodes_without_loss() {
    let mut decoded_any = 0;
    for (entry, op) in pairs() {
        for example in entry["examples"]["responses"].as_array().unwrap() {
            let body = serde_json::to_vec(example).unwrap().into();
            let decoded = op
                .decode(body)
                .unwrap_or_else(|err| panic!("{}: {err}", op.name()));
            keeps(example, &decoded, op.name());
            decoded_any += 1;
        }
    }
    assert!(decoded_any >= 4, "the spec has example responses to check");
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
    // A top-up first, so the result query has an order to find.
    pairs.sort_by_key(|(entry, _)| entry["action"] != "flowOrder");
    for (entry, op) in pairs {
        let mut example = entry["examples"]["request"].as_object().unwrap().clone();
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
    let callbacks = files(&root().join("spec/callbacks"), "json");
    assert_eq!(
        callbacks.len(),
        5,
        "two-way records and states, notice records, SMS, top-up"
    );
    for path in callbacks {
        let entry: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let body = serde_json::to_vec(&entry["example"]).unwrap();
        let (variant, parsed) = payload(ytx_core::callback::Callback::parse(&body).unwrap());
        assert_eq!(variant, entry["variant"], "{}", path.display());
        keeps(&entry["example"], &parsed, variant);
        // Every field the spec lists that the example fills is a field the payload keeps.
        let (sent, kept) = if entry["example"]["cdr"].is_array() {
            (&entry["example"]["cdr"][0], &parsed["cdr"][0])
        } else {
            (&entry["example"], &parsed)
        };
        for field in entry["fields"].as_array().unwrap() {
            let name = field["wire"].as_str().unwrap().trim_start_matches("cdr[].");
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
