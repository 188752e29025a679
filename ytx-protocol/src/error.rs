//! What the protocol itself can refuse: a request that cannot be encoded, an answer that is
//! not the response. Transport failures belong to the runtime that does the I/O.

use std::error::Error as StdError;
use std::fmt;

use bytes::Bytes;

use crate::redact::mask;
use crate::status::ApiError;
use crate::timestamp::InvalidTimestamp;

/// The request could not be encoded. Nothing was sent.
///
/// Each variant may gain fields: match them with `..`. `Display` and `Debug` mask what a
/// reason quotes.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeError {
    /// A required field is empty (`""` or `[]`); the platform would answer `-2`.
    #[non_exhaustive]
    EmptyRequired {
        /// The field's wire name.
        field: &'static str,
    },
    /// A field's value could not be written as JSON.
    #[non_exhaustive]
    Json {
        /// The field's wire name.
        field: &'static str,
        /// What serde_json said.
        reason: String,
    },
    /// The clock gave an instant that has no `yyyyMMddHHmmss` form.
    Timestamp(InvalidTimestamp),
    /// The endpoint's `func` or `url` cannot go in a URL path (a hand-written `Endpoint`).
    #[non_exhaustive]
    InvalidPath {
        /// The endpoint's func.
        func: String,
        /// The endpoint's url.
        url: String,
    },
}

impl EncodeError {
    /// Required field `field` (its wire name) is empty.
    pub fn empty_required(field: &'static str) -> Self {
        Self::EmptyRequired { field }
    }

    /// Field `field` (its wire name) cannot be written: `reason` says why.
    pub fn json(field: &'static str, reason: impl Into<String>) -> Self {
        Self::Json {
            field,
            reason: reason.into(),
        }
    }

    /// `func/url` cannot go in a URL path.
    pub fn invalid_path(func: impl Into<String>, url: impl Into<String>) -> Self {
        Self::InvalidPath {
            func: func.into(),
            url: url.into(),
        }
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyRequired { field } => write!(f, "required field `{field}` is empty"),
            Self::Json { field, reason } => {
                write!(f, "field `{field}` cannot be encoded: {}", mask(reason))
            }
            Self::Timestamp(err) => err.fmt(f),
            Self::InvalidPath { func, url } => {
                write!(f, "`{func}/{url}` cannot be used as a URL path")
            }
        }
    }
}

impl fmt::Debug for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptyRequired { field } => f
                .debug_struct("EmptyRequired")
                .field("field", field)
                .finish(),
            Self::Json { field, reason } => f
                .debug_struct("Json")
                .field("field", field)
                .field("reason", &mask(reason))
                .finish(),
            Self::Timestamp(err) => f.debug_tuple("Timestamp").field(err).finish(),
            Self::InvalidPath { func, url } => f
                .debug_struct("InvalidPath")
                .field("func", func)
                .field("url", url)
                .finish(),
        }
    }
}

impl StdError for EncodeError {}

/// A 2xx body that is not the JSON the endpoint answers: empty, not an object, not JSON,
/// or of another shape. The platform (or whatever answered in its place) received the
/// request.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError {
    reason: String,
    body: Bytes,
}

impl DecodeError {
    pub(crate) fn new(reason: impl Into<String>, body: Bytes) -> Self {
        Self {
            reason: reason.into(),
            body,
        }
    }

    /// What is wrong with the body.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// The body, as received.
    pub fn body(&self) -> &Bytes {
        &self.body
    }
}

/// Shows the reason with what it quotes masked ([`mask`]), and the body's length, never
/// the body: an answer may hold phone numbers. [`DecodeError::body`] has it.
impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("reason", &mask(&self.reason))
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot decode the answer ({} bytes): {}",
            self.body.len(),
            mask(&self.reason)
        )
    }
}

impl StdError for DecodeError {}

/// Why a 2xx answer is not the endpoint's response. Both cases are boxed, so a
/// `Result<R, AnswerError>` stays two words wide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerError {
    /// The platform answered a non-zero `statusCode`.
    Api(Box<ApiError>),
    /// The body is not the JSON this endpoint answers.
    Decode(Box<DecodeError>),
}

impl AnswerError {
    /// The whole body, as received.
    pub fn body(&self) -> &Bytes {
        match self {
            Self::Api(err) => err.body(),
            Self::Decode(err) => err.body(),
        }
    }
}

/// Forwards to the case it holds, and so returns no source of its own.
impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(err) => err.fmt(f),
            Self::Decode(err) => err.fmt(f),
        }
    }
}

impl StdError for AnswerError {}
