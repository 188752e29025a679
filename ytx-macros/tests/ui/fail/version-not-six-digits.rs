use ytx_core::ytx_endpoint;

#[ytx_endpoint(func = "call", url = "MeetingQuery.wx", action = "queryMeeting", version = "2016-12")]
pub struct MeetingQuery {
    pub meetingcount: u32,
}

fn main() {}
