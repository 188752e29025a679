//! The rows of a batch, streamed one at a time from JSON Lines or CSV: memory stays flat
//! whatever the file's size.
//!
//! - **JSON Lines**: one request body per line, a JSON object with wire names (as for
//!   `--json`). Row `N` is line `N`; blank lines are skipped.
//! - **CSV**: a header of wire names, then one request per record. Row `N` is the `N`th
//!   record after the header. An empty cell leaves the field out; a cell that is a JSON
//!   array or object (`["a","b"]`) is that value; a list field given one plain value is a
//!   list of it (a comma-joined field such as `mobile` splits on commas).
//!
//! A row that cannot be read is an `Err` of that row only; the rows after it still read.

use std::io::{self, BufRead};
use std::path::Path;

use serde_json::{Map, Value};
use ytx_core::FieldInfo;

use crate::csv::Records;
pub use crate::lines::MAX_ROW_BYTES;
use crate::lines::{read_line_capped, skip_bom};

/// How the input is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// One JSON object per line.
    JsonLines,
    /// A header of wire names, then records.
    Csv,
}

impl Format {
    /// CSV for a `.csv` file, JSON Lines for anything else.
    pub fn of_path(path: &Path) -> Self {
        let csv = path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("csv"));
        if csv { Self::Csv } else { Self::JsonLines }
    }
}

/// One row: its number and its request fields, or why they cannot be read.
///
/// A JSON Lines row also keeps its line: the journal records the row as the input wrote it,
/// which spares writing the fields out again as JSON for every row. Changing the fields
/// ([`map_fields`](Row::map_fields)) lets the line go, and the journal then records the
/// fields as they are.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    number: u64,
    fields: Result<Map<String, Value>, String>,
    /// The fields as the input wrote them, when they are exactly `fields`.
    text: Option<String>,
}

impl Row {
    /// Row `number` with `fields`, or why they cannot be read: a row of your own.
    pub fn new(number: u64, fields: Result<Map<String, Value>, String>) -> Self {
        Self {
            number,
            fields,
            text: None,
        }
    }

    /// Its number: the line (JSON Lines) or the record after the header (CSV), from 1.
    pub fn number(&self) -> u64 {
        self.number
    }

    /// The wire fields, or why the row cannot be read.
    pub fn fields(&self) -> Result<&Map<String, Value>, &str> {
        self.fields.as_ref().map_err(String::as_str)
    }

    /// The row with its fields changed by `change` (a row that cannot be read stays as it
    /// is).
    pub fn map_fields(self, change: impl FnOnce(Map<String, Value>) -> Map<String, Value>) -> Self {
        match self.fields {
            Ok(fields) => Self {
                number: self.number,
                fields: Ok(change(fields)),
                text: None,
            },
            Err(_) => self,
        }
    }

    /// The wire fields, or why the row cannot be read.
    pub fn into_fields(self) -> Result<Map<String, Value>, String> {
        self.fields
    }

    /// The number, the fields, and the fields as the input wrote them if it did.
    pub(crate) fn into_parts(self) -> (u64, Result<Map<String, Value>, String>, Option<String>) {
        (self.number, self.fields, self.text)
    }
}

/// The rows of an input, read as they are asked for.
#[derive(Debug)]
pub struct Rows<R> {
    source: Source<R>,
    fields: &'static [FieldInfo],
    header: Option<Vec<String>>,
    /// The line being read, kept from row to row (JSON Lines).
    line: Vec<u8>,
    lines: u64,
    records: u64,
}

#[derive(Debug)]
enum Source<R> {
    Lines(R),
    Csv(Records<R>),
}

/// A line buffer grown past this by a long row is let go rather than kept for the rest.
const KEPT_LINE_BYTES: usize = 64 * 1024;

impl<R: BufRead> Rows<R> {
    /// Rows of `input` for an endpoint with `fields` (what CSV cells are converted by).
    ///
    /// The input is UTF-8 (a byte-order mark is skipped); give [`decode`](crate::decode)'s
    /// reader for a file in another encoding.
    pub fn new(input: R, format: Format, fields: &'static [FieldInfo]) -> Self {
        let source = match format {
            Format::Csv => Source::Csv(Records::new(input)),
            Format::JsonLines => Source::Lines(input),
        };
        Self {
            source,
            fields,
            header: None,
            line: Vec::new(),
            lines: 0,
            records: 0,
        }
    }

