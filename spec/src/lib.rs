//! The YTX (云讯 / 讯众) API spec as typed data.
//!
//! `spec/` is transcribed from the platform's documentation independently of the Rust
//! structs; this crate reads it and is the only way the emulator, the CLI and the tests see
//! it. Every file is embedded at build time (no hand-kept list), and a file that does not fit
//! the model is an error naming the file and the field. It does not depend on `ytx-core` or
//! any endpoint struct, so it stays an independent check on them; the optional
//! `conformance` feature adds that check.
//!
//! - [`builtin`]: the spec this crate was built with: [`EndpointSpec`]s in a [`Catalog`],
//!   [`CallbackSpec`]s, [`StatusCodeSpec`]s and [`SigningVector`]s.
//! - [`endpoint_file`], [`Catalog::load_dir`]: more endpoint files at run time, in the same
//!   format as `spec/endpoints/` (a team's own endpoints). Only the wire is required in them;
//!   a bad one reports every problem at once, each with its line ([`SpecError::problems`]).
//! - [`ENDPOINT_SCHEMA`]: the files' JSON Schema, made from these types (feature `schema`).
//! - [`draft`]: a new endpoint's spec file and struct file from the platform's page, as
//!   `ytx endpoint new` writes them.
//! - `assert_conforms` (feature `conformance`): holds an `#[ytx_endpoint]` struct to its
//!   entry.
//!
//! ```
//! let spec = ytx_spec::builtin()?;
//! let query = spec.endpoint("call", "MeetingQuery.wx", "queryMeeting").unwrap();
//! assert_eq!(query.version, "201612");
//! assert_eq!(query.name_zh.as_deref(), Some("会议查询"));
//!
//! // A team's file needs only the wire; every problem of a bad one is reported at once.
//! let err = ytx_spec::endpoint_text("mine.json", r#"{
//!   "func": "call", "url": "CallBlock.wx", "action": "addBlock",
//!   "retry": "sometimes",
//!   "request": [{ "wire": "phone", "type": "text" }]
//! }"#).unwrap_err();
//! assert_eq!(err.problems().count(), 3); // version missing, retry and type unknown
//! assert_eq!(err.problems().nth(1).unwrap().position().map(|(line, _)| line), Some(3));
//! # Ok::<(), ytx_spec::SpecError>(())
//! ```

mod callback;
mod catalog;
#[cfg(feature = "conformance")]
mod conformance;
pub mod draft;
mod endpoint;
mod error;
mod locate;
mod parse;
mod schema;
mod signing;
mod spec;
mod status;

pub use callback::{CallbackKind, CallbackSpec};
pub use catalog::{Catalog, endpoint_file, endpoint_text};
#[cfg(feature = "conformance")]
pub use conformance::{Mismatch, Nonconformance, assert_conforms, check, keeps};
pub use endpoint::{
    EndpointSpec, Examples, FieldType, Format, RequestField, ResponseField, Retry, WireType,
};
pub use error::SpecError;
pub use schema::ENDPOINT_SCHEMA;
pub use signing::{SigningInput, SigningVector};
pub use spec::{Spec, builtin};
pub use status::StatusCodeSpec;

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
