//! The call's deadline covers every attempt, the backoff and the waits for the client's
//! limits; the attempt's covers one; both, and the attempts, can be set per call. Time is
//! the runtime's paused clock, so nothing here waits for real.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http::Request;
use ytx_core::{
    Client, Config, Error, Exchange, RetryPolicy, TimeoutPhase, Transport, ytx_endpoint,
};

mod support;

use support::{Query, config};

/// A side effect, for the test.
#[ytx_endpoint(func = "sms", url = "TemplateSMS.wx", action = "templateSms")]
pub struct Send {
    /// The mobile.
    pub mobile: String,
}

/// A platform that takes every request and never answers.
#[derive(Clone, Default)]
struct Silent {
    requests: Arc<AtomicUsize>,
}

impl Transport for Silent {
    fn exchange<'a>(&'a self, _: Request<Bytes>, _: &'a Config) -> Exchange<'a> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        Box::pin(std::future::pending())
    }
}

fn client(config: ytx_core::ConfigBuilder, transport: &Silent) -> Client {
    Client::builder()
        .config(config.build().unwrap())
        .transport(transport.clone())
        .build()
        .unwrap()
}

fn timeout(err: &Error) -> (TimeoutPhase, Duration, bool) {
    let timeout = err
        .timeout()
        .unwrap_or_else(|| panic!("not a timeout: {err:?}"));
    (
        timeout.phase(),
        timeout.after(),
        timeout.may_have_been_sent(),
    )
}

#[tokio::test(start_paused = true)]
async fn the_call_timeout_ends_a_query_however_many_attempts_are_left() {
    let silent = Silent::default();
    let config = config()
        .call_timeout(Duration::from_secs(5))
        .attempt_timeout(Duration::from_secs(2))
        .retry(RetryPolicy::default().max_attempts(10));
    let started = tokio::time::Instant::now();
    let err = client(config, &silent)
        .send(Query::new())
        .await
        .unwrap_err();
    // Two attempts of 2 s and their backoff fit; the third is cut at 5 s.
    assert_eq!(silent.requests.load(Ordering::Relaxed), 3);
    assert_eq!(
        timeout(&err),
        (TimeoutPhase::Call, Duration::from_secs(5), true)
    );
    assert_eq!(started.elapsed(), Duration::from_secs(5));
    assert!(err.to_string().contains("call timeout"), "{err}");
}

#[tokio::test(start_paused = true)]
async fn the_attempt_timeout_ends_each_attempt() {
    let silent = Silent::default();
    let config = config()
        .attempt_timeout(Duration::from_secs(2))
        .retry(RetryPolicy::default().max_attempts(2));
    let err = client(config, &silent)
        .send(Query::new())
        .await
        .unwrap_err();
    assert_eq!(silent.requests.load(Ordering::Relaxed), 2);
    assert_eq!(
        timeout(&err),
        (TimeoutPhase::Attempt, Duration::from_secs(2), true)
    );
}

#[tokio::test(start_paused = true)]
async fn a_side_effect_cut_by_the_call_timeout_is_an_unknown_outcome_sent_once() {
    let silent = Silent::default();
    let config = config()
        .call_timeout(Duration::from_secs(3))
        .retry(RetryPolicy::default().max_attempts(10));
    let err = client(config, &silent)
        .send(Send::new("13911281234"))
        .await
        .unwrap_err();
    assert!(err.is_outcome_unknown(), "{err:?}");
    assert_eq!(
        timeout(&err),
        (TimeoutPhase::Call, Duration::from_secs(3), true)
    );
    assert_eq!(silent.requests.load(Ordering::Relaxed), 1);
}

#[tokio::test(start_paused = true)]
async fn a_call_that_waited_out_its_deadline_for_the_limits_sent_nothing() {
    let silent = Silent::default();
    let config = config()
        .max_in_flight(1)
        .call_timeout(Duration::from_secs(1));
    let client = client(config, &silent);
    // The only place in flight is held by a call that never ends.
    let holder = tokio::spawn({
        let client = client.with_call_timeout(Duration::from_secs(3600));
        async move { client.send(Query::new()).await }
    });
    tokio::task::yield_now().await;
    let err = client.send(Send::new("13911281234")).await.unwrap_err();
    assert_eq!(
        timeout(&err),
        (TimeoutPhase::Call, Duration::from_secs(1), false)
    );
    assert!(!err.is_outcome_unknown() && !err.may_have_reached_platform());
    assert!(
        err.to_string().contains("before the request was sent"),
        "{err}"
    );
    assert_eq!(
        silent.requests.load(Ordering::Relaxed),
        1,
        "only the holder's"
    );
    holder.abort();
}

#[tokio::test(start_paused = true)]
async fn a_call_overrides_the_timeouts_and_attempts_of_its_configuration() {
    let silent = Silent::default();
    let client = client(config(), &silent);
    let err = client
        .with_call_timeout(Duration::from_secs(7))
        .with_attempt_timeout(Duration::from_secs(1))
        .with_max_attempts(2)
        .send(Query::new())
        .await
        .unwrap_err();
    assert_eq!(silent.requests.load(Ordering::Relaxed), 2);
    assert_eq!(timeout(&err).0, TimeoutPhase::Attempt);
    assert_eq!(timeout(&err).1, Duration::from_secs(1));
    // The defaults are untouched: 30 s an attempt, 60 s a call, 3 attempts.
    let started = tokio::time::Instant::now();
    let err = client.send(Query::new()).await.unwrap_err();
    assert_eq!(
        timeout(&err),
        (TimeoutPhase::Call, Duration::from_secs(60), true)
    );
    assert_eq!(started.elapsed(), Duration::from_secs(60));
    assert_eq!(
        silent.requests.load(Ordering::Relaxed),
        2 + 2,
        "30 s, then 30 s cut"
    );
    // At least one attempt.
    let once = client
        .with_max_attempts(0)
        .with_attempt_timeout(Duration::from_secs(1));
    once.send(Query::new()).await.unwrap_err();
    assert_eq!(silent.requests.load(Ordering::Relaxed), 2 + 2 + 1);
}
