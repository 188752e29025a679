//! HTTP dates (`Sun, 06 Nov 1994 08:49:37 GMT`, RFC 9110 IMF-fixdate): the client reads the
//! platform's `Date` header to tell a skewed local clock; the emulator writes it.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Formats an instant as an IMF-fixdate.
pub fn format(instant: DateTime<Utc>) -> String {
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAYS[instant.weekday().num_days_from_monday() as usize],
        instant.day(),
        MONTHS[instant.month0() as usize],
        instant.year(),
        instant.hour(),
        instant.minute(),
        instant.second()
    )
}

/// Parses an IMF-fixdate; `None` for anything else.
pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    let mut parts = text.trim().split(' ');
    let (_, day, month, year, time, zone) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if zone != "GMT" || parts.next().is_some() {
        return None;
    }
    let month = MONTHS.iter().position(|m| *m == month)? as u32 + 1;
    let mut clock = time.split(':').map(|part| part.parse::<u32>().ok());
    let (hour, minute, second) = (clock.next()??, clock.next()??, clock.next()??);
    let date = NaiveDate::from_ymd_opt(year.parse().ok()?, month, day.parse().ok()?)?;
    Some(date.and_hms_opt(hour, minute, second)?.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_the_rfc_example() {
        let instant = parse("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(instant.to_rfc3339(), "1994-11-06T08:49:37+00:00");
        assert_eq!(format(instant), "Sun, 06 Nov 1994 08:49:37 GMT");
    }

    #[test]
    fn other_forms_are_refused() {
        for text in [
            "",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 31 Feb 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
