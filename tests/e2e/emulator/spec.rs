//! The emulator serves any endpoint that has a spec entry: the platform's checks from the
//! spec, the spec's example as the answer, and extra spec files given at start.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::json;
use ytx_core::{ApiCode, Error, RawRequest, RetryClass};
use ytx_emulator::{Emulator, SideEffect};

use super::{client, platform};

/// A team's own endpoint, as a spec file would declare it.
const TEAM_ENDPOINT: &str = r#"{
  "name": "CallBlock",
  "name_zh": "黑名单添加",
  "func": "call",
  "url": "CallBlock.wx",
  "action": "addBlock",
  "version": "201612",
  "retry": "side-effect",
  "source": "a test's own endpoint",
  "request": [
    { "wire": "phone", "type": "string", "required": true, "description": "the number", "format": "phone" },
    { "wire": "reason", "type": "string", "required": false, "description": "why" }
  ],
  "response": [
    { "wire": "statusCode", "type": "string", "description": "\"0\" = success" },
    { "wire": "blockId", "type": "string", "description": "the entry" }
  ],
  "examples": {
    "request": { "action": "addBlock", "appid": "ff8080813fc70a7b013fc72312324213", "phone": "13911281234" },
    "responses": [ { "statusCode": "0", "statusMsg": "提交成功", "requestId": "20200437755840048670965760400", "blockId": "b-1" } ]
  }
}"#;

/// A directory of its own, removed on drop.
struct SpecDir(PathBuf);

impl SpecDir {
    fn with(files: &[(&str, &str)]) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "ytx-e2e-spec-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        Self(dir)
    }
}

impl Drop for SpecDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn team_emulator() -> (Emulator, SpecDir) {
    let dir = SpecDir::with(&[
        ("call-block.json", TEAM_ENDPOINT),
        ("README.txt", "not a spec"),
    ]);
    let emulator = platform().spec_dir(&dir.0).unwrap().start().await.unwrap();
    (emulator, dir)
}

fn block(fields: serde_json::Value) -> RawRequest {
    RawRequest::new("call/CallBlock.wx", "addBlock")
        .unwrap()
        .version("201612")
        .unwrap()
        .fields(fields)
        .unwrap()
}

#[tokio::test]
async fn an_endpoint_from_an_extra_spec_file_answers_its_example_with_a_fresh_request_id() {
    let (emulator, _dir) = team_emulator().await;
    let client = client(&emulator);
    let first = client
        .send_raw(&block(json!({"phone": "13911281234"})))
        .await
        .unwrap();
    let second = client
        .send_raw(&block(json!({"phone": "13911281234"})))
        .await
        .unwrap();
    assert_eq!(first["blockId"], "b-1");
    assert_eq!(first["statusMsg"], "提交成功");
    let ids = [&first["requestId"], &second["requestId"]];
    assert!(
        ids.iter()
            .all(|id| id.as_str().is_some_and(|id| id.len() == 29)),
        "{ids:?}"
    );
    assert_ne!(ids[0], ids[1], "each answer has its own requestId");
    assert_ne!(ids[0], "20200437755840048670965760400");
}

#[tokio::test]
async fn a_spec_only_side_effect_is_in_the_ledger_as_sent() {
    let (emulator, _dir) = team_emulator().await;
    let answer = client(&emulator)
        .send_raw(&block(json!({"phone": "13911281234", "reason": "spam"})))
        .await
        .unwrap();
    let ledger = emulator.ledger();
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0].request_id, answer["requestId"].as_str().unwrap());
    let SideEffect::Request {
        url,
        action,
        fields,
        ..
    } = &ledger[0].effect
    else {
        panic!("{ledger:?}")
    };
    assert_eq!(
        (url.as_str(), action.as_str()),
        ("CallBlock.wx", "addBlock")
    );
    assert_eq!(fields["reason"], "spam");
    assert!(!fields.contains_key("appid"));
}

