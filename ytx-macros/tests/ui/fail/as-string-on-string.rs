use ytx_core::ytx_endpoint;

#[ytx_endpoint(func = "call", url = "MeetingQuery.wx", action = "queryMeeting")]
pub struct MeetingQuery {
    #[ytx(as_string)]
    pub confid: Option<String>,
    pub meetingcount: u32,
}

fn main() {}
