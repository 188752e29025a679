//! Drafts of a new endpoint: its spec entry and its struct, made from the platform's page
//! (the text a team copies from the browser) or from flags, as `ytx endpoint new` writes
//! them. The two conform to each other as written; what the page did not say is listed as a
//! guess in both.
//!
//! ```
//! use ytx_spec::draft::{Draft, Flags};
//!
//! let page = "会议查询\n公共请求参数:\n名称 | 类型 | 是否必须 | 描述 |\n\
//!     func | string | 是 | 当前功能属:call |\nfuncURL | string | 是 | 当前功能属:MeetingQuery.wx |\n\
//!     version | string | 是 | 目前可选版本:201612 |\n请求参数:\n名称 | 类型 | 是否必须 | 描述 |\n\
//!     action | string | 是 | 默认值:queryMeeting |\nmeetingcount | int | 是 | 查询几条记录 |\n";
//! let draft = Draft::from_page("page.txt", page, &Flags::default())?;
//! assert_eq!(draft.spec().key(), "call/MeetingQuery.wx queryMeeting");
//! assert!(draft.rust_source().contains("pub meetingcount: u32,"));
//! assert!(!draft.guesses().is_empty()); // the retry class, at least
//! # Ok::<(), ytx_spec::draft::DraftError>(())
//! ```

mod error;
mod flags;
mod infer;
mod page;
mod rust;
mod values;

use serde_json::{Map, Value};

pub use error::DraftError;
pub use flags::Flags;

use crate::endpoint::{EndpointSpec, Examples, FieldType, RequestField, ResponseField, Retry};

/// Where a drafted spec file finds its schema unless told otherwise: the schema as published
/// in the repository.
pub const SCHEMA_URL: &str =
    "https://raw.githubusercontent.com/ytx-rs/ytx-rs/main/spec/schema/endpoint.json";

/// What a page or the flags give, before it is checked.
#[derive(Debug, Default)]
pub(crate) struct Parts {
    pub(crate) source: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) name_zh: Option<String>,
    pub(crate) doc_name: Option<String>,
    pub(crate) func: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) action: Option<String>,
    pub(crate) version: Option<String>,
    pub(crate) retry: Option<Retry>,
    pub(crate) fields: Vec<RequestField>,
    pub(crate) response: Vec<ResponseField>,
    pub(crate) example: Option<Map<String, Value>>,
    pub(crate) responses: Vec<Value>,
    pub(crate) errors: Vec<Value>,
    pub(crate) guesses: Vec<String>,
}

/// A new endpoint's spec entry, and the guesses made for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    spec: EndpointSpec,
    guesses: Vec<String>,
}

impl Draft {
    /// A draft from a platform page's text (`source` names it in errors); `flags` add to it
    /// and win over it.
    pub fn from_page(source: &str, text: &str, flags: &Flags) -> Result<Self, DraftError> {
        let mut parts = infer::read(source, text)?;
        flags.apply(&mut parts)?;
        Self::finish(parts, flags)
    }

    /// A draft from flags alone, where there is no page.
    pub fn from_flags(flags: &Flags) -> Result<Self, DraftError> {
        let mut parts = Parts::default();
        flags.apply(&mut parts)?;
        Self::finish(parts, flags)
    }

