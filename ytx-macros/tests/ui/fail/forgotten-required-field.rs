use ytx_core::ytx_endpoint;

#[ytx_endpoint(func = "call", url = "MeetingQuery.wx", action = "queryMeeting")]
pub struct MeetingQuery {
    pub confid: Option<String>,
    pub meetingcount: u32,
}

fn main() {
    let _query = MeetingQuery::new().confid("002");
}
