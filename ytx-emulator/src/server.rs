//! The HTTP side: accept on loopback, answer each request as the platform would, stop when
//! the [`Emulator`] handle is dropped.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::{Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming as Body;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::watch;
use ytx_protocol::ApiCode;

use crate::Emulator;
use crate::config::EmulatorBuilder;
use crate::fault::Fault;
use crate::judge::{self, Incoming, Platform, Refusal};
use crate::requests::Seen;
use crate::shared::{Shared, lock};
use crate::state::Push;

/// Largest request body read; the platform's requests are a few hundred bytes.
pub(crate) const MAX_REQUEST_BYTES: usize = 64 * 1024;

/// The connection is closed without an answer (the `Drop` fault).
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for Dropped {}

impl EmulatorBuilder {
    /// Binds and starts serving in the background of the current tokio runtime.
    pub async fn start(self) -> std::io::Result<Emulator> {
        start(self).await
    }
}

async fn start(builder: EmulatorBuilder) -> std::io::Result<Emulator> {
    // The builder refused clashes as they were added; only a broken build of ytx-spec fails
    // here.
    let catalog = builder
        .catalog()
        .map_err(|err| std::io::Error::new(std::io::ErrorKind::InvalidData, err))?;
    let listener = TcpListener::bind(builder.listen).await?;
    let addr = listener.local_addr()?;
    let shared = Arc::new(Shared::new(builder, catalog));
    let (shutdown, stopped) = watch::channel(false);
    tokio::spawn(accept(listener, Arc::clone(&shared), stopped));
    Ok(Emulator {
        addr,
        base_url: format!("http://{addr}"),
        shared,
        shutdown,
    })
}

async fn accept(listener: TcpListener, shared: Arc<Shared>, mut stopped: watch::Receiver<bool>) {
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: wait a moment rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
            _ = stopped.changed() => return,
        };
        let _ = stream.set_nodelay(true);
        let shared = Arc::clone(&shared);
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| handle(Arc::clone(&shared), peer, request));
            let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
            tokio::select! {
                _ = connection => {}
                _ = stopped.changed() => {}
            }
        });
    }
}

fn answer(status: StatusCode, body: Value) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(envelope_first(&body))));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        http::HeaderValue::from_static("application/json;charset=utf-8"),
    );
    response
}

/// The envelope's keys first, in the order the documentation's answers have them
/// (`statusCode`, `statusMsg`, `requestId`), then the rest: a `Value` alone would sort them.
/// Written straight into one buffer.
fn envelope_first(body: &Value) -> Vec<u8> {
    const ENVELOPE: [&str; 3] = ["statusCode", "statusMsg", "requestId"];
    let mut out = Vec::with_capacity(256);
    let Value::Object(fields) = body else {
        // Serializing a `Value` into a `Vec` cannot fail.
        let _ = serde_json::to_writer(&mut out, body);
        return out;
    };
    let first = ENVELOPE.iter().filter_map(|key| fields.get_key_value(*key));
    let rest = fields
        .iter()
        .filter(|(key, _)| !ENVELOPE.contains(&key.as_str()));
    out.push(b'{');
    for (index, (key, value)) in first.chain(rest).enumerate() {
        if index > 0 {
            out.push(b',');
        }
        let _ = serde_json::to_writer(&mut out, key);
        out.push(b':');
        let _ = serde_json::to_writer(&mut out, value);
    }
    out.push(b'}');
    out
}

/// The platform's answer for a refusal: `{"statusCode":"-205","statusMsg":"应用验证失败","requestId":""}`.
fn refusal_body(code: &ApiCode) -> Value {
    let message = code.message_zh().unwrap_or("未知错误");
    json!({"statusCode": code.as_wire(), "statusMsg": message, "requestId": ""})
}

/// Answers a request, with a `Date` header from the emulator's clock (as the platform's
/// would carry its own), so clients can tell a skewed local clock.
async fn handle(
    shared: Arc<Shared>,
    peer: SocketAddr,
    request: Request<Body>,
) -> Result<Response<Full<Bytes>>, Dropped> {
    // One reading of the clock a request: the judging, the log and the `Date` header.
    let now = shared.clock.now();
    let mut response = respond(Arc::clone(&shared), peer, request, now).await?;
    if let Some(date) = shared.date_header(now) {
        response.headers_mut().insert(http::header::DATE, date);
    }
    Ok(response)
}

