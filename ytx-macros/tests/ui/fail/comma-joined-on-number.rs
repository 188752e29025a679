use ytx_core::ytx_endpoint;

#[ytx_endpoint(func = "sms", url = "TemplateSMS.wx", action = "templateSms")]
pub struct TemplateSms {
    #[ytx(comma_joined)]
    pub mobile: u64,
}

fn main() {}
