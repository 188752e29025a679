//! [`run_shared`]: one worker of a campaign whose journal is in PostgreSQL.

use std::collections::{BTreeSet, VecDeque};
use std::time::{Duration, Instant};

use serde_json::{Map, Value};
use tokio::task::JoinSet;
use ytx_core::{Client, Operation, OperationError, SystemClock};

use super::{Claimed, PgError, PgJournal};
use crate::entry::{Entry, RowState};
use crate::input::Row;
use crate::journal::{self, JournalError, same_fields};
use crate::run::{BatchError, Options, Report, Summary};
use crate::sent_at::SentAt;

/// Rows read and written as `pending` in one statement.
const SEED_GROUP: usize = 256;
/// How long answers wait to be recorded together, at most.
const SETTLE_EVERY: Duration = Duration::from_millis(200);
/// How long the loop waits for a request to end before looking at the journal again.
const TICK: Duration = Duration::from_millis(50);
/// A row is sent only this far into its lease (the rest is the margin for clocks and pauses).
const LEASE_USED: f64 = 0.7;

fn journal_error(err: PgError) -> BatchError {
    BatchError::Journal(JournalError::Store(Box::new(err)))
}

/// A claimed row ready to go: its claim entry, the claim, its body, and until when it may
/// be sent.
struct Ready {
    entry: Entry,
    claim: i64,
    body: Vec<u8>,
    until: Instant,
}

type Sent = (Entry, i64, Result<Option<String>, OperationError>);

