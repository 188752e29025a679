//! The response envelope, and the answer of endpoints that only submit work.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The envelope most answers carry: `statusCode`, `statusMsg`, `requestId`.
///
/// Response types include it with `#[serde(flatten)]`. On a decoded (successful) response
/// `status_code` is `"0"` or absent: non-zero codes become [`Error::Api`](crate::Error::Api).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Envelope {
    /// `statusCode`: `"0"` on success. Read from a string or a number.
    #[serde(
        rename = "statusCode",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub status_code: Option<String>,
    /// `statusMsg`, e.g. `提交成功`.
    #[serde(
        rename = "statusMsg",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub status_msg: Option<String>,
    /// `requestId`: the platform's id for the request, a digit string longer than a `u64`.
    #[serde(
        rename = "requestId",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
}

/// `{"statusCode":"0","statusMsg":"提交成功","requestId":"2020…"}`: the platform accepted the
/// request. The `requestId` is the key for call records and callbacks.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Submitted {
    /// `statusCode`, `statusMsg`, `requestId`.
    #[serde(flatten)]
    pub envelope: Envelope,
    /// Every other field the platform sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Submitted {
    /// The platform's `requestId`, if it sent a non-empty one.
    pub fn request_id(&self) -> Option<&str> {
        self.envelope
            .request_id
            .as_deref()
            .filter(|id| !id.is_empty())
    }
}
