//! Runtime of the YTX (云讯 / 讯众) SDK: the client, its transport, retries and errors.
//!
//! Endpoint crates (`ytx-call`, …) declare each operation as one struct with
//! `#[ytx_endpoint]`; this crate does everything else, generically:
//!
//! - [`Config`]: credentials, target and limits, from code or `YTX_*` variables; its `Debug`
//!   never shows the auth token.
//! - [`Clock`]: where the one timestamp per request comes from (Beijing time, whatever the
//!   host's `TZ`).
//! - The protocol without I/O, from `ytx-protocol` and re-exported here: [`sign`] (`Sign` and
//!   `Authorization`, made and verified), [`Timestamp`], [`Endpoint`], [`decode`],
//!   [`ApiCode`], [`lenient`], [`Yuan`], [`RawJson`], the [`callback`] payloads.
//! - [`Endpoint`]: what the macro implements; [`registered`] lists every endpoint struct
//!   linked into the program, as [`Operation`]s.
//! - [`Client`]: one pooled hyper client; `send` signs, sends under a deadline for the whole
//!   call and one for each attempt (both overridable per call: `with_call_timeout`, …), and
//!   decodes. A side effect with `customParm` sent without one carries a generated
//!   [`ReconciliationKey`]; one whose caller stops waiting is finished in the background and
//!   reported as an [`Abandoned`]. Its network side is a [`Transport`];
//!   `testing::Scripted` (feature `testing`) stands in for it in tests. [`RawRequest`] and `send_raw` reach an
//!   endpoint the SDK does not model.
//! - [`Client::builder`]: one builder for the settings and the parts (clock, transport,
//!   [`Interceptor`]s); a [`Proxy`] from the builder or the environment; a `User-Agent` of
//!   [`USER_AGENT`] and the application's product token.
//! - [`callback`]: typed callback payloads and a receiver to mount on your server.
//! - [`Client::reconcile`]: looks a request of unknown outcome up on the platform (see
//!   [`reconcile`] for which can be and what evidence remains for the others); a
//!   [`Reconciler`] looks many up, sharing their lookups.
//! - [`Error`]: one error type by stage; each says whether the request may have reached
//!   the platform, and platform status codes come with a hint.
//!
//! ```no_run
//! use ytx_core::{Client, Config, Environment};
//!
//! let config = Config::builder()
//!     .account_sid("abcdefghijklmnopqrstuvwxyz012345")
//!     .auth_token("your-auth-token")
//!     .app_id("ff8080813fc70a7b013fc72312324213")
//!     .environment(Environment::Sandbox)
//!     .build()?;
//! let client = Client::new(config);
//! # let _ = client;
//! # Ok::<(), ytx_core::ConfigError>(())
//! ```

pub mod callback;
// So `ytx_core::…` paths in macros (and serde attributes) resolve inside this crate too.
extern crate self as ytx_core;

mod client;
mod clock;
mod config;
mod decode;
mod detach;
mod error;
pub mod intercept;
mod key;
mod limits;
mod net;
mod operation;
mod pool;
mod proxy;
mod registry;
mod response;
mod retry;
mod route;
mod seam;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
#[cfg(feature = "rustls")]
mod tls;
mod transport;

pub use client::{Client, ClientBuilder, Reconciler};
pub use clock::{Clock, FixedClock, SystemClock};
pub use config::{
    BaseUrl, Config, ConfigBuilder, DEFAULT_ATTEMPT_TIMEOUT, DEFAULT_BODY_TIMEOUT,
    DEFAULT_CALL_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_HEADER_TIMEOUT,
    DEFAULT_MAX_RESPONSE_BYTES, Environment, MIN_RATE_LIMIT, USER_AGENT,
};
pub use decode::decode;
pub use detach::Abandoned;
pub use error::{
    BodyTooLargeError, BoxError, ConfigError, Error, HttpStatusError, OutcomeUnknown, TimeoutError,
    TimeoutPhase,
};
pub use intercept::Interceptor;
pub use key::new_reconciliation_key;
pub use operation::{Call, Operation, OperationError};
pub use proxy::{Proxy, ProxyError};
pub use registry::{RegistryError, registered};
pub use response::Submitted;
pub use retry::{DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_BACKOFF, RetryPolicy};
pub use seam::{Answer, Exchange, Transport};

// The protocol, re-exported whole: application code names it through `ytx_core`.
pub use ytx_protocol::{
    AnswerError, ApiCode, ApiError, AuthToken, BodyWriter, DEFAULT_RAW_VERSION, DecodeError,
    EncodeError, Endpoint, FieldInfo, InvalidTimestamp, KeepsCustomParm, RawJson, RawRequest,
    RawRequestError, ReconciliationKey, RetryClass, Timestamp, WireNumber, Yuan, encode_body,
    encode_body_keyed,
};
pub use ytx_protocol::{http_date, lenient, reconcile, sign, wire};

/// Declares an endpoint: see the `ytx-macros` crate.
#[cfg(feature = "macros")]
pub use ytx_macros::{endpoint_table, ytx_endpoint};

/// What `#[ytx_endpoint]` expansions name. Not a public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::operation::Operation;
    pub use crate::registry::Registration;
    pub use crate::response::Submitted;
    pub use core::option::Option;
    pub use core::result::Result;
    pub use inventory;
    pub use serde;
    pub use serde_json::{Map, Value};
    pub use ytx_protocol::wire;
    pub use ytx_protocol::{
        BodyWriter, EncodeError, Endpoint, FieldInfo, KeepsCustomParm, Masked, RetryClass,
    };
}

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
