use ytx_core::ytx_endpoint;

// A field that reads like a password must be masked in `Debug`.
#[ytx_endpoint(func = "sms", url = "TemplateSMS.wx", action = "templateSms")]
pub struct TemplateSms {
    pub mobile: String,
    pub sppwd: Option<String>,
}

fn main() {}
