use std::time::Duration;

use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};

use super::*;
use crate::error::{BodyTooLargeError, HttpStatusError, TimeoutError, TimeoutPhase};

fn io() -> crate::error::BoxError {
    Box::new(std::io::Error::other("reset"))
}

#[test]
fn each_failure_has_its_class() {
    let timeout = || TimeoutError::new(TimeoutPhase::Headers, Duration::from_secs(1));
    let cases: [(Result<(), Error>, Outcome); 8] = [
        (Ok(()), Outcome::Success),
        (Err(Error::Connect(io())), Outcome::NotSent),
        (
            Err(Error::Timeout(timeout().before_sending())),
            Outcome::NotSent,
        ),
        (Err(Error::Timeout(timeout())), Outcome::MaybeSent),
        (Err(Error::Send(io())), Outcome::MaybeSent),
        (Err(Error::Body(io())), Outcome::MaybeSent),
        (
            Err(Error::HttpStatus(Box::new(HttpStatusError::new(
                http::StatusCode::BAD_GATEWAY,
                Bytes::new(),
            )))),
            Outcome::BadAnswer,
        ),
        (
            Err(Error::BodyTooLarge(BodyTooLargeError::new(1))),
            Outcome::BadAnswer,
        ),
    ];
    for (result, class) in cases {
        assert_eq!(Outcome::of(&result), class, "{result:?}");
    }
    let refused = crate::decode::<crate::Submitted>(Bytes::from_static(
        br#"{"statusCode":"-104","statusMsg":"busy"}"#,
    ))
    .unwrap_err();
    assert_eq!(Outcome::of_error(&refused), Outcome::PlatformError);
    let unknown = Error::OutcomeUnknown(Box::new(crate::error::OutcomeUnknown {
        endpoint: "DailbackCall".into(),
        action: "callDailBack".into(),
        sent_at: ytx_protocol::Timestamp::from_utc(chrono::DateTime::UNIX_EPOCH).unwrap(),
        custom_parm: None,
        attempts: 1,
        body: Bytes::new(),
        cause: Error::Send(io()),
    }));
    assert_eq!(Outcome::of_error(&unknown), Outcome::OutcomeUnknown);
    let labels: Vec<&str> = [
        Outcome::Success,
        Outcome::PlatformError,
        Outcome::NotSent,
        Outcome::MaybeSent,
        Outcome::BadAnswer,
        Outcome::OutcomeUnknown,
    ]
    .iter()
    .map(|outcome| outcome.as_str())
    .collect();
    assert_eq!(
        labels,
        [
            "success",
            "platform_error",
            "not_sent",
            "maybe_sent",
            "bad_answer",
            "outcome_unknown"
        ]
    );
    assert_eq!(Outcome::NotSent.to_string(), "not_sent");
}

#[test]
fn only_headers_the_sdk_does_not_set_can_be_added() {
    let mut map = HeaderMap::new();
    map.insert(header::AUTHORIZATION, HeaderValue::from_static("signed"));
    let mut headers = AddHeaders::new(&mut map);
    for name in PROTECTED {
        let refused = headers
            .insert(name.clone(), HeaderValue::from_static("forged"))
            .unwrap_err();
        assert_eq!(refused.name(), &name);
        assert!(refused.to_string().contains(name.as_str()));
    }
    let mine = HeaderName::from_static("x-trace");
    headers
        .insert(mine.clone(), HeaderValue::from_static("1"))
        .unwrap();
    headers
        .insert(mine.clone(), HeaderValue::from_static("2"))
        .unwrap();
    assert_eq!(format!("{headers:?}"), "AddHeaders { .. }");
    assert_eq!(map[&mine], "2", "a later value replaces an earlier one");
    assert_eq!(map[header::AUTHORIZATION], "signed");
    assert_eq!(map.len(), 2);
}
