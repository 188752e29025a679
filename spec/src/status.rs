//! `status-codes.json`: every documented `statusCode`.

use serde::Deserialize;

/// One status code.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct StatusCodeSpec {
    /// The code as sent, e.g. `"-205"`.
    pub code: String,
    /// The platform's message, e.g. `应用验证失败`.
    pub message_zh: String,
    /// What it means, in English.
    pub meaning: String,
    /// Where it comes from.
    pub source: String,
}
