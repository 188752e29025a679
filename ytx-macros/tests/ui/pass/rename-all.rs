use ytx_core::{Submitted, ytx_endpoint};

/// `rename_all = "camelCase"` names every field in camelCase; `rename` still wins.
#[ytx_endpoint(
    func = "call",
    url = "NoticeCall.wx",
    action = "templateNoticeCall",
    response = Submitted,
    rename_all = "camelCase"
)]
pub struct NoticeCall {
    pub dst: String,
    pub template_id: String,
    #[ytx(comma_joined)]
    pub datas: Option<Vec<String>>,
    pub custom_parm: Option<String>,
    #[ytx(rename = "display_num")]
    pub display_number: Option<String>,
}

fn main() {
    let call = NoticeCall::new("13800000000", "7")
        .datas(vec!["a".into(), "b".into()])
        .custom_parm("k")
        .display_number("01012345678");
    let body = ytx_core::encode_body(&call, "app").unwrap();
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"{"action":"templateNoticeCall","appid":"app","dst":"13800000000","templateId":"7","datas":"a,b","customParm":"k","display_num":"01012345678"}"#
    );
    let wires: Vec<&str> = ytx_core::Operation::of::<NoticeCall>()
        .fields()
        .iter()
        .map(|field| field.wire)
        .collect();
    assert_eq!(wires, ["dst", "templateId", "datas", "customParm", "display_num"]);
}
