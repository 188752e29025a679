//! Where a value stands in a JSON text: its path (`request[1].required`) to its line and
//! column, for errors that point at the line to mend.

use std::fmt::Write as _;

/// One step of a path: an object's key or an array's index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    Key(String),
    Index(usize),
}

/// `request[1].required`.
pub(crate) fn display(path: &[Segment]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Key(key) if out.is_empty() => out.push_str(key),
            Segment::Key(key) => {
                out.push('.');
                out.push_str(key);
            }
            Segment::Index(index) => {
                let _ = write!(out, "[{index}]");
            }
        }
    }
    out
}

/// The 1-based line and column (in characters) of the value at `path` in `text`, which must
/// be JSON; `None` if there is no such value.
pub(crate) fn line_of(text: &str, path: &[Segment]) -> Option<(usize, usize)> {
    let offset = Walker {
        bytes: text.as_bytes(),
        at: 0,
    }
    .find(path)?;
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |at| at + 1)..]
        .chars()
        .count()
        + 1;
    Some((line, column))
}

struct Walker<'t> {
    bytes: &'t [u8],
    at: usize,
}

impl Walker<'_> {
    fn skip_space(&mut self) {
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        self.skip_space();
        (self.bytes.get(self.at) == Some(&byte)).then(|| self.at += 1)
    }

    /// The offset of the value at `path`, starting from the value at the cursor.
    fn find(&mut self, path: &[Segment]) -> Option<usize> {
        self.skip_space();
        let Some((first, rest)) = path.split_first() else {
            return Some(self.at);
        };
        match (self.bytes.get(self.at)?, first) {
            (b'{', Segment::Key(wanted)) => {
                self.at += 1;
                loop {
                    self.skip_space();
                    if self.bytes.get(self.at) == Some(&b'}') {
                        return None;
                    }
                    let key = self.string()?;
                    self.eat(b':')?;
                    if &key == wanted {
                        return self.find(rest);
                    }
                    self.skip_value()?;
                    self.eat(b',')?;
                }
            }
            (b'[', Segment::Index(wanted)) => {
                self.at += 1;
                for _ in 0..*wanted {
                    self.skip_value()?;
                    self.eat(b',')?;
                }
                self.find(rest)
            }
            _ => None,
        }
    }

    /// The string at the cursor, unescaped.
    fn string(&mut self) -> Option<String> {
        let start = self.at;
        self.skip_string()?;
        serde_json::from_slice(&self.bytes[start..self.at]).ok()
    }

    fn skip_string(&mut self) -> Option<()> {
        self.skip_space();
        (self.bytes.get(self.at) == Some(&b'"')).then_some(())?;
        self.at += 1;
        loop {
            match self.bytes.get(self.at)? {
                b'"' => {
                    self.at += 1;
                    return Some(());
                }
                b'\\' => self.at += 2,
                _ => self.at += 1,
            }
        }
    }

    fn skip_value(&mut self) -> Option<()> {
        self.skip_space();
        let mut depth = 0usize;
        loop {
            match self.bytes.get(self.at)? {
                b'"' => {
                    self.skip_string()?;
                    if depth == 0 {
                        return Some(());
                    }
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth == 0 => return Some(()),
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        self.at += 1;
                        return Some(());
                    }
                }
                b',' if depth == 0 => return Some(()),
                _ => {}
            }
            self.at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> Segment {
        Segment::Key(name.into())
    }

    #[test]
    fn paths_are_found_on_their_lines() {
        let text = "{\n  \"a\": \"x,\\\"}\",\n  \"list\": [\n    {\"w\": 1},\n    {\"w\": [2, {\"q\": 3}]}\n  ]\n}";
        assert_eq!(line_of(text, &[]), Some((1, 1)));
        assert_eq!(line_of(text, &[key("a")]), Some((2, 8)));
        assert_eq!(
            line_of(text, &[key("list"), Segment::Index(1)]),
            Some((5, 5))
        );
        assert_eq!(
            line_of(text, &[key("list"), Segment::Index(1), key("w")]),
            Some((5, 11))
        );
        assert_eq!(line_of(text, &[key("list"), Segment::Index(2)]), None);
        assert_eq!(line_of(text, &[key("missing")]), None);
        assert_eq!(
            display(&[key("list"), Segment::Index(1), key("w")]),
            "list[1].w"
        );
    }

    #[test]
    fn values_are_skipped_to_their_end_whatever_they_are() {
        let text = r#"{"a": 1, "b": {"c": [1, {"d": "}"}]}, "e": true}"#;
        assert_eq!(line_of(text, &[key("b")]), Some((1, 15)));
        assert_eq!(line_of(text, &[key("e")]), Some((1, 44)));
        assert_eq!(line_of(r#"{"a": 1}"#, &[key("z")]), None);
        assert_eq!(
            line_of(r#"{"a": [1, 2], "b": 3}"#, &[key("a"), Segment::Index(1)]),
            Some((1, 11))
        );
    }

    #[test]
    fn columns_count_characters() {
        let text = "{\"名称\": 1, \"b\": 2}";
        assert_eq!(line_of(text, &[key("b")]), Some((1, 16)));
    }
}
