//! The journal's log: each transaction's entries as one row of the `log` table. One row
//! per transaction, rather than one per entry, is what keeps a batch's journal cheap: a
//! claim and an answer cost a hundred bytes or so each, not two B-tree writes.
//!
//! A log row is a blob: a format byte (`1`), then each entry in the order written, its
//! integers little-endian:
//!
//! | bytes | what |
//! |---|---|
//! | 8 | the row |
//! | 1 | the state ([`RowState::code`]) |
//! | 4 + n | `fields`: its length in bytes, then its UTF-8 |
//! | 4 + n | `sent_at`, the same way |
//! | 4 + n | `request_id`, the same way; a length of `0xFFFFFFFF` (and no bytes) for none |
//! | 4 + n | `detail`, as `request_id` |
//!
//! The log is folded into the `rows` table (one row per input row, its latest entry) when
//! the journal is next opened or read: see [`SqliteStore`](super::SqliteStore).

use std::collections::BTreeMap;

use crate::entry::{Entry, RowState};

/// The format byte this version writes and reads.
const FORMAT: u8 = 1;

/// The length written for a text that is absent.
const NONE: u32 = u32::MAX;

/// The log row of `entries`.
pub(super) fn encode(entries: &[Entry]) -> Vec<u8> {
    let texts: usize = entries
        .iter()
        .map(|e| e.fields.len() + e.sent_at.len() + e.request_id.as_ref().map_or(0, String::len))
        .sum();
    let mut out = Vec::with_capacity(1 + texts + entries.len() * 25);
    out.push(FORMAT);
    for entry in entries {
        out.extend_from_slice(&entry.row.to_le_bytes());
        out.push(entry.state.code());
        put_text(&mut out, Some(&entry.fields));
        put_text(&mut out, Some(&entry.sent_at));
        put_text(&mut out, entry.request_id.as_deref());
        put_text(&mut out, entry.detail.as_deref());
    }
    out
}

fn put_text(out: &mut Vec<u8>, text: Option<&str>) {
    match text {
        // No text of 4 GiB reaches a journal: rows are capped at 1 MiB.
        Some(text) => {
            let len = u32::try_from(text.len()).unwrap_or(NONE - 1);
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&text.as_bytes()[..len as usize]);
        }
        None => out.extend_from_slice(&NONE.to_le_bytes()),
    }
}

/// The entries of a log row, in the order they were written; or what is wrong with it.
pub(super) fn decode(blob: &[u8]) -> Result<Vec<Entry>, String> {
    let (&format, mut rest) = blob.split_first().ok_or("it is empty")?;
    if format != FORMAT {
        return Err(format!(
            "format {format}, and this version reads format {FORMAT} (written by a newer ytx?)"
        ));
    }
    let mut entries = Vec::new();
    while !rest.is_empty() {
        let row = u64::from_le_bytes(take(&mut rest, 8)?.try_into().map_err(|_| "short")?);
        let code = take(&mut rest, 1)?[0];
        let fields = take_text(&mut rest)?.ok_or("an entry has no fields")?;
        let sent_at = take_text(&mut rest)?.ok_or("an entry has no sent_at")?;
        entries.push(Entry {
            row,
            // An unknown code (a newer writer) reads as unknown: never resent by mistake.
            state: RowState::from_code(code).unwrap_or(RowState::Unknown),
            fields,
            sent_at,
            request_id: take_text(&mut rest)?,
            detail: take_text(&mut rest)?,
        });
    }
    Ok(entries)
}

fn take<'a>(rest: &mut &'a [u8], n: usize) -> Result<&'a [u8], String> {
    if rest.len() < n {
        return Err(format!(
            "it ends inside an entry ({} bytes left, {n} needed)",
            rest.len()
        ));
    }
    let (head, tail) = rest.split_at(n);
    *rest = tail;
    Ok(head)
}

fn take_text(rest: &mut &[u8]) -> Result<Option<String>, String> {
    let len = u32::from_le_bytes(take(rest, 4)?.try_into().map_err(|_| "short")?);
    if len == NONE {
        return Ok(None);
    }
    let bytes = take(rest, len as usize)?;
    String::from_utf8(bytes.to_vec())
        .map(Some)
        .map_err(|_| "a text is not UTF-8".to_owned())
}

