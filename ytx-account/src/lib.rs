//! YTX (云讯 / 讯众) account endpoints, func `account` (账户类).
//!
#![doc = ytx_core::endpoint_table!()]
//!
//! Each endpoint is one struct below; its documentation gives its url, action, version and
//! retry class, and `ytx endpoints` lists them all.
//!
//! The url and action keep the platform's spelling, `Blance`.

mod query_balance;

pub use query_balance::{Balance, QueryBalance};
pub use ytx_core::{ApiCode, Client, Config, Environment, Error, Yuan};

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
