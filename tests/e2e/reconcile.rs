//! `Client::reconcile` against the emulator under the answer-after fault: every `Happened`
//! is in the ledger, every ledger entry is found, and what never took effect is not.

use std::collections::BTreeSet;
use std::time::Duration;

use ytx_call::{DailbackCall, Error, NoticeCall};
use ytx_core::reconcile::{PlatformRecord, Reconciliation};
use ytx_core::{Client, OutcomeUnknown};
use ytx_emulator::{App, Emulator, Fault, FaultRule, SideEffect};
use ytx_sms::TemplateSms;
use ytx_unicom::ProductOrder;

use crate::emulator::{client_with, config, platform_with};

/// Took effect, answer lost; or dropped before it took effect.
const LOST_ANSWERS: usize = 6;
const DROPPED: usize = 3;

fn unknown(result: Result<impl std::fmt::Debug, Error>) -> Box<OutcomeUnknown> {
    match result {
        Err(Error::OutcomeUnknown(unknown)) => unknown,
        other => panic!("expected an unknown outcome, got {other:?}"),
    }
}

/// The key a ledger entry or a found record is known by: `customParm`, else the number.
fn ledger_keys(emulator: &Emulator) -> BTreeSet<String> {
    emulator
        .ledger()
        .iter()
        .map(|entry| match &entry.effect {
            SideEffect::CallPlaced {
                custom_parm: Some(custom),
                ..
            }
            | SideEffect::BillTopUpCharged {
                custom_parm: Some(custom),
                ..
            } => custom.clone(),
            SideEffect::CallPlaced { numbers, .. } => numbers[0].clone(),
            other => panic!("not sent by this test: {other:?}"),
        })
        .collect()
}

fn found_key(record: &PlatformRecord) -> String {
    match record {
        PlatformRecord::Call(call) => call
            .custom_parm
            .clone()
            .filter(|custom| !custom.is_empty())
            .or_else(|| call.tel.clone())
            .unwrap(),
        PlatformRecord::Order(order) => order["customParm"].as_str().unwrap().to_owned(),
        other => panic!("{other:?}"),
    }
}

async fn send_all(client: &Client, emulator: &Emulator) -> Vec<(String, Box<OutcomeUnknown>)> {
    for url in ["DailbackCall.wx", "Order.wx", "NoticeCall.wx"] {
        let lost = FaultRule::new(Fault::AnswerAfter(Duration::from_secs(1)));
        emulator.inject(lost.on_url(url).times(LOST_ANSWERS));
        emulator.inject(FaultRule::new(Fault::Drop).on_url(url).times(DROPPED));
    }
    let mut sent = Vec::new();
    for n in 0..LOST_ANSWERS + DROPPED {
        let key = format!("call-{n}");
        let call = DailbackCall::new("13911281234", "13522855865").custom_parm(&key);
        sent.push((key, unknown(client.send(call).await)));
        let key = format!("bill-{n}");
        let order = ProductOrder::new("18812340804", "100010").custom_parm(&key);
        sent.push((key, unknown(client.send(order).await)));
        // Voice notices have no customParm: each goes to a number of its own.
        let key = format!("1391128{n:04}");
        let notice = NoticeCall::new(&key, "1");
        sent.push((key, unknown(client.send(notice).await)));
    }
    sent
}

