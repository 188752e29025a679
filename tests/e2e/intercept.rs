//! Interceptors: what they are told of each attempt and call, the headers they may add,
//! those they may not, and the bundled metrics interceptor through a Prometheus exporter.

use std::sync::{Arc, Mutex};

use http::{HeaderName, HeaderValue, header};
use ytx_call::{DailbackCall, MeetingQuery};
use ytx_core::intercept::{AddHeaders, Attempt, AttemptOutcome, CallOutcome};
use ytx_core::testing::{Failure, Scripted};
use ytx_core::{Client, Config, Interceptor, RetryClass};

use crate::support::{APP_ID, Reply, SID, Server, TOKEN};

const OK: &str = r#"{"statusCode":"0","statusMsg":"提交成功","data":[]}"#;

/// Writes down what it is told, and adds a header of the application's own.
#[derive(Clone, Default)]
struct Recorder {
    events: Arc<Mutex<Vec<String>>>,
    refusals: Arc<Mutex<Vec<String>>>,
}

impl Interceptor for Recorder {
    fn before_attempt(&self, attempt: &Attempt<'_>, headers: &mut AddHeaders<'_>) {
        self.events.lock().unwrap().push(format!(
            "before {} {} #{}",
            attempt.endpoint, attempt.action, attempt.number
        ));
        headers
            .insert(
                HeaderName::from_static("x-request-source"),
                HeaderValue::from_static("billing"),
            )
            .unwrap();
        for protected in [header::AUTHORIZATION, header::CONTENT_LENGTH, header::HOST] {
            let refused = headers
                .insert(protected, HeaderValue::from_static("forged"))
                .unwrap_err();
            self.refusals
                .lock()
                .unwrap()
                .push(refused.name().to_string());
        }
    }

    fn after_attempt(&self, attempt: &Attempt<'_>, outcome: &AttemptOutcome<'_>) {
        self.events.lock().unwrap().push(format!(
            "after #{} {} {:?} error={}",
            attempt.number,
            outcome.outcome,
            outcome.status.map(|s| s.as_u16()),
            outcome.error.is_some()
        ));
    }

    fn after_call(&self, call: &CallOutcome<'_>) {
        let class = if call.retry == RetryClass::SideEffect {
            "side effect"
        } else {
            "query"
        };
        self.events.lock().unwrap().push(format!(
            "call {} ({class}) attempts={} {}",
            call.endpoint, call.attempts, call.outcome
        ));
    }
}

fn config() -> Config {
    Config::builder()
        .account_sid(SID)
        .auth_token(TOKEN)
        .app_id(APP_ID)
        .build()
        .unwrap()
}

#[tokio::test]
async fn interceptors_see_every_attempt_and_call_in_order() {
    let recorder = Recorder::default();
    let transport = Scripted::new()
        .fail(Failure::Refused)
        .answer(OK)
        .fail(Failure::Reset)
        .answer_status(503, "busy");
    let client = Client::builder()
        .config(config())
        .transport(transport.clone())
        .interceptor(recorder.clone())
        .build()
        .unwrap();
    client.send(MeetingQuery::new(1)).await.unwrap();
    let unknown = client
        .send(DailbackCall::new("13911281234", "13522855865"))
        .await
        .unwrap_err();
    assert!(unknown.is_outcome_unknown());
    let query = client.with_max_attempts(1).send(MeetingQuery::new(1)).await;
    assert!(query.is_err());
    assert_eq!(
        *recorder.events.lock().unwrap(),
        [
            "before MeetingQuery queryMeeting #1",
            "after #1 not_sent None error=true",
            "before MeetingQuery queryMeeting #2",
            "after #2 success Some(200) error=false",
            "call MeetingQuery (query) attempts=2 success",
            "before DailbackCall callDailBack #1",
            "after #1 maybe_sent None error=true",
            "call DailbackCall (side effect) attempts=1 outcome_unknown",
            "before MeetingQuery queryMeeting #1",
            "after #1 bad_answer Some(503) error=true",
            "call MeetingQuery (query) attempts=1 bad_answer",
        ]
    );
    // Each of the four attempts was refused all three.
    let refusals = recorder.refusals.lock().unwrap();
    assert_eq!(refusals.len(), 12);
    assert_eq!(refusals[..3], ["authorization", "content-length", "host"]);
}

#[tokio::test]
async fn an_added_header_is_sent_and_the_signed_parts_are_untouched() {
    let server = Server::start(Reply::json(OK)).await;
    let plain = server.client();
    plain.send(MeetingQuery::new(1)).await.unwrap();
    let intercepted = plain
        .to_builder()
        .interceptor(Recorder::default())
        .build()
        .unwrap();
    intercepted.send(MeetingQuery::new(1)).await.unwrap();
    let requests = server.requests();
    let (before, after) = (&requests[0], &requests[1]);
    assert_eq!(after.header("x-request-source"), Some("billing"));
    assert_eq!(before.header("x-request-source"), None);
    // The same fixed clock: the signed URL, Authorization and body are byte for byte the
    // same, whatever the interceptor tried.
    assert_eq!(after.target, before.target);
    assert_eq!(after.body, before.body);
    for name in ["authorization", "host", "content-length", "user-agent"] {
        assert_eq!(after.header(name), before.header(name), "{name}");
    }
}

#[test]
fn the_metrics_interceptor_exports_calls_attempts_and_latencies() {
    let recorder = metrics_exporter_prometheus::PrometheusBuilder::new().build_recorder();
    let handle = recorder.handle();
    let transport = Scripted::new()
        .fail(Failure::Refused)
        .answer(OK)
        .answer(r#"{"statusCode":"-104","statusMsg":"请求频率过高"}"#);
    let client = Client::builder()
        .config(config())
        .transport(transport)
        .retry(ytx_core::RetryPolicy::never().max_attempts(2))
        .interceptor(ytx_core::intercept::MetricsInterceptor::new())
        .build()
        .unwrap();
    metrics::with_local_recorder(&recorder, || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            client.send(MeetingQuery::new(1)).await.unwrap();
            let refused = client.with_max_attempts(1).send(MeetingQuery::new(1)).await;
            assert!(refused.is_err());
        });
    });
    let text = handle.render();
    for line in [
        r#"ytx_calls_total{endpoint="MeetingQuery",outcome="success"} 1"#,
        r#"ytx_calls_total{endpoint="MeetingQuery",outcome="platform_error"} 1"#,
        r#"ytx_attempts_total{endpoint="MeetingQuery",outcome="not_sent"} 1"#,
        r#"ytx_attempts_total{endpoint="MeetingQuery",outcome="success"} 1"#,
        r#"ytx_attempts_total{endpoint="MeetingQuery",outcome="platform_error"} 1"#,
        r#"ytx_attempt_duration_seconds_count{endpoint="MeetingQuery"} 3"#,
        r#"ytx_call_duration_seconds_count{endpoint="MeetingQuery",outcome="success"} 1"#,
    ] {
        assert!(text.lines().any(|l| l == line), "no `{line}` in:\n{text}");
    }
}
