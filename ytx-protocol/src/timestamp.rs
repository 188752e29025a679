//! The request timestamp: `yyyyMMddHHmmss` in Beijing time (UTC+8), whatever the host's
//! time zone. One timestamp serves both the `Sign` and the `Authorization` of a request.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Timelike, Utc};

/// Beijing is UTC+8 all year (no daylight saving since 1991).
const BEIJING_OFFSET: TimeDelta = TimeDelta::hours(8);

/// A request timestamp: `yyyyMMddHHmmss` in Beijing time (UTC+8).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp([u8; 14]);

/// A string that is not a real `yyyyMMddHHmmss` time, or an instant outside years 0–9999.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidTimestamp {
    reason: &'static str,
}

impl fmt::Display for InvalidTimestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid timestamp: {}", self.reason)
    }
}

impl std::error::Error for InvalidTimestamp {}

impl Timestamp {
    /// The Beijing wall-clock time of a UTC instant, whatever the host's time zone.
    pub fn from_utc(instant: DateTime<Utc>) -> Result<Self, InvalidTimestamp> {
        let beijing = instant
            .naive_utc()
            .checked_add_signed(BEIJING_OFFSET)
            .ok_or(InvalidTimestamp {
                reason: "instant out of range",
            })?;
        let year = beijing.year();
        if !(0..=9999).contains(&year) {
            return Err(InvalidTimestamp {
                reason: "year outside 0000-9999",
            });
        }
        let mut digits = [0u8; 14];
        let parts = [
            (year as u32, 4),
            (beijing.month(), 2),
            (beijing.day(), 2),
            (beijing.hour(), 2),
            (beijing.minute(), 2),
            (beijing.second(), 2),
        ];
        let mut at = 0;
        for (mut value, width) in parts {
            for slot in digits[at..at + width].iter_mut().rev() {
                *slot = b'0' + (value % 10) as u8;
                value /= 10;
            }
            at += width;
        }
        Ok(Self(digits))
    }

    /// Parses `yyyyMMddHHmmss`, rejecting anything that is not a real calendar time.
    pub fn parse(text: &str) -> Result<Self, InvalidTimestamp> {
        let bytes = text.as_bytes();
        if bytes.len() != 14 || !bytes.iter().all(u8::is_ascii_digit) {
            return Err(InvalidTimestamp {
                reason: "expected 14 digits, yyyyMMddHHmmss",
            });
        }
        let mut digits = [0u8; 14];
        digits.copy_from_slice(bytes);
        let stamp = Self(digits);
        stamp.naive().ok_or(InvalidTimestamp {
            reason: "not a real calendar time",
        })?;
        Ok(stamp)
    }

    /// The 14 digits, as bytes.
    pub fn as_bytes(&self) -> &[u8; 14] {
        &self.0
    }

    /// The 14 digits.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits are ever stored.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// The UTC instant this Beijing time stands for.
    pub fn to_utc(&self) -> DateTime<Utc> {
        let naive = self.naive().unwrap_or_default() - BEIJING_OFFSET;
        naive.and_utc()
    }

    fn number(&self, from: usize, to: usize) -> u32 {
        self.0[from..to]
            .iter()
            .fold(0, |n, d| n * 10 + u32::from(d - b'0'))
    }

    /// The Beijing wall-clock time these digits spell.
    pub(crate) fn naive(&self) -> Option<chrono::NaiveDateTime> {
        NaiveDate::from_ymd_opt(
            self.number(0, 4) as i32,
            self.number(4, 6),
            self.number(6, 8),
        )?
        .and_hms_opt(self.number(8, 10), self.number(10, 12), self.number(12, 14))
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({})", self.as_str())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
