use ytx_core::ytx_endpoint;

#[ytx_endpoint(func = "call", url = "DailbackCall.wx", action = "callDailBack")]
pub struct DailbackCall {
    pub src: String,
    #[ytx(rename = "src")]
    pub source: String,
}

fn main() {}
