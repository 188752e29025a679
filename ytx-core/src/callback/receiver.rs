//! A callback endpoint to mount on your own server: it reads the body (bounded), answers at
//! once, and hands the parsed [`Callback`] to your handler.
//!
//! Answers: `200` for every JSON object (unknown shapes included, as
//! [`Callback::Unknown`]); `400` for a body that is not a JSON object; `403` for a caller
//! not on the IP allowlist; `404` for any path but the secret one; `405` for anything but
//! POST; `413` for a body over the limit; `503` when the handler says no (a full channel)
//! or an async handler is still working after its timeout, so the platform delivers it
//! again later (whether it does, and how soon, the platform does not document: a guess).

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderValue, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Body, Incoming};
use tokio::sync::mpsc;

use super::Callback;
use crate::error::ConfigError;
use crate::net::Network;

mod forwarded;

/// Default cap on a callback body: 256 KiB (call-record pushes are the largest).
pub const DEFAULT_MAX_CALLBACK_BYTES: usize = 256 * 1024;

/// Default time an async handler has before the platform is told to come back later: 5 s.
/// How long the platform waits for an answer is not documented; this stays well under the
/// usual 10 to 30 s of a push client (a guess).
pub const DEFAULT_HANDLER_TIMEOUT: Duration = Duration::from_secs(5);

/// An async handler's future.
type Pending = Pin<Box<dyn Future<Output = bool> + Send>>;
/// A handler called on the connection's task.
type Inline = Arc<dyn Fn(Callback, &Bytes) -> bool + Send + Sync>;
/// A handler whose future runs as a task of its own.
type Spawned = Arc<dyn Fn(Callback, Bytes) -> Pending + Send + Sync>;

#[derive(Clone)]
enum Handler {
    /// Called on the connection's task.
    Sync(Inline),
    /// Run as a task of its own, waited for up to the timeout.
    Async(Spawned),
}

/// Receives callbacks. Cheap to clone.
///
/// The platform signs no callback, so the receiver has the guards it lacks:
/// [`secret_path`](CallbackReceiver::secret_path) (any other path gets 404, compared in
/// constant time) and [`allow_ips`](CallbackReceiver::allow_ips) (any other caller gets
/// 403). A refused request never reaches the handler.
///
/// With hyper, serve it directly (it is a `hyper::service::Service`); give it the caller's
/// address with [`for_peer`](CallbackReceiver::for_peer) when it has an allowlist. With
/// axum, call [`CallbackReceiver::handle`] from a handler, which takes any request body:
/// `examples/axum_callbacks.rs` mounts it behind a secret path (built by `cargo test`, run
/// with `cargo run -p ytx-core --example axum_callbacks`). `ytx callbacks listen` serves
/// it from the command line.
///
/// ```
/// use ytx_core::callback::{Callback, CallbackReceiver};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let (receiver, mut events) = CallbackReceiver::channel(16);
/// let receiver = receiver.secret_path("/ytx/callback/4f1d0c");
/// let push = http::Request::post("/ytx/callback/4f1d0c")
///     .body(http_body_util::Full::new(bytes::Bytes::from_static(
///         br#"{"requestid":"1","mobileList":"13911281234","templateId":"1","sendSts":"1"}"#,
///     )))
///     .unwrap();
/// let answer = receiver.handle(push).await;
/// assert_eq!(answer.status(), 200);
/// assert!(matches!(events.recv().await, Some(Callback::SmsDelivery(_))));
/// # }
/// ```
#[derive(Clone)]
pub struct CallbackReceiver {
    handler: Handler,
    handler_timeout: Duration,
    max_body: usize,
    /// Only this path is served (compared in constant time).
    secret_path: Option<Arc<[u8]>>,
    /// Only these callers are served.
    allowed: Option<Arc<[IpAddr]>>,
    /// Peers whose `Forwarded` / `X-Forwarded-For` name the caller.
    trusted: Arc<[Network]>,
    /// The caller of the connection this clone serves.
    peer: Option<IpAddr>,
}

/// Never shows the secret path.
impl fmt::Debug for CallbackReceiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallbackReceiver")
            .field("max_body", &self.max_body)
            .field(
                "secret_path",
                &self.secret_path.as_ref().map(|_| "<redacted>"),
            )
            .field("allowed", &self.allowed)
            .field("trusted_proxies", &self.trusted)
            .field("peer", &self.peer)
            .finish_non_exhaustive()
    }
}

impl CallbackReceiver {
    /// Calls `handler` with each callback. Keep it quick: the platform waits for the answer.
    pub fn new(handler: impl Fn(Callback) + Send + Sync + 'static) -> Self {
        Self::from_handler(Handler::Sync(Arc::new(move |callback, _| {
            handler(callback);
            true
        })))
    }

