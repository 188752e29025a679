//! From a page's sections to an endpoint entry: wire constants from the 公共请求参数 table
//! and the 报文示例's URL, fields from 请求参数 refined by the example body, the answer from
//! 响应参数 and 响应示例. Everything not read from the page is written down as a guess.

use serde_json::{Map, Value};

use super::Parts;
use super::error::DraftError;
use super::page::{Line, Page, Section};
use super::values::{after, answers, field_type, is_wire_name, kind_of, nonempty, six_digit_runs};
use crate::endpoint::{FieldType, Format, RequestField, ResponseField, WireType};

/// The parts a page gives, and what had to be guessed on the way.
pub(crate) fn read(source: &str, text: &str) -> Result<Parts, DraftError> {
    let page = Page::read(text);
    if page.sections.is_empty() {
        return Err(DraftError::new(
            source,
            "no heading of a platform page in it (公共请求参数, 请求参数, 响应参数, 报文示例)",
        ));
    }
    let mut parts = Parts {
        source: Some(source.to_owned()),
        ..Parts::default()
    };
    for line in &page.preamble {
        if let Some(rest) = line.text.strip_prefix("xunzhong.") {
            let name: String = rest
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            parts.doc_name = Some(format!("xunzhong.{name}"));
        } else if parts.name_zh.is_none() && !line.text.contains('|') {
            parts.name_zh = Some(line.text.to_owned());
        }
    }
    if let Some(section) = page.section("公共请求参数") {
        common(source, section, &mut parts)?;
    }
    let example = match page.section("报文示例") {
        Some(section) => listing(source, section, &mut parts)?,
        None => None,
    };
    if let Some(section) = page.section("请求参数") {
        request(source, section, example.as_ref(), &mut parts)?;
    }
    if let Some(example) = example {
        let listed: Vec<String> = parts.fields.iter().map(|f| f.wire.clone()).collect();
        for (wire, value) in &example {
            if ["action", "appid"].contains(&wire.as_str()) || listed.contains(wire) {
                continue;
            }
            parts.guesses.push(format!(
                "the 报文示例 sends `{wire}`, which 请求参数 does not list: an optional {}",
                kind_of(value).as_str()
            ));
            parts.fields.push(RequestField {
                wire: wire.clone(),
                kind: kind_of(value),
                wire_type: None,
                required: Some(false),
                description: None,
                format: None,
            });
        }
        parts.example = Some(example);
    }
    if let Some(section) = page.section("响应参数") {
        parts.response = table(source, section, "名称 | 类型 | 示例值 | 描述")?
            .into_iter()
            .map(|(_, cells)| {
                let mut field = ResponseField {
                    wire: cells[0].to_owned(),
                    kind: field_type(cells[1]).unwrap_or(FieldType::String),
                    required: None,
                    description: None,
                };
                field.description = nonempty(cells[3]);
                field
            })
            .collect();
    }
    if let Some(section) = page.section("响应示例") {
        parts.responses = answers(source, section, "响应示例", &mut parts.guesses)?;
    }
    if let Some(section) = page.section("异常示例") {
        parts.errors = answers(source, section, "异常示例", &mut parts.guesses)?;
    }
    Ok(parts)
}

/// The rows of a four-column table under `section`, its header skipped; a row of another
/// width is an error naming its line.
fn table<'t>(
    source: &str,
    section: &Section<'t>,
    header: &str,
) -> Result<Vec<(usize, Vec<&'t str>)>, DraftError> {
    let mut rows = Vec::new();
    for line in &section.lines {
        if !line.text.contains('|') {
            // A note under the table (注: …), not a row.
            continue;
        }
        let Some(mut cells) = line.cells() else {
            return Err(DraftError::new(
                source,
                format!(
                    "a {} row ends with `|`, as `{header} |` does; this line does not",
                    section.heading
                ),
            )
            .at(line.number));
        };
        if cells.first() == Some(&"名称") {
            continue;
        }
        if cells.len() > 4 {
            // A `|` inside a description (`base64(账户Id + "|" + 时间戳)`): the cells past the
            // third are the description.
            let start = line.text.find('|').and_then(|first| {
                let rest = &line.text[first + 1..];
                let second = first + 1 + rest.find('|')?;
                let rest = &line.text[second + 1..];
                Some(second + 1 + rest.find('|')? + 1)
            });
            if let Some(start) = start {
                let description = line.text[start..].trim_end_matches('|').trim();
                cells.truncate(3);
                cells.push(description);
            }
        }
        if cells.len() != 4 {
            return Err(DraftError::new(
                source,
                format!(
                    "a {} row has four cells ({header}); this one has {}",
                    section.heading,
                    cells.len()
                ),
            )
            .at(line.number));
        }
        if !is_wire_name(cells[0]) {
            return Err(DraftError::new(
                source,
                format!(
                    "`{}` is not a wire name (letters, digits and `_`)",
                    cells[0]
                ),
            )
            .at(line.number));
        }
        rows.push((line.number, cells));
    }
    Ok(rows)
}

/// `func`, `funcURL` and `version` from the 公共请求参数 table's descriptions.
fn common(source: &str, section: &Section<'_>, parts: &mut Parts) -> Result<(), DraftError> {
    for (_, cells) in table(source, section, "名称 | 类型 | 是否必须 | 描述")? {
        let description = cells[3];
        match cells[0] {
            "func" => parts.func = after(description, "当前功能属"),
            "funcURL" => parts.url = after(description, "当前功能属"),
            "version" => {
                let versions = six_digit_runs(description);
                if versions.len() > 1 {
                    parts.guesses.push(format!(
                        "the page lists versions {}: the draft uses {}",
                        versions.join(", "),
                        versions[0]
                    ));
                }
                parts.version = versions.into_iter().next();
            }
            _ => {}
        }
    }
    Ok(())
}

