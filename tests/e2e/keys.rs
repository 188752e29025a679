//! Reconciliation keys: a side effect with `customParm`, sent without one, carries a
//! generated key, the same on every attempt, readable on the answer and on an unknown
//! outcome, by which two calls between the same numbers are told apart.

use std::time::Duration;

use ytx_call::{DailbackCall, Error, MeetingQuery, NoticeCall};
use ytx_core::reconcile::{PlatformRecord, Reconciliation};
use ytx_core::testing::{Failure, Scripted};
use ytx_core::{Client, Config, OutcomeUnknown, ReconciliationKey};
use ytx_emulator::{App, Fault, FaultRule, SideEffect};
use ytx_unicom::ProductOrder;

use crate::emulator::{client_with, config, platform_with};
use crate::support::{APP_ID, SID, TOKEN};

fn scripted_client(transport: &Scripted, keys: bool) -> Client {
    let config = Config::builder()
        .account_sid(SID)
        .auth_token(TOKEN)
        .app_id(APP_ID)
        .reconciliation_keys(keys)
        .build()
        .unwrap();
    Client::builder()
        .config(config)
        .transport(transport.clone())
        .build()
        .unwrap()
}

fn unknown(result: Result<impl std::fmt::Debug, Error>) -> Box<OutcomeUnknown> {
    match result {
        Err(Error::OutcomeUnknown(unknown)) => unknown,
        other => panic!("expected an unknown outcome, got {other:?}"),
    }
}

const ANSWER: &str = r#"{"statusCode":"0","statusMsg":"提交成功","requestId":"2026"}"#;

#[tokio::test]
async fn a_side_effect_without_custom_parm_carries_one_key_on_every_attempt() {
    // Refused (nothing left): tried again, with the same key.
    let transport = Scripted::new().fail(Failure::Refused).answer(ANSWER);
    let client = scripted_client(&transport, true);
    let answer = client
        .send(DailbackCall::new("13911281234", "13522855865"))
        .await
        .unwrap();
    let requests = transport.requests();
    assert_eq!(requests.len(), 2);
    let key = requests[0].body["customParm"].as_str().unwrap().to_owned();
    assert!(ReconciliationKey::is_generated(&key), "{key}");
    assert_eq!(requests[1].body["customParm"], key.as_str(), "the same key");
    assert_eq!(answer.reconciliation_key.as_deref(), Some(key.as_str()));
    assert_eq!(answer.request_id(), Some("2026"), "the platform's answer");

    // Each request its own key.
    let transport = Scripted::new().answer(ANSWER).answer(ANSWER);
    let client = scripted_client(&transport, true);
    for _ in 0..2 {
        client
            .send(ProductOrder::new("18812340804", "100010"))
            .await
            .unwrap();
    }
    let keys: Vec<String> = transport
        .requests()
        .iter()
        .map(|r| r.body["customParm"].as_str().unwrap().to_owned())
        .collect();
    assert_ne!(keys[0], keys[1]);
    assert!(keys.iter().all(|key| ReconciliationKey::is_generated(key)));
}

#[tokio::test]
async fn the_key_is_on_an_unknown_outcome_and_a_callers_own_custom_parm_wins() {
    let transport = Scripted::new().fail(Failure::Reset).answer(ANSWER);
    let client = scripted_client(&transport, true);
    let unknown = unknown(
        client
            .send(DailbackCall::new("13911281234", "13522855865"))
            .await,
    );
    let sent = transport.requests()[0].body["customParm"].clone();
    assert_eq!(unknown.custom_parm(), sent.as_str());
    assert!(ReconciliationKey::is_generated(
        unknown.custom_parm().unwrap()
    ));

    let own = DailbackCall::new("13911281234", "13522855865").custom_parm("order-7");
    let answer = client.send(own).await.unwrap();
    assert_eq!(transport.requests()[1].body["customParm"], "order-7");
    assert_eq!(answer.reconciliation_key.as_deref(), Some("order-7"));
}

