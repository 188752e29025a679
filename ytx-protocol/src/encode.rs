//! The request body: `{"action":…,"appid":…,` then the endpoint's fields in declaration order.
//!
//! `None` fields are left out. Numbers marked `as_string` go out as JSON strings, the way the
//! documentation's examples send them (`"meetingcount":"1"`).

use std::fmt::Display;
use std::io::Write as _;

use serde::Serialize;

use crate::error::EncodeError;

/// A number that goes on the wire as a JSON string (`#[ytx(as_string)]`).
#[diagnostic::on_unimplemented(
    message = "`#[ytx(as_string)]` is for numbers, and `{Self}` is not one",
    label = "remove `#[ytx(as_string)]` from this field"
)]
pub trait WireNumber: Display {
    /// Appends the number's decimal text (its `Display`).
    #[doc(hidden)]
    fn write_decimal(&self, out: &mut Vec<u8>) {
        // Writing to a Vec cannot fail.
        let _ = write!(out, "{self}");
    }
}

macro_rules! wire_integer {
    ($($t:ty),*) => { $(
        impl WireNumber for $t {
            fn write_decimal(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(itoa::Buffer::new().format(*self).as_bytes());
            }
        }
    )* };
}
wire_integer!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize
);
// Through `Display`: rare on the wire.
impl WireNumber for f32 {}
impl WireNumber for f64 {}

/// Bytes a JSON string can hold as they are: printable ASCII but `"` and `\`.
const PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0x20;
    while b < 0x7f {
        table[b] = b != b'"' as usize && b != b'\\' as usize;
        b += 1;
    }
    table
};

fn plain(text: &str) -> bool {
    text.bytes().all(|b| PLAIN[usize::from(b)])
}

/// Writes fields into a request body. Used by the code `#[ytx_endpoint]` generates.
#[derive(Debug)]
pub struct BodyWriter<'a> {
    out: &'a mut Vec<u8>,
    /// The `customParm` to write when the request has none of its own.
    generated_key: Option<&'a str>,
}

impl BodyWriter<'_> {
    fn key(&mut self, name: &'static str) -> Result<(), EncodeError> {
        // Wire names (the macro accepts letters, digits and `_`) need no escaping.
        if plain(name) {
            self.out.reserve(name.len() + 4);
            self.out.extend_from_slice(b",\"");
            self.out.extend_from_slice(name.as_bytes());
            self.out.extend_from_slice(b"\":");
            return Ok(());
        }
        self.out.push(b',');
        serde_json::to_writer(&mut *self.out, name).map_err(|err| json_error(name, err))?;
        self.out.push(b':');
        Ok(())
    }

    /// A field that must be present and non-empty.
    pub fn required<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), EncodeError> {
        self.key(name)?;
        let start = self.out.len();
        serde_json::to_writer(&mut *self.out, value).map_err(|err| json_error(name, err))?;
        match &self.out[start..] {
            b"\"\"" | b"[]" | b"null" => Err(EncodeError::EmptyRequired { field: name }),
            _ => Ok(()),
        }
    }

    /// A field left out when `None`.
    pub fn optional<T: Serialize>(
        &mut self,
        name: &'static str,
        value: &Option<T>,
    ) -> Result<(), EncodeError> {
        match value {
            Some(value) => {
                self.key(name)?;
                serde_json::to_writer(&mut *self.out, value).map_err(|err| json_error(name, err))
            }
            None => Ok(()),
        }
    }

    /// A `customParm` field: the request's own value, else the key generated for it (see
    /// [`encode_body_keyed`](crate::encode_body_keyed)), else left out.
    pub fn optional_key(
        &mut self,
        name: &'static str,
        value: &Option<String>,
    ) -> Result<(), EncodeError> {
        match (value.as_deref(), self.generated_key) {
            (Some(text), _) | (None, Some(text)) => {
                self.key(name)?;
                string(self.out, name, text)
            }
            (None, None) => Ok(()),
        }
    }

    /// A required number written as a JSON string.
    pub fn required_as_string<T: WireNumber>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), EncodeError> {
        self.key(name)?;
        // Numbers' decimal text never needs JSON escaping.
        self.out.push(b'"');
        value.write_decimal(self.out);
        self.out.push(b'"');
        Ok(())
    }

    /// An optional number written as a JSON string, left out when `None`.
    pub fn optional_as_string<T: WireNumber>(
        &mut self,
        name: &'static str,
        value: &Option<T>,
    ) -> Result<(), EncodeError> {
        match value {
            Some(value) => self.required_as_string(name, value),
            None => Ok(()),
        }
    }
}

impl BodyWriter<'_> {
    /// A required list written as one comma-joined string: `["a","b"]` → `"a,b"`.
    pub fn required_joined(
        &mut self,
        name: &'static str,
        values: &[String],
    ) -> Result<(), EncodeError> {
        if values.is_empty() || values.iter().any(|value| value.trim().is_empty()) {
            return Err(EncodeError::EmptyRequired { field: name });
        }
        self.key(name)?;
        serde_json::to_writer(&mut *self.out, &values.join(","))
            .map_err(|err| json_error(name, err))
    }

    /// An optional list written as one comma-joined string, left out when `None`.
    pub fn optional_joined(
        &mut self,
        name: &'static str,
        values: &Option<Vec<String>>,
    ) -> Result<(), EncodeError> {
        match values {
            Some(values) => self.required_joined(name, values),
            None => Ok(()),
        }
    }
}

/// A JSON string: written as it is when nothing in it needs escaping (ids and actions),
/// through serde_json otherwise.
fn string(out: &mut Vec<u8>, field: &'static str, text: &str) -> Result<(), EncodeError> {
    if plain(text) {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
        return Ok(());
    }
    serde_json::to_writer(&mut *out, text).map_err(|err| json_error(field, err))
}

fn json_error(field: &'static str, err: impl Display) -> EncodeError {
    EncodeError::Json {
        field,
        reason: err.to_string(),
    }
}

/// Writes a whole body: `action`, `appid`, then what `fields` writes.
/// [`encode_body`](crate::encode_body) is this for an [`Endpoint`](crate::Endpoint).
pub fn write_body(
    action: &str,
    app_id: &str,
    fields: impl FnOnce(&mut BodyWriter<'_>) -> Result<(), EncodeError>,
) -> Result<Vec<u8>, EncodeError> {
    write_body_keyed(action, app_id, None, fields)
}

/// As [`write_body`], with `key` for a `customParm` the request does not set
/// ([`BodyWriter::optional_key`]).
pub fn write_body_keyed(
    action: &str,
    app_id: &str,
    key: Option<&str>,
    fields: impl FnOnce(&mut BodyWriter<'_>) -> Result<(), EncodeError>,
) -> Result<Vec<u8>, EncodeError> {
    let mut out = Vec::with_capacity(128);
    out.extend_from_slice(b"{\"action\":");
    string(&mut out, "action", action)?;
    out.extend_from_slice(b",\"appid\":");
    string(&mut out, "appid", app_id)?;
    fields(&mut BodyWriter {
        out: &mut out,
        generated_key: key,
    })?;
    out.push(b'}');
    Ok(out)
}

#[cfg(test)]
mod tests;
