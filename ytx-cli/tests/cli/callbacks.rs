//! `ytx callbacks listen`: pushes printed as JSON lines, and the guards of the listener.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::net::TcpStream;
use tokio::process::{Child, ChildStdout};
use ytx_emulator::{Account, App, Emulator};

use crate::support::{APP, SID, TOKEN, run, stderr, ytx_for};

const DELIVERY: &str = r#"{"requestid":"1","mobileList":"13911281234","sendSts":"1"}"#;

/// A running `ytx callbacks listen`, its address and its stdout lines.
struct Listener {
    child: Child,
    addr: String,
    lines: Lines<BufReader<ChildStdout>>,
}

async fn listen(args: &[&str]) -> Listener {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_ytx"))
        .args(["callbacks", "listen", "--listen", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap()).lines();
    let first = stderr.next_line().await.unwrap().unwrap();
    let addr = first
        .strip_prefix("ytx: listening for callbacks on http://")
        .and_then(|rest| rest.split([' ', '/']).next())
        .unwrap_or_else(|| panic!("unexpected first line: {first}"))
        .to_owned();
    let lines = BufReader::new(child.stdout.take().unwrap()).lines();
    Listener { child, addr, lines }
}

impl Listener {
    async fn next_push(&mut self) -> serde_json::Value {
        let line = tokio::time::timeout(Duration::from_secs(30), self.lines.next_line())
            .await
            .expect("a push line")
            .unwrap()
            .unwrap();
        serde_json::from_str(&line).unwrap()
    }

    /// Stops the listener and returns what else it printed.
    async fn rest(mut self) -> String {
        self.child.kill().await.unwrap();
        let mut rest = String::new();
        while let Ok(Some(line)) = self.lines.next_line().await {
            rest.push_str(&line);
        }
        rest
    }
}

/// POSTs `body` to `path` on a fresh connection: the status, or `None` when the connection
/// was closed without an answer.
async fn post(addr: &str, path: &str, body: &str) -> Option<u16> {
    post_with(addr, path, "", body).await
}

/// As [`post`], with `headers` (`Name: value\r\n` lines) added.
async fn post_with(addr: &str, path: &str, headers: &str, body: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(addr).await.ok()?;
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.ok()?;
    answer.get(9..12)?.parse().ok()
}

#[tokio::test]
async fn an_sms_sent_to_the_emulator_prints_its_delivery_line() {
    let mut listener = listen(&["--path", "/ytx/cb/s3cr3t"]).await;
    let emulator = Emulator::builder()
        .account(
            Account::new(SID, TOKEN)
                .app(App::new(APP).callback_url(format!("http://{}/ytx/cb/s3cr3t", listener.addr))),
        )
        .start()
        .await
        .unwrap();
    let sent = run(
        ytx_for(&emulator),
        &[
            "sms",
            "template-sms",
            "--mobile",
            "13911281234",
            "--templateId",
            "1",
        ],
    )
    .await;
    assert!(sent.status.success(), "{}", stderr(&sent));
    let push = listener.next_push().await;
    assert_eq!(push["kind"], "sms_delivery", "{push}");
    assert_eq!(push["body"]["mobileList"], "13911281234");
    assert_eq!(push["body"]["sendSts"], "1");
    let pushes = emulator.wait_for_pushes(1, Duration::from_secs(10)).await;
    assert!(pushes[0].delivered, "{pushes:?}");

    // Any other path: 404, and nothing printed.
    assert_eq!(
        post(&listener.addr, "/ytx/cb/s3cr3", DELIVERY).await,
        Some(404)
    );
    assert_eq!(post(&listener.addr, "/", DELIVERY).await, Some(404));
    assert_eq!(listener.rest().await, "");
}

#[tokio::test]
async fn a_caller_off_the_allowlist_is_closed_unread() {
    let listener = listen(&["--allow-ip", "203.0.113.9,198.51.100.2"]).await;
    assert_eq!(post(&listener.addr, "/", DELIVERY).await, None);
    assert_eq!(listener.rest().await, "");

    let mut allowed = listen(&["--allow-ip", "203.0.113.9", "--allow-ip", "127.0.0.1"]).await;
    assert_eq!(post(&allowed.addr, "/", DELIVERY).await, Some(200));
    assert_eq!(allowed.next_push().await["kind"], "sms_delivery");
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_forwarded_caller_is_checked() {
    let platform = "X-Forwarded-For: 203.0.113.9\r\n";
    let stranger = "X-Forwarded-For: 198.51.100.7\r\n";
    // Without --trust-proxy the header proves nothing: 127.0.0.1 is not allowed.
    let plain = listen(&["--allow-ip", "203.0.113.9"]).await;
    assert_eq!(post_with(&plain.addr, "/", platform, DELIVERY).await, None);
    assert_eq!(plain.rest().await, "");

    // Behind the proxy at 127.0.0.1, the caller it names is checked.
    let mut behind = listen(&["--allow-ip", "203.0.113.9", "--trust-proxy", "127.0.0.0/8"]).await;
    assert_eq!(
        post_with(&behind.addr, "/", stranger, DELIVERY).await,
        Some(403)
    );
    assert_eq!(post_with(&behind.addr, "/", "", DELIVERY).await, Some(403));
    assert_eq!(
        post_with(&behind.addr, "/", platform, DELIVERY).await,
        Some(200)
    );
    assert_eq!(behind.next_push().await["kind"], "sms_delivery");

    let bad = run(
        crate::support::ytx(),
        &[
            "callbacks",
            "listen",
            "--listen",
            "127.0.0.1:0",
            "--trust-proxy",
            "10.0.0.0/99",
        ],
    )
    .await;
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
    assert!(stderr(&bad).contains("10.0.0.0/99"), "{}", stderr(&bad));
}

/// Waits until the server closes `stream` (reads EOF or a reset).
async fn closed_by_server(mut stream: TcpStream) {
    let mut buffer = [0u8; 64];
    let read = tokio::time::timeout(Duration::from_secs(60), stream.read(&mut buffer)).await;
    assert!(
        matches!(read, Ok(Ok(0) | Err(_))),
        "the idle connection was not closed: {read:?}"
    );
}

#[tokio::test]
async fn a_thousand_idle_connections_do_not_hold_up_a_push() {
    let mut listener = listen(&["--header-timeout", "2"]).await;
    let mut idle = Vec::new();
    for _ in 0..1000 {
        idle.push(TcpStream::connect(&listener.addr).await.unwrap());
    }
    assert_eq!(post(&listener.addr, "/", DELIVERY).await, Some(200));
    assert_eq!(listener.next_push().await["body"]["requestid"], "1");
    // The head's deadline closes every one of them.
    for stream in idle {
        closed_by_server(stream).await;
    }
}

#[tokio::test]
async fn connections_over_the_cap_are_closed_and_slots_come_back() {
    let mut listener = listen(&["--max-connections", "10", "--header-timeout", "60"]).await;
    let mut idle = Vec::new();
    for _ in 0..10 {
        idle.push(TcpStream::connect(&listener.addr).await.unwrap());
    }
    // Accepted in order: the eleventh finds no slot.
    assert_eq!(post(&listener.addr, "/", DELIVERY).await, None);
    drop(idle);
    // The slots are released as the server sees each close; then pushes get through.
    let mut answered = None;
    for _ in 0..200 {
        answered = post(&listener.addr, "/", DELIVERY).await;
        if answered.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(answered, Some(200));
    assert_eq!(listener.next_push().await["kind"], "sms_delivery");
}
