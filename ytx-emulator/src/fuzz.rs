//! Entry points for fuzzing and property tests: the emulator's judge and state machine on
//! raw input, without sockets. Not a public API.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use ytx_core::FixedClock;
use ytx_protocol::AuthToken;
use ytx_protocol::sign::{Timestamp, authorization, sign};

use crate::judge::Incoming;
use crate::server::decide;
use crate::shared::Shared;
use crate::{DEMO_ACCOUNT_SID, DEMO_AUTH_TOKEN, Emulator};

/// The fixed instant the fuzzing emulator lives at.
const INSTANT: &str = "2026-11-29T06:00:00Z";

fn instant() -> DateTime<Utc> {
    INSTANT.parse().unwrap_or_default()
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let builder = Emulator::demo()
            .clock(FixedClock::new(instant()))
            .max_records(100);
        // The built-in spec is tested to parse; an empty catalog would only fuzz less.
        let catalog = builder.catalog().unwrap_or_default();
        Shared::new(builder, catalog)
    })
}

/// Judges and carries out one request from the given parts; returns the HTTP status and
/// the answer.
pub fn request(
    path: &str,
    query: Option<&str>,
    authorization: Option<&[u8]>,
    body: &[u8],
) -> (u16, serde_json::Value) {
    let incoming = Incoming {
        path,
        query,
        authorization,
        body,
        peer: IpAddr::V4(Ipv4Addr::LOCALHOST),
    };
    let (status, answer, _pushes) = decide(shared(), &incoming);
    (status.as_u16(), answer)
}

/// `(target with ?Sign=…, Authorization)` that pass the demo account's checks at the
/// fuzzing instant, so generated bodies reach the state machine.
pub fn signed(path: &str) -> (String, String) {
    // The instant is a valid constant; the fallback only keeps the function total.
    let Ok(stamp) = Timestamp::from_utc(instant()) else {
        return (path.to_owned(), String::new());
    };
    let sign = sign(DEMO_ACCOUNT_SID, &AuthToken::new(DEMO_AUTH_TOKEN), &stamp);
    (
        format!("{path}?Sign={}", sign.as_str()),
        authorization(DEMO_ACCOUNT_SID, &stamp).as_str().to_owned(),
    )
}

/// Every route the emulator serves, for the demo account: `/{version}/sid/{sid}/{func}/{url}`.
pub fn routes() -> Vec<String> {
    let mut routes: Vec<String> = shared()
        .catalog
        .iter()
        .map(|spec| {
            format!(
                "/{}/sid/{DEMO_ACCOUNT_SID}/{}/{}",
                spec.version, spec.func, spec.url
            )
        })
        .collect();
    routes.sort();
    routes.dedup();
    routes
}

/// Every action the emulator serves.
pub fn actions() -> Vec<&'static str> {
    shared()
        .catalog
        .iter()
        .map(|spec| spec.action.as_str())
        .collect()
}
