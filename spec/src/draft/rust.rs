//! The struct file of a draft: the `#[ytx_endpoint]` struct, and its response type when the
//! answer carries more than the envelope. Written as rustfmt would, so that a team can keep it
//! as it comes.

use std::fmt::Write as _;

use serde_json::Value;

use crate::endpoint::{EndpointSpec, FieldType, RequestField, ResponseField, Retry, WireType};

/// The envelope every answer has; `ytx_core::response!` declares it.
const ENVELOPE: &[&str] = &["statusCode", "statusMsg", "requestId"];

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe",
    "use", "where", "while",
];

pub(crate) fn render(spec: &EndpointSpec, guesses: &[String]) -> String {
    let name = spec.name.as_deref().unwrap_or("Endpoint");
    let title = title(spec);
    let mut out = String::new();
    let _ = writeln!(out, "//! {title}: written by `ytx endpoint new`.");
    if !guesses.is_empty() {
        out.push_str("//!\n//! Guessed, to check against the platform (then delete this list):\n");
        for guess in guesses {
            let _ = writeln!(out, "//! - {guess}");
        }
    }
    out.push_str("\nuse ytx_core::ytx_endpoint;\n\n");
    let _ = writeln!(out, "/// {title}.\n///");
    let _ = writeln!(
        out,
        "/// `POST /{}/sid/{{accountSID}}/{}/{}`, action `{}`. {}",
        spec.version,
        spec.func,
        spec.url,
        spec.action,
        match spec.retry {
            Retry::Safe => "A query: safe to retry.",
            Retry::SideEffect => "A side effect: never retried once sent.",
        }
    );
    let response = Response::of(spec, name);
    let camel = spec
        .request
        .iter()
        .all(|f| camel_case(&snake_case(&f.wire)) == f.wire)
        && spec.request.iter().any(|f| snake_case(&f.wire) != f.wire);
    let mut args = vec![
        format!("func = {:?}", spec.func),
        format!("url = {:?}", spec.url),
        format!("action = {:?}", spec.action),
        format!("version = {:?}", spec.version),
    ];
    if let Some(response) = &response {
        args.push(format!("response = {}", response.name));
    }
    args.push(format!("retry = {:?}", spec.retry.as_str()));
    if camel {
        args.push("rename_all = \"camelCase\"".into());
    }
    out.push_str(&attribute(0, "ytx_endpoint", &args));
    out.push_str("#[derive(Clone, PartialEq)]\n");
    if spec.request.is_empty() {
        let _ = writeln!(out, "pub struct {name} {{}}");
    } else {
        let _ = writeln!(out, "pub struct {name} {{");
        for field in &spec.request {
            request_field(&mut out, field, camel);
        }
        out.push_str("}\n");
    }
    if let Some(response) = response {
        response.render(&mut out, name);
    }
    out
}

fn title(spec: &EndpointSpec) -> String {
    match (&spec.name_zh, &spec.doc_name) {
        (Some(zh), Some(doc)) => format!("{zh} (`{doc}`)"),
        (Some(zh), None) => zh.clone(),
        (None, Some(doc)) => format!("`{doc}`"),
        (None, None) => format!("`{}` `{}`", spec.url, spec.action),
    }
}

fn request_field(out: &mut String, field: &RequestField, camel: bool) {
    let ident = ident(&field.wire);
    field_doc(out, 4, &field.wire, field.description.as_deref());
    let mut options = Vec::new();
    let plain = ident.trim_start_matches("r#");
    if plain != field.wire && !(camel && camel_case(plain) == field.wire) {
        options.push(format!("rename = {:?}", field.wire));
    }
    match field.wire_type {
        Some(WireType::String) => options.push("as_string".into()),
        Some(WireType::CommaJoined) => options.push("comma_joined".into()),
        None => {}
    }
    if ["pwd", "passwd", "password", "secret", "token"]
        .iter()
        .any(|word| field.wire.to_ascii_lowercase().contains(word))
    {
        options.push("secret".into());
    }
    if !options.is_empty() {
        out.push_str(&attribute(4, "ytx", &options));
    }
    let ty = match field.kind {
        FieldType::String => "String",
        FieldType::Integer => "u32",
        FieldType::Number => "f64",
        FieldType::Boolean => "bool",
        FieldType::StringList => "Vec<String>",
        FieldType::Object | FieldType::Json => "serde_json::Value",
        FieldType::ObjectList => "Vec<serde_json::Value>",
    };
    if field.required == Some(true) {
        let _ = writeln!(out, "    pub {ident}: {ty},");
    } else {
        let _ = writeln!(out, "    pub {ident}: Option<{ty}>,");
    }
}

