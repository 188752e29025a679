//! JSON kept exactly as the platform sent it.

use std::fmt;
use std::str::FromStr;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A JSON value kept byte for byte as the platform sent it, for fields whose shape the
/// documentation does not give.
///
/// Nothing is lost: numbers longer than a `u64` or an `f64` keep every digit, and keys keep
/// their order. Reading it costs nothing until you ask: [`RawJson::parse`] reads it into your
/// own type, [`RawJson::to_value`] into a [`serde_json::Value`].
///
/// ```
/// use ytx_protocol::RawJson;
///
/// let data: RawJson = r#"[{"confid":"002","id":20200437755840048670965760400}]"#.parse()?;
/// assert_eq!(data.as_str(), r#"[{"confid":"002","id":20200437755840048670965760400}]"#);
///
/// #[derive(serde::Deserialize)]
/// struct Room { confid: String }
/// let rooms: Vec<Room> = data.parse()?;
/// assert_eq!(rooms[0].confid, "002");
/// assert_eq!(data.to_value()?[0]["confid"], "002");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone)]
pub struct RawJson(Box<RawValue>);

impl RawJson {
    /// The JSON text, as sent.
    pub fn as_str(&self) -> &str {
        self.0.get()
    }

    /// Reads the value into `T`.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.0.get())
    }

    /// Reads the value into a [`serde_json::Value`]. Fails only for JSON nested deeper than
    /// serde_json's recursion limit.
    pub fn to_value(&self) -> Result<serde_json::Value, serde_json::Error> {
        self.parse()
    }

    /// The JSON text of `value` (compact), e.g. for an answer built in a test.
    pub fn from_value(value: &serde_json::Value) -> Self {
        // A `Value` always serializes: its map keys are strings.
        Self(serde_json::value::to_raw_value(value).unwrap_or_else(|_| null()))
    }
}

fn null() -> Box<RawValue> {
    RawValue::from_string("null".to_owned()).unwrap_or_else(|_| unreachable!("null is JSON"))
}

impl FromStr for RawJson {
    type Err = serde_json::Error;

    /// Checks that `text` is one JSON value and keeps it as it is.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        RawValue::from_string(text.to_owned()).map(Self)
    }
}

/// Equal when the texts are equal: `{"a":1}` and `{ "a": 1 }` differ.
impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for RawJson {}

/// The JSON text.
impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The JSON text.
impl fmt::Display for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(deserializer).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Serialize)]
    struct Holder {
        data: RawJson,
    }

    #[test]
    fn keeps_digits_and_order_that_a_value_would_lose() {
        let body = r#"{"data":{"z":1,"id":20200437755840048670965760400,"x":1.10}}"#;
        let holder: Holder = serde_json::from_str(body).unwrap();
        assert_eq!(
            holder.data.as_str(),
            r#"{"z":1,"id":20200437755840048670965760400,"x":1.10}"#
        );
        assert_eq!(serde_json::to_string(&holder).unwrap(), body);
    }

    #[test]
    fn reads_from_a_value_and_writes_into_one() {
        let value = serde_json::json!({"data": [{"confid": "002"}]});
        let holder: Holder = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(holder.data.to_value().unwrap(), value["data"]);
        assert_eq!(serde_json::to_value(&holder).unwrap(), value);
        assert_eq!(RawJson::from_value(&value["data"]), holder.data);
    }

    #[test]
    fn text_that_is_not_one_json_value_is_refused() {
        for text in ["", "{", "[1] [2]", "nul"] {
            assert!(text.parse::<RawJson>().is_err(), "{text:?}");
        }
        assert_eq!(format!("{:?}", "[1]".parse::<RawJson>().unwrap()), "[1]");
    }
}
