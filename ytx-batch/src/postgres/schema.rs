//! The PostgreSQL journal's schema, created and migrated by the crate: each version is one
//! step, applied in a transaction under an advisory lock, so workers starting together
//! migrate once. `ytx_batch_schema` holds the version reached.
//!
//! Version 1:
//!
//! - `ytx_batch_campaigns (name, identity, created)`: a campaign, and the endpoint and
//!   account it sends with (the same identity the SQLite journal checks).
//! - `ytx_batch_rows (campaign, row_no, state, fields, claim, worker, lease_until, sent_at,
//!   request_id, detail)`: one row per input row. `state` is `pending` (read, never
//!   claimed), `sending` (claimed by `worker` until `lease_until`), `answered`, `refused`,
//!   `not_sent` or `unknown`. `claim` counts the claims: an answer is recorded only under
//!   the claim it was sent with.

use tokio_postgres::Client;

/// The version this build writes.
pub(crate) const VERSION: i32 = 1;

/// The key of the advisory lock migrations take.
const LOCK: i64 = 0x7974_785f_6261_7463; // "ytx_batc"

const STEPS: &[&str] = &[
    // 1
    "CREATE TABLE ytx_batch_campaigns (
        name text PRIMARY KEY,
        identity text NOT NULL,
        created timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE ytx_batch_rows (
        campaign text NOT NULL REFERENCES ytx_batch_campaigns (name) ON DELETE CASCADE,
        row_no bigint NOT NULL,
        state text NOT NULL CHECK (state IN
            ('pending', 'sending', 'answered', 'refused', 'not_sent', 'unknown')),
        fields text NOT NULL,
        claim bigint NOT NULL DEFAULT 0,
        worker text,
        lease_until timestamptz,
        sent_at text NOT NULL DEFAULT '',
        request_id text,
        detail text,
        PRIMARY KEY (campaign, row_no)
    );
    CREATE INDEX ytx_batch_rows_by_state ON ytx_batch_rows (campaign, state, row_no);",
];

/// Brings the schema to [`VERSION`]; a database at a later version is refused.
pub(crate) async fn migrate(client: &mut Client) -> Result<(), tokio_postgres::Error> {
    let transaction = client.transaction().await?;
    transaction
        .execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK])
        .await?;
    transaction
        .batch_execute("CREATE TABLE IF NOT EXISTS ytx_batch_schema (version integer NOT NULL)")
        .await?;
    let current: i32 = match transaction
        .query_opt("SELECT version FROM ytx_batch_schema", &[])
        .await?
    {
        Some(row) => row.get(0),
        None => {
            transaction
                .execute("INSERT INTO ytx_batch_schema (version) VALUES (0)", &[])
                .await?;
            0
        }
    };
    for (index, step) in STEPS.iter().enumerate() {
        let version = index as i32 + 1;
        if version > current {
            transaction.batch_execute(step).await?;
            transaction
                .execute("UPDATE ytx_batch_schema SET version = $1", &[&version])
                .await?;
        }
    }
    transaction.commit().await
}

/// The version a database is at (0 for none).
pub(crate) async fn version(client: &Client) -> Result<i32, tokio_postgres::Error> {
    let exists: bool = client
        .query_one("SELECT to_regclass('ytx_batch_schema') IS NOT NULL", &[])
        .await?
        .get(0);
    if !exists {
        return Ok(0);
    }
    Ok(client
        .query_opt("SELECT version FROM ytx_batch_schema", &[])
        .await?
        .map_or(0, |row| row.get(0)))
}
