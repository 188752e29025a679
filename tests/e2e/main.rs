//! End-to-end tests: the SDK against servers the tests start on 127.0.0.1.

mod abandoned;
mod callbacks;
mod conformance;
mod decoding;
mod docs;
mod emulator;
mod example;
mod failures;
mod hostile;
mod intercept;
mod keys;
mod logs;
mod pool;
mod proxy;
mod reconcile;
mod request;
mod schema;
mod scripted;
mod secrets;
mod support;
mod tinyproxy;
mod tls;

// Names every `ytx-*` dev-dependency, so each family crate's endpoints are linked in.
include!(concat!(env!("OUT_DIR"), "/dev_families.rs"));

/// Every endpoint of every family crate.
fn conformance_operations() -> &'static [ytx_core::Operation] {
    ytx_core::registered().unwrap_or_else(|err| panic!("{err}"))
}
