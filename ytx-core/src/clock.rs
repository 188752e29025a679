//! Where the time comes from.
//!
//! Every request carries one timestamp, taken from the [`Clock`] just before it is signed.
//! This module holds the only call in the workspace that reads the wall clock (clippy's
//! `disallowed-methods` enforces it), so tests can fix the time with [`FixedClock`].

use std::fmt;
use std::time::SystemTime;

use chrono::{DateTime, Utc};

use ytx_protocol::sign::{InvalidTimestamp, Timestamp};

/// A source of the current instant.
///
/// The instant is in UTC; [`Timestamp::from_utc`] turns it into the platform's Beijing-time
/// `yyyyMMddHHmmss`, so the host's `TZ` never matters.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
}

/// The system's wall clock. The default for [`Client`](crate::Client).
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        // The one place allowed to read the wall clock: everything else asks a `Clock`.
        #[allow(clippy::disallowed_methods)]
        let now = SystemTime::now();
        DateTime::<Utc>::from(now)
    }
}

/// A clock that always answers the same instant, for tests and reproducible examples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedClock(DateTime<Utc>);

impl FixedClock {
    /// A clock stopped at `instant`.
    pub fn new(instant: DateTime<Utc>) -> Self {
        Self(instant)
    }

    /// A clock stopped at a Beijing-time `yyyyMMddHHmmss` timestamp, e.g. `20140416142030`.
    pub fn at_beijing(timestamp: &str) -> Result<Self, InvalidTimestamp> {
        Ok(Self(Timestamp::parse(timestamp)?.to_utc()))
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_round_trips_a_beijing_timestamp() {
        let clock = FixedClock::at_beijing("20140416142030").unwrap();
        assert_eq!(clock.now().to_rfc3339(), "2014-04-16T06:20:30+00:00");
        assert_eq!(
            Timestamp::from_utc(clock.now()).unwrap().as_str(),
            "20140416142030"
        );
    }

    #[test]
    fn system_clock_is_close_to_now_in_beijing() {
        #[allow(clippy::disallowed_methods)] // the reference this test compares against
        let reference = DateTime::<Utc>::from(SystemTime::now());
        let now = SystemClock.now();
        assert!(
            (now - reference).num_seconds().abs() < 5,
            "{now} vs {reference}"
        );
        // Its Beijing timestamp stands for the same instant.
        let ts = Timestamp::from_utc(now).unwrap();
        assert!(
            (Timestamp::parse(ts.as_str()).unwrap().to_utc() - now)
                .num_seconds()
                .abs()
                < 1
        );
    }
}
