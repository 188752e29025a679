//! [`MetricsInterceptor`]: calls and attempts as metrics, through the `metrics` facade
//! (feature `metrics`). Install any `metrics` recorder (a Prometheus exporter, StatsD, …)
//! and add the interceptor to the client.

use super::{Attempt, AttemptOutcome, CallOutcome, Interceptor};

/// Counts calls and attempts by endpoint and [`Outcome`](super::Outcome), and records
/// their latencies:
///
/// | metric | kind | labels |
/// |---|---|---|
/// | `ytx_calls_total` | counter | `endpoint`, `outcome` |
/// | `ytx_attempts_total` | counter | `endpoint`, `outcome` |
/// | `ytx_call_duration_seconds` | histogram | `endpoint`, `outcome` |
/// | `ytx_attempt_duration_seconds` | histogram | `endpoint` |
///
/// `endpoint` is the endpoint struct's name (`TemplateSms`), `outcome` one of
/// [`Outcome::as_str`](super::Outcome::as_str)'s. Neither holds a number or a body, and
/// both come from short fixed lists, so the series stay few.
#[derive(Debug, Clone, Copy, Default)]
pub struct MetricsInterceptor;

impl MetricsInterceptor {
    /// The interceptor.
    pub fn new() -> Self {
        Self
    }
}

impl Interceptor for MetricsInterceptor {
    fn after_attempt(&self, attempt: &Attempt<'_>, outcome: &AttemptOutcome<'_>) {
        let endpoint = attempt.endpoint;
        metrics::counter!(
            "ytx_attempts_total",
            "endpoint" => endpoint,
            "outcome" => outcome.outcome.as_str()
        )
        .increment(1);
        metrics::histogram!("ytx_attempt_duration_seconds", "endpoint" => endpoint)
            .record(outcome.elapsed.as_secs_f64());
    }

    fn after_call(&self, call: &CallOutcome<'_>) {
        let (endpoint, outcome) = (call.endpoint, call.outcome.as_str());
        metrics::counter!("ytx_calls_total", "endpoint" => endpoint, "outcome" => outcome)
            .increment(1);
        metrics::histogram!(
            "ytx_call_duration_seconds",
            "endpoint" => endpoint,
            "outcome" => outcome
        )
        .record(call.elapsed.as_secs_f64());
    }
}
