//! What each error says of itself: stages, sources, size.

use super::*;

#[test]
fn results_stay_small() {
    // The API error and the unknown outcome are boxed; the largest inline variant is
    // `Decode` (a reason and the body). A new large variant fails here: box it.
    let size = std::mem::size_of::<Result<(), Error>>();
    assert!(size <= 56, "Result<(), Error> is {size} bytes");
}

#[test]
fn no_message_is_printed_twice_by_a_reporter() {
    let cause = Error::Timeout {
        phase: TimeoutPhase::Request,
        after: Duration::from_secs(2),
    };
    let errors = [
        Error::Config(ConfigError::Missing { name: "app_id" }),
        Error::Encode(EncodeError::EmptyRequired { field: "dst" }),
        Error::Connect("refused".into()),
        Error::Send("reset".into()),
        Error::Body("truncated".into()),
        Error::OutcomeUnknown(Box::new(OutcomeUnknown {
            endpoint: "TemplateSms".into(),
            action: "templateSms".into(),
            sent_at: crate::sign::Timestamp::parse("20140416142030").unwrap(),
            custom_parm: None,
            attempts: 1,
            cause,
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
fn only_pre_send_failures_are_known_not_to_have_reached() {
    let never = [
        Error::Config(ConfigError::Missing { name: "app_id" }),
        Error::Encode(EncodeError::EmptyRequired { field: "dst" }),
        Error::Connect("refused".into()),
        Error::Timeout {
            phase: TimeoutPhase::Connect,
            after: Duration::from_secs(1),
        },
    ];
    for err in never {
        assert!(!err.may_have_reached_platform(), "{err}");
    }
    let maybe = [
        Error::Send("reset".into()),
        Error::Timeout {
            phase: TimeoutPhase::Request,
            after: Duration::from_secs(1),
        },
        Error::Body("eof".into()),
        Error::BodyTooLarge { limit: 1 },
    ];
    for err in maybe {
        assert!(err.may_have_reached_platform(), "{err}");
    }
}

#[test]
fn display_is_lowercase_and_has_no_trailing_period() {
    let err = Error::Timeout {
        phase: TimeoutPhase::Request,
        after: Duration::from_secs(2),
    };
    let text = err.to_string();
    assert!(
        text.starts_with(char::is_lowercase) && !text.ends_with('.'),
        "{text}"
    );
}

#[test]
fn long_bodies_are_cut_in_display_but_kept_whole() {
    let body = Bytes::from("x".repeat(1000));
    let err = Error::HttpStatus {
        status: http::StatusCode::BAD_GATEWAY,
        body: body.clone(),
    };
    assert!(err.to_string().len() < 300);
    assert_eq!(err.body(), Some(&body));
}