    /// Calls an async `handler` (one that writes to a database, say) with each callback and
    /// its body as sent, as a task of its own: a slow one holds up neither the server nor
    /// other callbacks. Its `true` answers 200; `false` answers 503 (come back later). One
    /// still working after [`handler_timeout`](CallbackReceiver::handler_timeout) answers
    /// 503 too, so the platform's push does not time out; it runs on, and the platform
    /// may deliver the callback again: make the handler idempotent (keyed by the
    /// callback's `requestid` or `callSid`).
    ///
    /// ```
    /// use ytx_core::callback::CallbackReceiver;
    ///
    /// let receiver = CallbackReceiver::new_async(|callback, body| async move {
    ///     // store(&callback, &body).await.is_ok()
    ///     let _ = (callback, body);
    ///     true
    /// });
    /// # let _ = receiver;
    /// ```
    pub fn new_async<F, Fut>(handler: F) -> Self
    where
        F: Fn(Callback, Bytes) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = bool> + Send + 'static,
    {
        Self::from_handler(Handler::Async(Arc::new(move |callback, body| {
            Box::pin(handler(callback, body))
        })))
    }

    /// Calls `handler` with each callback and its body exactly as sent (what the platform
    /// sent is never lost, even where the typed callback drops nothing but white space).
    /// Return `false` to have the platform told to come back later (503).
    pub fn with_body(handler: impl Fn(Callback, &Bytes) -> bool + Send + Sync + 'static) -> Self {
        Self::from_handler(Handler::Sync(Arc::new(handler)))
    }

    /// Sends each callback into a bounded channel; when it is full the platform is told to
    /// come back later (503) rather than the callback being dropped.
    pub fn channel(capacity: usize) -> (Self, mpsc::Receiver<Callback>) {
        let (sender, events) = mpsc::channel(capacity.max(1));
        let receiver = Self::from_handler(Handler::Sync(Arc::new(move |callback, _| {
            sender.try_send(callback).is_ok()
        })));
        (receiver, events)
    }

    fn from_handler(handler: Handler) -> Self {
        Self {
            handler,
            handler_timeout: DEFAULT_HANDLER_TIMEOUT,
            max_body: DEFAULT_MAX_CALLBACK_BYTES,
            secret_path: None,
            allowed: None,
            trusted: Arc::from([]),
            peer: None,
        }
    }

    /// How long an async handler has before the answer is 503 (it runs on). Default:
    /// [`DEFAULT_HANDLER_TIMEOUT`] (5 s).
    pub fn handler_timeout(mut self, timeout: Duration) -> Self {
        self.handler_timeout = timeout;
        self
    }

