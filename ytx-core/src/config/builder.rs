//! [`ConfigBuilder`]: a [`Config`] from code, checked once.

use std::fmt;
use std::time::Duration;

use ytx_protocol::AuthToken;

use super::target::{BaseUrl, Environment};
use super::{
    Config, DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_BODY_TIMEOUT, DEFAULT_CALL_TIMEOUT,
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_HEADER_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, MIN_RATE_LIMIT,
};
use crate::error::ConfigError;
use crate::proxy::{self, Proxy};
use crate::retry::RetryPolicy;

/// Where a configuration's proxy comes from.
#[derive(Debug, Clone, Default)]
pub(crate) enum ProxyChoice {
    /// The process's environment, read when the configuration is built.
    #[default]
    Environment,
    /// A URL given to the builder, parsed when it is built.
    Url(String),
    /// A proxy already parsed (a configuration's, or one the environment named).
    Given(Proxy),
    /// None: connect directly.
    Direct,
}

/// Builds a [`Config`]. Each setter documents its default.
#[derive(Default, Clone)]
pub struct ConfigBuilder {
    account_sid: Option<String>,
    auth_token: Option<AuthToken>,
    app_id: Option<String>,
    base_url: Option<String>,
    connect_timeout: Option<Duration>,
    call_timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    header_timeout: Option<Duration>,
    body_timeout: Option<Duration>,
    max_response_bytes: Option<usize>,
    retry: Option<RetryPolicy>,
    rate_limit: Option<f64>,
    max_in_flight: Option<usize>,
    no_reconciliation_keys: bool,
    proxy: ProxyChoice,
    product: Option<String>,
    #[cfg(feature = "rustls")]
    extra_roots: Vec<Vec<u8>>,
}

impl fmt::Debug for ConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigBuilder")
            .field("account_sid", &self.account_sid)
            .field("auth_token", &self.auth_token)
            .field("app_id", &self.app_id)
            .field("base_url", &self.base_url)
            .field("proxy", &self.proxy_shown())
            .finish_non_exhaustive()
    }
}

impl ConfigBuilder {
    /// Every setting of `config`.
    pub(super) fn from_config(config: &Config) -> Self {
        Self {
            account_sid: Some(config.account_sid.clone()),
            auth_token: Some(config.auth_token.clone()),
            app_id: Some(config.app_id.clone()),
            base_url: Some(config.base_url.to_string()),
            connect_timeout: Some(config.connect_timeout),
            call_timeout: Some(config.call_timeout),
            attempt_timeout: Some(config.attempt_timeout),
            header_timeout: Some(config.header_timeout),
            body_timeout: Some(config.body_timeout),
            max_response_bytes: Some(config.max_response_bytes),
            retry: Some(config.retry),
            rate_limit: config.rate_limit,
            max_in_flight: config.max_in_flight,
            no_reconciliation_keys: !config.reconciliation_keys,
            proxy: config
                .proxy
                .clone()
                .map_or(ProxyChoice::Direct, ProxyChoice::Given),
            product: config.product.clone(),
            #[cfg(feature = "rustls")]
            extra_roots: config.extra_roots.clone(),
        }
    }

    /// The proxy setting, its credentials masked.
    fn proxy_shown(&self) -> String {
        match &self.proxy {
            ProxyChoice::Environment => "from the environment".into(),
            ProxyChoice::Url(url) => Proxy::parse(url)
                .map_or_else(|_| "an invalid URL".into(), |proxy| proxy.to_string()),
            ProxyChoice::Given(proxy) => proxy.to_string(),
            ProxyChoice::Direct => "none".into(),
        }
    }

    pub(super) fn proxy_choice(mut self, choice: ProxyChoice) -> Self {
        self.proxy = choice;
        self
    }

    /// The base URL as set so far, checked.
    pub(super) fn target(&self) -> Result<BaseUrl, ConfigError> {
        BaseUrl::parse(
            self.base_url
                .as_deref()
                .unwrap_or(Environment::Production.base_url()),
        )
    }

