//! 语音通知 (template voice notice).

use ytx_core::ytx_endpoint;

/// 语音通知 (模板语音通知, page `FileNotice`): calls `dst` and plays an approved voice
/// template, its placeholders filled from `datas`.
///
/// `POST /201512/sid/{accountSID}/call/NoticeCall.wx`, action `templateNoticeCall`.
///
/// **Side effect: places a call that costs money; never retried once it may have been
/// sent.** The result comes as a voice-notice record callback.
///
/// ```
/// use ytx_call::NoticeCall;
///
/// let notice = NoticeCall::new("13510437401", "9")
///     .datas(vec!["联想监控中心通知".into(), "您的单据号为：REQ00012345".into()]);
/// # let _ = notice;
/// ```
#[ytx_endpoint(
    func = "call",
    url = "NoticeCall.wx",
    action = "templateNoticeCall",
    rename_all = "camelCase"
)]
#[derive(Clone, PartialEq, Eq)]
pub struct NoticeCall {
    /// `dst`: the number called: a mobile, or a landline with its area code.
    pub dst: String,
    /// `templateId`: the approved voice template's id.
    pub template_id: String,
    /// `datas`: values for the template's placeholders `{1}`, `{2}`, …, in order; needed
    /// only when the template has placeholders.
    pub datas: Option<Vec<String>>,
    /// `dstclid`: the caller id shown to the callee (a number allocated to you).
    pub dstclid: Option<String>,
    /// `time`: how many times the message is played (default 2, at most 3).
    pub time: Option<u32>,
    /// `speed`: playback speed 1–9 (default 5).
    pub speed: Option<u32>,
    /// `isdtmfcallback`: `"1"` was seen in one production client; presumably asks for the
    /// callee's key presses to be pushed. Not documented.
    pub isdtmfcallback: Option<String>,
}