/// The answer's own fields, where it has any beyond the envelope.
struct Response {
    name: String,
    fields: Vec<AnswerField>,
}

struct AnswerField {
    wire: String,
    kind: FieldType,
    description: Option<String>,
    /// The fields of an object, from `data.x` rows or the example's keys.
    inner: Vec<AnswerField>,
}

impl Response {
    fn of(spec: &EndpointSpec, name: &str) -> Option<Self> {
        let example = spec.examples.responses.first();
        let mut fields: Vec<AnswerField> = Vec::new();
        for row in spec
            .response
            .iter()
            .filter(|row| !row.wire.contains(['.', '[']))
        {
            if ENVELOPE.contains(&row.wire.as_str()) {
                continue;
            }
            fields.push(answer_field(row, &spec.response, example));
        }
        for (wire, value) in example.and_then(Value::as_object).into_iter().flatten() {
            if !ENVELOPE.contains(&wire.as_str()) && !fields.iter().any(|f| &f.wire == wire) {
                fields.push(AnswerField {
                    wire: wire.clone(),
                    kind: kind_of(value),
                    description: None,
                    inner: Vec::new(),
                });
            }
        }
        (!fields.is_empty()).then(|| Self {
            name: format!("{name}Response"),
            fields,
        })
    }

    fn render(&self, out: &mut String, endpoint: &str) {
        let _ = writeln!(
            out,
            "\nytx_core::response! {{\n    /// The answer to [`{endpoint}`].\n    pub struct {} {{",
            self.name
        );
        let mut objects = Vec::new();
        for field in &self.fields {
            let ident = ident(&field.wire);
            field_doc(out, 8, &field.wire, field.description.as_deref());
            let (ty, with) = if field.inner.is_empty() {
                answer_type(field.kind)
            } else {
                let ty = format!("{endpoint}{}", pascal(&ident));
                objects.push((ty.clone(), field));
                (ty, Some("ytx_core::lenient::opt_object"))
            };
            out.push_str(&serde_attribute(8, &ident, &field.wire, with));
            let _ = writeln!(out, "        pub {ident}: Option<{ty}>,");
        }
        out.push_str("    }\n}\n");
        for (ty, field) in objects {
            let _ = writeln!(
                out,
                "\n/// `{}` of [`{}`].\n#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]\npub struct {ty} {{",
                field.wire, self.name
            );
            for inner in &field.inner {
                let ident = ident(&inner.wire);
                field_doc(out, 4, &inner.wire, inner.description.as_deref());
                let (ty, with) = answer_type(inner.kind);
                out.push_str(&serde_attribute(4, &ident, &inner.wire, with));
                let _ = writeln!(out, "    pub {ident}: Option<{ty}>,");
            }
            out.push_str("    /// Every other field the platform sent.\n    #[serde(flatten)]\n");
            out.push_str("    pub extra: serde_json::Map<String, serde_json::Value>,\n}\n");
        }
    }
}

/// `/// `wire`: what the page says of it.`
fn field_doc(out: &mut String, indent: usize, wire: &str, description: Option<&str>) {
    let _ = writeln!(
        out,
        "{:indent$}/// `{wire}`: {}",
        "",
        description.unwrap_or("(not described)")
    );
}

