//! `spec/status-codes.json` and [`ApiCode`] name the same codes with the same messages.

use ytx_core::ApiCode;
use ytx_spec::StatusCodeSpec;

fn spec() -> &'static [StatusCodeSpec] {
    ytx_spec::builtin()
        .unwrap_or_else(|err| panic!("{err}"))
        .status_codes()
}

#[test]
fn every_spec_error_code_is_a_named_case_with_the_same_message() {
    for row in spec().iter().filter(|row| row.code != "0") {
        let code = ApiCode::from_wire(&row.code);
        assert!(
            !matches!(code, ApiCode::Other(_)),
            "{} has no named case",
            row.code
        );
        assert_eq!(
            code.message_zh(),
            Some(row.message_zh.as_str()),
            "{}: message",
            row.code
        );
        assert_eq!(code.meaning(), row.meaning, "{}: meaning", row.code);
    }
}

#[test]
fn every_named_case_is_in_the_spec() {
    for code in ApiCode::documented() {
        assert!(
            spec().iter().any(|row| row.code == code.as_wire()),
            "{code} is not in spec/status-codes.json"
        );
    }
}
