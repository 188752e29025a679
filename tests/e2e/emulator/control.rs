//! The control API under `/__emulator/`: off by default; the ledger, pushes, judged
//! requests and balances read over HTTP; faults, balances and a reset set over HTTP; bad
//! control requests answered 400 with the reason.

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use ytx_core::Error;
use ytx_emulator::Emulator;
use ytx_sms::TemplateSms;

use super::{client, client_with, config, platform};

/// One control request on a fresh connection: the status and the JSON (or text) answered.
async fn control(emulator: &Emulator, method: &str, path: &str, body: &str) -> (u16, Value) {
    let mut stream = tokio::net::TcpStream::connect(emulator.addr())
        .await
        .unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    let status = answer[9..12].parse().unwrap();
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, body)| body);
    let value = serde_json::from_str(body).unwrap_or_else(|_| Value::String(body.to_owned()));
    (status, value)
}

fn sms() -> TemplateSms {
    TemplateSms::new(vec!["13073339156".into()], "1")
}

#[tokio::test]
async fn the_control_api_is_off_unless_asked_for() {
    let emulator = platform().start().await.unwrap();
    let (status, _) = control(&emulator, "GET", "/__emulator/ledger", "").await;
    assert_eq!(status, 405, "served as a platform path: POST only");
    let (status, _) = control(&emulator, "POST", "/__emulator/reset", "").await;
    assert_eq!(status, 404, "no such platform path");
}

