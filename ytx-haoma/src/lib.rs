//! YTX (云讯 / 讯众) number-service endpoints, func `haoma` (号码服务).
//!
//! | endpoint | 中文 | url, action (version) | retry | `ytx` |
//! |---|---|---|---|---|
//! | [`NumberTag`] | 号码标记查询 | `NumberTag.wx`, `viewNumberTag` (201612) | safe query: retried | `ytx haoma number-tag` |
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
