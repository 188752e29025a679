//! The SDK against the emulator: the platform's checks, its state, its callbacks, faults.

mod checks;
mod control;
mod demo;
mod faults;
mod leniency;
mod pushes;
mod spec;
mod state;

use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use ytx_core::sign::{Timestamp, authorization, sign};
use ytx_core::{AuthToken, Client, Config, FixedClock};
use ytx_emulator::{Account, App, Emulator, EmulatorBuilder};

use crate::support::{APP_ID, INSTANT, SID, TOKEN};

pub(crate) fn instant() -> DateTime<Utc> {
    INSTANT.parse().unwrap()
}

/// The emulator with the test account (100.00 yuan) and its app, on the fixed clock.
pub(crate) fn platform() -> EmulatorBuilder {
    platform_with(App::new(APP_ID), 10_000)
}

pub(crate) fn platform_with(app: App, balance_fen: i64) -> EmulatorBuilder {
    Emulator::builder()
        .account(Account::new(SID, TOKEN).app(app).balance_fen(balance_fen))
        .clock(FixedClock::new(instant()))
}

/// The test account's configuration for `emulator`, with a 5 s request timeout that a
/// test may override.
pub(crate) fn config(emulator: &Emulator) -> ytx_core::ConfigBuilder {
    Config::builder()
        .account_sid(SID)
        .auth_token(TOKEN)
        .app_id(APP_ID)
        .base_url(emulator.base_url())
        .attempt_timeout(Duration::from_secs(5))
}

/// A client of the emulator on the same fixed clock.
pub(crate) fn client(emulator: &Emulator) -> Client {
    client_with(config(emulator))
}

pub(crate) fn client_with(config: ytx_core::ConfigBuilder) -> Client {
    Client::builder()
        .config(config.build().unwrap())
        .clock(FixedClock::new(instant()))
        .build()
        .unwrap()
}

/// A correctly signed target and Authorization for `path` at the fixed instant.
pub(crate) fn signed(path: &str) -> (String, String) {
    let stamp = Timestamp::from_utc(instant()).unwrap();
    let sign = sign(SID, &AuthToken::new(TOKEN), &stamp);
    (
        format!("{path}?Sign={}", sign.as_str()),
        authorization(SID, &stamp).as_str().to_owned(),
    )
}

pub(crate) const MEETING_QUERY: &str =
    "/201612/sid/abcdefghijklmnopqrstuvwxyz012345/call/MeetingQuery.wx";

/// Sends raw bytes the way a hand-written client would, and returns the status and JSON.
pub(crate) async fn raw_post(
    emulator: &Emulator,
    target: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, serde_json::Value) {
    let mut stream = tokio::net::TcpStream::connect(emulator.addr())
        .await
        .unwrap();
    let mut request = format!(
        "POST {target} HTTP/1.1\r\nhost: {}\r\nconnection: close\r\n",
        emulator.addr()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("content-length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8(response).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (
        status,
        serde_json::from_str(body).unwrap_or(serde_json::Value::Null),
    )
}

/// A signed raw MeetingQuery with `body` and extra headers.
pub(crate) async fn raw_meeting_query(
    emulator: &Emulator,
    headers: &[(&str, &str)],
    body: &str,
) -> serde_json::Value {
    let (target, auth) = signed(MEETING_QUERY);
    let mut all = vec![("authorization", auth.as_str())];
    all.extend_from_slice(headers);
    raw_post(emulator, &target, &all, body).await.1
}
