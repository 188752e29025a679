//! `spec/status-codes.json` and [`ApiCode`] name the same codes with the same messages.

use std::path::Path;

use ytx_core::ApiCode;

fn spec() -> Vec<serde_json::Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/status-codes.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_spec_error_code_is_a_named_case_with_the_same_message() {
    for row in spec().iter().filter(|row| row["code"] != "0") {
        let wire = row["code"].as_str().unwrap();
        let code = ApiCode::from_wire(wire);
        assert!(
            !matches!(code, ApiCode::Other(_)),
            "{wire} has no named case"
        );
        assert_eq!(
            code.message_zh(),
            row["message_zh"].as_str(),
            "{wire}: message"
        );
        assert_eq!(
            code.meaning(),
            row["meaning"].as_str().unwrap(),
            "{wire}: meaning"
        );
    }
}

#[test]
fn every_named_case_is_in_the_spec() {
    let spec = spec();
    for code in ApiCode::documented() {
        assert!(
            spec.iter().any(|row| row["code"] == code.as_wire()),
            "{code} is not in spec/status-codes.json"
        );
    }
}
