//! CSV records (RFC 4180): fields separated by commas, quoted with `"` when they hold a
//! comma, a quote (doubled) or a line break; lines end in LF or CRLF. Read one record at a
//! time, so a file of any size is streamed.
//!
//! Hand-written rather than a crate: the format is small, none on the project's list of
//! dependencies reads it, and the tests below hold it to the RFC's cases.

use std::io::BufRead;

use crate::lines::{MAX_ROW_BYTES, read_line_capped};

/// A record that is not valid CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CsvError(pub(crate) String);

/// Reads the next record: `Ok(None)` at the end. `line` counts the lines read, so an error
/// names where it is.
pub(crate) fn next_record(
    input: &mut impl BufRead,
    line: &mut u64,
) -> std::io::Result<Option<Result<Vec<String>, CsvError>>> {
    let mut bytes = Vec::new();
    let (read, mut cut) = read_line_capped(input, &mut bytes)?;
    if read == 0 {
        return Ok(None);
    }
    *line += 1;
    let mut scan = QuoteScan::new();
    scan.feed(&bytes);
    // A quoted field may hold line breaks: read on until the quotes balance.
    while !cut && scan.inside_quotes() {
        let start = bytes.len();
        let (read, over) = read_line_capped(input, &mut bytes)?;
        if read == 0 {
            return Ok(Some(Err(CsvError("a quoted field is not closed".into()))));
        }
        scan.feed(&bytes[start..]);
        *line += 1;
        cut = over;
    }
    if cut {
        return Ok(Some(Err(CsvError(format!(
            "the record is over {MAX_ROW_BYTES} bytes (a quote that never closes?)"
        )))));
    }
    // A record that is not UTF-8 is an error of that record only.
    let Ok(text) = String::from_utf8(bytes) else {
        return Ok(Some(Err(CsvError("the record is not UTF-8 text".into()))));
    };
    let record = text.strip_suffix('\n').unwrap_or(&text);
    let record = record.strip_suffix('\r').unwrap_or(record);
    Ok(Some(split(record)))
}

/// Where a record being read stands: inside a quoted field or not. Fed each line as it is
/// read, so a long record is scanned once. Only a quote that opens a field opens one; a
/// stray quote in an unquoted field is an error of that record, not the start of a field
/// that would swallow the lines after it. (Quotes, commas and line feeds are ASCII, and no
/// byte of a multi-byte UTF-8 character equals one.)
#[derive(Debug, Clone, Copy)]
struct QuoteScan {
    quoted: bool,
    field_start: bool,
    /// A quote inside a quoted field: it closes the field unless another follows.
    quote_pending: bool,
}

impl QuoteScan {
    fn new() -> Self {
        Self {
            quoted: false,
            field_start: true,
            quote_pending: false,
        }
    }

    fn feed(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            if self.quote_pending {
                self.quote_pending = false;
                if byte == b'"' {
                    continue;
                }
                self.quoted = false;
            }
            if self.quoted {
                self.quote_pending = byte == b'"';
                continue;
            }
            match byte {
                b'"' if self.field_start => {
                    self.quoted = true;
                    self.field_start = false;
                }
                b',' | b'\n' => self.field_start = true,
                _ => self.field_start = false,
            }
        }
    }

    fn inside_quotes(&self) -> bool {
        self.quoted && !self.quote_pending
    }
}

fn split(record: &str) -> Result<Vec<String>, CsvError> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = record.chars().peekable();
    loop {
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some('"') => break,
                    Some(c) => field.push(c),
                    None => return Err(CsvError("a quoted field is not closed".into())),
                }
            }
            match chars.next() {
                None => {
                    fields.push(std::mem::take(&mut field));
                    return Ok(fields);
                }
                Some(',') => fields.push(std::mem::take(&mut field)),
                Some(other) => {
                    return Err(CsvError(format!(
                        "`{other}` after a closing quote; a quote inside a quoted field is doubled (\"\")"
                    )));
                }
            }
        } else {
            loop {
                match chars.next() {
                    None => {
                        fields.push(std::mem::take(&mut field));
                        return Ok(fields);
                    }
                    Some(',') => {
                        fields.push(std::mem::take(&mut field));
                        break;
                    }
                    Some('"') => {
                        return Err(CsvError(
                            "a quote inside an unquoted field; quote the field and double the quote".into(),
                        ));
                    }
                    Some(c) => field.push(c),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &str) -> Vec<Result<Vec<String>, CsvError>> {
        let mut input = text.as_bytes();
        let mut line = 0;
        let mut all = Vec::new();
        while let Some(record) = next_record(&mut input, &mut line).unwrap() {
            all.push(record);
        }
        all
    }

    fn ok(fields: &[&str]) -> Result<Vec<String>, CsvError> {
        Ok(fields.iter().map(|f| (*f).to_owned()).collect())
    }

    #[test]
    fn the_rfc_cases_read_as_written() {
        let text = "a,b,c\r\n1,\"two, with comma\",3\n\"say \"\"hi\"\"\",,\"line\nbreak\"\nlast,,";
        assert_eq!(
            records(text),
            [
                ok(&["a", "b", "c"]),
                ok(&["1", "two, with comma", "3"]),
                ok(&["say \"hi\"", "", "line\nbreak"]),
                ok(&["last", "", ""]),
            ]
        );
        assert_eq!(records("x"), [ok(&["x"])]);
        assert_eq!(records(""), []);
        assert_eq!(records("中文,短信\n"), [ok(&["中文", "短信"])]);
        let mut latin1 = &b"caf\xe9,x\nnext,row\n"[..];
        let mut line = 0;
        assert!(
            next_record(&mut latin1, &mut line)
                .unwrap()
                .unwrap()
                .is_err()
        );
        assert_eq!(
            next_record(&mut latin1, &mut line).unwrap().unwrap(),
            ok(&["next", "row"])
        );
    }

    #[test]
    fn malformed_records_are_errors_and_the_next_record_still_reads() {
        let all = records("a\"b,c\n\"x\"y,z\nfine,row\n");
        assert!(all[0].is_err() && all[1].is_err(), "{all:?}");
        assert_eq!(all[2], ok(&["fine", "row"]));
        let open = records("\"never closed,\n");
        assert!(open[0].is_err());
    }
}
