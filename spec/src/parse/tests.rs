//! Tests of `parse`.

use serde::Deserialize;

use super::*;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Outer {
    name: String,
    fields: Vec<Inner>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Inner {
    wire: String,
    required: Option<bool>,
}

fn error(text: &str) -> SpecError {
    json::<Outer>("x.json", text).unwrap_err()
}

#[test]
fn a_wrong_type_names_its_field_path() {
    let err = error(
        r#"{"name": "会议查询", "fields": [{"wire": "a"}, {"wire": "b", "required": "yes"}]}"#,
    );
    assert_eq!(err.field(), Some("fields[1].required"), "{err}");
    assert!(err.message().contains("invalid type"), "{err}");
    assert!(
        err.to_string()
            .starts_with("x.json: `fields[1].required`: "),
        "{err}"
    );
}

#[test]
fn an_unknown_key_is_named() {
    let err =
        error("{\n  \"name\": \"n\",\n  \"fields\": [{\"wire\": \"a\", \"requird\": true}]\n}");
    assert!(err.message().contains("unknown field `requird`"), "{err}");
    assert_eq!(err.field(), Some("fields[0].requird"), "{err}");
    assert_eq!(err.position().map(|(line, _)| line), Some(3));
}

#[test]
fn a_missing_key_is_named_in_its_object() {
    let err = error(r#"{"name": "n", "fields": [{"required": true}]}"#);
    assert_eq!(err.field(), Some("fields[0].wire"), "{err}");
    let err = error(r#"{"fields": []}"#);
    assert_eq!(err.field(), Some("name"), "{err}");
}

#[test]
fn broken_json_says_where() {
    let err = error("{\"name\": \"n\",\n \"fields\": [\n");
    assert!(
        err.field().is_some_and(|f| f.starts_with("fields")),
        "{err}"
    );
    assert!(err.message().contains("EOF"), "{err}");
    assert!(err.position().is_some(), "{err}");
}

#[test]
fn every_problem_of_an_endpoint_file_is_reported_with_its_line() {
    let text = r#"{
  "family": "call",
  "func": "call",
  "url": "X.wx",
  "action": "x",
  "retry": "maybe",
  "request": [
{ "wire": "a", "type": "string" },
{ "wire": "b", "type": "integer", "wire_type": "comma-joined" },
{ "wire": "a", "type": "text", "required": "yes" }
  ]
}"#;
    let err = endpoint("x.json", text).unwrap_err();
    let problems: Vec<(Option<&str>, Option<usize>)> = err
        .problems()
        .map(|problem| (problem.field(), problem.position().map(|(line, _)| line)))
        .collect();
    assert_eq!(
        problems,
        [
            (Some("version"), Some(1)),
            (Some("family"), Some(2)),
            (Some("retry"), Some(6)),
            (Some("request[1].wire_type"), Some(9)),
            (Some("request[2].wire"), Some(10)),
            (Some("request[2].type"), Some(10)),
            (Some("request[2].required"), Some(10)),
        ],
        "{err}"
    );
    let text = err.to_string();
    assert_eq!(text.lines().count(), 7, "{text}");
    assert!(text.contains("unknown key `family`"), "{text}");
    assert!(
        text.contains(r#""maybe" is not one of "safe", "side-effect""#),
        "{text}"
    );
    assert!(
        text.contains(r#""text" is not one of "string", "integer""#),
        "{text}"
    );
    assert!(
        text.contains("expected a boolean or null, found \"yes\""),
        "{text}"
    );
    assert!(text.contains("`a` is given twice"), "{text}");
}

#[test]
fn only_the_wire_is_required() {
    let spec = endpoint(
        "x.json",
        r#"{"func": "call", "url": "X.wx", "action": "x", "version": "201612",
            "retry": "safe", "request": [{"wire": "a", "type": "string"}]}"#,
    )
    .unwrap();
    assert_eq!(spec.name, None);
    assert_eq!(spec.examples.request, None);
    assert!(spec.response.is_empty());
}

#[test]
fn a_wire_form_must_fit_its_type() {
    let file = |field: &str| {
        format!(
            r#"{{"func": "call", "url": "X.wx", "action": "x", "version": "201612",
                "retry": "safe", "request": [{field}]}}"#
        )
    };
    for field in [
        r#"{"wire": "a", "type": "string", "wire_type": "string"}"#,
        r#"{"wire": "a", "type": "integer", "wire_type": "comma-joined"}"#,
    ] {
        let err = endpoint("x.json", &file(field)).unwrap_err();
        assert_eq!(err.field(), Some("request[0].wire_type"), "{err}");
    }
    for field in [
        r#"{"wire": "a", "type": "integer", "wire_type": "string"}"#,
        r#"{"wire": "a", "type": "boolean", "wire_type": "string"}"#,
        r#"{"wire": "a", "type": "string[]", "wire_type": "comma-joined"}"#,
    ] {
        assert!(endpoint("x.json", &file(field)).is_ok(), "{field}");
    }
}

#[test]
fn an_example_for_another_action_is_refused() {
    let err = endpoint(
        "x.json",
        r#"{"func": "call", "url": "X.wx", "action": "x", "version": "201612",
            "retry": "safe", "request": [], "examples": {"request": {"action": "y"}}}"#,
    )
    .unwrap_err();
    assert_eq!(err.field(), Some("examples.request.action"), "{err}");
}

#[test]
fn escaped_quotes_in_strings_do_not_confuse_the_path() {
    let err = error(r#"{"name": "a \"b\", c", "fields": [{"wire": 1}]}"#);
    assert_eq!(err.field(), Some("fields[0].wire"), "{err}");
}
