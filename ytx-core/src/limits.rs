//! Client-side limits: a rate in requests per second, a cap on requests in flight (both off
//! by default), and the pause a `-104` (请求频率过高) answer calls for (always on).
//!
//! Every attempt is admitted here before it takes its timestamp, so a request that waited
//! is still signed with a fresh one. A `-104` pauses the whole client (and its clones): 1 s
//! after the first, doubling with each `-104` in a row up to 16 s, and any other answer
//! ends the run. A query that got it is retried after the pause rather than at once.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit};
use tokio::time::Instant;

use crate::config::Config;

/// The pause after a first `-104`.
pub(crate) const RATE_LIMITED_PAUSE: Duration = Duration::from_secs(1);
/// The longest pause after `-104`s in a row.
pub(crate) const MAX_RATE_LIMITED_PAUSE: Duration = Duration::from_secs(16);

/// A client's limits, shared by its clones.
#[derive(Debug)]
pub(crate) struct Limits {
    /// Neither a rate nor a cap is set: only a pause can hold a request.
    unlimited: bool,
    in_flight: Option<Semaphore>,
    pacer: Option<Pacer>,
    pause: Pause,
}

/// Even spacing: each request takes the next free slot, `interval` after the last.
#[derive(Debug)]
struct Pacer {
    interval: Duration,
    next: Mutex<Instant>,
}

/// The pause after `-104`: until when (nanoseconds after `epoch`; 0 for none), and how many
/// came in a row.
#[derive(Debug)]
struct Pause {
    epoch: Instant,
    until: AtomicU64,
    strikes: AtomicU32,
}

impl Limits {
    pub(crate) fn new(config: &Config) -> Self {
        let now = Instant::now();
        Self {
            unlimited: config.max_in_flight().is_none() && config.rate_limit().is_none(),
            in_flight: config.max_in_flight().map(Semaphore::new),
            pacer: config.rate_limit().map(|per_second| Pacer {
                interval: Duration::from_secs_f64(1.0 / per_second),
                next: Mutex::new(now),
            }),
            pause: Pause {
                epoch: now,
                until: AtomicU64::new(0),
                strikes: AtomicU32::new(0),
            },
        }
    }

    /// Whether a request may go without waiting: no limit is set and no pause is on. Checked
    /// before [`admit`](Limits::admit), so the unlimited path costs one load.
    #[inline]
    pub(crate) fn open(&self) -> bool {
        self.unlimited && self.pause.until.load(Ordering::Relaxed) == 0
    }

    /// Waits until a request may go: after any pause, for a place in flight (held by the
    /// returned permit until the answer is read), then for its slot.
    pub(crate) async fn admit(&self) -> Option<SemaphorePermit<'_>> {
        self.pause.wait().await;
        let permit = match &self.in_flight {
            // The semaphore is never closed, so acquiring only waits.
            Some(places) => places.acquire().await.ok(),
            None => None,
        };
        if let Some(pacer) = &self.pacer {
            pacer.wait().await;
        }
        permit
    }

    /// The platform answered `-104`: pause the client.
    pub(crate) fn rate_limited(&self) {
        let strikes = self.pause.strikes.fetch_add(1, Ordering::Relaxed).min(8);
        let pause = RATE_LIMITED_PAUSE
            .saturating_mul(1 << strikes)
            .min(MAX_RATE_LIMITED_PAUSE);
        let until = self.pause.epoch.elapsed().saturating_add(pause);
        let nanos = u64::try_from(until.as_nanos()).unwrap_or(u64::MAX).max(1);
        self.pause.until.fetch_max(nanos, Ordering::Relaxed);
    }

    /// The platform answered something else: a run of `-104`s is over.
    pub(crate) fn answered(&self) {
        if self.pause.strikes.load(Ordering::Relaxed) != 0 {
            self.pause.strikes.store(0, Ordering::Relaxed);
        }
    }
}

impl Pause {
    async fn wait(&self) {
        let until = self.until.load(Ordering::Relaxed);
        if until == 0 {
            return;
        }
        let deadline = self.epoch + Duration::from_nanos(until);
        if deadline > Instant::now() {
            tokio::time::sleep_until(deadline).await;
        }
    }
}

