//! [`OutcomeUnknown`]: what a caller needs to reconcile a side effect.

use std::fmt;

use bytes::Bytes;
use ytx_protocol::Timestamp;

use super::Error;

/// What a caller needs to reconcile a side effect whose outcome is unknown.
///
/// `Debug` shows the body's length, not the body: it holds the numbers called, template
/// data, a password. [`OutcomeUnknown::request_body`] has it.
pub struct OutcomeUnknown {
    pub(crate) endpoint: String,
    pub(crate) action: String,
    pub(crate) sent_at: Timestamp,
    pub(crate) custom_parm: Option<String>,
    pub(crate) attempts: u32,
    pub(crate) body: Bytes,
    pub(crate) cause: Error,
}

impl OutcomeUnknown {
    /// The endpoint, e.g. `TemplateSms` (`RawRequest` for [`Client::send_raw`](crate::Client::send_raw)).
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The body's `action`, e.g. `templateSms`.
    pub fn action(&self) -> &str {
        &self.action
    }

    /// The Beijing-time timestamp of the last attempt (for call records by hour).
    pub fn sent_at(&self) -> &Timestamp {
        &self.sent_at
    }

    /// The request's `customParm`, for endpoints that have one: the key to look the call or
    /// order up by.
    pub fn custom_parm(&self) -> Option<&str> {
        self.custom_parm.as_deref()
    }

    /// How many attempts were made (only ones that provably never left come before the last).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The body as sent (JSON, without secrets: those travel in the headers and the query).
    /// [`Client::reconcile`](crate::Client::reconcile) reads the numbers called from it.
    pub fn request_body(&self) -> &[u8] {
        &self.body
    }

    /// What went wrong on the last attempt.
    pub fn cause(&self) -> &Error {
        &self.cause
    }
}

impl fmt::Debug for OutcomeUnknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutcomeUnknown")
            .field("endpoint", &self.endpoint)
            .field("action", &self.action)
            .field("sent_at", &self.sent_at)
            .field("custom_parm", &self.custom_parm)
            .field("attempts", &self.attempts)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .field("cause", &self.cause)
            .finish()
    }
}