#[tokio::test]
async fn keys_can_be_turned_off_and_queries_and_endpoints_without_custom_parm_get_none() {
    let transport = Scripted::new().answer(ANSWER);
    let client = scripted_client(&transport, false);
    let answer = client
        .send(DailbackCall::new("13911281234", "13522855865"))
        .await
        .unwrap();
    assert!(transport.requests()[0].body.get("customParm").is_none());
    assert_eq!(answer.reconciliation_key, None);

    let transport = Scripted::new()
        .answer(ANSWER)
        .answer(r#"{"statusCode":"0","data":[]}"#);
    let client = scripted_client(&transport, true);
    let notice = client
        .send(NoticeCall::new("13911281234", "1"))
        .await
        .unwrap();
    client.send(MeetingQuery::new(1)).await.unwrap();
    let requests = transport.requests();
    assert!(requests.iter().all(|r| r.body.get("customParm").is_none()));
    assert_eq!(notice.reconciliation_key, None);
}

#[tokio::test]
async fn operations_add_the_key_to_the_fields_and_say_which_take_one() {
    let operations = ytx_core::registered().unwrap();
    let takes: Vec<&str> = operations
        .iter()
        .filter(|op| op.takes_key())
        .map(|op| op.name())
        .collect();
    assert_eq!(takes, ["DailbackCall", "FlowOrder", "ProductOrder"]);
    let transport = Scripted::new().answer(ANSWER);
    let client = scripted_client(&transport, true);
    let call = operations
        .iter()
        .find(|op| op.name() == "DailbackCall")
        .unwrap();
    let mut fields = serde_json::json!({"src":"13911281234","dst":"13522855865"})
        .as_object()
        .unwrap()
        .clone();
    let key = call.add_key(&client, &mut fields).unwrap();
    assert_eq!(fields["customParm"], key.as_str());
    assert!(
        call.add_key(&client, &mut fields).is_none(),
        "it has one now"
    );
    call.call(&client, fields).await.unwrap();
    assert_eq!(transport.requests()[0].body["customParm"], key.as_str());
}

/// Two calls between the same two numbers, the second's answer lost: by its key, the
/// second is found and told from the first. Without keys, the two cannot be told apart.
#[tokio::test]
async fn a_repeated_call_between_the_same_numbers_is_reconciled_by_its_key() {
    for keys in [true, false] {
        let emulator = platform_with(App::new(APP_ID), 1_000_000)
            .start()
            .await
            .unwrap();
        let config = || config(&emulator).reconciliation_keys(keys);
        let patient = client_with(config());
        let hasty = client_with(config().attempt_timeout(Duration::from_millis(300)));
        let call = || DailbackCall::new("13911281234", "13522855865");
        let first = patient.send(call()).await.unwrap();
        emulator.inject(FaultRule::new(Fault::AnswerAfter(Duration::from_secs(1))));
        let second = unknown(hasty.send(call()).await);
        let ledger = emulator.ledger();
        assert_eq!(ledger.len(), 2, "both calls were placed");
        let verdict = patient.reconcile(&second).await.unwrap();
        if !keys {
            assert!(
                matches!(&verdict, Reconciliation::CannotTell(why) if why.reason().contains("2 records")),
                "{verdict:?}"
            );
            continue;
        }
        let Reconciliation::Happened(PlatformRecord::Call(record)) = verdict else {
            panic!("{verdict:?}");
        };
        assert_eq!(record.custom_parm.as_deref(), second.custom_parm());
        assert_eq!(
            record.requestid.as_deref(),
            Some(ledger[1].request_id.as_str())
        );
        assert_ne!(record.requestid.as_deref(), first.request_id());
        let SideEffect::CallPlaced { custom_parm, .. } = &ledger[1].effect else {
            panic!("{:?}", ledger[1]);
        };
        assert_eq!(custom_parm.as_deref(), second.custom_parm());
    }
}
