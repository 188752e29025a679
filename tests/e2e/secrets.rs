//! The auth token, the Sign and the Authorization header never appear in any `Debug` or
//! `Display` output, whatever happens to the call.

use std::time::Duration;

use ytx_call::{DailbackCall, MeetingQuery};

use crate::support::{Reply, Server, TOKEN, doc_vector as vector};

#[tokio::test]
async fn no_output_contains_a_secret() {
    let sign = vector().sign.clone();
    let authorization = vector().authorization.clone();
    let secrets = [
        TOKEN.to_owned(),
        sign.clone(),
        sign.to_lowercase(),
        authorization,
    ];

    let replies = [
        Reply::json(r#"{"statusCode":"0","statusMsg":"提交成功","data":{}}"#),
        Reply::json(r#"{"statusCode":"-203","statusMsg":"AuthToken验证失败"}"#),
        Reply::json(r#"{"statusCode":"-202","statusMsg":"包头验证信息错误"}"#),
        Reply::Http {
            status: 500,
            content_type: "text/html",
            body: b"<h1>oops</h1>".to_vec(),
        },
        Reply::Raw(b"HTTP/1.1 200 OK\r\ncontent-length: 50\r\n\r\n{".to_vec()),
        Reply::Silent,
    ];
    let mut outputs = Vec::new();
    for reply in replies {
        let server = Server::start(reply).await;
        let client =
            server.client_with(|config| config.attempt_timeout(Duration::from_millis(300)));
        outputs.push(format!("{client:?}"));
        outputs.push(format!("{:#?}", client.config()));
        // A query and a side effect: the second turns ambiguous failures into OutcomeUnknown.
        let query = client
            .send(MeetingQuery::new(1).confid("002"))
            .await
            .map(|r| format!("{r:?}"));
        let call = DailbackCall::new("13911281234", "13522855865").custom_parm("order-1");
        let call = client.send(call).await.map(|r| format!("{r:?}"));
        for result in [query, call] {
            match result {
                Ok(response) => outputs.push(response),
                Err(err) => {
                    outputs.push(format!("{err}"));
                    outputs.push(format!("{err:?}"));
                    outputs.push(format!("{err:#?}"));
                    let mut source = std::error::Error::source(&err);
                    while let Some(inner) = source {
                        outputs.push(format!("{inner} / {inner:?}"));
                        source = inner.source();
                    }
                }
            }
        }
        // The secrets really were on the wire, so their absence above means something.
        let sent = server.requests();
        assert!(sent.iter().all(|request| request.target.contains(&sign)));
    }
    assert!(
        outputs.iter().any(|o| o.contains("OutcomeUnknown")),
        "a side effect's unknown outcome was checked"
    );
    for output in &outputs {
        for secret in &secrets {
            assert!(
                !output.contains(secret.as_str()),
                "secret leaked into: {output}"
            );
        }
    }
}

/// What every request is filled with: no failure's `Debug` or `Display` may show them.
const PHONE: &str = "13987654321";
const TEMPLATE_DATA: &str = "模板数据-marker";
const SP_PASSWORD: &str = "sppwd-marker-Xq9";

/// The spec's example request of `operation`, every string in it a marker: a password for
/// a secret field, template data for `datas`, a phone number for the rest. Numbers sent as
/// strings keep their digits, and `customParm`, the caller's own id, is what errors name
/// the request by.
fn marked(operation: &ytx_core::Operation) -> serde_json::Map<String, serde_json::Value> {
    use serde_json::Value;
    fn mark(value: &mut Value, marker: &str) {
        match value {
            Value::String(text) => *text = marker.to_owned(),
            Value::Array(items) => items.iter_mut().for_each(|item| mark(item, marker)),
            Value::Object(fields) => fields.values_mut().for_each(|item| mark(item, marker)),
            _ => {}
        }
    }
    let spec = ytx_spec::builtin().unwrap();
    let entry = spec
        .endpoint(operation.family(), operation.url(), operation.action())
        .unwrap_or_else(|| panic!("{} is not in the spec", operation.name()));
    let mut fields = entry
        .examples
        .request
        .clone()
        .expect("built-in entries have one");
    fields.remove("action");
    fields.remove("appid");
    for info in operation.fields() {
        let marker = if info.secret {
            SP_PASSWORD
        } else if info.wire == "datas" {
            TEMPLATE_DATA
        } else if info.as_string || info.value_type().contains("u32") || info.wire == "customParm" {
            continue;
        } else {
            PHONE
        };
        let value = fields
            .entry(info.wire)
            .or_insert_with(|| Value::String(String::new()));
        if info.is_list() && !value.is_array() {
            *value = Value::Array(vec![Value::String(String::new())]);
        }
        mark(value, marker);
    }
    fields
}

/// Every failure a call can end in, each with the markers in what came back.
fn failures() -> Vec<(&'static str, ytx_core::testing::Scripted)> {
    use ytx_core::testing::{Failure, Scripted};
    let echo = format!(r#""{PHONE}" "{TEMPLATE_DATA}" "{SP_PASSWORD}""#);
    vec![
        ("refused", Scripted::new().fail(Failure::Refused).fail(Failure::Refused).fail(Failure::Refused)),
        ("reset", Scripted::new().fail(Failure::Reset)),
        ("timeout", Scripted::new().fail(Failure::Timeout)),
        ("http status", Scripted::new().answer_status(502, format!("<h1>bad gateway</h1>{echo}"))),
        (
            "api error",
            Scripted::new().answer(format!(
                r#"{{"statusCode":"-2","statusMsg":"参数错误: {PHONE} \"{TEMPLATE_DATA}\" \"{SP_PASSWORD}\"","requestId":"2026"}}"#
            )),
        ),
        ("internal error", Scripted::new().answer(format!(r#"{{"statusCode":"-100","statusMsg":"{PHONE}"}}"#))),
        ("not json", Scripted::new().answer(format!("<html>{echo}</html>"))),
        ("wrong shape", Scripted::new().answer(format!(r#"{{"statusCode":"0","cdr":"{PHONE}","data":7,"Blance":"{PHONE}"}}"#))),
        ("too large", Scripted::new().answer(format!("{{\"statusCode\":\"0\",\"x\":\"{}{echo}\"}}", "x".repeat(100)))),
    ]
}

/// Every request struct of the workspace, filled with markers, through every kind of
/// failure: the error's `Display`, `Debug` and sources show none of the markers, nor the
/// token. Its accessors still hold them.
#[tokio::test]
async fn no_failure_of_any_request_shows_a_number_template_data_or_a_password() {
    let markers = [PHONE, TEMPLATE_DATA, SP_PASSWORD, TOKEN];
    let mut checked = 0;
    for operation in crate::conformance_operations() {
        let fields = marked(operation);
        // The request's own Debug masks its secrets.
        let debug = operation
            .debug_request(&fields)
            .unwrap_or_else(|err| panic!("{}: {err}", operation.name()));
        assert!(!debug.contains(SP_PASSWORD), "{debug}");
        // A field of the wrong type, holding a number: refused before sending, the value
        // masked in the message.
        if let Some(number) = operation.fields().iter().find(|f| f.value_type() == "u32") {
            let mut wrong = fields.clone();
            wrong.insert(number.wire.to_owned(), format!("a{PHONE}").into());
            let client = ytx_core::Client::new(
                ytx_core::Config::builder()
                    .account_sid(crate::support::SID)
                    .auth_token(TOKEN)
                    .app_id(crate::support::APP_ID)
                    .build()
                    .unwrap(),
            );
            let Err(err) = operation.call(&client, wrong).await else {
                panic!(
                    "{}: a string in `{}` was sent",
                    operation.name(),
                    number.wire
                );
            };
            assert!(matches!(err, ytx_core::OperationError::Wire(_)), "{err:?}");
            for output in [format!("{err}"), format!("{err:?}")] {
                assert!(!output.contains(PHONE), "{output}");
            }
            checked += 1;
        }
        for (kind, transport) in failures() {
            let config = ytx_core::Config::builder()
                .account_sid(crate::support::SID)
                .auth_token(TOKEN)
                .app_id(crate::support::APP_ID)
                .max_response_bytes(120)
                .retry(ytx_core::RetryPolicy::default().backoff(Duration::ZERO, Duration::ZERO))
                .build()
                .unwrap();
            let client = ytx_core::Client::builder()
                .config(config)
                .transport(transport)
                .build()
                .unwrap();
            let Err(err) = operation.call(&client, fields.clone()).await else {
                // A decoder that takes anything (`wrong shape` for a lenient answer).
                continue;
            };
            let mut outputs = vec![format!("{err}"), format!("{err:?}"), format!("{err:#?}")];
            let mut source = std::error::Error::source(&err);
            while let Some(inner) = source {
                outputs.push(format!("{inner} / {inner:?}"));
                source = inner.source();
            }
            for output in &outputs {
                for marker in markers {
                    assert!(
                        !output.contains(marker),
                        "{} ({kind}): `{marker}` in {output}",
                        operation.name()
                    );
                }
            }
            // What the error holds is all there, for the caller who asks.
            if let ytx_core::OperationError::Call(ytx_core::Error::OutcomeUnknown(unknown)) = &err {
                let body = String::from_utf8_lossy(unknown.request_body());
                assert!(body.contains(PHONE) || body.contains(SP_PASSWORD), "{body}");
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} failures checked");
}

/// A side effect whose caller gave up, and the reconciliation that finds it: neither the
/// report nor the platform's record prints the numbers called.
#[tokio::test]
async fn abandoned_reports_and_reconciliations_show_no_number() {
    use std::sync::{Arc, Mutex};
    let emulator = crate::emulator::platform().start().await.unwrap();
    emulator.inject(ytx_emulator::FaultRule::new(
        ytx_emulator::Fault::AnswerAfter(Duration::from_millis(300)),
    ));
    let reports = Arc::new(Mutex::new(Vec::new()));
    let kept = Arc::clone(&reports);
    let client = ytx_core::Client::builder()
        .config(crate::emulator::config(&emulator).build().unwrap())
        .clock(ytx_core::FixedClock::new(crate::emulator::instant()))
        .on_abandoned(move |report| kept.lock().unwrap().push(report))
        .build()
        .unwrap();
    let call = DailbackCall::new(PHONE, "13522855865");
    let _ = tokio::time::timeout(Duration::from_millis(50), client.send(call)).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    let report = reports
        .lock()
        .unwrap()
        .pop()
        .expect("the drop was reported");
    let shown = format!("{report} {report:?}");
    assert!(!shown.contains(PHONE), "{shown}");
    assert!(String::from_utf8_lossy(report.request_body()).contains(PHONE));

    let key = report.custom_parm().unwrap().to_owned();
    let sent_at = *report.sent_at();
    let verdict = client
        .reconcile_request("callDailBack", &sent_at, report.request_body())
        .await
        .unwrap();
    let shown = format!("{verdict} {verdict:?}");
    assert!(
        shown.contains("happened") || shown.contains("Happened"),
        "{shown}"
    );
    assert!(!shown.contains(PHONE), "{shown}");
    let ytx_core::reconcile::Reconciliation::Happened(ytx_core::reconcile::PlatformRecord::Call(
        record,
    )) = verdict
    else {
        panic!("{verdict:?}");
    };
    assert_eq!(
        record.caller.as_deref(),
        Some(PHONE),
        "the record itself is whole"
    );
    assert_eq!(record.custom_parm.as_deref(), Some(key.as_str()));
}
