use ytx_core::ytx_endpoint;

// A side effect with `customParm` answers a type that keeps the key it was sent with: one
// declared with `ytx_core::response!`.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Answer {
    #[serde(rename = "requestId")]
    pub request_id: Option<String>,
}

#[ytx_endpoint(func = "call", url = "DailbackCall.wx", action = "callDailBack", response = Answer)]
pub struct DailbackCall {
    pub src: String,
    #[ytx(rename = "customParm")]
    pub custom_parm: Option<String>,
}

fn main() {}
