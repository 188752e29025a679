//! 会议查询 (`xunzhong.queryMeeting`): written by `ytx endpoint new`.
//!
//! Guessed, to check against the platform (then delete this list):
//! - line 74: the 响应示例 is not JSON (`{"statusCode":"0","statusMsg":"提交成功","data":会议室详细信息}`): its bare values are read as strings
//! - the struct is named `MeetingQuery` after the url; --name to change it
//! - retry "safe": a query, by its action's name: retried; the page does not say, --retry to change it
//! - integers are `u32` in the struct: widen any the platform allows more

use ytx_core::ytx_endpoint;

/// 会议查询 (`xunzhong.queryMeeting`).
///
/// `POST /201612/sid/{accountSID}/call/MeetingQuery.wx`, action `queryMeeting`. A query: safe to retry.
#[ytx_endpoint(
    func = "call",
    url = "MeetingQuery.wx",
    action = "queryMeeting",
    version = "201612",
    response = MeetingQueryResponse,
    retry = "safe"
)]
#[derive(Clone, PartialEq)]
pub struct MeetingQuery {
    /// `confid`: 当前会议室的编号(创建会议时返回值meid获得,查询某个会议室信息时填写,查询某个用户多条记录不填,默认给"")
    pub confid: Option<String>,
    /// `meetingcount`: 查询几条记录(查询某个会议室信息时填写1,查询某个用户多条记录填写数据大于0)
    #[ytx(as_string)]
    pub meetingcount: u32,
}

ytx_core::response! {
    /// The answer to [`MeetingQuery`].
    pub struct MeetingQueryResponse {
        /// `data`: 会议室详细信息
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub data: Option<ytx_core::RawJson>,
    }
}
