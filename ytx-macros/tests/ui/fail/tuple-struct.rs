use ytx_core::ytx_endpoint;

#[ytx_endpoint(func = "call", url = "MeetingQuery.wx", action = "queryMeeting")]
pub struct MeetingQuery(u32);

fn main() {}
