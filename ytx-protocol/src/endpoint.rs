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
    /// Whether the field is a secret (`#[ytx(secret)]`, e.g. `sppwd`): masked in `Debug`.
    pub secret: bool,
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
#[non_exhaustive]
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

/// One platform operation: a request body plus everything needed to send it. Its `Debug`
/// masks its secrets (`#[ytx_endpoint]` writes it so).
pub trait Endpoint: Send + Sync + std::fmt::Debug {
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
    /// Whether the request has a `customParm` field: the caller's own id, which the platform
    /// echoes in call records, order results and pushes, and by which a request of unknown
    /// outcome is found. `#[ytx_endpoint]` sets it for a `String` or `Option<String>` field
    /// whose wire name is `customParm`. A side effect with an optional one that is sent
    /// without it gets a generated [`ReconciliationKey`](crate::ReconciliationKey).
    const HAS_CUSTOM_PARM: bool = false;

    /// What a successful answer decodes to.
    type Response: DeserializeOwned + Send + 'static;

    /// Writes the endpoint's own fields (everything but `action` and `appid`).
    fn encode_fields(&self, body: &mut BodyWriter<'_>) -> Result<(), EncodeError>;

    /// The request's own `customParm`, when it has the field and it is set. (Not
    /// `custom_parm`: that is the generated setter's name.)
    fn own_custom_parm(&self) -> Option<&str> {
        None
    }

    /// Keeps `custom_parm`, the `customParm` the request went out with (the caller's own or
    /// a generated key), on its decoded answer. `#[ytx_endpoint]` implements it for a side
    /// effect with `customParm`, through the response type's [`KeepsCustomParm`]; by
    /// default it does nothing.
    fn keep_custom_parm(_response: &mut Self::Response, _custom_parm: &str) {}

    /// Builds the request from a wire object such as a documentation example. `action`, if
    /// present, must be this endpoint's; `appid` is ignored (the client sets it).
    fn from_wire(fields: &Map<String, Value>) -> Result<Self, WireError>
    where
        Self: Sized;
}

/// A response type that keeps the `customParm` its request went out with, beside what the
/// platform answered, so that a caller can read the generated key on the answer.
/// `ytx_core::Submitted` does; a side effect with `customParm` must answer such a type.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot keep the `customParm` its request went out with",
    label = "the response of a side effect with `customParm`",
    note = "answer `ytx_core::Submitted`, or implement `KeepsCustomParm` for the response (a field for the key, set in one method)"
)]
pub trait KeepsCustomParm {
    /// Keeps `custom_parm` on the answer.
    fn keep_custom_parm(&mut self, custom_parm: &str);
}

/// Encodes a whole body: `action`, `appid`, then the endpoint's fields.
#[inline]
pub fn encode_body<E: Endpoint>(request: &E, app_id: &str) -> Result<Vec<u8>, EncodeError> {
    crate::encode::write_body(E::ACTION, app_id, |body| request.encode_fields(body))
}

/// As [`encode_body`], with `key` as the `customParm` of a request that has the field but
/// was given none (see [`Endpoint::HAS_CUSTOM_PARM`]). A request's own `customParm` wins.
#[inline]
pub fn encode_body_keyed<E: Endpoint>(
    request: &E,
    app_id: &str,
    key: Option<&str>,
) -> Result<Vec<u8>, EncodeError> {
    crate::encode::write_body_keyed(E::ACTION, app_id, key, |body| request.encode_fields(body))
}
