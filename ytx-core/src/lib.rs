//! Runtime of the YTX (云讯 / 讯众) SDK.
//!
//! Endpoint crates (`ytx-call`, …) declare each operation as one struct with
//! `#[ytx_endpoint]`; this crate does everything else, generically:
//!
//! - [`Config`]: credentials, target and limits, from code or `YTX_*` variables; its `Debug`
//!   never shows the auth token.
//! - [`Clock`]: where the one timestamp per request comes from (Beijing time, whatever the
//!   host's `TZ`).
//! - [`sign`]: `Sign` and `Authorization`, as pure functions.
//! - [`Endpoint`]: what the macro implements; [`registered`] lists every endpoint struct
//!   linked into the program, as [`Operation`]s.
//! - [`Client`]: one pooled hyper client; `send` signs, sends under timeouts, and decodes.
//!   Its network side is a [`Transport`]; [`testing::Scripted`] stands in for it in tests.
//!   [`RawRequest`] and `send_raw` reach an endpoint the SDK does not model.
//! - [`callback`]: typed callback payloads and a receiver to mount on your server.
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
mod encode;
mod endpoint;
mod error;
pub mod http_date;
pub mod lenient;
mod money;
mod operation;
mod pool;
mod raw;
mod raw_json;
mod registry;
mod response;
mod retry;
mod route;
mod seam;
mod secret;
pub mod sign;
mod status;
pub mod testing;
#[cfg(feature = "rustls")]
mod tls;
mod transport;
pub mod wire;

pub use client::{Client, ClientBuilder};
pub use clock::{Clock, FixedClock, SystemClock};
pub use config::{
    BaseUrl, Config, ConfigBuilder, ConfigError, DEFAULT_BODY_TIMEOUT, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_HEADER_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_REQUEST_TIMEOUT, Environment,
};
pub use decode::decode;
pub use encode::{BodyWriter, WireNumber, encode_body};
pub use endpoint::{Endpoint, FieldInfo, RetryClass};
pub use error::{ApiCode, ApiError, BoxError, EncodeError, Error, OutcomeUnknown, TimeoutPhase};
pub use money::Yuan;
pub use operation::{Operation, OperationError};
pub use raw::{DEFAULT_RAW_VERSION, RawRequest, RawRequestError};
pub use raw_json::RawJson;
pub use registry::{RegistryError, registered};
pub use response::Submitted;
pub use retry::{DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_ATTEMPTS, DEFAULT_MAX_BACKOFF, RetryPolicy};
pub use seam::{Answer, Exchange, Transport};
pub use secret::AuthToken;

/// Declares an endpoint: see the `ytx-macros` crate.
#[cfg(feature = "macros")]
pub use ytx_macros::ytx_endpoint;

/// What `#[ytx_endpoint]` expansions name. Not a public API: it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::encode::BodyWriter;
    pub use crate::endpoint::{Endpoint, FieldInfo, RetryClass};
    pub use crate::error::EncodeError;
    pub use crate::operation::Operation;
    pub use crate::registry::Registration;
    pub use crate::response::Submitted;
    pub use crate::wire;
    pub use core::option::Option;
    pub use core::result::Result;
    pub use inventory;
    pub use serde;
    pub use serde_json::{Map, Value};
}
