//! Forward proxies: where a client's connections go when the platform is reached through
//! one (the usual way to send from the fixed egress addresses the platform's IP allowlist
//! asks for).
//!
//! - An `http://` base URL goes through the proxy in absolute form
//!   (`POST http://api.ytx.net/… HTTP/1.1`), on connections to the proxy.
//! - An `https://` base URL goes through a `CONNECT` tunnel (feature `rustls`); TLS runs
//!   inside it, end to end, and the certificate is checked against the platform's name.
//! - Which proxy: [`ConfigBuilder::proxy`](crate::ConfigBuilder::proxy), or the environment
//!   (`YTX_PROXY`, then `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY`, less `NO_PROXY`: see
//!   [`Config::from_env`](crate::Config::from_env)).
//! - Whether a request was sent stays exact: a refused `CONNECT`, or an answer the proxy
//!   says is its own and given before forwarding, is [`Error::Connect`](crate::Error::Connect)
//!   with a [`ProxyError`] as its source. Nothing reached the platform; a side effect may be
//!   tried again.

use std::fmt;

use base64::Engine as _;
use http::uri::Authority;
use http::{HeaderValue, Uri};

use crate::error::ConfigError;

mod env;
mod error;
mod refusal;
#[cfg(feature = "rustls")]
mod tunnel;

pub(crate) use env::from_lookup;
pub use error::ProxyError;
pub(crate) use refusal::{keeps_alive, not_forwarded};
#[cfg(feature = "rustls")]
pub(crate) use tunnel::Tunnel;

/// A forward proxy: `http://[user:password@]host[:port]` (the port defaults to 80).
///
/// The credentials are sent as `Proxy-Authorization: Basic …` and never shown: `Debug` and
/// `Display` print `http://***@host:port`.
#[derive(Clone, PartialEq, Eq)]
pub struct Proxy {
    authority: Authority,
    /// `Basic …`, marked sensitive, when the URL has credentials.
    authorization: Option<HeaderValue>,
}

impl Proxy {
    /// Parses a proxy URL such as `http://10.0.0.1:3128` or `http://user:pass@proxy:8080`.
    /// A URL without a scheme is taken as `http://`. A proxy reached over TLS (`https://`)
    /// and SOCKS proxies are not supported.
    pub fn parse(url: &str) -> Result<Self, ConfigError> {
        Self::parse_as("proxy", url)
    }

    /// As [`Proxy::parse`], naming `field` (a builder method or variable) in errors.
    pub(crate) fn parse_as(field: &'static str, url: &str) -> Result<Self, ConfigError> {
        let url = url.trim();
        let (scheme, rest) = match url.split_once("://") {
            Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
            None => ("http".to_owned(), url),
        };
        // Credentials end at the last `@`, wherever a `/` falls in them (a password is
        // often written without percent-encoding); the host then ends at the first `/`.
        let (userinfo, after) = match rest.rsplit_once('@') {
            Some((userinfo, after)) => (Some(userinfo), after),
            None => (None, rest),
        };
        let (host, path) = after.split_at(after.find('/').unwrap_or(after.len()));
        let shown = if userinfo.is_some() {
            format!("{scheme}://***@{host}{path}")
        } else {
            format!("{scheme}://{host}{path}")
        };
        let invalid = |reason: &str| ConfigError::Invalid {
            field,
            reason: format!("{reason} (got `{shown}`)"),
        };
        match scheme.as_str() {
            "http" => {}
            "https" => {
                return Err(invalid(
                    "a proxy reached over TLS is not supported: give its http:// address \
                     (https targets still go through it in a CONNECT tunnel, TLS end to end)",
                ));
            }
            _ => return Err(invalid("the proxy must be an http:// URL")),
        }
        if !path.is_empty() && path != "/" {
            return Err(invalid("a proxy URL has no path"));
        }
        if host.is_empty() {
            return Err(invalid("missing host"));
        }
        let with_port = if host.ends_with(']') || !host.contains(':') {
            format!("{host}:80")
        } else {
            host.to_owned()
        };
        let authority: Authority = with_port.parse().map_err(|_| invalid("not a host:port"))?;
        if authority.port_u16().is_none() {
            return Err(invalid("not a host:port"));
        }
        let authorization = match userinfo {
            None => None,
            Some(userinfo) => {
                let decoded = percent_decode(userinfo).ok_or_else(|| {
                    invalid("the credentials are not valid percent-encoded UTF-8")
                })?;
                let basic = base64::engine::general_purpose::STANDARD.encode(decoded);
                let mut value = HeaderValue::try_from(format!("Basic {basic}"))
                    .map_err(|_| invalid("the credentials cannot go in a header"))?;
                value.set_sensitive(true);
                Some(value)
            }
        };
        Ok(Self {
            authority,
            authorization,
        })
    }

    /// The proxy's host.
    pub fn host(&self) -> &str {
        self.authority.host()
    }

    /// The proxy's port.
    pub fn port(&self) -> u16 {
        self.authority.port_u16().unwrap_or(80)
    }

    /// Whether the URL had credentials.
    pub fn has_credentials(&self) -> bool {
        self.authorization.is_some()
    }

    /// `Proxy-Authorization`'s value, if the URL had credentials.
    pub(crate) fn authorization(&self) -> Option<&HeaderValue> {
        self.authorization.as_ref()
    }

    /// `http://host:port/`: what the connector dials.
    pub(crate) fn uri(&self) -> Uri {
        Uri::builder()
            .scheme("http")
            .authority(self.authority.clone())
            .path_and_query("/")
            .build()
            .unwrap_or_default()
    }
}

impl fmt::Display for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let credentials = if self.has_credentials() { "***@" } else { "" };
        write!(f, "http://{credentials}{}", self.authority)
    }
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Proxy({self})")
    }
}

/// `%XX` escapes decoded; `None` for a bad escape or bytes that are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests;
