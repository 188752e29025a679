//! The `ytx` binary, run as a user would, against emulators the tests start on 127.0.0.1.

mod batch;
mod callbacks;
mod campaign;
mod commands;
mod endpoint_new;
mod examples;
mod faults;
mod forward_proxy;
mod install;
mod proxy;
mod request;
mod support;
