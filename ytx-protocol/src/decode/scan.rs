//! A fast look at the top level of an answer for its `statusCode`, so a success is parsed
//! once (by its response type) instead of twice; and for its `requestId`, so a caller that
//! needs only that need not build the answer again.
//!
//! It reads keys and skips values; it does not validate the JSON (the typed parse does).
//! On anything it does not expect (an escaped key, a stray byte, a truncated body) it
//! declines with `None`, and serde decides instead.

/// `Some(Some(code))`: the top-level `statusCode` (a string without escapes, or a number's
/// text, trimmed); `Some(None)`: there is none; `None`: the scanner declines.
pub(super) fn status_code(body: &[u8]) -> Option<Option<&str>> {
    match value_at(body, b"statusCode")? {
        None => Some(None),
        Some(at) => code(body, at).map(Some),
    }
}

/// `Some(Some(id))`: the top-level `requestId`, a string without escapes, as it is;
/// `Some(None)`: there is none; `None`: the scanner declines (a number, `null`, escapes).
pub(super) fn request_id(body: &[u8]) -> Option<Option<&str>> {
    match value_at(body, b"requestId")? {
        None => Some(None),
        Some(at) => std::str::from_utf8(plain_string(body, at)?.0)
            .ok()
            .map(Some),
    }
}

/// Where the value of the top-level `key` starts: `Some(None)` if there is no such key,
/// `None` if the scanner declines.
fn value_at(body: &[u8], key: &[u8]) -> Option<Option<usize>> {
    let mut at = skip_space(body, 0);
    if body.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_space(body, at + 1);
    if body.get(at) == Some(&b'}') {
        return Some(None);
    }
    loop {
        let (name, after) = plain_string(body, at)?;
        at = skip_space(body, after);
        if body.get(at) != Some(&b':') {
            return None;
        }
        at = skip_space(body, at + 1);
        if name == key {
            return Some(Some(at));
        }
        at = skip_space(body, skip_value(body, at)?);
        match body.get(at)? {
            b',' => at = skip_space(body, at + 1),
            b'}' => return Some(None),
            _ => return None,
        }
    }
}

fn skip_space(body: &[u8], mut at: usize) -> usize {
    while body.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// A string without escapes starting at `at`: its bytes and the index after its quote.
fn plain_string(body: &[u8], at: usize) -> Option<(&[u8], usize)> {
    if body.get(at) != Some(&b'"') {
        return None;
    }
    let rest = body.get(at + 1..)?;
    let end = rest.iter().position(|&b| b == b'"' || b == b'\\')?;
    (rest[end] == b'"').then(|| (&rest[..end], at + 1 + end + 1))
}

/// The `statusCode` value: a plain string, or a number, `null` (none) declined.
fn code(body: &[u8], at: usize) -> Option<&str> {
    let text = match body.get(at)? {
        b'"' => plain_string(body, at)?.0,
        b'-' | b'0'..=b'9' => {
            let len = body[at..]
                .iter()
                .take_while(|b| matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
                .count();
            &body[at..at + len]
        }
        _ => return None,
    };
    std::str::from_utf8(text).ok().map(str::trim)
}

/// The index just after the value starting at `at`.
fn skip_value(body: &[u8], at: usize) -> Option<usize> {
    match body.get(at)? {
        b'"' => skip_string(body, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            loop {
                match body.get(i)? {
                    b'"' => {
                        i = skip_string(body, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let len = body[at..]
                .iter()
                .take_while(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
                .count();
            (len > 0).then_some(at + len)
        }
    }
}

/// The index just after the string starting at `at` (escapes skipped, not decoded).
fn skip_string(body: &[u8], at: usize) -> Option<usize> {
    let mut i = at + 1;
    loop {
        match body.get(i)? {
            b'"' => return Some(i + 1),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{request_id, status_code};

    #[test]
    fn reads_the_top_level_code_as_string_or_number() {
        assert_eq!(
            status_code(br#"{"statusCode":"0","data":[]}"#),
            Some(Some("0"))
        );
        assert_eq!(
            status_code(br#" { "a" : {"statusCode":"-1"} , "statusCode" : -205 } "#),
            Some(Some("-205"))
        );
        assert_eq!(
            status_code(br#"{"statusMsg":"\"statusCode\":\"-2\"","statusCode":"0"}"#),
            Some(Some("0"))
        );
        assert_eq!(
            status_code(br#"{"cdr":[{"x":"]}"}],"statusCode":" -3 "}"#),
            Some(Some("-3"))
        );
        // A string value with what ends a bare value in it (a comma, a brace, a space).
        assert_eq!(
            status_code(br#"{"statusMsg":"a, b} c","statusCode":"-2"}"#),
            Some(Some("-2"))
        );
    }

    #[test]
    fn no_code_is_none() {
        assert_eq!(
            status_code(br#"{"AccountSID":"a","Blance":7.08}"#),
            Some(None)
        );
        assert_eq!(status_code(b"{}"), Some(None));
    }

    #[test]
    fn declines_what_it_does_not_expect() {
        for body in [
            &br#"{"status\u0043ode":"-2"}"#[..],
            br#"{"statusCode":"\u0030"}"#,
            br#"{"statusCode":null}"#,
            br#"{"a":1"#,
            br#"[1]"#,
            br#"{"a" 1}"#,
            br#"{"a":,"statusCode":"0"}"#,
            b"",
        ] {
            assert_eq!(status_code(body), None, "{}", String::from_utf8_lossy(body));
        }
    }

    #[test]
    fn reads_a_plain_top_level_request_id_and_declines_the_rest() {
        assert_eq!(
            request_id(br#"{"statusCode":"0","statusMsg":"ok","requestId":" 2026 "}"#),
            Some(Some(" 2026 "))
        );
        assert_eq!(
            request_id(br#"{"data":{"requestId":"inner"},"statusCode":"0"}"#),
            Some(None)
        );
        for body in [
            &br#"{"requestId":2026}"#[..],
            br#"{"requestId":null}"#,
            br#"{"requestId":"a\"b"}"#,
            br#"{"request\u0049d":"x"}"#,
        ] {
            assert_eq!(request_id(body), None, "{}", String::from_utf8_lossy(body));
        }
    }
}
