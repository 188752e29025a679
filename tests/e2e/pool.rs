//! The connection pool: connections are reused, opened as concurrency needs, and one the
//! server closed while idle is never used (a request is not lost or doubled on it).

use std::time::Duration;

use ytx_call::{DailbackCall, MeetingQuery};

use crate::support::{Reply, Server};

const OK: &str = r#"{"statusCode":"0","statusMsg":"提交成功","requestId":"1"}"#;

#[tokio::test]
async fn concurrent_calls_open_connections_that_later_calls_reuse() {
    let server = Server::start(Reply::json(OK)).await;
    let client = server.client();
    let wave = || {
        let calls: Vec<_> = (0..8)
            .map(|_| {
                let client = client.clone();
                tokio::spawn(async move { client.send(MeetingQuery::new(1)).await })
            })
            .collect();
        async move {
            for call in calls {
                call.await.unwrap().unwrap();
            }
        }
    };
    wave().await;
    let opened = server.connections();
    assert!(
        (1..=8).contains(&opened),
        "{opened} connections for 8 calls"
    );
    for _ in 0..3 {
        wave().await;
    }
    assert_eq!(server.requests().len(), 32);
    assert_eq!(server.connections(), opened, "later waves reuse the pool");
}

#[tokio::test]
async fn a_connection_the_server_closed_while_idle_is_replaced() {
    let server = Server::start(Reply::ThenClose(Box::new(Reply::json(OK)))).await;
    let client = server.client();
    for round in 1..=3 {
        // Money is at stake: the call must go out exactly once, on a live connection.
        client
            .send(DailbackCall::new("13911281234", "13522855865"))
            .await
            .unwrap_or_else(|err| panic!("round {round}: {err}"));
        assert_eq!(server.requests().len(), round);
        // Let the client see the server's close before the next call.
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(server.connections(), 3);
}

#[tokio::test]
async fn an_answer_marked_connection_close_is_not_pooled() {
    let answer = format!(
        "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{OK}",
        OK.len()
    );
    let server = Server::start(Reply::Raw(answer.into_bytes())).await;
    let client = server.client();
    // No pause between calls: the client knows from the answer not to reuse the connection.
    for _ in 0..3 {
        client
            .send(DailbackCall::new("13911281234", "13522855865"))
            .await
            .unwrap();
    }
    assert_eq!(server.requests().len(), 3);
    assert_eq!(server.connections(), 3);
}
