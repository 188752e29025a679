//! What a client tells its interceptors: each attempt before it is sent and after, and
//! each call when it ends. Called only when the client has interceptors.

use http::header::HeaderMap;

use super::Client;
use crate::error::Error;
use crate::intercept::{AddHeaders, Attempt, AttemptOutcome, CallOutcome, Outcome};
use crate::route::Target;

impl Client {
    /// Tells the interceptors an attempt is about to be sent; they may add headers.
    pub(super) fn before_attempt<T: Target>(
        &self,
        target: &T,
        number: u32,
        headers: &mut HeaderMap,
    ) {
        let attempt = intercept_attempt(target, number);
        let mut headers = AddHeaders::new(headers);
        for interceptor in self.inner.interceptors.iter() {
            interceptor.before_attempt(&attempt, &mut headers);
        }
    }

    /// Tells the interceptors how an attempt ended.
    pub(super) fn after_attempt<R, T: Target>(
        &self,
        target: &T,
        number: u32,
        started: tokio::time::Instant,
        status: Option<http::StatusCode>,
        result: &Result<R, Error>,
    ) {
        let attempt = intercept_attempt(target, number);
        let outcome = AttemptOutcome {
            elapsed: started.elapsed(),
            outcome: Outcome::of(result),
            status,
            error: result.as_ref().err(),
        };
        for interceptor in self.inner.interceptors.iter() {
            interceptor.after_attempt(&attempt, &outcome);
        }
    }

    /// Tells the interceptors a call succeeded.
    #[cold]
    pub(super) fn answered_call<T: Target>(
        &self,
        target: &T,
        started: tokio::time::Instant,
        attempts: u32,
    ) {
        self.call_ended(target, started, attempts, None);
    }

    /// Tells the interceptors (if any: `started` is set) a call failed with `error`, and
    /// returns it.
    pub(super) fn after_call<T: Target>(
        &self,
        target: &T,
        started: Option<tokio::time::Instant>,
        attempts: u32,
        error: Error,
    ) -> Error {
        if let Some(started) = started {
            self.call_ended(target, started, attempts, Some(&error));
        }
        error
    }

    fn call_ended<T: Target>(
        &self,
        target: &T,
        started: tokio::time::Instant,
        attempts: u32,
        error: Option<&Error>,
    ) {
        let route = target.route();
        let call = CallOutcome {
            endpoint: route.name,
            action: route.action,
            retry: route.retry,
            attempts,
            elapsed: started.elapsed(),
            outcome: error.map_or(Outcome::Success, Outcome::of_error),
            error,
        };
        for interceptor in self.inner.interceptors.iter() {
            interceptor.after_call(&call);
        }
    }
}

/// What an interceptor is told of attempt `number` of a call to `target`.
fn intercept_attempt<T: Target>(target: &T, number: u32) -> Attempt<'_> {
    let route = target.route();
    Attempt {
        endpoint: route.name,
        action: route.action,
        retry: route.retry,
        number,
    }
}
