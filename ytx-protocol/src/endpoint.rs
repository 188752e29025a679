//! What an endpoint is: the wire constants, the response type and the fields' encoding.
//!
//! `#[ytx_endpoint]` implements [`Endpoint`]; the generic `Client::send` of `ytx-core`
//! does the rest (URL, signing, transport, decoding), so generated code stays thin.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::encode::BodyWriter;
use crate::error::EncodeError;
use crate::wire::WireError;

/// One request field, as declared: for help texts, `ytx endpoints` and spec conformance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldInfo {
    /// The wire name, e.g. `customParm`.
    pub wire: &'static str,
    /// The Rust type as written, e.g. `Option<String>`.
    pub rust_type: &'static str,
    /// Whether the field is required (not an `Option`).
    pub required: bool,
    /// Whether a number goes on the wire as a string.
    pub as_string: bool,
    /// Whether a list goes on the wire as one comma-joined string.
    pub comma_joined: bool,
    /// The field's documentation.
    pub doc: &'static str,
}

impl FieldInfo {
    /// The value type without `Option`: `String`, `u32`, `Vec<String>`.
    pub fn value_type(&self) -> &'static str {
        self.rust_type
            .strip_prefix("Option<")
            .and_then(|inner| inner.strip_suffix('>'))
            .unwrap_or(self.rust_type)
    }

    /// Whether the value is a list (`Vec<…>`).
    pub fn is_list(&self) -> bool {
        self.value_type().starts_with("Vec<")
    }
}

/// Whether an endpoint may be retried after its bytes may have left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetryClass {
    /// A query: sending it twice changes nothing, so it is safe to retry.
    SafeQuery,
    /// Places a call, sends an SMS or spends money: never retried once its bytes may have
    /// reached the platform. The default.
    SideEffect,
}

impl RetryClass {
    /// `"safe"` or `"side-effect"`, as in `spec/` and the macro's `retry` argument.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SafeQuery => "safe",
            Self::SideEffect => "side-effect",
        }
    }
}

/// One platform operation: a request body plus everything needed to send it.
pub trait Endpoint: Send + Sync {
    /// The family path segment: `call`, `sms`, `traffic` or `account`.
    const FUNC: &'static str;
    /// The operation's path segment, e.g. `MeetingQuery.wx`.
    const URL: &'static str;
    /// The body's `action`, e.g. `queryMeeting` (case-sensitive).
    const ACTION: &'static str;
    /// The version path segment: `201512` or `201612`.
    const VERSION: &'static str;
    /// Whether it is safe to retry.
    const RETRY: RetryClass;
    /// The struct's name, e.g. `MeetingQuery`.
    const NAME: &'static str;
    /// The struct's path, e.g. `ytx_call::meeting_query::MeetingQuery`: how errors that
    /// involve two structs name them.
    const PATH: &'static str = Self::NAME;
    /// The endpoint's own fields, in declaration (and wire) order.
    const FIELDS: &'static [FieldInfo];

    /// What a successful answer decodes to.
    type Response: DeserializeOwned + Send + 'static;

    /// Writes the endpoint's own fields (everything but `action` and `appid`).
    fn encode_fields(&self, body: &mut BodyWriter<'_>) -> Result<(), EncodeError>;

    /// Builds the request from a wire object such as a documentation example. `action`, if
    /// present, must be this endpoint's; `appid` is ignored (the client sets it).
    fn from_wire(fields: &Map<String, Value>) -> Result<Self, WireError>
    where
        Self: Sized;
}

/// Encodes a whole body: `action`, `appid`, then the endpoint's fields.
#[inline]
pub fn encode_body<E: Endpoint>(request: &E, app_id: &str) -> Result<Vec<u8>, EncodeError> {
    crate::encode::write_body(E::ACTION, app_id, |body| request.encode_fields(body))
}
