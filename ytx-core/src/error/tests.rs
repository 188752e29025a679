//! What each error says of itself: stages, sources, size.

use std::time::Duration;

use super::*;

fn timeout(phase: TimeoutPhase, seconds: u64) -> Error {
    Error::Timeout(TimeoutError::new(phase, Duration::from_secs(seconds)))
}

#[test]
fn results_stay_small() {
    // Every payload over two words is boxed; the largest inline one is a timeout (a
    // duration and its phase). A new large variant fails here: box it. (reqwest keeps the
    // same kind of test.)
    let size = std::mem::size_of::<Result<(), Error>>();
    assert!(size <= 32, "Result<(), Error> is {size} bytes");
}

#[test]
fn no_message_is_printed_twice_by_a_reporter() {
    let errors = [
        Error::from(ConfigError::Missing { name: "app_id" }),
        Error::from(EncodeError::empty_required("dst")),
        Error::Connect("refused".into()),
        Error::Send("reset".into()),
        Error::Body("truncated".into()),
        timeout(TimeoutPhase::Headers, 1),
        Error::BodyTooLarge(BodyTooLargeError::new(10)),
        Error::HttpStatus(Box::new(HttpStatusError::new(
            http::StatusCode::BAD_GATEWAY,
            Bytes::from_static(b"<html>bad gateway</html>"),
        ))),
        Error::from(
            ytx_protocol::decode::<serde_json::Value>(Bytes::from_static(b"<html>")).unwrap_err(),
        ),
        Error::from(
            ytx_protocol::decode::<serde_json::Value>(Bytes::from_static(
                br#"{"statusCode":"-2","statusMsg":"bad"}"#,
            ))
            .unwrap_err(),
        ),
        Error::OutcomeUnknown(Box::new(OutcomeUnknown {
            endpoint: "TemplateSms".into(),
            action: "templateSms".into(),
            sent_at: ytx_protocol::Timestamp::parse("20140416142030").unwrap(),
            custom_parm: None,
            attempts: 1,
            body: bytes::Bytes::new(),
            cause: timeout(TimeoutPhase::Attempt, 2),
        })),
    ];
    for error in errors {
        let text = error.to_string();
        if let Some(source) = StdError::source(&error) {
            let inner = source.to_string();
            assert!(
                !text.contains(&inner),
                "{text:?} repeats its source {inner:?}"
            );
        }
    }
}

#[test]
fn decoding_refusals_keep_their_kind_and_body() {
    let body = Bytes::from_static(br#"{"statusCode":"-104","statusMsg":"busy"}"#);
    let err = Error::from(ytx_protocol::decode::<serde_json::Value>(body.clone()).unwrap_err());
    assert_eq!(err.api_code(), Some(&ApiCode::RateLimited));
    assert_eq!(err.body(), Some(&body));

    let body = Bytes::from_static(b"<html>");
    let err = Error::from(ytx_protocol::decode::<serde_json::Value>(body.clone()).unwrap_err());
    let Error::Decode(decode) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(decode.reason(), "not a JSON object");
    assert_eq!(err.body(), Some(&body));
    assert!(err.may_have_reached_platform());
}

#[test]
fn only_pre_send_failures_are_known_not_to_have_reached() {
    let never = [
        Error::from(ConfigError::Missing { name: "app_id" }),
        Error::from(EncodeError::empty_required("dst")),
        Error::Connect("refused".into()),
        timeout(TimeoutPhase::Connect, 1),
    ];
    for err in never {
        assert!(!err.may_have_reached_platform(), "{err}");
    }
    let maybe = [
        Error::Send("reset".into()),
        timeout(TimeoutPhase::Attempt, 1),
        Error::Body("eof".into()),
        Error::BodyTooLarge(BodyTooLargeError::new(1)),
    ];
    for err in maybe {
        assert!(err.may_have_reached_platform(), "{err}");
    }
}

#[test]
fn timeouts_are_found_behind_an_unknown_outcome() {
    let unknown = Error::OutcomeUnknown(Box::new(OutcomeUnknown {
        endpoint: "DailbackCall".into(),
        action: "callDailBack".into(),
        sent_at: ytx_protocol::Timestamp::parse("20140416142030").unwrap(),
        custom_parm: Some("call-7".into()),
        attempts: 1,
        body: bytes::Bytes::new(),
        cause: timeout(TimeoutPhase::Headers, 20),
    }));
    let found = unknown
        .timeout()
        .expect("a timeout behind the unknown outcome");
    assert_eq!(found.phase(), TimeoutPhase::Headers);
    assert_eq!(found.after(), Duration::from_secs(20));
    assert!(unknown.is_timeout());
    assert!(!Error::Send("reset".into()).is_timeout());
}

#[test]
fn display_is_lowercase_and_has_no_trailing_period() {
    let text = timeout(TimeoutPhase::Attempt, 2).to_string();
    assert!(
        text.starts_with(char::is_lowercase) && !text.ends_with('.'),
        "{text}"
    );
}

#[test]
fn long_bodies_are_cut_in_display_but_kept_whole() {
    let body = Bytes::from("x".repeat(1000));
    let err = Error::HttpStatus(Box::new(HttpStatusError::new(
        http::StatusCode::BAD_GATEWAY,
        body.clone(),
    )));
    assert!(err.to_string().len() < 300);
    assert_eq!(err.body(), Some(&body));
    assert_eq!(err.http_status(), Some(http::StatusCode::BAD_GATEWAY));
    assert!(format!("{err:?}").len() < 400, "Debug is cut too");
}