    /// Trusts these proxies of your own (nginx, a load balancer, an ingress), by address or
    /// network (`10.0.0.5`, `10.0.0.0/8`, `fd00::/8`): for a request whose connection comes
    /// from one, the caller the IP allowlist checks is read from its `Forwarded` or
    /// `X-Forwarded-For` header (the nearest address that is not a trusted proxy). From any
    /// other peer those headers are ignored: anyone can write them. Default: none.
    pub fn trust_proxies<I>(mut self, networks: I) -> Result<Self, ConfigError>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let networks = networks
            .into_iter()
            .map(|text| {
                Network::parse(text.as_ref()).ok_or_else(|| ConfigError::Invalid {
                    field: "trusted_proxies",
                    reason: format!(
                        "expected an IP address or a network such as 10.0.0.0/8, got `{}`",
                        text.as_ref()
                    ),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.trusted = Arc::from(networks);
        Ok(self)
    }

    /// The largest body accepted. Default: [`DEFAULT_MAX_CALLBACK_BYTES`] (256 KiB).
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body = limit;
        self
    }

    /// Serves only this path (e.g. `/ytx/callback/4f1d0c…`, a long random segment you put
    /// in the callback URL you give the platform). Any other path gets 404 and nothing is
    /// handed on. The comparison takes the same time wherever the paths differ; the query
    /// string is not part of it.
    pub fn secret_path(mut self, path: impl AsRef<str>) -> Self {
        self.secret_path = Some(Arc::from(path.as_ref().as_bytes()));
        self
    }

    /// Serves only these callers (the platform's addresses, as your account manager gives
    /// them); any other gets 403. A request whose caller is unknown (no
    /// [`for_peer`](CallbackReceiver::for_peer), or a trusted proxy that recorded no
    /// address) is refused too. Behind proxies of your own, name them with
    /// [`trust_proxies`](CallbackReceiver::trust_proxies).
    pub fn allow_ips(mut self, ips: impl IntoIterator<Item = IpAddr>) -> Self {
        // An IPv4 address written as IPv6 (`::ffff:10.0.0.1`, as a dual-stack socket
        // reports it) is the IPv4 address.
        self.allowed = Some(ips.into_iter().map(|ip| ip.to_canonical()).collect());
        self
    }

    /// A clone that serves one connection, from `peer`: what the IP allowlist checks.
    pub fn for_peer(&self, peer: IpAddr) -> Self {
        Self {
            peer: Some(peer.to_canonical()),
            ..self.clone()
        }
    }

    /// Whether `peer` may connect at all: a server can close a connection from a caller
    /// not on the allowlist, and not a trusted proxy, before reading anything.
    pub fn admits(&self, peer: IpAddr) -> bool {
        let peer = peer.to_canonical();
        self.allowed.as_deref().is_none_or(|allowed| {
            allowed.contains(&peer) || self.trusted.iter().any(|proxy| proxy.contains(peer))
        })
    }

    /// Whether the caller of a request on this clone's connection is on the allowlist.
    fn allows(&self, headers: &http::HeaderMap) -> bool {
        let Some(allowed) = self.allowed.as_deref() else {
            return true;
        };
        self.peer
            .and_then(|peer| forwarded::caller(peer, headers, &self.trusted))
            .is_some_and(|caller| allowed.contains(&caller))
    }

    /// Answers one request.
    pub async fn handle<B>(&self, request: Request<B>) -> Response<Full<Bytes>>
    where
        B: Body,
        B::Error: std::error::Error + Send + Sync + 'static,
    {
        if !self.allows(request.headers()) {
            return answer(StatusCode::FORBIDDEN, "forbidden");
        }
        if let Some(secret) = &self.secret_path
            && !same_secret(secret, request.uri().path().as_bytes())
        {
            return answer(StatusCode::NOT_FOUND, "not found");
        }
        if request.method() != Method::POST {
            return answer(StatusCode::METHOD_NOT_ALLOWED, "POST only");
        }
        let body = match Limited::new(request.into_body(), self.max_body)
            .collect()
            .await
        {
            Ok(collected) => collected.to_bytes(),
            Err(err) if err.is::<http_body_util::LengthLimitError>() => {
                return answer(StatusCode::PAYLOAD_TOO_LARGE, "body too large");
            }
            Err(_) => return answer(StatusCode::BAD_REQUEST, "body could not be read"),
        };
        let Ok(callback) = Callback::parse(&body) else {
            return answer(StatusCode::BAD_REQUEST, "expected a JSON object");
        };
        let handled = match &self.handler {
            Handler::Sync(handler) => handler(callback, &body),
            Handler::Async(handler) => {
                let task = tokio::spawn(handler(callback, body));
                match tokio::time::timeout(self.handler_timeout, task).await {
                    Ok(Ok(handled)) => handled,
                    // It panicked: the callback was not kept.
                    Ok(Err(_)) => false,
                    Err(_) => {
                        tracing::warn!(
                            timeout_ms = self.handler_timeout.as_millis() as u64,
                            "a callback handler is still running: answered 503"
                        );
                        false
                    }
                }
            }
        };
        if handled {
            answer(StatusCode::OK, "ok")
        } else {
            answer(StatusCode::SERVICE_UNAVAILABLE, "busy, try again")
        }
    }
}

/// Whether `given` is `secret`, in time that depends only on their lengths: every byte is
/// compared, and the first difference is not an early exit.
fn same_secret(secret: &[u8], given: &[u8]) -> bool {
    let mut difference = u8::from(secret.len() != given.len());
    for (index, byte) in secret.iter().enumerate() {
        difference |= byte ^ given.get(index).copied().unwrap_or(!byte);
    }
    difference == 0
}

fn answer(status: StatusCode, message: &'static str) -> Response<Full<Bytes>> {
    let body = if status.is_success() {
        r#"{"statusCode":"0","statusMsg":"ok"}"#
    } else {
        message
    };
    let mut response = Response::new(Full::new(Bytes::from_static(body.as_bytes())));
    *response.status_mut() = status;
    let content_type = if status.is_success() {
        "application/json"
    } else {
        "text/plain; charset=utf-8"
    };
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

impl hyper::service::Service<Request<Incoming>> for CallbackReceiver {
    type Response = Response<Full<Bytes>>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Infallible>> + Send>>;

    fn call(&self, request: Request<Incoming>) -> Self::Future {
        let receiver = self.clone();
        Box::pin(async move { Ok(receiver.handle(request).await) })
    }
}

#[cfg(test)]
mod tests;
