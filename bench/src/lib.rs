//! Measuring what the SDK costs on top of the transport.
//!
//! - [`procfs`]: CPU time and resident memory of a process, for the harnesses.
//! - [`proxied`]: a tinyproxy for the proxy-cost mode.
//! - [`scratch`]: the files a harness writes, removed when it is done with them.
//! - [`server`]: a minimal hyper server that checks the `Sign` and answers MeetingQuery.
//! - [`clients`]: the three clients compared: prebuilt bytes (the floor), a hand-written
//!   hyper client doing the same work as the SDK, and `ytx_core::Client`.
//! - `benches/codec.rs`: criterion benchmarks of signing, encoding and decoding.
//! - `src/bin/loopback.rs`: the throughput harness and its callgrind, server-cost and
//!   proxy-cost modes; `server-callgrind.sh`: server instructions per request.
//! - `compile-cost.sh`: clean build time, and build time per generated endpoint.

pub mod clients;
pub mod procfs;
pub mod proxied;
pub mod scratch;
pub mod server;

/// The account the harness signs with (made up).
pub const SID: &str = "abcdefghijklmnopqrstuvwxyz012345";
/// The account's token (made up).
pub const TOKEN: &str = "ytxdoctoken0123456789abcdef012345";
/// The app id, the documentation's.
pub const APP_ID: &str = "ff8080813fc70a7b013fc72312324213";
