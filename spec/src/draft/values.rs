//! The words and values of a page: a name after a marker (`当前功能属:call`), versions, the
//! 类型 column as a spec type, and the example bodies, with placeholders quoted.

use serde_json::Value;

use super::error::DraftError;
use super::page::Section;
use crate::endpoint::FieldType;

/// The JSON bodies of a 响应示例 or 异常示例; a placeholder where a value should be
/// (`"data":会议室详细信息`) is quoted, and said so.
pub(crate) fn answers(
    source: &str,
    section: &Section<'_>,
    heading: &str,
    guesses: &mut Vec<String>,
) -> Result<Vec<Value>, DraftError> {
    let mut found = Vec::new();
    for line in &section.lines {
        let text = line.listing();
        if !text.starts_with('{') {
            continue;
        }
        if let Ok(value) = serde_json::from_str::<Value>(text) {
            found.push(value);
            continue;
        }
        match serde_json::from_str::<Value>(&quote_bare_values(text)) {
            Ok(value) => {
                guesses.push(format!(
                    "line {}: the {heading} is not JSON (`{text}`): its bare values are read as strings",
                    line.number
                ));
                found.push(value);
            }
            Err(err) => {
                return Err(DraftError::new(
                    source,
                    format!(
                        "the {heading} is not JSON ({err}); mend it to the body the page means"
                    ),
                )
                .at(line.number));
            }
        }
    }
    Ok(found)
}

/// `{"a":"0","data":会议室信息}` → `{"a":"0","data":"会议室信息"}`: a value that is no JSON
/// value at all becomes a string.
pub(crate) fn quote_bare_values(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if in_string {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => in_string = false,
                _ => escaped = false,
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            ':' => {
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                let starts_value = chars.peek().is_some_and(|c| {
                    matches!(c, '"' | '{' | '[' | '-' | '0'..='9' | 't' | 'f' | 'n')
                });
                if !starts_value {
                    let mut bare = String::new();
                    while let Some(&c) = chars.peek() {
                        if c == ',' || c == '}' {
                            break;
                        }
                        bare.push(c);
                        chars.next();
                    }
                    out.push_str(&Value::from(bare.trim()).to_string());
                }
            }
            _ => {}
        }
    }
    out
}

/// The word after `marker` and a colon: `当前功能属:call` → `call`.
pub(crate) fn after(text: &str, marker: &str) -> Option<String> {
    let rest = &text[text.find(marker)? + marker.len()..];
    let rest = rest.trim_start_matches([':', '：', ' ']);
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
        .collect();
    (!word.is_empty()).then_some(word)
}

pub(crate) fn six_digit_runs(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() == 6)
        .map(str::to_owned)
        .collect()
}

/// The page's 类型 as a spec type, where it is one.
pub(crate) fn field_type(kind: &str) -> Option<FieldType> {
    Some(match kind.to_ascii_lowercase().as_str() {
        "string" | "str" | "varchar" | "char" => FieldType::String,
        "int" | "integer" | "long" | "short" => FieldType::Integer,
        "number" | "double" | "float" | "decimal" => FieldType::Number,
        "boolean" | "bool" => FieldType::Boolean,
        "json" => FieldType::Json,
        "object" => FieldType::Object,
        "array" | "list" | "string[]" | "list<string>" => FieldType::StringList,
        "object[]" | "list<object>" | "jsonarray" => FieldType::ObjectList,
        _ => return None,
    })
}

/// The spec type of a JSON value an example sends.
pub(crate) fn kind_of(value: &Value) -> FieldType {
    match value {
        Value::Bool(_) => FieldType::Boolean,
        Value::Number(number) if number.is_f64() => FieldType::Number,
        Value::Number(_) => FieldType::Integer,
        Value::Array(items) if items.iter().all(Value::is_string) => FieldType::StringList,
        Value::Array(_) => FieldType::ObjectList,
        Value::Object(_) => FieldType::Object,
        Value::Null | Value::String(_) => FieldType::String,
    }
}

pub(crate) fn nonempty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

pub(crate) fn is_wire_name(text: &str) -> bool {
    !text.is_empty()
        && !text.starts_with(|c: char| c.is_ascii_digit())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}
