use ytx_core::ytx_endpoint;

#[ytx_endpoint]
pub struct MeetingQuery {
    pub meetingcount: u32,
}

fn main() {}
