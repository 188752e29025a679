//! Where a client sends: an [`Environment`] or a checked [`BaseUrl`].

use std::fmt;

use http::Uri;
use http::uri::{Authority, Scheme};

use crate::error::ConfigError;

/// Which platform environment to talk to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Environment {
    /// `http://api.ytx.net`: your own applications, once they are online.
    #[default]
    Production,
    /// `http://sandbox.ytx.net`: the test application of 体验 → 功能体验 → 测试应用.
    Sandbox,
}

impl Environment {
    /// The environment's base URL.
    pub fn base_url(self) -> &'static str {
        match self {
            Self::Production => "http://api.ytx.net",
            Self::Sandbox => "http://sandbox.ytx.net",
        }
    }

    /// Parses `production` or `sandbox` (the values of `YTX_ENV`).
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "production" => Some(Self::Production),
            "sandbox" => Some(Self::Sandbox),
            _ => None,
        }
    }
}

/// A base URL checked once: scheme, host and port, and an optional path prefix.
#[derive(Clone, PartialEq, Eq)]
pub struct BaseUrl {
    scheme: Scheme,
    authority: Authority,
    /// Without a trailing `/`; empty for none.
    prefix: String,
}

impl BaseUrl {
    /// Parses and checks a base URL such as `http://api.ytx.net` or `http://127.0.0.1:8080`.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let invalid = |reason: &str| ConfigError::Invalid {
            field: "base_url",
            reason: format!("{reason} (got `{text}`)"),
        };
        let uri: Uri = text.parse().map_err(|_| invalid("not a URL"))?;
        let scheme = uri
            .scheme()
            .cloned()
            .ok_or_else(|| invalid("missing `http://`"))?;
        if scheme == Scheme::HTTPS && !cfg!(feature = "rustls") {
            return Err(invalid(
                "https needs ytx-core's `rustls` feature; the platform itself serves plain http",
            ));
        }
        if scheme != Scheme::HTTP && scheme != Scheme::HTTPS {
            return Err(invalid("the scheme must be http or https"));
        }
        let authority = uri
            .authority()
            .cloned()
            .ok_or_else(|| invalid("missing host"))?;
        if authority.as_str().contains('@') {
            return Err(invalid("credentials in the URL are not supported"));
        }
        if uri.query().is_some() {
            return Err(invalid("a base URL cannot have a query"));
        }
        let prefix = uri.path().trim_end_matches('/').to_owned();
        Ok(Self {
            scheme,
            authority,
            prefix,
        })
    }

    pub(crate) fn scheme(&self) -> &Scheme {
        &self.scheme
    }

    pub(crate) fn authority(&self) -> &Authority {
        &self.authority
    }

    pub(crate) fn prefix(&self) -> &str {
        &self.prefix
    }

    /// `scheme://authority`, without the prefix.
    pub(crate) fn origin(&self) -> String {
        format!("{}://{}", self.scheme, self.authority)
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}{}", self.scheme, self.authority, self.prefix)
    }
}

impl fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BaseUrl({self})")
    }
}
