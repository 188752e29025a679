//! CSV records (RFC 4180) read by the `csv` crate, one at a time, so a file of any size is
//! streamed: fields separated by commas, quoted with `"` when they hold a comma, a quote
//! (doubled) or a line break; lines end in LF or CRLF (as Excel writes them); blank lines
//! are skipped.
//!
//! The crate keeps a record whole in memory, and a quote that never closes would make the
//! rest of the file one record. So the input is handed to it through [`Capped`], which ends
//! it [`MAX_ROW_BYTES`] past the record's start: that record is reported as too long, the
//! rest of its line is skipped, and reading starts afresh on the next line.

use std::io::{self, BufRead, Read};

use crate::lines::MAX_ROW_BYTES;

/// A record that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CsvError(pub(crate) String);

/// How far the `csv` reader may read ahead of the record it parses (its buffer).
const READ_AHEAD: usize = 64 * 1024;

/// The input as the `csv` reader sees it: ended at `limit` bytes.
#[derive(Debug)]
struct Capped<R> {
    inner: R,
    delivered: u64,
    limit: u64,
    /// Whether the input was ended at the limit rather than at its end.
    cut: bool,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let room = self.limit.saturating_sub(self.delivered);
        if room == 0 {
            self.cut = true;
            return Ok(0);
        }
        let take = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let read = self.inner.read(&mut buf[..take])?;
        self.delivered += read as u64;
        Ok(read)
    }
}

/// The records of an input, read as they are asked for.
#[derive(Debug)]
pub(crate) struct Records<R> {
    reader: Option<csv::Reader<Capped<R>>>,
    record: csv::ByteRecord,
    started: bool,
}

fn csv_reader<R: Read>(input: Capped<R>) -> csv::Reader<Capped<R>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(READ_AHEAD)
        .from_reader(input)
}

impl<R: BufRead> Records<R> {
    pub(crate) fn new(input: R) -> Self {
        let capped = Capped {
            inner: input,
            delivered: 0,
            limit: 0,
            cut: false,
        };
        Self {
            reader: Some(csv_reader(capped)),
            record: csv::ByteRecord::new(),
            started: false,
        }
    }

    /// The next record: `Ok(None)` at the end. A record that cannot be read is an `Err` of
    /// that record only; an input that cannot be read is the outer error.
    pub(crate) fn next_record(&mut self) -> io::Result<Option<Result<Vec<String>, CsvError>>> {
        let Some(reader) = self.reader.as_mut() else {
            return Ok(None);
        };
        if !self.started {
            self.started = true;
            crate::lines::skip_bom(&mut reader.get_mut().inner)?;
        }
        let start = reader.position().byte();
        reader.get_mut().limit = start + (MAX_ROW_BYTES + READ_AHEAD) as u64;
        let more = match reader.read_byte_record(&mut self.record) {
            Ok(more) => more,
            Err(err) => match err.into_kind() {
                csv::ErrorKind::Io(err) => return Err(err),
                other => return Ok(Some(Err(CsvError(format!("{other:?}"))))),
            },
        };
        if reader.get_ref().cut {
            // Start afresh on the next line, with a reader that has nothing buffered.
            let Some(old) = self.reader.take() else {
                return Ok(None);
            };
            let mut capped = old.into_inner();
            capped.cut = false;
            crate::lines::skip_line(&mut capped.inner)?;
            capped.delivered = 0;
            self.reader = Some(csv_reader(capped));
            return Ok(Some(Err(too_long())));
        }
        if !more {
            return Ok(None);
        }
        if reader.position().byte() - start > MAX_ROW_BYTES as u64 {
            return Ok(Some(Err(too_long())));
        }
        let fields: Result<Vec<String>, _> = self
            .record
            .iter()
            .map(|field| String::from_utf8(field.to_vec()))
            .collect();
        Ok(Some(fields.map_err(|_| {
            CsvError(
                "the record is not UTF-8 text: for a file saved in a Chinese encoding \
                 (Excel's default in China), give --encoding gbk (or gb18030)"
                    .into(),
            )
        })))
    }
}

fn too_long() -> CsvError {
    CsvError(format!(
        "the record is over {MAX_ROW_BYTES} bytes (a quote that never closes?)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &[u8]) -> Vec<Result<Vec<String>, CsvError>> {
        let mut records = Records::new(text);
        let mut all = Vec::new();
        while let Some(record) = records.next_record().unwrap() {
            all.push(record);
        }
        all
    }

    fn ok(fields: &[&str]) -> Result<Vec<String>, CsvError> {
        Ok(fields.iter().map(|f| (*f).to_owned()).collect())
    }

    #[test]
    fn the_rfc_cases_read_as_written() {
        let text =
            "a,b,c\r\n1,\"two, with comma\",3\n\"say \"\"hi\"\"\",,\"line\nbreak\"\n\nlast,,";
        assert_eq!(
            records(text.as_bytes()),
            [
                ok(&["a", "b", "c"]),
                ok(&["1", "two, with comma", "3"]),
                ok(&["say \"hi\"", "", "line\nbreak"]),
                ok(&["last", "", ""]),
            ]
        );
        assert_eq!(records(b"x"), [ok(&["x"])]);
        assert_eq!(records(b""), []);
        assert_eq!(records("中文,短信\n".as_bytes()), [ok(&["中文", "短信"])]);
    }

    #[test]
    fn a_record_that_is_not_utf8_is_an_error_with_a_hint_and_the_next_reads() {
        let all = records(b"caf\xe9,x\nnext,row\n");
        let err = all[0].clone().unwrap_err();
        assert!(err.0.contains("--encoding gbk"), "{err:?}");
        assert_eq!(all[1], ok(&["next", "row"]));
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        assert_eq!(
            records("\u{feff}mobile,templateId\r\n139,1\r\n".as_bytes()),
            [ok(&["mobile", "templateId"]), ok(&["139", "1"])]
        );
    }

    #[test]
    fn a_quote_that_never_closes_is_cut_and_reading_goes_on() {
        let mut text = String::from("mobile\n\"never closed\n");
        for _ in 0..(MAX_ROW_BYTES / 10 + READ_AHEAD / 10 + 10) {
            text.push_str("123456789\n");
        }
        let all = records(text.as_bytes());
        assert_eq!(all[0], ok(&["mobile"]));
        assert!(
            all[1].clone().unwrap_err().0.contains("over"),
            "{:?}",
            all[1]
        );
        assert!(all.len() > 2, "reading goes on after the cut record");
        assert_eq!(all[all.len() - 1], ok(&["123456789"]));
    }
}
