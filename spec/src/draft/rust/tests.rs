//! Tests of `rust`.

use super::*;

#[test]
fn wire_names_become_field_names_and_back() {
    for (wire, snake) in [
        ("customParm", "custom_parm"),
        ("AccountSID", "account_sid"),
        ("meetingcount", "meetingcount"),
        ("MeetingQuery", "meeting_query"),
        ("tag_type", "tag_type"),
    ] {
        assert_eq!(snake_case(wire), snake);
    }
    assert_eq!(ident("type"), "r#type");
    assert_eq!(camel_case("custom_parm"), "customParm");
    assert_eq!(pascal("data"), "Data");
}

#[test]
fn attributes_wrap_past_100_columns() {
    assert_eq!(
        attribute(4, "ytx", &["as_string".into()]),
        "    #[ytx(as_string)]\n"
    );
    let long: Vec<String> = (0..8).map(|i| format!("key{i} = \"value\"")).collect();
    let wrapped = attribute(0, "ytx_endpoint", &long);
    assert!(
        wrapped.starts_with("#[ytx_endpoint(\n    key0 = \"value\",\n"),
        "{wrapped}"
    );
    assert!(wrapped.ends_with("    key7 = \"value\"\n)]\n"), "{wrapped}");
}
