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
mod tests;
