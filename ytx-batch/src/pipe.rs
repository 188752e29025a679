//! The rows of a batch between reading and sending ([`Pipe`]), and how many are claimed
//! ahead of the requests in flight ([`Ahead`]).

use std::collections::VecDeque;

use crate::entry::{Entry, RowState};
use crate::store::JournalStore;
use crate::writer::{Group, Writer};

/// Rows claimed ahead per request in flight, at most.
const MAX_AHEAD: usize = 15;

/// How many rows are claimed ahead of the requests in flight: enough that requests never
/// wait for the journal, and no more, since rows claimed but not sent when a batch is
/// killed are listed as of unknown outcome.
///
/// It starts at one per request in flight, doubles after a commit that requests waited
/// for (up to [`MAX_AHEAD`] per request), and shrinks by a sixty-fourth (at least one)
/// after each commit they did not wait for.
pub(crate) struct Ahead {
    rows: usize,
    least: usize,
    most: usize,
    starved: bool,
}

impl Ahead {
    pub(crate) fn new(concurrency: usize) -> Self {
        Self {
            rows: concurrency,
            least: concurrency,
            most: concurrency.saturating_mul(MAX_AHEAD),
            starved: false,
        }
    }

    /// Rows to claim ahead now.
    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    /// Requests could have gone and waited for a commit instead.
    pub(crate) fn starved(&mut self) {
        self.starved = true;
    }

    /// A commit is done: more ahead if requests waited for it, else a little less.
    pub(crate) fn committed(&mut self) {
        self.rows = if std::mem::take(&mut self.starved) {
            self.rows.saturating_mul(2).min(self.most)
        } else {
            (self.rows - (self.rows / 64).max(1)).max(self.least)
        };
    }
}

/// The rows between reading and sending, and the answers not yet written.
#[derive(Default)]
pub(crate) struct Pipe {
    /// Claims not yet handed to the writer.
    pub(crate) claims: Vec<Entry>,
    /// The bodies of the group being committed, then of `claims`, in order.
    bodies: VecDeque<Vec<u8>>,
    /// The group being committed, if any (one at a time).
    pub(crate) committing: Option<Group>,
    /// How many claims the group being committed holds.
    pub(crate) committing_claims: usize,
    /// Durable claims with their bodies, to send.
    pub(crate) ready: VecDeque<(Entry, Vec<u8>)>,
    /// Answers not yet written.
    pub(crate) settled: Vec<Entry>,
}

impl Pipe {
    /// A row read and encoded: its claim, to commit, and its body, to send once durable.
    pub(crate) fn claim(&mut self, claim: Entry, body: Vec<u8>) {
        self.claims.push(claim);
        self.bodies.push_back(body);
    }

    /// Rows read and not yet sent.
    pub(crate) fn rows(&self) -> usize {
        self.claims.len() + self.committing_claims + self.ready.len()
    }

    /// Forgets the claims not yet handed to the writer.
    pub(crate) fn drop_claims(&mut self) {
        let keep = self.committing_claims;
        self.claims.clear();
        self.bodies.truncate(keep);
    }

    /// Hands the claims and answers so far to the writer, if no group is being committed.
    pub(crate) fn commit<S: JournalStore>(&mut self, writer: &Writer<S>) {
        if self.committing.is_some() || (self.claims.is_empty() && self.settled.is_empty()) {
            return;
        }
        let mut entries = std::mem::take(&mut self.settled);
        self.committing_claims = self.claims.len();
        entries.append(&mut self.claims);
        self.committing = Some(writer.commit(entries));
    }

    /// The group being committed is durable: its claims are ready to send.
    pub(crate) fn durable(&mut self, entries: Vec<Entry>) {
        self.committing = None;
        self.committing_claims = 0;
        // The claims follow the answers, in the order their bodies were queued.
        let claims = entries.into_iter().filter(|e| e.state == RowState::Sending);
        for claim in claims {
            if let Some(body) = self.bodies.pop_front() {
                self.ready.push_back((claim, body));
            }
        }
    }

    /// The group being committed failed: its rows were not claimed, and none of them, nor
    /// any row after them, is sent.
    pub(crate) fn failed(&mut self) {
        self.committing = None;
        self.committing_claims = 0;
        self.claims.clear();
        self.bodies.clear();
    }

    /// Whether nothing is left to commit or send.
    pub(crate) fn is_empty(&self) -> bool {
        self.claims.is_empty()
            && self.committing.is_none()
            && self.ready.is_empty()
            && self.settled.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claims_ahead_double_when_requests_wait_and_shrink_slowly_when_they_do_not() {
        let mut ahead = Ahead::new(32);
        assert_eq!(ahead.rows(), 32);
        ahead.committed();
        assert_eq!(ahead.rows(), 32, "never below one per request in flight");
        for expected in [64, 128, 256, 480, 480] {
            ahead.starved();
            ahead.committed();
            assert_eq!(ahead.rows(), expected);
        }
        ahead.committed();
        assert_eq!(ahead.rows(), 480 - 480 / 64);
        for _ in 0..1000 {
            ahead.committed();
        }
        assert_eq!(ahead.rows(), 32);
        // Waiting counts once per commit, however often it is seen.
        ahead.starved();
        ahead.starved();
        ahead.committed();
        assert_eq!(ahead.rows(), 64);
    }

    #[test]
    fn one_request_in_flight_claims_up_to_fifteen_ahead() {
        let mut ahead = Ahead::new(1);
        for _ in 0..10 {
            ahead.starved();
            ahead.committed();
        }
        assert_eq!(ahead.rows(), MAX_AHEAD);
    }
}
