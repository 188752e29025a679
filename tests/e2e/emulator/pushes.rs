//! Callbacks reach the app's callback URL, in order, and failing receivers are retried.

use std::time::Duration;

use ytx_call::{DailbackCall, NoticeCall};
use ytx_emulator::{App, PushKind};
use ytx_sms::TemplateSms;
use ytx_traffic::FlowOrder;

use super::{client, platform_with};
use crate::support::{APP_ID, Reply, Server};

const WITHIN: Duration = Duration::from_secs(10);

async fn receiver_and_platform(reply: Reply) -> (Server, ytx_emulator::Emulator) {
    let receiver = Server::start(reply).await;
    let app = App::new(APP_ID).callback_url(format!("{}/ytx/callback", receiver.base_url()));
    let emulator = platform_with(app, 10_000).start().await.unwrap();
    (receiver, emulator)
}

fn bodies(receiver: &Server) -> Vec<serde_json::Value> {
    receiver
        .requests()
        .iter()
        .map(|request| serde_json::from_slice(&request.body).unwrap())
        .collect()
}

#[tokio::test]
async fn a_two_way_call_pushes_its_states_then_its_record() {
    let (receiver, emulator) = receiver_and_platform(Reply::json("ok")).await;
    let call = client(&emulator)
        .send(DailbackCall::new("13911281234", "13522855865"))
        .await
        .unwrap();
    let pushes = emulator.wait_for_pushes(5, WITHIN).await;
    let kinds: Vec<PushKind> = pushes.iter().map(|push| push.kind).collect();
    assert_eq!(
        kinds,
        [
            PushKind::CallState,
            PushKind::CallState,
            PushKind::CallState,
            PushKind::CallState,
            PushKind::CallRecord
        ]
    );
    assert!(
        pushes
            .iter()
            .all(|push| push.delivered && push.attempts == 1)
    );

    let received = bodies(&receiver);
    let states: Vec<&str> = received[..4]
        .iter()
        .map(|b| b["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["callout", "answer", "answer", "disconnect"]);
    assert!(
        received[..4]
            .iter()
            .all(|b| b["requestid"] == call.request_id().unwrap())
    );
    assert_eq!(
        received[4]["cdr"][0]["requestid"],
        call.request_id().unwrap()
    );
    assert!(
        receiver
            .requests()
            .iter()
            .all(|r| r.target == "/ytx/callback" && r.method == "POST")
    );
}

#[tokio::test]
async fn sms_notice_and_top_up_push_their_results() {
    let (receiver, emulator) = receiver_and_platform(Reply::json("ok")).await;
    let client = client(&emulator);
    let sms = client
        .send(TemplateSms::new(vec!["13073339156".into()], "1").datas(vec!["0001".into()]))
        .await
        .unwrap();
    let notice = client
        .send(NoticeCall::new("13510437401", "9"))
        .await
        .unwrap();
    let order = client
        .send(FlowOrder::new("13911281234", "100010").custom_parm("o-9"))
        .await
        .unwrap();
    let pushes = emulator.wait_for_pushes(3, WITHIN).await;
    assert_eq!(pushes.len(), 3);

    let received = bodies(&receiver);
    let sms_push = received
        .iter()
        .find(|b| b.get("sendSts").is_some())
        .unwrap();
    assert_eq!(sms_push["requestid"], sms.request_id().unwrap());
    assert_eq!(
        (
            sms_push["sendSts"].as_str(),
            sms_push["mobileList"].as_str()
        ),
        (Some("1"), Some("13073339156"))
    );
    let notice_push = received
        .iter()
        .find(|b| b["cdr"][0]["tel"].is_string())
        .unwrap();
    assert_eq!(
        notice_push["cdr"][0]["requestid"],
        notice.request_id().unwrap()
    );
    let traffic_push = received
        .iter()
        .find(|b| b.get("trafficSts").is_some())
        .unwrap();
    assert_eq!(traffic_push["requestId"], order.request_id().unwrap());
    assert_eq!(traffic_push["customParm"], "o-9");
}

#[tokio::test]
async fn a_failing_receiver_is_tried_three_times_and_the_push_recorded() {
    let reply = Reply::Http {
        status: 500,
        content_type: "text/plain",
        body: b"down".to_vec(),
    };
    let (receiver, emulator) = receiver_and_platform(reply).await;
    client(&emulator)
        .send(FlowOrder::new("13911281234", "100010"))
        .await
        .unwrap();
    let pushes = emulator.wait_for_pushes(1, WITHIN).await;
    assert_eq!(pushes.len(), 1);
    assert_eq!((pushes[0].attempts, pushes[0].delivered), (3, false));
    assert_eq!(receiver.requests().len(), 3);
}

#[tokio::test]
async fn an_app_without_callback_url_gets_no_pushes() {
    let emulator = platform_with(App::new(APP_ID), 10_000)
        .start()
        .await
        .unwrap();
    client(&emulator)
        .send(FlowOrder::new("13911281234", "100010"))
        .await
        .unwrap();
    assert!(emulator.pushes().is_empty());
    assert_eq!(emulator.ledger().len(), 1);
}
