//! Laying out JSON that is already valid, without parsing it into a map: keys stay in the
//! order the platform sent them and numbers keep every digit. Only white space outside
//! strings changes.

/// `json` compact (`indent` is `None`) or with each member on its own line, `indent` deep
/// per level, as `serde_json::to_string_pretty` would write it.
pub(crate) fn layout(json: &str, indent: Option<&str>) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = json.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        if let Some(unit) = indent {
            out.push('\n');
            for _ in 0..depth {
                out.push_str(unit);
            }
        }
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                // An empty object or array stays on one line: `{}`, `[]`.
                while chars.peek().is_some_and(|next| next.is_ascii_whitespace()) {
                    chars.next();
                }
                if matches!(chars.peek(), Some('}' | ']')) {
                    out.extend(chars.next());
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => {
                out.push(':');
                if indent.is_some() {
                    out.push(' ');
                }
            }
            c if c.is_ascii_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::layout;

    const SENT: &str = "{ \"statusCode\":\"0\",\"data\" : [ {\"b\":1,\"a\":\"x, y: {z}\\\"\"} ],\
                        \"requestId\":20200437755840048670965760400,\"empty\":{ },\"list\":[]}";

    #[test]
    fn compact_keeps_the_order_and_every_digit() {
        assert_eq!(
            layout(SENT, None),
            r#"{"statusCode":"0","data":[{"b":1,"a":"x, y: {z}\""}],"requestId":20200437755840048670965760400,"empty":{},"list":[]}"#
        );
    }

    #[test]
    fn pretty_keeps_the_order_and_reads_back_as_the_same_json() {
        let pretty = layout(SENT, Some("  "));
        let back: serde_json::Value = serde_json::from_str(&pretty).unwrap();
        assert_eq!(
            back,
            serde_json::from_str::<serde_json::Value>(SENT).unwrap()
        );
        assert_eq!(
            layout(
                r#"{"statusCode":"0","data":[1,{"k":true}],"e":[]}"#,
                Some("  ")
            ),
            "{\n  \"statusCode\": \"0\",\n  \"data\": [\n    1,\n    {\n      \"k\": true\n    }\n  ],\n  \"e\": []\n}"
        );
    }

    #[test]
    fn pretty_is_serde_jsons_layout_where_the_keys_are_already_sorted() {
        let sorted = r#"{"a":[1,2,{"b":null,"c":"d"}],"e":{},"f":-15}"#;
        let value: serde_json::Value = serde_json::from_str(sorted).unwrap();
        assert_eq!(
            layout(sorted, Some("  ")),
            serde_json::to_string_pretty(&value).unwrap()
        );
    }
}
