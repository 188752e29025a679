//! One error type for every stage of a call.
//!
//! Each variant's documentation says whether the request may have reached the platform;
//! [`Error::may_have_reached_platform`] answers it in code. That is what decides whether a
//! call that costs money can be tried again. No variant ever holds the auth token, the
//! `Sign` or the `Authorization` header.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;

use crate::config::ConfigError;
pub use crate::status::{ApiCode, ApiError};

/// Boxed source error from the transport.
pub type BoxError = Box<dyn StdError + Send + Sync>;

/// The request could not be encoded. Nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeError {
    /// A required field is empty (`""` or `[]`); the platform would answer `-2`.
    EmptyRequired {
        /// The field's wire name.
        field: &'static str,
    },
    /// A field's value could not be written as JSON.
    Json {
        /// The field's wire name.
        field: &'static str,
        /// What serde_json said.
        reason: String,
    },
    /// The clock gave an instant that has no `yyyyMMddHHmmss` form.
    Timestamp(crate::sign::InvalidTimestamp),
    /// The endpoint's `func` or `url` cannot go in a URL path (a hand-written `Endpoint`).
    InvalidPath {
        /// The endpoint's func.
        func: String,
        /// The endpoint's url.
        url: String,
    },
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyRequired { field } => write!(f, "required field `{field}` is empty"),
            Self::Json { field, reason } => {
                write!(f, "field `{field}` cannot be encoded: {reason}")
            }
            Self::Timestamp(err) => err.fmt(f),
            Self::InvalidPath { func, url } => {
                write!(f, "`{func}/{url}` cannot be used as a URL path")
            }
        }
    }
}

impl StdError for EncodeError {}

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

/// Everything that can go wrong with a call.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The configuration is incomplete or invalid. Never reached the platform.
    Config(ConfigError),
    /// The request could not be encoded. Never reached the platform.
    Encode(EncodeError),
    /// No connection could be made (refused, unreachable, DNS). Never reached the platform.
    Connect(BoxError),
    /// The connection failed while the request was being written or its answer awaited.
    /// May have reached the platform: the outcome is unknown.
    Send(BoxError),
    /// A deadline ran out. [`TimeoutPhase::Connect`] never reached the platform;
    /// [`TimeoutPhase::Request`] may have.
    Timeout {
        /// Which deadline.
        phase: TimeoutPhase,
        /// Its configured length.
        after: Duration,
    },
    /// The response body could not be read to its end (truncated, reset). Reached the
    /// platform.
    Body(BoxError),
    /// The response body is larger than the configured cap. Reached the platform.
    BodyTooLarge {
        /// The cap, in bytes.
        limit: usize,
    },
    /// The platform answered with an HTTP status other than 2xx. Reached the platform.
    HttpStatus {
        /// The status.
        status: http::StatusCode,
        /// The body, as received (bounded by the size cap).
        body: Bytes,
    },
    /// The body is not the JSON this endpoint answers. Reached the platform.
    Decode {
        /// What is wrong with it.
        reason: String,
        /// The body, as received.
        body: Bytes,
    },
    /// The platform answered a non-zero `statusCode`. Reached the platform. Boxed, so that
    /// a `Result<T, Error>` stays small.
    Api(Box<ApiError>),
    /// A side effect (a call, an SMS, a charge) may or may not have happened: its request
    /// may have reached the platform and no definite answer came back. It is not retried;
    /// reconcile (call records, callbacks, `customParm`) before sending it again.
    OutcomeUnknown(Box<OutcomeUnknown>),
}

/// What a caller needs to reconcile a side effect whose outcome is unknown.
#[derive(Debug)]
pub struct OutcomeUnknown {
    pub(crate) endpoint: String,
    pub(crate) action: String,
    pub(crate) sent_at: crate::sign::Timestamp,
    pub(crate) custom_parm: Option<String>,
    pub(crate) attempts: u32,
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
    pub fn sent_at(&self) -> &crate::sign::Timestamp {
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

    /// What went wrong on the last attempt.
    pub fn cause(&self) -> &Error {
        &self.cause
    }
}

impl Error {
    /// Whether the request may have reached the platform. When `false`, nothing was sent
    /// and trying again cannot cause a duplicate call, SMS or charge.
    pub fn may_have_reached_platform(&self) -> bool {
        !matches!(
            self,
            Self::Config(_)
                | Self::Encode(_)
                | Self::Connect(_)
                | Self::Timeout {
                    phase: TimeoutPhase::Connect,
                    ..
                }
        )
    }

