use ytx_core::ytx_endpoint;

// The CLI prints every answer as JSON, so a response type must be `Serialize` too.
#[derive(serde::Deserialize)]
pub struct Answer {}

#[ytx_endpoint(func = "call", url = "MeetingQuery.wx", action = "queryMeeting", response = Answer)]
pub struct MeetingQuery {}

fn main() {}
