//! When a failed call is tried again.
//!
//! - A request that provably never left (no connection: refused, unreachable, DNS, connect
//!   timeout) is retried whatever the endpoint: it cannot have taken effect.
//! - A safe query is also retried after transport failures, timeouts, HTTP 5xx and `-104`
//!   (rate limited). A `-104` also pauses the whole client (1 s, doubling for each one in a
//!   row, up to 16 s), so the retry goes after the pause, not at once.
//! - A side effect (a call, an SMS, a charge) is never retried once its bytes may have left.
//!   If its outcome is then unknown, the error is [`Error::OutcomeUnknown`](crate::Error::OutcomeUnknown),
//!   so the caller reconciles instead of paying twice.
//!
//! Attempts are spaced by exponential backoff with full jitter, and every client (with its
//! clones) shares a retry budget, so a failing platform is not hammered.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use ytx_protocol::{ApiCode, RetryClass};

use crate::error::{Error, TimeoutPhase};

/// Default attempts per call, the first included: 3.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
/// Default wait before the second attempt (before jitter): 100 ms. It doubles per attempt.
pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(100);
/// Default longest wait between attempts (before jitter): 2 s.
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(2);

/// How failed calls are retried. Set with
/// [`ConfigBuilder::retry`](crate::ConfigBuilder::retry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            initial_backoff: DEFAULT_INITIAL_BACKOFF,
            max_backoff: DEFAULT_MAX_BACKOFF,
        }
    }
}

impl RetryPolicy {
    /// One attempt only.
    pub fn never() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Attempts per call, the first included; at least 1. Default: [`DEFAULT_MAX_ATTEMPTS`].
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the second attempt and the longest wait. Defaults:
    /// [`DEFAULT_INITIAL_BACKOFF`], [`DEFAULT_MAX_BACKOFF`].
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// The attempts allowed.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait after failed attempt `attempt` (1-based): a random time up to
    /// `initial × 2^(attempt-1)`, capped at the maximum ("full jitter").
    pub(crate) fn delay(&self, attempt: u32) -> Duration {
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32 << (attempt - 1).min(16))
            .min(self.max_backoff);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        if nanos == 0 {
            return Duration::ZERO;
        }
        Duration::from_nanos(random() % (nanos + 1))
    }
}

/// A random number without a random-number crate: each `RandomState` is freshly keyed.
fn random() -> u64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u8(0);
    hasher.finish()
}

/// Whether `error`, from an endpoint of `class`, is worth another attempt.
pub(crate) fn retryable(class: RetryClass, error: &Error) -> bool {
    if !error.may_have_reached_platform() {
        return match error {
            Error::Connect(_) => true,
            // The call's own deadline is spent: another attempt has no time left.
            Error::Timeout(timeout) => timeout.phase() != TimeoutPhase::Call,
            _ => false,
        };
    }
    class == RetryClass::SafeQuery
        && match error {
            Error::Timeout(timeout) => timeout.phase() != TimeoutPhase::Call,
            Error::Send(_) | Error::Body(_) => true,
            Error::HttpStatus(answer) => answer.status().is_server_error(),
            Error::Api(api) => *api.code() == ApiCode::RateLimited,
            _ => false,
        }
}

/// Whether `error` leaves a side effect's outcome unknown: the request may have been
/// carried out and no definite answer says whether it was.
pub(crate) fn outcome_unknown(error: &Error) -> bool {
    match error {
        Error::Send(_) | Error::Body(_) | Error::BodyTooLarge(_) | Error::Decode(_) => true,
        Error::Timeout(timeout) => timeout.may_have_been_sent(),
        Error::HttpStatus(answer) => answer.status().is_server_error(),
        Error::Api(api) => *api.code() == ApiCode::InternalError,
        _ => false,
    }
}

/// Retries a client (and its clones) may spend: each retry costs tokens, each success
/// returns one. When the tokens run out, failures are returned at once instead of retried,
/// until successes refill the budget. (The AWS SDKs' "retry quota", in miniature.)
#[derive(Debug)]
pub(crate) struct RetryBudget {
    tokens: AtomicU32,
}

/// Tokens a full budget holds.
pub(crate) const BUDGET_CAPACITY: u32 = 500;
/// Tokens one retry costs: a full budget allows 100 retries in a row.
const RETRY_COST: u32 = 5;

