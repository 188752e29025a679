//! Answers with HTTP 200: success, documented status codes, unknown codes.

use ytx_call::{ApiCode, Error, MeetingQuery};

use crate::support::{Reply, Server};

async fn answer(body: &str) -> Result<ytx_call::MeetingQueryResponse, Error> {
    let server = Server::start(Reply::json(body)).await;
    server
        .client()
        .send(MeetingQuery::new(1).confid("002"))
        .await
}

#[tokio::test]
async fn success_decodes_data_and_keeps_unknown_fields() {
    let ok = answer(r#"{"statusCode":"0","statusMsg":"提交成功","data":[{"confid":"002"}],"requestId":"20200437755840048670965760400","new":true}"#)
        .await
        .unwrap();
    assert_eq!(ok.data.unwrap().as_str(), r#"[{"confid":"002"}]"#);
    assert_eq!(ok.status_msg.as_deref(), Some("提交成功"));
    assert_eq!(
        ok.request_id.as_deref(),
        Some("20200437755840048670965760400")
    );
    assert_eq!(ok.extra["new"], true);
}

#[tokio::test]
async fn missing_parameter_is_a_named_case_with_a_hint() {
    let err = answer(r#"{"statusCode":"-2","statusMsg":"缺少必要参数","requestId":""}"#)
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("expected an API error, got {err:?}")
    };
    assert_eq!(api.code(), &ApiCode::MissingParameter);
    assert_eq!(api.message(), Some("缺少必要参数"));
    assert_eq!(api.request_id(), None);
    assert!(api.hint().contains("required field"), "{}", api.hint());
    assert!(err.may_have_reached_platform());
}

#[tokio::test]
async fn app_validation_failure_explains_its_three_causes() {
    let err = answer(r#"{"statusCode":"-205","statusMsg":"应用验证失败","requestId":"1"}"#)
        .await
        .unwrap_err();
    assert_eq!(err.api_code(), Some(&ApiCode::AppValidationFailed));
    let text = err.to_string();
    for needle in [
        "-205",
        "应用验证失败",
        "environment",
        "whitelist",
        "product",
    ] {
        assert!(text.contains(needle), "{needle} missing from {text}");
    }
}

#[tokio::test]
async fn numeric_status_codes_are_read() {
    let err = answer(r#"{"statusCode":-104,"statusMsg":"请求频率过高"}"#)
        .await
        .unwrap_err();
    assert_eq!(err.api_code(), Some(&ApiCode::RateLimited));
}

#[tokio::test]
async fn unknown_status_codes_are_kept_as_sent() {
    let err = answer(r#"{"statusCode":"-999","statusMsg":"新错误"}"#)
        .await
        .unwrap_err();
    assert_eq!(err.api_code(), Some(&ApiCode::Other("-999".into())));
    assert!(err.to_string().contains("新错误"));
    assert_eq!(
        err.body().unwrap().as_ref(),
        r#"{"statusCode":"-999","statusMsg":"新错误"}"#.as_bytes()
    );
}

/// What some Java and .NET servers put before their JSON: a UTF-8 byte-order mark.
const BOM: &str = "\u{feff}";

#[tokio::test]
async fn an_sms_accepted_with_a_byte_order_mark_is_a_success_not_an_unknown_outcome() {
    let body = format!(
        r#"{BOM}{{"statusCode":"0","statusMsg":"提交成功","requestId":"20181235962383254861905920103"}}"#
    );
    let server = Server::start(Reply::json(&body)).await;
    let sent = server
        .client()
        .send(ytx_sms::TemplateSms::new(vec!["13073339156".into()], "1"))
        .await
        .unwrap();
    assert_eq!(sent.request_id(), Some("20181235962383254861905920103"));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_refusal_behind_a_byte_order_mark_keeps_its_code() {
    let err = answer(&format!(
        r#"{BOM}{{"statusCode":"-205","statusMsg":"应用验证失败"}}"#
    ))
    .await
    .unwrap_err();
    assert_eq!(err.api_code(), Some(&ApiCode::AppValidationFailed));
}
