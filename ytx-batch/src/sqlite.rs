//! [`SqliteStore`]: the journal in an SQLite file (SQLite compiled in).
//!
//! - Write-ahead logging with `synchronous = FULL`: a committed [`put`](JournalStore::put)
//!   survives a crash of the process and of the machine.
//! - Each `put` is one transaction that appends one row to the `log` table, however many
//!   entries it holds ([`log`]): a batch at 32 in flight writes a few hundred claims and
//!   answers per transaction, and pays for neither a B-tree write per entry nor a flush per
//!   row.
//! - The `rows` table holds the latest entry of each row. The log is folded into it when the
//!   journal is opened, and before a read that needs what was written since (a row the log
//!   may hold, or the rows in some state): a batch never waits for it.
//! - The file is locked for as long as the store is open: a second batch, or `ytx
//!   reconcile`, on the same journal is refused ([`SqliteError::InUse`]) instead of
//!   claiming the same rows.

mod log;

use std::path::Path;

use rusqlite::{Connection, ErrorCode, OptionalExtension, params};

use crate::entry::{Entry, RowState};
use crate::store::JournalStore;

/// The schema this version writes (`PRAGMA user_version`). Version 1 had no `log`: its
/// journals open as they are.
const SCHEMA_VERSION: i64 = 2;

/// Log rows folded per transaction (8,000 to 16,000 input rows from a batch at 32 in
/// flight), so a fold's write-ahead log stays small, and a fold that is interrupted keeps
/// what it did.
const FOLD_CHUNK: i64 = 64;

/// Bytes logged after which an idle store moves its write-ahead log into the database.
const IDLE_CHECKPOINT: usize = 1 << 20;

/// Bytes logged after which a store moves its write-ahead log into the database even while
/// busy (a program that never lets it idle).
const MAX_UNCHECKED: usize = 64 << 20;

/// How long opening waits for another process's lock on the journal to go.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

const SCHEMA: &str = "
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS rows (
        row INTEGER PRIMARY KEY,
        state INTEGER NOT NULL,
        fields TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        request_id TEXT,
        detail TEXT
    );
    CREATE TABLE IF NOT EXISTS log (seq INTEGER PRIMARY KEY, entries BLOB NOT NULL);
";

/// Why an SQLite journal could not be used.
#[derive(Debug)]
#[non_exhaustive]
pub enum SqliteError {
    /// SQLite failed (the file, the disk, a lock held too long).
    Sqlite(rusqlite::Error),
    /// The file system gave another journal mode than write-ahead logging.
    NoWriteAheadLog(String),
    /// The journal was written by a newer version, with a schema this one cannot read.
    NewerSchema(i64),
    /// Another process (a batch, `ytx reconcile`) has the journal open.
    InUse,
    /// A row of the journal's log cannot be read: the file was damaged or edited.
    DamagedLog {
        /// The log row (`seq`).
        seq: i64,
        /// What is wrong with it.
        reason: String,
    },
}

impl std::fmt::Display for SqliteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Sqlite(err) => write!(f, "journal database: {err}"),
            Self::NoWriteAheadLog(mode) => write!(
                f,
                "the journal needs write-ahead logging, and the file system gave `{mode}`"
            ),
            Self::NewerSchema(version) => write!(
                f,
                "the journal was written by a newer ytx (schema {version}; this one reads {SCHEMA_VERSION})"
            ),
            Self::InUse => f.write_str(
                "the journal is open in another process (a batch or `ytx reconcile`): wait for it to end",
            ),
            Self::DamagedLog { seq, reason } => {
                write!(f, "the journal's log row {seq} cannot be read: {reason}")
            }
        }
    }
}

impl std::error::Error for SqliteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Sqlite(err) => err.source(),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for SqliteError {
    fn from(err: rusqlite::Error) -> Self {
        if err.sqlite_error_code() == Some(ErrorCode::DatabaseBusy) {
            Self::InUse
        } else {
            Self::Sqlite(err)
        }
    }
}

