//! The client: one generic `send` for every endpoint.
//!
//! `send` encodes the body, takes one timestamp from the clock, signs, builds
//! `POST {base}/{version}/sid/{accountSID}/{func}/{url}?Sign={Sign}`, sends it over the
//! pooled connection under the request deadline, and decodes the answer.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HOST, HeaderValue};
use http::uri::PathAndQuery;
use http::{Method, Request, Uri};
use http_body_util::Full;
use tracing::Instrument as _;

use chrono::{DateTime, Utc};

use ytx_protocol::sign::{self, Timestamp};
use ytx_protocol::{
    EncodeError, Endpoint, RawJson, RawRequest, ReconciliationKey, RetryClass, encode_body,
    encode_body_keyed,
};

use crate::clock::Clock;
use crate::config::Config;
use crate::decode::decode;
use crate::detach::{AbandonedHook, Detachable, Orphan};
use crate::error::{Error, HttpStatusError, OutcomeUnknown, TimeoutPhase};
use crate::limits::Limits;
use crate::pool::Pool;
use crate::retry::{self, RetryBudget};
use crate::route::{Route, Target, Typed};
use crate::seam::{Answer, Transport};
use crate::transport::{self, Deadline};

mod builder;
mod reconcile;

pub use builder::ClientBuilder;
pub use reconcile::Reconciler;

const ACCEPT_VALUE: HeaderValue = HeaderValue::from_static("application/json;");
const CONTENT_TYPE_VALUE: HeaderValue = HeaderValue::from_static("application/json;charset=utf-8;");

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
    budget: RetryBudget,
    limits: Limits,
    on_abandoned: Option<AbandonedHook>,
}

/// Settings of this handle's calls that differ from the configuration's.
#[derive(Debug, Clone, Copy, Default)]
struct Overrides {
    call_timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    max_attempts: Option<u32>,
}

impl Client {
    /// A client with the system clock.
    pub fn new(config: Config) -> Self {
        Self::builder(config).build()
    }

    /// A client configured from `YTX_*` environment variables (see [`Config::from_env`]).
    pub fn from_env() -> Result<Self, Error> {
        Ok(Self::new(Config::from_env()?))
    }

