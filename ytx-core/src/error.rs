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
        func: &'static str,
        /// The endpoint's url.
        url: &'static str,
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
pub enum TimeoutPhase {
    /// No TCP connection within the connect timeout: nothing was sent.
    Connect,
    /// The whole-request deadline passed after the request may have been written.
    Request,
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
    /// The platform answered a non-zero `statusCode`. Reached the platform.
    Api(ApiError),
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

    /// Whether a deadline ran out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout { .. })
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
            _ => None,
        }
    }

    /// The response body, where one was received.
    pub fn body(&self) -> Option<&Bytes> {
        match self {
            Self::HttpStatus { body, .. } | Self::Decode { body, .. } => Some(body),
            Self::Api(err) => Some(err.body()),
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
            Self::Encode(err) => write!(f, "cannot encode the request: {err}"),
            Self::Connect(_) => f.write_str("cannot connect to the platform"),
            Self::Send(_) => f.write_str("connection failed before the answer arrived"),
            Self::Timeout {
                phase: TimeoutPhase::Connect,
                after,
            } => {
                write!(f, "no connection within the connect timeout ({after:?})")
            }
            Self::Timeout {
                phase: TimeoutPhase::Request,
                after,
            } => {
                write!(
                    f,
                    "no complete answer within the request timeout ({after:?})"
                )
            }
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
        }
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::Config(err) => Some(err),
            Self::Encode(err) => Some(err),
            Self::Connect(err) | Self::Send(err) | Self::Body(err) => Some(err.as_ref()),
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
mod tests {
    use super::*;

    #[test]
    fn only_pre_send_failures_are_known_not_to_have_reached() {
        let never = [
            Error::Config(ConfigError::Missing { name: "app_id" }),
            Error::Encode(EncodeError::EmptyRequired { field: "dst" }),
            Error::Connect("refused".into()),
            Error::Timeout {
                phase: TimeoutPhase::Connect,
                after: Duration::from_secs(1),
            },
        ];
        for err in never {
            assert!(!err.may_have_reached_platform(), "{err}");
        }
        let maybe = [
            Error::Send("reset".into()),
            Error::Timeout {
                phase: TimeoutPhase::Request,
                after: Duration::from_secs(1),
            },
            Error::Body("eof".into()),
            Error::BodyTooLarge { limit: 1 },
        ];
        for err in maybe {
            assert!(err.may_have_reached_platform(), "{err}");
        }
    }

    #[test]
    fn display_is_lowercase_and_has_no_trailing_period() {
        let err = Error::Timeout {
            phase: TimeoutPhase::Request,
            after: Duration::from_secs(2),
        };
        let text = err.to_string();
        assert!(
            text.starts_with(char::is_lowercase) && !text.ends_with('.'),
            "{text}"
        );
    }

    #[test]
    fn long_bodies_are_cut_in_display_but_kept_whole() {
        let body = Bytes::from("x".repeat(1000));
        let err = Error::HttpStatus {
            status: http::StatusCode::BAD_GATEWAY,
            body: body.clone(),
        };
        assert!(err.to_string().len() < 300);
        assert_eq!(err.body(), Some(&body));
    }
}
