//! HTTP dates (`Sun, 06 Nov 1994 08:49:37 GMT`): the client reads the platform's `Date`
//! header to tell a skewed local clock; the emulator writes it. The `httpdate` crate does the
//! work; this module only converts to and from chrono's instants.

use std::time::SystemTime;

use chrono::{DateTime, Utc};

/// Formats an instant as an IMF-fixdate, the form RFC 9110 says senders use.
pub fn format(instant: DateTime<Utc>) -> String {
    httpdate::fmt_http_date(SystemTime::from(instant))
}

/// Parses an HTTP date in any of the three forms RFC 9110 says recipients must accept:
/// IMF-fixdate, the obsolete RFC 850 form and asctime's. `None` for anything else.
pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    httpdate::parse_http_date(text.trim())
        .ok()
        .map(DateTime::<Utc>::from)
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
    fn the_obsolete_forms_recipients_must_accept_are_read() {
        for text in ["Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"] {
            assert_eq!(
                parse(text).map(|instant| instant.to_rfc3339()).as_deref(),
                Some("1994-11-06T08:49:37+00:00"),
                "{text}"
            );
        }
    }

    #[test]
    fn other_forms_are_refused() {
        for text in [
            "",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 31 Feb 1994 08:49:37 GMT",
            "1994-11-06T08:49:37Z",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
