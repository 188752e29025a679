use ytx_core::ytx_endpoint;

#[ytx_endpoint(func = "sms", url = "TemplateSMS.wx", action = "templateSms")]
pub struct TemplateSms {
    #[ytx(as_string)]
    pub datas: Vec<String>,
}

fn main() {}
