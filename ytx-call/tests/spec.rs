//! `MeetingQuery` agrees with its entry in `spec/endpoints/call/meeting-query.json`.

use std::path::Path;

use ytx_call::{MeetingQuery, MeetingQueryResponse};
use ytx_core::{ApiCode, Endpoint, Error};

fn spec() -> serde_json::Value {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/endpoints/call/meeting-query.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn decode(example: &serde_json::Value) -> Result<MeetingQueryResponse, Error> {
    ytx_core::decode(serde_json::to_vec(example).unwrap().into())
}

#[test]
fn wire_constants_match_the_spec() {
    let spec = spec();
    assert_eq!(MeetingQuery::FUNC, spec["func"]);
    assert_eq!(MeetingQuery::URL, spec["url"]);
    assert_eq!(MeetingQuery::ACTION, spec["action"]);
    assert_eq!(MeetingQuery::VERSION, spec["version"]);
    assert_eq!(MeetingQuery::RETRY.as_str(), spec["retry"]);
}

#[test]
fn the_example_request_encodes_field_for_field() {
    let spec = spec();
    let example = &spec["examples"]["request"];
    let app_id = example["appid"].as_str().unwrap();
    let body = ytx_core::encode_body(&MeetingQuery::new(1).confid("002"), app_id).unwrap();
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(&body, example);
}

#[test]
fn required_fields_are_exactly_the_constructor_arguments() {
    // `MeetingQuery::new` takes `meetingcount` only; with nothing else set, the body carries
    // exactly the spec's required fields.
    let spec = spec();
    let body = ytx_core::encode_body(&MeetingQuery::new(3), "app").unwrap();
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let mut sent: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    sent.retain(|key| *key != "action" && *key != "appid");
    let required: Vec<&str> = spec["request"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|field| field["required"] == true)
        .map(|field| field["wire"].as_str().unwrap())
        .collect();
    assert_eq!(sent, required);
}

#[test]
fn example_responses_decode() {
    for example in spec()["examples"]["responses"].as_array().unwrap() {
        let response = decode(example).unwrap();
        assert_eq!(
            response.data.map(|data| data.to_value().unwrap()).as_ref(),
            example.get("data")
        );
        assert_eq!(
            response.status_msg.as_deref(),
            example["statusMsg"].as_str()
        );
    }
}

#[test]
fn example_errors_decode_to_named_codes() {
    for example in spec()["examples"]["errors"].as_array().unwrap() {
        let err = decode(example).unwrap_err();
        let code = err.api_code().expect("an API error");
        assert!(!matches!(code, ApiCode::Other(_)));
        assert_eq!(code.as_wire(), example["statusCode"]);
    }
}

#[test]
fn the_example_request_builds_the_same_struct_from_wire() {
    let spec = spec();
    let example = spec["examples"]["request"].as_object().unwrap();
    let built = MeetingQuery::from_wire(example).unwrap();
    assert_eq!(built, MeetingQuery::new(1).confid("002"));
}

#[test]
fn the_crate_lists_meeting_query_as_an_operation() {
    let operations = ytx_call::operations();
    let operation = operations
        .iter()
        .find(|op| op.name() == "MeetingQuery")
        .unwrap();
    assert_eq!(operation.subcommand(), "meeting-query");
    assert_eq!(operation.describe()["fields"][1]["wire"], "meetingcount");
}
