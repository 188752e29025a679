//! Client configuration: credentials, target and limits.
//!
//! Build one with [`Config::builder`] or read it from the environment with
//! [`Config::from_env`]. Everything is validated once, here, so sending never re-parses it.

use std::fmt;
use std::time::Duration;

use http::Uri;
use http::uri::{Authority, Scheme};

use crate::retry::RetryPolicy;
use crate::secret::AuthToken;

/// Default connect timeout: 5 seconds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Default deadline for a whole request (connect, send, response headers and body): 30 seconds.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Default wait for the response headers once the request is sent: 20 seconds.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(20);
/// Default wait for the whole response body once the headers came: 10 seconds.
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(10);
/// Default cap on a response body: 1 MiB. The platform's answers are a few hundred bytes;
/// call-record pulls are the largest.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 1024 * 1024;

/// Which platform environment to talk to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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

/// What is wrong with a configuration. Nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// A required setting is missing: `name` is the builder method or environment variable.
    Missing {
        /// The setting, e.g. `YTX_AUTH_TOKEN` or `auth_token`.
        name: &'static str,
    },
    /// A setting has a value that cannot work.
    Invalid {
        /// The setting, e.g. `YTX_ENV` or `account_sid`.
        field: &'static str,
        /// Why, with the offending value unless it is a secret.
        reason: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing { name } => write!(f, "missing configuration `{name}`"),
            Self::Invalid { field, reason } => {
                write!(f, "invalid configuration `{field}`: {reason}")
            }
        }
    }
}

impl std::error::Error for ConfigError {}

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
    request_timeout: Duration,
    header_timeout: Duration,
    body_timeout: Duration,
    max_response_bytes: usize,
    retry: RetryPolicy,
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
                    reason: format!("expected `production` or `sandbox`, got `{env}`"),
                })?;
                builder = builder.environment(environment);
            }
            (None, Some(url)) => builder = builder.base_url(url),
            (None, None) => {}
        }
        builder.build()
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

    /// How long a whole request may take, from connecting to the last body byte.
    pub fn request_timeout(&self) -> Duration {
        self.request_timeout
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
            .field("request_timeout", &self.request_timeout)
            .field("header_timeout", &self.header_timeout)
            .field("body_timeout", &self.body_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("retry", &self.retry)
            .finish()
    }
}

/// Builds a [`Config`]. Each setter documents its default.
#[derive(Default, Clone)]
pub struct ConfigBuilder {
    account_sid: Option<String>,
    auth_token: Option<AuthToken>,
    app_id: Option<String>,
    base_url: Option<String>,
    connect_timeout: Option<Duration>,
    request_timeout: Option<Duration>,
    header_timeout: Option<Duration>,
    body_timeout: Option<Duration>,
    max_response_bytes: Option<usize>,
    retry: Option<RetryPolicy>,
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
            .finish_non_exhaustive()
    }
}

impl ConfigBuilder {
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

    /// Deadline for a whole request. Default: [`DEFAULT_REQUEST_TIMEOUT`] (30 s).
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = Some(timeout);
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

    /// Checks the settings and builds the configuration.
    pub fn build(self) -> Result<Config, ConfigError> {
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
        let base_url = BaseUrl::parse(
            self.base_url
                .as_deref()
                .unwrap_or(Environment::Production.base_url()),
        )?;
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
            request_timeout: positive(
                "request_timeout",
                self.request_timeout.unwrap_or(DEFAULT_REQUEST_TIMEOUT),
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
            #[cfg(feature = "rustls")]
            tls: crate::tls::client_config(&self.extra_roots)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "tok3n-that-must-not-leak";

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    const BASE: [(&str, &str); 3] = [
        ("YTX_ACCOUNT_SID", "abc123"),
        ("YTX_AUTH_TOKEN", TOKEN),
        ("YTX_APP_ID", "app1"),
    ];

    #[test]
    fn from_env_defaults_to_production() {
        let config = Config::from_lookup(vars(&BASE)).unwrap();
        assert_eq!(config.base_url().to_string(), "http://api.ytx.net");
        assert_eq!(config.connect_timeout(), DEFAULT_CONNECT_TIMEOUT);
    }

    #[test]
    fn from_env_reads_sandbox_and_base_url() {
        let sandbox =
            Config::from_lookup(vars(&[BASE[0], BASE[1], BASE[2], ("YTX_ENV", "sandbox")]));
        assert_eq!(
            sandbox.unwrap().base_url().to_string(),
            "http://sandbox.ytx.net"
        );
        let local = [
            BASE[0],
            BASE[1],
            BASE[2],
            ("YTX_BASE_URL", "http://127.0.0.1:9/p/"),
        ];
        assert_eq!(
            Config::from_lookup(vars(&local))
                .unwrap()
                .base_url()
                .to_string(),
            "http://127.0.0.1:9/p"
        );
    }

    #[test]
    fn from_env_names_the_missing_variable() {
        let err = Config::from_lookup(vars(&[BASE[0], BASE[2]])).unwrap_err();
        assert_eq!(
            err,
            ConfigError::Missing {
                name: "YTX_AUTH_TOKEN"
            }
        );
    }

    #[test]
    fn from_env_rejects_unknown_env_and_both_targets() {
        let bad = Config::from_lookup(vars(&[BASE[0], BASE[1], BASE[2], ("YTX_ENV", "prod")]));
        assert!(bad.unwrap_err().to_string().contains("`prod`"));
        let both = [
            BASE[0],
            BASE[1],
            BASE[2],
            ("YTX_ENV", "sandbox"),
            ("YTX_BASE_URL", "http://x"),
        ];
        assert!(Config::from_lookup(vars(&both)).is_err());
    }

    #[test]
    fn https_needs_the_rustls_feature() {
        assert_eq!(
            BaseUrl::parse("https://api.ytx.net").is_ok(),
            cfg!(feature = "rustls")
        );
    }

    #[test]
    fn base_url_must_be_http_without_query() {
        assert!(BaseUrl::parse("ftp://api.ytx.net").is_err());
        assert!(BaseUrl::parse("api.ytx.net").is_err());
        assert!(BaseUrl::parse("http://api.ytx.net/?x=1").is_err());
        assert!(BaseUrl::parse("http://u:p@api.ytx.net").is_err());
    }

    #[test]
    fn account_sid_must_fit_in_a_path_segment() {
        let config = Config::builder()
            .account_sid("a/b")
            .auth_token(TOKEN)
            .app_id("x")
            .build();
        assert!(matches!(
            config,
            Err(ConfigError::Invalid {
                field: "account_sid",
                ..
            })
        ));
    }

    #[test]
    fn debug_never_shows_the_token() {
        let config = Config::from_lookup(vars(&BASE)).unwrap();
        let builder = Config::builder().auth_token(TOKEN);
        for text in [
            format!("{config:?}"),
            format!("{config:#?}"),
            format!("{builder:?}"),
        ] {
            assert!(!text.contains(TOKEN), "{text}");
            assert!(text.contains("AuthToken(***)"), "{text}");
        }
    }
}
