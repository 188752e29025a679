//! The time a row is claimed, as its journal entry keeps it ([`SentAt`]).

use ytx_core::{Clock, InvalidTimestamp, Timestamp};

/// The Beijing timestamp of the clock's current second, made again only when the second
/// changes: a batch claims thousands of rows a second, and the timestamp has no finer
/// part, so each row need not convert the time again.
#[derive(Debug, Default)]
pub(crate) struct SentAt {
    /// The Unix second last converted, and its timestamp.
    last: Option<(i64, Timestamp)>,
}

impl SentAt {
    /// The timestamp of `clock`'s time now.
    pub(crate) fn now(&mut self, clock: &impl Clock) -> Result<Timestamp, InvalidTimestamp> {
        let now = clock.now();
        let second = now.timestamp();
        if let Some((last, stamp)) = self.last
            && last == second
        {
            return Ok(stamp);
        }
        let stamp = Timestamp::from_utc(now)?;
        self.last = Some((second, stamp));
        Ok(stamp)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use ytx_core::FixedClock;

    use super::*;

    #[test]
    fn each_second_is_converted_once_and_stays_exact() {
        let start = FixedClock::at_beijing("20261204235959").unwrap().now();
        let mut sent_at = SentAt::default();
        let mut seen = Vec::new();
        for millis in [0, 1, 999, 1000, 1001, 2500] {
            let clock = FixedClock::new(start + Duration::from_millis(millis));
            let stamp = sent_at.now(&clock).unwrap();
            assert_eq!(
                stamp,
                Timestamp::from_utc(clock.now()).unwrap(),
                "{millis} ms"
            );
            seen.push(stamp.to_string());
        }
        assert_eq!(
            seen,
            [
                "20261204235959",
                "20261204235959",
                "20261204235959",
                "20261205000000",
                "20261205000000",
                "20261205000001",
            ]
        );
        // A clock set back is converted again, not served the later second.
        let back = FixedClock::new(start - Duration::from_secs(3600));
        assert_eq!(sent_at.now(&back).unwrap().as_str(), "20261204225959");
    }
}
