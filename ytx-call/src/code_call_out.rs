//! 语音验证码 (`xunzhong.codeCallOut`): a spoken verification code.

use ytx_core::ytx_endpoint;

/// 语音验证码 (`xunzhong.codeCallOut`): calls `dst` and reads `code` out.
///
/// `POST /201512/sid/{accountSID}/call/CodeCallOut.wx`, action `callOutCode`.
///
/// **Side effect: places a call that costs money; never retried once it may have been
/// sent.** Its call record is available from [`CdrByResId`](crate::CdrByResId).
///
/// ```
/// use ytx_call::CodeCallOut;
///
/// let call = CodeCallOut::new("13911281234", "8371").time(2);
/// # let _ = call;
/// ```
#[ytx_endpoint(func = "call", url = "CodeCallOut.wx", action = "callOutCode")]
#[derive(Clone, PartialEq, Eq)]
pub struct CodeCallOut {
    /// `dst`: the number called: one mobile, or a landline with its area code.
    pub dst: String,
    /// `code`: the code read out: letters and digits only, shorter than 20.
    pub code: String,
    /// `time`: how many times the code is repeated, at most 3.
    pub time: Option<u32>,
    /// `dstclid`: the caller id shown (reported in 2019 as not yet open; the platform then
    /// shows its own number).
    pub dstclid: Option<String>,
}
