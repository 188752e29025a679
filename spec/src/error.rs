//! What is wrong with a spec file, named by file and field.

use std::fmt;

/// A spec file that cannot be used: unreadable, not JSON, of the wrong shape, or clashing
/// with another. [`file`](Self::file) and [`field`](Self::field) say where.
///
/// A file with several problems gives them all at once: the first is this error's own,
/// and [`problems`](Self::problems) lists each. `Display` prints one per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    file: String,
    field: Option<String>,
    message: String,
    position: Option<(usize, usize)>,
    /// The problems after the first, each without problems of its own.
    others: Vec<SpecError>,
}

impl SpecError {
    pub(crate) fn new(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            field: None,
            message: message.into(),
            position: None,
            others: Vec::new(),
        }
    }

    /// One error for every problem in `problems`, or `None` if there is none.
    pub(crate) fn all(problems: Vec<SpecError>) -> Option<Self> {
        let mut problems = problems
            .into_iter()
            .flat_map(|problem| {
                let mut others = problem.others.clone();
                let mut first = problem;
                first.others.clear();
                others.insert(0, first);
                others
            })
            .collect::<Vec<_>>()
            .into_iter();
        let mut first = problems.next()?;
        first.others = problems.collect();
        Some(first)
    }

    /// Every problem, this error's own first. Each has its file, field, message and, where
    /// known, its line.
    pub fn problems(&self) -> impl Iterator<Item = &SpecError> {
        std::iter::once(self).chain(&self.others)
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

    /// The line and column of the problem, where it is in the file's text.
    pub fn position(&self) -> Option<(usize, usize)> {
        self.position
    }
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_one(f)?;
        for other in &self.others {
            writeln!(f)?;
            other.fmt_one(f)?;
        }
        Ok(())
    }
}

impl SpecError {
    fn fmt_one(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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
