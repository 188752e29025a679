//! Bulk sends for the YTX (云讯) SDK that never send a row twice.
//!
//! A batch reads its rows one at a time ([`Rows`]: JSON Lines or CSV, wire names; UTF-8, or
//! GBK and GB18030 through [`decode`]), sends
//! them through a [`Client`](ytx_core::Client) with a number in flight ([`Options`]) and
//! the client's own rate limit, and keeps a [`Journal`]:
//!
//! - before a row's request leaves, its claim is durable in the journal's store;
//! - when the client says how it went, the row is settled: answered (with its
//!   `requestId`), refused, never sent, or of unknown outcome;
//! - on a rerun with the same journal, answered rows are skipped, rows of unknown outcome
//!   are listed and not sent (unless [`Resume::resend_unknown`]), and the rest are sent.
//!
//! So a row is sent at most once, whenever the process is killed, and each row is either
//! settled or listed as unknown, for `Client::reconcile` (or `ytx reconcile --journal`).
//!
//! With feature `postgres`, `PgJournal` and `run_shared` run one worker of a campaign
//! several workers share (a PostgreSQL journal: rows claimed in groups under leases, an
//! answer recorded only under its claim, a dead worker's rows unknown once its lease ends).
//!
//! The journal logic is independent of where entries are kept: [`SqliteStore`] (feature
//! `sqlite`, on by default: SQLite compiled in, write-ahead log, `synchronous = FULL`, one
//! log row per transaction, locked while open), [`MemoryStore`], or your own
//! [`JournalStore`].
//!
//! ```
//! use ytx_batch::{Format, Journal, MemoryStore, Options, Rows, run};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let emulator = ytx_emulator::Emulator::demo().start().await?;
//! let config = ytx_core::Config::builder()
//!     .account_sid(ytx_emulator::DEMO_ACCOUNT_SID)
//!     .auth_token(ytx_emulator::DEMO_AUTH_TOKEN)
//!     .app_id(ytx_emulator::DEMO_APP_ID)
//!     .base_url(emulator.base_url())
//!     .rate_limit(50.0)
//!     .build()?;
//! let client = ytx_core::Client::new(config);
//! let operation = ytx_core::Operation::of::<ytx_sms::TemplateSms>();
//!
//! let input = "{\"mobile\":\"13911281234\",\"templateId\":\"1\"}\nnot json\n";
//! let rows = Rows::new(input.as_bytes(), Format::JsonLines, operation.fields());
//! let journal = Journal::open(MemoryStore::new(), operation.path())?;
//! let (summary, _journal) = run(&client, operation, rows, journal, Options::default(), |report| {
//!     println!("{report:?}");
//! })
//! .await?;
//! assert_eq!((summary.answered, summary.bad), (1, 1));
//! # Ok(())
//! # }
//! ```

mod csv;
mod encoding;
mod entry;
mod input;
mod journal;
mod lines;
mod pipe;
#[cfg(feature = "postgres")]
mod postgres;
mod run;
mod sent_at;
#[cfg(feature = "sqlite")]
mod sqlite;
mod store;
#[cfg(feature = "testing")]
pub mod testing;
mod writer;

pub use encoding::{Decoded, Encoding, UnknownEncoding, decode};
pub use entry::{Entry, RowState};
pub use input::{Format, MAX_ROW_BYTES, Row, Rows};
pub use journal::{Decision, Journal, JournalError, Resume, claim, settle};
#[cfg(feature = "postgres")]
pub use postgres::{PgError, PgJournal, run_shared};
pub use run::{BatchError, Options, Report, Summary, run};
#[cfg(feature = "sqlite")]
pub use sqlite::{SqliteError, SqliteStore};
pub use store::{JournalStore, MemoryStore};

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
