//! [`Journal`]: what a batch decides for each row, and what it records, over any
//! [`JournalStore`].
//!
//! A row is claimed (a durable `Sending` entry) before its request leaves, and settled when
//! the client says how it went. On a rerun:
//!
//! | found | done |
//! |---|---|
//! | nothing, or `NotSent` | sent |
//! | `Answered` | skipped |
//! | `Refused` | skipped, or sent again with `resend_refused` (a refusal took no effect) |
//! | `Sending` (the run before crashed) or `Unknown` | listed, not sent, unless `resend_unknown` |
//!
//! A row whose fields differ from the journal's stops the batch: the journal is for
//! another input.

use std::fmt;

use serde_json::Value;
use ytx_core::{Error, OperationError, ReconciliationKey, Timestamp};

use crate::entry::{Entry, RowState};
use crate::store::JournalStore;

/// What a rerun may send again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Resume {
    /// Send rows whose outcome is unknown again. They may have taken effect: reconcile
    /// them first (`ytx reconcile --journal`).
    pub resend_unknown: bool,
    /// Send rows the platform refused again (a refusal took no effect: safe).
    pub resend_refused: bool,
}

/// What to do with a row.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decision {
    /// Send it.
    Send,
    /// Already settled: here is its entry.
    Skip(Entry),
    /// Its outcome is unknown: list it, do not send it.
    Unknown(Entry),
}

/// Why the journal cannot be used.
#[derive(Debug)]
#[non_exhaustive]
pub enum JournalError {
    /// The store failed.
    Store(Box<dyn std::error::Error + Send + Sync>),
    /// The journal is for another endpoint.
    OtherEndpoint {
        /// The journal's.
        journal: String,
        /// This batch's.
        batch: String,
    },
    /// A row differs from the one the journal has: the journal is for another input.
    RowChanged {
        /// The row.
        row: u64,
    },
}

impl fmt::Display for JournalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Store(err) => err.fmt(f),
            Self::OtherEndpoint { journal, batch } => write!(
                f,
                "the journal is for {journal}, and this batch sends {batch}: give another --journal"
            ),
            Self::RowChanged { row } => write!(
                f,
                "row {row} differs from the journal's row {row}: the journal is for another input (give another --journal)"
            ),
        }
    }
}

impl std::error::Error for JournalError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Store(err) => err.source(),
            _ => None,
        }
    }
}

fn store_error(err: impl std::error::Error + Send + Sync + 'static) -> JournalError {
    JournalError::Store(Box::new(err))
}

/// A batch's journal over a store.
#[derive(Debug)]
pub struct Journal<S> {
    store: S,
    last_row: Option<u64>,
}

impl<S: JournalStore> Journal<S> {
    /// Opens the journal of a batch sending `identity` (the endpoint, e.g.
    /// `ytx_sms::template_sms::TemplateSms`): a new store takes it, an old one must have it.
    pub fn open(mut store: S, identity: &str) -> Result<Self, JournalError> {
        match store.identity().map_err(store_error)? {
            None => store.set_identity(identity).map_err(store_error)?,
            Some(journal) if journal != identity => {
                return Err(JournalError::OtherEndpoint {
                    journal,
                    batch: identity.to_owned(),
                });
            }
            Some(_) => {}
        }
        let last_row = store.last_row().map_err(store_error)?;
        Ok(Self { store, last_row })
    }

    /// What to do with `row`, whose wire fields are `fields` (a JSON object). The row is
    /// the journal's if its fields are the same JSON, however they are written (spacing,
    /// key order, escapes).
    pub fn decide(
        &mut self,
        row: u64,
        fields: &str,
        resume: Resume,
    ) -> Result<Decision, JournalError> {
        if self.last_row.is_none_or(|last| row > last) {
            return Ok(Decision::Send);
        }
        let Some(entry) = self.store.get(row).map_err(store_error)? else {
            return Ok(Decision::Send);
        };
        if !same_fields(&entry.fields, fields) {
            return Err(JournalError::RowChanged { row });
        }
        Ok(match entry.state {
            RowState::NotSent => Decision::Send,
            RowState::Refused if resume.resend_refused => Decision::Send,
            RowState::Sending | RowState::Unknown if resume.resend_unknown => Decision::Send,
            RowState::Sending | RowState::Unknown => Decision::Unknown(entry),
            _ => Decision::Skip(entry),
        })
    }

