//! [`PgError`]: why the PostgreSQL journal cannot be used.

use std::fmt;

use super::connection;

/// Why the PostgreSQL journal cannot be used.
#[derive(Debug)]
#[non_exhaustive]
pub enum PgError {
    /// The URL is not a PostgreSQL connection string.
    Url(String),
    /// The server could not be reached, or stayed unreachable past the time allowed.
    Connect(tokio_postgres::Error),
    /// A statement failed.
    Query(tokio_postgres::Error),
    /// The database was written by a later version of this crate.
    NewerSchema {
        /// The database's version.
        found: i32,
        /// This crate's.
        supported: i32,
    },
    /// The campaign sends another endpoint, or with another account.
    OtherCampaign {
        /// The campaign's name.
        campaign: String,
        /// What it sends.
        journal: String,
        /// What this batch sends.
        batch: String,
    },
}

impl fmt::Display for PgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Url(why) => write!(f, "not a PostgreSQL URL: {why}"),
            Self::Connect(err) => {
                write!(f, "cannot reach PostgreSQL: {}", connection::describe(err))
            }
            Self::Query(err) => write!(f, "PostgreSQL: {}", connection::describe(err)),
            Self::NewerSchema { found, supported } => write!(
                f,
                "the database's ytx_batch schema is version {found}, newer than this build's {supported}: upgrade ytx"
            ),
            Self::OtherCampaign {
                campaign,
                journal,
                batch,
            } => write!(
                f,
                "campaign `{campaign}` sends {journal}, and this batch sends {batch}: give another --campaign"
            ),
        }
    }
}

impl std::error::Error for PgError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Connect(err) | Self::Query(err) => Some(err),
            _ => None,
        }
    }
}
