//! Reading one JSON file into a typed value. serde says what is wrong and where (line and
//! column); [`field_at`] turns the place into the field's path, so the error names the field
//! even for a wrong type deep inside the file.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::endpoint::EndpointSpec;
use crate::error::SpecError;
use crate::locate::{self, Segment};
use crate::schema;

/// An endpoint file's `text`: every problem in it at once, each with its field and line.
pub(crate) fn endpoint(file: &str, text: &str) -> Result<EndpointSpec, SpecError> {
    let value: Value = json(file, text)?;
    let mut problems: Vec<SpecError> = schema::check_endpoint(&value)
        .into_iter()
        .map(|violation| {
            let at = if violation.missing {
                &violation.path[..violation.path.len() - 1]
            } else {
                &violation.path[..]
            };
            placed(file, text, &violation.path, at, violation.message)
        })
        .collect();
    problems.extend(meaning(file, text, &value));
    problems.sort_by_key(|problem| problem.position());
    match SpecError::all(problems) {
        Some(problems) => Err(problems),
        None => json(file, text),
    }
}

/// An error at `path`, placed on the line of the value at `at`.
fn placed(file: &str, text: &str, path: &[Segment], at: &[Segment], message: String) -> SpecError {
    let error = SpecError::new(file, message).at_field(locate::display(path));
    match locate::line_of(text, at) {
        Some((line, column)) => error.at_position(line, column),
        None => error,
    }
}

/// What the schema cannot say: a wire form that does not fit its type, a wire name given
/// twice, an example for another action.
fn meaning(file: &str, text: &str, value: &Value) -> Vec<SpecError> {
    let mut problems = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    let fields = value.get("request").and_then(Value::as_array);
    for (index, field) in fields.into_iter().flatten().enumerate() {
        let path = |key: &str| {
            vec![
                Segment::Key("request".into()),
                Segment::Index(index),
                Segment::Key(key.into()),
            ]
        };
        let kind = field
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let fits = match field.get("wire_type").and_then(Value::as_str) {
            Some("comma-joined") => kind == "string[]",
            Some("string") => ["integer", "number", "boolean"].contains(&kind),
            _ => true,
        };
        if !fits {
            let path = path("wire_type");
            problems.push(placed(
                file,
                text,
                &path,
                &path,
                format!(
                    "does not fit type `{kind}`: \"comma-joined\" is for a `string[]`, \
                     \"string\" for an integer, number or boolean"
                ),
            ));
        }
        if let Some(wire) = field.get("wire").and_then(Value::as_str) {
            if seen.contains(&wire) {
                let path = path("wire");
                problems.push(placed(
                    file,
                    text,
                    &path,
                    &path,
                    format!("`{wire}` is given twice: each wire name has one field"),
                ));
            }
            seen.push(wire);
        }
    }
    let action = value.get("action").and_then(Value::as_str);
    let example = value.pointer("/examples/request/action");
    if let (Some(action), Some(example)) = (action, example)
        && example != action
    {
        let path = [
            Segment::Key("examples".into()),
            Segment::Key("request".into()),
            Segment::Key("action".into()),
        ];
        problems.push(placed(
            file,
            text,
            &path,
            &path,
            format!("the example is for action {example}, the file's is `{action}`"),
        ));
    }
    problems
}

/// `text` (the contents of `file`) as a `T`.
pub(crate) fn json<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, SpecError> {
    serde_json::from_str(text).map_err(|err| {
        let message = strip_position(&err.to_string());
        let offset = offset_of(text, err.line(), err.column());
        let mut path = field_at(text, offset);
        // serde names a missing field itself, at the end of the object that lacks it.
        if let Some(missing) = quoted_after(&message, "missing field ") {
            path = join(&path, &missing);
        }
        SpecError::new(file, message)
            .at_field(path)
            .at_position(err.line(), err.column())
    })
}

/// serde_json's message without its trailing " at line L column C".
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

/// The name inside the backquotes that follow `prefix` in `message`.
fn quoted_after(message: &str, prefix: &str) -> Option<String> {
    let rest = message.strip_prefix(prefix)?.strip_prefix('`')?;
    Some(rest[..rest.find('`')?].to_owned())
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The byte offset of serde_json's 1-based line and column (a column counts bytes).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column).min(text.len())
}

enum Frame {
    Object { key: Option<String>, in_value: bool },
    Array { index: usize },
}

/// The path of the value being read at `offset`: `request[2].required`. The text need only be
/// JSON up to `offset`.
pub(crate) fn field_at(text: &str, offset: usize) -> String {
    let bytes = &text.as_bytes()[..offset.min(text.len())];
    let mut stack: Vec<Frame> = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'{' => stack.push(Frame::Object {
                key: None,
                in_value: false,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b':' => {
                if let Some(Frame::Object { in_value, .. }) = stack.last_mut() {
                    *in_value = true;
                }
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array { index }) => *index += 1,
                Some(Frame::Object { key, in_value }) => {
                    *key = None;
                    *in_value = false;
                }
                None => {}
            },
            b'"' => {
                let (string, end) = read_string(bytes, at);
                if let Some(Frame::Object {
                    key,
                    in_value: false,
                }) = stack.last_mut()
                {
                    *key = Some(string);
                }
                at = end;
                continue;
            }
            _ => {}
        }
        at += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

/// The string that opens at `start` (a `"`), unescaped only as far as keys need, and the
/// offset after its closing quote.
fn read_string(bytes: &[u8], start: usize) -> (String, usize) {
    let mut at = start + 1;
    let mut out = Vec::new();
    while at < bytes.len() {
        match bytes[at] {
            b'"' => return (String::from_utf8_lossy(&out).into_owned(), at + 1),
            b'\\' if at + 1 < bytes.len() => {
                out.push(bytes[at + 1]);
                at += 2;
            }
            byte => {
                out.push(byte);
                at += 1;
            }
        }
    }
    (String::from_utf8_lossy(&out).into_owned(), at)
}

#[cfg(test)]
mod tests {
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
}
