//! A side effect whose caller stops waiting once its request may have left is finished in
//! the background and reported to the client's hook; one dropped before it left is not
//! sent. Time is the runtime's paused clock.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http::{Request, StatusCode};
use ytx_core::{Abandoned, Answer, Client, Config, Error, Exchange, Transport};

mod support;

use support::{Place, Query, config};

/// A platform that answers each request after `delay`, with `answer` (or breaks the
/// connection when there is none), and counts what it got.
#[derive(Clone)]
struct Slow {
    delay: Duration,
    answer: Option<&'static str>,
    requests: Arc<Mutex<Vec<Bytes>>>,
}

impl Slow {
    fn new(delay: Duration, answer: Option<&'static str>) -> Self {
        Self {
            delay,
            answer,
            requests: Arc::default(),
        }
    }

    fn count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
}

impl Transport for Slow {
    fn exchange<'a>(&'a self, request: Request<Bytes>, _: &'a Config) -> Exchange<'a> {
        self.requests.lock().unwrap().push(request.body().clone());
        Box::pin(async move {
            tokio::time::sleep(self.delay).await;
            match self.answer {
                Some(body) => Ok(Answer::new(
                    StatusCode::OK,
                    Bytes::from_static(body.as_bytes()),
                )),
                None => Err(Error::Send("the connection broke (test)".into())),
            }
        })
    }
}

const ACCEPTED: &str = r#"{"statusCode":"0","statusMsg":"提交成功","requestId":"20261206"}"#;

/// A client whose hook keeps every report.
fn client(
    config: ytx_core::ConfigBuilder,
    transport: &Slow,
) -> (Client, Arc<Mutex<Vec<Abandoned>>>) {
    let reports = Arc::new(Mutex::new(Vec::new()));
    let kept = Arc::clone(&reports);
    let client = Client::builder()
        .config(config.build().unwrap())
        .transport(transport.clone())
        .on_abandoned(move |report| kept.lock().unwrap().push(report))
        .build()
        .unwrap();
    (client, reports)
}

#[tokio::test(start_paused = true)]
async fn a_side_effect_dropped_after_it_left_is_answered_and_reported() {
    let slow = Slow::new(Duration::from_secs(5), Some(ACCEPTED));
    let (client, reports) = client(config(), &slow);
    let place = Place::new("13911281234");
    let waited = tokio::time::timeout(Duration::from_secs(1), client.send(place)).await;
    assert!(waited.is_err(), "the caller gave up");
    assert_eq!(slow.count(), 1);
    assert!(reports.lock().unwrap().is_empty(), "not answered yet");

    tokio::time::sleep(Duration::from_secs(5)).await;
    let reports = reports.lock().unwrap();
    let [report] = &reports[..] else {
        panic!("{reports:?}");
    };
    assert_eq!(report.endpoint(), "Place");
    assert_eq!(report.action(), "callDailBack");
    assert_eq!(report.request_id().as_deref(), Some("20261206"));
    assert!(report.outcome().is_ok());
    let key = report.custom_parm().unwrap();
    assert!(ytx_core::ReconciliationKey::is_generated(key), "{key}");
    let sent: serde_json::Value =
        serde_json::from_slice(&slow.requests.lock().unwrap()[0]).unwrap();
    assert_eq!(sent["customParm"], key, "the key that went out");
    assert_eq!(report.request_body(), &slow.requests.lock().unwrap()[0][..]);
    assert_eq!(
        report.to_string(),
        format!(
            "Place abandoned by its caller: answered (requestId 20261206); customParm {key}; sent at {} Beijing time",
            report.sent_at()
        )
    );
}

#[tokio::test(start_paused = true)]
async fn a_side_effect_whose_answer_is_lost_after_the_drop_is_reported_unknown() {
    let slow = Slow::new(Duration::from_secs(2), None);
    let (client, reports) = client(config(), &slow);
    let place = Place::new("13911281234").custom_parm("order-7");
    let _ = tokio::time::timeout(Duration::from_millis(10), client.send(place)).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let reports = reports.lock().unwrap();
    let [report] = &reports[..] else {
        panic!("{reports:?}");
    };
    let Err(Error::OutcomeUnknown(unknown)) = report.outcome() else {
        panic!("{report:?}");
    };
    assert_eq!(unknown.custom_parm(), Some("order-7"));
    assert_eq!(report.custom_parm(), Some("order-7"));
    assert_eq!(report.request_id(), None);
    let shown = format!("{report:?} {report}");
    assert!(!shown.contains("13911281234"), "{shown}");
}

#[tokio::test(start_paused = true)]
async fn a_side_effect_dropped_while_it_waits_for_the_limits_is_never_sent() {
    let slow = Slow::new(Duration::from_secs(3600), Some(ACCEPTED));
    let (client, reports) = client(config().max_in_flight(1), &slow);
    let holder = tokio::spawn({
        let client = client.clone();
        async move { client.send(Query::new()).await }
    });
    tokio::task::yield_now().await;
    let waited = tokio::time::timeout(
        Duration::from_secs(1),
        client.send(Place::new("13911281234")),
    )
    .await;
    assert!(waited.is_err());
    holder.abort();
    tokio::time::sleep(Duration::from_secs(10)).await;
    assert_eq!(slow.count(), 1, "only the query went");
    assert!(reports.lock().unwrap().is_empty());
}

#[tokio::test(start_paused = true)]
async fn a_query_dropped_midway_is_not_reported() {
    let slow = Slow::new(Duration::from_secs(5), Some(r#"{"statusCode":"0"}"#));
    let (client, reports) = client(config(), &slow);
    let _ = tokio::time::timeout(Duration::from_secs(1), client.send(Query::new())).await;
    tokio::time::sleep(Duration::from_secs(10)).await;
    assert_eq!(slow.count(), 1);
    assert!(
        reports.lock().unwrap().is_empty(),
        "a query has nothing to lose"
    );
}

#[test]
fn a_runtime_that_ends_before_the_answer_reports_it_unknown() {
    let slow = Slow::new(Duration::from_secs(3600), Some(ACCEPTED));
    let (client, reports) = client(config(), &slow);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let place = Place::new("13911281234");
    let waited = runtime.block_on(async {
        tokio::time::timeout(Duration::from_millis(20), client.send(place)).await
    });
    assert!(waited.is_err());
    assert!(reports.lock().unwrap().is_empty());
    drop(runtime);
    let reports = reports.lock().unwrap();
    let [report] = &reports[..] else {
        panic!("{reports:?}");
    };
    assert!(
        matches!(report.outcome(), Err(Error::OutcomeUnknown(_))),
        "{report:?}"
    );
}
