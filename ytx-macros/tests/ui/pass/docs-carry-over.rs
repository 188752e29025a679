//! Generated items carry docs, so `missing_docs` stays quiet.
#![deny(missing_docs)]

use ytx_core::ytx_endpoint;

/// 余额查询.
#[ytx_endpoint(func = "account", url = "getBlance.wx", action = "queryBlance", version = "201612", retry = "safe")]
pub struct QueryBalance {}

/// 会议查询.
#[ytx_endpoint(func = "call", url = "MeetingQuery.wx", action = "queryMeeting")]
pub struct MeetingQuery {
    /// Conference id.
    pub confid: Option<String>,
    /// How many.
    pub meetingcount: u32,
}

fn main() {
    let _ = (QueryBalance::new(), MeetingQuery::new(1).confid("x"));
}
