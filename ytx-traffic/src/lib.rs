//! YTX (云讯 / 讯众) mobile-data top-up endpoints, func `traffic` (流量类).
//!
#![doc = ytx_core::endpoint_table!()]
//!
//! Each endpoint is one struct below; its documentation gives its url, action, version and
//! retry class, and `ytx endpoints` lists them all.
//!
//! The result also comes as a callback (流量充值结果推送).

mod flow_order;
mod traffic_result;

pub use flow_order::FlowOrder;
pub use traffic_result::{TrafficResult, TrafficResultResponse};
pub use ytx_core::callback::{TrafficPush, TrafficStatus};
pub use ytx_core::{ApiCode, Client, Config, Environment, Error, Submitted};

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
