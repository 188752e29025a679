//! What the server's connections, the control API and the [`Emulator`](crate::Emulator)
//! handle share: accounts, the catalog, the clock, the state, faults, the pusher and the
//! logs.

use std::collections::HashMap;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, Utc};
use http::HeaderValue;
use ytx_core::Clock;
use ytx_spec::Catalog;

use crate::accounts::Account;
use crate::config::EmulatorBuilder;
use crate::fault::Faults;
use crate::push::Pusher;
use crate::requests::RequestLog;
use crate::state::State;

pub(crate) struct Shared {
    pub(crate) accounts: HashMap<String, Account>,
    pub(crate) catalog: Catalog,
    pub(crate) window: Duration,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) state: Mutex<State>,
    pub(crate) faults: Mutex<Faults>,
    pub(crate) pusher: Pusher,
    pub(crate) requests: AtomicU64,
    /// Every request judged, secrets masked.
    pub(crate) judged: Mutex<RequestLog>,
    /// Whether the control API and its page are served under `/__emulator/`.
    pub(crate) control: bool,
    /// The last `Date` header made, and the second it is for: made once a second.
    date: Mutex<Option<(i64, HeaderValue)>>,
    /// What a reset goes back to.
    initial_balances: HashMap<String, i64>,
    max_records: usize,
    demo_data: bool,
}

impl Shared {
    /// The `Date` header for `now`, made once a second.
    pub(crate) fn date_header(&self, now: DateTime<Utc>) -> Option<HeaderValue> {
        let second = now.timestamp();
        let mut date = lock(&self.date);
        if let Some((made, value)) = &*date
            && *made == second
        {
            return Some(value.clone());
        }
        let value = HeaderValue::from_str(&ytx_protocol::http_date::format(now)).ok()?;
        *date = Some((second, value.clone()));
        Some(value)
    }

    pub(crate) fn new(builder: EmulatorBuilder, catalog: Catalog) -> Self {
        let initial_balances = builder
            .accounts
            .values()
            .map(|a| (a.sid.clone(), a.balance_fen))
            .collect();
        let mut shared = Self {
            accounts: builder.accounts,
            catalog,
            window: builder.window,
            clock: builder.clock,
            state: Mutex::new(State::default()),
            faults: Mutex::new(Faults::default()),
            pusher: Pusher::new(),
            requests: AtomicU64::new(0),
            judged: Mutex::new(RequestLog::default()),
            control: builder.control,
            date: Mutex::new(None),
            initial_balances,
            max_records: builder.max_records,
            demo_data: builder.demo_data,
        };
        shared.state = Mutex::new(shared.fresh_state());
        shared
    }

    /// The state the emulator starts with: the starting balances, and the demo data if the
    /// builder asked for it.
    pub(crate) fn fresh_state(&self) -> State {
        let mut state = State::new(self.initial_balances.clone(), self.max_records);
        if self.demo_data
            && let Some(demo) = self.accounts.get(crate::DEMO_ACCOUNT_SID)
            && let Some(app) = demo.apps.first()
        {
            state.seed_demo(&demo.sid, &app.id, self.clock.now());
        }
        state
    }

    /// Back to the start: state, faults, the push and request logs.
    pub(crate) fn reset(&self) {
        let mut fresh = self.fresh_state();
        let mut state = lock(&self.state);
        fresh.continue_ids(&state);
        *state = fresh;
        drop(state);
        *lock(&self.faults) = Faults::default();
        lock(&self.pusher.log).clear();
        lock(&self.judged).clear();
    }
}

/// Locks, ignoring poisoning: state stays consistent because no lock is held across a panic
/// point that leaves it half-written.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
