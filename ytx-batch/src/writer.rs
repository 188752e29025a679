//! The journal's writer: one thread owns the store and commits in groups. Every claim and
//! answer waiting when it wakes goes into one transaction, so at 32 requests in flight a
//! commit (and its flush to disk) is shared by many rows. A claim is answered only once
//! its transaction is committed: no request leaves before its row is durable.

use std::thread::JoinHandle;

use tokio::sync::{mpsc, oneshot};

use crate::entry::Entry;
use crate::journal::{Decision, Journal, JournalError, Resume};
use crate::store::JournalStore;

/// The most entries one transaction takes.
const GROUP: usize = 1024;

enum Command {
    Decide {
        row: u64,
        fields: String,
        resume: Resume,
        reply: oneshot::Sender<Result<Decision, JournalError>>,
    },
    Claim {
        entry: Entry,
        reply: oneshot::Sender<Result<(), String>>,
    },
    Settle(Entry),
}

/// A handle on the writer thread. Dropping every handle ends the thread after it wrote
/// what it was given; [`Writer::finish`] waits for that and returns the journal.
pub(crate) struct Writer<S> {
    commands: mpsc::UnboundedSender<Command>,
    thread: JoinHandle<(Journal<S>, Option<String>)>,
}

/// A clonable way to hand the writer settled rows.
#[derive(Clone)]
pub(crate) struct Settler(mpsc::UnboundedSender<Command>);

impl Settler {
    /// Queues a settled row; it is committed with the next group.
    pub(crate) fn settle(&self, entry: Entry) {
        // If the writer is gone, the row stays claimed: listed as unknown next time.
        let _ = self.0.send(Command::Settle(entry));
    }
}

impl<S: JournalStore> Writer<S> {
    pub(crate) fn start(journal: Journal<S>) -> std::io::Result<Self> {
        let (commands, queue) = mpsc::unbounded_channel();
        let thread = std::thread::Builder::new()
            .name("ytx-journal".into())
            .spawn(move || write_loop(journal, queue))?;
        Ok(Self { commands, thread })
    }

    pub(crate) fn settler(&self) -> Settler {
        Settler(self.commands.clone())
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

    /// Claims a row; returns once the claim is durable.
    pub(crate) async fn claim(&self, entry: Entry) -> Result<(), JournalError> {
        let (reply, answer) = oneshot::channel();
        if self.commands.send(Command::Claim { entry, reply }).is_err() {
            return Err(gone());
        }
        match answer.await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(message)) => Err(JournalError::Store(message.into())),
            Err(_) => Err(gone()),
        }
    }

    /// Waits until everything given is written; returns the journal and the first error
    /// writing settled rows met, if any.
    pub(crate) fn finish(self) -> (Option<Journal<S>>, Option<String>) {
        drop(self.commands);
        match self.thread.join() {
            Ok((journal, error)) => (Some(journal), error),
            Err(_) => (
                None,
                Some("the journal's writer stopped unexpectedly".into()),
            ),
        }
    }
}

fn gone() -> JournalError {
    JournalError::Store("the journal's writer has stopped".into())
}

fn write_loop<S: JournalStore>(
    mut journal: Journal<S>,
    mut queue: mpsc::UnboundedReceiver<Command>,
) -> (Journal<S>, Option<String>) {
    let mut first_error = None;
    let mut group = Vec::with_capacity(GROUP);
    let mut waiting = Vec::new();
    while let Some(command) = queue.blocking_recv() {
        let mut next = Some(command);
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
                Command::Claim { entry, reply } => {
                    group.push(entry);
                    waiting.push(reply);
                }
                Command::Settle(entry) => group.push(entry),
            }
            if group.len() < GROUP {
                next = queue.try_recv().ok();
            }
        }
        if group.is_empty() {
            continue;
        }
        let written = journal.record(&group).map_err(|err| err.to_string());
        if let Err(err) = &written {
            first_error.get_or_insert_with(|| err.clone());
        }
        for reply in waiting.drain(..) {
            let _ = reply.send(written.clone());
        }
        group.clear();
    }
    (journal, first_error)
}
