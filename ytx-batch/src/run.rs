//! [`run`]: sends the rows of an input through a client, `concurrency` at a time, each
//! claimed in the journal before it leaves and settled when it is answered.

use std::task::Poll;

use tokio::task::JoinSet;
use ytx_core::{Client, Operation, OperationError, SystemClock};

use crate::entry::{Entry, RowState};
use crate::input::Row;
use crate::journal::{self, Decision, Journal, JournalError, Resume};
use crate::pipe::{Ahead, Pipe};
use crate::sent_at::SentAt;
use crate::store::JournalStore;
use crate::writer::Writer;

/// How a batch runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Requests in flight at most. Default: 8. (A rate limit is the client's:
    /// `ConfigBuilder::rate_limit`.)
    pub concurrency: usize,
    /// What a rerun may send again.
    pub resume: Resume,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            concurrency: 8,
            resume: Resume::default(),
        }
    }
}

/// What became of one row, as it happens.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Report {
    /// Sent in this run and settled: answered, refused, not sent, or unknown.
    Settled(Entry),
    /// Settled by an earlier run: not sent.
    Skipped(Entry),
    /// Of unknown outcome from an earlier run: not sent.
    Listed(Entry),
    /// The row cannot be read or is not a valid request: nothing was sent.
    Bad {
        /// The row.
        row: u64,
        /// Why.
        error: String,
    },
}

/// How many rows ended how.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Summary {
    /// Accepted by the platform in this run.
    pub answered: u64,
    /// Refused by the platform in this run.
    pub refused: u64,
    /// Never left in this run (sent on the next).
    pub not_sent: u64,
    /// Of unknown outcome in this run.
    pub unknown: u64,
    /// Settled by an earlier run.
    pub skipped: u64,
    /// Of unknown outcome from an earlier run, not sent.
    pub listed: u64,
    /// Bad rows.
    pub bad: u64,
}

impl Summary {
    pub(crate) fn count(&mut self, report: &Report) {
        match report {
            Report::Settled(entry) => match entry.state {
                RowState::Answered => self.answered += 1,
                RowState::Refused => self.refused += 1,
                RowState::NotSent => self.not_sent += 1,
                _ => self.unknown += 1,
            },
            Report::Skipped(_) => self.skipped += 1,
            Report::Listed(_) => self.listed += 1,
            Report::Bad { .. } => self.bad += 1,
        }
    }
}

/// Why a batch stopped before its end. Rows already in flight were settled first.
#[derive(Debug)]
#[non_exhaustive]
pub enum BatchError {
    /// The input could not be read (a file error, a malformed CSV header).
    Input(std::io::Error),
    /// The journal failed, or is for another endpoint or input.
    Journal(JournalError),
}

impl std::fmt::Display for BatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Input(err) => write!(f, "input: {err}"),
            Self::Journal(err) => write!(f, "journal: {err}"),
        }
    }
}

impl std::error::Error for BatchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Input(err) => err.source(),
            Self::Journal(err) => err.source(),
        }
    }
}

/// Sends every row of `rows` (a [`Rows`](crate::Rows), or rows of your own) with
/// `operation` through `client`, journaled: no row is ever sent twice, whatever happens to
/// the process, as long as the store keeps its promise. `report` hears of every row as it
/// ends. Returns how many ended how, and the journal.
///
/// Rows are claimed ahead of the requests in flight, and each round's claims and answers
/// are written in one transaction: the journal's flush to disk is shared by many rows, and
/// no request leaves before its claim is durable. How many rows are claimed ahead adapts
/// to how long the journal takes to commit (from `concurrency` to 15 times it): a batch
/// killed with rows claimed but not yet sent lists those as of unknown outcome, so they
/// are kept to what keeps the requests going.
pub async fn run<S>(
    client: &Client,
    operation: Operation,
    rows: impl IntoIterator<Item = std::io::Result<Row>>,
    journal: Journal<S>,
    options: Options,
    mut report: impl FnMut(&Report),
) -> Result<(Summary, Journal<S>), BatchError>
where
    S: JournalStore,
{
    let writer = Writer::start(journal).map_err(BatchError::Input)?;
    let mut summary = Summary::default();
    let mut tell = |event: &Report| {
        summary.count(event);
        report(event);
    };
    let concurrency = options.concurrency.max(1);
    let mut ahead = Ahead::new(concurrency);
    let mut pipe = Pipe::default();
    let mut in_flight: JoinSet<Sent> = JoinSet::new();
    let mut rows = rows.into_iter();
    let mut sent_at = SentAt::default();
    let (mut input_done, mut stopped) = (false, None);
    loop {
        // Fill: read rows while there is room in the pipeline.
        while !input_done
            && stopped.is_none()
            && pipe.rows() + in_flight.len() < concurrency + ahead.rows()
        {
            match rows.next() {
                None => input_done = true,
                Some(Err(err)) => stopped = Some(BatchError::Input(err)),
                Some(Ok(row)) => {
                    match prepare(
                        row,
                        operation,
                        client,
                        &writer,
                        options.resume,
                        &mut sent_at,
                    )
                    .await
                    {
                        Prepared::Send(claim, body) => pipe.claim(claim, body),
                        Prepared::Done(event) => tell(&event),
                        Prepared::Stop(err) => stopped = Some(BatchError::Journal(err)),
                    }
                }
            }
        }
        if stopped.is_some() {
            // Never committed, never sent: the next run sends them.
            pipe.drop_claims();
        }
        // Commit: one group at a time, holding the claims and answers so far, once there
        // are enough claims to share a commit or the durable ones run low.
        let running_low = pipe.ready.len() < ahead.rows() / 2;
        let end = input_done || stopped.is_some();
        if pipe.claims.len() >= ahead.rows() / 2 || running_low || end {
            pipe.commit(&writer);
        }
        // Send: durable claims, while there is room.
        while in_flight.len() < concurrency {
            let Some((claim, body)) = pipe.ready.pop_front() else {
                break;
            };
            let client = client.clone();
            in_flight.spawn(async move {
                let result = operation.call_encoded(&client, body).await;
                (claim, result)
            });
        }
        if in_flight.len() < concurrency && pipe.ready.is_empty() && pipe.committing_claims > 0 {
            // Requests could go, and wait for the journal instead.
            ahead.starved();
        }
        // Wait: for the group being committed, or for a request to end.
        let event = std::future::poll_fn(|cx| {
            if let Some(group) = &mut pipe.committing
                && let Poll::Ready(written) = group.poll_durable(cx)
            {
                return Poll::Ready(Some(Event::Committed(written)));
            }
            match in_flight.poll_join_next(cx) {
                Poll::Ready(Some(joined)) => Poll::Ready(Some(Event::Ended(joined))),
                Poll::Ready(None) if pipe.committing.is_none() => Poll::Ready(None),
                _ => Poll::Pending,
            }
        })
        .await;
        match event {
            Some(Event::Committed(Ok(entries))) => {
                pipe.durable(entries);
                ahead.committed();
            }
            Some(Event::Committed(Err(err))) => {
                pipe.failed();
                stopped.get_or_insert(BatchError::Journal(err));
            }
            Some(Event::Ended(Ok((claim, result)))) => {
                let event = Report::Settled(journal::settle(claim, result));
                tell(&event);
                if let Report::Settled(entry) = event {
                    pipe.settled.push(entry);
                }
            }
            // A panicked task's row stays claimed: listed as unknown on the next run.
            Some(Event::Ended(Err(_))) => {}
            // Nothing in flight and nothing being committed.
            None if end && pipe.is_empty() => break,
            None => {}
        }
    }
    let journal = writer.finish();
    match (stopped, journal) {
        (Some(err), _) => Err(err),
        (None, Ok(journal)) => Ok((summary, journal)),
        (None, Err(err)) => Err(BatchError::Journal(err)),
    }
}

