//! 会议查询 (`xunzhong.queryMeeting`): query phone conferences.

use ytx_core::{RawJson, ytx_endpoint};

/// 会议查询 (`xunzhong.queryMeeting`): one conference by id, or the account's latest ones.
///
/// `POST /201612/sid/{accountSID}/call/MeetingQuery.wx`, action `queryMeeting`. The app
/// must have the 电话会议 (phone conference) product. A query: safe to retry.
///
/// ```
/// use ytx_call::MeetingQuery;
///
/// // One conference, by the `meid` that creating it returned.
/// let one = MeetingQuery::new(1).confid("002");
/// // The account's ten latest conferences.
/// let latest = MeetingQuery::new(10);
/// # let _ = (one, latest);
/// ```
#[ytx_endpoint(
    func = "call",
    url = "MeetingQuery.wx",
    action = "queryMeeting",
    version = "201612",
    response = MeetingQueryResponse,
    retry = "safe"
)]
#[derive(Clone, PartialEq, Eq)]
pub struct MeetingQuery {
    /// `confid`: the conference id (the `meid` returned when it was created). Set it to
    /// query one conference; leave it out to list the account's conferences.
    pub confid: Option<String>,
    /// `meetingcount`: how many records to return: `1` for one conference, more than `0`
    /// for a list. Sent as a string, as in the documentation's example.
    #[ytx(as_string)]
    pub meetingcount: u32,
}

ytx_core::response! {
    /// The answer to [`MeetingQuery`]: `{"statusCode":"0","statusMsg":"提交成功","data":…}`.
    ///
    /// The documentation does not describe the shape of `data` (会议室详细信息), so it is kept
    /// exactly as the platform sent it: read it with [`RawJson::parse`] into your own type,
    /// or with [`RawJson::to_value`].
    pub struct MeetingQueryResponse {
        /// `data`: the conferences' details, as sent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub data: Option<RawJson>,
    }
}
