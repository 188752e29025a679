//! `lookup_fields`: what a reconcile command needs of a request, and nothing else of it.

use serde_json::json;

use super::*;

#[test]
fn a_reconcile_command_needs_only_the_fields_the_lookup_reads() {
    let fields = |action: &str, body: Value| {
        Value::Object(lookup_fields(action, body.to_string().as_bytes()))
    };
    let call = json!({"src":"139","dst":"138","credit":"60","customParm":"order-7"});
    assert_eq!(
        fields("callDailBack", call),
        json!({"customParm":"order-7"})
    );
    let keyless = json!({"src":"139","dst":"138","credit":"60","customParm":" "});
    assert_eq!(
        fields("callDailBack", keyless),
        json!({"src":"139","dst":"138"})
    );
    let notice = json!({"dst":"138","templateId":"1","datas":["模板"]});
    assert_eq!(
        fields("templateNoticeCall", notice.clone()),
        json!({"dst":"138"})
    );
    assert_eq!(
        fields("callOutCode", json!({"dst":"138","code":"1234"})),
        json!({"dst":"138"})
    );
    let order = json!({"rechargeAccount":"188","productCode":"1","customParm":"o-1"});
    assert_eq!(fields("productOrder", order), json!({"customParm":"o-1"}));
    let sms = json!({"mobile":"138","templateId":"1","datas":["模板"],"sppwd":"x"});
    assert_eq!(fields("templateSms", sms), json!({}));
    assert!(lookup_fields("callDailBack", b"not json").is_empty());
}
