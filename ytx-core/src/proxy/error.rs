//! [`ProxyError`]: a proxy that did not pass a request on.

use std::fmt;

use http::StatusCode;

/// A forward proxy did not pass the request on: nothing reached the platform. It is the
/// source of an [`Error::Connect`](crate::Error::Connect), so a side effect may be sent
/// again.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProxyError {
    /// The proxy answered `CONNECT` with a status other than 2xx: no tunnel was opened.
    TunnelRefused {
        /// The proxy's status (403 when it allows no tunnel to that port, 407 when it
        /// wants credentials, 5xx when it could not reach the platform).
        status: StatusCode,
    },
    /// The proxy's answer to `CONNECT` was not an HTTP answer, or it closed first.
    TunnelAnswer {
        /// What was wrong with it.
        reason: &'static str,
    },
    /// The proxy answered the request itself and said it did not forward it.
    NotForwarded {
        /// The proxy's status.
        status: StatusCode,
        /// How it said so: a `Proxy-Status` error (RFC 9209), a 407, or the error page of a
        /// proxy known to mark its own (tinyproxy's `Server` without `Via`, Squid's
        /// `X-Squid-Error`).
        evidence: &'static str,
    },
}

impl ProxyError {
    /// The proxy's status, when it answered with one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::TunnelRefused { status } | Self::NotForwarded { status, .. } => Some(*status),
            Self::TunnelAnswer { .. } => None,
        }
    }
}

impl fmt::Display for ProxyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TunnelRefused { status } => {
                write!(f, "the proxy refused the CONNECT tunnel with {status}")?
            }
            Self::TunnelAnswer { reason } => {
                write!(f, "the proxy's answer to CONNECT is unusable: {reason}")?
            }
            Self::NotForwarded { status, evidence } => write!(
                f,
                "the proxy answered {status} itself and did not forward the request ({evidence})"
            )?,
        }
        f.write_str("; nothing reached the platform")?;
        if self.status() == Some(StatusCode::PROXY_AUTHENTICATION_REQUIRED) {
            f.write_str(
                " (hint: the proxy wants credentials: give them in its URL, \
                 http://user:password@host:port)",
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for ProxyError {}
