use ytx_core::ytx_endpoint;

#[ytx_endpoint(func = "call", url = "MeetingQuery.wx", action = "queryMeeting", rename_all = "PascalCase")]
pub struct MeetingQuery {
    pub meetingcount: u32,
}

fn main() {}
