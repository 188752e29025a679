//! Faults on demand, the retry policy's answer to each, and the ledger that says what took
//! effect: queries retry and recover; side effects are sent once and, when their outcome is
//! unknown, say so with what the caller needs to reconcile.

use std::time::Duration;

use ytx_call::{DailbackCall, Error, MeetingQuery};
use ytx_core::{ApiCode, RetryPolicy, TimeoutPhase};
use ytx_emulator::{Emulator, Fault, FaultRule, SideEffect};
use ytx_sms::TemplateSms;
use ytx_traffic::FlowOrder;

use super::{client, client_with, config, platform};
use crate::support::{Reply, Server};

fn sms() -> TemplateSms {
    TemplateSms::new(vec!["13073339156".into()], "1")
}

fn quick(emulator: &Emulator) -> ytx_core::Client {
    let retry = RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(5));
    client_with(config(emulator).retry(retry))
}

fn unknown(err: &Error) -> &ytx_core::OutcomeUnknown {
    match err {
        Error::OutcomeUnknown(unknown) => unknown,
        other => panic!("expected an unknown outcome, got {other:?}"),
    }
}

#[tokio::test]
async fn a_delay_within_the_timeout_is_survived() {
    let emulator = platform().start().await.unwrap();
    emulator.inject(FaultRule::new(Fault::Delay(Duration::from_millis(50))));
    assert!(client(&emulator).send(MeetingQuery::new(1)).await.is_ok());
}

#[tokio::test]
async fn a_query_retries_a_dropped_connection_a_5xx_and_a_rate_limit() {
    for fault in [Fault::Drop, Fault::Status(503), Fault::RateLimit] {
        let emulator = platform().start().await.unwrap();
        emulator.inject(FaultRule::new(fault.clone()).times(2));
        assert!(
            quick(&emulator).send(MeetingQuery::new(1)).await.is_ok(),
            "{fault:?}"
        );
        assert_eq!(
            emulator.request_count(),
            3,
            "{fault:?}: two failures, then success"
        );
    }
}

#[tokio::test]
async fn a_query_gives_up_after_its_attempts_with_the_last_error() {
    let emulator = platform().start().await.unwrap();
    emulator.inject(FaultRule::new(Fault::Status(503)).times(10));
    let err = quick(&emulator)
        .send(MeetingQuery::new(1))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::HttpStatus(answer) if answer.status().as_u16() == 503),
        "{err:?}"
    );
    assert_eq!(emulator.request_count(), 3);

    let emulator = platform().start().await.unwrap();
    emulator.inject(FaultRule::new(Fault::RateLimit));
    let once = client_with(config(&emulator).retry(RetryPolicy::never()));
    let err = once.send(MeetingQuery::new(1)).await.unwrap_err();
    assert_eq!(err.api_code(), Some(&ApiCode::RateLimited));
}

#[tokio::test]
async fn a_side_effect_is_not_retried_after_a_drop_or_a_5xx() {
    for fault in [Fault::Drop, Fault::Status(503)] {
        let emulator = platform().start().await.unwrap();
        emulator.inject(FaultRule::new(fault.clone()).times(3));
        let err = quick(&emulator).send(sms()).await.unwrap_err();
        let unknown = unknown(&err);
        assert_eq!(
            (unknown.endpoint(), unknown.attempts()),
            ("TemplateSms", 1),
            "{fault:?}"
        );
        assert!(err.may_have_reached_platform());
        assert_eq!(emulator.request_count(), 1, "{fault:?}: sent once");
    }
}

#[tokio::test]
async fn a_rate_limited_side_effect_is_a_definite_refusal() {
    let emulator = platform().start().await.unwrap();
    emulator.inject(FaultRule::new(Fault::RateLimit));
    let err = quick(&emulator).send(sms()).await.unwrap_err();
    assert_eq!(
        err.api_code(),
        Some(&ApiCode::RateLimited),
        "the platform refused it: nothing happened"
    );
    assert_eq!(emulator.request_count(), 1);
    assert!(emulator.ledger().is_empty());
}

#[tokio::test]
async fn side_effects_answered_after_the_client_gave_up_happen_exactly_once() {
    let emulator = platform().start().await.unwrap();
    for url in ["DailbackCall.wx", "TemplateSMS.wx", "Traffic.wx"] {
        emulator.inject(FaultRule::new(Fault::AnswerAfter(Duration::from_secs(2))).on_url(url));
    }
    let impatient = client_with(config(&emulator).attempt_timeout(Duration::from_millis(300)));

    let call = impatient
        .send(DailbackCall::new("13911281234", "13522855865").custom_parm("call-7"))
        .await;
    let sms = impatient.send(sms()).await;
    let top_up = impatient
        .send(FlowOrder::new("13911281234", "100010").custom_parm("order-7"))
        .await;

    let call = call.unwrap_err();
    assert!(
        call.is_timeout() && call.may_have_reached_platform(),
        "{call:?}"
    );
    assert_eq!(unknown(&call).custom_parm(), Some("call-7"));
    assert_eq!(unknown(&call).sent_at().as_str(), "20140416142030");
    assert!(matches!(
        unknown(&call).cause(),
        Error::Timeout(timeout) if timeout.phase() == TimeoutPhase::Attempt
    ));
    assert!(call.to_string().contains("outcome unknown") && call.to_string().contains("call-7"));
    assert_eq!(unknown(&sms.unwrap_err()).endpoint(), "TemplateSms");
    assert_eq!(unknown(&top_up.unwrap_err()).custom_parm(), Some("order-7"));

    let ledger = emulator.ledger();
    let count = |pick: fn(&SideEffect) -> bool| ledger.iter().filter(|e| pick(&e.effect)).count();
    assert_eq!(
        count(|e| matches!(e, SideEffect::CallPlaced { .. })),
        1,
        "one call placed"
    );
    assert_eq!(
        count(|e| matches!(e, SideEffect::SmsSent { .. })),
        1,
        "one SMS sent"
    );
    assert_eq!(
        count(|e| matches!(e, SideEffect::TopUpCharged { .. })),
        1,
        "one top-up charged"
    );
    assert_eq!(emulator.request_count(), 3, "and nothing was sent twice");
}

#[tokio::test]
async fn a_query_answered_after_the_client_gave_up_is_retried_and_succeeds() {
    let emulator = platform().start().await.unwrap();
    emulator.inject(
        FaultRule::new(Fault::AnswerAfter(Duration::from_secs(2))).on_url("MeetingQuery.wx"),
    );
    let impatient = client_with(
        config(&emulator)
            .attempt_timeout(Duration::from_millis(300))
            .retry(
                RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(5)),
            ),
    );
    assert!(impatient.send(MeetingQuery::new(1)).await.is_ok());
    assert_eq!(emulator.request_count(), 2);
}

#[tokio::test]
async fn a_connection_closed_by_the_server_is_not_reused_into_a_duplicate() {
    // Each answer comes with the connection closed right after (no `Connection: close`
    // header): the pooled connection is dead by the next call.
    let answer = r#"{"statusCode":"0","statusMsg":"提交成功","requestId":"1"}"#;
    let raw = format!(
        "HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n{answer}",
        answer.len()
    );
    let server = Server::start(Reply::Raw(raw.into_bytes())).await;
    let client = server.client();
    for _ in 0..5 {
        client
            .send(DailbackCall::new("13911281234", "13522855865"))
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(server.requests().len(), 5, "each call sent exactly once");
}
