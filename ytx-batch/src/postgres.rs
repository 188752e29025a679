//! The PostgreSQL journal (feature `postgres`): one campaign shared by several workers, on
//! one machine or many, none of which ever sends a row another has sent.
//!
//! Every worker reads the same input and writes its rows as `pending` (a row already there
//! is left as it is, and must have the same fields). Rows are claimed in groups, in one
//! statement (`FOR UPDATE SKIP LOCKED`), each under a lease the worker renews while it
//! runs. A claim is durable before its request leaves. The answer is recorded only under
//! the claim it was sent with. A worker that dies holds its claims until the lease ends;
//! its rows then become `unknown`, never `pending` again, for `ytx reconcile --journal`
//! (or `--resend-unknown`). The schema is created and migrated by [`PgJournal::connect`]
//! (see `postgres/schema.rs`).

mod connection;
mod error;
mod schema;
mod shared;

use std::time::Duration;

pub use error::PgError;
pub use shared::run_shared;

use connection::Connection;

use crate::entry::{Entry, RowState};
use crate::journal::Resume;

/// A claimed row: its number, its fields as journaled, and the claim it is sent under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Claimed {
    pub(crate) row: u64,
    pub(crate) fields: String,
    pub(crate) claim: i64,
}

/// A campaign's journal in PostgreSQL, as one worker sees it.
#[derive(Debug)]
pub struct PgJournal {
    db: Connection,
    campaign: String,
    worker: String,
    lease: Duration,
}

