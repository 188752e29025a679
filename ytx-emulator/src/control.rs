//! The control API under `/__emulator/` (served only with [`EmulatorBuilder::control`]):
//! what a test suite in any language needs to check and steer the emulator over HTTP.
//!
//! | method and path | what |
//! |---|---|
//! | `GET /__emulator/` | the page: requests, side effects and pushes as they happen |
//! | `GET /__emulator/ledger` | `{"ledger":[…]}`: every side effect |
//! | `GET /__emulator/pushes` | `{"pushes":[…]}`: every callback, its attempts, whether delivered |
//! | `GET /__emulator/requests[?after=SEQ]` | `{"requests":[…]}`: judged requests, verdicts, status codes, secrets masked |
//! | `GET /__emulator/accounts` | `{"accounts":[{"accountSid","balance","balanceFen"}]}` |
//! | `PUT /__emulator/accounts/{sid}/balance` | body `{"yuan":"100.00"}` or `{"fen":10000}` |
//! | `GET /__emulator/faults` | `{"faults":[…]}`: the pending faults |
//! | `POST /__emulator/faults` | body `{"fault":"drop"\|"status"\|"rate_limit"\|"delay"\|"answer_after", "status":503, "ms":2000, "url":"TemplateSMS.wx", "times":1}` |
//! | `DELETE /__emulator/faults` | clears them |
//! | `POST /__emulator/reset` | back to the start: balances, state, faults, logs (ids go on) |
//!
//! A malformed control request gets 400 with the reason; an unknown account or path 404.
//!
//! [`EmulatorBuilder::control`]: crate::EmulatorBuilder::control

use std::time::Duration;

use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderValue, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming as Body;
use serde_json::{Map, Value, json};
use ytx_protocol::Yuan;

use crate::fault::{Fault, FaultRule};
use crate::shared::{Shared, lock};

mod shape;

use shape::{fault_json, ledger_json, push_json};

/// The prefix: no platform path starts with it.
const PREFIX: &str = "/__emulator";

/// The page, embedded: plain HTML and a little script, no build step.
const PAGE: &str = include_str!("control/page.html");

/// Largest control request body.
const MAX_BODY: usize = 16 * 1024;

pub(crate) fn is_control_path(path: &str) -> bool {
    path == PREFIX || path.starts_with("/__emulator/")
}

type Answer = Response<Full<Bytes>>;

fn reply(status: StatusCode, body: Value) -> Answer {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

fn bad(status: StatusCode, reason: impl Into<String>) -> Answer {
    reply(status, json!({ "error": reason.into() }))
}

pub(crate) async fn serve(shared: &Shared, request: Request<Body>) -> Answer {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path().trim_end_matches('/');
    let route = path.strip_prefix(PREFIX).unwrap_or_default();
    let segments: Vec<&str> = route.split('/').filter(|s| !s.is_empty()).collect();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            return bad(
                StatusCode::BAD_REQUEST,
                format!("a control body is at most {MAX_BODY} bytes"),
            );
        }
    };
    match (&parts.method, segments.as_slice()) {
        (&Method::GET, []) => page(),
        (&Method::GET, ["ledger"]) => {
            let ledger: Vec<Value> = lock(&shared.state).ledger.iter().map(ledger_json).collect();
            reply(StatusCode::OK, json!({ "ledger": ledger }))
        }
        (&Method::GET, ["pushes"]) => {
            let pushes: Vec<Value> = lock(&shared.pusher.log).iter().map(push_json).collect();
            reply(StatusCode::OK, json!({ "pushes": pushes }))
        }
        (&Method::GET, ["requests"]) => requests(shared, parts.uri.query()),
        (&Method::GET, ["accounts"]) => accounts(shared),
        (&Method::PUT, ["accounts", sid, "balance"]) => set_balance(shared, sid, &body),
        (&Method::GET, ["faults"]) => {
            let faults: Vec<Value> = lock(&shared.faults)
                .pending()
                .iter()
                .map(fault_json)
                .collect();
            reply(StatusCode::OK, json!({ "faults": faults }))
        }
        (&Method::POST, ["faults"]) => add_fault(shared, &body),
        (&Method::DELETE, ["faults"]) => {
            let cleared = std::mem::take(&mut *lock(&shared.faults)).pending().len();
            reply(StatusCode::OK, json!({ "cleared": cleared }))
        }
        (&Method::POST, ["reset"]) => {
            shared.reset();
            reply(StatusCode::OK, json!({ "reset": true }))
        }
        (_, ["ledger" | "pushes" | "requests" | "accounts" | "faults" | "reset"])
        | (_, ["accounts", _, "balance"])
        | (_, []) => bad(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("{} is not allowed on {path}", parts.method),
        ),
        _ => bad(
            StatusCode::NOT_FOUND,
            format!("no control path {path}; see GET {PREFIX}/"),
        ),
    }
}

