//! The payloads of the transport-stage variants of [`Error`](crate::Error), behind accessors
//! so that they can grow without changing the enum's shape.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;

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
    /// One attempt took longer than the attempt timeout
    /// ([`ConfigBuilder::attempt_timeout`](crate::ConfigBuilder::attempt_timeout)).
    Attempt,
    /// The whole call took longer than the call timeout
    /// ([`ConfigBuilder::call_timeout`](crate::ConfigBuilder::call_timeout)): its attempts,
    /// the backoff between them and the waits for the client's limits.
    Call,
}

impl TimeoutPhase {
    /// What ran out, before its length, and what it covers, after.
    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Self::Connect => ("no connection within the connect timeout of", ""),
            Self::Headers => ("no response headers within the header timeout of", ""),
            Self::Body => (
                "the response body did not arrive within the body timeout of",
                "",
            ),
            Self::Attempt => ("no complete answer within the attempt timeout of", ""),
            Self::Call => (
                "no answer within the call timeout of",
                " (every attempt, the backoff and the waits for the client's limits)",
            ),
        }
    }
}

/// A deadline ran out: which one, its configured length, and whether the request may have
/// been sent by then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeoutError {
    phase: TimeoutPhase,
    after: Duration,
    sent: bool,
}

impl TimeoutError {
    /// A deadline of length `after` ran out in `phase`. For transports of your own (see
    /// [`Transport`](crate::Transport)). The request may have been sent unless the phase is
    /// [`TimeoutPhase::Connect`]; say otherwise with [`TimeoutError::before_sending`].
    pub fn new(phase: TimeoutPhase, after: Duration) -> Self {
        Self {
            phase,
            after,
            sent: phase != TimeoutPhase::Connect,
        }
    }

    /// The same deadline, run out before the request was handed to a connection: nothing
    /// was sent, so nothing can have taken effect.
    pub fn before_sending(mut self) -> Self {
        self.sent = false;
        self
    }

    /// Which deadline.
    pub fn phase(&self) -> TimeoutPhase {
        self.phase
    }

    /// Its configured length.
    pub fn after(&self) -> Duration {
        self.after
    }

    /// Whether the request may have been sent when the deadline ran out.
    pub fn may_have_been_sent(&self) -> bool {
        self.sent
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (what, covers) = self.phase.describe();
        write!(f, "{what} {:?}{covers}", self.after)?;
        if !self.sent && self.phase != TimeoutPhase::Connect {
            f.write_str(", before the request was sent")?;
        }
        Ok(())
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

/// The body's length, never the body (it may be a proxy's page, or an answer with phone
/// numbers): [`HttpStatusError::body`] has it.
impl fmt::Debug for HttpStatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpStatusError")
            .field("status", &self.status)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

impl fmt::Display for HttpStatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "platform answered HTTP {} ({}-byte body)",
            self.status,
            self.body.len()
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
