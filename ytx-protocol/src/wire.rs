//! Building a request from wire JSON (`{"confid":"002","meetingcount":"1"}`), the way a
//! person pastes a documentation example. Lenient like the platform: a number may come as
//! a string and a string as a number.

use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// A wire object that does not make a valid request.
///
/// `Display` and `Debug` mask the value serde quotes in [`WireError::Invalid`]'s reason
/// (it may be a number or template data); the field holds it whole.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WireError {
    /// A required field is absent or `null`.
    Missing {
        /// The wire name.
        field: &'static str,
    },
    /// A field's value has the wrong type.
    Invalid {
        /// The wire name.
        field: &'static str,
        /// What was expected, from serde.
        reason: String,
    },
    /// A field the endpoint does not have.
    Unknown {
        /// The name given.
        field: String,
        /// The endpoint's wire names.
        expected: Vec<&'static str>,
    },
    /// `action` names another endpoint.
    WrongAction {
        /// The action given.
        given: String,
        /// The endpoint's action.
        expected: &'static str,
    },
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing { field } => write!(f, "missing required field `{field}`"),
            // serde names the value it refused: masked, it may be a number or a text.
            Self::Invalid { field, reason } => {
                write!(f, "field `{field}`: {}", crate::redact::mask(reason))
            }
            Self::Unknown { field, expected } => {
                write!(
                    f,
                    "unknown field `{field}`; expected one of: {}",
                    expected.join(", ")
                )
            }
            Self::WrongAction { given, expected } => {
                write!(
                    f,
                    "`action` is `{given}` but this endpoint's action is `{expected}`"
                )
            }
        }
    }
}

impl fmt::Debug for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing { field } => f.debug_struct("Missing").field("field", field).finish(),
            Self::Invalid { field, reason } => f
                .debug_struct("Invalid")
                .field("field", field)
                .field("reason", &crate::redact::mask(reason))
                .finish(),
            Self::Unknown { field, expected } => f
                .debug_struct("Unknown")
                .field("field", field)
                .field("expected", expected)
                .finish(),
            Self::WrongAction { given, expected } => f
                .debug_struct("WrongAction")
                .field("given", given)
                .field("expected", expected)
                .finish(),
        }
    }
}

impl std::error::Error for WireError {}

/// Reads a required field.
pub fn required<T: DeserializeOwned>(
    fields: &Map<String, Value>,
    name: &'static str,
) -> Result<T, WireError> {
    match fields.get(name) {
        None | Some(Value::Null) => Err(WireError::Missing { field: name }),
        Some(value) => convert(name, value),
    }
}

/// Reads an optional field; absent or `null` is `None`.
pub fn optional<T: DeserializeOwned>(
    fields: &Map<String, Value>,
    name: &'static str,
) -> Result<Option<T>, WireError> {
    match fields.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => convert(name, value).map(Some),
    }
}

/// Reads a required comma-joined list: `"a,b"` or `["a","b"]`.
pub fn required_joined(
    fields: &Map<String, Value>,
    name: &'static str,
) -> Result<Vec<String>, WireError> {
    optional_joined(fields, name)?.ok_or(WireError::Missing { field: name })
}

/// Reads an optional comma-joined list: `"a,b"` or `["a","b"]`; absent or `null` is `None`.
pub fn optional_joined(
    fields: &Map<String, Value>,
    name: &'static str,
) -> Result<Option<Vec<String>>, WireError> {
    match fields.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(
            text.split(',').map(|item| item.trim().to_owned()).collect(),
        )),
        Some(value) => convert(name, value).map(Some),
    }
}

/// Refuses names outside `known` (besides `action`, which must be `action`, and `appid`,
/// which the client sets).
pub fn check_names(
    fields: &Map<String, Value>,
    action: &'static str,
    known: &[&'static str],
) -> Result<(), WireError> {
    for (name, value) in fields {
        match name.as_str() {
            "appid" => {}
            "action" if value.as_str() != Some(action) => {
                return Err(WireError::WrongAction {
                    given: value.to_string(),
                    expected: action,
                });
            }
            "action" => {}
            other if !known.contains(&other) => {
                return Err(WireError::Unknown {
                    field: other.to_owned(),
                    expected: known.to_vec(),
                });
            }
            _ => {}
        }
    }
    Ok(())
}

fn convert<T: DeserializeOwned>(name: &'static str, value: &Value) -> Result<T, WireError> {
    let first = match T::deserialize(value) {
        Ok(typed) => return Ok(typed),
        Err(err) => err,
    };
    // The platform's own leniency: "1" for 1, and 1 for "1".
    let alternative = match value {
        Value::String(text) => serde_json::from_str::<Value>(text.trim())
            .ok()
            .filter(Value::is_number),
        Value::Number(_) => {
            crate::lenient::text(value).map(|text| Value::String(text.into_owned()))
        }
        _ => None,
    };
    alternative
        .and_then(|alt| T::deserialize(&alt).ok())
        .ok_or_else(|| WireError::Invalid {
            field: name,
            reason: first.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn map(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn numbers_and_strings_convert_both_ways() {
        let fields = map(json!({"count": "3", "id": 42}));
        assert_eq!(required::<u32>(&fields, "count"), Ok(3));
        assert_eq!(required::<String>(&fields, "id"), Ok("42".into()));
    }

    #[test]
    fn missing_and_invalid_are_named() {
        let fields = map(json!({"count": "three", "note": null}));
        assert_eq!(
            required::<u32>(&fields, "absent"),
            Err(WireError::Missing { field: "absent" })
        );
        assert!(matches!(
            required::<u32>(&fields, "count"),
            Err(WireError::Invalid { field: "count", .. })
        ));
        assert_eq!(optional::<String>(&fields, "note"), Ok(None));
    }

    #[test]
    fn joined_lists_read_from_text_or_array() {
        let fields = map(json!({"a": "1, 2", "b": ["3"], "c": 4}));
        assert_eq!(
            required_joined(&fields, "a"),
            Ok(vec!["1".into(), "2".into()])
        );
        assert_eq!(required_joined(&fields, "b"), Ok(vec!["3".into()]));
        assert!(required_joined(&fields, "c").is_err());
        assert_eq!(optional_joined(&fields, "d"), Ok(None));
    }

    #[test]
    fn unknown_names_and_other_actions_are_refused() {
        let fields =
            map(json!({"action": "queryMeeting", "appid": "x", "confid": "1", "cofid": "2"}));
        let err = check_names(&fields, "queryMeeting", &["confid"]).unwrap_err();
        assert!(err.to_string().contains("`cofid`"), "{err}");
        let other = map(json!({"action": "createMeeting"}));
        assert!(matches!(
            check_names(&other, "queryMeeting", &[]),
            Err(WireError::WrongAction { .. })
        ));
    }
}
