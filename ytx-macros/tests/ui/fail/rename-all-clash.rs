use ytx_core::ytx_endpoint;

#[ytx_endpoint(func = "call", url = "NoticeCall.wx", action = "templateNoticeCall", rename_all = "camelCase")]
pub struct NoticeCall {
    pub template_id: String,
    #[ytx(rename = "templateId")]
    pub template: String,
}

fn main() {}