/// A request's claim and what the client returned.
type Sent = (Entry, Result<Option<String>, OperationError>);

/// What the runner waited for.
enum Event {
    /// The group being committed is durable (its entries, back), or failed.
    Committed(Result<Vec<Entry>, JournalError>),
    /// A request ended.
    Ended(Result<Sent, tokio::task::JoinError>),
}

/// What reading a row came to.
enum Prepared {
    /// Claim it, and send this body.
    Send(Entry, Vec<u8>),
    /// Nothing to send: a bad row, or one an earlier run settled or left unknown.
    Done(Report),
    /// The journal cannot go on.
    Stop(JournalError),
}

async fn prepare<S: JournalStore>(
    row: Row,
    operation: Operation,
    client: &Client,
    writer: &Writer<S>,
    resume: Resume,
    sent_at: &mut SentAt,
) -> Prepared {
    let (number, fields, text) = row.into_parts();
    let bad = |error: String| Prepared::Done(Report::Bad { row: number, error });
    let mut fields = match fields {
        Ok(fields) => fields,
        Err(error) => return bad(error),
    };
    // The row as the input wrote it, else its fields written out as JSON: what a rerun
    // compares.
    let text = match text.map_or_else(|| serde_json::to_string(&fields), Ok) {
        Ok(text) => text,
        Err(err) => return bad(format!("the row's fields could not be journaled: {err}")),
    };
    // A side effect without a customParm of its own gets a generated key, journaled with
    // the row so that `ytx reconcile --journal` finds it by it. A rerun draws a new one for
    // a row it sends again; comparing rows, the journal's generated key does not count.
    let key = operation.add_key(client, &mut fields);
    // Encoded once, here: a row that is not a valid request is never claimed.
    let body = match operation.encode(&fields, client.app_id()) {
        Ok(body) => body,
        Err(err) => return bad(err.to_string()),
    };
    let journaled = match key {
        None => None,
        Some(_) => match serde_json::to_string(&fields) {
            Ok(with_key) => Some(with_key),
            Err(err) => return bad(format!("the row's fields could not be journaled: {err}")),
        },
    };
    // The row as read is compared with the journal's; the one with the key is journaled.
    let (decision, text) = match (writer.may_know(number), journaled) {
        (false, journaled) => (Ok(Decision::Send), journaled.unwrap_or(text)),
        (true, Some(with_key)) => (writer.decide(number, text, resume).await, with_key),
        (true, None) => (writer.decide(number, text.clone(), resume).await, text),
    };
    match decision {
        Ok(Decision::Send) => {}
        Ok(Decision::Skip(entry)) => return Prepared::Done(Report::Skipped(entry)),
        Ok(Decision::Unknown(entry)) => return Prepared::Done(Report::Listed(entry)),
        Err(err) => return Prepared::Stop(err),
    }
    let now = match sent_at.now(&SystemClock) {
        Ok(now) => now,
        Err(err) => return bad(format!("the system clock: {err}")),
    };
    Prepared::Send(journal::claim(number, text, &now), body)
}
