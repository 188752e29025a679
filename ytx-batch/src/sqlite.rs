//! [`SqliteStore`]: the journal in an SQLite file (SQLite compiled in).
//!
//! Write-ahead logging with `synchronous = FULL`: a committed [`put`](JournalStore::put)
//! survives a crash of the process and of the machine. Entries are written in groups (one
//! transaction for every claim and answer waiting), so the cost of a commit is shared.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use crate::entry::{Entry, RowState};
use crate::store::JournalStore;

/// The schema this version writes (`PRAGMA user_version`).
const SCHEMA_VERSION: i64 = 1;

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
        Self::Sqlite(err)
    }
}

/// A journal in an SQLite database file.
#[derive(Debug)]
pub struct SqliteStore {
    connection: Connection,
}

impl SqliteStore {
    /// Opens the journal at `path`, creating it if it does not exist.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, SqliteError> {
        let connection = Connection::open(path)?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        let mode: String =
            connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(SqliteError::NoWriteAheadLog(mode));
        }
        connection.execute_batch("PRAGMA synchronous = FULL;")?;
        let version: i64 = connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(SqliteError::NewerSchema(version));
        }
        connection.execute_batch(SCHEMA)?;
        connection.execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION}"))?;
        Ok(Self { connection })
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

const COLUMNS: &str = "row, state, fields, sent_at, request_id, detail";

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
        Ok(self
            .connection
            .query_row(
                &format!("SELECT {COLUMNS} FROM rows WHERE row = ?1"),
                params![to_sql(row)],
                entry,
            )
            .optional()?)
    }

    fn last_row(&mut self) -> Result<Option<u64>, SqliteError> {
        Ok(self
            .connection
            .query_row("SELECT MAX(row) FROM rows", [], |row| {
                row.get::<_, Option<i64>>(0)
            })?
            .map(from_sql))
    }

    fn put(&mut self, entries: &[Entry]) -> Result<(), SqliteError> {
        let transaction = self.connection.transaction()?;
        {
            let mut insert = transaction.prepare(&format!(
                "INSERT OR REPLACE INTO rows ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
            ))?;
            // A row's fields never change once claimed: settling rewrites only the rest.
            let mut update = transaction.prepare(
                "UPDATE rows SET state = ?2, sent_at = ?3, request_id = ?4, detail = ?5 WHERE row = ?1",
            )?;
            for entry in entries {
                let row = to_sql(entry.row);
                let (state, sent_at) = (entry.state.code(), &entry.sent_at);
                let (id, detail) = (&entry.request_id, &entry.detail);
                let updated = if entry.state == RowState::Sending {
                    0
                } else {
                    update.execute(params![row, state, sent_at, id, detail])?
                };
                if updated == 0 {
                    insert.execute(params![row, state, entry.fields, sent_at, id, detail])?;
                }
            }
        }
        Ok(transaction.commit()?)
    }

    fn in_states(&mut self, states: &[RowState]) -> Result<Vec<Entry>, SqliteError> {
        let codes: Vec<String> = states.iter().map(|s| s.code().to_string()).collect();
        let mut select = self.connection.prepare(&format!(
            "SELECT {COLUMNS} FROM rows WHERE state IN ({}) ORDER BY row",
            codes.join(",")
        ))?;
        let entries = select.query_map([], entry)?.collect::<Result<_, _>>()?;
        Ok(entries)
    }
}
