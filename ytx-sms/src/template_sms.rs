//! 模板短信: template SMS.

use ytx_core::ytx_endpoint;

/// 模板短信 (template SMS): sends an approved template to one or more mobiles, its
/// placeholders filled from `datas`.
///
/// `POST /201512/sid/{accountSID}/sms/TemplateSMS.wx`, action `templateSms`. The app must
/// have the 模板短信 product. `mobile` is a list here and one comma-joined string on the
/// wire (`"13073339156,18812345678"`).
///
/// **Side effect: sends SMS that cost money; never retried once it may have been sent.**
/// The answer's `requestId` matches the delivery callback's `requestid`.
///
/// `Debug` masks `sppwd`.
///
/// ```
/// use ytx_sms::TemplateSms;
///
/// let sms = TemplateSms::new(vec!["13073339156".into()], "1")
///     .datas(vec!["0001".into(), "1".into()]);
/// # let _ = sms;
/// ```
#[ytx_endpoint(
    func = "sms",
    url = "TemplateSMS.wx",
    action = "templateSms",
    rename_all = "camelCase"
)]
#[derive(Clone, PartialEq, Eq)]
pub struct TemplateSms {
    /// `mobile`: the recipients' mobiles, comma-joined on the wire.
    #[ytx(comma_joined)]
    pub mobile: Vec<String>,
    /// `templateId`: the approved template's id.
    pub template_id: String,
    /// `datas`: the placeholder values, in order; needed when the template has
    /// placeholders. (Copied documentation disagrees whether they are numbered from `{0}`
    /// or `{1}`.)
    pub datas: Option<Vec<String>>,
    /// `spuid`: a sub-account id issued by YTX staff (相关人员提供), for marketing SMS.
    pub spuid: Option<String>,
    /// `sppwd`: the password paired with `spuid`. Masked in `Debug`.
    #[ytx(secret)]
    pub sppwd: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_masks_the_sp_password() {
        let sms = TemplateSms::new(vec!["13073339156".into()], "1")
            .spuid("646")
            .sppwd("s3cret");
        let text = format!("{sms:?}");
        assert!(!text.contains("s3cret") && text.contains("***"), "{text}");
    }
}