/// Runs one worker of the campaign `journal` opens: reads every row of `rows` (the same
/// input every worker of the campaign reads), writes the ones the campaign lacks as
/// `pending`, and sends the rows it claims, `options.concurrency` at a time. Other workers
/// may run the same campaign at once, on this machine or others; no row is sent by two of
/// them, and a row whose worker died is `unknown` once its lease runs out, never sent
/// again unless `options.resume.resend_unknown`. Returns when no row is left to claim and
/// no other worker holds one.
///
/// `report` hears of the rows this worker settles and of bad rows. A row whose answer comes
/// after another worker took it over (its lease ran out, and `resend_unknown` claimed it
/// again) is reported as settled but is not recorded over the newer claim.
pub async fn run_shared(
    client: &Client,
    operation: Operation,
    rows: impl IntoIterator<Item = std::io::Result<Row>>,
    journal: &mut PgJournal,
    options: Options,
    mut report: impl FnMut(&Report),
) -> Result<Summary, BatchError> {
    let mut summary = Summary::default();
    let mut tell = |event: &Report| {
        summary.count(event);
        report(event);
    };
    let concurrency = options.concurrency.max(1);
    // Each statement waits for the server's flush to disk, and the loop sends nothing
    // meanwhile: claims and answers go in groups of several times what is in flight.
    let claim_group = (concurrency * 4).clamp(16, 512);
    let lease = journal.lease().mul_f64(LEASE_USED);
    let mut rows = rows.into_iter();
    let mut input_done = false;
    let mut ready: VecDeque<Ready> = VecDeque::new();
    let mut in_flight: JoinSet<Sent> = JoinSet::new();
    // Every row this worker holds a claim on: ready, in flight, or answered and not yet
    // recorded.
    let mut held: BTreeSet<u64> = BTreeSet::new();
    let mut to_settle: Vec<(Entry, i64)> = Vec::new();
    let mut last_settle = Instant::now();
    let mut last_renew = Instant::now();
    let mut sent_at = SentAt::default();
    let mut nothing_to_claim = false;
    loop {
        // Read: a group of rows, written as pending where the campaign lacks them.
        if !input_done && ready.len() + in_flight.len() < claim_group {
            let mut group = Vec::with_capacity(SEED_GROUP);
            while group.len() < SEED_GROUP {
                match rows.next() {
                    None => {
                        input_done = true;
                        break;
                    }
                    Some(Err(err)) => {
                        finish(journal, &mut in_flight, &mut to_settle, &mut tell).await;
                        return Err(BatchError::Input(err));
                    }
                    Some(Ok(row)) => match prepare(row, operation, client) {
                        Ok(row) => group.push(row),
                        Err(bad) => tell(&bad),
                    },
                }
            }
            if !group.is_empty() {
                for (row, journaled, now) in journal.seed(&group).await.map_err(journal_error)? {
                    if !same_fields(&journaled, &now) {
                        finish(journal, &mut in_flight, &mut to_settle, &mut tell).await;
                        return Err(BatchError::Journal(JournalError::RowChanged { row }));
                    }
                }
            }
        }
        // Claim: a group, when what is ready runs low.
        if ready.len() < concurrency && ready.len() + in_flight.len() < claim_group {
            let want = claim_group - ready.len() - in_flight.len();
            let now = sent_at
                .now(&SystemClock)
                .map_err(|err| BatchError::Input(std::io::Error::other(err.to_string())))?;
            let started = Instant::now();
            let claimed = journal
                .claim(want, options.resume, now.as_str())
                .await
                .map_err(journal_error)?;
            nothing_to_claim = claimed.is_empty();
            for claimed in claimed {
                held.insert(claimed.row);
                match encode(&claimed, operation, client, now.as_str()) {
                    Ok((entry, body)) => ready.push_back(Ready {
                        entry,
                        claim: claimed.claim,
                        body,
                        until: started + lease,
                    }),
                    Err(entry) => {
                        tell(&Report::Settled(entry.clone()));
                        to_settle.push((entry, claimed.claim));
                    }
                }
            }
        }
        // Send: while there is room, rows whose lease has time left.
        while in_flight.len() < concurrency {
            let Some(next) = ready.front() else { break };
            if next.until <= Instant::now() {
                break;
            }
            let Some(Ready {
                entry, claim, body, ..
            }) = ready.pop_front()
            else {
                break;
            };
            let client = client.clone();
            in_flight.spawn(async move {
                let result = operation.call_encoded(&client, body).await;
                (entry, claim, result)
            });
        }
        // Wait: for a request to end, a little.
        if !in_flight.is_empty() {
            let first = tokio::time::timeout(TICK, in_flight.join_next()).await;
            let mut ended: Vec<Sent> = Vec::new();
            if let Ok(Some(Ok(sent))) = first {
                ended.push(sent);
            }
            while let Some(joined) = in_flight.try_join_next() {
                // A panicked task's row stays claimed: unknown once its lease runs out.
                if let Ok(sent) = joined {
                    ended.push(sent);
                }
            }
            for (entry, claim, result) in ended {
                let entry = journal::settle(entry, result);
                tell(&Report::Settled(entry.clone()));
                to_settle.push((entry, claim));
            }
        }
        // Record: the answers, together.
        if !to_settle.is_empty()
            && (to_settle.len() >= claim_group / 2
                || in_flight.is_empty()
                || last_settle.elapsed() >= SETTLE_EVERY)
        {
            journal.settle(&to_settle).await.map_err(journal_error)?;
            for (entry, _) in to_settle.drain(..) {
                held.remove(&entry.row);
            }
            last_settle = Instant::now();
        }
        // Renew: the lease of every row held, a third of the way into it.
        let stale = ready
            .front()
            .is_some_and(|next| next.until <= Instant::now());
        if !held.is_empty() && (stale || last_renew.elapsed() >= lease / 3) {
            let started = Instant::now();
            let kept = journal.renew().await.map_err(journal_error)?;
            last_renew = started;
            let mut lost = Vec::new();
            ready.retain_mut(|next| {
                if kept.contains(&next.entry.row) {
                    next.until = started + lease;
                    true
                } else {
                    lost.push((next.entry.clone(), next.claim));
                    false
                }
            });
            // Claims that ran out before their rows were sent: never sent, so not_sent.
            for (mut entry, claim) in lost {
                entry.state = RowState::NotSent;
                entry.detail = Some("the claim's lease ran out before it was sent".into());
                tell(&Report::Settled(entry.clone()));
                to_settle.push((entry, claim));
            }
        }
        // After a reconnect, a claim made as the connection broke may be ours unknown to
        // us: never sent, so released.
        if journal.reconnected() {
            let held: Vec<u64> = held.iter().copied().collect();
            journal.release_unsent(&held).await.map_err(journal_error)?;
        }
        // Done: the input read, nothing held, nothing to claim, and no other worker holding
        // a row that may yet come back (its lease is waited out).
        let idle = ready.is_empty() && in_flight.is_empty() && to_settle.is_empty();
        if input_done && idle && nothing_to_claim {
            if journal.held_by_others().await.map_err(journal_error)? == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }
    Ok(summary)
}

/// Records what can be recorded before stopping: the answers of the requests in flight.
async fn finish(
    journal: &mut PgJournal,
    in_flight: &mut JoinSet<Sent>,
    to_settle: &mut Vec<(Entry, i64)>,
    tell: &mut impl FnMut(&Report),
) {
    while let Some(joined) = in_flight.join_next().await {
        if let Ok((entry, claim, result)) = joined {
            let entry = journal::settle(entry, result);
            tell(&Report::Settled(entry.clone()));
            to_settle.push((entry, claim));
        }
    }
    // What cannot be recorded stays claimed: unknown once its lease runs out.
    let _ = journal.settle(to_settle).await;
}

/// A row read: its number and its fields as journaled (with a generated reconciliation key
/// where it needs one), or the report of a bad row.
fn prepare(row: Row, operation: Operation, client: &Client) -> Result<(u64, String), Report> {
    let (number, fields, text) = row.into_parts();
    let bad = |error: String| Report::Bad { row: number, error };
    let mut fields = fields.map_err(bad)?;
    let key = operation.add_key(client, &mut fields);
    operation
        .encode(&fields, client.app_id())
        .map_err(|err| bad(err.to_string()))?;
    let text = match (key, text) {
        (None, Some(text)) => text,
        _ => serde_json::to_string(&fields)
            .map_err(|err| bad(format!("the row's fields could not be journaled: {err}")))?,
    };
    Ok((number, text))
}

/// A claimed row's claim entry and body; or, if its fields no longer make a request, its
/// entry settled as never sent.
fn encode(
    claimed: &Claimed,
    operation: Operation,
    client: &Client,
    sent_at: &str,
) -> Result<(Entry, Vec<u8>), Entry> {
    let mut entry = Entry {
        row: claimed.row,
        state: RowState::Sending,
        fields: claimed.fields.clone(),
        sent_at: sent_at.to_owned(),
        request_id: None,
        detail: None,
    };
    let fields = serde_json::from_str::<Map<String, Value>>(&claimed.fields)
        .map_err(|err| err.to_string())
        .and_then(|fields| {
            operation
                .encode(&fields, client.app_id())
                .map_err(|err| err.to_string())
        });
    match fields {
        Ok(body) => Ok((entry, body)),
        Err(error) => {
            entry.state = RowState::NotSent;
            entry.detail = Some(error);
            Err(entry)
        }
    }
}