impl Pacer {
    async fn wait(&self) {
        let slot = {
            let mut next = self
                .next
                .lock()
                .unwrap_or_else(|poison| poison.into_inner());
            let slot = (*next).max(Instant::now());
            *next = slot + self.interval;
            slot
        };
        if slot > Instant::now() {
            tokio::time::sleep_until(slot).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(build: impl FnOnce(crate::ConfigBuilder) -> crate::ConfigBuilder) -> Limits {
        let builder = Config::builder()
            .account_sid("sid")
            .auth_token("token")
            .app_id("app");
        Limits::new(&build(builder).build().unwrap())
    }

    #[tokio::test(start_paused = true)]
    async fn the_rate_spaces_requests_evenly() {
        let limits = limits(|b| b.rate_limit(10.0));
        let start = Instant::now();
        for _ in 0..21 {
            limits.admit().await;
        }
        // The first goes at once, each next 100 ms later (the clock is paused: exact).
        assert_eq!(start.elapsed(), Duration::from_secs(2));
    }

    #[tokio::test(start_paused = true)]
    async fn in_flight_places_are_held_until_the_permit_is_dropped() {
        let limits = limits(|b| b.max_in_flight(2));
        let first = limits.admit().await;
        let second = limits.admit().await;
        assert!(first.is_some() && second.is_some());
        let third = tokio::time::timeout(Duration::from_secs(60), limits.admit()).await;
        assert!(third.is_err(), "a third request waits");
        drop(first);
        assert!(limits.admit().await.is_some());
    }

    #[tokio::test(start_paused = true)]
    async fn rate_limited_answers_pause_the_client_longer_each_time_in_a_row() {
        let limits = limits(|b| b);
        let start = Instant::now();
        limits.admit().await;
        assert_eq!(start.elapsed(), Duration::ZERO, "no pause before any -104");
        for expected in [1, 2, 4, 8, 16, 16] {
            let before = Instant::now();
            limits.rate_limited();
            limits.admit().await;
            assert_eq!(before.elapsed(), Duration::from_secs(expected));
        }
        limits.answered();
        let before = Instant::now();
        limits.rate_limited();
        limits.admit().await;
        assert_eq!(before.elapsed(), RATE_LIMITED_PAUSE, "the run was over");
    }
}

#[cfg(test)]
mod client_tests {
    use std::time::Duration;

    use tokio::time::Instant;
    use ytx_protocol::{RawRequest, RetryClass};

    use crate::testing::Scripted;
    use crate::{Client, Config};

    fn scripted_client(transport: &Scripted) -> Client {
        let config = Config::builder()
            .account_sid("sid")
            .auth_token("token")
            .app_id("app")
            .build()
            .unwrap();
        Client::builder()
            .config(config)
            .transport(transport.clone())
            .build()
            .unwrap()
    }

    const RATE_LIMITED: &str = r#"{"statusCode":"-104","statusMsg":"请求频率过高"}"#;

    #[tokio::test(start_paused = true)]
    async fn a_rate_limited_query_is_retried_after_the_pause_not_at_once() {
        let transport = Scripted::new()
            .answer(RATE_LIMITED)
            .answer(r#"{"statusCode":"0","Blance":"7.08"}"#);
        let client = scripted_client(&transport);
        let query = RawRequest::new("account/getBlance.wx", "queryBlance")
            .unwrap()
            .retry(RetryClass::SafeQuery);
        let start = Instant::now();
        let answer = client.send_raw(&query).await.unwrap();
        assert_eq!(answer["Blance"], "7.08");
        assert_eq!(transport.requests().len(), 2);
        assert!(
            start.elapsed() >= super::RATE_LIMITED_PAUSE,
            "{:?}",
            start.elapsed()
        );

        // The pause is the client's: an SMS sent during it waits too, and is not retried.
        let transport = Scripted::new().answer(RATE_LIMITED).answer(RATE_LIMITED);
        let client = scripted_client(&transport);
        let sms = RawRequest::new("sms/TemplateSMS.wx", "templateSms").unwrap();
        let error = client.send_raw(&sms).await.unwrap_err();
        assert!(matches!(error, crate::Error::Api(_)), "{error}");
        let start = Instant::now();
        let again = client.send_raw(&sms).await.unwrap_err();
        assert!(matches!(again, crate::Error::Api(_)), "{again}");
        assert!(start.elapsed() >= Duration::from_secs(1));
        assert_eq!(transport.requests().len(), 2, "one each, none retried");
    }
}
