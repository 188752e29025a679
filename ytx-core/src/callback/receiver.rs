//! A callback endpoint to mount on your own server: it reads the body (bounded), answers at
//! once, and hands the parsed [`Callback`] to your handler.
//!
//! Answers: `200` for every JSON object (unknown shapes included, as
//! [`Callback::Unknown`]); `400` for a body that is not a JSON object; `403` for a caller
//! not on the IP allowlist; `404` for any path but the secret one; `405` for anything but
//! POST; `413` for a body over the limit; `503` when the channel handler is full, so the
//! platform delivers it again later.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderValue, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Body, Incoming};
use tokio::sync::mpsc;

use super::Callback;

/// Default cap on a callback body: 256 KiB (call-record pushes are the largest).
pub const DEFAULT_MAX_CALLBACK_BYTES: usize = 256 * 1024;

type Handler = Arc<dyn Fn(Callback, &Bytes) -> bool + Send + Sync>;

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
    max_body: usize,
    /// Only this path is served (compared in constant time).
    secret_path: Option<Arc<[u8]>>,
    /// Only these callers are served.
    allowed: Option<Arc<[IpAddr]>>,
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
            .field("peer", &self.peer)
            .finish_non_exhaustive()
    }
}

impl CallbackReceiver {
    /// Calls `handler` with each callback. Keep it quick: the platform waits for the answer.
    pub fn new(handler: impl Fn(Callback) + Send + Sync + 'static) -> Self {
        Self::from_handler(Arc::new(move |callback, _| {
            handler(callback);
            true
        }))
    }

    /// Calls `handler` with each callback and its body exactly as sent (what the platform
    /// sent is never lost, even where the typed callback drops nothing but white space).
    /// Return `false` to have the platform told to come back later (503).
    pub fn with_body(handler: impl Fn(Callback, &Bytes) -> bool + Send + Sync + 'static) -> Self {
        Self::from_handler(Arc::new(handler))
    }

    /// Sends each callback into a bounded channel; when it is full the platform is told to
    /// come back later (503) rather than the callback being dropped.
    pub fn channel(capacity: usize) -> (Self, mpsc::Receiver<Callback>) {
        let (sender, events) = mpsc::channel(capacity.max(1));
        let receiver = Self::from_handler(Arc::new(move |callback, _| {
            sender.try_send(callback).is_ok()
        }));
        (receiver, events)
    }

    fn from_handler(handler: Handler) -> Self {
        Self {
            handler,
            max_body: DEFAULT_MAX_CALLBACK_BYTES,
            secret_path: None,
            allowed: None,
            peer: None,
        }
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
    /// [`for_peer`](CallbackReceiver::for_peer)) is refused too.
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
    /// not on the allowlist before reading anything.
    pub fn admits(&self, peer: IpAddr) -> bool {
        let peer = peer.to_canonical();
        self.allowed
            .as_deref()
            .is_none_or(|allowed| allowed.contains(&peer))
    }

    /// Answers one request.
    pub async fn handle<B>(&self, request: Request<B>) -> Response<Full<Bytes>>
    where
        B: Body,
        B::Error: std::error::Error + Send + Sync + 'static,
    {
        if self.allowed.is_some() && !self.peer.is_some_and(|peer| self.admits(peer)) {
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
        if (self.handler)(callback, &body) {
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
