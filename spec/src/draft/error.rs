//! A page `ytx endpoint new` cannot read, or flags it cannot use.

use std::fmt;

/// Why no draft could be made: the page (or flag) and, where there is one, the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftError {
    source: String,
    line: Option<usize>,
    message: String,
}

impl DraftError {
    pub(crate) fn new(source: &str, message: impl Into<String>) -> Self {
        Self {
            source: source.to_owned(),
            line: None,
            message: message.into(),
        }
    }

    pub(crate) fn at(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// The page's name as given (a file), or `--field` for a flag.
    pub fn source_name(&self) -> &str {
        &self.source
    }

    /// The 1-based line of the page, where the problem is on one.
    pub fn line(&self) -> Option<usize> {
        self.line
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for DraftError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.source, self.message),
            None => write!(f, "{}: {}", self.source, self.message),
        }
    }
}

impl std::error::Error for DraftError {}
