//! 双向呼叫 (`xunzhong.dailBackCall`): written by `ytx endpoint new`.
//!
//! Guessed, to check against the platform (then delete this list):
//! - line 12: `src` reads as a phone number: format `phone` (the emulator refuses others with -102)
//! - line 13: `dst` reads as a phone number: format `phone` (the emulator refuses others with -102)
//! - line 14: `credit` is required? the page says `—`: an optional field
//! - line 16: `srcclid` reads as a phone number: format `phone` (the emulator refuses others with -102)
//! - line 17: `dstclid` reads as a phone number: format `phone` (the emulator refuses others with -102)
//! - the struct is named `DailbackCall` after the url; --name to change it
//! - retry "side-effect": a side effect: never retried once sent; the page does not say, --retry to change it
//! - integers are `u32` in the struct: widen any the platform allows more

use ytx_core::ytx_endpoint;

/// 双向呼叫 (`xunzhong.dailBackCall`).
///
/// `POST /201512/sid/{accountSID}/call/DailbackCall.wx`, action `callDailBack`. A side effect: never retried once sent.
#[ytx_endpoint(
    func = "call",
    url = "DailbackCall.wx",
    action = "callDailBack",
    version = "201512",
    retry = "side-effect",
    rename_all = "camelCase"
)]
#[derive(Clone, PartialEq)]
pub struct DailbackCall {
    /// `src`: 主叫号码:手机或带区号的固话
    pub src: String,
    /// `dst`: 被叫号码:手机或带区号的固话
    pub dst: String,
    /// `credit`: 通话的最大时长,单位秒(大于60)
    #[ytx(as_string)]
    pub credit: Option<u32>,
    /// `customParm`: 用户自定义参数,在话单和推送中原样返回
    pub custom_parm: Option<String>,
    /// `srcclid`: 主叫侧显示的号码
    pub srcclid: Option<String>,
    /// `dstclid`: 被叫侧显示的号码
    pub dstclid: Option<String>,
    /// `srctimeout`: 主叫振铃超时,单位秒
    pub srctimeout: Option<u32>,
    /// `dsttimeout`: 被叫振铃超时,单位秒
    pub dsttimeout: Option<u32>,
}
