//! What a team says on the command line: the wire constants and fields where there is no
//! page, or where the page is wrong.

use super::error::DraftError;
use super::{Parts, values};
use crate::endpoint::{FieldType, Format, RequestField, Retry, WireType};

/// `ytx endpoint new`'s flags. Each given one wins over the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Flags {
    /// `--name`: the struct's name.
    pub name: Option<String>,
    /// `--func`.
    pub func: Option<String>,
    /// `--url`.
    pub url: Option<String>,
    /// `--action`.
    pub action: Option<String>,
    /// `--version`.
    pub version: Option<String>,
    /// `--retry`: `safe` or `side-effect`.
    pub retry: Option<String>,
    /// `--field`, once per field: `wire:type[:required|:optional][:as-string|:comma-joined][:phone]`,
    /// e.g. `mobile:string[]:required:comma-joined:phone`. A field the page has is replaced.
    pub fields: Vec<String>,
    /// `--schema`: what the spec file's `$schema` names (default [`SCHEMA_URL`](super::SCHEMA_URL)).
    pub schema: Option<String>,
}

impl Flags {
    pub(crate) fn apply(&self, parts: &mut Parts) -> Result<(), DraftError> {
        for (slot, value) in [
            (&mut parts.name, &self.name),
            (&mut parts.func, &self.func),
            (&mut parts.url, &self.url),
            (&mut parts.action, &self.action),
            (&mut parts.version, &self.version),
        ] {
            if let Some(value) = value {
                *slot = Some(value.clone());
            }
        }
        if let Some(retry) = &self.retry {
            parts.retry = Some(match retry.as_str() {
                "safe" => Retry::Safe,
                "side-effect" => Retry::SideEffect,
                other => {
                    return Err(DraftError::new(
                        "--retry",
                        format!("`{other}` is not `safe` or `side-effect`"),
                    ));
                }
            });
        }
        for text in &self.fields {
            let field = field(text)?;
            match parts
                .fields
                .iter_mut()
                .find(|known| known.wire == field.wire)
            {
                Some(known) => *known = field,
                None => parts.fields.push(field),
            }
        }
        Ok(())
    }
}

/// `mobile:string[]:required:comma-joined:phone`.
fn field(text: &str) -> Result<RequestField, DraftError> {
    let bad = |message: String| DraftError::new("--field", format!("`{text}`: {message}"));
    let mut parts = text.split(':');
    let wire = parts.next().unwrap_or_default();
    if !values::is_wire_name(wire) {
        return Err(bad(format!(
            "`{wire}` is not a wire name; write wire:type[:required|:optional][:as-string|:comma-joined][:phone]"
        )));
    }
    let kind = match parts.next() {
        Some("string") => FieldType::String,
        Some("integer" | "int") => FieldType::Integer,
        Some("number") => FieldType::Number,
        Some("boolean" | "bool") => FieldType::Boolean,
        Some("string[]") => FieldType::StringList,
        Some("object") => FieldType::Object,
        Some("object[]") => FieldType::ObjectList,
        Some("json") => FieldType::Json,
        other => {
            return Err(bad(format!(
                "type `{}` is not one of string, integer, number, boolean, string[], object, object[], json",
                other.unwrap_or_default()
            )));
        }
    };
    let mut field = RequestField {
        wire: wire.to_owned(),
        kind,
        wire_type: None,
        required: Some(true),
        description: None,
        format: None,
    };
    for option in parts {
        match option {
            "required" => field.required = Some(true),
            "optional" => field.required = Some(false),
            "as-string" => field.wire_type = Some(WireType::String),
            "comma-joined" => field.wire_type = Some(WireType::CommaJoined),
            "phone" => field.format = Some(Format::Phone),
            other => {
                return Err(bad(format!(
                    "`{other}` is not one of required, optional, as-string, comma-joined, phone"
                )));
            }
        }
    }
    match (field.wire_type, field.kind) {
        (Some(WireType::CommaJoined), FieldType::StringList) | (None, _) => {}
        (Some(WireType::String), FieldType::Integer | FieldType::Number | FieldType::Boolean) => {}
        (Some(WireType::CommaJoined), _) => {
            return Err(bad("comma-joined is for a string[]".into()));
        }
        _ => return Err(bad("as-string is for an integer, number or boolean".into())),
    }
    Ok(field)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_read_with_their_options() {
        let mobile = field("mobile:string[]:required:comma-joined:phone").unwrap();
        assert_eq!(mobile.kind, FieldType::StringList);
        assert_eq!(mobile.wire_type, Some(WireType::CommaJoined));
        assert_eq!(mobile.format, Some(Format::Phone));
        let count = field("credit:integer:optional:as-string").unwrap();
        assert_eq!(
            (count.required, count.wire_type),
            (Some(false), Some(WireType::String))
        );
        assert_eq!(field("dst:string").unwrap().required, Some(true));
    }

    #[test]
    fn a_bad_field_says_what_is_wrong() {
        for (text, says) in [
            ("mobile", "type ``"),
            ("mo bile:string", "not a wire name"),
            ("a:text", "type `text`"),
            ("a:string:maybe", "`maybe`"),
            ("a:string:comma-joined", "comma-joined is for a string[]"),
            ("a:string:as-string", "as-string is for"),
        ] {
            let err = field(text).unwrap_err();
            assert!(err.to_string().contains(says), "{text}: {err}");
            assert!(err.to_string().starts_with("--field: "), "{err}");
        }
    }
}
