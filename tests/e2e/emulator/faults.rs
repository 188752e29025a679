//! Faults on demand, and the ledger that says what took effect despite them.

use std::time::Duration;

use ytx_call::{Error, MeetingQuery};
use ytx_core::{ApiCode, TimeoutPhase};
use ytx_emulator::{Fault, FaultRule, SideEffect};
use ytx_sms::TemplateSms;

use super::{client, client_with, config, platform};

fn sms() -> TemplateSms {
    TemplateSms::new(vec!["13073339156".into()], "1")
}

#[tokio::test]
async fn a_delay_is_survived_within_the_timeout() {
    let emulator = platform().start().await.unwrap();
    emulator.inject(FaultRule::new(Fault::Delay(Duration::from_millis(50))));
    assert!(client(&emulator).send(MeetingQuery::new(1)).await.is_ok());
}

#[tokio::test]
async fn a_dropped_connection_is_a_send_error_with_no_effect() {
    let emulator = platform().start().await.unwrap();
    emulator.inject(FaultRule::new(Fault::Drop).on_url("TemplateSMS.wx"));
    let err = client(&emulator).send(sms()).await.unwrap_err();
    assert!(matches!(err, Error::Send(_)), "{err:?}");
    assert!(err.may_have_reached_platform());
    assert!(emulator.ledger().is_empty());
}

#[tokio::test]
async fn a_5xx_is_an_http_status_error() {
    let emulator = platform().start().await.unwrap();
    emulator.inject(FaultRule::new(Fault::Status(503)));
    let err = client(&emulator)
        .send(MeetingQuery::new(1))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::HttpStatus { status, .. } if status.as_u16() == 503),
        "{err:?}"
    );
}

#[tokio::test]
async fn rate_limiting_is_104() {
    let emulator = platform().start().await.unwrap();
    emulator.inject(FaultRule::new(Fault::RateLimit).times(2));
    let client = client(&emulator);
    for _ in 0..2 {
        let err = client.send(MeetingQuery::new(1)).await.unwrap_err();
        assert_eq!(err.api_code(), Some(&ApiCode::RateLimited));
    }
    assert!(
        client.send(MeetingQuery::new(1)).await.is_ok(),
        "the rule ran out"
    );
}

#[tokio::test]
async fn an_answer_after_the_client_gave_up_still_took_effect_exactly_once() {
    let emulator = platform().start().await.unwrap();
    emulator.inject(
        FaultRule::new(Fault::AnswerAfter(Duration::from_secs(2))).on_url("TemplateSMS.wx"),
    );
    let impatient = client_with(config(&emulator).request_timeout(Duration::from_millis(300)));
    let err = impatient.send(sms()).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout {
                phase: TimeoutPhase::Request,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.may_have_reached_platform());
    let sent: Vec<_> = emulator
        .ledger()
        .into_iter()
        .filter(|e| matches!(e.effect, SideEffect::SmsSent { .. }))
        .collect();
    assert_eq!(sent.len(), 1, "exactly one SMS was sent");
    assert_eq!(
        emulator.request_count(),
        1,
        "and the client did not send it again"
    );
}
