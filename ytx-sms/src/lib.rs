//! YTX (云讯 / 讯众) messaging endpoints, func `sms` (消息类).
//!
#![doc = ytx_core::endpoint_table!()]
//!
//! Each endpoint is one struct below; its documentation gives its url, action, version and
//! retry class, and `ytx endpoints` lists them all.
//!
//! Delivery reports come as callbacks (短信发送状态推送). A plain (non-template) SMS is not
//! offered by the platform's public API.

mod template_sms;

pub use template_sms::TemplateSms;
pub use ytx_core::callback::SmsDelivery;
pub use ytx_core::{ApiCode, Client, Config, Environment, Error, Submitted};

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
