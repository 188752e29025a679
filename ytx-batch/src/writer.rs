//! The journal's writer: one thread owns the store. The runner hands it whole groups (the
//! claims of the rows about to go, and the rows settled since the last group); each group
//! is one transaction (groups queued together share one), so at 32 requests in flight a
//! commit, and its flush to disk, is shared by many rows. A group's entries come back once
//! they are durable: a claimed row is sent only then, and nothing is copied on the way.

use std::future::Future;
use std::thread::JoinHandle;

use tokio::sync::{mpsc, oneshot};

use crate::entry::Entry;
use crate::journal::{Decision, Journal, JournalError, Resume};
use crate::store::JournalStore;

enum Command {
    Decide {
        row: u64,
        fields: String,
        resume: Resume,
        reply: oneshot::Sender<Result<Decision, JournalError>>,
    },
    Commit {
        entries: Vec<Entry>,
        done: oneshot::Sender<Written>,
    },
}

/// A group's entries once durable, or why the writer stopped.
type Written = Result<Vec<Entry>, String>;

/// A group of entries queued for one transaction: poll [`Group::poll_durable`].
pub(crate) struct Group(oneshot::Receiver<Written>);

impl Group {
    /// The group's entries, back, once they are durable; or the error that stopped the
    /// writer.
    pub(crate) fn poll_durable(
        &mut self,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<Vec<Entry>, JournalError>> {
        std::pin::Pin::new(&mut self.0)
            .poll(cx)
            .map(|written| match written {
                Ok(Ok(entries)) => Ok(entries),
                Ok(Err(failed)) => Err(JournalError::Store(failed.into())),
                Err(_) => Err(gone()),
            })
    }
}

/// A handle on the writer thread.
pub(crate) struct Writer<S> {
    commands: mpsc::UnboundedSender<Command>,
    /// The journal's highest row when the writer started: rows after it are new.
    last_row: Option<u64>,
    thread: JoinHandle<Result<Journal<S>, String>>,
}

impl<S: JournalStore> Writer<S> {
    pub(crate) fn start(journal: Journal<S>) -> std::io::Result<Self> {
        let last_row = journal.last_row();
        let (commands, queue) = mpsc::unbounded_channel();
        let thread = std::thread::Builder::new()
            .name("ytx-journal".into())
            .spawn(move || write_loop(journal, queue))?;
        Ok(Self {
            commands,
            last_row,
            thread,
        })
    }

    /// Whether the journal may have an entry for `row`; a row after its highest is new.
    pub(crate) fn may_know(&self, row: u64) -> bool {
        self.last_row.is_some_and(|last| row <= last)
    }

    pub(crate) async fn decide(
        &self,
        row: u64,
        fields: String,
        resume: Resume,
    ) -> Result<Decision, JournalError> {
        let (reply, answer) = oneshot::channel();
        let command = Command::Decide {
            row,
            fields,
            resume,
            reply,
        };
        if self.commands.send(command).is_err() {
            return Err(gone());
        }
        answer.await.unwrap_or_else(|_| Err(gone()))
    }

    /// Queues a group of entries to be written in one transaction.
    pub(crate) fn commit(&self, entries: Vec<Entry>) -> Group {
        let (done, written) = oneshot::channel();
        // If the writer is gone, the sender is dropped with the command: `poll_durable` says
        // so.
        let _ = self.commands.send(Command::Commit { entries, done });
        Group(written)
    }

    /// Waits until every group is written; returns the journal, or the error that stopped
    /// the writer.
    pub(crate) fn finish(self) -> Result<Journal<S>, JournalError> {
        drop(self.commands);
        match self.thread.join() {
            Ok(Ok(journal)) => Ok(journal),
            Ok(Err(failed)) => Err(JournalError::Store(failed.into())),
            Err(_) => Err(gone()),
        }
    }
}

fn gone() -> JournalError {
    JournalError::Store("the journal's writer has stopped".into())
}

fn write_loop<S: JournalStore>(
    mut journal: Journal<S>,
    mut queue: mpsc::UnboundedReceiver<Command>,
) -> Result<Journal<S>, String> {
    let mut entries: Vec<Entry> = Vec::new();
    // Each waiting group's length, in order, and where its entries go back.
    let mut waiting: Vec<(usize, oneshot::Sender<Written>)> = Vec::new();
    let mut failed: Option<String> = None;
    let mut waiting_for = queue.blocking_recv();
    while let Some(command) = waiting_for {
        let mut next = Some(command);
        // Whatever else is waiting goes into the same transaction.
        while let Some(command) = next.take() {
            match command {
                Command::Decide {
                    row,
                    fields,
                    resume,
                    reply,
                } => {
                    let _ = reply.send(journal.decide(row, &fields, resume));
                }
                Command::Commit {
                    entries: group,
                    done,
                } => {
                    waiting.push((group.len(), done));
                    if entries.is_empty() {
                        entries = group;
                    } else {
                        entries.extend(group);
                    }
                }
            }
            next = queue.try_recv().ok();
        }
        if waiting.is_empty() {
            waiting_for = queue.blocking_recv();
            continue;
        }
        // Nothing after a failed write is written: the rows of later groups are never
        // sent, and the rows of this one stay as they were.
        let written = match &failed {
            Some(failed) => Err(failed.clone()),
            None => journal.record(&entries).map_err(|err| err.to_string()),
        };
        if let Err(err) = &written {
            failed.get_or_insert_with(|| err.clone());
        }
        // Each group gets its own entries back, in the order they came.
        let mut rest = std::mem::take(&mut entries);
        for (len, done) in waiting.drain(..) {
            let tail = rest.split_off(len.min(rest.len()));
            let _ = done.send(written.clone().map(|()| std::mem::replace(&mut rest, tail)));
        }
        // Nothing more to write yet: the store's housekeeping happens now, while the
        // runner sends the rows it just got back, rather than inside the next commit.
        waiting_for = match queue.try_recv() {
            Ok(command) => Some(command),
            Err(mpsc::error::TryRecvError::Empty) => {
                if failed.is_none()
                    && let Err(err) = journal.idle()
                {
                    failed = Some(err.to_string());
                }
                queue.blocking_recv()
            }
            Err(mpsc::error::TryRecvError::Disconnected) => None,
        };
    }
    match failed {
        None => Ok(journal),
        Some(failed) => Err(failed),
    }
}
