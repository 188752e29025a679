//! What an endpoint is: the wire constants, the response type and the fields' encoding.
//!
//! `#[ytx_endpoint]` implements [`Endpoint`]; the generic [`Client::send`](crate::Client::send)
//! does the rest (URL, signing, transport, decoding), so generated code stays thin.

use serde::de::DeserializeOwned;

use crate::encode::BodyWriter;
use crate::error::EncodeError;

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

    /// What a successful answer decodes to.
    type Response: DeserializeOwned + Send + 'static;

    /// Writes the endpoint's own fields (everything but `action` and `appid`).
    fn encode_fields(&self, body: &mut BodyWriter<'_>) -> Result<(), EncodeError>;
}
