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
//! | endpoint | 名称 | url / action | version | retry |
//! |---|---|---|---|---|
//! | [`DailbackCall`] | 双向呼叫 | `DailbackCall.wx` / `callDailBack` | 201512 | side effect |
//! | [`CodeCallOut`] | 语音验证码 | `CodeCallOut.wx` / `callOutCode` | 201512 | side effect |
//! | [`NoticeCall`] | 语音通知 | `NoticeCall.wx` / `templateNoticeCall` | 201512 | side effect |
//! | [`CdrByResId`] | 话单获取 (增量) | `CallCdr.wx` / `getCdrByResId` | 201512 | safe |
//! | [`CdrByTime`] | 话单获取 (某小时) | `CallCdr.wx` / `getCdrByTime` | 201512 | safe |
//! | [`CreateMeeting`] | 创建会议 | `TeleMeeting.wx` / `createMeeting` | 201612 | side effect |
//! | [`MeetingQuery`] | 会议查询 | `MeetingQuery.wx` / `queryMeeting` | 201612 | safe |
//!
//! Not provided: 邀请会议 (`xunzhong.inviteMeeting`, invite into a running conference). Its
//! documentation page exists, but its url, action and fields are not in any public
//! material, and guessing them would send requests the platform rejects.

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
