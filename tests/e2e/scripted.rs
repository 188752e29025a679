//! The transport seam's test double: an application's YTX code tested with no socket.

use ytx_call::{DailbackCall, MeetingQuery};
use ytx_core::testing::{Failure, Scripted};
use ytx_core::{Client, Config, Error};

use crate::support::{APP_ID, SID, TOKEN};

fn client(transport: &Scripted) -> Client {
    let config = Config::builder()
        .account_sid(SID)
        .auth_token(TOKEN)
        .app_id(APP_ID)
        .build()
        .unwrap();
    Client::builder()
        .config(config)
        .transport(transport.clone())
        .build()
        .unwrap()
}

#[tokio::test]
async fn answers_replay_in_order_and_every_request_is_recorded() {
    let transport = Scripted::new()
        .answer(r#"{"statusCode":"0","statusMsg":"提交成功","data":[{"confid":"002"}]}"#)
        .answer(r#"{"statusCode":"-205","statusMsg":"应用验证失败"}"#);
    let client = client(&transport);
    let rooms = client
        .send(MeetingQuery::new(1).confid("002"))
        .await
        .unwrap();
    assert_eq!(rooms.data.unwrap().as_str(), r#"[{"confid":"002"}]"#);
    let refused = client.send(MeetingQuery::new(1)).await.unwrap_err();
    assert_eq!(refused.api_code().map(|code| code.as_wire()), Some("-205"));

    let requests = transport.requests();
    assert_eq!(requests.len(), 2);
    let first = &requests[0];
    assert_eq!(
        (
            first.version.as_str(),
            first.account_sid.as_str(),
            first.func.as_str(),
            first.url.as_str()
        ),
        ("201612", SID, "call", "MeetingQuery.wx")
    );
    assert_eq!(first.action(), Some("queryMeeting"));
    assert_eq!(first.body["appid"], APP_ID);
    assert_eq!(first.body["confid"], "002");
    let shown = format!("{requests:?}");
    assert!(!shown.contains(TOKEN) && !shown.contains("Sign"), "{shown}");
}

#[tokio::test]
async fn a_reset_side_effect_is_an_unknown_outcome_sent_once() {
    let transport = Scripted::new()
        .fail(Failure::Reset)
        .answer(r#"{"statusCode":"0","requestId":"1"}"#);
    let err = client(&transport)
        .send(DailbackCall::new("13911281234", "13522855865").custom_parm("order-7"))
        .await
        .unwrap_err();
    let Error::OutcomeUnknown(unknown) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(unknown.custom_parm(), Some("order-7"));
    assert_eq!(transport.requests().len(), 1, "never sent twice");
}

#[tokio::test]
async fn a_query_is_retried_past_scripted_failures() {
    let transport = Scripted::new()
        .fail(Failure::Timeout)
        .fail(Failure::Refused)
        .answer(r#"{"statusCode":"0","statusMsg":"提交成功"}"#);
    client(&transport).send(MeetingQuery::new(1)).await.unwrap();
    assert_eq!(transport.requests().len(), 3);
}

#[tokio::test]
async fn an_exhausted_script_says_so() {
    let transport = Scripted::new();
    let err = client(&transport)
        .send(DailbackCall::new("13911281234", "13522855865"))
        .await
        .unwrap_err();
    let text = format!(
        "{err} {:?}",
        std::error::Error::source(&err).map(ToString::to_string)
    );
    assert!(text.contains("no answer left"), "{text}");
    assert!(!err.may_have_reached_platform());
}
