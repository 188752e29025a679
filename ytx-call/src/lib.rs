//! YTX (云讯 / 讯众) voice endpoints, func `call` (语音类).
//!
//! ```no_run
//! use ytx_call::{Client, DailbackCall, MeetingQuery};
//!
//! # async fn run() -> Result<(), ytx_call::Error> {
//! let client = Client::from_env()?;
//! let rooms = client.send(MeetingQuery::new(1).confid("002")).await?;
//! if let Some(data) = &rooms.data {
//!     println!("{data}"); // as the platform sent it
//! }
//! let call = client.send(DailbackCall::new("13911281234", "13522855865").custom_parm("order-42")).await?;
//! println!("requestId {:?}", call.request_id());
//! # Ok(()) }
//! ```
//!
#![doc = ytx_core::endpoint_table!()]
//!
//! Each endpoint is one struct below; its documentation gives its url, action, version and
//! retry class, and `ytx endpoints` lists them all.
//!
//! Not provided: 邀请会议 (`xunzhong.inviteMeeting`, invite into a running conference) and
//! 终止会议 (`xunzhong.destroyMeeting`, end one). Their documentation pages exist, but their
//! url, action and fields are in no public material, and guessing them would send requests
//! the platform rejects. Reach them with [`ytx_core::RawRequest`] (`ytx request` from the
//! command line) once their wire is known, or declare them in a crate of your own: one
//! struct and one spec file.

mod call_records;
mod code_call_out;
mod create_meeting;
mod dailback_call;
mod meeting_query;
mod notice_call;

pub use call_records::{CdrByResId, CdrByTime};
pub use code_call_out::CodeCallOut;
pub use create_meeting::{CreateMeeting, CreateMeetingResponse, Party};
pub use dailback_call::DailbackCall;
pub use meeting_query::{MeetingQuery, MeetingQueryResponse};
pub use notice_call::NoticeCall;
pub use ytx_core::callback::{CallRecord, CallRecords, CallState, Recording};
pub use ytx_core::{ApiCode, Client, Config, Environment, Error, Submitted};

/// The README's examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
