//! `MeetingQuery` agrees with its entry in `spec/endpoints/call/meeting-query.json`, read
//! through ytx-spec.

use ytx_call::{MeetingQuery, MeetingQueryResponse};
use ytx_core::{ApiCode, Endpoint, Error};
use ytx_spec::EndpointSpec;

fn spec() -> &'static EndpointSpec {
    ytx_spec::builtin()
        .unwrap_or_else(|err| panic!("{err}"))
        .endpoint("call", "MeetingQuery.wx", "queryMeeting")
        .expect("MeetingQuery is in the spec")
}

fn decode(example: &serde_json::Value) -> Result<MeetingQueryResponse, Error> {
    ytx_core::decode(serde_json::to_vec(example).unwrap().into())
}

#[test]
fn meeting_query_conforms_to_its_spec_entry() {
    ytx_spec::assert_conforms::<MeetingQuery>(spec());
}

#[test]
fn the_example_request_encodes_field_for_field() {
    let example = spec().examples.request.as_ref().unwrap();
    let app_id = example["appid"].as_str().unwrap();
    let body = ytx_core::encode_body(&MeetingQuery::new(1).confid("002"), app_id).unwrap();
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body, serde_json::Value::Object(example.clone()));
}

#[test]
fn required_fields_are_exactly_the_constructor_arguments() {
    // `MeetingQuery::new` takes `meetingcount` only; with nothing else set, the body carries
    // exactly the spec's required fields.
    let body = ytx_core::encode_body(&MeetingQuery::new(3), "app").unwrap();
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let mut sent: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    sent.retain(|key| *key != "action" && *key != "appid");
    let required: Vec<&str> = spec().required().map(|field| field.wire.as_str()).collect();
    assert_eq!(sent, required);
}

#[test]
fn example_responses_decode() {
    for example in &spec().examples.responses {
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
    for example in &spec().examples.errors {
        let err = decode(example).unwrap_err();
        let code = err.api_code().expect("an API error");
        assert!(!matches!(code, ApiCode::Other(_)));
        assert_eq!(code.as_wire(), example["statusCode"]);
    }
}

#[test]
fn the_example_request_builds_the_same_struct_from_wire() {
    let built = MeetingQuery::from_wire(spec().examples.request.as_ref().unwrap()).unwrap();
    assert_eq!(built, MeetingQuery::new(1).confid("002"));
}

#[test]
fn meeting_query_registers_itself() {
    let operation = ytx_core::registered()
        .unwrap()
        .iter()
        .find(|op| op.name() == "MeetingQuery")
        .copied()
        .expect("registered by the macro");
    assert_eq!(operation.subcommand(), "meeting-query");
    assert_eq!(operation.path(), "ytx_call::meeting_query::MeetingQuery");
    assert_eq!(operation.describe()["fields"][1]["wire"], "meetingcount");
}