/// A journal in an SQLite database file.
#[derive(Debug)]
pub struct SqliteStore {
    connection: Connection,
    /// The lowest and highest row of the entries logged since the last fold, if any.
    unfolded: Option<(u64, u64)>,
    /// Bytes logged since the last checkpoint.
    unchecked: usize,
}

impl SqliteStore {
    /// Opens the journal at `path`, creating it if it does not exist, and locks it until the
    /// store is dropped.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, SqliteError> {
        let connection = Connection::open(path)?;
        connection.busy_timeout(LOCK_WAIT)?;
        // Set before the first read: the lock is then held until the connection closes, and
        // the write-ahead log's index lives in this process's memory.
        connection.execute_batch("PRAGMA locking_mode = EXCLUSIVE;")?;
        let mode: String =
            connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(SqliteError::NoWriteAheadLog(mode));
        }
        // Checkpoints are the store's own (`idle`, and at most every `MAX_UNCHECKED` bytes):
        // SQLite's automatic one would run inside whichever commit crossed its mark, and a
        // batch's requests would wait for it.
        connection.execute_batch("PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0;")?;
        let version: i64 = connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(SqliteError::NewerSchema(version));
        }
        connection.execute_batch(SCHEMA)?;
        connection.execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION}"))?;
        let mut store = Self {
            connection,
            // What an earlier run logged (it may have been killed) is folded now.
            unfolded: Some((0, u64::MAX)),
            unchecked: 0,
        };
        store.fold()?;
        Ok(store)
    }

    /// Moves the write-ahead log into the database file.
    fn checkpoint(&mut self) -> Result<(), SqliteError> {
        self.connection
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        self.unchecked = 0;
        Ok(())
    }

    /// Folds the log into `rows`, [`FOLD_CHUNK`] log rows per transaction (each deleted in
    /// the transaction that folds it); the log is then empty.
    fn fold(&mut self) -> Result<(), SqliteError> {
        if self.unfolded.is_none() {
            return Ok(());
        }
        while self.fold_chunk()? {}
        self.unfolded = None;
        Ok(())
    }

    /// Folds the oldest [`FOLD_CHUNK`] log rows; whether there were any.
    fn fold_chunk(&mut self) -> Result<bool, SqliteError> {
        let transaction = self.connection.transaction()?;
        let mut last = None;
        {
            let mut logged =
                transaction.prepare("SELECT seq, entries FROM log ORDER BY seq LIMIT ?1")?;
            let mut write = transaction.prepare(&format!(
                "INSERT OR REPLACE INTO rows ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
            ))?;
            let mut write = |entry: Entry| {
                write
                    .execute(params![
                        to_sql(entry.row),
                        entry.state.code(),
                        entry.fields,
                        entry.sent_at,
                        entry.request_id,
                        entry.detail
                    ])
                    .map(drop)
            };
            let mut folding = log::Folding::default();
            let mut groups = logged.query(params![FOLD_CHUNK])?;
            while let Some(group) = groups.next()? {
                let seq: i64 = group.get(0)?;
                let damaged = |reason: String| SqliteError::DamagedLog { seq, reason };
                let blob = group.get_ref(1)?.as_bytes();
                let blob = blob.map_err(|err| damaged(err.to_string()))?;
                let entries = log::decode(blob).map_err(damaged)?;
                for entry in folding.take(entries) {
                    write(entry)?;
                }
                last = Some(seq);
            }
            for entry in folding.rest() {
                write(entry)?;
            }
        }
        let Some(last) = last else {
            return Ok(false);
        };
        transaction.execute("DELETE FROM log WHERE seq <= ?1", params![last])?;
        transaction.commit()?;
        self.checkpoint()?;
        Ok(true)
    }
}

