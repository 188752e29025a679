//! YTX (云讯 / 讯众) voice endpoints, func `call` (语音类).
//!
//! ```no_run
//! use ytx_call::{Client, MeetingQuery};
//!
//! # async fn run() -> Result<(), ytx_call::Error> {
//! let client = Client::from_env()?;
//! let rooms = client.send(MeetingQuery::new(1).confid("002")).await?;
//! println!("{:?}", rooms.data);
//! # Ok(()) }
//! ```
//!
//! | endpoint | 名称 | url / action | version | retry |
//! |---|---|---|---|---|
//! | [`MeetingQuery`] | 会议查询 | `MeetingQuery.wx` / `queryMeeting` | 201612 | safe |
//!
//! The rest of the call family (two-way call, voice code, voice notice, call records,
//! create conference) is not built yet.

mod meeting_query;

pub use meeting_query::{MeetingQuery, MeetingQueryResponse};

/// Every endpoint of this crate, for the CLI and conformance tests.
pub fn operations() -> Vec<ytx_core::Operation> {
    vec![ytx_core::Operation::of::<MeetingQuery>()]
}
pub use ytx_core::{ApiCode, Client, Config, Environment, Error};
