//! The clients compared, each sending the documentation's MeetingQuery.
//!
//! - [`Prebuilt`] resends bytes signed once and resent: no clock, no MD5, no JSON. The floor for this
//!   request on this transport.
//! - [`Handwritten`] is what a careful integration writes by hand on hyper-util: a fresh
//!   Beijing timestamp, MD5 and base64 through `format!`, serde_json both ways.
//! - The same hand-written client under a 30 s `tokio::time::timeout`: the cheapest way to
//!   get the one guarantee the SDK never drops, a deadline. It shows what timers cost.
//! - [`Ytx`] is the SDK, `ytx_core::Client::send(MeetingQuery)`.
//! - The SDK sending a side effect instead, a `DailbackCall` without `customParm`: the same
//!   wire work, plus what only side effects pay, a generated reconciliation key and an
//!   attempt that can be finished in the background if its caller stops waiting. (The
//!   server answers every path alike.)

use std::net::SocketAddr;
use std::time::SystemTime;

use base64::Engine as _;
use bytes::Bytes;
use chrono::{DateTime, TimeDelta, Utc};
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use http::{Method, Request, Uri};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};
use ytx_call::{DailbackCall, MeetingQuery};
use ytx_core::sign::{Timestamp, authorization, sign};
use ytx_core::{AuthToken, Clock, Config, SystemClock};

use crate::{APP_ID, SID, TOKEN};

type Http = HyperClient<HttpConnector, Full<Bytes>>;
/// The harness's error.
pub type Error = Box<dyn std::error::Error + Send + Sync>;
type Result<T> = std::result::Result<T, Error>;

fn http() -> Http {
    let mut connector = HttpConnector::new();
    connector.set_nodelay(true);
    HyperClient::builder(TokioExecutor::new())
        .pool_timer(TokioTimer::new())
        .build(connector)
}

/// Which client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// [`Prebuilt`].
    Prebuilt,
    /// [`Handwritten`].
    Handwritten,
    /// [`Handwritten`] under a whole-request `tokio::time::timeout`.
    HandwrittenTimeout,
    /// [`Ytx`].
    Ytx,
    /// [`Ytx`], sending a side effect.
    YtxSideEffect,
    /// [`Ytx`] with one interceptor that does nothing.
    YtxNoopInterceptor,
    /// [`Ytx`] with the metrics interceptor, into a Prometheus recorder.
    YtxMetrics,
}

impl Kind {
    /// All of them, in table order.
    pub const ALL: [Kind; 5] = [
        Kind::Prebuilt,
        Kind::Handwritten,
        Kind::HandwrittenTimeout,
        Kind::Ytx,
        Kind::YtxSideEffect,
    ];

    /// The SDK with interceptors: the callgrind mode measures them too.
    pub const INTERCEPTED: [Kind; 2] = [Kind::YtxNoopInterceptor, Kind::YtxMetrics];

    /// The name used on the command line and in tables.
    pub fn name(self) -> &'static str {
        match self {
            Self::Prebuilt => "prebuilt",
            Self::Handwritten => "handwritten",
            Self::HandwrittenTimeout => "handwritten+timeout",
            Self::Ytx => "ytx",
            Self::YtxSideEffect => "ytx-side-effect",
            Self::YtxNoopInterceptor => "ytx-noop-interceptor",
            Self::YtxMetrics => "ytx-metrics",
        }
    }

    /// The kind named `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .chain(Self::INTERCEPTED)
            .find(|kind| kind.name() == name)
    }
}

/// Any of the three, ready to call `addr`.
#[derive(Clone)]
pub enum AnyClient {
    /// See [`Prebuilt`].
    Prebuilt(Prebuilt),
    /// See [`Handwritten`].
    Handwritten(Handwritten),
    /// [`Handwritten`] under a timeout.
    HandwrittenTimeout(Handwritten),
    /// See [`Ytx`].
    Ytx(Ytx),
}

