//! Reading a line with a bound on its length, so no input, however malformed, can make a
//! batch hold more than [`MAX_ROW_BYTES`] of it.

use std::io::{self, BufRead};

/// The longest row read: 1 MiB. A longer line (or a CSV record whose quote never closes)
/// is reported as a bad row and skipped, so memory stays bounded whatever the input.
pub const MAX_ROW_BYTES: usize = 1024 * 1024;

/// Appends the next line (through its `\n`) to `buffer`, at most [`MAX_ROW_BYTES`] of it:
/// the rest of a longer line is read and dropped. Returns the bytes read (0 at the end) and
/// whether the line was cut.
pub(crate) fn read_line_capped(
    input: &mut impl BufRead,
    buffer: &mut Vec<u8>,
) -> io::Result<(usize, bool)> {
    let room = MAX_ROW_BYTES.saturating_sub(buffer.len()) as u64;
    let read = io::Read::take(&mut *input, room).read_until(b'\n', buffer)?;
    if buffer.last() == Some(&b'\n') || read == 0 || (read as u64) < room {
        return Ok((read, false));
    }
    // Over the cap: skip to the end of the line.
    let skipped = skip_line(input)?;
    Ok((read + skipped, true))
}

/// Reads and drops the rest of the line; returns how many bytes that was.
pub(crate) fn skip_line(input: &mut impl BufRead) -> io::Result<usize> {
    let mut skipped = 0;
    loop {
        let available = input.fill_buf()?;
        if available.is_empty() {
            break;
        }
        match available.iter().position(|b| *b == b'\n') {
            Some(at) => {
                input.consume(at + 1);
                skipped += at + 1;
                break;
            }
            None => {
                let all = available.len();
                input.consume(all);
                skipped += all;
            }
        }
    }
    Ok(skipped)
}

/// Skips a UTF-8 byte-order mark at the start of `input` (Excel writes one in "CSV UTF-8").
/// It is looked for in what the first read gives, which holds the first three bytes unless
/// the input is shorter.
pub(crate) fn skip_bom(input: &mut impl BufRead) -> io::Result<()> {
    const BOM: &[u8] = b"\xef\xbb\xbf";
    if input.fill_buf()?.starts_with(BOM) {
        input.consume(BOM.len());
    }
    Ok(())
}
