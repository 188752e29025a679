//! The receiver's answers and guards.
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

fn post_to(path: &str, body: &'static str) -> Request<Full<Bytes>> {
    Request::post(path)
        .body(Full::new(Bytes::from_static(body.as_bytes())))
        .unwrap()
}

const DELIVERY: &str = r#"{"requestid":"1","sendSts":"1"}"#;

#[tokio::test]
async fn only_the_secret_path_is_served() {
    let (receiver, mut events) = CallbackReceiver::channel(8);
    let receiver = receiver.secret_path("/cb/s3cr3t");
    for wrong in ["/cb/s3cr3", "/cb/s3cr3t/", "/cb/s3cr3u", "/", "/cb/S3CR3T"] {
        let response = receiver.handle(post_to(wrong, DELIVERY)).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{wrong}");
    }
    assert!(events.try_recv().is_err(), "nothing is handed on");
    // The query string is not part of the secret (kubrick tags its URLs with one).
    let response = receiver.handle(post_to("/cb/s3cr3t?Call", DELIVERY)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(matches!(events.try_recv(), Ok(Callback::SmsDelivery(_))));
    assert!(!format!("{receiver:?}").contains("s3cr3t"));
}

#[test]
fn secrets_compare_by_every_byte() {
    assert!(same_secret(b"abc", b"abc"));
    assert!(!same_secret(b"abc", b"abd"));
    assert!(!same_secret(b"abc", b"ab"));
    assert!(!same_secret(b"abc", b"abcd"));
    assert!(!same_secret(b"", b"a"));
    assert!(same_secret(b"", b""));
}

#[tokio::test]
async fn callers_off_the_allowlist_are_refused() {
    let (receiver, mut events) = CallbackReceiver::channel(8);
    let platform: IpAddr = "203.0.113.7".parse().unwrap();
    let receiver = receiver.allow_ips([platform]);
    let stranger = receiver.for_peer("198.51.100.1".parse().unwrap());
    let response = stranger.handle(post(DELIVERY)).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    // No caller known: refused rather than trusted.
    assert_eq!(
        receiver.handle(post(DELIVERY)).await.status(),
        StatusCode::FORBIDDEN
    );
    assert!(events.try_recv().is_err(), "nothing is handed on");
    // The allowed caller, also when a dual-stack socket reports it as IPv6.
    let mapped: IpAddr = "::ffff:203.0.113.7".parse().unwrap();
    assert!(receiver.admits(mapped));
    for peer in [platform, mapped] {
        let response = receiver.for_peer(peer).handle(post(DELIVERY)).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    assert_eq!(events.len(), 2);
}

#[tokio::test]
async fn the_body_is_handed_on_as_sent() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let receiver = CallbackReceiver::with_body(move |callback, body| {
        log.lock().unwrap().push((callback.kind(), body.clone()));
        true
    });
    let sent = "{ \"sendSts\" : \"1\", \"extra\": 1.50 }";
    let response = receiver.handle(post(sent)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let seen = seen.lock().unwrap();
    assert_eq!(seen[0].0, "sms_delivery");
    assert_eq!(seen[0].1, sent.as_bytes());
}
