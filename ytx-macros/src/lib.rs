//! `#[ytx_endpoint]`: declare a YTX API endpoint as one struct.
//!
//! ```
//! use ytx_core::{Endpoint, RetryClass, Submitted, ytx_endpoint};
//!
//! /// 会议查询: query conferences.
//! #[ytx_endpoint(func = "call", url = "MeetingQuery.wx", action = "queryMeeting",
//!                version = "201612", response = Submitted, retry = "safe")]
//! pub struct MeetingQuery {
//!     /// Conference id.
//!     pub confid: Option<String>,
//!     /// How many conferences to return.
//!     #[ytx(as_string)]
//!     pub meetingcount: u32,
//! }
//!
//! let query = MeetingQuery::new(1).confid("002");
//! let body = ytx_core::encode_body(&query, "app")?;
//! assert_eq!(body, br#"{"action":"queryMeeting","appid":"app","confid":"002","meetingcount":"1"}"#);
//! assert_eq!(MeetingQuery::RETRY, RetryClass::SafeQuery);
//!
//! // The platform's MeetingQuery, as its spec entry has it:
//! let spec = ytx_spec::builtin().unwrap();
//! ytx_spec::assert_conforms::<MeetingQuery>(spec.endpoint("call", "MeetingQuery.wx", "queryMeeting").unwrap());
//! # Ok::<(), ytx_core::EncodeError>(())
//! ```
//!
//! Arguments: `func`, `url`, `action` (required); `version` (default `"201512"`);
//! `response` (default `ytx_core::Submitted`); `retry` (`"safe"` or `"side-effect"`, the
//! default); `rename_all = "camelCase"` to send `custom_parm` as `customParm` (otherwise a
//! field's name is its wire name). Field attributes: `#[ytx(rename = "customParm")]` for
//! a wire name of its own,
//! `#[ytx(as_string)]` for numbers the platform takes as strings, `#[ytx(comma_joined)]`
//! for a list sent as `"a,b"`, and `#[ytx(secret)]` for a password (a field whose name
//! reads like one, such as `sppwd`, must have it).
//!
//! The expansion keeps the struct, adds `new` (taking every non-`Option` field, so a
//! forgotten required field is a compile error) and a chainable setter per `Option` field,
//! writes `Debug` (as derived, but `#[ytx(secret)]` fields print `***`; so the struct does
//! not derive it), implements `ytx_core::Endpoint`, and registers the endpoint, so
//! `ytx_core::registered()` (the CLI, the conformance checks) finds it with no list kept by
//! hand. A `String` or `Option<String>` field whose wire name is `customParm` is the
//! request's reconciliation key: a side effect sent without one gets a generated key, and
//! its response type keeps the key sent (`ytx_core::response!` types do). The response
//! type must be `Serialize` as well as `Deserialize`: the CLI prints answers as JSON.
//! Signing, transport and decoding stay in `ytx-core`.
//!
//! Stages: `attr` reads the arguments, `ast` models the struct, `valid` judges the rules,
//! `expand` writes tokens, `fallback` turns errors into one `compile_error!` beside the
//! unchanged struct. Set `YTX_MACROS_DEBUG=1` to print each expansion.

use proc_macro::TokenStream;

mod ast;
mod attr;
mod expand;
mod fallback;
#[cfg(test)]
mod snapshots;
mod table;
mod valid;

/// Declares a YTX endpoint; see the crate documentation.
#[proc_macro_attribute]
pub fn ytx_endpoint(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = proc_macro2::TokenStream::from(item);
    let output = match expand::endpoint(args.into(), item.clone()) {
        Ok(tokens) => tokens,
        Err(err) => fallback::expand(err, item),
    };
    if std::env::var_os("YTX_MACROS_DEBUG").is_some() {
        eprintln!("{output}");
    }
    output.into()
}

/// The Markdown table of the endpoints the calling crate declares, for its documentation:
/// `#![doc = ytx_core::endpoint_table!()]` in `lib.rs`.
///
/// It reads every `.rs` file under the crate's `src/` and lists each `#[ytx_endpoint]`
/// struct, in name order: its name (a link, which resolves where the struct is exported at
/// the crate root), the first words of its documentation (up to the first `": "`), url,
/// action and version, retry class, and its `ytx` subcommand. A new endpoint is a new row
/// with nothing kept by hand.
#[proc_macro]
pub fn endpoint_table(input: TokenStream) -> TokenStream {
    match table::expand(input.into()) {
        Ok(tokens) => tokens.into(),
        Err(err) => err.to_compile_error().into(),
    }
}

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