    /// The highest row with an entry, if any.
    pub fn last_row(&self) -> Option<u64> {
        self.last_row
    }

    /// Writes entries durably (all or none).
    pub fn record(&mut self, entries: &[Entry]) -> Result<(), JournalError> {
        self.store.put(entries).map_err(store_error)?;
        let highest = entries.iter().map(|entry| entry.row).max();
        self.last_row = self.last_row.max(highest);
        Ok(())
    }

    /// Lets the store do its housekeeping while nothing waits to be written.
    pub fn idle(&mut self) -> Result<(), JournalError> {
        self.store.idle().map_err(store_error)
    }

    /// The rows whose outcome is unknown (`Sending` after a crash, or `Unknown`).
    pub fn unknown(&mut self) -> Result<Vec<Entry>, JournalError> {
        self.store
            .in_states(&[RowState::Sending, RowState::Unknown])
            .map_err(store_error)
    }

    /// The store, back.
    pub fn into_store(self) -> S {
        self.store
    }
}

/// Whether two texts of a row's fields are the same JSON: the same text, or texts that read
/// as equal values. A journal keeps a JSON Lines row as the input wrote it, and anything
/// else as `serde_json` writes it. A `customParm` the batch generated (a
/// [`ReconciliationKey`]) is not the input's: it does not count when the row has none.
pub(crate) fn same_fields(journaled: &str, now: &str) -> bool {
    if journaled == now {
        return true;
    }
    let (Ok(mut journaled), Ok(now)) = (
        serde_json::from_str::<Value>(journaled),
        serde_json::from_str::<Value>(now),
    ) else {
        return false;
    };
    if let (Value::Object(journaled), Value::Object(now)) = (&mut journaled, &now) {
        let generated = journaled
            .get("customParm")
            .and_then(Value::as_str)
            .is_some_and(ReconciliationKey::is_generated);
        if generated && !now.contains_key("customParm") {
            journaled.remove("customParm");
        }
    }
    journaled == now
}

/// The entry that claims `row` before it is sent.
pub fn claim(row: u64, fields: String, now: &Timestamp) -> Entry {
    Entry {
        row,
        state: RowState::Sending,
        fields,
        sent_at: now.as_str().to_owned(),
        request_id: None,
        detail: None,
    }
}

/// The entry that settles a claimed row, from what the call returned.
pub fn settle(claimed: Entry, result: Result<Option<String>, OperationError>) -> Entry {
    let mut entry = claimed;
    match result {
        Ok(request_id) => {
            entry.state = RowState::Answered;
            entry.request_id = request_id;
        }
        Err(OperationError::Call(Error::Api(api))) => {
            entry.state = RowState::Refused;
            entry.request_id = api.request_id().map(str::to_owned);
            entry.detail = Some(format!(
                "statusCode {}: {}",
                api.code().as_wire(),
                api.message()
                    .or(api.code().message_zh())
                    .unwrap_or_default()
            ));
        }
        Err(OperationError::Call(Error::OutcomeUnknown(unknown))) => {
            entry.state = RowState::Unknown;
            entry.sent_at = unknown.sent_at().to_string();
            entry.detail = Some(unknown.cause().to_string());
        }
        Err(OperationError::Wire(err)) => {
            entry.state = RowState::NotSent;
            entry.detail = Some(err.to_string());
        }
        Err(OperationError::Call(err)) if !err.may_have_reached_platform() => {
            entry.state = RowState::NotSent;
            entry.detail = Some(err.to_string());
        }
        // Anything else may have reached the platform: never assumed not to have.
        Err(err) => {
            entry.state = RowState::Unknown;
            entry.detail = Some(err.to_string());
        }
    }
    entry
}

#[cfg(test)]
mod tests;
