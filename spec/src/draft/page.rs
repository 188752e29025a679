//! The text of a platform page as a team copies it from the browser: headings, `|` table
//! rows, and the example bodies. This reads it into sections of numbered lines.

/// A line of the page: its 1-based number and its text, trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Line<'t> {
    pub(crate) number: usize,
    pub(crate) text: &'t str,
}

impl<'t> Line<'t> {
    /// The cells of a table row (`a | b | c |`), trimmed, or `None` if it is not one.
    pub(crate) fn cells(&self) -> Option<Vec<&'t str>> {
        let text = self.text.strip_suffix('|')?;
        Some(text.split('|').map(str::trim).collect())
    }

    /// The line without a code listing's `7 |` number and its closing ` |`.
    pub(crate) fn listing(&self) -> &'t str {
        let text = self.text.trim_end_matches('|').trim_end();
        if text.bytes().all(|b| b.is_ascii_digit()) {
            return "";
        }
        match text.split_once(" |") {
            Some((number, rest))
                if !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) =>
            {
                rest.trim()
            }
            _ => text,
        }
    }
}

/// The headings a page is cut at, as the platform writes them.
pub(crate) const HEADINGS: &[&str] = &[
    "公共参数",
    "请求地址",
    "公共请求参数",
    "请求参数",
    "响应参数",
    "请求包头",
    "报文示例",
    "请求示例",
    "响应示例",
    "异常示例",
];

/// A heading and the lines under it, up to the next heading.
#[derive(Debug)]
pub(crate) struct Section<'t> {
    pub(crate) heading: &'static str,
    pub(crate) lines: Vec<Line<'t>>,
}

/// The page: the lines before the first heading, and each section.
#[derive(Debug)]
pub(crate) struct Page<'t> {
    pub(crate) preamble: Vec<Line<'t>>,
    pub(crate) sections: Vec<Section<'t>>,
}

impl<'t> Page<'t> {
    pub(crate) fn read(text: &'t str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut page = Page {
            preamble: Vec::new(),
            sections: Vec::new(),
        };
        for (index, raw) in text.lines().enumerate() {
            let line = Line {
                number: index + 1,
                text: raw.trim(),
            };
            if line.text.is_empty() {
                continue;
            }
            let bare = line.text.trim_end_matches([':', '：']).trim();
            if let Some(heading) = HEADINGS.iter().find(|heading| **heading == bare) {
                page.sections.push(Section {
                    heading,
                    lines: Vec::new(),
                });
            } else if let Some(section) = page.sections.last_mut() {
                section.lines.push(line);
            } else {
                page.preamble.push(line);
            }
        }
        page
    }

    /// The first section under `heading`.
    pub(crate) fn section(&self, heading: &str) -> Option<&Section<'t>> {
        self.sections
            .iter()
            .find(|section| section.heading == heading)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_tables_and_listings_are_read() {
        let page = Page::read(
            "\u{feff}会议查询\r\n请求参数:\n名称 | 类型 | 是否必须 | 描述 |\n\nconfid | string | 否 | 编号 |\n报文示例:\n7 |\n{\"a\":1} |\n2 | Host:x |\n",
        );
        assert_eq!(page.preamble[0].text, "会议查询");
        let request = page.section("请求参数").unwrap();
        assert_eq!(request.lines[1].number, 5);
        assert_eq!(
            request.lines[1].cells().unwrap(),
            ["confid", "string", "否", "编号"]
        );
        let listing = page.section("报文示例").unwrap();
        assert_eq!(listing.lines[0].listing(), "");
        assert_eq!(listing.lines[1].listing(), "{\"a\":1}");
        assert_eq!(listing.lines[2].listing(), "Host:x");
        assert!(page.section("响应参数").is_none());
    }
}
