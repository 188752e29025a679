//! Answers that are not the API's, and no answer at all: each is a typed error that says
//! whether the request may have reached the platform.

use std::time::Duration;

use ytx_call::{Error, MeetingQuery};
use ytx_core::TimeoutPhase;

use crate::support::{Reply, Server};

async fn send_to(reply: Reply, limit: Option<usize>) -> Error {
    let server = Server::start(reply).await;
    let client = server.client_with(|config| {
        let config = config.attempt_timeout(Duration::from_millis(500));
        match limit {
            Some(limit) => config.max_response_bytes(limit),
            None => config,
        }
    });
    client.send(MeetingQuery::new(1)).await.unwrap_err()
}

#[tokio::test]
async fn http_500_is_an_http_status_error_with_the_body() {
    let reply = Reply::Http {
        status: 500,
        content_type: "text/plain",
        body: b"boom".to_vec(),
    };
    let err = send_to(reply, None).await;
    assert!(
        matches!(&err, Error::HttpStatus(answer) if answer.status().as_u16() == 500),
        "{err:?}"
    );
    assert_eq!(err.body().unwrap().as_ref(), b"boom");
    assert!(err.may_have_reached_platform());
}

#[tokio::test]
async fn an_html_page_is_a_decode_error() {
    let body = b"<html><body>502 Bad Gateway</body></html>".to_vec();
    let err = send_to(
        Reply::Http {
            status: 200,
            content_type: "text/html",
            body,
        },
        None,
    )
    .await;
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    // The message says what and how much; the page itself stays on the error, out of logs.
    let shown = err.to_string();
    assert!(
        shown.contains("cannot decode the answer (41 bytes)"),
        "{shown}"
    );
    assert!(!shown.contains("Bad Gateway"), "{shown}");
    assert!(err.body().unwrap().starts_with(b"<html>"));
}

#[tokio::test]
async fn a_truncated_body_is_a_body_error() {
    let raw = b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"statusCode\":".to_vec();
    let err = send_to(Reply::Raw(raw), None).await;
    assert!(matches!(err, Error::Body(_)), "{err:?}");
    assert!(err.may_have_reached_platform());
}

#[tokio::test]
async fn a_declared_body_over_the_limit_is_refused_unread() {
    let body = vec![b' '; 4096];
    let err = send_to(
        Reply::Http {
            status: 200,
            content_type: "application/json",
            body,
        },
        Some(1024),
    )
    .await;
    assert!(
        matches!(err, Error::BodyTooLarge(too_large) if too_large.limit() == 1024),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_refused() {
    let mut raw = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..3 {
        raw.extend_from_slice(b"200\r\n");
        raw.extend_from_slice(&[b' '; 0x200]);
        raw.extend_from_slice(b"\r\n");
    }
    raw.extend_from_slice(b"0\r\n\r\n");
    let err = send_to(Reply::Raw(raw), Some(1024)).await;
    assert!(
        matches!(err, Error::BodyTooLarge(too_large) if too_large.limit() == 1024),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let err = send_to(Reply::Silent, None).await;
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        matches!(err, Error::Timeout(timeout) if timeout.phase() == TimeoutPhase::Attempt && timeout.after() == Duration::from_millis(500))
    );
    assert!(
        err.may_have_reached_platform(),
        "the request was written: outcome unknown"
    );
}

/// Headers and half the declared body, then silence.
const HALF_A_BODY: &[u8] = b"HTTP/1.1 200 OK\r\ncontent-length: 40\r\n\r\n{\"statusCode\":\"0\",";

#[tokio::test]
async fn a_body_that_stops_coming_times_out_in_the_body_phase() {
    let server = Server::start(Reply::Stall(HALF_A_BODY.to_vec())).await;
    let client = server.client_with(|config| config.body_timeout(Duration::from_millis(300)));
    let err = client.send(MeetingQuery::new(1)).await.unwrap_err();
    assert!(
        matches!(err, Error::Timeout(timeout) if timeout.phase() == TimeoutPhase::Body && timeout.after() == Duration::from_millis(300)),
        "{err:?}"
    );
    assert!(err.may_have_reached_platform());
}

#[tokio::test]
async fn the_whole_request_deadline_bounds_the_body_phase() {
    let server = Server::start(Reply::Stall(HALF_A_BODY.to_vec())).await;
    let client = server.client_with(|config| {
        config
            .attempt_timeout(Duration::from_millis(300))
            .body_timeout(Duration::from_secs(10))
    });
    let err = client.send(MeetingQuery::new(1)).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Timeout(timeout) if timeout.phase() == TimeoutPhase::Attempt
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_refused_connection_never_reached_the_platform() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let config = ytx_core::Config::builder()
        .account_sid("sid")
        .auth_token("token")
        .app_id("app")
        .base_url(format!("http://{addr}"))
        .build()
        .unwrap();
    let err = ytx_core::Client::new(config)
        .send(MeetingQuery::new(1))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Connect(_)), "{err:?}");
    assert!(!err.may_have_reached_platform());
}