    /// Whether a deadline ran out (also when it left a side effect's outcome unknown).
    pub fn is_timeout(&self) -> bool {
        match self {
            Self::Timeout { .. } => true,
            Self::OutcomeUnknown(unknown) => unknown.cause.is_timeout(),
            _ => false,
        }
    }

    /// Whether a side effect's outcome is unknown: see [`Error::OutcomeUnknown`].
    pub fn is_outcome_unknown(&self) -> bool {
        matches!(self, Self::OutcomeUnknown(_))
    }

    /// The platform's status code, for [`Error::Api`].
    pub fn api_code(&self) -> Option<&ApiCode> {
        match self {
            Self::Api(err) => Some(err.code()),
            _ => None,
        }
    }

    /// An actionable hint, where there is one.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            Self::Api(err) => Some(err.hint()),
            Self::Connect(_) => Some("check the base URL and the network; nothing was sent"),
            Self::Timeout {
                phase: TimeoutPhase::Request,
                ..
            }
            | Self::Send(_) => Some(
                "the request may have taken effect: reconcile (call records, callbacks) before sending it again",
            ),
            Self::HttpStatus { .. } | Self::Decode { .. } => {
                Some("the answer did not come from the YTX API as expected: check the base URL")
            }
            Self::OutcomeUnknown(_) => Some(
                "the request may have taken effect: look it up (call records, callbacks, customParm) before sending it again",
            ),
            _ => None,
        }
    }

    /// The response body, where one was received.
    pub fn body(&self) -> Option<&Bytes> {
        match self {
            Self::HttpStatus { body, .. } | Self::Decode { body, .. } => Some(body),
            Self::Api(err) => Some(err.body()),
            Self::OutcomeUnknown(unknown) => unknown.cause.body(),
            _ => None,
        }
    }
}

/// At most this many bytes of a body go into a `Display`.
const SNIPPET: usize = 200;

fn snippet(body: &Bytes) -> String {
    let end = body.len().min(SNIPPET);
    let mut text = String::from_utf8_lossy(&body[..end]).into_owned();
    if body.len() > SNIPPET {
        text.push('…');
    }
    text
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Config(err) => err.fmt(f),
            Self::Encode(err) => err.fmt(f),
            Self::Connect(_) => f.write_str("cannot connect to the platform"),
            Self::Send(_) => f.write_str("connection failed before the answer arrived"),
            Self::Timeout { phase, after } => write!(f, "{} ({after:?})", phase.describe()),
            Self::Body(_) => f.write_str("the response body could not be read to its end"),
            Self::BodyTooLarge { limit } => {
                write!(f, "the response body is larger than the {limit}-byte limit")
            }
            Self::HttpStatus { status, body } => {
                write!(f, "platform answered HTTP {status}: {}", snippet(body))
            }
            Self::Decode { reason, body } => {
                write!(
                    f,
                    "cannot decode the answer: {reason}; body: {}",
                    snippet(body)
                )
            }
            Self::Api(err) => err.fmt(f),
            Self::OutcomeUnknown(unknown) => {
                // The cause is the error's source: reporters print it after this.
                write!(
                    f,
                    "outcome unknown: {} may have taken effect",
                    unknown.endpoint
                )?;
                if let Some(custom) = &unknown.custom_parm {
                    write!(f, "; customParm {custom}")?;
                }
                write!(f, "; sent at {} Beijing time", unknown.sent_at)
            }
        }
    }
}

/// Each variant either prints a phrase of its own and returns what it wraps as its source
/// (`Connect`, `Send`, `Body`, `OutcomeUnknown`), or prints what it wraps and returns that
/// error's own source (`Config`, `Encode`, `Api`): an error reporter never shows one message
/// twice.
impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::Config(err) => err.source(),
            Self::Encode(err) => err.source(),
            Self::Api(err) => err.source(),
            Self::Connect(err) | Self::Send(err) | Self::Body(err) => Some(err.as_ref()),
            Self::OutcomeUnknown(unknown) => Some(&unknown.cause),
            _ => None,
        }
    }
}

impl From<ConfigError> for Error {
    fn from(err: ConfigError) -> Self {
        Self::Config(err)
    }
}

impl From<EncodeError> for Error {
    fn from(err: EncodeError) -> Self {
        Self::Encode(err)
    }
}

#[cfg(test)]
mod tests;