    /// Starts a client with non-default parts (a fixed clock for tests).
    pub fn builder(config: Config) -> ClientBuilder {
        ClientBuilder::new(config)
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
    /// answer (`reconciliation_key`) and on an [`OutcomeUnknown`].
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

    // The route is asked of `target` where it is needed rather than kept across the awaits:
    // for an endpoint type it is constants, and the future stays as small as before.
    // `custom_parm` is the body's, when the caller knows it; else an unknown outcome reads
    // it from the body.
    async fn call<R, T: Target>(
        &self,
        target: &T,
        encode: impl FnOnce(&str) -> Result<Vec<u8>, EncodeError>,
        decode: impl Fn(Bytes) -> Result<R, Error>,
        custom_parm: Option<&str>,
    ) -> Result<R, Error> {
        // A raw request may name its own app.
        if self.app_id.is_empty() && !target.names_its_app() {
            return Err(EncodeError::empty_required("appid").into());
        }
        // Encoded once: retries resend the same body under a fresh timestamp and Sign.
        let body = Bytes::from(encode(&self.app_id)?);
        let config = &self.inner.config;
        let policy = config.retry_policy();
        let attempts = self.overrides.max_attempts.unwrap_or(policy.attempts());
        let timeouts = Timeouts {
            call: self.overrides.call_timeout.unwrap_or(config.call_timeout()),
            attempt: self
                .overrides
                .attempt_timeout
                .unwrap_or(config.attempt_timeout()),
        };
        // Set at the call's first reading of the clock.
        let mut call_deadline = None;
        let mut attempt = 1;
        loop {
            let (result, sent_at) = self
                .attempt(
                    target,
                    body.clone(),
                    attempt,
                    &decode,
                    timeouts,
                    &mut call_deadline,
                )
                .await;
            let error = match result {
                Ok(response) => {
                    self.inner.budget.refund();
                    return Ok(response);
                }
                Err(error) => error,
            };
            let delay = policy.delay(attempt);
            // No attempt starts after the call's deadline: the last error is the answer.
            let in_time = call_deadline
                .is_none_or(|deadline: Deadline| tokio::time::Instant::now() + delay < deadline.at);
            let again = attempt < attempts
                && retry::retryable(target.route().retry, &error)
                && in_time
                && self.inner.budget.try_spend();
            if !again {
                return Err(self.settle(target, error, &body, sent_at, attempt, custom_parm));
            }
            tracing::debug!(attempt, delay_ms = delay.as_millis() as u64, error = %error, "retrying");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// One attempt: sign, send, decode. Returns the timestamp it was signed with.
    #[allow(clippy::too_many_arguments)]
    async fn attempt<R, T: Target>(
        &self,
        target: &T,
        body: Bytes,
        attempt: u32,
        decode: &impl Fn(Bytes) -> Result<R, Error>,
        timeouts: Timeouts,
        call_deadline: &mut Option<Deadline>,
    ) -> (Result<R, Error>, Option<Timestamp>) {
        // Waits for the client's limits first, so the timestamp is taken when it goes.
        let limits = &self.inner.limits;
        let _in_flight = if limits.open() {
            None
        } else {
            let deadline = *call_deadline
                .get_or_insert_with(|| timeouts.call_from(tokio::time::Instant::now()));
            match before(deadline.at, limits.admit()).await {
                Some(permit) => permit,
                None => return (Err(deadline.ran_out(false)), None),
            }
        };
        let now = self.inner.clock.now();
        let timestamp = match Timestamp::from_utc(now) {
            Ok(timestamp) => timestamp,
            Err(err) => return (Err(EncodeError::Timestamp(err).into()), None),
        };
        let http_request = match self.signed(target, body, &timestamp) {
            Ok(request) => request,
            Err(err) => return (Err(err), Some(timestamp)),
        };
        let started = tokio::time::Instant::now();
        let call = *call_deadline.get_or_insert_with(|| timeouts.call_from(started));
        let overall = Deadline::attempt(started, timeouts.attempt).min(call);
        let answered = if target.route().retry == RetryClass::SideEffect {
            // Finished in the background if the caller stops waiting once it may have left.
            self.detachable(target, http_request, timestamp, started, overall, attempt)
                .await
        } else {
            let handed = AtomicBool::new(false);
            match &self.inner.wire {
                Wire::Pool(pool) => {
                    let request = http_request.map(Full::new);
                    let config = &self.inner.config;
                    transport::exchange(pool, request, config, started, overall, &handed).await
                }
                Wire::Custom(transport) => before(
                    overall.at,
                    transport.exchange(http_request, &self.inner.config),
                )
                .await
                .unwrap_or_else(|| Err(overall.ran_out(true))),
            }
        };
        let result = match answered {
            Err(err) => Err(err),
            Ok(received) if !received.status.is_success() => Err(Error::HttpStatus(Box::new(
                HttpStatusError::new(received.status, received.body),
            ))),
            Ok(received) => decode(received.body)
                .map_err(|err| with_clock_skew(err, received.date.as_ref(), now)),
        };
        match &result {
            Err(Error::Api(api)) if *api.code() == ytx_protocol::ApiCode::RateLimited => {
                self.inner.limits.rate_limited()
            }
            Ok(_) | Err(Error::Api(_)) => self.inner.limits.answered(),
            Err(_) => {}
        }
        // Read the clock only for an event that is logged.
        let latency_ms = || started.elapsed().as_millis() as u64;
        match &result {
            Ok(_) => tracing::debug!(attempt, status = "0", latency_ms = latency_ms(), "answered"),
            Err(Error::Api(api)) => {
                tracing::debug!(
                    attempt,
                    status = api.code().as_wire(),
                    latency_ms = latency_ms(),
                    "answered"
                )
            }
            Err(err) => tracing::debug!(attempt, latency_ms = latency_ms(), error = %err, "failed"),
        }
        (result, Some(timestamp))
    }

    /// A side effect's attempt, which owns what it needs, so that it can be finished in the
    /// background if its caller stops waiting (see [`Detachable`]).
    fn detachable<T: Target>(
        &self,
        target: &T,
        request: Request<Bytes>,
        sent_at: Timestamp,
        started: tokio::time::Instant,
        overall: Deadline,
        attempts: u32,
    ) -> Detachable {
        let handed = Arc::new(AtomicBool::new(false));
        let orphan = Orphan {
            endpoint: target.route().name,
            sent_at,
            body: request.body().clone(),
            attempts,
            hook: self.inner.on_abandoned.clone(),
        };
        let inner = Arc::clone(&self.inner);
        let flag = Arc::clone(&handed);
        let exchange =
            Box::pin(async move { inner.exchange(request, started, overall, &flag).await });
        Detachable::new(exchange, handed, orphan)
    }

    /// The signed request `send` would send now, without sending it. For benchmarks of the
    /// per-call work; not a public API (the request carries the Sign and Authorization).
    #[doc(hidden)]
    pub fn __prepare<E: Endpoint>(&self, request: &E) -> Result<Request<Full<Bytes>>, Error> {
        let body = Bytes::from(encode_body(request, &self.app_id)?);
        let timestamp =
            Timestamp::from_utc(self.inner.clock.now()).map_err(EncodeError::Timestamp)?;
        Ok(self
            .signed(&Typed::<E>(PhantomData), body, &timestamp)?
            .map(Full::new))
    }

    /// The error a caller sees: for a side effect whose outcome is unknown, one that says so.
    fn settle<T: Target>(
        &self,
        target: &T,
        error: Error,
        body: &Bytes,
        sent_at: Option<Timestamp>,
        attempts: u32,
        sent_custom_parm: Option<&str>,
    ) -> Error {
        let route = target.route();
        let (RetryClass::SideEffect, Some(sent_at)) = (route.retry, sent_at) else {
            return error;
        };
        if !retry::outcome_unknown(&error) {
            return error;
        }
        tracing::warn!(attempts, error = %error, "side effect's outcome unknown: not retried");
        Error::OutcomeUnknown(Box::new(OutcomeUnknown {
            endpoint: route.name.to_owned(),
            action: route.action.to_owned(),
            sent_at,
            custom_parm: sent_custom_parm
                .map(str::to_owned)
                .or_else(|| custom_parm(body)),
            attempts,
            body: body.clone(),
            cause: error,
        }))
    }

    /// Builds the signed request: one timestamp for both `Sign` and `Authorization`.
    fn signed<T: Target>(
        &self,
        target: &T,
        body: Bytes,
        timestamp: &Timestamp,
    ) -> Result<Request<Bytes>, Error> {
        let route = target.route();
        let config = &self.inner.config;
        let sid = config.account_sid();
        let sign = sign::sign(sid, config.auth_token(), timestamp);

        let base = config.base_url();
        let mut path = String::from(base.prefix());
        sign::write_request_path(&mut path, route.version, sid, route.func, route.url, &sign);
        let invalid = || EncodeError::invalid_path(route.func, route.url);
        // Origin form (`/201612/sid/…?Sign=…`), as HTTP/1.1 sends it; the host goes in `Host`.
        let uri = Uri::from(PathAndQuery::from_maybe_shared(path).map_err(|_| invalid())?);

        // Base64 text is always a valid header value; the error arm only keeps this panic-free.
        let authorization = authorization_header(sid, timestamp)
            .ok_or_else(|| EncodeError::json("Authorization", "not a valid header value"))?;
        let mut request = Request::new(body);
        *request.method_mut() = Method::POST;
        *request.uri_mut() = uri;
        let headers = request.headers_mut();
        headers.insert(ACCEPT, ACCEPT_VALUE);
        headers.insert(CONTENT_TYPE, CONTENT_TYPE_VALUE);
        headers.insert(AUTHORIZATION, authorization);
        headers.insert(HOST, self.inner.host.clone());
        Ok(request)
    }
}

/// A -202 with the platform's `Date`: the API error notes how far the local clock is off.
fn with_clock_skew(error: Error, date: Option<&HeaderValue>, now: DateTime<Utc>) -> Error {
    match (error, date.and_then(|value| value.to_str().ok())) {
        (Error::Api(mut api), Some(date)) => {
            api.note_platform_date(date, now);
            Error::Api(api)
        }
        (error, _) => error,
    }
}

/// The `Authorization` header, marked sensitive, built without intermediate strings. The
/// configuration keeps the account id short enough for that.
fn authorization_header(account_sid: &str, timestamp: &Timestamp) -> Option<HeaderValue> {
    sign::with_authorization(account_sid, timestamp, |text| {
        let mut header = HeaderValue::from_bytes(text).ok()?;
        header.set_sensitive(true);
        Some(header)
    })
    .flatten()
}

/// The `customParm` of an encoded body, for reconciling an unknown outcome.
fn custom_parm(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    value.get("customParm")?.as_str().map(str::to_owned)
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

/// How a client reaches the platform: its own pool, called without a box, or a transport
/// given to the builder.
enum Wire {
    Pool(Pool),
    Custom(Arc<dyn Transport>),
}

impl Inner {
    /// Sends a signed request and reads its answer, by `overall`. `handed` is set once the
    /// request is in a connection's hands (for a transport of the application's own, at
    /// once: it cannot say).
    async fn exchange(
        &self,
        request: Request<Bytes>,
        started: tokio::time::Instant,
        overall: Deadline,
        handed: &AtomicBool,
    ) -> Result<Answer, Error> {
        match &self.wire {
            Wire::Pool(pool) => {
                let request = request.map(Full::new);
                transport::exchange(pool, request, &self.config, started, overall, handed).await
            }
            Wire::Custom(transport) => {
                handed.store(true, Ordering::Relaxed);
                before(overall.at, transport.exchange(request, &self.config))
                    .await
                    .unwrap_or_else(|| Err(overall.ran_out(true)))
            }
        }
    }
}

/// A call's two deadlines' lengths, after its handle's overrides.
#[derive(Clone, Copy)]
struct Timeouts {
    call: Duration,
    attempt: Duration,
}

impl Timeouts {
    /// The call's deadline, for a call whose clock starts at `start`.
    #[inline]
    fn call_from(self, start: tokio::time::Instant) -> Deadline {
        Deadline {
            at: start + self.call,
            phase: TimeoutPhase::Call,
            length: self.call,
        }
    }
}

/// `future`'s output, or `None` if `deadline` passes first.
async fn before<T>(
    deadline: tokio::time::Instant,
    future: impl std::future::Future<Output = T>,
) -> Option<T> {
    tokio::time::timeout_at(deadline, future).await.ok()
}
