//! Interceptors: code of the application's own that sees every attempt and every call,
//! without replacing the transport (and with it the "was it sent" classification the
//! no-duplicate guarantee rests on).
//!
//! An [`Interceptor`] is told, in order:
//! - [`before_attempt`](Interceptor::before_attempt): an attempt is signed and about to be
//!   sent; it may add headers ([`AddHeaders`]);
//! - [`after_attempt`](Interceptor::after_attempt): the attempt was answered or failed, with
//!   its time and [`Outcome`];
//! - [`after_call`](Interceptor::after_call): the call is over (after its last attempt), with
//!   the number of attempts, the time and the [`Outcome`] its caller sees.
//!
//! It never sees the body, the signed URL (`Sign`), the `Authorization` header or the auth
//! token, and it cannot change any of them. Interceptors run in the order they were added,
//! on the task that makes the call: keep them quick, and hand slow work to a task of their
//! own. An attempt whose caller stopped waiting, and that is finished in the background, is
//! reported to [`ClientBuilder::on_abandoned`](crate::ClientBuilder::on_abandoned) instead.
//!
//! With no interceptor, a call pays one branch per attempt for this.

use std::fmt;
use std::time::Duration;

use http::header::{self, HeaderMap, HeaderName, HeaderValue};

use crate::error::Error;
use ytx_protocol::RetryClass;

#[cfg(feature = "metrics")]
mod metrics;

#[cfg(feature = "metrics")]
pub use metrics::MetricsInterceptor;

/// Sees each attempt and each call of a client: see the [module](self).
///
/// Every method has an empty default; implement the ones you need.
pub trait Interceptor: Send + Sync + 'static {
    /// An attempt is about to be sent: `headers` takes headers of the application's own.
    fn before_attempt(&self, attempt: &Attempt<'_>, headers: &mut AddHeaders<'_>) {
        let _ = (attempt, headers);
    }

    /// An attempt was answered, or failed.
    fn after_attempt(&self, attempt: &Attempt<'_>, outcome: &AttemptOutcome<'_>) {
        let _ = (attempt, outcome);
    }

    /// A call is over: what its caller gets.
    fn after_call(&self, call: &CallOutcome<'_>) {
        let _ = call;
    }
}

/// One attempt of a call.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Attempt<'a> {
    /// The endpoint struct's name (`MeetingQuery`), or `RawRequest`.
    pub endpoint: &'static str,
    /// The body's `action` (`queryMeeting`).
    pub action: &'a str,
    /// Whether the endpoint is a query or a side effect.
    pub retry: RetryClass,
    /// Its number in the call, from 1.
    pub number: u32,
}

/// How an attempt ended.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct AttemptOutcome<'a> {
    /// From handing it to the transport (after the client's limits let it go) to its end.
    pub elapsed: Duration,
    /// What became of it.
    pub outcome: Outcome,
    /// The HTTP status, when an answer came.
    pub status: Option<http::StatusCode>,
    /// The error, when it failed (it prints no body, number or secret).
    pub error: Option<&'a Error>,
}

/// How a call ended.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct CallOutcome<'a> {
    /// The endpoint struct's name, or `RawRequest`.
    pub endpoint: &'static str,
    /// The body's `action`.
    pub action: &'a str,
    /// Whether the endpoint is a query or a side effect.
    pub retry: RetryClass,
    /// Attempts made (0 when the call failed before its first, e.g. encoding it).
    pub attempts: u32,
    /// From the call's start to its end: every attempt, the backoff and the limit waits.
    pub elapsed: Duration,
    /// What its caller gets.
    pub outcome: Outcome,
    /// The error its caller gets, when it failed.
    pub error: Option<&'a Error>,
}

/// What became of an attempt or a call, in classes fit for a metric's label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Outcome {
    /// Answered `statusCode` `"0"`.
    Success,
    /// Answered with another `statusCode` (a refusal, a balance too low, `-104`).
    PlatformError,
    /// Provably never reached the platform (no connection, a proxy that did not forward,
    /// a deadline before sending, a request that could not be encoded).
    NotSent,
    /// May have reached the platform, and no answer came (the connection failed, a
    /// deadline after sending).
    MaybeSent,
    /// The platform answered, but not with a JSON answer this endpoint reads (an HTTP
    /// error status, an undecodable or too-large body).
    BadAnswer,
    /// A side effect's outcome is unknown: the caller gets
    /// [`Error::OutcomeUnknown`]. Calls only.
    OutcomeUnknown,
}

impl Outcome {
    /// The class of a result.
    pub fn of<R>(result: &Result<R, Error>) -> Self {
        match result {
            Ok(_) => Self::Success,
            Err(error) => Self::of_error(error),
        }
    }

    /// The class of an error.
    pub fn of_error(error: &Error) -> Self {
        match error {
            Error::Api(_) => Self::PlatformError,
            Error::OutcomeUnknown(_) => Self::OutcomeUnknown,
            Error::HttpStatus(_) | Error::Decode(_) | Error::BodyTooLarge(_) => Self::BadAnswer,
            error if !error.may_have_reached_platform() => Self::NotSent,
            _ => Self::MaybeSent,
        }
    }

    /// A short name for labels and logs: `success`, `platform_error`, `not_sent`,
    /// `maybe_sent`, `bad_answer`, `outcome_unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::PlatformError => "platform_error",
            Self::NotSent => "not_sent",
            Self::MaybeSent => "maybe_sent",
            Self::BadAnswer => "bad_answer",
            Self::OutcomeUnknown => "outcome_unknown",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Headers an interceptor adds to an attempt. Those the SDK sets (`Authorization`,
/// `Content-Type`, `Host`, …) cannot be added or replaced, and none can be read.
pub struct AddHeaders<'a> {
    headers: &'a mut HeaderMap,
}

/// Headers an interceptor may not set: the signature, how the body is framed and read
/// (`Content-Encoding` would change what the platform reads), the target, the proxy's
/// credentials, the SDK's identification, and hop-by-hop headers.
const PROTECTED: [HeaderName; 15] = [
    header::AUTHORIZATION,
    header::PROXY_AUTHORIZATION,
    header::HOST,
    header::CONTENT_TYPE,
    header::CONTENT_LENGTH,
    header::CONTENT_ENCODING,
    header::TRANSFER_ENCODING,
    header::TRAILER,
    header::EXPECT,
    header::ACCEPT,
    header::USER_AGENT,
    header::CONNECTION,
    header::TE,
    header::UPGRADE,
    HeaderName::from_static("proxy-connection"),
];

impl<'a> AddHeaders<'a> {
    pub(crate) fn new(headers: &'a mut HeaderMap) -> Self {
        Self { headers }
    }

    /// Adds `name: value` (replacing a value an earlier interceptor gave), unless the SDK
    /// sets that header itself.
    pub fn insert(&mut self, name: HeaderName, value: HeaderValue) -> Result<(), ProtectedHeader> {
        if PROTECTED.contains(&name) {
            return Err(ProtectedHeader { name });
        }
        self.headers.insert(name, value);
        Ok(())
    }
}

impl fmt::Debug for AddHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AddHeaders").finish_non_exhaustive()
    }
}

/// An interceptor tried to set a header the SDK sets itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtectedHeader {
    name: HeaderName,
}

impl ProtectedHeader {
    /// The header's name.
    pub fn name(&self) -> &HeaderName {
        &self.name
    }
}

impl fmt::Display for ProtectedHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is set by the SDK; an interceptor cannot set it",
            self.name
        )
    }
}

impl std::error::Error for ProtectedHeader {}

#[cfg(test)]
mod tests;
