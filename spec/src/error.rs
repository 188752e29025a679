//! What is wrong with a spec file, named by file and field.

use std::fmt;

/// A spec file that cannot be used: unreadable, not JSON, of the wrong shape, or clashing
/// with another. [`file`](Self::file) and [`field`](Self::field) say where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    file: String,
    field: Option<String>,
    message: String,
    position: Option<(usize, usize)>,
}

impl SpecError {
    pub(crate) fn new(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            field: None,
            message: message.into(),
            position: None,
        }
    }

    pub(crate) fn at_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into()).filter(|field: &String| !field.is_empty());
        self
    }

    pub(crate) fn at_position(mut self, line: usize, column: usize) -> Self {
        self.position = (line > 0).then_some((line, column));
        self
    }

    pub(crate) fn missing_file(file: String) -> Self {
        Self::new(file, "the file is missing")
    }

    /// The file, as given, or as it stands in the repository for a built-in one
    /// (`spec/endpoints/call/meeting-query.json`).
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The field, as a path (`request[1].required`), where the problem is in one.
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The line and column, where the problem was found while reading JSON.
    pub fn position(&self) -> Option<(usize, usize)> {
        self.position
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(field) = &self.field {
            write!(f, ": `{field}`")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some((line, column)) = self.position {
            write!(f, " (line {line}, column {column})")?;
        }
        Ok(())
    }
}

impl std::error::Error for SpecError {}
