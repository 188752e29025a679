//! The client: one generic `send` for every endpoint.
//!
//! `send` encodes the body, takes one timestamp from the clock, signs (`signing`), builds
//! `POST {base}/{version}/sid/{accountSID}/{func}/{url}?Sign={Sign}`, sends it over the
//! pooled connection under the call's and the attempt's deadlines (`call`), and decodes the
//! answer. A handle's `with_*` settings override the configuration's for its calls.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::HeaderValue;
use tracing::Instrument as _;
use ytx_protocol::{
    Endpoint, RawJson, RawRequest, ReconciliationKey, RetryClass, encode_body_keyed,
};

use crate::clock::Clock;
use crate::config::Config;
use crate::decode::decode;
use crate::detach::AbandonedHook;
use crate::error::Error;
use crate::intercept::Interceptor;
use crate::limits::Limits;
use crate::pool::Pool;
use crate::retry::RetryBudget;
use crate::route::{Route, Typed};
use crate::seam::Transport;

mod builder;
mod call;
mod intercepting;
mod reconcile;
mod signing;

pub use builder::ClientBuilder;
pub use reconcile::Reconciler;

/// A YTX API client. Cheap to clone (one `Arc`), `Send + Sync`; clones share one connection
/// pool.
///
/// ```no_run
/// # async fn run() -> Result<(), ytx_core::Error> {
/// let client = ytx_core::Client::from_env()?;
/// # let _ = client;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    app_id: Arc<str>,
    overrides: Overrides,
}

struct Inner {
    config: Config,
    clock: Arc<dyn Clock>,
    wire: Wire,
    /// The `Host` header, made once from the base URL.
    host: HeaderValue,
    /// The `User-Agent` header.
    user_agent: HeaderValue,
    /// Set when the pool sends to a forward proxy in absolute form.
    forward: Option<Forward>,
    budget: RetryBudget,
    limits: Limits,
    on_abandoned: Option<AbandonedHook>,
    /// Told of every attempt and call, in order; empty for none.
    interceptors: Box<[Arc<dyn Interceptor>]>,
}

/// Settings of this handle's calls that differ from the configuration's.
#[derive(Debug, Clone, Copy, Default)]
struct Overrides {
    call_timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    max_attempts: Option<u32>,
}

impl Client {
    /// A client for `config`, with the system clock and its own connection pool.
    pub fn new(config: Config) -> Self {
        builder::assemble(config, builder::Parts::standard())
    }

    /// A client configured from `YTX_*` environment variables (see [`Config::from_env`]).
    pub fn from_env() -> Result<Self, Error> {
        Ok(Self::new(Config::from_env()?))
    }

