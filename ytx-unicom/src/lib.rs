//! YTX (云讯 / 讯众) phone-bill top-up endpoints, func `Unicom` (话费充值; the capital `U` is
//! the platform's spelling).
//!
#![doc = ytx_core::endpoint_table!()]
//!
//! Each endpoint is one struct below; its documentation gives its url, action, version and
//! retry class, and `ytx endpoints` lists them all. Only public code shows this family: one
//! recharge client, whose func and url came from its configuration.

mod order_result;
mod product_order;

pub use order_result::{OrderResult, OrderResultResponse, OrderStatus};
pub use product_order::ProductOrder;
pub use ytx_core::{ApiCode, Client, Config, Environment, Error, Submitted, Yuan};

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
