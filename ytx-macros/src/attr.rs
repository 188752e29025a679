// Reads `#[ytx_endpoint(...)]` arguments, keeping each literal for its span.

use proc_macro2::TokenStream;
use syn::meta::ParseNestedMeta;
use syn::parse::Parser;
use syn::{LitStr, Type};

pub(crate) const EXPECTED: &str = "func, url, action, version, response, retry, rename_all";

#[derive(Default)]
pub(crate) struct Args {
    pub(crate) func: Option<LitStr>,
    pub(crate) url: Option<LitStr>,
    pub(crate) action: Option<LitStr>,
    pub(crate) version: Option<LitStr>,
    pub(crate) response: Option<Type>,
    pub(crate) retry: Option<LitStr>,
    pub(crate) rename_all: Option<LitStr>,
}

impl Args {
    /// Whether field names go on the wire in camelCase (`rename_all = "camelCase"`).
    pub(crate) fn camel_case(&self) -> bool {
        self.rename_all
            .as_ref()
            .is_some_and(|lit| lit.value() == "camelCase")
    }
}

pub(crate) fn parse(tokens: TokenStream) -> syn::Result<Args> {
    let mut args = Args::default();
    let parser = syn::meta::parser(|meta| {
        let key = meta
            .path
            .get_ident()
            .map(ToString::to_string)
            .unwrap_or_default();
        match key.as_str() {
            // func = "call"
            "func" => string(&meta, &mut args.func, "func"),
            // url = "MeetingQuery.wx"
            "url" => string(&meta, &mut args.url, "url"),
            // action = "queryMeeting"
            "action" => string(&meta, &mut args.action, "action"),
            // version = "201612"
            "version" => string(&meta, &mut args.version, "version"),
            // retry = "safe" | "side-effect"
            "retry" => string(&meta, &mut args.retry, "retry"),
            // rename_all = "camelCase"
            "rename_all" => string(&meta, &mut args.rename_all, "rename_all"),
            // response = MeetingQueryResponse
            "response" => {
                if args.response.is_some() {
                    return Err(meta.error("duplicate `response` argument"));
                }
                args.response = Some(meta.value()?.parse()?);
                Ok(())
            }
            _ => {
                let path = quote::ToTokens::to_token_stream(&meta.path).to_string();
                Err(meta.error(format!(
                    "unknown `ytx_endpoint` argument `{}`; expected one of {EXPECTED}",
                    path.replace(' ', "")
                )))
            }
        }
    });
    parser.parse2(tokens)?;
    Ok(args)
}

fn string(meta: &ParseNestedMeta<'_>, slot: &mut Option<LitStr>, key: &str) -> syn::Result<()> {
    if slot.is_some() {
        return Err(meta.error(format!("duplicate `{key}` argument")));
    }
    let value = meta.value()?;
    *slot = Some(value.parse().map_err(|err| {
        syn::Error::new(
            err.span(),
            format!("`{key}` takes a string literal, e.g. {key} = \"…\""),
        )
    })?);
    Ok(())
}
