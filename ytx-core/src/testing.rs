//! A transport for tests: it records every request and replays scripted answers, so an
//! application can test its YTX code without a socket or an emulator.
//!
//! ```
//! use ytx_core::testing::{Failure, Scripted};
//! use ytx_core::{Client, Config};
//!
//! /// An endpoint of the application's own, for the example.
//! #[ytx_core::ytx_endpoint(func = "sms", url = "TemplateSMS.wx", action = "templateSms")]
//! pub struct Notify {
//!     /// The mobile.
//!     pub mobile: String,
//! }
//!
//! let transport = Scripted::new()
//!     .fail(Failure::Refused) // nothing left: retried, even for an SMS
//!     .answer(r#"{"statusCode":"0","statusMsg":"提交成功","requestId":"2018123596"}"#);
//! let config = Config::builder()
//!     .account_sid("abcdefghijklmnopqrstuvwxyz012345")
//!     .auth_token("token")
//!     .app_id("app")
//!     .build()?;
//! let client = Client::builder().config(config).transport(transport.clone()).build()?;
//!
//! let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
//! let sent = runtime.block_on(client.send(Notify::new("13073339156"))).unwrap();
//! assert_eq!(sent.request_id(), Some("2018123596"));
//!
//! let requests = transport.requests();
//! assert_eq!(requests.len(), 2, "the refused attempt and the one answered");
//! assert_eq!(requests[1].url, "TemplateSMS.wx");
//! assert_eq!(requests[1].body["mobile"], "13073339156");
//! # Ok::<(), ytx_core::ConfigError>(())
//! ```

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;
use http::{Request, StatusCode};
use serde_json::Value;

use crate::config::Config;
use crate::error::{Error, TimeoutError, TimeoutPhase};
use crate::seam::{Answer, Exchange, Transport};

/// A failure a [`Scripted`] transport can play instead of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure {
    /// The connection is refused: nothing was sent ([`Error::Connect`]).
    Refused,
    /// The connection breaks after the request was written: it may have reached the
    /// platform ([`Error::Send`]).
    Reset,
    /// No answer within the header timeout: it may have reached the platform
    /// ([`Error::Timeout`]).
    Timeout,
}

#[derive(Debug, Clone)]
enum Step {
    Answer { status: StatusCode, body: Bytes },
    Fail(Failure),
}

/// A request as the scripted transport received it. It holds no secret: the `Sign` and the
/// `Authorization` header are not kept.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SentRequest {
    /// The version path segment.
    pub version: String,
    /// The account id in the path.
    pub account_sid: String,
    /// The func path segment.
    pub func: String,
    /// The url path segment.
    pub url: String,
    /// The body, parsed (`Null` if it was not JSON).
    pub body: Value,
}

impl SentRequest {
    /// The body's `action`.
    pub fn action(&self) -> Option<&str> {
        self.body.get("action").and_then(Value::as_str)
    }
}

#[derive(Debug, Default)]
struct State {
    script: VecDeque<Step>,
    sent: Vec<SentRequest>,
}

/// A [`Transport`] that records requests and plays a script of answers and failures, in
/// order. Clones share the script and the record: give one to
/// [`ClientBuilder::transport`](crate::ClientBuilder::transport) and keep the other to look.
/// Once the script runs out, each request fails as refused, with a message that says so.
#[derive(Debug, Clone, Default)]
pub struct Scripted {
    state: Arc<Mutex<State>>,
}

impl Scripted {
    /// An empty script.
    pub fn new() -> Self {
        Self::default()
    }

    /// Next, answer HTTP 200 with this body.
    pub fn answer(self, body: impl Into<String>) -> Self {
        self.answer_status(200, body)
    }

    /// Next, answer this HTTP status (an invalid one is 500) with this body.
    pub fn answer_status(self, status: u16, body: impl Into<String>) -> Self {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = Bytes::from(body.into());
        self.push(Step::Answer { status, body })
    }

    /// Next, fail this way.
    pub fn fail(self, failure: Failure) -> Self {
        self.push(Step::Fail(failure))
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<SentRequest> {
        self.lock().sent.clone()
    }

    fn push(self, step: Step) -> Self {
        self.lock().script.push_back(step);
        self
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Transport for Scripted {
    fn exchange<'a>(&'a self, request: Request<Bytes>, config: &'a Config) -> Exchange<'a> {
        let step = {
            let mut state = self.lock();
            state.sent.push(recorded(&request));
            state.script.pop_front()
        };
        Box::pin(async move {
            match step {
                Some(Step::Answer { status, body }) => Ok(Answer {
                    status,
                    date: None,
                    body,
                }),
                Some(Step::Fail(Failure::Refused)) => {
                    Err(Error::Connect("refused (scripted)".into()))
                }
                Some(Step::Fail(Failure::Reset)) => Err(Error::Send("reset (scripted)".into())),
                Some(Step::Fail(Failure::Timeout)) => Err(Error::Timeout(TimeoutError::new(
                    TimeoutPhase::Headers,
                    config.header_timeout(),
                ))),
                None => Err(Error::Connect(
                    "the scripted transport has no answer left for this request".into(),
                )),
            }
        })
    }
}

/// `/{version}/sid/{accountSID}/{func}/{url}?Sign=…` and the body, without the secrets.
fn recorded(request: &Request<Bytes>) -> SentRequest {
    let mut segments = request.uri().path().rsplit('/').map(str::to_owned);
    let url = segments.next().unwrap_or_default();
    let func = segments.next().unwrap_or_default();
    let account_sid = segments.next().unwrap_or_default();
    let _sid = segments.next();
    let version = segments.next().unwrap_or_default();
    SentRequest {
        version,
        account_sid,
        func,
        url,
        body: serde_json::from_slice(request.body()).unwrap_or(Value::Null),
    }
}