    fn finish(mut parts: Parts, flags: &Flags) -> Result<Self, DraftError> {
        let source = parts.source.clone().unwrap_or_else(|| "flags".to_owned());
        let missing: Vec<&str> = [
            ("func", &parts.func),
            ("url", &parts.url),
            ("action", &parts.action),
            ("version", &parts.version),
        ]
        .into_iter()
        .filter(|(_, value)| value.is_none())
        .map(|(name, _)| name)
        .collect();
        if !missing.is_empty() {
            let flags: Vec<String> = missing.iter().map(|name| format!("--{name}")).collect();
            return Err(DraftError::new(
                &source,
                format!(
                    "no {} found: give {} (a page says them in its 公共请求参数 table, 请求参数's action row or 报文示例's URL)",
                    missing.join(", "),
                    flags.join(", ")
                ),
            ));
        }
        let [func, url, action, version] =
            [parts.func, parts.url, parts.action, parts.version].map(Option::unwrap_or_default);
        let bad = |what: &str| DraftError::new(&source, what.to_owned());
        if !url.ends_with(".wx") || url.contains('/') {
            return Err(bad(&format!(
                "url `{url}` is not a platform url (`Name.wx`)"
            )));
        }
        if version.len() != 6 || !version.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad(&format!(
                "version `{version}` is not six digits (`201612`)"
            )));
        }
        if !values::is_wire_name(&func) || !values::is_wire_name(&action) {
            return Err(bad(&format!(
                "func `{func}` and action `{action}` are letters, digits and `_`"
            )));
        }
        let name = match parts.name {
            Some(name) => name,
            None => {
                let name = pascal_case(url.trim_end_matches(".wx"));
                parts.guesses.push(format!(
                    "the struct is named `{name}` after the url; --name to change it"
                ));
                name
            }
        };
        if !values::is_wire_name(&name) || !name.starts_with(|c: char| c.is_ascii_uppercase()) {
            return Err(bad(&format!(
                "`{name}` is not a struct name (`MeetingQuery`)"
            )));
        }
        let retry = match parts.retry {
            Some(retry) => retry,
            None => {
                let query = ["query", "get", "list", "view", "search", "find", "check"]
                    .iter()
                    .any(|prefix| action.starts_with(prefix));
                let (retry, why) = if query {
                    (Retry::Safe, "a query, by its action's name: retried")
                } else {
                    (Retry::SideEffect, "a side effect: never retried once sent")
                };
                parts.guesses.push(format!(
                    "retry \"{}\": {why}; the page does not say, --retry to change it",
                    retry.as_str()
                ));
                retry
            }
        };
        if parts
            .fields
            .iter()
            .any(|field| field.kind == FieldType::Integer)
        {
            parts.guesses.push(
                "integers are `u32` in the struct: widen any the platform allows more".into(),
            );
        }
        let notes = (!parts.guesses.is_empty()).then(|| {
            format!(
                "Guessed by `ytx endpoint new`, to check against the platform: {}",
                parts.guesses.join("; ")
            )
        });
        let spec = EndpointSpec {
            schema: Some(
                flags
                    .schema
                    .clone()
                    .unwrap_or_else(|| SCHEMA_URL.to_owned()),
            ),
            name: Some(name),
            name_zh: parts.name_zh,
            doc_name: parts.doc_name,
            func,
            url,
            action,
            version,
            retry,
            source: Some(format!("{source}, read by `ytx endpoint new`")),
            confidence: None,
            request: parts.fields,
            response: parts.response,
            examples: Examples {
                request: parts.example,
                responses: parts.responses,
                errors: parts.errors,
            },
            notes,
            example_note: None,
        };
        Ok(Self {
            spec,
            guesses: parts.guesses,
        })
    }

    /// The spec entry.
    pub fn spec(&self) -> &EndpointSpec {
        &self.spec
    }

    /// What was not read from the page or the flags, one sentence each.
    pub fn guesses(&self) -> &[String] {
        &self.guesses
    }

    /// The struct's name, e.g. `MeetingQuery`.
    pub fn name(&self) -> &str {
        self.spec.name.as_deref().unwrap_or_default()
    }

    /// The spec file's name: `meeting-query.json`.
    pub fn spec_file_name(&self) -> String {
        format!("{}.json", rust::snake_case(self.name()).replace('_', "-"))
    }

    /// The struct file's name: `meeting_query.rs`.
    pub fn rust_file_name(&self) -> String {
        format!("{}.rs", rust::snake_case(self.name()))
    }

    /// The spec file's text, in the format of `spec/endpoints/`.
    pub fn spec_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.spec)
            .unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"));
        text.push('\n');
        text
    }

    /// The struct's file: a Rust module with the `#[ytx_endpoint]` struct and its response
    /// type. It needs `ytx-core`, and `serde` (with `derive`) and `serde_json` when the
    /// answer has a typed object.
    pub fn rust_source(&self) -> String {
        rust::render(&self.spec, &self.guesses)
    }
}

/// `MeetingQuery` from `MeetingQuery`, `callCdr`, `call_cdr`, `call-cdr`.
pub(crate) fn pascal_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut upper = true;
    for c in text.chars() {
        if c == '_' || c == '-' {
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
