// Judges the rules that need the whole picture. One rule, one `if`, one error at the culprit.

use std::collections::HashSet;

use proc_macro2::Span;
use syn::LitStr;
use syn::spanned::Spanned;

use crate::ast::{Endpoint, is_string, is_string_list};

impl Endpoint {
    pub(crate) fn validate(&self) -> syn::Result<()> {
        let mut errors = Errors::default();
        let args = &self.args;

        // func: the family path segment, `call`, `sms`, `traffic`, `account`.
        match &args.func {
            None => errors.missing("func", "func = \"call\""),
            Some(lit) if !is_segment(&lit.value()) => errors.at(
                lit.span(),
                "`func` must be letters and digits, such as \"call\", \"sms\", \"traffic\" or \"account\"",
            ),
            Some(_) => {}
        }
        // url: one path segment ending in `.wx`, e.g. "MeetingQuery.wx".
        match &args.url {
            None => errors.missing("url", "url = \"MeetingQuery.wx\""),
            Some(lit) => check_url(lit, &mut errors),
        }
        // action: the body's case-sensitive `action`.
        match &args.action {
            None => errors.missing("action", "action = \"queryMeeting\""),
            Some(lit) if lit.value().trim().is_empty() => errors.at(
                lit.span(),
                "`action` cannot be empty; use the documented name, e.g. \"queryMeeting\"",
            ),
            Some(lit)
                if lit
                    .value()
                    .chars()
                    .any(|c| c.is_whitespace() || c == '"' || c == '\\') =>
            {
                errors.at(
                    lit.span(),
                    "`action` cannot contain spaces, quotes or backslashes",
                )
            }
            Some(_) => {}
        }
        // version: six digits, 201512 or 201612.
        if let Some(lit) = &args.version {
            let value = lit.value();
            if value.len() != 6 || !value.bytes().all(|b| b.is_ascii_digit()) {
                errors.at(
                    lit.span(),
                    "`version` must be six digits, such as \"201512\" or \"201612\"",
                );
            }
        }
        // retry: "safe" for queries, "side-effect" (the default) for everything else.
        if let Some(lit) = &args.retry
            && !matches!(lit.value().as_str(), "safe" | "side-effect")
        {
            errors.at(
                lit.span(),
                "`retry` must be \"safe\" (a query) or \"side-effect\" (the default)",
            );
        }
        if let Some(lit) = &args.rename_all
            && lit.value() != "camelCase"
        {
            errors.at(
                lit.span(),
                "`rename_all` must be \"camelCase\" (`custom_parm` goes on the wire as `customParm`); name other wire forms per field with `#[ytx(rename = \"…\")]`",
            );
        }
        if !self.item.generics.params.is_empty() || self.item.generics.where_clause.is_some() {
            errors.at(
                self.item.generics.span(),
                "`ytx_endpoint` structs cannot be generic: each endpoint has one concrete wire form",
            );
        }
        // The expansion writes `Debug`, masking `#[ytx(secret)]` fields.
        if let Some(span) = derived_debug(&self.item.attrs) {
            errors.at(
                span,
                "remove `Debug` from this derive: `#[ytx_endpoint]` writes the struct's `Debug`, with `#[ytx(secret)]` fields masked",
            );
        }
        self.validate_fields(&mut errors);
        errors.finish()
    }

    fn validate_fields(&self, errors: &mut Errors) {
        let mut seen = HashSet::new();
        for field in &self.fields {
            let wire = field.wire_name();
            let culprit = field
                .rename
                .as_ref()
                .map_or(field.ident.span(), LitStr::span);
            if field.rename.as_ref().is_some_and(|_| !is_wire_name(&wire)) {
                errors.at(
                    culprit,
                    "`rename` must be a non-empty wire name of letters, digits and `_`",
                );
            } else if wire == "action" || wire == "appid" {
                errors.at(
                    culprit,
                    format!("`{wire}` is written by the client; remove this field"),
                );
            } else if !seen.insert(wire.clone()) {
                errors.at(culprit, format!("duplicate wire name `{wire}`"));
            }
            if let Some(span) = field.as_string
                && is_string(field.value_type())
            {
                errors.at(
                    span,
                    "`as_string` is for numbers; this field is already a string",
                );
            }
            if let Some(span) = field.comma_joined {
                if !is_string_list(field.value_type()) {
                    errors.at(
                        span,
                        "`comma_joined` is for `Vec<String>` fields, sent as \"a,b\"",
                    );
                } else if field.as_string.is_some() {
                    errors.at(span, "`comma_joined` and `as_string` cannot be combined");
                }
            }
            if field.secret.is_none() && looks_secret(&wire) {
                errors.at(
                    culprit,
                    format!(
                        "`{wire}` looks like a password or a token: mark it `#[ytx(secret)]`, so that `Debug` masks it"
                    ),
                );
            }
            if field.option_of.is_some() && field.ident == "new" {
                errors.at(
                    field.ident.span(),
                    "an optional field cannot be called `new`: its setter would clash with the \
                     constructor; name the field otherwise and add `#[ytx(rename = \"new\")]`",
                );
            }
        }
    }
}

fn check_url(lit: &LitStr, errors: &mut Errors) {
    let value = lit.value();
    if value.contains('/') || value.contains('?') {
        errors.at(lit.span(), "`url` is one path segment: no `/` or `?` (the func and version are separate arguments)");
    } else if value.len() <= 3 || !value.ends_with(".wx") {
        errors.at(
            lit.span(),
            "`url` must end in `.wx`, such as \"MeetingQuery.wx\"",
        );
    } else if !value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_')
    {
        errors.at(lit.span(), "`url` must be letters, digits, `_` and `.wx`");
    }
}

/// The span of `Debug` in a `#[derive(...)]` of the struct, if one names it.
fn derived_debug(attrs: &[syn::Attribute]) -> Option<Span> {
    let mut found = None;
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("derive")) {
        // #[derive(Debug, Clone)], #[derive(std::fmt::Debug)]
        let _ = attr.parse_nested_meta(|meta| {
            if meta
                .path
                .segments
                .last()
                .is_some_and(|last| last.ident == "Debug")
            {
                found = Some(meta.path.span());
            }
            Ok(())
        });
    }
    found
}

/// Whether a wire name reads like a credential: `sppwd`, `password`, `secret`, `token`.
fn looks_secret(wire: &str) -> bool {
    let wire = wire.to_ascii_lowercase();
    ["pwd", "passwd", "password", "secret", "token"]
        .iter()
        .any(|word| wire.contains(word))
}

fn is_segment(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn is_wire_name(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

#[derive(Default)]
struct Errors(Option<syn::Error>);

impl Errors {
    fn at(&mut self, span: Span, message: impl std::fmt::Display) {
        let error = syn::Error::new(span, message);
        match &mut self.0 {
            Some(all) => all.combine(error),
            None => self.0 = Some(error),
        }
    }

    fn missing(&mut self, key: &str, example: &str) {
        self.at(
            Span::call_site(),
            format!("missing `{key}` argument; add `{example}`"),
        );
    }

    fn finish(self) -> syn::Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}
