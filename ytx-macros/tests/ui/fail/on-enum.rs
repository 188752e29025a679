use ytx_core::ytx_endpoint;

#[ytx_endpoint(func = "call", url = "MeetingQuery.wx", action = "queryMeeting")]
pub enum MeetingQuery {
    One { confid: String },
    Many { meetingcount: u32 },
}

fn main() {}
