use ytx_core::ytx_endpoint;

// The macro writes `Debug` itself, so that `#[ytx(secret)]` fields are masked.
#[ytx_endpoint(func = "sms", url = "TemplateSMS.wx", action = "templateSms")]
#[derive(Debug, Clone)]
pub struct TemplateSms {
    pub mobile: String,
}

fn main() {}