async fn respond(
    shared: Arc<Shared>,
    peer: SocketAddr,
    request: Request<Body>,
    now: DateTime<Utc>,
) -> Result<Response<Full<Bytes>>, Dropped> {
    if shared.control && crate::control::is_control_path(request.uri().path()) {
        return Ok(crate::control::serve(&shared, request).await);
    }
    shared.requests.fetch_add(1, Ordering::Relaxed);
    let (parts, body) = request.into_parts();
    // Read first (bounded), so the log shows what was asked whatever happens next.
    let (body, too_large) = match Limited::new(body, MAX_REQUEST_BYTES).collect().await {
        Ok(collected) => (collected.to_bytes(), false),
        Err(_) => (Bytes::new(), true),
    };
    let seen = || Seen {
        at: now,
        method: &parts.method,
        path: parts.uri.path(),
        query: parts.uri.query(),
        body: &body,
        user_agent: parts
            .headers
            .get(http::header::USER_AGENT)
            .map(http::HeaderValue::as_bytes),
    };
    let log = |status: StatusCode, answer: Option<&Value>, verdict: &'static str| {
        lock(&shared.judged).record(seen(), status.as_u16(), answer, verdict);
    };
    if parts.method != Method::POST {
        let body = json!({"error": "POST only"});
        log(StatusCode::METHOD_NOT_ALLOWED, None, "method not allowed");
        return Ok(answer(StatusCode::METHOD_NOT_ALLOWED, body));
    }
    let fault = {
        let mut faults = lock(&shared.faults);
        if faults.is_empty() {
            None
        } else {
            faults.take(judge::route(parts.uri.path()).map_or("", |route| route.url))
        }
    };
    let mut answer_after = None;
    match fault {
        Some(Fault::Delay(delay)) => tokio::time::sleep(delay).await,
        Some(Fault::Drop) => {
            lock(&shared.judged).record(seen(), 0, None, "fault: dropped");
            return Err(Dropped);
        }
        Some(Fault::Status(code)) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            log(status, None, "fault: status");
            let mut response = Response::new(Full::new(Bytes::from(format!("{status}"))));
            *response.status_mut() = status;
            return Ok(response);
        }
        Some(Fault::RateLimit) => {
            let refusal = refusal_body(&ApiCode::RateLimited);
            log(StatusCode::OK, Some(&refusal), "fault: rate limited");
            return Ok(answer(StatusCode::OK, refusal));
        }
        Some(Fault::AnswerAfter(delay)) => answer_after = Some(delay),
        None => {}
    }
    if too_large {
        log(StatusCode::PAYLOAD_TOO_LARGE, None, "too large");
        return Ok(answer(
            StatusCode::PAYLOAD_TOO_LARGE,
            json!({"error": "request body too large"}),
        ));
    }
    let incoming = Incoming {
        path: parts.uri.path(),
        query: parts.uri.query(),
        authorization: parts
            .headers
            .get(AUTHORIZATION)
            .map(|value| value.as_bytes()),
        body: &body,
        // `::ffff:127.0.0.1` and `127.0.0.1` are the same caller.
        peer: peer.ip().to_canonical(),
    };
    let (status, answer_body, pushes) = decide_at(&shared, &incoming, now);
    let verdict = match (
        status,
        answer_body.get("statusCode").and_then(Value::as_str),
    ) {
        (StatusCode::NOT_FOUND, _) => "not found",
        (_, Some("0")) | (_, None) => "accepted",
        _ => "refused",
    };
    let verdict = if answer_after.is_some() && verdict == "accepted" {
        "accepted, fault: answer after"
    } else {
        verdict
    };
    log(status, Some(&answer_body), verdict);
    shared.pusher.deliver(pushes);
    let response = answer(status, answer_body);
    if let Some(delay) = answer_after {
        tokio::time::sleep(delay).await;
    }
    Ok(response)
}

/// What the platform answers a read request: judged, then carried out. No I/O, so it can be
/// fuzzed on its own.
pub(crate) fn decide(shared: &Shared, incoming: &Incoming<'_>) -> (StatusCode, Value, Vec<Push>) {
    decide_at(shared, incoming, shared.clock.now())
}

/// As [`decide`], at `now`.
fn decide_at(
    shared: &Shared,
    incoming: &Incoming<'_>,
    now: DateTime<Utc>,
) -> (StatusCode, Value, Vec<Push>) {
    let platform = Platform {
        accounts: &shared.accounts,
        catalog: &shared.catalog,
        now,
        window: shared.window,
    };
    match judge::judge(&platform, incoming) {
        Err(Refusal::NotFound) => (
            StatusCode::NOT_FOUND,
            json!({"error": "no such path"}),
            Vec::new(),
        ),
        Err(Refusal::Api(code)) => (StatusCode::OK, refusal_body(&code), Vec::new()),
        Ok(accepted) => match lock(&shared.state).execute(&accepted, now) {
            Ok(outcome) => (StatusCode::OK, outcome.answer, outcome.pushes),
            Err(code) => (StatusCode::OK, refusal_body(&code), Vec::new()),
        },
    }
}