fn answer_field(
    row: &ResponseField,
    rows: &[ResponseField],
    example: Option<&Value>,
) -> AnswerField {
    let prefix = format!("{}.", row.wire);
    let mut inner: Vec<AnswerField> = rows
        .iter()
        .filter_map(|inner| {
            let wire = inner.wire.strip_prefix(&prefix)?;
            (!wire.contains(['.', '['])).then(|| AnswerField {
                wire: wire.to_owned(),
                kind: inner.kind,
                description: inner.description.clone(),
                inner: Vec::new(),
            })
        })
        .collect();
    let sent = example.and_then(|answer| answer.get(&row.wire));
    if let Some(Value::Object(members)) = sent {
        for (wire, value) in members {
            if !inner.iter().any(|f| &f.wire == wire) {
                inner.push(AnswerField {
                    wire: wire.clone(),
                    kind: kind_of(value),
                    description: None,
                    inner: Vec::new(),
                });
            }
        }
    }
    let object = matches!(row.kind, FieldType::Object | FieldType::Json)
        && (sent.is_none_or(Value::is_object));
    AnswerField {
        wire: row.wire.clone(),
        kind: row.kind,
        description: row.description.clone(),
        inner: if object { inner } else { Vec::new() },
    }
}

/// A value type that keeps whatever the platform sends, and its lenient reader.
fn answer_type(kind: FieldType) -> (String, Option<&'static str>) {
    match kind {
        FieldType::String => ("String".into(), Some("ytx_core::lenient::opt_string")),
        FieldType::Integer => ("u64".into(), Some("ytx_core::lenient::opt_u64")),
        FieldType::StringList => ("Vec<String>".into(), None),
        // Kept exactly as sent: numbers, booleans and undocumented shapes alike.
        _ => ("ytx_core::RawJson".into(), None),
    }
}

fn serde_attribute(indent: usize, ident: &str, wire: &str, with: Option<&str>) -> String {
    let mut args = Vec::new();
    if ident.trim_start_matches("r#") != wire {
        args.push(format!("rename = {wire:?}"));
    }
    args.push("default".into());
    if let Some(with) = with {
        args.push(format!("deserialize_with = {with:?}"));
    }
    args.push("skip_serializing_if = \"Option::is_none\"".into());
    attribute(indent, "serde", &args)
}

/// `#[name(a, b)]` on one line where it fits in 100 columns, one argument per line if not.
fn attribute(indent: usize, name: &str, args: &[String]) -> String {
    let pad = " ".repeat(indent);
    let one = format!("{pad}#[{name}({})]", args.join(", "));
    if one.chars().count() <= 100 {
        return one + "\n";
    }
    let mut out = format!("{pad}#[{name}(\n");
    for (index, arg) in args.iter().enumerate() {
        let comma = if index + 1 < args.len() { "," } else { "" };
        let _ = writeln!(out, "{pad}    {arg}{comma}");
    }
    let _ = writeln!(out, "{pad})]");
    out
}

fn kind_of(value: &Value) -> FieldType {
    match value {
        Value::String(_) => FieldType::String,
        Value::Number(number) if !number.is_f64() => FieldType::Integer,
        Value::Object(_) => FieldType::Object,
        _ => FieldType::Json,
    }
}

/// A field name for a wire name: `customParm` → `custom_parm`, `type` → `r#type`.
fn ident(wire: &str) -> String {
    let snake = snake_case(wire);
    if KEYWORDS.contains(&snake.as_str()) {
        format!("r#{snake}")
    } else {
        snake
    }
}

/// `customParm` → `custom_parm`, `AccountSID` → `account_sid`, `MeetingQuery` → `meeting_query`.
pub(crate) fn snake_case(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 4);
    for (index, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let after_lower =
                index > 0 && !chars[index - 1].is_ascii_uppercase() && chars[index - 1] != '_';
            let before_lower = chars.get(index + 1).is_some_and(char::is_ascii_lowercase)
                && index > 0
                && chars[index - 1].is_ascii_uppercase();
            if after_lower || before_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `custom_parm` → `customParm`, as `rename_all = "camelCase"` does.
fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn pascal(snake: &str) -> String {
    super::pascal_case(snake.trim_start_matches("r#"))
}

#[cfg(test)]
mod tests;
