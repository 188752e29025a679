//! Money as the platform sends it: `"Blance":7.08`, `"oriamount":0.15` or `"2.94"`.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// An amount in yuan, kept as the decimal the platform sent, so `7.08` stays exactly
/// `7.08` (never `7.0800000000000001`). Read from a JSON number or string, and written back
/// the same way (`"0.10"` stays the string `"0.10"`). Equality compares amounts: `0.1` equals
/// `"0.10"`.
#[derive(Clone)]
pub struct Yuan {
    text: String,
    /// Whether it came as a JSON string.
    quoted: bool,
}

impl PartialEq for Yuan {
    fn eq(&self, other: &Self) -> bool {
        self.canonical() == other.canonical()
    }
}

impl Eq for Yuan {}

impl std::hash::Hash for Yuan {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.canonical().hash(state);
    }
}

impl Yuan {
    /// Parses a plain decimal such as `7.08`, `-1` or `0.015`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let digits = text.strip_prefix('-').unwrap_or(text);
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let plain = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        let valid = !whole.is_empty() && plain(whole) && plain(fraction) && !digits.ends_with('.');
        valid.then(|| Self {
            text: text.to_owned(),
            quoted: false,
        })
    }

    /// The amount without a sign on zero, leading zeros or trailing fraction zeros.
    fn canonical(&self) -> String {
        let negative = self.text.starts_with('-');
        let digits = self.text.trim_start_matches('-');
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let whole = whole.trim_start_matches('0');
        let fraction = fraction.trim_end_matches('0');
        let whole = if whole.is_empty() { "0" } else { whole };
        let zero = whole == "0" && fraction.is_empty();
        let sign = if negative && !zero { "-" } else { "" };
        if fraction.is_empty() {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}.{fraction}")
        }
    }

    /// An amount of whole fen (0.01 yuan).
    pub fn from_fen(fen: i64) -> Self {
        let sign = if fen < 0 { "-" } else { "" };
        let abs = fen.unsigned_abs();
        Self {
            text: format!("{sign}{}.{:02}", abs / 100, abs % 100),
            quoted: false,
        }
    }

    /// The decimal text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The amount in fen, if it is a whole number of fen that fits an `i64`.
    pub fn to_fen(&self) -> Option<i64> {
        let negative = self.text.starts_with('-');
        let digits = self.text.trim_start_matches('-');
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let (cents, rest) = fraction.split_at(fraction.len().min(2));
        if rest.bytes().any(|b| b != b'0') {
            return None;
        }
        let whole: i64 = whole.parse().ok()?;
        let cents: i64 = format!("{cents:0<2}").parse().ok()?;
        let fen = whole.checked_mul(100)?.checked_add(cents)?;
        Some(if negative { -fen } else { fen })
    }
}

impl fmt::Display for Yuan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Yuan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Yuan({})", self.text)
    }
}

impl Serialize for Yuan {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // As it came. A number came through an f64, whose shortest form is the decimal the
        // platform wrote (for up to 15 significant digits).
        match self.text.parse::<f64>() {
            Ok(value) if !self.quoted => serializer.serialize_f64(value),
            _ => serializer.serialize_str(&self.text),
        }
    }
}

impl<'de> Deserialize<'de> for Yuan {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Amount;
        impl Visitor<'_> for Amount {
            type Value = Yuan;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount in yuan, as a number or a decimal string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Yuan, E> {
                let amount =
                    Yuan::parse(v).ok_or_else(|| E::custom(format!("`{v}` is not an amount")))?;
                Ok(Yuan {
                    quoted: true,
                    ..amount
                })
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Yuan, E> {
                Ok(Yuan {
                    text: v.to_string(),
                    quoted: false,
                })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Yuan, E> {
                Ok(Yuan {
                    text: v.to_string(),
                    quoted: false,
                })
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Yuan, E> {
                // `{}` prints the shortest text that reads back as the same f64: the decimal
                // the platform wrote.
                Yuan::parse(&v.to_string()).ok_or_else(|| E::custom("not a finite amount"))
            }
        }
        deserializer.deserialize_any(Amount)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_decimal_text() {
        let amount: Yuan = serde_json::from_str("7.08").unwrap();
        assert_eq!(amount.as_str(), "7.08");
        assert_eq!(amount.to_fen(), Some(708));
        assert_eq!(serde_json::to_string(&amount).unwrap(), "7.08");
    }

    #[test]
    fn strings_and_integers_are_amounts_too() {
        let amount: Yuan = serde_json::from_str("\"2.94\"").unwrap();
        assert_eq!(amount.to_fen(), Some(294));
        assert_eq!(
            serde_json::from_str::<Yuan>("3").unwrap().to_fen(),
            Some(300)
        );
        assert!(serde_json::from_str::<Yuan>("\"abc\"").is_err());
        assert!(serde_json::from_str::<Yuan>("\"1.\"").is_err());
    }

    #[test]
    fn amounts_are_written_back_as_they_came_and_compare_by_value() {
        let quoted: Yuan = serde_json::from_str("\"0.10\"").unwrap();
        assert_eq!(serde_json::to_string(&quoted).unwrap(), "\"0.10\"");
        let number: Yuan = serde_json::from_str("0.1").unwrap();
        assert_eq!(serde_json::to_string(&number).unwrap(), "0.1");
        assert_eq!(quoted, number);
        assert_eq!(Yuan::parse("-0.00"), Yuan::parse("0"));
        assert_ne!(Yuan::parse("1.5"), Yuan::parse("1.05"));
    }

    #[test]
    fn sub_fen_amounts_have_no_fen_value() {
        assert_eq!(Yuan::parse("0.015").unwrap().to_fen(), None);
        assert_eq!(Yuan::parse("0.150").unwrap().to_fen(), Some(15));
        assert_eq!(Yuan::from_fen(-705).as_str(), "-7.05");
    }
}