/// The 报文示例: the URL's version, func and url where the tables did not say them, and the
/// example body.
fn listing(
    source: &str,
    section: &Section<'_>,
    parts: &mut Parts,
) -> Result<Option<Map<String, Value>>, DraftError> {
    let mut body = None;
    for line in &section.lines {
        let text = line.listing();
        if let Some(request_line) = text.strip_prefix("POST ") {
            url_line(request_line, line, parts);
        } else if text.starts_with('{') && body.is_none() {
            match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(map)) => body = Some(map),
                _ => {
                    return Err(DraftError::new(
                        source,
                        "the 报文示例's body is not a JSON object; mend it to the request the page means",
                    )
                    .at(line.number));
                }
            }
        }
    }
    if let Some(action) = body.as_ref().and_then(|b| b.get("action")?.as_str()) {
        parts.action.get_or_insert_with(|| action.to_owned());
    }
    Ok(body)
}

/// `/201612/sid/{sid}/call/MeetingQuery.wx?Sign=…`: fills what the tables left out, and notes
/// where the two disagree.
fn url_line(request_line: &str, line: &Line<'_>, parts: &mut Parts) {
    let path = request_line.split([' ', '?']).next().unwrap_or_default();
    let segments: Vec<&str> = path.split('/').collect();
    let ["", version, "sid", _, func, url] = segments.as_slice() else {
        parts.guesses.push(format!(
            "line {}: the 报文示例's URL is not /{{version}}/sid/{{accountSID}}/{{func}}/{{funcURL}}; not read",
            line.number
        ));
        return;
    };
    for (what, slot, seen) in [
        ("version", &mut parts.version, version),
        ("func", &mut parts.func, func),
        ("url", &mut parts.url, url),
    ] {
        match slot {
            None => *slot = Some((*seen).to_owned()),
            Some(known) if known != seen => parts.guesses.push(format!(
                "the tables say {what} `{known}`, the 报文示例's URL (line {}) `{seen}`: the draft uses `{known}`",
                line.number
            )),
            Some(_) => {}
        }
    }
}

/// The 请求参数 table: `action` and the request's own fields, refined by the example body.
fn request(
    source: &str,
    section: &Section<'_>,
    example: Option<&Map<String, Value>>,
    parts: &mut Parts,
) -> Result<(), DraftError> {
    for (number, cells) in table(source, section, "名称 | 类型 | 是否必须 | 描述")? {
        let [wire, kind, required, description] = [cells[0], cells[1], cells[2], cells[3]];
        match wire {
            "action" => {
                if let Some(action) = after(description, "默认值") {
                    parts.action = Some(action);
                }
                continue;
            }
            "appid" => continue,
            _ => {}
        }
        let sent = example.and_then(|body| body.get(wire));
        let mut field = RequestField {
            wire: wire.to_owned(),
            kind: FieldType::String,
            wire_type: None,
            required: match required {
                "是" | "必须" | "必填" | "必选" | "Y" | "y" | "yes" | "true" => Some(true),
                "否" | "可选" | "非必须" | "非必填" | "N" | "n" | "no" | "false" => {
                    Some(false)
                }
                other => {
                    parts.guesses.push(format!(
                        "line {number}: `{wire}` is required? the page says `{other}`: an optional field"
                    ));
                    None
                }
            },
            description: nonempty(description),
            format: None,
        };
        field.kind = match field_type(kind) {
            Some(known) => known,
            None => {
                let guessed = sent.map_or(FieldType::String, kind_of);
                parts.guesses.push(format!(
                    "line {number}: `{wire}` has type `{kind}`, which is not a JSON type: taken as {}",
                    guessed.as_str()
                ));
                guessed
            }
        };
        refine(&mut field, sent, number, &mut parts.guesses);
        parts.fields.push(field);
    }
    Ok(())
}

/// What the example body and the description add: a number sent as a string, a list joined
/// by commas, a phone number.
fn refine(
    field: &mut RequestField,
    sent: Option<&Value>,
    number: usize,
    guesses: &mut Vec<String>,
) {
    let wire = field.wire.clone();
    let description = field.description.clone().unwrap_or_default();
    let scalar = matches!(
        field.kind,
        FieldType::Integer | FieldType::Number | FieldType::Boolean
    );
    if scalar && sent.is_some_and(Value::is_string) {
        field.wire_type = Some(WireType::String);
    }
    let joined = ["逗号", "英文,", "英文，", "多个", "分隔"]
        .iter()
        .any(|word| description.contains(word))
        || sent
            .and_then(Value::as_str)
            .is_some_and(|text| text.contains(','));
    if field.kind == FieldType::String && joined {
        field.kind = FieldType::StringList;
        field.wire_type = Some(WireType::CommaJoined);
        guesses.push(format!(
            "line {number}: `{wire}` reads as several values joined by commas: a `string[]` sent comma-joined"
        ));
    }
    let phone = ["手机号", "电话号码", "号码"]
        .iter()
        .any(|word| description.contains(word));
    if phone && matches!(field.kind, FieldType::String | FieldType::StringList) {
        field.format = Some(Format::Phone);
        guesses.push(format!(
            "line {number}: `{wire}` reads as a phone number: format `phone` (the emulator refuses others with -102)"
        ));
    }
}

#[cfg(test)]
mod tests;
