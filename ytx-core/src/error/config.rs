//! [`ConfigError`]: what is wrong with a configuration.

use std::fmt;

/// What is wrong with a configuration. Nothing was sent.
///
/// Each variant may gain fields: match them with `..`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// A required setting is missing: `name` is the builder method or environment variable.
    #[non_exhaustive]
    Missing {
        /// The setting, e.g. `YTX_AUTH_TOKEN` or `auth_token`.
        name: &'static str,
    },
    /// A setting has a value that cannot work.
    #[non_exhaustive]
    Invalid {
        /// The setting, e.g. `YTX_ENV` or `account_sid`.
        field: &'static str,
        /// Why, with the offending value unless it is a secret.
        reason: String,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing { name } => write!(f, "missing configuration `{name}`"),
            Self::Invalid { field, reason } => {
                write!(f, "invalid configuration `{field}`: {reason}")
            }
        }
    }
}

impl std::error::Error for ConfigError {}