impl AnyClient {
    /// A client of `kind` for the server at `addr`.
    pub fn new(kind: Kind, addr: SocketAddr) -> Self {
        match kind {
            Kind::Prebuilt => Self::Prebuilt(Prebuilt::new(addr)),
            Kind::Handwritten => Self::Handwritten(Handwritten::new(addr)),
            Kind::HandwrittenTimeout => Self::HandwrittenTimeout(Handwritten::new(addr)),
            Kind::Ytx => Self::Ytx(Ytx::new(addr, false)),
            Kind::YtxSideEffect => Self::Ytx(Ytx::new(addr, true)),
            Kind::YtxNoopInterceptor => Self::Ytx(Ytx::intercepted(addr, Noop)),
            Kind::YtxMetrics => {
                // The process's recorder, as an application would install it.
                let _ = metrics_exporter_prometheus::PrometheusBuilder::new().install_recorder();
                Self::Ytx(Ytx::intercepted(
                    addr,
                    ytx_core::intercept::MetricsInterceptor::new(),
                ))
            }
        }
    }

    /// One MeetingQuery (a DailbackCall for [`Kind::YtxSideEffect`]).
    pub async fn call(&self) -> Result<()> {
        match self {
            Self::Prebuilt(client) => client.call().await,
            Self::Handwritten(client) => client.call().await,
            Self::HandwrittenTimeout(client) => {
                tokio::time::timeout(std::time::Duration::from_secs(30), client.call()).await?
            }
            Self::Ytx(client) => client.call().await,
        }
    }
}

/// An interceptor that does nothing: what being intercepted costs in itself.
struct Noop;

impl ytx_core::Interceptor for Noop {}

/// Resends one request signed at construction.
#[derive(Clone)]
pub struct Prebuilt {
    http: Http,
    uri: Uri,
    authorization: HeaderValue,
    body: Bytes,
}

impl Prebuilt {
    /// Signs once, now.
    pub fn new(addr: SocketAddr) -> Self {
        let stamp = Timestamp::from_utc(SystemClock.now()).unwrap_or_else(|_| unreachable!());
        let sign = sign(SID, &AuthToken::new(TOKEN), &stamp);
        let uri = format!(
            "http://{addr}/201612/sid/{SID}/call/MeetingQuery.wx?Sign={}",
            sign.as_str()
        );
        let body = format!(
            r#"{{"action":"queryMeeting","appid":"{APP_ID}","confid":"002","meetingcount":"1"}}"#
        );
        Self {
            http: http(),
            uri: uri.parse().unwrap_or_default(),
            authorization: HeaderValue::from_str(authorization(SID, &stamp).as_str())
                .unwrap_or(HeaderValue::from_static("")),
            body: Bytes::from(body),
        }
    }

    async fn call(&self) -> Result<()> {
        let mut request = Request::new(Full::new(self.body.clone()));
        *request.method_mut() = Method::POST;
        *request.uri_mut() = self.uri.clone();
        let headers = request.headers_mut();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json;"));
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/json;charset=utf-8;"),
        );
        headers.insert(AUTHORIZATION, self.authorization.clone());
        let response = self.http.request(request).await?;
        let ok = response.status().is_success();
        response.into_body().collect().await?;
        if ok { Ok(()) } else { Err("not 200".into()) }
    }
}

/// The work done by hand, the usual way.
#[derive(Clone)]
pub struct Handwritten {
    http: Http,
    base: String,
}

#[derive(Serialize)]
struct QueryBody<'a> {
    action: &'a str,
    appid: &'a str,
    confid: &'a str,
    meetingcount: &'a str,
}

#[derive(Deserialize)]
struct Answer {
    #[serde(rename = "statusCode")]
    status_code: String,
    #[serde(rename = "statusMsg", default)]
    _status_msg: String,
    #[serde(rename = "data", default)]
    _data: serde_json::Value,
}

impl Handwritten {
    /// A client for `addr`.
    pub fn new(addr: SocketAddr) -> Self {
        Self {
            http: http(),
            base: format!("http://{addr}"),
        }
    }

