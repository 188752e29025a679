//! YTX (云讯 / 讯众) account endpoints, func `account` (账户类).
//!
//! | endpoint | 名称 | url / action | version | retry |
//! |---|---|---|---|---|
//! | [`QueryBalance`] | 余额查询 | `getBlance.wx` / `queryBlance` | 201612 | safe |
//!
//! The url and action keep the platform's spelling, `Blance`.

mod query_balance;

pub use query_balance::{Balance, QueryBalance};
pub use ytx_core::{ApiCode, Client, Config, Environment, Error, Yuan};
