//! Masking what an error message quotes, so that no phone number, template data or password
//! reaches a log through `Display` or `Debug`.
//!
//! serde's messages name the value they refused (`invalid type: string "13911281234",
//! expected u32`), and the platform's `statusMsg` may repeat a number. The errors of this
//! crate and `ytx-core` print such text through [`mask`]; their accessors return it whole.

use std::borrow::Cow;

/// Digit runs this long or longer are masked: phone numbers (11 digits, landlines 7 to 12
/// with their area code) and longer. Shorter ones (a status code, a field's position) stay.
const MASKED_DIGITS: usize = 7;

/// `text` with every double-quoted string and every run of seven digits or more replaced by
/// `***`: `invalid type: string "13911281234", expected u32` reads
/// `invalid type: string "***", expected u32`.
///
/// ```
/// use ytx_protocol::redact::mask;
///
/// assert_eq!(mask(r#"invalid type: string "李雷", expected u32"#), r#"invalid type: string "***", expected u32"#);
/// assert_eq!(mask("号码13911281234无效 (-2)"), "号码***无效 (-2)");
/// assert_eq!(mask("line 1 column 40"), "line 1 column 40");
/// ```
pub fn mask(text: &str) -> Cow<'_, str> {
    let digits_at = |from: usize| text[from..].bytes().take_while(u8::is_ascii_digit).count();
    let needs = text.contains('"')
        || (0..text.len()).any(|at| text.is_char_boundary(at) && digits_at(at) >= MASKED_DIGITS);
    if !needs {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '"' {
            // A quoted string to its closing quote (a `\"` inside does not close it), or to
            // the end.
            let mut end = rest.len();
            let mut escaped = false;
            for (at, inner) in rest.char_indices().skip(1) {
                match inner {
                    '\\' if !escaped => escaped = true,
                    '"' if !escaped => {
                        end = at + 1;
                        break;
                    }
                    _ => escaped = false,
                }
            }
            out.push_str("\"***\"");
            rest = &rest[end..];
            continue;
        }
        let run = rest.bytes().take_while(u8::is_ascii_digit).count();
        if run >= MASKED_DIGITS {
            out.push_str("***");
            rest = &rest[run..];
        } else if run > 0 {
            out.push_str(&rest[..run]);
            rest = &rest[run..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn quoted_strings_and_long_digit_runs_are_masked_and_the_rest_kept() {
        for (text, masked) in [
            ("", ""),
            ("nothing to hide", "nothing to hide"),
            ("123456 is short", "123456 is short"),
            ("1234567 is not", "*** is not"),
            ("a13911281234b", "a***b"),
            (r#"say "hi" and "bye""#, r#"say "***" and "***""#),
            (r#"open "quote"#, r#"open "***""#),
            (r#"escaped "a\"b" end"#, r#"escaped "***" end"#),
            ("中文13911281234中文", "中文***中文"),
            ("-104 at 12:30", "-104 at 12:30"),
        ] {
            assert_eq!(mask(text), masked, "{text}");
        }
    }
}