    fn next_json_line(&mut self) -> io::Result<Option<Row>> {
        let Source::Lines(input) = &mut self.source else {
            return Ok(None);
        };
        if self.line.capacity() > KEPT_LINE_BYTES {
            self.line = Vec::new();
        }
        if self.lines == 0 {
            skip_bom(input)?;
        }
        let line = &mut self.line;
        loop {
            line.clear();
            let (read, cut) = read_line_capped(input, line)?;
            if read == 0 {
                return Ok(None);
            }
            self.lines += 1;
            if cut {
                let error = format!("the line is over {MAX_ROW_BYTES} bytes");
                return Ok(Some(Row::new(self.lines, Err(error))));
            }
            if !line.trim_ascii().is_empty() {
                break;
            }
        }
        let (fields, text) = match serde_json::from_slice::<Value>(line) {
            // JSON that parsed is UTF-8 (serde checks the strings, the rest is ASCII).
            Ok(Value::Object(fields)) => (
                Ok(fields),
                std::str::from_utf8(line.trim_ascii())
                    .ok()
                    .map(str::to_owned),
            ),
            Ok(_) => (Err("not a JSON object".to_owned()), None),
            Err(_) if std::str::from_utf8(line).is_err() => (
                Err(
                    "the line is not UTF-8 text: for a file saved in a Chinese encoding, \
                     give --encoding gbk (or gb18030)"
                        .to_owned(),
                ),
                None,
            ),
            Err(err) => (Err(format!("malformed JSON: {err}")), None),
        };
        Ok(Some(Row {
            number: self.lines,
            fields,
            text,
        }))
    }

    fn next_csv_record(&mut self) -> io::Result<Option<Row>> {
        let Source::Csv(records) = &mut self.source else {
            return Ok(None);
        };
        if self.header.is_none() {
            let header = match records.next_record()? {
                None => return Ok(None),
                Some(Ok(names)) => names,
                Some(Err(err)) => return Err(invalid(format!("the CSV header: {}", err.0))),
            };
            let names: Vec<String> = header.iter().map(|name| name.trim().to_owned()).collect();
            if let Some(name) = names.iter().find(|name| name.is_empty()) {
                return Err(invalid(format!(
                    "the CSV header has an empty name `{name}`"
                )));
            }
            for (index, name) in names.iter().enumerate() {
                if names[..index].contains(name) {
                    return Err(invalid(format!("the CSV header names `{name}` twice")));
                }
            }
            self.header = Some(names);
        }
        let Some(record) = records.next_record()? else {
            return Ok(None);
        };
        self.records += 1;
        let header = self.header.as_deref().unwrap_or_default();
        let fields = match record {
            Err(err) => Err(err.0),
            Ok(cells) if cells.len() != header.len() => Err(format!(
                "{} fields, and the header has {}",
                cells.len(),
                header.len()
            )),
            Ok(cells) => Ok(header
                .iter()
                .zip(cells)
                .filter_map(|(name, cell)| self.cell(name, cell))
                .collect()),
        };
        Ok(Some(Row::new(self.records, fields)))
    }

    /// A cell as a wire value; `None` leaves a known field out.
    fn cell(&self, name: &str, cell: String) -> Option<(String, Value)> {
        let Some(field) = self.fields.iter().find(|field| field.wire == name) else {
            // Unknown columns are kept, so the endpoint's check names them.
            return Some((name.to_owned(), Value::String(cell)));
        };
        if cell.trim().is_empty() {
            return None;
        }
        let trimmed = cell.trim_start();
        let json = (trimmed.starts_with('[') || trimmed.starts_with('{'))
            .then(|| serde_json::from_str::<Value>(&cell).ok())
            .flatten();
        let value = match json {
            Some(value) => value,
            None if field.is_list() && !field.comma_joined => {
                Value::Array(vec![Value::String(cell)])
            }
            None => Value::String(cell),
        };
        Some((name.to_owned(), value))
    }
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

impl<R: BufRead> Iterator for Rows<R> {
    type Item = io::Result<Row>;

    fn next(&mut self) -> Option<Self::Item> {
        let row = match self.source {
            Source::Lines(_) => self.next_json_line(),
            Source::Csv(_) => self.next_csv_record(),
        };
        row.transpose()
    }
}

#[cfg(test)]
mod tests;
