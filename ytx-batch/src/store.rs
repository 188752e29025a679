//! Where a journal keeps its entries: the [`JournalStore`] trait, and [`MemoryStore`].

use std::collections::BTreeMap;
use std::convert::Infallible;

use crate::entry::{Entry, RowState};

/// A journal's storage. Implement it to keep the journal in your own database; the
/// [`Journal`](crate::Journal) logic (what to send, skip or list) stays the same.
///
/// The one promise a store makes: when [`put`](JournalStore::put) returns `Ok`, the entries
/// survive a crash of the process. A batch sends a row only after its `Sending` entry is
/// put, so a store that keeps this promise never lets a row be sent twice.
pub trait JournalStore: Send + 'static {
    /// The store's error.
    type Error: std::error::Error + Send + Sync + 'static;

    /// What the journal is for (the endpoint), once set.
    fn identity(&mut self) -> Result<Option<String>, Self::Error>;

    /// Sets what the journal is for; called once, when it is new.
    fn set_identity(&mut self, identity: &str) -> Result<(), Self::Error>;

    /// The entry of `row`, if any.
    fn get(&mut self, row: u64) -> Result<Option<Entry>, Self::Error>;

    /// The highest row with an entry, if any: rows after it need no lookup.
    fn last_row(&mut self) -> Result<Option<u64>, Self::Error>;

    /// Writes entries, each replacing the row's previous one, all or none, durably.
    fn put(&mut self, entries: &[Entry]) -> Result<(), Self::Error>;

    /// Every entry in one of `states`, in row order.
    fn in_states(&mut self, states: &[RowState]) -> Result<Vec<Entry>, Self::Error>;

    /// Called when a batch's journal has nothing to write for the moment: housekeeping done
    /// here stays off the path of the next [`put`](JournalStore::put). Nothing by default;
    /// [`SqliteStore`](crate::SqliteStore) moves its write-ahead log into the database.
    fn idle(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// A store in memory: for tests, and for programs that journal elsewhere themselves. It
/// survives nothing.
#[derive(Debug, Default, Clone)]
pub struct MemoryStore {
    identity: Option<String>,
    entries: BTreeMap<u64, Entry>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
}

impl JournalStore for MemoryStore {
    type Error = Infallible;

    fn identity(&mut self) -> Result<Option<String>, Infallible> {
        Ok(self.identity.clone())
    }

    fn set_identity(&mut self, identity: &str) -> Result<(), Infallible> {
        self.identity = Some(identity.to_owned());
        Ok(())
    }

    fn get(&mut self, row: u64) -> Result<Option<Entry>, Infallible> {
        Ok(self.entries.get(&row).cloned())
    }

    fn last_row(&mut self) -> Result<Option<u64>, Infallible> {
        Ok(self.entries.keys().next_back().copied())
    }

    fn put(&mut self, entries: &[Entry]) -> Result<(), Infallible> {
        for entry in entries {
            self.entries.insert(entry.row, entry.clone());
        }
        Ok(())
    }

    fn in_states(&mut self, states: &[RowState]) -> Result<Vec<Entry>, Infallible> {
        Ok(self
            .entries
            .values()
            .filter(|entry| states.contains(&entry.state))
            .cloned()
            .collect())
    }
}
