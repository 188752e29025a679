//! The request on the wire: method, path, query, headers and body, byte for byte.

use base64::Engine as _;
use ytx_call::MeetingQuery;
use ytx_core::sign::md5_hex_upper;

use crate::support::{APP_ID, Captured, Reply, SID, Server, TOKEN, doc_vector as vector};

const OK: &str = r#"{"statusCode":"0","statusMsg":"提交成功","data":[]}"#;

fn render(request: &Captured, port: u16) -> String {
    let mut text = format!("{} {}\n", request.method, request.target);
    for (name, value) in &request.headers {
        text.push_str(&format!("{name}: {value}\n"));
    }
    text.push('\n');
    text.push_str(&String::from_utf8_lossy(&request.body));
    text.replace(&format!(":{port}"), ":PORT")
        .replace(ytx_core::USER_AGENT, "ytx-rs/VERSION")
}

async fn one_request(server: &Server) -> Captured {
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.into_iter().next().unwrap()
}

#[tokio::test]
async fn meeting_query_request_is_exactly_as_documented() {
    let server = Server::start(Reply::json(OK)).await;
    server
        .client()
        .send(MeetingQuery::new(1).confid("002"))
        .await
        .unwrap();
    let request = one_request(&server).await;
    insta::assert_snapshot!(render(&request, server.addr.port()));
}

#[tokio::test]
async fn path_sign_and_authorization_match_the_signing_vector() {
    let server = Server::start(Reply::json(OK)).await;
    server.client().send(MeetingQuery::new(1)).await.unwrap();
    let request = one_request(&server).await;
    assert_eq!(request.target, vector().url);
    assert_eq!(
        request.header("authorization"),
        Some(vector().authorization.as_str())
    );
}

#[tokio::test]
async fn body_is_the_documented_example_field_for_field() {
    let server = Server::start(Reply::json(OK)).await;
    server
        .client()
        .send(MeetingQuery::new(1).confid("002"))
        .await
        .unwrap();
    let sent: serde_json::Value = serde_json::from_slice(&one_request(&server).await.body).unwrap();
    let spec = ytx_spec::builtin().unwrap();
    let entry = spec
        .endpoint("call", "MeetingQuery.wx", "queryMeeting")
        .unwrap();
    assert_eq!(
        sent,
        serde_json::Value::Object(entry.examples.request.clone().unwrap())
    );
}

#[tokio::test]
async fn sign_and_authorization_share_one_beijing_timestamp_from_the_system_clock() {
    let server = Server::start(Reply::json(OK)).await;
    let client = ytx_core::Client::new(
        ytx_core::Config::builder()
            .account_sid(SID)
            .auth_token(TOKEN)
            .app_id(APP_ID)
            .base_url(server.base_url())
            .build()
            .unwrap(),
    );
    client.send(MeetingQuery::new(1)).await.unwrap();
    let request = one_request(&server).await;
    let authorization = base64::engine::general_purpose::STANDARD
        .decode(request.header("authorization").unwrap())
        .unwrap();
    let plain = String::from_utf8(authorization).unwrap();
    let (sid, timestamp) = plain.split_once('|').unwrap();
    assert_eq!(sid, SID);
    let sign = request.target.split_once("?Sign=").unwrap().1;
    let expected = md5_hex_upper(&[SID.as_bytes(), TOKEN.as_bytes(), timestamp.as_bytes()]);
    assert_eq!(
        sign.as_bytes(),
        &expected,
        "Sign uses the Authorization's timestamp"
    );
    // The timestamp is Beijing time: within a minute of now + 8 h, whatever the host's TZ.
    #[allow(clippy::disallowed_methods)] // this test is about the system clock itself
    let now = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now());
    let sent = ytx_core::sign::Timestamp::parse(timestamp)
        .unwrap()
        .to_utc();
    assert!(
        (now - sent).num_seconds().abs() < 60,
        "sent {timestamp}, now {now}"
    );
}

#[tokio::test]
async fn a_request_can_name_another_app() {
    let server = Server::start(Reply::json(OK)).await;
    let client = server.client().with_app_id("another-app");
    client.send(MeetingQuery::new(1)).await.unwrap();
    let body: serde_json::Value = serde_json::from_slice(&one_request(&server).await.body).unwrap();
    assert_eq!(body["appid"], "another-app");
    assert_eq!(client.config().app_id(), APP_ID);
}

#[tokio::test]
async fn sequential_calls_reuse_one_pooled_connection() {
    let server = Server::start(Reply::json(OK)).await;
    let client = server.client();
    for _ in 0..3 {
        client.clone().send(MeetingQuery::new(1)).await.unwrap();
    }
    assert_eq!(server.requests().len(), 3);
    assert_eq!(server.connections(), 1);
}
