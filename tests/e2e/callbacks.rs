//! The emulator's callbacks, received by `ytx_core::callback::CallbackReceiver` served with
//! hyper, arrive as typed events.

use std::time::Duration;

use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use ytx_call::{DailbackCall, NoticeCall};
use ytx_core::callback::{CallPhase, Callback, CallbackReceiver, TrafficStatus};
use ytx_emulator::App;
use ytx_sms::TemplateSms;
use ytx_traffic::FlowOrder;

use crate::emulator::{client, platform_with};
use crate::support::APP_ID;

/// Serves `receiver` on 127.0.0.1 and returns its URL; the server lives as long as the test.
async fn serve(receiver: CallbackReceiver) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/ytx/callback/s3cret",
        listener.local_addr().unwrap()
    );
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let receiver = receiver.clone();
            tokio::spawn(http1::Builder::new().serve_connection(TokioIo::new(stream), receiver));
        }
    });
    url
}

async fn next(events: &mut mpsc::Receiver<Callback>) -> Callback {
    tokio::time::timeout(Duration::from_secs(10), events.recv())
        .await
        .expect("a callback in time")
        .unwrap()
}

#[tokio::test]
async fn every_push_arrives_typed() {
    let (receiver, mut events) = CallbackReceiver::channel(64);
    let url = serve(receiver).await;
    let emulator = platform_with(App::new(APP_ID).callback_url(url), 10_000)
        .start()
        .await
        .unwrap();
    let client = client(&emulator);

    let call = client
        .send(DailbackCall::new("13911281234", "13522855865"))
        .await
        .unwrap();
    let call_id = call.request_id().unwrap();
    let mut phases = Vec::new();
    for _ in 0..4 {
        let Callback::CallState(state) = next(&mut events).await else {
            panic!("expected a call state")
        };
        assert_eq!(state.requestid.as_deref(), Some(call_id));
        phases.push(state.phase().unwrap());
    }
    assert_eq!(
        phases,
        [
            CallPhase::Callout,
            CallPhase::Answer,
            CallPhase::Answer,
            CallPhase::Disconnect
        ]
    );
    let Callback::CallRecords(records) = next(&mut events).await else {
        panic!("expected call records")
    };
    assert_eq!(records.cdr[0].requestid.as_deref(), Some(call_id));
    assert_eq!(records.cdr[0].caller.as_deref(), Some("13911281234"));

    let notice = client
        .send(NoticeCall::new("13510437401", "9"))
        .await
        .unwrap();
    let Callback::NoticeRecords(records) = next(&mut events).await else {
        panic!("expected notice records")
    };
    assert_eq!(records.cdr[0].requestid.as_deref(), notice.request_id());
    assert_eq!(records.cdr[0].tel.as_deref(), Some("13510437401"));

    let sms = client
        .send(TemplateSms::new(vec!["13073339156".into()], "1"))
        .await
        .unwrap();
    let Callback::SmsDelivery(delivery) = next(&mut events).await else {
        panic!("expected an SMS delivery")
    };
    assert_eq!(delivery.requestid.as_deref(), sms.request_id());
    assert_eq!(
        (delivery.delivered(), delivery.mobiles()),
        (Some(true), vec!["13073339156"])
    );

    let order = client
        .send(FlowOrder::new("13911281234", "100010").custom_parm("o-3"))
        .await
        .unwrap();
    let Callback::TrafficResult(result) = next(&mut events).await else {
        panic!("expected a top-up result")
    };
    assert_eq!(result.request_id.as_deref(), order.request_id());
    assert_eq!(
        (result.status(), result.custom_parm.as_deref()),
        (Some(TrafficStatus::Succeeded), Some("o-3"))
    );

    let pushes = emulator.wait_for_pushes(8, Duration::from_secs(10)).await;
    assert!(
        pushes
            .iter()
            .all(|push| push.delivered && push.attempts == 1),
        "{pushes:?}"
    );
}

#[tokio::test]
async fn bad_callbacks_get_400_over_http() {
    let (receiver, mut events) = CallbackReceiver::channel(4);
    let url = serve(receiver).await;
    let addr = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    for body in ["not json", "[]", "{\"cdr\":"] {
        let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let request = format!(
            "POST /ytx/callback/s3cret HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).await.unwrap();
        assert!(response.starts_with("HTTP/1.1 400"), "{body}: {response}");
    }
    assert!(events.try_recv().is_err());
}
