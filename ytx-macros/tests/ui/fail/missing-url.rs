use ytx_core::ytx_endpoint;

#[ytx_endpoint(func = "call", action = "queryMeeting")]
pub struct MeetingQuery {
    pub meetingcount: u32,
}

fn main() {}
