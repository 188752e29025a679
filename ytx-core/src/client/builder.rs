//! [`ClientBuilder`]: a client with non-default parts (a clock, a transport).

use std::fmt;
use std::sync::Arc;

use super::{Client, Forward, Inner, Overrides, Wire};
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::detach::{Abandoned, AbandonedHook};
use crate::limits::Limits;
use crate::pool::{self, Pool};
use crate::retry::RetryBudget;
use crate::seam::Transport;

/// Builds a [`Client`] with non-default parts.
pub struct ClientBuilder {
    config: Config,
    clock: Arc<dyn Clock>,
    transport: Option<Arc<dyn Transport>>,
    on_abandoned: Option<AbandonedHook>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("config", &self.config)
            .field("clock", &self.clock)
            .field("custom_transport", &self.transport.is_some())
            .field("on_abandoned", &self.on_abandoned.is_some())
            .finish()
    }
}

impl ClientBuilder {
    /// Defaults: the system clock, the client's own pool.
    pub(super) fn new(config: Config) -> Self {
        Self {
            config,
            clock: Arc::new(SystemClock),
            transport: None,
            on_abandoned: None,
        }
    }

    /// The clock requests are timestamped from. Default: [`SystemClock`].
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Sends through `transport` instead of the client's own connection pool: a test double
    /// such as [`testing::Scripted`](crate::testing::Scripted), or a transport of your own.
    /// Default: a pool of HTTP/1.1 connections to the base URL.
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(Arc::new(transport));
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
    /// let client = ytx_core::Client::builder(config)
    ///     .on_abandoned(move |report| {
    ///         let _ = abandoned.send(report);
    ///     })
    ///     .build();
    /// # let _ = (client, reports.try_recv());
    /// # }
    /// ```
    pub fn on_abandoned(mut self, hook: impl Fn(Abandoned) + Send + Sync + 'static) -> Self {
        self.on_abandoned = Some(Arc::new(hook));
        self
    }

    /// Builds the client and, unless a transport was given, its connection pool.
    pub fn build(self) -> Client {
        let app_id = Arc::from(self.config.app_id());
        let wire = match self.transport {
            Some(transport) => Wire::Custom(transport),
            None => Wire::Pool(Pool::new(&self.config)),
        };
        let forward = match &wire {
            Wire::Pool(pool) if pool.forwarding() => Some(Forward {
                origin: self.config.base_url().origin(),
                authorization: self
                    .config
                    .proxy()
                    .and_then(|proxy| proxy.authorization().cloned()),
            }),
            _ => None,
        };
        let inner = Inner {
            wire,
            forward,
            user_agent: self.config.user_agent_header().clone(),
            host: pool::host_header(self.config.base_url()),
            limits: Limits::new(&self.config),
            config: self.config,
            clock: self.clock,
            budget: RetryBudget::new(),
            on_abandoned: self.on_abandoned,
        };
        Client {
            inner: Arc::new(inner),
            app_id,
            overrides: Overrides::default(),
        }
    }
}
