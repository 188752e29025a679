//! `batch -- store`: the SQLite store alone, without a batch or a network.

use std::time::Instant;

use ytx_batch::{Entry, JournalStore, RowState, SqliteStore};
use ytx_bench::scratch::Scratch;

use crate::{Error, cpu_nanos, mobile};

/// The store alone, written as a batch writes it: each transaction holds a group's claims
/// and the answers to the group before. Then the time to fold the log when the journal is
/// reopened, and to look each row up again as a rerun does. Microseconds per row, of CPU
/// (this thread) and of wall time.
pub(crate) fn store(rows: u64, group: u64) -> Result<(), Error> {
    let path = Scratch::new("store.journal");
    let mut store = SqliteStore::open(&path)?;
    let claim = |row: u64| Entry {
        row,
        state: RowState::Sending,
        fields: format!(r#"{{"mobile":"{}","templateId":"1"}}"#, mobile(row)),
        sent_at: "20261204133000".into(),
        request_id: None,
        detail: None,
    };
    let answer = |entry: Entry| Entry {
        state: RowState::Answered,
        request_id: Some("20261204133000000000000000001".into()),
        ..entry
    };
    // The entries are made before the clock starts: what is timed is the store's work.
    let mut transactions = Vec::new();
    let mut before: Vec<Entry> = Vec::new();
    let mut row = 1;
    while row <= rows {
        let claims: Vec<Entry> = (row..(row + group).min(rows + 1)).map(claim).collect();
        let mut entries: Vec<Entry> = before.drain(..).map(answer).collect();
        entries.extend(claims.iter().cloned());
        transactions.push(entries);
        before = claims;
        row += group;
    }
    transactions.push(before.into_iter().map(answer).collect());
    let (started, cpu) = (Instant::now(), cpu_nanos());
    for entries in &transactions {
        store.put(entries)?;
    }
    let wall = started.elapsed().as_secs_f64() * 1e6 / rows as f64;
    let cpu = (cpu_nanos() - cpu) as f64 / 1000.0 / rows as f64;
    drop(store);
    let (started, cpu_fold) = (Instant::now(), cpu_nanos());
    let mut store = SqliteStore::open(&path)?;
    let fold = started.elapsed().as_secs_f64() * 1e6 / rows as f64;
    let cpu_fold = (cpu_nanos() - cpu_fold) as f64 / 1000.0 / rows as f64;
    // A rerun looks up each row it meets again.
    let started = Instant::now();
    for row in 1..=rows {
        if store.get(row)?.is_none() {
            return Err(format!("row {row} is not in the journal").into());
        }
    }
    let lookup = started.elapsed().as_secs_f64() * 1e6 / rows as f64;
    println!(
        "SQLite store, {rows} rows, a claim and an answer each, {group} claims per transaction: writing {wall:.2} µs per row ({cpu:.2} µs CPU); folding on reopening {fold:.2} µs per row ({cpu_fold:.2} µs CPU); looking a row up again (a rerun) {lookup:.2} µs"
    );
    Ok(())
}
