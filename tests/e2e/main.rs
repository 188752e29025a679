//! End-to-end tests: the SDK against servers the tests start on 127.0.0.1.

mod callbacks;
mod conformance;
mod decoding;
mod emulator;
mod example;
mod failures;
mod hostile;
mod logs;
mod pool;
mod request;
mod secrets;
mod support;
mod tls;

/// Every endpoint of every family crate.
fn conformance_operations() -> Vec<ytx_core::Operation> {
    let mut all = ytx_call::operations();
    all.extend(ytx_sms::operations());
    all.extend(ytx_traffic::operations());
    all.extend(ytx_account::operations());
    all
}
