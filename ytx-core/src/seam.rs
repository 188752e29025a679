//! The seam between the client and the network: a [`Transport`] sends one signed request
//! and returns its answer. The connection pool is one; `testing::Scripted` (feature
//! `testing`) is another, for applications that test their YTX code without a socket.

use std::future::Future;
use std::pin::Pin;

use bytes::Bytes;
use http::{HeaderValue, Request, StatusCode};

use crate::config::Config;
use crate::error::Error;

/// An answer as a transport received it: the status, the platform's `Date` header and the
/// whole body. The client decodes it. Made with [`Answer::new`] (it may gain fields).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Answer {
    /// The HTTP status.
    pub status: StatusCode,
    /// The `Date` header, if any (the client reads it to tell a skewed clock on a `-202`).
    pub date: Option<HeaderValue>,
    /// The body, whole.
    pub body: Bytes,
}

impl Answer {
    /// An answer with `status` and `body`, and no `Date` header.
    pub fn new(status: StatusCode, body: impl Into<Bytes>) -> Self {
        Self {
            status,
            date: None,
            body: body.into(),
        }
    }

    /// This answer with the platform's `Date` header.
    pub fn with_date(mut self, date: HeaderValue) -> Self {
        self.date = Some(date);
        self
    }
}

/// The future a [`Transport`] returns.
pub type Exchange<'a> = Pin<Box<dyn Future<Output = Result<Answer, Error>> + Send + 'a>>;

/// Sends one signed request and reads its answer.
///
/// The request is complete: method, origin-form path with `?Sign=…`, `Host`, `Accept`,
/// `Content-Type`, `Authorization` and the body. A transport honours the config's deadlines
/// and body cap as far as it can, and says how a request failed with the error's stage
/// ([`Error::Connect`] if nothing left, [`Error::Send`] or [`Error::Timeout`] if it may
/// have), since retries and unknown outcomes are decided from it.
pub trait Transport: Send + Sync + 'static {
    /// Sends `request` and returns its answer.
    fn exchange<'a>(&'a self, request: Request<Bytes>, config: &'a Config) -> Exchange<'a>;
}
