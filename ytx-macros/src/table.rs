// `endpoint_table!()`: the Markdown table of the endpoints a crate declares, read from its
// own sources, for its root documentation. Nothing kept by hand: a new struct is a new row.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

use crate::attr;

/// One `#[ytx_endpoint]` struct as its sources declare it.
#[derive(Debug, PartialEq)]
pub(crate) struct Row {
    name: String,
    summary: String,
    func: String,
    url: String,
    action: String,
    version: String,
    safe: bool,
}

/// The table for the crate at `manifest_dir` (its `src/`, every `.rs` file below it).
pub(crate) fn expand(input: TokenStream) -> syn::Result<TokenStream> {
    if !input.is_empty() {
        return Err(syn::Error::new_spanned(
            input,
            "`endpoint_table!()` takes no arguments: it reads the calling crate's `src/`",
        ));
    }
    let dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .ok_or_else(|| {
            syn::Error::new(
                proc_macro2::Span::call_site(),
                "`endpoint_table!()` runs under cargo",
            )
        })?;
    let rows = rows_in(&dir.join("src")).map_err(|err| {
        syn::Error::new(
            proc_macro2::Span::call_site(),
            format!("endpoint_table!: {err}"),
        )
    })?;
    let table = render(&rows);
    Ok(quote::quote!(#table))
}

/// Every endpoint declared under `src`, in name order.
pub(crate) fn rows_in(src: &Path) -> Result<Vec<Row>, String> {
    let mut files = Vec::new();
    rust_files(src, &mut files).map_err(|err| format!("{}: {err}", src.display()))?;
    let mut rows = Vec::new();
    for file in files {
        let text =
            std::fs::read_to_string(&file).map_err(|err| format!("{}: {err}", file.display()))?;
        let tokens =
            TokenStream::from_str(&text).map_err(|err| format!("{}: {err}", file.display()))?;
        rows_of(tokens, &mut rows).map_err(|err| format!("{}: {err}", file.display()))?;
    }
    rows.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(rows)
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut paths = std::fs::read_dir(dir)?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<Vec<_>, _>>()?;
    paths.sort();
    for path in paths {
        if path.is_dir() {
            rust_files(&path, found)?;
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
    Ok(())
}

/// The endpoints among `tokens` (a whole file, modules included).
fn rows_of(tokens: TokenStream, rows: &mut Vec<Row>) -> syn::Result<()> {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut docs: Vec<String> = Vec::new();
    let mut args = None;
    let mut at = 0;
    while at < tokens.len() {
        match &tokens[at] {
            // An attribute: `#` then `[...]`.
            TokenTree::Punct(hash) if hash.as_char() == '#' => {
                if let Some(TokenTree::Group(group)) = tokens.get(at + 1)
                    && group.delimiter() == Delimiter::Bracket
                {
                    let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                    match inner.as_slice() {
                        [
                            TokenTree::Ident(ident),
                            TokenTree::Punct(eq),
                            TokenTree::Literal(lit),
                        ] if ident == "doc" && eq.as_char() == '=' => {
                            if let Ok(syn::Lit::Str(text)) =
                                syn::parse2::<syn::Lit>(TokenTree::Literal(lit.clone()).into())
                            {
                                docs.push(text.value());
                            }
                        }
                        [.., TokenTree::Ident(ident), TokenTree::Group(call)]
                            if ident == "ytx_endpoint" =>
                        {
                            args = Some(attr::parse(call.stream())?);
                        }
                        _ => {}
                    }
                    at += 2;
                    continue;
                }
            }
            TokenTree::Ident(ident) if ident == "struct" => {
                if let (Some(args), Some(TokenTree::Ident(name))) =
                    (args.take(), tokens.get(at + 1))
                {
                    rows.push(row(name.to_string(), &docs, &args));
                }
                docs.clear();
            }
            // `pub`, `pub(crate)`: the item goes on.
            TokenTree::Ident(ident) if ident == "pub" => {}
            TokenTree::Group(group) if group.delimiter() == Delimiter::Parenthesis => {}
            TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                // A module's body, or an item's: look inside, then start afresh.
                rows_of(group.stream(), rows)?;
                docs.clear();
                args = None;
            }
            _ => {
                docs.clear();
                args = None;
            }
        }
        at += 1;
    }
    Ok(())
}

fn row(name: String, docs: &[String], args: &attr::Args) -> Row {
    let text = |lit: &Option<syn::LitStr>| lit.as_ref().map(syn::LitStr::value).unwrap_or_default();
    let first: Vec<&str> = docs
        .iter()
        .map(|line| line.trim())
        .take_while(|line| !line.is_empty())
        .collect();
    let first = first.join(" ");
    // "会议查询 (`xunzhong.queryMeeting`): one conference…" → its name, before the colon.
    let summary = match first.find(": ") {
        Some(at) => first[..at].to_owned(),
        None => first,
    };
    Row {
        name,
        summary: summary.replace('|', "\\|"),
        func: text(&args.func),
        url: text(&args.url),
        action: text(&args.action),
        version: args
            .version
            .as_ref()
            .map_or_else(|| "201512".to_owned(), syn::LitStr::value),
        safe: args.retry.as_ref().is_some_and(|lit| lit.value() == "safe"),
    }
}

pub(crate) fn render(rows: &[Row]) -> String {
    let mut out = String::from(
        "| endpoint | what | url, action (version) | retry | `ytx` |\n|---|---|---|---|---|\n",
    );
    for row in rows {
        let retry = if row.safe {
            "safe query: retried"
        } else {
            "side effect: never retried once sent"
        };
        out.push_str(&format!(
            "| [`{name}`] | {summary} | `{url}`, `{action}` ({version}) | {retry} | `ytx {family} {command}` |\n",
            name = row.name,
            summary = row.summary,
            url = row.url,
            action = row.action,
            version = row.version,
            family = row.func.to_ascii_lowercase(),
            command = kebab_case(&row.name),
        ));
    }
    out
}

/// `MeetingQuery` → `meeting-query`, as `ytx_core::Operation::subcommand` names it.
fn kebab_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.char_indices() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structs_with_the_attribute_make_rows_and_others_do_not() {
        let source = r#"
            /// Not an endpoint.
            pub struct Plain { a: u8 }

            mod inner {
                /// 会议查询 (`xunzhong.queryMeeting`): one conference.
                ///
                /// More.
                #[ytx_endpoint(func = "call", url = "MeetingQuery.wx", action = "queryMeeting",
                               version = "201612", retry = "safe")]
                #[derive(Clone)]
                pub struct MeetingQuery { pub confid: Option<String> }
            }

            /// 双向呼叫 | two-way
            #[ytx_core::ytx_endpoint(func = "call", url = "DailbackCall.wx", action = "callDailBack")]
            pub(crate) struct DailbackCall {}
        "#;
        let mut rows = Vec::new();
        rows_of(TokenStream::from_str(source).unwrap(), &mut rows).unwrap();
        assert_eq!(rows.len(), 2, "{rows:?}");
        let table = render(&rows);
        assert_eq!(
            table.lines().nth(2),
            Some(
                "| [`MeetingQuery`] | 会议查询 (`xunzhong.queryMeeting`) | `MeetingQuery.wx`, `queryMeeting` (201612) | safe query: retried | `ytx call meeting-query` |"
            )
        );
        assert_eq!(
            table.lines().nth(3),
            Some(
                "| [`DailbackCall`] | 双向呼叫 \\| two-way | `DailbackCall.wx`, `callDailBack` (201512) | side effect: never retried once sent | `ytx call dailback-call` |"
            )
        );
    }

    #[test]
    fn the_call_family_is_read_from_its_sources() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ytx-call/src");
        let rows = rows_in(&src).unwrap();
        let names: Vec<&str> = rows.iter().map(|row| row.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "CdrByResId",
                "CdrByTime",
                "CodeCallOut",
                "CreateMeeting",
                "DailbackCall",
                "MeetingQuery",
                "NoticeCall"
            ]
        );
        let notice = rows.iter().find(|row| row.name == "NoticeCall").unwrap();
        assert_eq!(
            (notice.url.as_str(), notice.action.as_str(), notice.safe),
            ("NoticeCall.wx", "templateNoticeCall", false)
        );
    }

    #[test]
    fn a_name_becomes_its_subcommand() {
        assert_eq!(kebab_case("MeetingQuery"), "meeting-query");
        assert_eq!(kebab_case("CdrByResId"), "cdr-by-res-id");
    }
}
