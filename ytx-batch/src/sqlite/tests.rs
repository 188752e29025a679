use std::path::PathBuf;

use rusqlite::Connection;

use super::*;

fn temp(name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!(
        "ytx-batch-sqlite-{}-{name}.journal",
        std::process::id()
    ));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    path
}

fn entry(row: u64, state: RowState) -> Entry {
    Entry {
        row,
        state,
        fields: format!(r#"{{"mobile":"1390000{row:04}","templateId":"1"}}"#),
        sent_at: "20261204150000".into(),
        request_id: (state == RowState::Answered).then(|| format!("id-{row}")),
        detail: (state == RowState::Unknown).then(|| "the connection was cut".into()),
    }
}

fn logged(path: &PathBuf) -> i64 {
    let connection = Connection::open(path).unwrap();
    connection
        .query_row("SELECT COUNT(*) FROM log", [], |row| row.get(0))
        .unwrap()
}

#[test]
fn a_put_is_one_log_row_and_reads_see_it() {
    let path = temp("reads");
    let mut store = SqliteStore::open(&path).unwrap();
    store
        .put(&[entry(1, RowState::Sending), entry(2, RowState::Sending)])
        .unwrap();
    store
        .put(&[entry(1, RowState::Answered), entry(3, RowState::Sending)])
        .unwrap();
    assert_eq!(
        store
            .connection
            .query_row("SELECT COUNT(*) FROM log", [], |row| row.get::<_, i64>(0))
            .unwrap(),
        2
    );
    assert_eq!(store.last_row().unwrap(), Some(3));
    // A read of a row the log may hold folds it first.
    assert_eq!(store.get(1).unwrap(), Some(entry(1, RowState::Answered)));
    assert_eq!(store.get(2).unwrap(), Some(entry(2, RowState::Sending)));
    assert_eq!(store.get(4).unwrap(), None);
    store.put(&[entry(2, RowState::Unknown)]).unwrap();
    let unknown = store
        .in_states(&[RowState::Sending, RowState::Unknown])
        .unwrap();
    assert_eq!(
        unknown,
        vec![entry(2, RowState::Unknown), entry(3, RowState::Sending)]
    );
    store.put(&[]).unwrap();
    assert_eq!(store.last_row().unwrap(), Some(3));
}

#[test]
fn what_a_killed_run_logged_is_folded_when_the_journal_is_opened() {
    let path = temp("killed");
    let mut store = SqliteStore::open(&path).unwrap();
    // More rows than the fold holds at once, in more log rows than one fold transaction
    // takes, answered a group later, as a batch writes them; the last group's claims are
    // never answered (the run was killed).
    let group = 200;
    let groups = FOLD_CHUNK as u64 + 6;
    for start in (0..groups).map(|g| g * group + 1) {
        let mut entries: Vec<Entry> = (start..start + group)
            .map(|row| entry(row, RowState::Sending))
            .collect();
        if start > 1 {
            entries.extend((start - group..start).map(|row| entry(row, RowState::Answered)));
        }
        store.put(&entries).unwrap();
    }
    // Dropped without a fold, as a killed process leaves it.
    drop(store);
    assert_eq!(logged(&path), groups as i64);

    let mut store = SqliteStore::open(&path).unwrap();
    let last = groups * group;
    assert_eq!(store.last_row().unwrap(), Some(last));
    let sending = store.in_states(&[RowState::Sending]).unwrap();
    assert_eq!(sending.len() as u64, group);
    assert_eq!(sending[0].row, last - group + 1);
    let answered = store.in_states(&[RowState::Answered]).unwrap();
    assert_eq!(answered.len() as u64, last - group);
    assert_eq!(answered[0], entry(1, RowState::Answered));
    drop(store);
    assert_eq!(logged(&path), 0);
}

#[test]
fn a_second_opener_is_refused_while_the_journal_is_open() {
    let path = temp("locked");
    let store = SqliteStore::open(&path).unwrap();
    let second = SqliteStore::open(&path).unwrap_err();
    assert!(matches!(second, SqliteError::InUse), "{second:?}");
    assert!(second.to_string().contains("open in another process"));
    drop(store);
    SqliteStore::open(&path).unwrap();
}

#[test]
fn a_journal_of_the_first_schema_opens_as_it_is() {
    let path = temp("schema-1");
    {
        let connection = Connection::open(&path).unwrap();
        connection
            .execute_batch(
                "PRAGMA journal_mode = WAL;
                 CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                 CREATE TABLE rows (row INTEGER PRIMARY KEY, state INTEGER NOT NULL,
                     fields TEXT NOT NULL, sent_at TEXT NOT NULL, request_id TEXT, detail TEXT);
                 INSERT INTO meta VALUES ('identity', 'ytx_sms::TemplateSms');
                 INSERT INTO rows VALUES (1, 2, '{}', '20261204150000', 'id-1', NULL);
                 PRAGMA user_version = 1;",
            )
            .unwrap();
    }
    let mut store = SqliteStore::open(&path).unwrap();
    assert_eq!(
        store.identity().unwrap().as_deref(),
        Some("ytx_sms::TemplateSms")
    );
    let first = store.get(1).unwrap().unwrap();
    assert_eq!(
        (first.state, first.request_id.as_deref()),
        (RowState::Answered, Some("id-1"))
    );
    store.put(&[entry(2, RowState::Sending)]).unwrap();
    assert_eq!(store.last_row().unwrap(), Some(2));
}

#[test]
fn a_damaged_log_or_a_newer_schema_is_refused_by_name() {
    let path = temp("damaged");
    let mut store = SqliteStore::open(&path).unwrap();
    store.put(&[entry(1, RowState::Sending)]).unwrap();
    store
        .connection
        .execute("UPDATE log SET entries = x'01ff'", [])
        .unwrap();
    drop(store);
    let err = SqliteStore::open(&path).unwrap_err();
    assert!(
        matches!(err, SqliteError::DamagedLog { seq: 1, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("log row 1 cannot be read"),
        "{err}"
    );
    // Nothing was folded: the log is as it was.
    assert_eq!(logged(&path), 1);

    let newer = temp("newer");
    Connection::open(&newer)
        .unwrap()
        .execute_batch("PRAGMA user_version = 3;")
        .unwrap();
    let err = SqliteStore::open(&newer).unwrap_err();
    assert!(matches!(err, SqliteError::NewerSchema(3)), "{err:?}");
}

#[test]
fn an_idle_store_moves_its_write_ahead_log_into_the_database() {
    let path = temp("idle");
    let mut store = SqliteStore::open(&path).unwrap();
    let size = || std::fs::metadata(&path).unwrap().len();
    let before = size();
    // Over a megabyte logged: the database file has not grown, the write-ahead log has.
    for start in (0..40).map(|g| g * 100 + 1) {
        let entries: Vec<Entry> = (start..start + 100)
            .map(|row| Entry {
                detail: Some("x".repeat(300)),
                ..entry(row, RowState::Unknown)
            })
            .collect();
        store.put(&entries).unwrap();
    }
    assert_eq!(size(), before, "no checkpoint while busy");
    store.idle().unwrap();
    assert!(size() > before + (1 << 20), "{} after {before}", size());
    assert_eq!(store.unchecked, 0);
    // Below the mark, idling does nothing.
    store.put(&[entry(5000, RowState::Sending)]).unwrap();
    let after = size();
    store.idle().unwrap();
    assert_eq!(size(), after);
    assert_eq!(
        store.get(4000).unwrap().map(|e| e.state),
        Some(RowState::Unknown)
    );
}
