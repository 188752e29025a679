//! Holds an endpoint struct to its spec entry (feature `conformance`).
//!
//! A team with its own endpoint crate calls [`assert_conforms`] in a test; this workspace's
//! own conformance tests call [`check`] for every registered endpoint. Both check the wire
//! constants, the fields (order, wire names, types, required-ness, wire forms), that the
//! entry's example request encodes field for field, that its example responses decode
//! without losing a value, and that its example errors decode to the same status code.

use std::fmt;

use serde::Serialize;
use serde_json::Value;
use ytx_core::{Endpoint, Error, Operation};

use crate::endpoint::{EndpointSpec, FieldType, RequestField, WireType};

/// One way a struct differs from its spec entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// What differs: `version`, `request[1] (customParm): required`, `examples.responses[0]`.
    pub what: String,
    /// What the spec says, or what went wrong.
    pub detail: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.what, self.detail)
    }
}

/// Everything that keeps a struct from conforming to its entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nonconformance {
    /// The struct's path, e.g. `ytx_call::meeting_query::MeetingQuery`.
    pub endpoint: String,
    /// Each difference.
    pub mismatches: Vec<Mismatch>,
}

impl fmt::Display for Nonconformance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} does not conform to its spec entry:", self.endpoint)?;
        for mismatch in &self.mismatches {
            write!(f, "\n  - {mismatch}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Nonconformance {}

/// Panics, listing every difference, unless `E` conforms to `entry`. For tests.
///
/// ```
/// let spec = ytx_spec::builtin()?;
/// let entry = spec.endpoint("call", "MeetingQuery.wx", "queryMeeting").unwrap();
/// ytx_spec::assert_conforms::<ytx_call::MeetingQuery>(entry);
/// # Ok::<(), ytx_spec::SpecError>(())
/// ```
#[track_caller]
pub fn assert_conforms<E>(entry: &EndpointSpec)
where
    E: Endpoint + 'static,
    E::Response: Serialize,
{
    if let Err(nonconformance) = check(&Operation::of::<E>(), entry) {
        panic!("{nonconformance}");
    }
}

/// Whether `operation` conforms to `entry`; every difference if not.
pub fn check(operation: &Operation, entry: &EndpointSpec) -> Result<(), Nonconformance> {
    let mut mismatches = Vec::new();
    let mut differ = |what: &str, detail: String| {
        mismatches.push(Mismatch {
            what: what.to_owned(),
            detail,
        })
    };
    if let Some(name) = entry
        .name
        .as_deref()
        .filter(|name| *name != operation.name())
    {
        differ(
            "name",
            format!("the spec says `{name}`, the struct `{}`", operation.name()),
        );
    }
    for (what, spec, ours) in [
        ("func", entry.func.as_str(), operation.family()),
        ("url", entry.url.as_str(), operation.url()),
        ("action", entry.action.as_str(), operation.action()),
        ("version", entry.version.as_str(), operation.version()),
        ("retry", entry.retry.as_str(), operation.retry().as_str()),
    ] {
        if spec != ours {
            differ(what, format!("the spec says `{spec}`, the struct `{ours}`"));
        }
    }
    let wires: Vec<&str> = entry.request.iter().map(|f| f.wire.as_str()).collect();
    let ours: Vec<&str> = operation.fields().iter().map(|f| f.wire).collect();
    if wires != ours {
        differ(
            "request",
            format!("the spec's fields are {wires:?}, the struct's {ours:?} (in wire order)"),
        );
    } else {
        for (index, (spec, field)) in entry.request.iter().zip(operation.fields()).enumerate() {
            let what = format!("request[{index}] ({})", spec.wire);
            let required = spec.required == Some(true);
            if field.required != required {
                let says = match spec.required {
                    Some(true) => "required",
                    Some(false) => "optional",
                    None => "of unknown required-ness (so an `Option`)",
                };
                differ(
                    &what,
                    format!(
                        "the spec says {says}, the struct's type is `{}`",
                        field.rust_type
                    ),
                );
            }
            if !accepts(spec, field.value_type()) {
                differ(
                    &what,
                    format!(
                        "`{}` cannot hold the spec's type `{}`",
                        field.value_type(),
                        spec.kind.as_str()
                    ),
                );
            }
            let as_string = spec.wire_type == Some(WireType::String);
            if field.as_string != as_string {
                differ(
                    &what,
                    format!(
                        "the spec says sent as a string: {as_string}; `#[ytx(as_string)]`: {}",
                        field.as_string
                    ),
                );
            }
            let joined = spec.wire_type == Some(WireType::CommaJoined);
            if field.comma_joined != joined {
                differ(
                    &what,
                    format!(
                        "the spec says comma-joined: {joined}; `#[ytx(comma_joined)]`: {}",
                        field.comma_joined
                    ),
                );
            }
        }
    }
    check_examples(operation, entry, &mut differ);
    if mismatches.is_empty() {
        Ok(())
    } else {
        Err(Nonconformance {
            endpoint: operation.path().to_owned(),
            mismatches,
        })
    }
}

fn check_examples(
    operation: &Operation,
    entry: &EndpointSpec,
    differ: &mut impl FnMut(&str, String),
) {
    if let Some(example) = &entry.examples.request {
        check_request_example(operation, example, differ);
    }
    check_answer_examples(operation, entry, differ);
}

/// Whether the example request encodes field for field, `action` and `appid` first.
fn check_request_example(
    operation: &Operation,
    example: &serde_json::Map<String, Value>,
    differ: &mut impl FnMut(&str, String),
) {
    let app_id = example
        .get("appid")
        .and_then(Value::as_str)
        .unwrap_or("appid");
    match operation.encode(example, app_id) {
        Err(err) => differ("examples.request", format!("does not encode: {err}")),
        Ok(body) => {
            let prefix = format!(r#"{{"action":"{}","appid":"#, operation.action());
            let sent: Option<Value> = serde_json::from_slice(&body).ok();
            let mut expected = example.clone();
            expected
                .entry("action")
                .or_insert_with(|| Value::from(operation.action()));
            expected
                .entry("appid")
                .or_insert_with(|| Value::from(app_id));
            if !body.starts_with(prefix.as_bytes()) {
                differ(
                    "examples.request",
                    "the body does not start with `action` and `appid`".into(),
                );
            } else if sent != Some(Value::Object(expected)) {
                differ(
                    "examples.request",
                    format!("encodes as {}", String::from_utf8_lossy(&body)),
                );
            }
        }
    }
}

/// Whether the example answers decode without losing a value, and the example refusals
/// to their status code.
fn check_answer_examples(
    operation: &Operation,
    entry: &EndpointSpec,
    differ: &mut impl FnMut(&str, String),
) {
    for (index, response) in entry.examples.responses.iter().enumerate() {
        let what = format!("examples.responses[{index}]");
        let body = bytes::Bytes::from(response.to_string());
        match operation.decode(body) {
            Ok(decoded) => {
                if let Err(lost) = keeps(response, &decoded) {
                    differ(&what, lost);
                }
            }
            Err(err) => differ(&what, format!("does not decode: {err}")),
        }
    }
    for (index, refusal) in entry.examples.errors.iter().enumerate() {
        let what = format!("examples.errors[{index}]");
        let code = refusal.get("statusCode").map(text).unwrap_or_default();
        match operation.decode(bytes::Bytes::from(refusal.to_string())) {
            Err(Error::Api(api)) if api.code().as_wire() == code => {}
            Err(Error::Api(api)) => differ(
                &what,
                format!("decodes to status {}, not {code}", api.code().as_wire()),
            ),
            other => differ(&what, format!("is not an API error: {other:?}")),
        }
    }
}

/// Whether a Rust value type (as written, `Option` stripped) can hold a spec type.
fn accepts(spec: &RequestField, rust: &str) -> bool {
    let rust = unqualified(rust);
    const INTEGERS: &[&str] = &[
        "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
    ];
    match spec.kind {
        FieldType::StringList => rust == "Vec<String>",
        FieldType::String => rust == "String",
        FieldType::Integer => INTEGERS.contains(&rust.as_str()),
        FieldType::Number => ["f32", "f64", "Yuan"].contains(&rust.as_str()),
        FieldType::Boolean => rust == "bool",
        FieldType::ObjectList => rust.starts_with("Vec<") && rust != "Vec<String>",
        FieldType::Object => !rust.starts_with("Vec<") && rust != "String",
        FieldType::Json => ["Value", "RawJson"].contains(&rust.as_str()),
    }
}

/// `std::string::String` → `String`, `Vec<my::Party>` → `Vec<Party>`.
fn unqualified(rust: &str) -> String {
    let mut out = String::with_capacity(rust.len());
    let mut segment = String::new();
    let mut chars = rust.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            segment.clear();
        } else if c.is_alphanumeric() || c == '_' {
            segment.push(c);
        } else {
            out.push_str(&segment);
            segment.clear();
            out.push(c);
        }
    }
    out.push_str(&segment);
    out
}

/// Whether `decoded` keeps every value of `example`: the same values, a number and its
/// digit string alike, and an empty string read as absent. `Err` names the first loss.
pub fn keeps(example: &Value, decoded: &Value) -> Result<(), String> {
    keeps_at(example, decoded, "")
}

fn keeps_at(example: &Value, decoded: &Value, path: &str) -> Result<(), String> {
    match (example, decoded) {
        (Value::Object(sent), Value::Object(kept)) => {
            for (key, value) in sent {
                let here = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match kept.get(key) {
                    Some(kept) => keeps_at(value, kept, &here)?,
                    None if value == "" || value.is_null() => {}
                    None => return Err(format!("`{here}` ({value}) was dropped")),
                }
            }
            Ok(())
        }
        (Value::Array(sent), Value::Array(kept)) if sent.len() == kept.len() => {
            for (index, (a, b)) in sent.iter().zip(kept).enumerate() {
                keeps_at(a, b, &format!("{path}[{index}]"))?;
            }
            Ok(())
        }
        (a, b) if text(a) == text(b) => Ok(()),
        (a, b) => Err(format!("`{path}` was sent as {a} and decoded as {b}")),
    }
}

fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn paths_are_stripped_from_type_names() {
        assert_eq!(unqualified("std::string::String"), "String");
        assert_eq!(unqualified("Vec<crate::Party>"), "Vec<Party>");
        assert_eq!(unqualified("u32"), "u32");
    }

    #[test]
    fn keeping_treats_digits_and_numbers_alike_and_reports_a_loss() {
        let sent = json!({"a": "1", "b": [{"c": 2}], "empty": ""});
        assert_eq!(keeps(&sent, &json!({"a": 1, "b": [{"c": "2"}]})), Ok(()));
        let lost = keeps(&sent, &json!({"a": 1, "b": [{}]})).unwrap_err();
        assert!(lost.contains("`b[0].c`"), "{lost}");
        assert!(keeps(&json!({"a": 1}), &json!({"a": 2})).is_err());
    }

    #[test]
    fn a_struct_that_differs_is_told_every_difference() {
        let spec = crate::builtin().unwrap();
        let query = spec
            .endpoint("call", "MeetingQuery.wx", "queryMeeting")
            .unwrap();
        let mut wrong = query.clone();
        wrong.version = "201512".into();
        wrong.request[1].required = Some(false);
        wrong.retry = crate::Retry::SideEffect;
        let err = check(&Operation::of::<ytx_call::MeetingQuery>(), &wrong).unwrap_err();
        let text = err.to_string();
        assert_eq!(err.mismatches.len(), 3, "{text}");
        for expected in ["version", "retry", "request[1] (meetingcount)"] {
            assert!(text.contains(expected), "{expected}: {text}");
        }
        assert!(check(&Operation::of::<ytx_call::MeetingQuery>(), query).is_ok());
    }

    #[test]
    fn an_example_that_does_not_encode_is_a_mismatch() {
        let spec = crate::builtin().unwrap();
        let mut query = spec
            .endpoint("call", "MeetingQuery.wx", "queryMeeting")
            .unwrap()
            .clone();
        query
            .examples
            .request
            .as_mut()
            .unwrap()
            .insert("meetingcount".into(), json!("many"));
        let err = check(&Operation::of::<ytx_call::MeetingQuery>(), &query).unwrap_err();
        assert_eq!(err.mismatches[0].what, "examples.request", "{err}");
    }
}