    /// Starts a client: its settings (credentials, target, timeouts, retries, limits, TLS,
    /// proxy) and its parts (clock, transport, interceptors) on one builder.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// A builder holding this client's configuration and parts, to build another client
    /// with changes (it gets a pool, limits and retry budget of its own). For a change of
    /// deadline or attempts per call, [`Client::with_call_timeout`] and its kin are
    /// cheaper: they share everything.
    pub fn to_builder(&self) -> ClientBuilder {
        ClientBuilder::from_client(self)
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The application id this client puts in request bodies.
    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// A client for another application of the same account, sharing the connection pool.
    pub fn with_app_id(&self, app_id: impl Into<String>) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            app_id: Arc::from(app_id.into()),
            overrides: self.overrides,
        }
    }

    /// This client, for calls that must end by `timeout`: every attempt, the backoff between
    /// them and the waits for the client's limits included. It shares everything else (the
    /// pool, the limits, the retry budget) and is as cheap as a clone. Default: the
    /// configuration's [`call_timeout`](crate::ConfigBuilder::call_timeout).
    ///
    /// ```no_run
    /// # async fn run(client: ytx_core::Client, query: ytx_core::RawRequest) -> Result<(), ytx_core::Error> {
    /// use std::time::Duration;
    ///
    /// // At most 5 s in all, at most 2 s an attempt, at most 2 attempts.
    /// let quick = client
    ///     .with_call_timeout(Duration::from_secs(5))
    ///     .with_attempt_timeout(Duration::from_secs(2))
    ///     .with_max_attempts(2);
    /// let answer = quick.send_raw(&query).await?;
    /// # let _ = answer;
    /// # Ok(()) }
    /// ```
    pub fn with_call_timeout(&self, timeout: Duration) -> Self {
        let mut client = self.clone();
        client.overrides.call_timeout = Some(timeout);
        client
    }

    /// This client, for calls whose attempts each end by `timeout` (connecting, sending and
    /// the whole answer). Default: the configuration's
    /// [`attempt_timeout`](crate::ConfigBuilder::attempt_timeout).
    pub fn with_attempt_timeout(&self, timeout: Duration) -> Self {
        let mut client = self.clone();
        client.overrides.attempt_timeout = Some(timeout);
        client
    }

    /// This client, for calls of at most `attempts` attempts (at least 1). Default: the
    /// configuration's [`RetryPolicy`](crate::RetryPolicy). A side effect is still tried
    /// again only when its request provably never left.
    pub fn with_max_attempts(&self, attempts: u32) -> Self {
        let mut client = self.clone();
        client.overrides.max_attempts = Some(attempts.max(1));
        client
    }

    /// Sends a request and decodes its answer, retrying as the endpoint's retry class and
    /// the configured [`RetryPolicy`](crate::RetryPolicy) allow.
    ///
    /// A side effect with an optional `customParm` sent without one gets a generated
    /// [`ReconciliationKey`] (unless [`ConfigBuilder::reconciliation_keys`](crate::ConfigBuilder::reconciliation_keys)
    /// is off), the same on every attempt. The `customParm` it went out with is on the
    /// answer (`reconciliation_key`) and on an [`OutcomeUnknown`](crate::OutcomeUnknown).
    pub async fn send<E: Endpoint>(&self, request: E) -> Result<E::Response, Error> {
        self.send_ref(&request).await
    }

    /// Like [`Client::send`], borrowing the request.
    pub async fn send_ref<E: Endpoint>(&self, request: &E) -> Result<E::Response, Error> {
        let span = tracing::debug_span!("ytx.call", endpoint = E::NAME, action = E::ACTION);
        // Drawn once, before the first attempt: every attempt carries the same key.
        let generated = self.key_for(request);
        let generated = generated.as_ref().map(ReconciliationKey::as_str);
        let custom_parm = request.own_custom_parm().or(generated);
        let encode = |app_id: &str| encode_body_keyed(request, app_id, generated);
        let answer = self
            .call(
                &Typed::<E>(PhantomData),
                encode,
                decode::<E::Response>,
                custom_parm,
            )
            .instrument(span)
            .await;
        // Known at compile time: an endpoint without `customParm` returns its answer as it
        // came, without a move.
        if E::HAS_CUSTOM_PARM {
            answer.map(|mut response| {
                if let Some(sent) = custom_parm {
                    E::keep_custom_parm(&mut response, sent);
                }
                response
            })
        } else {
            answer
        }
    }

    /// The key a request of `E` gets: a side effect with an optional `customParm`, sent
    /// without one, when the client generates keys. For a query, `false` at compile time.
    #[inline]
    fn key_for<E: Endpoint>(&self, request: &E) -> Option<ReconciliationKey> {
        let keyed = matches!(E::RETRY, RetryClass::SideEffect) && E::HAS_CUSTOM_PARM;
        (keyed && self.inner.config.reconciliation_keys() && request.own_custom_parm().is_none())
            .then(crate::key::new_reconciliation_key)
    }

    /// Sends a request to any func, url and action and returns the answer as JSON: for
    /// endpoints the SDK does not model yet. Signing, timeouts, retries (by the request's
    /// retry class) and errors are those of [`Client::send`].
    pub async fn send_raw(&self, request: &RawRequest) -> Result<serde_json::Value, Error> {
        let span = tracing::debug_span!(
            "ytx.call",
            endpoint = "RawRequest",
            action = request.action()
        );
        let encode = |app_id: &str| Ok(request.encode(app_id));
        self.call(request, encode, decode::<serde_json::Value>, None)
            .instrument(span)
            .await
    }

    /// As [`send_raw`](Client::send_raw), but the answer is returned exactly as the platform
    /// sent it: keys in its order, numbers with every digit.
    pub async fn send_raw_verbatim(&self, request: &RawRequest) -> Result<RawJson, Error> {
        let span = tracing::debug_span!(
            "ytx.call",
            endpoint = "RawRequest",
            action = request.action()
        );
        let encode = |app_id: &str| Ok(request.encode(app_id));
        self.call(request, encode, decode::<RawJson>, None)
            .instrument(span)
            .await
    }

    /// A call whose route, body and decoding are decided at run time: what
    /// [`Operation`](crate::Operation) sends through. It is compiled once, here, rather than
    /// once per endpoint, which keeps the cost of registering an endpoint small.
    pub(crate) async fn send_dynamic<R>(
        &self,
        route: Route<'static>,
        body: Vec<u8>,
        decode: fn(Bytes) -> Result<R, Error>,
    ) -> Result<R, Error> {
        let span = tracing::debug_span!("ytx.call", endpoint = route.name, action = route.action);
        self.call(&route, move |_| Ok(body), decode, None)
            .instrument(span)
            .await
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .field("app_id", &self.app_id)
            .field("overrides", &self.overrides)
            .field("clock", &self.inner.clock)
            .finish_non_exhaustive()
    }
}

/// What a request sent to a forward proxy in absolute form carries besides the path.
struct Forward {
    /// `http://host[:port]`, before the path.
    origin: String,
    /// `Proxy-Authorization`, when the proxy's URL has credentials.
    authorization: Option<HeaderValue>,
}

/// How a client reaches the platform: its own pool, called without a box, or a transport
/// given to the builder.
enum Wire {
    Pool(Pool),
    Custom(Arc<dyn Transport>),
}