#[tokio::test]
async fn unknown_outcomes_are_found_exactly_where_they_took_effect() {
    let emulator = platform_with(App::new(crate::support::APP_ID), 1_000_000)
        .start()
        .await
        .unwrap();
    let client = client_with(config(&emulator).attempt_timeout(Duration::from_millis(300)));
    let sent = send_all(&client, &emulator).await;
    let ledger = ledger_keys(&emulator);
    assert_eq!(ledger.len(), 3 * LOST_ANSWERS, "{ledger:?}");

    let patient = client_with(config(&emulator));
    let mut happened = BTreeSet::new();
    for (key, unknown) in &sent {
        match patient.reconcile(unknown).await.unwrap() {
            Reconciliation::Happened(record) => {
                assert_eq!(
                    &found_key(&record),
                    key,
                    "the record found is this request's"
                );
                assert!(
                    ledger.contains(key),
                    "{key} was found but did not take effect"
                );
                happened.insert(key.clone());
            }
            Reconciliation::NotFound(searched) => {
                assert!(!ledger.contains(key), "{key} took effect but was not found");
                assert!(!key.starts_with("1391128"), "notices cannot be told absent");
                let _ = searched;
            }
            Reconciliation::CannotTell(why) => {
                assert!(!ledger.contains(key), "{key} took effect: {why}");
                assert!(key.starts_with("1391128"), "{key}: {why}");
                assert!(why.reason().contains("guess"), "{why}");
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(happened, ledger, "every ledger entry is found");
}

/// More calls in the hour than one call-record answer holds: the unknown ones sit past the
/// hour's first answer, where only reading on finds them.
#[tokio::test]
async fn calls_past_the_first_answer_of_their_hour_are_found_and_none_is_wrongly_absent() {
    const ANSWERED: usize = ytx_emulator::CALL_RECORDS_PER_ANSWER + 50;
    const LOST: usize = 120;
    const DROPPED: usize = 30;
    let emulator = platform_with(App::new(crate::support::APP_ID), 100_000_000)
        .start()
        .await
        .unwrap();
    let client = client_with(config(&emulator).attempt_timeout(Duration::from_millis(300)));
    let patient = client_with(config(&emulator));
    // Every call of the test is in one hour: the clocks are fixed.
    let call = |n: usize| {
        DailbackCall::new(format!("139{n:08}"), "13522855865").custom_parm(format!("order-{n}"))
    };
    let mut placed = tokio::task::JoinSet::new();
    for n in 0..ANSWERED {
        let client = patient.clone();
        placed.spawn(async move { client.send(call(n)).await.map(|_| ()) });
    }
    while let Some(sent) = placed.join_next().await {
        sent.unwrap().unwrap();
    }
    emulator.inject(FaultRule::new(Fault::AnswerAfter(Duration::from_secs(1))).times(LOST));
    emulator.inject(FaultRule::new(Fault::Drop).times(DROPPED));
    let mut lost = tokio::task::JoinSet::new();
    for n in ANSWERED..ANSWERED + LOST + DROPPED {
        let client = client.clone();
        lost.spawn(async move { (format!("order-{n}"), unknown(client.send(call(n)).await)) });
    }
    let lost = lost.join_all().await;
    // A send the client gave up on before the emulator read it left its fault unused.
    emulator.clear_faults();
    let ledger = ledger_keys(&emulator);
    assert_eq!(ledger.len(), ANSWERED + LOST, "the drops took no effect");

    let mut reconciler = patient.reconciler();
    let (mut happened, mut not_found) = (0, 0);
    for (key, unknown) in lost {
        match reconciler.reconcile(&unknown).await.unwrap() {
            Reconciliation::Happened(record) => {
                assert_eq!(found_key(&record), key, "the record found is the request's");
                assert!(ledger.contains(&key), "{key} was found but took no effect");
                happened += 1;
            }
            Reconciliation::NotFound(_) => {
                assert!(
                    !ledger.contains(&key),
                    "{key} took effect but was not found"
                );
                not_found += 1;
            }
            other => panic!("{key}: {other:?}"),
        }
    }
    assert_eq!((happened, not_found), (LOST, DROPPED));
    // One at a time, without the reconciler's shared answers, the same.
    let (key, unknown) = {
        let n = ANSWERED + LOST + DROPPED;
        emulator.inject(FaultRule::new(Fault::AnswerAfter(Duration::from_secs(1))));
        (format!("order-{n}"), unknown(client.send(call(n)).await))
    };
    let Reconciliation::Happened(record) = patient.reconcile(&unknown).await.unwrap() else {
        panic!("{key} took effect past the hour's first answer");
    };
    assert_eq!(found_key(&record), key);
}

#[tokio::test]
async fn an_sms_of_unknown_outcome_cannot_be_told_and_says_what_evidence_remains() {
    let emulator = platform_with(App::new(crate::support::APP_ID), 10_000)
        .start()
        .await
        .unwrap();
    emulator.inject(FaultRule::new(Fault::AnswerAfter(Duration::from_secs(1))));
    let client = client_with(config(&emulator).attempt_timeout(Duration::from_millis(300)));
    let sms = TemplateSms::new(vec!["13073339156".into()], "1");
    let unknown = match client.send(sms).await {
        Err(ytx_sms::Error::OutcomeUnknown(unknown)) => unknown,
        other => panic!("{other:?}"),
    };
    let requests = emulator.request_count();
    let Reconciliation::CannotTell(why) = client.reconcile(&unknown).await.unwrap() else {
        panic!("template SMS has no lookup");
    };
    assert!(why.evidence().contains("delivery push"), "{why}");
    assert_eq!(emulator.request_count(), requests, "nothing was asked");
}

#[test]
fn the_lookups_speak_the_wire_of_the_registered_endpoints() {
    let sent = ytx_core::Timestamp::parse("20261204133000").unwrap();
    // A full answer, so that a call search reads on with its paging lookup too.
    let records: Vec<serde_json::Value> = (0..ytx_core::reconcile::CALL_RECORDS_PAGE)
        .map(|i| serde_json::json!({"requestid": i.to_string(), "customParm": "other"}))
        .collect();
    let full = serde_json::json!({ "cdr": records });
    let mut lookups = Vec::new();
    for (action, body) in [
        ("callDailBack", r#"{"customParm":"x"}"#),
        ("templateNoticeCall", r#"{"dst":"13911281234"}"#),
        ("productOrder", r#"{"customParm":"x"}"#),
    ] {
        let mut search = ytx_core::reconcile::plan(action, &sent, body.as_bytes()).unwrap();
        for _ in 0..2 {
            if let Some(lookup) = search.next_lookup() {
                lookups.push(lookup.clone());
                search.answer(Ok(&full));
            }
        }
    }
    let actions: Vec<&str> = lookups.iter().map(|lookup| lookup.action()).collect();
    for action in ["getCdrByTime", "getCdrByResId", "getOrderResult"] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    for lookup in &lookups {
        let registered = crate::conformance_operations()
            .iter()
            .find(|op| op.action() == lookup.action())
            .unwrap_or_else(|| panic!("{} is not a registered endpoint", lookup.action()));
        assert_eq!(
            (lookup.func(), lookup.url(), lookup.version_segment()),
            (registered.family(), registered.url(), registered.version()),
        );
        assert_eq!(lookup.retry_class(), registered.retry());
        // Each lookup is a request the endpoint's struct accepts as it is.
        registered
            .check(lookup.body_fields())
            .unwrap_or_else(|err| panic!("{}: {err}", lookup.action()));
    }
}