#[tokio::test]
async fn the_spec_decides_required_fields_phones_and_version() {
    let (emulator, _dir) = team_emulator().await;
    let client = client(&emulator);
    let code = |result: Result<serde_json::Value, Error>| match result {
        Err(Error::Api(api)) => api.code().clone(),
        other => panic!("{other:?}"),
    };
    let missing = client.send_raw(&block(json!({"reason": "x"}))).await;
    assert_eq!(code(missing), ApiCode::MissingParameter);
    let bad_phone = client.send_raw(&block(json!({"phone": "12345"}))).await;
    assert_eq!(code(bad_phone), ApiCode::IllegalPhoneNumber);
    let old = block(json!({"phone": "13911281234"}))
        .version("201512")
        .unwrap();
    assert_eq!(code(client.send_raw(&old).await), ApiCode::InvalidAction);
    assert!(emulator.ledger().is_empty());
}

#[tokio::test]
async fn without_the_spec_file_the_endpoint_is_an_invalid_action() {
    let emulator = platform().start().await.unwrap();
    let result = client(&emulator)
        .send_raw(&block(json!({"phone": "13911281234"})).retry(RetryClass::SafeQuery))
        .await;
    assert!(matches!(result, Err(Error::Api(api)) if *api.code() == ApiCode::InvalidAction));
}

#[test]
fn a_bad_or_clashing_spec_file_is_refused_naming_it() {
    let broken = TEAM_ENDPOINT.replace(r#""required": true"#, r#""required": "yes""#);
    let dir = SpecDir::with(&[("broken.json", &broken)]);
    let err = platform().spec_dir(&dir.0).unwrap_err();
    assert!(err.file().ends_with("broken.json"), "{err}");
    assert_eq!(err.field(), Some("request[0].required"), "{err}");

    let unknown = TEAM_ENDPOINT.replace(r#""source""#, r#""sauce""#);
    let dir = SpecDir::with(&[("unknown-key.json", &unknown)]);
    let err = platform().spec_dir(&dir.0).unwrap_err();
    assert!(err.message().contains("unknown key `sauce`"), "{err}");
    assert_eq!(err.position().map(|(line, _)| line), Some(9), "{err}");

    let builtin = TEAM_ENDPOINT
        .replace("CallBlock.wx", "MeetingQuery.wx")
        .replace("addBlock", "queryMeeting");
    let dir = SpecDir::with(&[("clash.json", &builtin)]);
    let err = platform().spec_dir(&dir.0).unwrap_err();
    assert!(err.file().ends_with("clash.json"), "{err}");
    assert!(
        err.message()
            .contains("spec/endpoints/call/meeting-query.json"),
        "{err}"
    );

    let dir = SpecDir::with(&[("a.json", TEAM_ENDPOINT), ("b.json", TEAM_ENDPOINT)]);
    let err = platform().spec_dir(&dir.0).unwrap_err();
    assert!(
        err.file().ends_with("b.json") && err.message().contains("a.json"),
        "{err}"
    );
}

/// A team's file with only the wire: no names, descriptions, answer or examples.
const WIRE_ONLY: &str = r#"{
  "func": "call", "url": "CallBlock.wx", "action": "addBlock", "version": "201612",
  "retry": "side-effect",
  "request": [
    { "wire": "phones", "type": "string[]", "wire_type": "comma-joined", "required": true, "format": "phone" }
  ]
}"#;

#[tokio::test]
async fn a_file_with_only_the_wire_is_served_with_the_plain_envelope() {
    let dir = SpecDir::with(&[("call-block.json", WIRE_ONLY)]);
    let emulator = platform().spec_dir(&dir.0).unwrap().start().await.unwrap();
    let client = client(&emulator);
    let send = |phones: &str| {
        RawRequest::new("call/CallBlock.wx", "addBlock")
            .unwrap()
            .version("201612")
            .unwrap()
            .fields(json!({ "phones": phones }))
            .unwrap()
    };
    let answer = client
        .send_raw(&send("13911281234,13522855865"))
        .await
        .unwrap();
    assert_eq!(answer["statusCode"], "0");
    assert!(
        answer["requestId"]
            .as_str()
            .is_some_and(|id| id.len() == 29),
        "{answer}"
    );
    // Each item of the comma-joined list is held to the phone format.
    let refused = client.send_raw(&send("13911281234,12")).await;
    assert!(
        matches!(&refused, Err(Error::Api(api)) if *api.code() == ApiCode::IllegalPhoneNumber),
        "{refused:?}"
    );
    assert_eq!(emulator.ledger().len(), 1);
}
