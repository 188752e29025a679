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

mod behind_proxies {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    const CALLBACK: &str = r#"{"requestId":"1","trafficSts":"1"}"#;
    const PLATFORM: &str = "10.1.1.1";

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    /// The platform's address allowed; the application's proxies at 10.0.0.0/24 trusted.
    fn receiver() -> CallbackReceiver {
        CallbackReceiver::new(|_| {})
            .allow_ips([ip(PLATFORM)])
            .trust_proxies(["10.0.0.0/24", "fd00::1"])
            .unwrap()
    }

    async fn status(peer: &str, headers: &[(&str, &str)]) -> StatusCode {
        let mut request = post(CALLBACK);
        for (name, value) in headers {
            request.headers_mut().append(
                http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value).unwrap(),
            );
        }
        receiver().for_peer(ip(peer)).handle(request).await.status()
    }

    #[tokio::test]
    async fn an_untrusted_peer_cannot_claim_an_address_by_header() {
        for headers in [
            &[("x-forwarded-for", PLATFORM)][..],
            &[("forwarded", "for=10.1.1.1")][..],
        ] {
            assert_eq!(status("203.0.113.9", headers).await, StatusCode::FORBIDDEN);
        }
        // The platform itself, straight: its own address counts, whatever it sends.
        let spoofed_other = [("x-forwarded-for", "203.0.113.9")];
        assert_eq!(status(PLATFORM, &spoofed_other).await, StatusCode::OK);
    }

    #[tokio::test]
    async fn a_trusted_proxy_names_the_caller() {
        let from = |xff| [("x-forwarded-for", xff)];
        assert_eq!(status("10.0.0.2", &from(PLATFORM)).await, StatusCode::OK);
        assert_eq!(
            status("10.0.0.2", &from("203.0.113.9")).await,
            StatusCode::FORBIDDEN
        );
        // Two hops of ours: the nearest address that is not ours is the caller.
        let two_hops = from("10.1.1.1, 10.0.0.7");
        assert_eq!(status("10.0.0.2", &two_hops).await, StatusCode::OK);
        // A caller that writes the platform's address first is still itself.
        let prepended = from("10.1.1.1, 203.0.113.9");
        assert_eq!(status("10.0.0.2", &prepended).await, StatusCode::FORBIDDEN);
        // Split over two header lines, in order.
        let split = [
            ("x-forwarded-for", "10.1.1.1"),
            ("x-forwarded-for", "10.0.0.7"),
        ];
        assert_eq!(status("10.0.0.2", &split).await, StatusCode::OK);
        // With a port, as some proxies write it.
        assert_eq!(
            status("10.0.0.2", &from("10.1.1.1:4711")).await,
            StatusCode::OK
        );
        // No header: the proxy is the caller, and it is not the platform.
        assert_eq!(status("10.0.0.2", &[]).await, StatusCode::FORBIDDEN);
        // A hop that recorded no address: unknown, refused.
        assert_eq!(
            status("10.0.0.2", &from("garbage")).await,
            StatusCode::FORBIDDEN
        );
        // IPv6 proxy, IPv4-mapped peer.
        assert_eq!(status("fd00::1", &from(PLATFORM)).await, StatusCode::OK);
        assert_eq!(
            status("::ffff:10.0.0.2", &from(PLATFORM)).await,
            StatusCode::OK
        );
    }

    #[tokio::test]
    async fn forwarded_is_read_before_x_forwarded_for() {
        let both = [
            ("forwarded", "for=203.0.113.9;proto=http"),
            ("x-forwarded-for", PLATFORM),
        ];
        assert_eq!(status("10.0.0.2", &both).await, StatusCode::FORBIDDEN);
        let quoted = [("forwarded", r#"for="10.1.1.1:4711", for=10.0.0.9"#)];
        assert_eq!(status("10.0.0.2", &quoted).await, StatusCode::OK);
        let unknown = [("forwarded", "for=unknown")];
        assert_eq!(status("10.0.0.2", &unknown).await, StatusCode::FORBIDDEN);
        let obfuscated = [("forwarded", "for=_hidden, for=10.0.0.9")];
        assert_eq!(status("10.0.0.2", &obfuscated).await, StatusCode::FORBIDDEN);
        let v6 = CallbackReceiver::new(|_| {})
            .allow_ips([ip("2001:db8::1")])
            .trust_proxies(["10.0.0.2"])
            .unwrap();
        let mut request = post(CALLBACK);
        request.headers_mut().insert(
            http::header::FORWARDED,
            HeaderValue::from_static(r#"for="[2001:db8::1]:4711""#),
        );
        let answer = v6.for_peer(ip("10.0.0.2")).handle(request).await;
        assert_eq!(answer.status(), StatusCode::OK);
    }

    #[test]
    fn trusted_proxies_may_connect_and_bad_ones_are_refused() {
        let receiver = receiver();
        assert!(receiver.admits(ip("10.0.0.200")));
        assert!(receiver.admits(ip(PLATFORM)));
        assert!(!receiver.admits(ip("10.0.1.1")));
        let err = CallbackReceiver::new(|_| {})
            .trust_proxies(["10.0.0.0/40"])
            .unwrap_err();
        assert!(err.to_string().contains("10.0.0.0/40"), "{err}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_async_handler_answers_503_in_time_and_runs_on() {
        let finished = Arc::new(AtomicBool::new(false));
        let done = Arc::clone(&finished);
        let receiver = CallbackReceiver::new_async(move |callback, body| {
            let done = Arc::clone(&done);
            async move {
                let slow = matches!(callback, Callback::TrafficResult(_)) && body.len() > 10;
                if slow {
                    tokio::time::sleep(Duration::from_secs(60)).await;
                    done.store(true, Ordering::SeqCst);
                }
                true
            }
        })
        .handler_timeout(Duration::from_secs(2));
        let started = tokio::time::Instant::now();
        let answer = receiver.handle(post(CALLBACK)).await;
        assert_eq!(answer.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(started.elapsed(), Duration::from_secs(2));
        assert!(!finished.load(Ordering::SeqCst));
        tokio::time::sleep(Duration::from_secs(60)).await;
        assert!(finished.load(Ordering::SeqCst), "the handler ran on");
        // A quick one answers with its own verdict.
        let quick = receiver.handle(post(r#"{"x":1}"#)).await;
        assert_eq!(quick.status(), StatusCode::OK);
        let no = CallbackReceiver::new_async(|_, _| async { false });
        assert_eq!(
            no.handle(post(CALLBACK)).await.status(),
            StatusCode::SERVICE_UNAVAILABLE
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_handler_does_not_hold_up_other_callbacks() {
        let receiver = CallbackReceiver::new_async(|_, body| async move {
            if body.len() > 10 {
                tokio::time::sleep(Duration::from_secs(3)).await;
            }
            true
        });
        let slow = tokio::spawn({
            let receiver = receiver.clone();
            async move { receiver.handle(post(CALLBACK)).await.status() }
        });
        tokio::task::yield_now().await;
        let started = tokio::time::Instant::now();
        let quick = receiver.handle(post(r#"{"x":1}"#)).await;
        assert_eq!(quick.status(), StatusCode::OK);
        assert_eq!(started.elapsed(), Duration::ZERO);
        assert_eq!(slow.await.unwrap(), StatusCode::OK);
        assert_eq!(started.elapsed(), Duration::from_secs(3));
    }
}