    /// Sends through the forward proxy at `url`: `http://[user:password@]host[:port]`
    /// (see [`Proxy::parse`]). `http://` targets go in absolute form; `https://` targets
    /// through a `CONNECT` tunnel, with TLS end to end. Overrides the environment's
    /// proxies and `NO_PROXY`. Default: the environment's (see
    /// [`Config::from_env`](crate::Config::from_env)); a loopback base URL is reached
    /// directly unless a proxy is set here.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = ProxyChoice::Url(url.into());
        self
    }

    /// Connects directly, whatever proxy the environment names.
    pub fn no_proxy(mut self) -> Self {
        self.proxy = ProxyChoice::Direct;
        self
    }

    /// Adds the application's product token to the `User-Agent`, after
    /// [`USER_AGENT`](crate::USER_AGENT): `ytx-rs/0.3.0 billing/1.4`. One or more
    /// `name/version` tokens, separated by spaces. Default: none, so the platform and the
    /// company's egress logs see `ytx-rs/<version>`.
    pub fn user_agent_product(mut self, product: impl Into<String>) -> Self {
        self.product = Some(product.into());
        self
    }

    /// The account id (控制台 → 开发者主账号 → ACCOUNT SID). Required.
    pub fn account_sid(mut self, sid: impl Into<String>) -> Self {
        self.account_sid = Some(sid.into());
        self
    }

    /// The auth token (AUTH TOKEN). Required.
    pub fn auth_token(mut self, token: impl Into<AuthToken>) -> Self {
        self.auth_token = Some(token.into());
        self
    }

    /// The application id sent as `appid`. Required; a request can name another with
    /// [`Client::with_app_id`](crate::Client::with_app_id).
    pub fn app_id(mut self, app_id: impl Into<String>) -> Self {
        self.app_id = Some(app_id.into());
        self
    }

    /// Targets an environment. Default: [`Environment::Production`].
    pub fn environment(mut self, environment: Environment) -> Self {
        self.base_url = Some(environment.base_url().to_owned());
        self
    }

    /// Targets any base URL, e.g. the emulator's. Default: the production URL.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// TCP connect timeout. Default: [`DEFAULT_CONNECT_TIMEOUT`] (5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Deadline for a whole call: every attempt, the backoff between them, and the waits for
    /// the client's limits (the rate, the requests in flight, a `-104` pause). When it runs
    /// out during an attempt whose request may have been sent, a side effect's outcome is
    /// unknown; when it runs out before, nothing was sent. Default: [`DEFAULT_CALL_TIMEOUT`]
    /// (60 s).
    pub fn call_timeout(mut self, timeout: Duration) -> Self {
        self.call_timeout = Some(timeout);
        self
    }

    /// Deadline for one attempt: connecting, sending, and the whole answer. Default:
    /// [`DEFAULT_ATTEMPT_TIMEOUT`] (30 s).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Wait for the response headers once the request is sent. Default:
    /// [`DEFAULT_HEADER_TIMEOUT`] (20 s).
    pub fn header_timeout(mut self, timeout: Duration) -> Self {
        self.header_timeout = Some(timeout);
        self
    }

    /// Wait for the whole body once the headers came. Default: [`DEFAULT_BODY_TIMEOUT`]
    /// (10 s).
    pub fn body_timeout(mut self, timeout: Duration) -> Self {
        self.body_timeout = Some(timeout);
        self
    }

    /// How failed calls are retried. Default: [`RetryPolicy::default`] (3 attempts; side
    /// effects only when the request provably never left).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Trusts this CA certificate (DER) for `https://` too, besides the webpki roots: for a
    /// proxy or test server with a private CA. Certificate checks cannot be turned off.
    #[cfg(feature = "rustls")]
    pub fn add_root_certificate_der(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.extra_roots.push(der.into());
        self
    }

    /// Largest response body accepted. Default: [`DEFAULT_MAX_RESPONSE_BYTES`] (1 MiB).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// Sends at most `per_second` requests a second (each attempt counts, at least
    /// [`MIN_RATE_LIMIT`]), spaced evenly;
    /// a call waits for its turn before it takes its timestamp. Off by default. Clones of a
    /// client share the limit; two clients built from one config each have their own.
    pub fn rate_limit(mut self, per_second: f64) -> Self {
        self.rate_limit = Some(per_second);
        self
    }

    /// Has at most `requests` in flight at once; a call waits for a free place before it
    /// takes its timestamp. Off by default. Shared like [`ConfigBuilder::rate_limit`].
    pub fn max_in_flight(mut self, requests: usize) -> Self {
        self.max_in_flight = Some(requests);
        self
    }

    /// Whether a side effect with an optional `customParm` (a two-way call, a top-up), sent
    /// without one, gets a generated [`ReconciliationKey`](crate::ReconciliationKey) in it,
    /// the same on every attempt, so that [`Client::reconcile`](crate::Client::reconcile)
    /// can find it however many calls go between the same numbers. Default: `true`. Turn it
    /// off if the platform account's `customParm` is reserved for something else.
    pub fn reconciliation_keys(mut self, on: bool) -> Self {
        self.no_reconciliation_keys = !on;
        self
    }

    /// Checks the settings and builds the configuration.
    pub fn build(self) -> Result<Config, ConfigError> {
        let base_url = self.target()?;
        let account_sid = self.account_sid.ok_or(ConfigError::Missing {
            name: "account_sid",
        })?;
        // The account id is a path segment: only letters and digits can go there unescaped.
        if account_sid.is_empty() || !account_sid.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(ConfigError::Invalid {
                field: "account_sid",
                reason: format!("expected letters and digits only, got `{account_sid}`"),
            });
        }
        if account_sid.len() > ytx_protocol::sign::MAX_ACCOUNT_SID_LEN {
            return Err(ConfigError::Invalid {
                field: "account_sid",
                reason: format!(
                    "expected at most {} characters (the platform's account ids have 32), got {}",
                    ytx_protocol::sign::MAX_ACCOUNT_SID_LEN,
                    account_sid.len()
                ),
            });
        }
        let auth_token = self
            .auth_token
            .ok_or(ConfigError::Missing { name: "auth_token" })?;
        if auth_token.expose_secret().is_empty() {
            return Err(ConfigError::Missing { name: "auth_token" });
        }
        let app_id = self.app_id.ok_or(ConfigError::Missing { name: "app_id" })?;
        if app_id.trim().is_empty() {
            return Err(ConfigError::Missing { name: "app_id" });
        }
        let proxy = match self.proxy {
            ProxyChoice::Environment => {
                proxy::from_lookup(&base_url, &|name| std::env::var(name).ok())?
            }
            ProxyChoice::Url(url) => Some(Proxy::parse(&url)?),
            ProxyChoice::Given(proxy) => Some(proxy),
            ProxyChoice::Direct => None,
        };
        let user_agent = super::user_agent::header(self.product.as_deref())?;
        let positive = |field: &'static str, value: Duration| {
            if value.is_zero() {
                Err(ConfigError::Invalid {
                    field,
                    reason: "must be greater than zero".into(),
                })
            } else {
                Ok(value)
            }
        };
        Ok(Config {
            account_sid,
            auth_token,
            app_id,
            base_url,
            connect_timeout: positive(
                "connect_timeout",
                self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT),
            )?,
            call_timeout: positive(
                "call_timeout",
                self.call_timeout.unwrap_or(DEFAULT_CALL_TIMEOUT),
            )?,
            attempt_timeout: positive(
                "attempt_timeout",
                self.attempt_timeout.unwrap_or(DEFAULT_ATTEMPT_TIMEOUT),
            )?,
            header_timeout: positive(
                "header_timeout",
                self.header_timeout.unwrap_or(DEFAULT_HEADER_TIMEOUT),
            )?,
            body_timeout: positive(
                "body_timeout",
                self.body_timeout.unwrap_or(DEFAULT_BODY_TIMEOUT),
            )?,
            max_response_bytes: self
                .max_response_bytes
                .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
            retry: self.retry.unwrap_or_default(),
            rate_limit: match self.rate_limit {
                // Below one request in 1,000 s the spacing would not fit a `Duration` sum.
                Some(rate) if !(rate.is_finite() && rate >= MIN_RATE_LIMIT) => {
                    return Err(ConfigError::Invalid {
                        field: "rate_limit",
                        reason: format!(
                            "expected at least {MIN_RATE_LIMIT} requests per second, got {rate}"
                        ),
                    });
                }
                rate => rate,
            },
            max_in_flight: match self.max_in_flight {
                Some(0) => {
                    return Err(ConfigError::Invalid {
                        field: "max_in_flight",
                        reason: "must be at least 1".into(),
                    });
                }
                cap => cap,
            },
            reconciliation_keys: !self.no_reconciliation_keys,
            proxy,
            user_agent,
            product: self.product,
            #[cfg(feature = "rustls")]
            tls: crate::tls::client_config(&self.extra_roots)?,
            #[cfg(feature = "rustls")]
            extra_roots: self.extra_roots,
        })
    }
}
