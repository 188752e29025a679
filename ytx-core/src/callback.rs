//! Callbacks (状态回推): what the platform POSTs to an app's callback URL, typed (from
//! `ytx-protocol`), and a receiver to mount on your own server.
//!
//! The platform does not say which callback a body is, and signs none of them: the receiver
//! tells them apart by shape, and you authenticate them by a secret in the URL or by the
//! caller's IP. A body of no known shape is kept whole as [`Callback::Unknown`].

mod receiver;

pub use receiver::{CallbackReceiver, DEFAULT_HANDLER_TIMEOUT, DEFAULT_MAX_CALLBACK_BYTES};
pub use ytx_protocol::callback::*;
