//! One call: its attempts under the call's and each attempt's deadlines, the backoff
//! between them, the side effect's attempt that outlives its caller, and the error a caller
//! sees when it fails.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use http::Request;
use http::header::HeaderValue;
use http_body_util::Full;
use ytx_protocol::{EncodeError, RetryClass, Timestamp};

use super::{Client, Inner, Wire};
use crate::detach::{Detachable, Orphan};
use crate::error::{Error, HttpStatusError, OutcomeUnknown, TimeoutPhase};
use crate::retry;
use crate::route::Target;
use crate::seam::Answer;
use crate::transport::{self, Deadline};

impl Client {
    // The route is asked of `target` where it is needed rather than kept across the awaits:
    // for an endpoint type it is constants, and the future stays as small as before.
    // `custom_parm` is the body's, when the caller knows it; else an unknown outcome reads
    // it from the body.
    pub(super) async fn call<R, T: Target>(
        &self,
        target: &T,
        encode: impl FnOnce(&str) -> Result<Vec<u8>, EncodeError>,
        decode: impl Fn(Bytes) -> Result<R, Error>,
        custom_parm: Option<&str>,
    ) -> Result<R, Error> {
        // Read only for interceptors: with none, the clock is not read for them.
        let call_started = (!self.inner.interceptors.is_empty()).then(tokio::time::Instant::now);
        // A raw request may name its own app.
        if self.app_id.is_empty() && !target.names_its_app() {
            let error = EncodeError::empty_required("appid").into();
            return Err(self.after_call(target, call_started, 0, error));
        }
        // Encoded once: retries resend the same body under a fresh timestamp and Sign.
        let body = match encode(&self.app_id) {
            Ok(body) => Bytes::from(body),
            Err(error) => return Err(self.after_call(target, call_started, 0, error.into())),
        };
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
                    if let Some(started) = call_started {
                        self.answered_call(target, started, attempt);
                    }
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
                let error = self.settle(target, error, &body, sent_at, attempt, custom_parm);
                return Err(self.after_call(target, call_started, attempt, error));
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
        let mut http_request = match self.signed(target, body, &timestamp) {
            Ok(request) => request,
            Err(err) => return (Err(err), Some(timestamp)),
        };
        let intercepted = !self.inner.interceptors.is_empty();
        if intercepted {
            self.before_attempt(target, attempt, http_request.headers_mut());
        }
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
        let status = answered.as_ref().ok().map(|received| received.status);
        let result = match answered {
            Err(err) => Err(err),
            Ok(received) if !received.status.is_success() => Err(Error::HttpStatus(Box::new(
                HttpStatusError::new(received.status, received.body),
            ))),
            Ok(received) => decode(received.body)
                .map_err(|err| with_clock_skew(err, received.date.as_ref(), now)),
        };
        if intercepted {
            self.after_attempt(target, attempt, started, status, &result);
        }
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

/// The `customParm` of an encoded body, for reconciling an unknown outcome.
fn custom_parm(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    value.get("customParm")?.as_str().map(str::to_owned)
}
