//! 创建会议 (`xunzhong.createMeeting`): a phone conference.

use serde::{Deserialize, Serialize};
use ytx_core::ytx_endpoint;

/// 创建会议 (`xunzhong.createMeeting`): a phone conference of three or more parties.
///
/// `POST /201612/sid/{accountSID}/call/TeleMeeting.wx`, action `createMeeting`.
///
/// Only one public client shows this endpoint's fields, so which are required is not
/// known: all are optional here, and the platform answers `-2` for a missing one.
///
/// **Side effect: starts calls that cost money; never retried once it may have been sent.**
///
/// ```
/// use ytx_call::{CreateMeeting, Party};
///
/// let meeting = CreateMeeting::new()
///     .meetingname("weekly")
///     .creator("15501022450")
///     .parties(vec![Party::new("Li", "13245437784")])
///     .bookmeeting("0");
/// # let _ = meeting;
/// ```
#[ytx_endpoint(
    func = "call",
    url = "TeleMeeting.wx",
    action = "createMeeting",
    version = "201612",
    response = CreateMeetingResponse
)]
#[derive(Clone, PartialEq, Eq)]
pub struct CreateMeeting {
    /// `meetingname`: the conference's name.
    pub meetingname: Option<String>,
    /// `creator`: the creator's phone number.
    pub creator: Option<String>,
    /// `parties`: who is called into the conference.
    pub parties: Option<Vec<Party>>,
    /// `srcclid`: a display number.
    pub srcclid: Option<String>,
    /// `dstclid`: a display number.
    pub dstclid: Option<String>,
    /// `shownumber`: a display number.
    pub shownumber: Option<String>,
    /// `bookmeeting`: `"0"` as sent by the one known client; presumably `0` starts now and
    /// `1` books it for `booktime`.
    pub bookmeeting: Option<String>,
    /// `booktime`: when a booked conference starts (format not documented).
    pub booktime: Option<String>,
    /// `confid`: sent empty by the one known client.
    pub confid: Option<String>,
}

/// A conference participant: `{"name": …, "phone": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// `name`: how the participant is named.
    pub name: String,
    /// `phone`: the number called.
    pub phone: String,
}

impl Party {
    /// A participant.
    pub fn new(name: impl Into<String>, phone: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            phone: phone.into(),
        }
    }
}

ytx_core::response! {
    /// The answer to [`CreateMeeting`]: the envelope and `meid`, the new conference's id.
    ///
    /// The MeetingQuery page says its `confid` is "创建会议时返回值meid获得": obtained from the
    /// `meid` that creating a conference returns. Pass [`conference_id`](Self::conference_id)
    /// as [`MeetingQuery`](crate::MeetingQuery)'s `confid`. A `confid` in the answer (an
    /// earlier guess of this SDK's) is accepted too.
    pub struct CreateMeetingResponse {
        /// `meid`: the new conference's id.
        #[serde(
            default,
            deserialize_with = "ytx_core::lenient::opt_nonempty_string",
            skip_serializing_if = "Option::is_none"
        )]
        pub meid: Option<String>,
        /// `confid`, if the platform sends the id under that name instead.
        #[serde(
            default,
            deserialize_with = "ytx_core::lenient::opt_nonempty_string",
            skip_serializing_if = "Option::is_none"
        )]
        pub confid: Option<String>,
    }
}

impl CreateMeetingResponse {
    /// The conference's id: `meid`, else `confid`.
    pub fn conference_id(&self) -> Option<&str> {
        self.meid.as_deref().or(self.confid.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::CreateMeetingResponse;

    fn decode(body: &str) -> CreateMeetingResponse {
        ytx_core::decode(body.as_bytes().to_vec().into()).unwrap()
    }

    #[test]
    fn the_id_is_read_from_meid_or_else_confid() {
        let meid = decode(r#"{"statusCode":"0","meid":"8001"}"#);
        assert_eq!(meid.conference_id(), Some("8001"));
        let confid = decode(r#"{"statusCode":"0","confid":"8002"}"#);
        assert_eq!(confid.conference_id(), Some("8002"));
        let both = decode(r#"{"statusCode":"0","meid":"8003","confid":"x"}"#);
        assert_eq!(both.conference_id(), Some("8003"));
        assert_eq!(both.confid.as_deref(), Some("x"), "nothing is lost");
    }
}
