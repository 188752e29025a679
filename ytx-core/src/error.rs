//! One error type for every stage of a call.
//!
//! Each variant's documentation says whether the request may have reached the platform;
//! [`Error::may_have_reached_platform`] answers it in code. That is what decides whether a
//! call that costs money can be tried again. No variant ever holds the auth token, the
//! `Sign` or the `Authorization` header.
//!
//! Payloads larger than a pointer or two are boxed, so a `Result<T, Error>` stays small,
//! and the variants' data sits behind accessors ([`TimeoutError::phase`],
//! [`HttpStatusError::status`], …) so it can grow without changing the enum's shape.

use std::error::Error as StdError;
use std::fmt;

use bytes::Bytes;
use ytx_protocol::{AnswerError, ApiCode, ApiError, DecodeError, EncodeError};

mod config;
mod outcome;
mod stages;
#[cfg(test)]
mod tests;

pub use config::ConfigError;
pub use outcome::OutcomeUnknown;
pub use stages::{BodyTooLargeError, HttpStatusError, TimeoutError, TimeoutPhase};

/// Boxed source error from the transport.
pub type BoxError = Box<dyn StdError + Send + Sync>;

/// Everything that can go wrong with a call.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The configuration is incomplete or invalid. Never reached the platform.
    Config(Box<ConfigError>),
    /// The request could not be encoded. Never reached the platform.
    Encode(Box<EncodeError>),
    /// No connection could be made (refused, unreachable, DNS, a TLS certificate refused),
    /// or a forward proxy did not pass the request on (a [`ProxyError`](crate::ProxyError)
    /// is the source). Never reached the platform.
    Connect(BoxError),
    /// The connection failed while the request was being written or its answer awaited.
    /// May have reached the platform: the outcome is unknown.
    Send(BoxError),
    /// A deadline ran out. It may have reached the platform unless
    /// [`TimeoutError::may_have_been_sent`] says otherwise (always for
    /// [`TimeoutPhase::Connect`]).
    Timeout(TimeoutError),
    /// The response body could not be read to its end (truncated, reset). Reached the
    /// platform.
    Body(BoxError),
    /// The response body is larger than the configured cap. Reached the platform.
    BodyTooLarge(BodyTooLargeError),
    /// The platform answered with an HTTP status other than 2xx. Reached the platform.
    HttpStatus(Box<HttpStatusError>),
    /// The body is not the JSON this endpoint answers. Reached the platform.
    Decode(Box<DecodeError>),
    /// The platform answered a non-zero `statusCode`. Reached the platform.
    Api(Box<ApiError>),
    /// A side effect (a call, an SMS, a charge) may or may not have happened: its request
    /// may have reached the platform and no definite answer came back. It is not retried;
    /// reconcile (call records, callbacks, `customParm`) before sending it again.
    OutcomeUnknown(Box<OutcomeUnknown>),
}

impl Error {
    /// Whether the request may have reached the platform. When `false`, nothing was sent
    /// and trying again cannot cause a duplicate call, SMS or charge.
    pub fn may_have_reached_platform(&self) -> bool {
        match self {
            Self::Config(_) | Self::Encode(_) | Self::Connect(_) => false,
            Self::Timeout(timeout) => timeout.may_have_been_sent(),
            _ => true,
        }
    }

    /// Whether a deadline ran out (also when it left a side effect's outcome unknown).
    pub fn is_timeout(&self) -> bool {
        self.timeout().is_some()
    }

    /// The deadline that ran out, for [`Error::Timeout`] (also behind an unknown outcome).
    pub fn timeout(&self) -> Option<&TimeoutError> {
        match self {
            Self::Timeout(timeout) => Some(timeout),
            Self::OutcomeUnknown(unknown) => unknown.cause.timeout(),
            _ => None,
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

    /// The HTTP status of an answer that was not 2xx, for [`Error::HttpStatus`].
    pub fn http_status(&self) -> Option<http::StatusCode> {
        match self {
            Self::HttpStatus(err) => Some(err.status()),
            _ => None,
        }
    }

    /// An actionable hint, where there is one.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            Self::Api(err) => Some(err.hint()),
            Self::Connect(err) if err.downcast_ref::<crate::ProxyError>().is_some() => {
                Some("the proxy did not pass the request on (see the cause); nothing was sent")
            }
            Self::Connect(_) => Some("check the base URL and the network; nothing was sent"),
            Self::Timeout(timeout) if !timeout.may_have_been_sent() => {
                Some("nothing was sent: it is safe to try again")
            }
            Self::Timeout(timeout)
                if matches!(timeout.phase(), TimeoutPhase::Attempt | TimeoutPhase::Call) =>
            {
                Some(RECONCILE)
            }
            Self::Send(_) => Some(RECONCILE),
            Self::HttpStatus(_) | Self::Decode(_) => {
                Some("the answer did not come from the YTX API as expected: check the base URL")
            }
            Self::OutcomeUnknown(_) => Some(
                "the request may have taken effect: look it up with Client::reconcile (or `ytx reconcile`) before sending it again",
            ),
            _ => None,
        }
    }

    /// The response body, where one was received.
    pub fn body(&self) -> Option<&Bytes> {
        match self {
            Self::HttpStatus(err) => Some(err.body()),
            Self::Decode(err) => Some(err.body()),
            Self::Api(err) => Some(err.body()),
            Self::OutcomeUnknown(unknown) => unknown.cause.body(),
            _ => None,
        }
    }
}

const RECONCILE: &str = "the request may have taken effect: reconcile (call records, callbacks) before sending it again";

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Config(err) => err.fmt(f),
            Self::Encode(err) => err.fmt(f),
            Self::Connect(_) => f.write_str("cannot connect to the platform"),
            Self::Send(_) => f.write_str("connection failed before the answer arrived"),
            Self::Timeout(err) => err.fmt(f),
            Self::Body(_) => f.write_str("the response body could not be read to its end"),
            Self::BodyTooLarge(err) => err.fmt(f),
            Self::HttpStatus(err) => err.fmt(f),
            Self::Decode(err) => err.fmt(f),
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
/// (`Connect`, `Send`, `Body`, `OutcomeUnknown`), or forwards to what it wraps, `Display`
/// and `source` alike (the others): an error reporter never shows one message twice.
impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::Config(err) => err.source(),
            Self::Encode(err) => err.source(),
            Self::Timeout(err) => err.source(),
            Self::BodyTooLarge(err) => err.source(),
            Self::HttpStatus(err) => err.source(),
            Self::Decode(err) => err.source(),
            Self::Api(err) => err.source(),
            Self::Connect(err) | Self::Send(err) | Self::Body(err) => Some(err.as_ref()),
            Self::OutcomeUnknown(unknown) => Some(&unknown.cause),
        }
    }
}

impl From<ConfigError> for Error {
    fn from(err: ConfigError) -> Self {
        Self::Config(Box::new(err))
    }
}

impl From<EncodeError> for Error {
    fn from(err: EncodeError) -> Self {
        Self::Encode(Box::new(err))
    }
}

impl From<TimeoutError> for Error {
    fn from(err: TimeoutError) -> Self {
        Self::Timeout(err)
    }
}

impl From<AnswerError> for Error {
    fn from(err: AnswerError) -> Self {
        match err {
            AnswerError::Api(api) => Self::Api(api),
            AnswerError::Decode(decode) => Self::Decode(decode),
        }
    }
}
