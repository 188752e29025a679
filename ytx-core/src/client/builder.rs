//! [`ClientBuilder`]: one builder for everything a client has: the configuration's settings
//! (credentials, target, timeouts, retries, limits, TLS, proxy) and its parts (clock,
//! transport, interceptors, the hook for abandoned side effects).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use ytx_protocol::AuthToken;

use super::{Client, Forward, Inner, Overrides, Wire};
use crate::clock::{Clock, SystemClock};
use crate::config::{Config, ConfigBuilder, Environment};
use crate::detach::{Abandoned, AbandonedHook};
use crate::error::ConfigError;
use crate::intercept::Interceptor;
use crate::limits::Limits;
use crate::pool::{self, Pool};
use crate::retry::{RetryBudget, RetryPolicy};
use crate::seam::Transport;

/// Builds a [`Client`]: every setting of a [`ConfigBuilder`], and the client's parts.
///
/// ```no_run
/// use std::time::Duration;
///
/// let client = ytx_core::Client::builder()
///     .account_sid("abcdefghijklmnopqrstuvwxyz012345")
///     .auth_token("your-auth-token")
///     .app_id("ff8080813fc70a7b013fc72312324213")
///     .call_timeout(Duration::from_secs(20))
///     .proxy("http://10.0.0.1:3128")
///     .user_agent_product("billing/1.4")
///     .build()?;
/// # let _ = client;
/// # Ok::<(), ytx_core::ConfigError>(())
/// ```
pub struct ClientBuilder {
    settings: Settings,
    clock: Arc<dyn Clock>,
    transport: Option<Arc<dyn Transport>>,
    on_abandoned: Option<AbandonedHook>,
    interceptors: Vec<Arc<dyn Interceptor>>,
}

/// The configuration: one already built (and checked), until a setting changes it.
enum Settings {
    Built(Box<Config>),
    Building(Box<ConfigBuilder>),
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("ClientBuilder");
        match &self.settings {
            Settings::Built(config) => debug.field("config", config),
            Settings::Building(builder) => debug.field("config", builder),
        };
        debug
            .field("clock", &self.clock)
            .field("custom_transport", &self.transport.is_some())
            .field("on_abandoned", &self.on_abandoned.is_some())
            .field("interceptors", &self.interceptors.len())
            .finish()
    }
}

