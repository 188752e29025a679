//! A callback endpoint to mount on your own server: it reads the body (bounded), answers at
//! once, and hands the parsed [`Callback`] to your handler.
//!
//! Answers: `200` for every JSON object (unknown shapes included, as
//! [`Callback::Unknown`]); `400` for a body that is not a JSON object; `405` for anything
//! but POST; `413` for a body over the limit; `503` when the channel handler is full, so the
//! platform delivers it again later.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
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

type Handler = Arc<dyn Fn(Callback) -> bool + Send + Sync>;

/// Receives callbacks. Cheap to clone.
///
/// With hyper, serve it directly (it is a `hyper::service::Service`). With axum, call
/// [`CallbackReceiver::handle`] from a handler, which takes any request body:
/// `examples/axum_callbacks.rs` mounts it behind a secret path segment (built by
/// `cargo test`, run with `cargo run -p ytx-core --example axum_callbacks`).
///
/// ```
/// use ytx_core::callback::{Callback, CallbackReceiver};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let (receiver, mut events) = CallbackReceiver::channel(16);
/// let push = http::Request::post("/ytx/callback")
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
}

impl fmt::Debug for CallbackReceiver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallbackReceiver")
            .field("max_body", &self.max_body)
            .finish_non_exhaustive()
    }
}

impl CallbackReceiver {
    /// Calls `handler` with each callback. Keep it quick: the platform waits for the answer.
    pub fn new(handler: impl Fn(Callback) + Send + Sync + 'static) -> Self {
        Self::from_handler(Arc::new(move |callback| {
            handler(callback);
            true
        }))
    }

    /// Sends each callback into a bounded channel; when it is full the platform is told to
    /// come back later (503) rather than the callback being dropped.
    pub fn channel(capacity: usize) -> (Self, mpsc::Receiver<Callback>) {
        let (sender, events) = mpsc::channel(capacity.max(1));
        let receiver =
            Self::from_handler(Arc::new(move |callback| sender.try_send(callback).is_ok()));
        (receiver, events)
    }

    fn from_handler(handler: Handler) -> Self {
        Self {
            handler,
            max_body: DEFAULT_MAX_CALLBACK_BYTES,
        }
    }

    /// The largest body accepted. Default: [`DEFAULT_MAX_CALLBACK_BYTES`] (256 KiB).
    pub fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body = limit;
        self
    }

    /// Answers one request.
    pub async fn handle<B>(&self, request: Request<B>) -> Response<Full<Bytes>>
    where
        B: Body,
        B::Error: std::error::Error + Send + Sync + 'static,
    {
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
        if (self.handler)(callback) {
            answer(StatusCode::OK, "ok")
        } else {
            answer(StatusCode::SERVICE_UNAVAILABLE, "busy, try again")
        }
    }
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
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn post(body: &'static str) -> Request<Full<Bytes>> {
        Request::post("/cb")
            .body(Full::new(Bytes::from_static(body.as_bytes())))
            .unwrap()
    }

    #[tokio::test]
    async fn callbacks_reach_the_handler_and_get_200() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let receiver = CallbackReceiver::new(move |callback| log.lock().unwrap().push(callback));
        let response = receiver
            .handle(post(r#"{"requestId":"1","trafficSts":"1"}"#))
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(matches!(
            seen.lock().unwrap()[0],
            Callback::TrafficResult(_)
        ));
    }

    #[tokio::test]
    async fn bad_input_is_refused_without_reaching_the_handler() {
        let (receiver, mut events) = CallbackReceiver::channel(4);
        let receiver = receiver.max_body_bytes(64);
        assert_eq!(
            receiver.handle(post("not json")).await.status(),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            receiver.handle(post("[1,2]")).await.status(),
            StatusCode::BAD_REQUEST
        );
        let big = Box::leak(format!("{{\"x\":\"{}\"}}", "a".repeat(100)).into_boxed_str());
        assert_eq!(
            receiver.handle(post(big)).await.status(),
            StatusCode::PAYLOAD_TOO_LARGE
        );
        let get = Request::get("/cb").body(Full::new(Bytes::new())).unwrap();
        assert_eq!(
            receiver.handle(get).await.status(),
            StatusCode::METHOD_NOT_ALLOWED
        );
        assert!(events.try_recv().is_err());
    }

    #[tokio::test]
    async fn a_full_channel_asks_the_platform_to_come_back() {
        let (receiver, mut events) = CallbackReceiver::channel(1);
        assert_eq!(
            receiver.handle(post(r#"{"sendSts":"1"}"#)).await.status(),
            StatusCode::OK
        );
        assert_eq!(
            receiver.handle(post(r#"{"sendSts":"1"}"#)).await.status(),
            StatusCode::SERVICE_UNAVAILABLE
        );
        assert!(matches!(
            events.recv().await,
            Some(Callback::SmsDelivery(_))
        ));
    }
}
