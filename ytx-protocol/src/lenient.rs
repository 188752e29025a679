//! Lenient readers for response fields: the platform sends the same field as a string in one
//! answer and a number in another (`"statusCode":"0"` or `0`, `"duration":14` or `"14"`).
//!
//! Use them with `#[serde(default, deserialize_with = "ytx_core::lenient::opt_string")]`
//! (`ytx_core::lenient` is this module, re-exported).

use std::borrow::Cow;
use std::fmt;

use serde::Deserializer;
use serde::de::{self, Visitor};

/// The one reading of "a string or a number" in this SDK: a string as it is (borrowed when
/// the input allows), a number or a boolean as its text, `null` as `None`. The response
/// fields below, the envelope's `statusCode` and the emulator's reading of request bodies
/// all go through it.
pub(crate) struct Text;

impl<'de> Visitor<'de> for Text {
    type Value = Option<Cow<'de, str>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, a number, a boolean or null")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(Cow::Owned(v.to_string())))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(Text)
    }
}

/// The text of a JSON value that is a string, a number or a boolean; `None` for `null`, a
/// list or an object. The same reading as [`opt_string`], for a value already parsed.
pub fn text(value: &serde_json::Value) -> Option<Cow<'_, str>> {
    value.deserialize_any(Text).ok().flatten()
}

/// A string, number or boolean read as text; `null` as `None`.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(d.deserialize_any(Text)?.map(Cow::into_owned))
}

/// Like [`opt_string`], and an empty string is `None` too (empty times such as
/// `"calledstime":""`).
pub fn opt_nonempty_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(opt_string(d)?.filter(|text| !text.is_empty()))
}

/// A non-negative integer sent as a number or a digit string; `null` and `""` are `None`.
pub fn opt_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match opt_nonempty_string(d)? {
        None => Ok(None),
        Some(text) => text
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| de::Error::custom(format!("`{text}` is not a whole number"))),
    }
}

/// An object read as `T`; `null` and `""` (how some answers say "nothing") are `None`.
/// Anything else is an error, so a value of another shape is never dropped silently.
pub fn opt_object<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    use serde::Deserialize as _;
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::Null => Ok(None),
        serde_json::Value::String(text) if text.is_empty() => Ok(None),
        value @ serde_json::Value::Object(_) => {
            T::deserialize(value).map(Some).map_err(de::Error::custom)
        }
        other => Err(de::Error::custom(format!(
            "expected an object, got {other}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Inner {
        x: u8,
    }

    #[derive(Deserialize)]
    struct Outer {
        #[serde(default, deserialize_with = "super::opt_object")]
        data: Option<Inner>,
    }

    #[test]
    fn an_object_or_nothing() {
        let read = |json: &str| serde_json::from_str::<Outer>(json).map(|o| o.data);
        assert_eq!(read(r#"{"data":{"x":1}}"#).unwrap(), Some(Inner { x: 1 }));
        for nothing in [r#"{}"#, r#"{"data":null}"#, r#"{"data":""}"#] {
            assert_eq!(read(nothing).unwrap(), None, "{nothing}");
        }
        assert!(read(r#"{"data":[1]}"#).is_err());
        assert!(read(r#"{"data":"tagged"}"#).is_err());
    }

    #[derive(Deserialize)]
    struct Count {
        #[serde(default, deserialize_with = "super::opt_u64")]
        n: Option<u64>,
    }

    #[test]
    fn whole_numbers_read_from_numbers_and_strings() {
        let read = |json: &str| serde_json::from_str::<Count>(json).map(|c| c.n);
        assert_eq!(read(r#"{"n":14}"#).unwrap(), Some(14));
        assert_eq!(read(r#"{"n":"14"}"#).unwrap(), Some(14));
        assert_eq!(read(r#"{"n":""}"#).unwrap(), None);
        assert!(read(r#"{"n":"x"}"#).is_err());
        assert!(read(r#"{"n":-1}"#).is_err());
    }

    #[derive(Deserialize)]
    struct Row {
        #[serde(default, deserialize_with = "super::opt_string")]
        a: Option<String>,
        #[serde(default, deserialize_with = "super::opt_nonempty_string")]
        b: Option<String>,
    }

    fn row(json: &str) -> (Option<String>, Option<String>) {
        let row: Row = serde_json::from_str(json).unwrap();
        (row.a, row.b)
    }

    #[test]
    fn numbers_and_strings_read_alike() {
        assert_eq!(
            row(r#"{"a":"-2","b":"x"}"#),
            (Some("-2".into()), Some("x".into()))
        );
        assert_eq!(
            row(r#"{"a":-2,"b":1.5}"#),
            (Some("-2".into()), Some("1.5".into()))
        );
    }

    #[test]
    fn null_absent_and_empty_are_none_where_meant() {
        assert_eq!(row(r#"{"a":null,"b":""}"#), (None, None));
        assert_eq!(row(r#"{"a":""}"#), (Some(String::new()), None));
    }

    #[test]
    fn a_parsed_value_reads_the_same() {
        use serde_json::json;
        assert_eq!(
            super::text(&json!("13911281234")).as_deref(),
            Some("13911281234")
        );
        assert_eq!(super::text(&json!(14)).as_deref(), Some("14"));
        assert_eq!(super::text(&json!(1.5)).as_deref(), Some("1.5"));
        assert_eq!(super::text(&json!(true)).as_deref(), Some("true"));
        for nothing in [json!(null), json!([1]), json!({"a": 1})] {
            assert_eq!(super::text(&nothing), None, "{nothing}");
        }
        assert!(matches!(
            super::text(&json!("x")),
            Some(std::borrow::Cow::Borrowed(_))
        ));
    }

    #[test]
    fn objects_are_refused() {
        assert!(serde_json::from_str::<Row>(r#"{"a":{}}"#).is_err());
    }
}
