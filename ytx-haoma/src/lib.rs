//! YTX (云讯 / 讯众) number-service endpoints, func `haoma` (号码服务).
//!
#![doc = ytx_core::endpoint_table!()]
//!
//! Each endpoint is one struct below; its documentation gives its url, action, version and
//! retry class, and `ytx endpoints` lists them all. Only public code shows this family: no
//! documentation page of it was found.

mod number_tag;

pub use number_tag::{NumberTag, NumberTagData, NumberTagResponse};
pub use ytx_core::{ApiCode, Client, Config, Environment, Error};

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