impl PgJournal {
    /// Connects to `url` (`postgres://user@host/db`; `?sslmode=require` for TLS, checked
    /// against the webpki roots and those of `&sslrootcert=ca.pem`; `?host=/dir` for a Unix
    /// socket), creates or migrates the schema, and opens `campaign`, which sends
    /// `identity` (the endpoint and account): a new campaign takes it, an old one must have
    /// it. `worker` names this worker in the rows it claims.
    pub async fn connect(
        url: &str,
        campaign: &str,
        identity: &str,
        worker: &str,
        lease: Duration,
    ) -> Result<Self, PgError> {
        let mut db = Connection::open(url).await?;
        let found = db.schema_version().await?;
        if found > schema::VERSION {
            return Err(PgError::NewerSchema {
                found,
                supported: schema::VERSION,
            });
        }
        db.migrate().await?;
        let (campaign, identity) = (campaign.to_owned(), identity.to_owned());
        // A worker starting at the same moment may insert the campaign first: this statement
        // then waits for it, inserts nothing and sees nothing (its snapshot is older), and
        // the next sees the row.
        let mut journal = None;
        for _ in 0..3 {
            let rows = db
                .query(
                    "WITH new AS (INSERT INTO ytx_batch_campaigns (name, identity) VALUES ($1, $2)
                         ON CONFLICT (name) DO NOTHING RETURNING identity)
                     SELECT identity FROM new
                     UNION ALL SELECT identity FROM ytx_batch_campaigns WHERE name = $1",
                    &[&campaign, &identity],
                )
                .await?;
            if let Some(row) = rows.first() {
                journal = Some(row.get::<_, String>(0));
                break;
            }
        }
        let journal =
            journal.ok_or_else(|| PgError::Url("the campaign could not be read".into()))?;
        if journal != identity {
            return Err(PgError::OtherCampaign {
                campaign,
                journal,
                batch: identity,
            });
        }
        Ok(Self {
            db,
            campaign,
            worker: worker.to_owned(),
            lease,
        })
    }

    /// The campaign's name.
    pub fn campaign(&self) -> &str {
        &self.campaign
    }

    /// This worker's name.
    pub fn worker(&self) -> &str {
        &self.worker
    }

    /// How many statements this journal has sent to the server (each a round trip; a
    /// statement sent again after a reconnect counts again): for measuring.
    pub fn statements(&self) -> u64 {
        self.db.statements
    }

    /// Writes rows as `pending` where the campaign has none; returns those the campaign has
    /// with other fields (their number, and the fields it has).
    pub(crate) async fn seed(
        &mut self,
        rows: &[(u64, String)],
    ) -> Result<Vec<(u64, String, String)>, PgError> {
        let numbers: Vec<i64> = rows.iter().map(|(row, _)| *row as i64).collect();
        let fields: Vec<&str> = rows.iter().map(|(_, fields)| fields.as_str()).collect();
        let differ = self
            .db
            .query(
                "WITH input AS (SELECT * FROM unnest($2::bigint[], $3::text[]) AS t (n, f)),
                 new AS (INSERT INTO ytx_batch_rows (campaign, row_no, state, fields)
                     SELECT $1, n, 'pending', f FROM input
                     ON CONFLICT (campaign, row_no) DO NOTHING)
                 SELECT r.row_no, r.fields, i.f FROM ytx_batch_rows r JOIN input i ON r.row_no = i.n
                 WHERE r.campaign = $1 AND r.fields <> i.f",
                &[&self.campaign, &numbers, &fields],
            )
            .await?;
        Ok(differ
            .iter()
            .map(|row| (row.get::<_, i64>(0) as u64, row.get(1), row.get(2)))
            .collect())
    }

    /// Claims up to `limit` rows that may be sent, lowest first, under a new lease; rows
    /// whose lease ran out become `unknown` first.
    pub(crate) async fn claim(
        &mut self,
        limit: usize,
        resume: Resume,
        sent_at: &str,
    ) -> Result<Vec<Claimed>, PgError> {
        let mut states = vec!["pending", "not_sent"];
        if resume.resend_unknown {
            states.push("unknown");
        }
        if resume.resend_refused {
            states.push("refused");
        }
        let lease = self.lease.as_secs_f64();
        let rows = self
            .db
            .query(
                "WITH expired AS (
                     UPDATE ytx_batch_rows SET state = 'unknown',
                         detail = 'the lease of ' || coalesce(worker, '?') || ' ran out while it was claimed: it may have been sent'
                     WHERE campaign = $1 AND state = 'sending' AND lease_until < now()),
                 picked AS (
                     SELECT row_no FROM ytx_batch_rows
                     WHERE campaign = $1 AND state = ANY($2::text[])
                     ORDER BY row_no LIMIT $3 FOR UPDATE SKIP LOCKED)
                 UPDATE ytx_batch_rows r SET state = 'sending', claim = r.claim + 1, worker = $4,
                     lease_until = now() + make_interval(secs => $5), sent_at = $6,
                     request_id = NULL, detail = NULL
                 FROM picked WHERE r.campaign = $1 AND r.row_no = picked.row_no
                 RETURNING r.row_no, r.fields, r.claim",
                &[
                    &self.campaign,
                    &states,
                    &(limit as i64),
                    &self.worker,
                    &lease,
                    &sent_at,
                ],
            )
            .await?;
        let mut claimed: Vec<Claimed> = rows
            .iter()
            .map(|row| Claimed {
                row: row.get::<_, i64>(0) as u64,
                fields: row.get(1),
                claim: row.get(2),
            })
            .collect();
        claimed.sort_by_key(|claimed| claimed.row);
        Ok(claimed)
    }

    /// Records how claimed rows ended, each under the claim it was sent with; returns the
    /// rows that could not be recorded because a newer claim took them over.
    pub(crate) async fn settle(&mut self, settled: &[(Entry, i64)]) -> Result<Vec<u64>, PgError> {
        if settled.is_empty() {
            return Ok(Vec::new());
        }
        let numbers: Vec<i64> = settled.iter().map(|(entry, _)| entry.row as i64).collect();
        let claims: Vec<i64> = settled.iter().map(|(_, claim)| *claim).collect();
        let states: Vec<&str> = settled
            .iter()
            .map(|(entry, _)| entry.state.as_str())
            .collect();
        let ids: Vec<Option<&str>> = settled
            .iter()
            .map(|(entry, _)| entry.request_id.as_deref())
            .collect();
        let details: Vec<Option<&str>> = settled
            .iter()
            .map(|(entry, _)| entry.detail.as_deref())
            .collect();
        let sent_at: Vec<&str> = settled
            .iter()
            .map(|(entry, _)| entry.sent_at.as_str())
            .collect();
        let recorded = self
            .db
            .query(
                "UPDATE ytx_batch_rows r SET state = u.state, request_id = u.request_id,
                     detail = u.detail, sent_at = u.sent_at, worker = NULL, lease_until = NULL
                 FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[])
                     AS u (n, claim, state, request_id, detail, sent_at)
                 WHERE r.campaign = $1 AND r.row_no = u.n AND r.claim = u.claim
                     AND r.state IN ('sending', 'unknown')
                 RETURNING r.row_no",
                &[&self.campaign, &numbers, &claims, &states, &ids, &details, &sent_at],
            )
            .await?;
        let recorded: Vec<u64> = recorded
            .iter()
            .map(|row| row.get::<_, i64>(0) as u64)
            .collect();
        Ok(settled
            .iter()
            .map(|(entry, _)| entry.row)
            .filter(|row| !recorded.contains(row))
            .collect())
    }

    /// Extends the lease of every row this worker still holds; returns those rows (a row
    /// whose lease ran out and that another worker marked `unknown` is not among them).
    pub(crate) async fn renew(&mut self) -> Result<Vec<u64>, PgError> {
        let lease = self.lease.as_secs_f64();
        let rows = self
            .db
            .query(
                "UPDATE ytx_batch_rows SET lease_until = now() + make_interval(secs => $3)
                 WHERE campaign = $1 AND worker = $2 AND state = 'sending'
                 RETURNING row_no",
                &[&self.campaign, &self.worker, &lease],
            )
            .await?;
        Ok(rows.iter().map(|row| row.get::<_, i64>(0) as u64).collect())
    }

    /// The lease a claim is made under.
    pub(crate) fn lease(&self) -> Duration {
        self.lease
    }

    /// Rows this worker holds but never sent (`sent` lists those it did): `not_sent`, for
    /// any worker to claim. Run after a reconnect, when a claim's answer may have been lost.
    pub(crate) async fn release_unsent(&mut self, sent: &[u64]) -> Result<(), PgError> {
        let sent: Vec<i64> = sent.iter().map(|row| *row as i64).collect();
        self.db
            .execute(
                "UPDATE ytx_batch_rows SET state = 'not_sent', worker = NULL, lease_until = NULL,
                     detail = 'claimed, and never sent'
                 WHERE campaign = $1 AND worker = $2 AND state = 'sending' AND NOT (row_no = ANY($3))",
                &[&self.campaign, &self.worker, &sent],
            )
            .await
            .map(drop)
    }

    /// How many rows other workers hold under a live lease.
    pub(crate) async fn held_by_others(&mut self) -> Result<i64, PgError> {
        Ok(self
            .db
            .query_one(
                "SELECT count(*) FROM ytx_batch_rows
                 WHERE campaign = $1 AND state = 'sending' AND lease_until >= now()
                     AND worker IS DISTINCT FROM $2",
                &[&self.campaign, &self.worker],
            )
            .await?
            .get(0))
    }

    /// Whether the connection was lost and made again since the last call (claims made
    /// before may have been lost with their answers).
    pub(crate) fn reconnected(&mut self) -> bool {
        self.db.take_reconnected()
    }

    /// Every row of the campaign in one of `states`, in row order (`sending` rows are listed
    /// only once their lease ran out: a live worker holds the others).
    pub async fn in_states(&mut self, states: &[RowState]) -> Result<Vec<Entry>, PgError> {
        let names: Vec<&str> = states.iter().map(|state| state.as_str()).collect();
        let rows = self
            .db
            .query(
                "SELECT row_no, state, fields, sent_at, request_id, detail FROM ytx_batch_rows
                 WHERE campaign = $1 AND state = ANY($2::text[])
                     AND (state <> 'sending' OR lease_until < now())
                 ORDER BY row_no",
                &[&self.campaign, &names],
            )
            .await?;
        Ok(rows.iter().filter_map(entry_of).collect())
    }

    /// The identity (endpoint and account) campaign `campaign` at `url` sends, if there is
    /// such a campaign: for `ytx reconcile --journal`, which learns it from the journal.
    pub async fn identity_of(url: &str, campaign: &str) -> Result<Option<String>, PgError> {
        let mut db = Connection::open(url).await?;
        if db.schema_version().await? == 0 {
            return Ok(None);
        }
        Ok(db
            .query(
                "SELECT identity FROM ytx_batch_campaigns WHERE name = $1",
                &[&campaign],
            )
            .await?
            .first()
            .map(|row| row.get(0)))
    }

    /// Records a row of unknown outcome as answered (reconciling found it took effect),
    /// unless it was claimed again meanwhile; returns whether it was recorded.
    pub async fn record_answered(&mut self, entry: &Entry) -> Result<bool, PgError> {
        let row = entry.row as i64;
        let recorded = self
            .db
            .execute(
                "UPDATE ytx_batch_rows SET state = 'answered', request_id = $3, detail = $4,
                     worker = NULL, lease_until = NULL
                 WHERE campaign = $1 AND row_no = $2
                     AND (state = 'unknown' OR (state = 'sending' AND lease_until < now()))",
                &[&self.campaign, &row, &entry.request_id, &entry.detail],
            )
            .await?;
        Ok(recorded == 1)
    }
}

/// An entry from a row of `SELECT row_no, state, fields, sent_at, request_id, detail`.
fn entry_of(row: &tokio_postgres::Row) -> Option<Entry> {
    let state = match row.get::<_, &str>(1) {
        "sending" => RowState::Sending,
        "answered" => RowState::Answered,
        "refused" => RowState::Refused,
        "not_sent" | "pending" => RowState::NotSent,
        "unknown" => RowState::Unknown,
        _ => return None,
    };
    Some(Entry {
        row: row.get::<_, i64>(0) as u64,
        state,
        fields: row.get(2),
        sent_at: row.get(3),
        request_id: row.get(4),
        detail: row.get(5),
    })
}

#[cfg(all(test, feature = "testing"))]
mod tests;
