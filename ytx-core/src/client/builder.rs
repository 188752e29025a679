//! [`ClientBuilder`]: a client with non-default parts (a clock, a transport).

use std::fmt;
use std::sync::Arc;

use super::{Client, Inner, Wire};
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::limits::Limits;
use crate::pool::{self, Pool};
use crate::retry::RetryBudget;
use crate::seam::Transport;

/// Builds a [`Client`] with non-default parts.
pub struct ClientBuilder {
    config: Config,
    clock: Arc<dyn Clock>,
    transport: Option<Arc<dyn Transport>>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("config", &self.config)
            .field("clock", &self.clock)
            .field("custom_transport", &self.transport.is_some())
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

    /// Builds the client and, unless a transport was given, its connection pool.
    pub fn build(self) -> Client {
        let app_id = Arc::from(self.config.app_id());
        let wire = match self.transport {
            Some(transport) => Wire::Custom(transport),
            None => Wire::Pool(Pool::new(&self.config)),
        };
        let inner = Inner {
            wire,
            host: pool::host_header(self.config.base_url()),
            limits: Limits::new(&self.config),
            config: self.config,
            clock: self.clock,
            budget: RetryBudget::new(),
        };
        Client {
            inner: Arc::new(inner),
            app_id,
        }
    }
}
