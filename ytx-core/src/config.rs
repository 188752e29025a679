//! Client configuration: credentials, target and limits.
//!
//! Build one with [`Config::builder`] or read it from the environment with
//! [`Config::from_env`]. Everything is validated once, here, so sending never re-parses it.

use std::fmt;
use std::time::Duration;

use http::HeaderValue;
use ytx_protocol::AuthToken;

use crate::error::ConfigError;
use crate::proxy::Proxy;
use crate::retry::RetryPolicy;

mod builder;
mod target;
#[cfg(test)]
mod tests;
mod user_agent;

pub use builder::ConfigBuilder;
pub(crate) use builder::ProxyChoice;
pub use target::{BaseUrl, Environment};

/// Default connect timeout: 5 seconds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default deadline for one attempt (connect, send, response headers and body): 30 seconds.
pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default deadline for a whole call: 60 seconds, for every attempt, the backoff between
/// them and the waits for the client's limits (rate, requests in flight, a `-104` pause).
pub const DEFAULT_CALL_TIMEOUT: Duration = Duration::from_secs(60);
/// Default wait for the response headers once the request is sent: 20 seconds.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(20);
/// Default wait for the whole response body once the headers came: 10 seconds.
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(10);
/// Default cap on a response body: 1 MiB. The platform's answers are a few hundred bytes;
/// call-record pulls are the largest.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 1024 * 1024;

/// The `User-Agent` every request carries, before the application's own product token:
/// `ytx-rs/<version of ytx-core>`.
pub const USER_AGENT: &str = concat!("ytx-rs/", env!("CARGO_PKG_VERSION"));

/// The lowest rate limit [`ConfigBuilder::rate_limit`] takes: one request in 1,000 seconds.
pub const MIN_RATE_LIMIT: f64 = 0.001;

/// Everything a [`Client`](crate::Client) needs: credentials, target and limits.
///
/// `Debug` shows the account and app ids but never the auth token.
#[derive(Clone)]
pub struct Config {
    account_sid: String,
    auth_token: AuthToken,
    app_id: String,
    base_url: BaseUrl,
    connect_timeout: Duration,
    call_timeout: Duration,
    attempt_timeout: Duration,
    header_timeout: Duration,
    body_timeout: Duration,
    max_response_bytes: usize,
    retry: RetryPolicy,
    rate_limit: Option<f64>,
    max_in_flight: Option<usize>,
    reconciliation_keys: bool,
    proxy: Option<Proxy>,
    /// `ytx-rs/<version>`, then the application's product token if it gave one.
    user_agent: HeaderValue,
    /// The application's product token, as given (for [`Config::to_builder`]).
    product: Option<String>,
    #[cfg(feature = "rustls")]
    extra_roots: Vec<Vec<u8>>,
    #[cfg(feature = "rustls")]
    tls: std::sync::Arc<rustls::ClientConfig>,
}