fn page() -> Answer {
    let mut response = Response::new(Full::new(Bytes::from_static(PAGE.as_bytes())));
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

fn requests(shared: &Shared, query: Option<&str>) -> Answer {
    let after = match query.and_then(|q| q.split('&').find_map(|pair| pair.strip_prefix("after=")))
    {
        None => 0,
        Some(text) => match text.parse::<u64>() {
            Ok(after) => after,
            Err(_) => {
                return bad(
                    StatusCode::BAD_REQUEST,
                    format!("after={text}: expected a request number"),
                );
            }
        },
    };
    let judged: Vec<Value> = lock(&shared.judged)
        .after(after)
        .iter()
        .map(|request| request.to_json())
        .collect();
    reply(StatusCode::OK, json!({ "requests": judged }))
}

fn accounts(shared: &Shared) -> Answer {
    let accounts: Vec<Value> = lock(&shared.state)
        .balances()
        .into_iter()
        .map(|(sid, fen)| json!({"accountSid": sid, "balance": Yuan::from_fen(fen).as_str(), "balanceFen": fen}))
        .collect();
    reply(StatusCode::OK, json!({ "accounts": accounts }))
}

/// The body as a JSON object, or why not.
fn object(body: &[u8]) -> Result<Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(fields)) => Ok(fields),
        Ok(_) => Err("the body must be a JSON object".into()),
        Err(err) => Err(format!("the body is not JSON: {err}")),
    }
}

fn set_balance(shared: &Shared, sid: &str, body: &[u8]) -> Answer {
    let fields = match object(body) {
        Ok(fields) => fields,
        Err(reason) => return bad(StatusCode::BAD_REQUEST, reason),
    };
    let fen = match (fields.get("yuan"), fields.get("fen")) {
        (Some(yuan), None) => {
            ytx_protocol::lenient::text(yuan).and_then(|text| Yuan::parse(&text)?.to_fen())
        }
        (None, Some(fen)) => fen.as_i64(),
        _ => {
            return bad(
                StatusCode::BAD_REQUEST,
                r#"give one of "yuan" (e.g. "100.00") or "fen" (e.g. 10000)"#,
            );
        }
    };
    let Some(fen) = fen else {
        return bad(
            StatusCode::BAD_REQUEST,
            "the balance is not an amount: \"yuan\" takes e.g. \"7.08\", \"fen\" a whole number",
        );
    };
    if !lock(&shared.state).set_balance(sid, fen) {
        return bad(StatusCode::NOT_FOUND, format!("no account {sid}"));
    }
    reply(
        StatusCode::OK,
        json!({"accountSid": sid, "balance": Yuan::from_fen(fen).as_str(), "balanceFen": fen}),
    )
}

fn add_fault(shared: &Shared, body: &[u8]) -> Answer {
    let fields = match object(body) {
        Ok(fields) => fields,
        Err(reason) => return bad(StatusCode::BAD_REQUEST, reason),
    };
    let rule = match fault_rule(&fields) {
        Ok(rule) => rule,
        Err(reason) => return bad(StatusCode::BAD_REQUEST, reason),
    };
    let mut faults = lock(&shared.faults);
    faults.push(rule);
    reply(
        StatusCode::CREATED,
        json!({ "pending": faults.pending().len() }),
    )
}

