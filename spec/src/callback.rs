//! One callback file (`callbacks/<name>.json`): a push the platform sends to your URL.

use serde::Deserialize;
use serde_json::Value;

use crate::endpoint::ResponseField;

/// A callback (状态回推), as transcribed.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CallbackSpec {
    /// The payload type, e.g. `SmsDelivery`.
    pub name: String,
    /// The Chinese name, e.g. `短信发送状态推送`.
    pub name_zh: String,
    /// Always `"callback"`.
    pub kind: CallbackKind,
    /// The family whose requests cause it.
    pub family: String,
    /// The `ytx_core::callback::Callback` variant it parses to.
    pub variant: String,
    /// Where the entry comes from.
    pub source: String,
    /// How far the public material can be trusted, in words.
    #[serde(default)]
    pub confidence: Option<String>,
    /// Its fields; nested ones as paths (`cdr[].requestid`).
    pub fields: Vec<ResponseField>,
    /// A body, as pushed.
    pub example: Value,
    /// Anything else worth knowing.
    #[serde(default)]
    pub notes: Option<String>,
    /// Where the example's values come from when they are not the documentation's own.
    #[serde(default)]
    pub example_note: Option<String>,
}

/// The `kind` of a callback file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum CallbackKind {
    /// `"callback"`.
    #[serde(rename = "callback")]
    Callback,
}