/// Log entries on their way to the `rows` table: the latest of each row, held until there
/// are [`Folding::HELD`] of them, so a row's claim and answer become one write.
#[derive(Default)]
pub(super) struct Folding {
    held: BTreeMap<u64, Entry>,
}

impl Folding {
    /// Rows held before the lowest half is written out. A row written out early and met
    /// again later is simply written again: later entries win either way.
    const HELD: usize = 8192;

    /// Takes the entries of the next log row; returns those to write now.
    pub(super) fn take(&mut self, entries: Vec<Entry>) -> Vec<Entry> {
        for entry in entries {
            self.held.insert(entry.row, entry);
        }
        let mut out = Vec::new();
        if self.held.len() > Self::HELD {
            while self.held.len() > Self::HELD / 2 {
                out.extend(self.held.pop_first().map(|(_, entry)| entry));
            }
        }
        out
    }

    /// What is still held, in row order.
    pub(super) fn rest(self) -> impl Iterator<Item = Entry> {
        self.held.into_values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(row: u64, state: RowState, detail: Option<&str>) -> Entry {
        Entry {
            row,
            state,
            fields: r#"{"mobile":"13911281234","templateId":"1"}"#.into(),
            sent_at: "20261204150000".into(),
            request_id: (state == RowState::Answered).then(|| "id-1".into()),
            detail: detail.map(str::to_owned),
        }
    }

    #[test]
    fn entries_come_back_as_written() {
        let entries = vec![
            entry(1, RowState::Sending, None),
            entry(1, RowState::Answered, None),
            entry(2, RowState::Unknown, Some("a \"quoted\"\nline, 中文")),
        ];
        let blob = encode(&entries);
        assert_eq!(blob[..10], [FORMAT, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(decode(&blob).unwrap(), entries);
        assert_eq!(decode(&encode(&[])).unwrap(), Vec::new());
    }

    #[test]
    fn a_damaged_row_is_an_error_and_an_unknown_state_reads_as_unknown() {
        let blob = encode(&[entry(3, RowState::Answered, Some("x"))]);
        assert_eq!(decode(&[]).unwrap_err(), "it is empty");
        // The format byte alone is a group of no entries; anything after it is whole or an
        // error.
        for cut in 2..blob.len() {
            let err = decode(&blob[..cut]).unwrap_err();
            assert!(err.contains("ends inside"), "{cut}: {err}");
        }
        assert!(decode(&[2]).unwrap_err().contains("format 2"));
        let mut bad_text = blob.clone();
        bad_text[14] = 0xFF;
        assert_eq!(decode(&bad_text).unwrap_err(), "a text is not UTF-8");
        let mut newer = blob;
        newer[9] = 9;
        assert_eq!(decode(&newer).unwrap()[0].state, RowState::Unknown);
    }

    #[test]
    fn folding_keeps_the_latest_entry_of_each_row() {
        let mut folding = Folding::default();
        assert!(
            folding
                .take(vec![entry(5, RowState::Sending, None)])
                .is_empty()
        );
        assert!(
            folding
                .take(vec![entry(5, RowState::Answered, None)])
                .is_empty()
        );
        let rest: Vec<Entry> = folding.rest().collect();
        assert_eq!(rest, vec![entry(5, RowState::Answered, None)]);
    }

    #[test]
    fn folding_writes_out_the_lowest_rows_when_it_holds_too_many() {
        let mut folding = Folding::default();
        let many = (1..=Folding::HELD as u64 + 1)
            .map(|row| entry(row, RowState::Sending, None))
            .collect();
        let out = folding.take(many);
        assert_eq!(out.len(), Folding::HELD / 2 + 1);
        assert_eq!(out.first().map(|e| e.row), Some(1));
        assert!(out.windows(2).all(|pair| pair[0].row < pair[1].row));
        let rest: Vec<Entry> = folding.rest().collect();
        assert_eq!(
            rest.first().map(|e| e.row),
            Some(Folding::HELD as u64 / 2 + 2)
        );
    }
}
