use ytx_core::ytx_endpoint;

#[ytx_endpoint(func = "call", url = "MeetingQuery.wx", url = "TeleMeeting.wx", action = "queryMeeting")]
pub struct MeetingQuery {
    pub meetingcount: u32,
}

fn main() {}