    async fn call(&self) -> Result<()> {
        let request = Self::request(&self.base)?;
        let response = self.http.request(request).await?;
        let bytes = response.into_body().collect().await?.to_bytes();
        Self::decode(&bytes)
    }

    /// The request, built the usual way: a fresh Beijing timestamp, MD5 and base64 through
    /// `format!`, serde_json for the body. (Shared with the no-network benchmark.)
    pub fn request(base: &str) -> Result<Request<Full<Bytes>>> {
        // The baseline reads the clock itself, as a hand-written client does.
        #[allow(clippy::disallowed_methods)]
        let now = DateTime::<Utc>::from(SystemTime::now()) + TimeDelta::hours(8);
        let timestamp = now.format("%Y%m%d%H%M%S").to_string();
        let sign = format!("{:X}", Md5::digest(format!("{SID}{TOKEN}{timestamp}")));
        let authorization =
            base64::engine::general_purpose::STANDARD.encode(format!("{SID}|{timestamp}"));
        let url = format!("{base}/201612/sid/{SID}/call/MeetingQuery.wx?Sign={sign}");
        let body = serde_json::to_vec(&QueryBody {
            action: "queryMeeting",
            appid: APP_ID,
            confid: "002",
            meetingcount: "1",
        })?;
        Ok(Request::builder()
            .method(Method::POST)
            .uri(url)
            .header(ACCEPT, "application/json;")
            .header(CONTENT_TYPE, "application/json;charset=utf-8;")
            .header(AUTHORIZATION, authorization)
            .body(Full::new(Bytes::from(body)))?)
    }

    /// The answer, decoded with serde_json into a struct; a non-zero `statusCode` is an error.
    pub fn decode(bytes: &[u8]) -> Result<()> {
        let answer: Answer = serde_json::from_slice(bytes)?;
        if answer.status_code == "0" {
            Ok(())
        } else {
            Err(answer.status_code.into())
        }
    }
}

/// The SDK.
#[derive(Clone)]
pub struct Ytx {
    client: ytx_core::Client,
    side_effect: bool,
}

impl Ytx {
    /// A client for `addr`, sending a MeetingQuery, or a DailbackCall if `side_effect`.
    pub fn new(addr: SocketAddr, side_effect: bool) -> Self {
        Self {
            client: ytx_core::Client::new(Self::config(addr)),
            side_effect,
        }
    }

    /// A client for `addr` sending a MeetingQuery, through `interceptor`.
    pub fn intercepted(addr: SocketAddr, interceptor: impl ytx_core::Interceptor) -> Self {
        let client = ytx_core::Client::builder()
            .config(Self::config(addr))
            .interceptor(interceptor)
            .build()
            .unwrap_or_else(|err| panic!("{err}"));
        Self {
            client,
            side_effect: false,
        }
    }

    /// A client for `addr` sending a MeetingQuery through the forward proxy at `proxy`.
    pub fn proxied(addr: SocketAddr, proxy: &str) -> Self {
        let config = Self::config(addr)
            .to_builder()
            .proxy(proxy)
            .build()
            .unwrap_or_else(|err| panic!("{err}"));
        Self {
            client: ytx_core::Client::new(config),
            side_effect: false,
        }
    }

    fn config(addr: SocketAddr) -> Config {
        Config::builder()
            .account_sid(SID)
            .auth_token(TOKEN)
            .app_id(APP_ID)
            .base_url(format!("http://{addr}"))
            .no_proxy()
            .build()
            .unwrap_or_else(|err| panic!("{err}"))
    }

    /// One MeetingQuery (a DailbackCall for a side-effect client).
    pub async fn call(&self) -> Result<()> {
        if self.side_effect {
            let call = DailbackCall::new("13911281234", "13522855865");
            self.client.send(call).await?;
        } else {
            self.client.send(MeetingQuery::new(1).confid("002")).await?;
        }
        Ok(())
    }
}
