//! Everything the SDK, hyper-util and the emulator log at TRACE, captured over calls of
//! every kind: the spans say what happened, and no line holds a secret or a phone number.
//!
//! The capture is the process's global subscriber: a thread-scoped one can miss events
//! whose callsite another test thread reached first (tracing caches interest per callsite).
//! Lines from tests running at the same time land in it too, and must be clean as well.

use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use ytx_call::{DailbackCall, MeetingQuery};
use ytx_core::sign::{Timestamp, authorization, sign};
use ytx_core::{AuthToken, FixedClock, RetryPolicy};
use ytx_emulator::{Fault, FaultRule};

use ytx_sms::TemplateSms;

use crate::emulator::{config, instant, platform};
use crate::support::{SID, TOKEN};

/// Template data and a password sent in an SMS: never logged.
const TEMPLATE_DATA: &str = "模板数据-logged?";
const SP_PASSWORD: &str = "sppwd-logged-marker";

#[derive(Default)]
struct Capture {
    lines: Arc<Mutex<Vec<String>>>,
    next_id: AtomicU64,
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut line = format!("span {}", span.metadata().name());
        span.record(&mut Fields(&mut line));
        self.lines.lock().unwrap().push(line);
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut line = String::from("record");
        values.record(&mut Fields(&mut line));
        self.lines.lock().unwrap().push(line);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let meta = event.metadata();
        let mut line = format!("{} {}:", meta.level(), meta.target());
        event.record(&mut Fields(&mut line));
        self.lines.lock().unwrap().push(line);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// The global capture, installed on first use.
fn capture() -> Arc<Mutex<Vec<String>>> {
    static LINES: std::sync::OnceLock<Arc<Mutex<Vec<String>>>> = std::sync::OnceLock::new();
    Arc::clone(LINES.get_or_init(|| {
        let capture = Capture::default();
        let lines = Arc::clone(&capture.lines);
        tracing::subscriber::set_global_default(capture).expect("no other global subscriber");
        lines
    }))
}

/// The Sign and Authorization a client with a clock at `at` sends.
fn secrets_at(at: DateTime<Utc>) -> [String; 3] {
    let stamp = Timestamp::from_utc(at).unwrap();
    let sign = sign(SID, &AuthToken::new(TOKEN), &stamp)
        .as_str()
        .to_owned();
    [
        sign.to_lowercase(),
        sign,
        authorization(SID, &stamp).as_str().to_owned(),
    ]
}

#[tokio::test]
async fn logs_tell_each_call_and_never_a_secret() {
    let lines = capture();
    let start = lines.lock().unwrap().len();

    let emulator = platform()
        .timestamp_window(Duration::from_secs(3600))
        .start()
        .await
        .unwrap();
    let quick = RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(2));
    let client = crate::emulator::client_with(config(&emulator).retry(quick));
    client
        .send(MeetingQuery::new(1).confid("002"))
        .await
        .unwrap();
    client
        .send(DailbackCall::new("13911281234", "13522855865"))
        .await
        .unwrap();
    emulator.inject(FaultRule::new(Fault::Status(503)));
    client.send(MeetingQuery::new(1)).await.unwrap();
    emulator.inject(
        FaultRule::new(Fault::AnswerAfter(Duration::from_millis(800))).on_url("DailbackCall.wx"),
    );
    let impatient =
        crate::emulator::client_with(config(&emulator).attempt_timeout(Duration::from_millis(200)));
    assert!(
        impatient
            .send(DailbackCall::new("13911281234", "01053189990"))
            .await
            .unwrap_err()
            .is_outcome_unknown()
    );
    // An SMS with template data and a password, its answer lost.
    emulator.inject(
        FaultRule::new(Fault::AnswerAfter(Duration::from_millis(800))).on_url("TemplateSMS.wx"),
    );
    let sms = TemplateSms::new(vec!["13911281234".into()], "1")
        .datas(vec![TEMPLATE_DATA.into()])
        .spuid("646")
        .sppwd(SP_PASSWORD);
    assert!(impatient.send(sms).await.unwrap_err().is_outcome_unknown());
    // A call whose caller gave up: finished in the background and logged.
    emulator.inject(
        FaultRule::new(Fault::AnswerAfter(Duration::from_millis(300))).on_url("DailbackCall.wx"),
    );
    let dropped = DailbackCall::new("13911281234", "13522855865");
    let waited = tokio::time::timeout(Duration::from_millis(50), client.send(dropped)).await;
    assert!(waited.is_err());
    tokio::time::sleep(Duration::from_millis(600)).await;
    let wrong_token =
        crate::emulator::client_with(config(&emulator).auth_token("wrong-token-value"));
    assert!(wrong_token.send(MeetingQuery::new(1)).await.is_err());
    let skewed = instant() - TimeDelta::hours(2);
    let slow = ytx_core::Client::builder()
        .config(config(&emulator).build().unwrap())
        .clock(FixedClock::new(skewed))
        .build()
        .unwrap();
    assert!(slow.send(MeetingQuery::new(1)).await.is_err());

    let lines = lines.lock().unwrap()[start..].to_vec();
    let all = lines.join("\n");
    // The spans and events say what happened …
    assert!(
        all.contains("span ytx.call endpoint=\"MeetingQuery\""),
        "{all}"
    );
    assert!(all.contains("endpoint=\"DailbackCall\""), "{all}");
    assert!(all.contains("attempt=2"), "the retried query: {all}");
    assert!(all.contains("status=\"-203\""), "{all}");
    assert!(all.contains("latency_ms="), "{all}");
    assert!(all.contains("outcome unknown"), "{all}");
    assert!(all.contains("finished in the background"), "{all}");
    // … and nothing that would let a reader sign a request or learn whom we called.
    let mut forbidden = vec![
        TOKEN.to_owned(),
        "wrong-token-value".to_owned(),
        "13911281234".into(),
        "13522855865".into(),
        TEMPLATE_DATA.into(),
        SP_PASSWORD.into(),
    ];
    forbidden.extend(secrets_at(instant()));
    forbidden.extend(secrets_at(skewed));
    for line in &lines {
        for secret in &forbidden {
            assert!(!line.contains(secret.as_str()), "`{secret}` logged: {line}");
        }
    }
    if std::env::var_os("YTX_SHOW_LOGS").is_some() {
        eprintln!("{all}");
    }
    assert!(
        lines.len() > 20,
        "hyper-util's own events are captured too: {}",
        lines.len()
    );
}
