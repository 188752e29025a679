//! How an emulator is set up: its accounts, clock, address, limits and extra endpoints.
//! [`EmulatorBuilder::start`] is in `server.rs`, beside what it starts.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use ytx_core::{Clock, SystemClock};

use crate::accounts::Account;
use ytx_spec::{Catalog, EndpointSpec, SpecError};

/// The `Authorization` timestamp's validity window the documentation states: 24 hours.
pub const DEFAULT_TIMESTAMP_WINDOW: Duration = Duration::from_secs(24 * 3600);

/// Everything the emulator is started with.
#[derive(Debug, Clone)]
pub struct EmulatorBuilder {
    pub(crate) accounts: HashMap<String, Account>,
    pub(crate) window: Duration,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) listen: SocketAddr,
    pub(crate) max_records: usize,
    /// Endpoints served beyond the built-in spec.
    pub(crate) extra: Catalog,
    /// Whether the demo account starts with demo data.
    pub(crate) demo_data: bool,
    pub(crate) control: bool,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        Self {
            accounts: HashMap::new(),
            window: DEFAULT_TIMESTAMP_WINDOW,
            clock: Arc::new(SystemClock),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            max_records: crate::DEFAULT_MAX_RECORDS,
            extra: Catalog::new(),
            demo_data: false,
            control: false,
        }
    }
}

impl EmulatorBuilder {
    /// Adds an account.
    pub fn account(mut self, account: Account) -> Self {
        self.accounts.insert(account.sid.clone(), account);
        self
    }

    /// How far an `Authorization` timestamp may be from the emulator's clock, either way.
    /// Default: [`DEFAULT_TIMESTAMP_WINDOW`] (24 h, as documented).
    pub fn timestamp_window(mut self, window: Duration) -> Self {
        self.window = window;
        self
    }

    /// Whether the demo account ([`DEMO_ACCOUNT_SID`](crate::DEMO_ACCOUNT_SID)), if it is
    /// one of the accounts, starts with demo data: conference `002` with three parties and a
    /// two-way call record (`customParm` `emulator-demo-call`), an hour old. Names and ids
    /// say they are demo data; none of it is in the ledger. Default: off;
    /// [`Emulator::demo`](crate::Emulator::demo) turns it on.
    pub fn demo_data(mut self, on: bool) -> Self {
        self.demo_data = on;
        self
    }

    /// Serves the control API and its page under `/__emulator/` (a prefix no platform path
    /// uses): the ledger, the pushes, the judged requests and the balances to read; faults
    /// to inject and clear; a reset and balances to set. Off by default: a test turns it on.
    /// It listens where the emulator listens (loopback unless told otherwise) and asks for
    /// no credentials.
    pub fn control(mut self, on: bool) -> Self {
        self.control = on;
        self
    }

    /// The emulator's clock, for timestamp checks and record times. Default: the system's.
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Where to listen. Default: `127.0.0.1:0` (a free port).
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// How many records of each kind (call records, conferences, top-up orders, ledger
    /// entries) are kept; the oldest go first. Default: [`DEFAULT_MAX_RECORDS`](crate::DEFAULT_MAX_RECORDS).
    pub fn max_records(mut self, max: usize) -> Self {
        self.max_records = max;
        self
    }

    /// Also serves `spec`, an endpoint the built-in spec does not have (a team's own). Its
    /// func, url and action must be new: a clash is an error naming both files.
    pub fn endpoint(
        mut self,
        file: impl Into<String>,
        spec: EndpointSpec,
    ) -> Result<Self, SpecError> {
        let file = file.into();
        self.check_new(&file, &spec)?;
        self.extra.insert(file, spec)?;
        Ok(self)
    }

    /// Also serves the endpoint in this file (the format of `spec/endpoints/`).
    pub fn spec_file(self, path: impl AsRef<std::path::Path>) -> Result<Self, SpecError> {
        let path = path.as_ref();
        let spec = ytx_spec::endpoint_file(path)?;
        self.endpoint(path.display().to_string(), spec)
    }

    /// Also serves every endpoint file (`*.json`) at or below `dir`. The first bad file, or
    /// one that clashes with a known endpoint, is an error naming it.
    pub fn spec_dir(mut self, dir: impl AsRef<std::path::Path>) -> Result<Self, SpecError> {
        let mut loaded = Catalog::new();
        loaded.load_dir(dir)?;
        for (file, spec) in loaded.files() {
            self.check_new(file, spec)?;
        }
        self.extra.extend(loaded)?;
        Ok(self)
    }

    /// A file or a directory, whichever `path` is.
    pub fn spec(self, path: impl AsRef<std::path::Path>) -> Result<Self, SpecError> {
        let path = path.as_ref();
        if path.is_dir() {
            self.spec_dir(path)
        } else {
            self.spec_file(path)
        }
    }

    fn check_new(&self, file: &str, spec: &EndpointSpec) -> Result<(), SpecError> {
        let mut all = ytx_spec::builtin()?.endpoints().clone();
        all.extend(self.extra.clone())?;
        all.insert(file, spec.clone())
    }

    /// The endpoints served: the built-in spec, then the extra ones.
    pub(crate) fn catalog(&self) -> Result<Catalog, SpecError> {
        let mut catalog = ytx_spec::builtin()?.endpoints().clone();
        catalog.extend(self.extra.clone())?;
        Ok(catalog)
    }
}
