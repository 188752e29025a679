//! The YTX (云讯 / 讯众, `api.ytx.net`) wire protocol, without I/O.
//!
//! Everything here is a pure function of its inputs: no clock is read, no socket opened, and
//! the dependency tree holds no hyper and no tokio. The SDK's client (`ytx-core`), its
//! callback receiver, the offline emulator's judge and `ytx sign` all use this crate, so the
//! signing recipe and the lenient readers exist once.
//!
//! - [`Timestamp`]: `yyyyMMddHHmmss` in Beijing time (UTC+8), whatever the host's time zone.
//! - [`sign`]: `Sign` and `Authorization`, made ([`sign::sign`], [`sign::authorization`]) and
//!   verified ([`sign::verify_sign`], [`sign::parse_authorization`]); the request path.
//! - [`Endpoint`] and [`encode_body`]: the request body, `action` and `appid` first.
//! - [`decode`]: a 2xx answer into the endpoint's response, an [`ApiError`] or a
//!   [`DecodeError`].
//! - [`ApiCode`]: the documented status codes, each with a hint.
//! - [`lenient`], [`wire`]: reading what the platform (or a person) writes as a string or a
//!   number; [`Yuan`], [`RawJson`]; [`callback`]: the pushes, typed.
//! - [`RawRequest`]: a request to an endpoint no struct models.
//! - [`reconcile`]: which lookups tell whether a request of unknown outcome took effect,
//!   and what their answers say; [`ReconciliationKey`], the `customParm` a side effect
//!   sent without one is given so that it can be found.
//!
//! ```
//! use ytx_protocol::{AuthToken, Timestamp, sign};
//!
//! // The signing vector `spec/signing/doc-meeting-query`: one timestamp, Beijing time, for
//! // both the Sign and the Authorization.
//! let sid = "abcdefghijklmnopqrstuvwxyz012345";
//! let token = AuthToken::new("ytxdoctoken0123456789abcdef012345");
//! let timestamp = Timestamp::parse("20140416142030")?;
//!
//! let signature = sign::sign(sid, &token, &timestamp);
//! assert_eq!(signature.as_str(), "94797EDF9903D401782973C55FE62D31");
//! // The platform, and so the emulator, accept the Sign in either case.
//! assert!(sign::verify_sign(sid, &token, &timestamp, "94797edf9903d401782973c55fe62d31"));
//!
//! let authorization = sign::authorization(sid, &timestamp);
//! assert_eq!(sign::parse_authorization(authorization.as_str().as_bytes())?, (sid.to_owned(), timestamp));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod callback;
mod decode;
mod encode;
mod endpoint;
mod error;
pub mod http_date;
mod key;
pub mod lenient;
mod money;
mod raw;
mod raw_json;
pub mod reconcile;
pub mod redact;
mod secret;
pub mod sign;
mod status;
mod timestamp;
pub mod wire;

pub use decode::{decode, request_id, without_bom};
pub use encode::{BodyWriter, WireNumber, write_body, write_body_keyed};
pub use endpoint::{
    Endpoint, FieldInfo, KeepsCustomParm, RetryClass, encode_body, encode_body_keyed,
};
pub use error::{AnswerError, DecodeError, EncodeError};
pub use key::{KEY_LEN, ReconciliationKey};
pub use money::Yuan;
pub use raw::{DEFAULT_RAW_VERSION, RawRequest, RawRequestError};
pub use raw_json::RawJson;
pub use secret::{AuthToken, Masked};
pub use status::{ApiCode, ApiError};
pub use timestamp::{InvalidTimestamp, Timestamp};

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
