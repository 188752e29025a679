//! [`run`]: sends the rows of an input through a client, `concurrency` at a time, each
//! claimed in the journal before it leaves and settled when it is answered.

use tokio::task::JoinSet;
use ytx_core::{Client, Clock, Operation, SystemClock, Timestamp};

use crate::entry::{Entry, RowState};
use crate::input::Row;
use crate::journal::{self, Decision, Journal, JournalError, Resume};
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
    fn count(&mut self, report: &Report) {
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

/// Sends every row of `rows` (a [`Rows`](crate::Rows), or any rows of your own) with `operation` through `client`, journaled: no row is ever
/// sent twice, whatever happens to the process, as long as the store keeps its promise.
/// `report` hears of every row as it ends. Returns how many ended how, and the journal.
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
    let mut tell = |event: Report| {
        summary.count(&event);
        report(&event);
    };
    let mut in_flight = JoinSet::new();
    let concurrency = options.concurrency.max(1);
    let mut stopped = None;
    for row in rows {
        let row = match row {
            Ok(row) => row,
            Err(err) => {
                stopped = Some(BatchError::Input(err));
                break;
            }
        };
        let checked = row
            .fields
            .and_then(|fields| match operation.check(&fields) {
                Ok(()) => Ok(fields),
                Err(err) => Err(err.to_string()),
            });
        let fields = match checked {
            Ok(fields) => fields,
            Err(error) => {
                tell(Report::Bad {
                    row: row.number,
                    error,
                });
                continue;
            }
        };
        let text = serde_json::Value::Object(fields.clone()).to_string();
        let decision = writer
            .decide(row.number, text.clone(), options.resume)
            .await;
        match decision {
            Ok(Decision::Send) => {}
            Ok(Decision::Skip(entry)) => {
                tell(Report::Skipped(entry));
                continue;
            }
            Ok(Decision::Unknown(entry)) => {
                tell(Report::Listed(entry));
                continue;
            }
            Err(err) => {
                stopped = Some(BatchError::Journal(err));
                break;
            }
        }
        while in_flight.len() >= concurrency {
            if let Some(Ok(entry)) = in_flight.join_next().await {
                tell(Report::Settled(entry));
            }
        }
        let now = match Timestamp::from_utc(SystemClock.now()) {
            Ok(now) => now,
            Err(err) => {
                let error = format!("the system clock: {err}");
                tell(Report::Bad {
                    row: row.number,
                    error,
                });
                continue;
            }
        };
        let claimed = journal::claim(row.number, text, &now);
        if let Err(err) = writer.claim(claimed.clone()).await {
            stopped = Some(BatchError::Journal(err));
            break;
        }
        let client = client.clone();
        let settler = writer.settler();
        in_flight.spawn(async move {
            let result = operation.call(&client, fields).await;
            let settled = journal::settle(&claimed, &result);
            settler.settle(settled.clone());
            settled
        });
    }
    while let Some(joined) = in_flight.join_next().await {
        if let Ok(entry) = joined {
            tell(Report::Settled(entry));
        }
    }
    let (journal, error) = writer.finish();
    if let Some(err) = stopped {
        return Err(err);
    }
    match (journal, error) {
        (Some(journal), None) => Ok((summary, journal)),
        (_, error) => Err(BatchError::Journal(JournalError::Store(
            error.unwrap_or_default().into(),
        ))),
    }
}
