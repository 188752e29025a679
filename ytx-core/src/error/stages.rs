//! The payloads of the transport-stage variants of [`Error`](crate::Error), behind accessors
//! so that they can grow without changing the enum's shape.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use ytx_protocol::snippet;

/// Which deadline ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutPhase {
    /// No TCP connection within the connect timeout: nothing was sent.
    Connect,
    /// The request was sent but no response headers came within the header timeout.
    Headers,
    /// The headers came but not the whole body within the body timeout.
    Body,
    /// The whole-request deadline passed after the request may have been written.
    Request,
}

impl TimeoutPhase {
    fn describe(self) -> &'static str {
        match self {
            Self::Connect => "no connection within the connect timeout",
            Self::Headers => "no response headers within the header timeout",
            Self::Body => "the response body did not arrive within the body timeout",
            Self::Request => "no complete answer within the request timeout",
        }
    }
}

/// A deadline ran out: which one, and its configured length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeoutError {
    phase: TimeoutPhase,
    after: Duration,
}

impl TimeoutError {
    /// A deadline of length `after` ran out in `phase`. For transports of your own (see
    /// [`Transport`](crate::Transport)).
    pub fn new(phase: TimeoutPhase, after: Duration) -> Self {
        Self { phase, after }
    }

    /// Which deadline.
    pub fn phase(&self) -> TimeoutPhase {
        self.phase
    }

    /// Its configured length.
    pub fn after(&self) -> Duration {
        self.after
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({:?})", self.phase.describe(), self.after)
    }
}

impl StdError for TimeoutError {}

/// An answer with an HTTP status other than 2xx, and its body.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpStatusError {
    status: http::StatusCode,
    body: Bytes,
}

impl HttpStatusError {
    /// An answer of `status` with `body`. For transports of your own.
    pub fn new(status: http::StatusCode, body: Bytes) -> Self {
        Self { status, body }
    }

    /// The status.
    pub fn status(&self) -> http::StatusCode {
        self.status
    }

    /// The body, as received (bounded by the size cap).
    pub fn body(&self) -> &Bytes {
        &self.body
    }
}

impl fmt::Debug for HttpStatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpStatusError")
            .field("status", &self.status)
            .field("body", &snippet(&self.body))
            .finish()
    }
}

impl fmt::Display for HttpStatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "platform answered HTTP {}: {}",
            self.status,
            snippet(&self.body)
        )
    }
}

impl StdError for HttpStatusError {}

/// A response body over the configured cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyTooLargeError {
    limit: usize,
}

impl BodyTooLargeError {
    /// A body over `limit` bytes. For transports of your own.
    pub fn new(limit: usize) -> Self {
        Self { limit }
    }

    /// The cap, in bytes.
    pub fn limit(&self) -> usize {
        self.limit
    }
}

impl fmt::Display for BodyTooLargeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the response body is larger than the {}-byte limit",
            self.limit
        )
    }
}

impl StdError for BodyTooLargeError {}