/// Setters that go to the configuration: each as the [`ConfigBuilder`] method of its name.
macro_rules! settings {
    ($( fn $name:ident($($arg:ident: $ty:ty)?); )*) => {
        $(
            #[doc = concat!("As [`ConfigBuilder::", stringify!($name), "`].")]
            pub fn $name(self $(, $arg: $ty)?) -> Self {
                self.setting(|builder| builder.$name($($arg)?))
            }
        )*
    };
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl ClientBuilder {
    /// Defaults: no settings yet (credentials are required), the system clock, the
    /// client's own pool, no interceptor.
    pub fn new() -> Self {
        Self::with_settings(Settings::Building(Box::default()))
    }

    fn with_settings(settings: Settings) -> Self {
        Self {
            settings,
            clock: Arc::new(SystemClock),
            transport: None,
            on_abandoned: None,
            interceptors: Vec::new(),
        }
    }

    /// A builder for `client`'s configuration and parts, to build another with changes.
    pub(super) fn from_client(client: &Client) -> Self {
        let inner = &client.inner;
        Self {
            settings: Settings::Built(Box::new(inner.config.clone())),
            clock: Arc::clone(&inner.clock),
            transport: match &inner.wire {
                Wire::Custom(transport) => Some(Arc::clone(transport)),
                Wire::Pool(_) => None,
            },
            on_abandoned: inner.on_abandoned.clone(),
            interceptors: inner.interceptors.to_vec(),
        }
    }

    /// Takes every setting of `config` (replacing those given so far).
    pub fn config(mut self, config: Config) -> Self {
        self.settings = Settings::Built(Box::new(config));
        self
    }

    fn setting(mut self, change: impl FnOnce(ConfigBuilder) -> ConfigBuilder) -> Self {
        let builder = match self.settings {
            Settings::Built(config) => config.to_builder(),
            Settings::Building(builder) => *builder,
        };
        self.settings = Settings::Building(Box::new(change(builder)));
        self
    }

    settings! {
        fn account_sid(sid: impl Into<String>);
        fn auth_token(token: impl Into<AuthToken>);
        fn app_id(app_id: impl Into<String>);
        fn environment(environment: Environment);
        fn base_url(url: impl Into<String>);
        fn connect_timeout(timeout: Duration);
        fn call_timeout(timeout: Duration);
        fn attempt_timeout(timeout: Duration);
        fn header_timeout(timeout: Duration);
        fn body_timeout(timeout: Duration);
        fn retry(policy: RetryPolicy);
        fn max_response_bytes(limit: usize);
        fn rate_limit(per_second: f64);
        fn max_in_flight(requests: usize);
        fn reconciliation_keys(on: bool);
        fn proxy(url: impl Into<String>);
        fn no_proxy();
        fn user_agent_product(product: impl Into<String>);
    }

    #[cfg(feature = "rustls")]
    settings! {
        fn add_root_certificate_der(der: impl Into<Vec<u8>>);
    }

    /// The clock requests are timestamped from. Default: [`SystemClock`].
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Sends through `transport` instead of the client's own connection pool: a test double
    /// such as `testing::Scripted` (feature `testing`), or a transport of your own.
    /// Default: a pool of HTTP/1.1 connections to the base URL (through the proxy, if any).
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Adds an [`Interceptor`]: it sees every attempt and call, after those added before it.
    /// Default: none (and then nothing is measured for them).
    pub fn interceptor(mut self, interceptor: impl Interceptor) -> Self {
        self.interceptors.push(Arc::new(interceptor));
        self
    }

    /// Hears of every side effect whose caller stopped waiting after its request may have
    /// left (its future dropped by a `timeout` or a `select!`): the attempt is finished in
    /// the background, and `hook` gets what became of it, on the runtime's thread, once.
    /// Default: a `WARN` log line with the endpoint, the `customParm` and the outcome's kind
    /// (no body, no number).
    ///
    /// ```
    /// # fn build(config: ytx_core::Config) {
    /// // Drain them in a task of your own: reconcile the unknown ones, record the rest.
    /// let (abandoned, mut reports) = tokio::sync::mpsc::unbounded_channel();
    /// let client = ytx_core::Client::builder()
    ///     .config(config)
    ///     .on_abandoned(move |report| {
    ///         let _ = abandoned.send(report);
    ///     })
    ///     .build()
    ///     .unwrap();
    /// # let _ = (client, reports.try_recv());
    /// # }
    /// ```
    pub fn on_abandoned(mut self, hook: impl Fn(Abandoned) + Send + Sync + 'static) -> Self {
        self.on_abandoned = Some(Arc::new(hook));
        self
    }

    /// Checks the settings and builds the client and, unless a transport was given, its
    /// connection pool.
    pub fn build(self) -> Result<Client, ConfigError> {
        let config = match self.settings {
            Settings::Built(config) => *config,
            Settings::Building(builder) => builder.build()?,
        };
        Ok(assemble(
            config,
            Parts {
                clock: self.clock,
                transport: self.transport,
                on_abandoned: self.on_abandoned,
                interceptors: self.interceptors,
            },
        ))
    }
}

/// A client's parts besides its configuration.
pub(super) struct Parts {
    pub(super) clock: Arc<dyn Clock>,
    pub(super) transport: Option<Arc<dyn Transport>>,
    pub(super) on_abandoned: Option<AbandonedHook>,
    pub(super) interceptors: Vec<Arc<dyn Interceptor>>,
}

impl Parts {
    /// The system clock, the client's own pool, nothing else.
    pub(super) fn standard() -> Self {
        Self {
            clock: Arc::new(SystemClock),
            transport: None,
            on_abandoned: None,
            interceptors: Vec::new(),
        }
    }
}

/// The client for a checked configuration.
pub(super) fn assemble(config: Config, parts: Parts) -> Client {
    let app_id = Arc::from(config.app_id());
    let wire = match parts.transport {
        Some(transport) => Wire::Custom(transport),
        None => Wire::Pool(Pool::new(&config)),
    };
    let forward = match &wire {
        Wire::Pool(pool) if pool.forwarding() => Some(Forward {
            origin: config.base_url().origin(),
            authorization: config
                .proxy()
                .and_then(|proxy| proxy.authorization().cloned()),
        }),
        _ => None,
    };
    let inner = Inner {
        wire,
        forward,
        user_agent: config.user_agent_header().clone(),
        host: pool::host_header(config.base_url()),
        limits: Limits::new(&config),
        config,
        clock: parts.clock,
        budget: RetryBudget::new(),
        on_abandoned: parts.on_abandoned,
        interceptors: parts.interceptors.into_boxed_slice(),
    };
    Client {
        inner: Arc::new(inner),
        app_id,
        overrides: Overrides::default(),
    }
}