/// A fault rule from `{"fault":…, "status"|"ms":…, "url":…, "times":…}`.
fn fault_rule(fields: &Map<String, Value>) -> Result<FaultRule, String> {
    let number = |name: &str| -> Result<Option<u64>, String> {
        match fields.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => value
                .as_u64()
                .map(Some)
                .ok_or(format!("\"{name}\" takes a whole number, got {value}")),
        }
    };
    let millis = || -> Result<Duration, String> {
        number("ms")?
            .map(Duration::from_millis)
            .ok_or("this fault needs \"ms\", a wait in milliseconds".into())
    };
    let fault = match fields.get("fault").and_then(Value::as_str) {
        Some("drop") => Fault::Drop,
        Some("rate_limit") => Fault::RateLimit,
        Some("status") => {
            let status = number("status")?.ok_or("\"status\" needs \"status\", e.g. 503")?;
            match u16::try_from(status)
                .ok()
                .filter(|s| (100..600).contains(s))
            {
                Some(status) => Fault::Status(status),
                None => return Err(format!("\"status\" {status} is not an HTTP status")),
            }
        }
        Some("delay") => Fault::Delay(millis()?),
        Some("answer_after") => Fault::AnswerAfter(millis()?),
        other => {
            return Err(format!(
                "\"fault\" is one of drop, status, rate_limit, delay, answer_after; got {}",
                other.map_or("nothing".to_owned(), |o| format!("`{o}`"))
            ));
        }
    };
    let mut rule = FaultRule::new(fault);
    match fields.get("url") {
        None | Some(Value::Null) => {}
        Some(Value::String(url)) if url.ends_with(".wx") => rule = rule.on_url(url.clone()),
        Some(other) => {
            return Err(format!(
                "\"url\" is a url segment such as TemplateSMS.wx, got {other}"
            ));
        }
    }
    if let Some(times) = number("times")? {
        let times = usize::try_from(times).map_err(|_| "\"times\" is too large".to_owned())?;
        if times == 0 {
            return Err("\"times\" is at least 1".into());
        }
        rule = rule.times(times);
    }
    Ok(rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_requests_are_read_or_refused_with_a_reason() {
        let read = |text: &str| {
            fault_rule(
                serde_json::from_str::<Value>(text)
                    .unwrap()
                    .as_object()
                    .unwrap(),
            )
        };
        let rule =
            read(r#"{"fault":"status","status":503,"url":"TemplateSMS.wx","times":2}"#).unwrap();
        assert_eq!(rule.fault, Fault::Status(503));
        assert_eq!(
            (rule.url.as_deref(), rule.remaining),
            (Some("TemplateSMS.wx"), 2)
        );
        assert_eq!(
            read(r#"{"fault":"answer_after","ms":1500}"#).unwrap().fault,
            Fault::AnswerAfter(Duration::from_millis(1500))
        );
        for (body, reason) in [
            (r#"{"fault":"explode"}"#, "one of"),
            (r#"{"fault":"status"}"#, "needs"),
            (r#"{"fault":"status","status":99}"#, "not an HTTP status"),
            (r#"{"fault":"delay"}"#, "ms"),
            (r#"{"fault":"drop","times":0}"#, "at least 1"),
            (r#"{"fault":"drop","url":"/x"}"#, "url"),
            (r#"{"fault":"drop","times":"2"}"#, "whole number"),
        ] {
            let err = read(body).unwrap_err();
            assert!(err.contains(reason), "{body}: {err}");
        }
    }

    #[test]
    fn callback_paths_stay_off_the_page() {
        assert_eq!(
            shape::origin_only("http://127.0.0.1:9000/ytx/cb/s3cr3t"),
            "http://127.0.0.1:9000/***"
        );
        assert_eq!(
            shape::origin_only("http://127.0.0.1:9000"),
            "http://127.0.0.1:9000"
        );
    }
}