impl Config {
    /// Starts a configuration; `account_sid`, `auth_token` and `app_id` are required.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// Reads `YTX_ACCOUNT_SID`, `YTX_AUTH_TOKEN`, `YTX_APP_ID`, and either `YTX_ENV`
    /// (`production`, the default, or `sandbox`) or `YTX_BASE_URL`, not both.
    ///
    /// The proxy comes from the environment too, with the usual precedence: `YTX_PROXY`
    /// (`none` turns proxying off for this SDK), else `https_proxy` / `HTTPS_PROXY` for an
    /// `https://` base URL or `http_proxy` / `HTTP_PROXY` for an `http://` one, else
    /// `all_proxy` / `ALL_PROXY`; unless `NO_PROXY` / `no_proxy` names the base URL's host
    /// (`*`, a domain and the names under it, an IP address or a network such as
    /// `10.0.0.0/8`). A loopback host is always reached directly.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Like [`Config::from_env`], reading variables through `lookup` (for tests and for
    /// programs that keep settings elsewhere).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &'static str| {
            lookup(name)
                .filter(|value| !value.is_empty())
                .ok_or(ConfigError::Missing { name })
        };
        let mut builder = Config::builder()
            .account_sid(get("YTX_ACCOUNT_SID")?)
            .auth_token(get("YTX_AUTH_TOKEN")?)
            .app_id(get("YTX_APP_ID")?);
        match (get("YTX_ENV").ok(), get("YTX_BASE_URL").ok()) {
            (Some(_), Some(_)) => {
                return Err(ConfigError::Invalid {
                    field: "YTX_ENV",
                    reason: "set YTX_ENV or YTX_BASE_URL, not both".into(),
                });
            }
            (Some(env), None) => {
                let environment = Environment::parse(&env).ok_or_else(|| ConfigError::Invalid {
                    field: "YTX_ENV",
                    reason: if env == "emulator" {
                        "`emulator` is the ytx command's built-in emulator; in code, start a \
                         `ytx_emulator::Emulator` and set YTX_BASE_URL to its base URL"
                            .into()
                    } else {
                        format!("expected `production` or `sandbox`, got `{env}`")
                    },
                })?;
                builder = builder.environment(environment);
            }
            (None, Some(url)) => builder = builder.base_url(url),
            (None, None) => {}
        }
        let proxy = crate::proxy::from_lookup(&builder.target()?, &lookup)?;
        builder
            .proxy_choice(proxy.map_or(ProxyChoice::Direct, ProxyChoice::Given))
            .build()
    }

    /// The account id (`accountSID`).
    pub fn account_sid(&self) -> &str {
        &self.account_sid
    }

    /// The auth token. Only signing needs it.
    pub fn auth_token(&self) -> &AuthToken {
        &self.auth_token
    }

    /// The default application id (`appid`) put in every request body.
    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// Where requests go.
    pub fn base_url(&self) -> &BaseUrl {
        &self.base_url
    }

    /// How long to wait for a TCP connection.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// How long a whole call may take: every attempt, the backoff between them, and the
    /// waits for the client's limits. Set with [`ConfigBuilder::call_timeout`]; a call can
    /// override it ([`Client::with_call_timeout`](crate::Client::with_call_timeout)).
    pub fn call_timeout(&self) -> Duration {
        self.call_timeout
    }

    /// How long one attempt may take, from connecting to the last body byte. Set with
    /// [`ConfigBuilder::attempt_timeout`]; a call can override it
    /// ([`Client::with_attempt_timeout`](crate::Client::with_attempt_timeout)).
    pub fn attempt_timeout(&self) -> Duration {
        self.attempt_timeout
    }

    /// How long to wait for the response headers once the request is sent.
    pub fn header_timeout(&self) -> Duration {
        self.header_timeout
    }

    /// How long to wait for the whole body once the headers came.
    pub fn body_timeout(&self) -> Duration {
        self.body_timeout
    }

    /// The largest response body accepted.
    pub fn max_response_bytes(&self) -> usize {
        self.max_response_bytes
    }

    /// How failed calls are retried.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    /// The most requests per second a client sends (every attempt counts), if limited.
    /// Default: no limit. Set with [`ConfigBuilder::rate_limit`].
    pub fn rate_limit(&self) -> Option<f64> {
        self.rate_limit
    }

    /// The most requests a client has in flight at once, if capped. Default: no cap. Set
    /// with [`ConfigBuilder::max_in_flight`].
    pub fn max_in_flight(&self) -> Option<usize> {
        self.max_in_flight
    }

    /// Whether a side effect with an optional `customParm`, sent without one, gets a
    /// generated [`ReconciliationKey`](crate::ReconciliationKey). Default: yes. Set with
    /// [`ConfigBuilder::reconciliation_keys`].
    pub fn reconciliation_keys(&self) -> bool {
        self.reconciliation_keys
    }

    /// The forward proxy requests go through, if any: set with
    /// [`ConfigBuilder::proxy`], or named by the environment (see [`Config::from_env`]).
    pub fn proxy(&self) -> Option<&Proxy> {
        self.proxy.as_ref()
    }

    /// The `User-Agent` requests carry: [`USER_AGENT`], then the application's product
    /// token if [`ConfigBuilder::user_agent_product`] gave one.
    pub fn user_agent(&self) -> &str {
        self.user_agent.to_str().unwrap_or(USER_AGENT)
    }

    pub(crate) fn user_agent_header(&self) -> &HeaderValue {
        &self.user_agent
    }

    /// A builder holding every setting of this configuration, to build another with
    /// changes. The proxy stays the one this configuration resolved; the environment is not
    /// read again.
    pub fn to_builder(&self) -> ConfigBuilder {
        ConfigBuilder::from_config(self)
    }

    #[cfg(feature = "rustls")]
    pub(crate) fn tls(&self) -> &rustls::ClientConfig {
        &self.tls
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("account_sid", &self.account_sid)
            .field("auth_token", &self.auth_token)
            .field("app_id", &self.app_id)
            .field("base_url", &self.base_url)
            .field("connect_timeout", &self.connect_timeout)
            .field("call_timeout", &self.call_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("header_timeout", &self.header_timeout)
            .field("body_timeout", &self.body_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .field("max_in_flight", &self.max_in_flight)
            .field("reconciliation_keys", &self.reconciliation_keys)
            .field("proxy", &self.proxy)
            .field("user_agent", &self.user_agent)
            .finish()
    }
}
