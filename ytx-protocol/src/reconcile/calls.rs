//! Which call record is the request's: its key, and the record's start time.
//!
//! Records are read as they came (`serde_json::Value`): a page holds up to a thousand, and
//! only the one that matches is built into a typed [`CallRecord`](crate::callback::CallRecord).

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::Value;

use crate::key::ReconciliationKey;

/// What identifies the request's record.
#[derive(Debug, Clone)]
pub(super) enum CallKey {
    /// Its `customParm`; `unique` when it is a generated key, which no other record carries.
    CustomParm { custom: String, unique: bool },
    /// A two-way call without `customParm`: the first and second legs' numbers.
    Parties { caller: String, called: String },
    /// A voice notice: the number called (`tel`).
    Tel(String),
    /// A voice code: the number called (`called`).
    Called(String),
}

impl CallKey {
    pub(super) fn custom_parm(custom: String) -> Self {
        let unique = ReconciliationKey::is_generated(&custom);
        Self::CustomParm { custom, unique }
    }

    /// Whether the first record that matches settles the search.
    pub(super) fn is_unique(&self) -> bool {
        matches!(self, Self::CustomParm { unique: true, .. })
    }

    pub(super) fn matches(&self, record: &Value) -> bool {
        let is = |name: &str, value: &str| text(record, name).as_deref() == Some(value);
        match self {
            Self::CustomParm { custom, .. } => is("customParm", custom),
            Self::Parties { caller, called } => is("caller", caller) && is("called", called),
            Self::Tel(tel) => is("tel", tel),
            Self::Called(called) => is("called", called),
        }
    }
}

/// A field as text: a non-empty string (trimmed), or a number's digits.
fn text(record: &Value, name: &str) -> Option<String> {
    match record.get(name)? {
        Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_owned()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// The record's `requestid`, the platform's id for the request: what a page is read on from.
pub(super) fn request_id(record: &Value) -> Option<String> {
    text(record, "requestid")
}

/// When the record's call started: the first leg's start, the notice's, or the second leg's.
pub(super) fn started(record: &Value) -> Option<NaiveDateTime> {
    ["callerstime", "stime", "calledstime"]
        .into_iter()
        .filter_map(|name| record.get(name)?.as_str())
        .find_map(record_time)
}

/// `yyyy-MM-dd HH:mm:ss`, as call records write times.
fn record_time(text: &str) -> Option<NaiveDateTime> {
    let digits: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .map(|part| part.parse().ok())
        .collect::<Option<_>>()?;
    let [year, month, day, hour, minute, second] = digits[..] else {
        return None;
    };
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?
        .and_hms_opt(hour, minute, second)
}
