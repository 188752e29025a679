//! 模板短信 (`xunzhong.templateSms`): written by `ytx endpoint new`.
//!
//! Guessed, to check against the platform (then delete this list):
//! - line 21: `mobile` reads as several values joined by commas: a `string[]` sent comma-joined
//! - line 21: `mobile` reads as a phone number: format `phone` (the emulator refuses others with -102)
//! - line 23: `datas` is required? the page says `模板有变量时必填`: an optional field
//! - retry "side-effect": a side effect: never retried once sent; the page does not say, --retry to change it

use ytx_core::ytx_endpoint;

/// 模板短信 (`xunzhong.templateSms`).
///
/// `POST /201512/sid/{accountSID}/sms/TemplateSMS.wx`, action `templateSms`. A side effect: never retried once sent.
#[ytx_endpoint(
    func = "sms",
    url = "TemplateSMS.wx",
    action = "templateSms",
    version = "201512",
    retry = "side-effect",
    rename_all = "camelCase"
)]
#[derive(Clone, PartialEq)]
pub struct TemplateSms {
    /// `mobile`: 接收短信的手机号码,多个号码用英文逗号分隔
    #[ytx(comma_joined)]
    pub mobile: Vec<String>,
    /// `templateId`: 审核通过的短信模板Id
    pub template_id: String,
    /// `datas`: 模板变量的值,按模板中变量的顺序
    pub datas: Option<Vec<String>>,
    /// `spuid`: 营销短信的SP账号
    pub spuid: Option<String>,
    /// `sppwd`: SP账号的密码
    #[ytx(secret)]
    pub sppwd: Option<String>,
}