fn entry(row: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    let code: u8 = row.get(1)?;
    Ok(Entry {
        row: from_sql(row.get(0)?),
        // An unknown code (a newer writer) reads as unknown: never resent by mistake.
        state: RowState::from_code(code).unwrap_or(RowState::Unknown),
        fields: row.get(2)?,
        sent_at: row.get(3)?,
        request_id: row.get(4)?,
        detail: row.get(5)?,
    })
}

/// Row numbers are SQLite integers (signed 64-bit); no input has 2^63 rows.
fn to_sql(row: u64) -> i64 {
    i64::try_from(row).unwrap_or(i64::MAX)
}

fn from_sql(row: i64) -> u64 {
    u64::try_from(row).unwrap_or_default()
}

/// The columns of `rows`, in the order [`entry`] reads them.
macro_rules! columns {
    () => {
        "row, state, fields, sent_at, request_id, detail"
    };
}

const COLUMNS: &str = columns!();

/// A row's entry, read for each row a rerun meets again (prepared once, then cached).
const SELECT_ROW: &str = concat!("SELECT ", columns!(), " FROM rows WHERE row = ?1");

impl JournalStore for SqliteStore {
    type Error = SqliteError;

    fn identity(&mut self) -> Result<Option<String>, SqliteError> {
        self.connection
            .query_row("SELECT value FROM meta WHERE key = 'identity'", [], |row| {
                row.get(0)
            })
            .optional()
            .map_err(SqliteError::from)
    }

    fn set_identity(&mut self, identity: &str) -> Result<(), SqliteError> {
        self.connection.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('identity', ?1)",
            params![identity],
        )?;
        Ok(())
    }

    fn get(&mut self, row: u64) -> Result<Option<Entry>, SqliteError> {
        if self
            .unfolded
            .is_some_and(|(low, high)| (low..=high).contains(&row))
        {
            self.fold()?;
        }
        Ok(self
            .connection
            .prepare_cached(SELECT_ROW)?
            .query_row(params![to_sql(row)], entry)
            .optional()?)
    }

    fn last_row(&mut self) -> Result<Option<u64>, SqliteError> {
        let folded = self
            .connection
            .query_row("SELECT MAX(row) FROM rows", [], |row| {
                row.get::<_, Option<i64>>(0)
            })?
            .map(from_sql);
        Ok(folded.max(self.unfolded.map(|(_, high)| high)))
    }

    fn put(&mut self, entries: &[Entry]) -> Result<(), SqliteError> {
        let (Some(low), Some(high)) = (
            entries.iter().map(|entry| entry.row).min(),
            entries.iter().map(|entry| entry.row).max(),
        ) else {
            return Ok(());
        };
        let blob = log::encode(entries);
        // Prepared once and cached: parsing the statement anew cost a third of the journal
        // thread's instructions at 32 in flight (callgrind).
        self.connection
            .prepare_cached("INSERT INTO log (entries) VALUES (?1)")?
            .execute(params![blob])?;
        self.unfolded = Some(match self.unfolded {
            Some((was_low, was_high)) => (was_low.min(low), was_high.max(high)),
            None => (low, high),
        });
        self.unchecked += blob.len();
        if self.unchecked > MAX_UNCHECKED {
            self.checkpoint()?;
        }
        Ok(())
    }

    fn idle(&mut self) -> Result<(), SqliteError> {
        if self.unchecked > IDLE_CHECKPOINT {
            self.checkpoint()?;
        }
        Ok(())
    }

    fn in_states(&mut self, states: &[RowState]) -> Result<Vec<Entry>, SqliteError> {
        self.fold()?;
        let codes: Vec<String> = states.iter().map(|s| s.code().to_string()).collect();
        let mut select = self.connection.prepare(&format!(
            "SELECT {COLUMNS} FROM rows WHERE state IN ({}) ORDER BY row",
            codes.join(",")
        ))?;
        let entries = select.query_map([], entry)?.collect::<Result<_, _>>()?;
        Ok(entries)
    }
}

#[cfg(test)]
mod tests;
