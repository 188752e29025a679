//! An offline imitation of the YTX (云讯) platform, for tests and for trying the SDK without
//! an account.
//!
//! It checks what the platform checks, in the same order, and answers with the documented
//! status codes: unknown account `-200`; `Authorization` missing, malformed, for another
//! account, not a real time or outside the window `-202`; `Sign` missing or wrong (either
//! case accepted) `-203`; body not JSON `-4`; action unknown or wrongly cased for the url, or
//! the wrong version segment `-3`; app id missing `-2`, unknown or caller IP not
//! whitelisted `-205`; a required field (per `spec/`) missing or empty `-2`; a malformed
//! phone number `-102`; balance too low for a charged action `-204`. Like the platform it
//! reads the body as JSON whatever the `Content-Type`, and takes numbers as strings.
//!
//! With [`EmulatorBuilder::control`] (`ytx emulator --control`), a JSON control API and a
//! page that shows requests, side effects and pushes as they happen are served under
//! `/__emulator/`, for test suites in any language: see the README.
//!
//! It keeps state (a created conference is returned by MeetingQuery; calls leave call
//! records; data and phone-bill top-ups can be queried; balance goes down), pushes callbacks
//! to each app's callback URL, fails on demand ([`Fault`]), and keeps a [`LedgerEntry`] for
//! every side effect.
//!
//! It serves every endpoint of `spec/` (read through ytx-spec) and any extra endpoint file
//! given to [`EmulatorBuilder::spec`]: the platform's checks come from the entry (version,
//! action, required fields, phone formats), and an endpoint without behaviour of its own
//! answers with its entry's first example response, a fresh `requestId` in it where the
//! example has one. Such an endpoint's side effects are recorded as
//! [`SideEffect::Request`].
//!
//! ```no_run
//! use ytx_emulator::{Account, App, Emulator};
//!
//! # async fn run() -> std::io::Result<()> {
//! let emulator = Emulator::builder()
//!     .account(Account::new("sid", "token").app(App::new("app")))
//!     .start()
//!     .await?;
//! let base_url = emulator.base_url(); // http://127.0.0.1:PORT
//! # let _ = base_url;
//! # Ok(()) }
//! ```
//!
//! What the platform does that the emulator does not know is guessed, and said so where it
//! is: the answer of `createMeeting` (its `meid` is a counter), `fid` values other than 4, prices, the
//! sequence of call-state pushes.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use tokio::sync::watch;

mod accounts;
mod config;
mod control;
mod fault;
#[doc(hidden)]
pub mod fuzz;
mod judge;
mod ledger;
mod phone;
mod push;
mod requests;
mod server;
mod shared;
mod state;

pub use accounts::{Account, App};
pub use config::{DEFAULT_TIMESTAMP_WINDOW, EmulatorBuilder};
pub use fault::{Fault, FaultRule};
pub use ledger::{CallKind, LedgerEntry, PushKind, PushRecord, SideEffect};
pub use requests::JudgedRequest;
pub use state::{CALL_RECORDS_PER_ANSWER, DEFAULT_MAX_RECORDS};

/// The account id the CLI's demo emulator uses.
pub const DEMO_ACCOUNT_SID: &str = "0123456789abcdef0123456789abcdef";
/// The auth token of the demo account. Not a secret: it only opens the local emulator.
pub const DEMO_AUTH_TOKEN: &str = "emulatordemotoken00000000000000";
/// The demo account's app id.
pub const DEMO_APP_ID: &str = "demoapp0000000000000000000000000";

/// A running emulator. Dropping it stops the server and closes its connections.
pub struct Emulator {
    addr: SocketAddr,
    base_url: String,
    shared: Arc<shared::Shared>,
    shutdown: watch::Sender<bool>,
}

impl Emulator {
    /// Starts configuring an emulator.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// A builder with the demo account ([`DEMO_ACCOUNT_SID`], [`DEMO_AUTH_TOKEN`],
    /// [`DEMO_APP_ID`]), 100.00 yuan and demo data ([`EmulatorBuilder::demo_data`]).
    pub fn demo() -> EmulatorBuilder {
        Self::builder()
            .account(Account::new(DEMO_ACCOUNT_SID, DEMO_AUTH_TOKEN).app(App::new(DEMO_APP_ID)))
            .demo_data(true)
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, for `Config::builder().base_url(…)`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Adds a fault for coming requests.
    pub fn inject(&self, rule: FaultRule) {
        shared::lock(&self.shared.faults).push(rule);
    }

    /// Every side effect so far, oldest first (at most [`EmulatorBuilder::max_records`] of them).
    pub fn ledger(&self) -> Vec<LedgerEntry> {
        shared::lock(&self.shared.state)
            .ledger
            .iter()
            .cloned()
            .collect()
    }

    /// Every callback attempted so far, oldest first (the last 10,000).
    pub fn pushes(&self) -> Vec<PushRecord> {
        shared::lock(&self.shared.pusher.log)
            .iter()
            .cloned()
            .collect()
    }

    /// Waits until at least `count` pushes are recorded, or `within` passes; returns them.
    pub async fn wait_for_pushes(&self, count: usize, within: Duration) -> Vec<PushRecord> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let pushes = self.pushes();
            if pushes.len() >= count || tokio::time::Instant::now() >= deadline {
                return pushes;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Every request judged so far, oldest first (the last 10,000), secrets masked.
    pub fn requests(&self) -> Vec<JudgedRequest> {
        shared::lock(&self.shared.judged).after(0)
    }

    /// Removes every pending fault.
    pub fn clear_faults(&self) {
        *shared::lock(&self.shared.faults) = fault::Faults::default();
    }

    /// Back to the start: balances, calls, conferences, orders, the ledger, faults, and the
    /// push and request logs. Ids go on from where they were, so none is handed out twice.
    pub fn reset(&self) {
        self.shared.reset();
    }

    /// Sets an account's balance in fen; `false` for an unknown account.
    pub fn set_balance_fen(&self, account_sid: &str, fen: i64) -> bool {
        shared::lock(&self.shared.state).set_balance(account_sid, fen)
    }

    /// An account's balance in fen.
    pub fn balance_fen(&self, account_sid: &str) -> Option<i64> {
        shared::lock(&self.shared.state).balance(account_sid)
    }

    /// How many HTTP requests have arrived, whatever their fate.
    pub fn request_count(&self) -> u64 {
        self.shared.requests.load(Ordering::Relaxed)
    }
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
