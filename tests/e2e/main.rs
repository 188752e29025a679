//! End-to-end tests: the SDK against servers the tests start on 127.0.0.1.

mod callbacks;
mod conformance;
mod decoding;
mod emulator;
mod example;
mod failures;
mod logs;
mod request;
mod secrets;
mod support;