impl RetryBudget {
    pub(crate) fn new() -> Self {
        Self {
            tokens: AtomicU32::new(BUDGET_CAPACITY),
        }
    }

    pub(crate) fn try_spend(&self) -> bool {
        self.tokens
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |tokens| {
                tokens.checked_sub(RETRY_COST)
            })
            .is_ok()
    }

    pub(crate) fn refund(&self) {
        let _ = self
            .tokens
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |tokens| {
                (tokens < BUDGET_CAPACITY).then_some(tokens + 1)
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_stays_under_its_cap() {
        let policy =
            RetryPolicy::default().backoff(Duration::from_millis(100), Duration::from_millis(250));
        for _ in 0..100 {
            assert!(policy.delay(1) <= Duration::from_millis(100));
            assert!(policy.delay(2) <= Duration::from_millis(200));
            assert!(policy.delay(30) <= Duration::from_millis(250));
        }
        let delays: std::collections::HashSet<Duration> =
            (0..20).map(|_| policy.delay(3)).collect();
        assert!(delays.len() > 1, "jittered");
    }

    fn api(code: &str) -> Error {
        let body = format!(r#"{{"statusCode":"{code}"}}"#);
        ytx_protocol::decode::<serde_json::Value>(body.into())
            .unwrap_err()
            .into()
    }

    fn status(code: u16) -> Error {
        Error::HttpStatus(Box::new(crate::HttpStatusError::new(
            http::StatusCode::from_u16(code).unwrap(),
            bytes::Bytes::new(),
        )))
    }

    #[test]
    fn what_is_retried_by_class() {
        use RetryClass::{SafeQuery as Q, SideEffect as S};
        let second = Duration::from_secs(1);
        let timeout = |phase| Error::Timeout(crate::TimeoutError::new(phase, second));
        // (error, retried as a query, retried as a side effect, outcome unknown)
        let table = [
            (Error::Connect("refused".into()), true, true, false),
            (timeout(TimeoutPhase::Connect), true, true, false),
            (Error::Send("reset".into()), true, false, true),
            (timeout(TimeoutPhase::Headers), true, false, true),
            (timeout(TimeoutPhase::Body), true, false, true),
            (timeout(TimeoutPhase::Attempt), true, false, true),
            (
                Error::Timeout(
                    crate::TimeoutError::new(TimeoutPhase::Attempt, second).before_sending(),
                ),
                true,
                true,
                false,
            ),
            (timeout(TimeoutPhase::Call), false, false, true),
            (
                Error::Timeout(
                    crate::TimeoutError::new(TimeoutPhase::Call, second).before_sending(),
                ),
                false,
                false,
                false,
            ),
            (Error::Body("eof".into()), true, false, true),
            (status(503), true, false, true),
            (status(404), false, false, false),
            (api("-104"), true, false, false),
            (api("-100"), false, false, true),
            (api("-2"), false, false, false),
            (
                Error::BodyTooLarge(crate::BodyTooLargeError::new(1)),
                false,
                false,
                true,
            ),
            (
                Error::from(crate::ConfigError::Missing { name: "app_id" }),
                false,
                false,
                false,
            ),
        ];
        for (error, query, side_effect, unknown) in table {
            assert_eq!(retryable(Q, &error), query, "{error:?} as a query");
            assert_eq!(
                retryable(S, &error),
                side_effect,
                "{error:?} as a side effect"
            );
            assert_eq!(outcome_unknown(&error), unknown, "{error:?} outcome");
        }
    }

    #[test]
    fn never_means_one_attempt() {
        assert_eq!(RetryPolicy::never().attempts(), 1);
        assert_eq!(RetryPolicy::default().max_attempts(0).attempts(), 1);
    }

    #[test]
    fn the_budget_runs_out_and_refills() {
        let budget = RetryBudget::new();
        let spent = (0..1000).take_while(|_| budget.try_spend()).count();
        assert_eq!(spent, (BUDGET_CAPACITY / RETRY_COST) as usize);
        for _ in 0..RETRY_COST {
            budget.refund();
        }
        assert!(budget.try_spend());
        assert!(!budget.try_spend());
    }
}