#[tokio::test]
async fn a_test_reads_what_happened_over_http() {
    let emulator = platform().control(true).start().await.unwrap();
    client(&emulator).send(sms()).await.unwrap();

    let (status, ledger) = control(&emulator, "GET", "/__emulator/ledger", "").await;
    assert_eq!(status, 200);
    let entries = ledger["ledger"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{ledger}");
    assert_eq!(entries[0]["effect"]["kind"], "sms_sent");
    assert_eq!(entries[0]["effect"]["mobiles"], json!(["13073339156"]));
    assert_eq!(entries[0]["chargeFen"], 5);

    let (_, requests) = control(&emulator, "GET", "/__emulator/requests", "").await;
    let judged = &requests["requests"][0];
    assert_eq!(judged["action"], "templateSms");
    assert_eq!(judged["verdict"], "accepted");
    assert_eq!(judged["statusCode"], "0");
    assert!(
        judged["target"].as_str().unwrap().ends_with("?Sign=***"),
        "{judged}"
    );
    // The SDK names itself, so egress logs and the platform can tell it apart.
    assert_eq!(judged["userAgent"], ytx_core::USER_AGENT);
    let (_, later) = control(&emulator, "GET", "/__emulator/requests?after=1", "").await;
    assert_eq!(later["requests"], json!([]));

    let (_, accounts) = control(&emulator, "GET", "/__emulator/accounts", "").await;
    assert_eq!(accounts["accounts"][0]["balance"], "99.95");
    let (_, pushes) = control(&emulator, "GET", "/__emulator/pushes", "").await;
    assert_eq!(pushes["pushes"], json!([]), "no callback URL, no push");

    let (status, page) = control(&emulator, "GET", "/__emulator/", "").await;
    assert_eq!(status, 200);
    assert!(page.as_str().unwrap().contains(r#"<table id="ledger">"#));
}

#[tokio::test]
async fn the_applications_product_token_follows_the_sdks() {
    let emulator = platform().start().await.unwrap();
    client_with(config(&emulator).user_agent_product("billing/1.4"))
        .send(sms())
        .await
        .unwrap();
    let agent = emulator.requests()[0].user_agent.clone().unwrap();
    assert_eq!(
        agent,
        format!("ytx-rs/{} billing/1.4", env!("CARGO_PKG_VERSION"))
    );
    assert!(agent.starts_with(ytx_core::USER_AGENT));

    let refused = config(&emulator).user_agent_product("not a/token/").build();
    assert!(
        matches!(
            refused,
            Err(ytx_core::ConfigError::Invalid {
                field: "user_agent_product",
                ..
            })
        ),
        "{refused:?}"
    );
}

#[tokio::test]
async fn a_test_steers_faults_balances_and_resets_over_http() {
    let emulator = platform().control(true).start().await.unwrap();
    let fault = r#"{"fault":"status","status":503,"url":"TemplateSMS.wx","times":2}"#;
    let (status, added) = control(&emulator, "POST", "/__emulator/faults", fault).await;
    assert_eq!((status, &added["pending"]), (201, &json!(1)));
    let (_, faults) = control(&emulator, "GET", "/__emulator/faults", "").await;
    assert_eq!(faults["faults"][0]["status"], 503);
    // A 5xx to an SMS: the outcome is unknown, and the cause is the injected 503.
    let err = client(&emulator).send(sms()).await.unwrap_err();
    let Error::OutcomeUnknown(unknown) = &err else {
        panic!("{err}");
    };
    assert_eq!(unknown.cause().http_status().map(|s| s.as_u16()), Some(503));
    let (_, cleared) = control(&emulator, "DELETE", "/__emulator/faults", "").await;
    assert_eq!(cleared["cleared"], 1);

    let sid = crate::support::SID;
    let path = format!("/__emulator/accounts/{sid}/balance");
    let (status, _) = control(&emulator, "PUT", &path, r#"{"yuan":"0.01"}"#).await;
    assert_eq!(status, 200);
    let err = client(&emulator).send(sms()).await.unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.code().as_wire() == "-204"),
        "{err}"
    );

    client(&emulator).send(sms()).await.unwrap_err();
    control(&emulator, "PUT", &path, r#"{"fen":10000}"#).await;
    let first = client(&emulator).send(sms()).await.unwrap();
    let (status, _) = control(&emulator, "POST", "/__emulator/reset", "").await;
    assert_eq!(status, 200);
    assert!(emulator.ledger().is_empty());
    assert!(emulator.requests().is_empty());
    assert_eq!(emulator.balance_fen(sid), Some(10_000));
    let second = client(&emulator).send(sms()).await.unwrap();
    assert_ne!(
        first.request_id(),
        second.request_id(),
        "ids go on after a reset"
    );
}

#[tokio::test]
async fn a_bad_control_request_gets_400_with_the_reason() {
    let emulator = platform().control(true).start().await.unwrap();
    let sid = crate::support::SID;
    let balance = format!("/__emulator/accounts/{sid}/balance");
    for (method, path, body, status, reason) in [
        ("POST", "/__emulator/faults", "{not json", 400, "not JSON"),
        (
            "POST",
            "/__emulator/faults",
            r#"{"fault":"explode"}"#,
            400,
            "one of",
        ),
        (
            "POST",
            "/__emulator/faults",
            r#"{"fault":"delay"}"#,
            400,
            "ms",
        ),
        (
            "PUT",
            balance.as_str(),
            r#"{"yuan":"lots"}"#,
            400,
            "not an amount",
        ),
        ("PUT", balance.as_str(), r#"{}"#, 400, "yuan"),
        (
            "PUT",
            "/__emulator/accounts/nobody/balance",
            r#"{"fen":1}"#,
            404,
            "no account",
        ),
        (
            "GET",
            "/__emulator/requests?after=x",
            "",
            400,
            "request number",
        ),
        ("GET", "/__emulator/everything", "", 404, "no control path"),
        ("DELETE", "/__emulator/ledger", "", 405, "not allowed"),
    ] {
        let (answered, error) = control(&emulator, method, path, body).await;
        assert_eq!(answered, status, "{method} {path} {body}: {error}");
        let text = error["error"].as_str().unwrap_or_default();
        assert!(text.contains(reason), "{method} {path} {body}: {error}");
    }
    assert!(emulator.ledger().is_empty());
}
