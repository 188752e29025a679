//! 双向呼叫 (`xunzhong.dailBackCall`): the two-way call-back.

use ytx_core::ytx_endpoint;

/// 双向呼叫 / 双向回拨 (`xunzhong.dailBackCall`): the platform rings `src`, and once it
/// answers rings `dst` and bridges them. Billing starts when both have answered.
///
/// `POST /201512/sid/{accountSID}/call/DailbackCall.wx`, action `callDailBack` (the url's
/// lower-case `b` is the platform's spelling). The app must have the 双向呼叫 product.
///
/// **Side effect: places a call that costs money; never retried once it may have been
/// sent.** Set `customParm` to your own order id: it comes back in the call record and the
/// callbacks, which is how an unknown outcome is reconciled. The answer's `requestId` is
/// the key for call records ([`CdrByResId`](crate::CdrByResId)) and callbacks.
///
/// ```
/// use ytx_call::DailbackCall;
///
/// let call = DailbackCall::new("13911281234", "13522855865")
///     .credit(3600)
///     .custom_parm("order-42");
/// # let _ = call;
/// ```
#[ytx_endpoint(
    func = "call",
    url = "DailbackCall.wx",
    action = "callDailBack",
    rename_all = "camelCase"
)]
#[derive(Clone, PartialEq, Eq)]
pub struct DailbackCall {
    /// `src`: the first leg, rung first: one mobile, or a landline with its area code.
    pub src: String,
    /// `dst`: the second leg, same format.
    pub dst: String,
    /// `credit`: the longest the call may last, in seconds (the documentation says more
    /// than 60). Sent as a string, as in the documentation's example. Whether the platform
    /// requires it is not documented; working callers omit it.
    #[ytx(as_string)]
    pub credit: Option<u32>,
    /// `customParm`: your own id for the call (an order number), echoed in the call record
    /// and callbacks. The platform does not check it for uniqueness.
    pub custom_parm: Option<String>,
    /// `srcclid`: the caller id shown to the first leg (a number allocated to you).
    pub srcclid: Option<String>,
    /// `dstclid`: the caller id shown to the second leg.
    pub dstclid: Option<String>,
    /// `srctimeout`: how long the first leg rings, in seconds (seen in code, not in the
    /// documentation).
    pub srctimeout: Option<u32>,
    /// `dsttimeout`: how long the second leg rings, in seconds (seen in code only).
    pub dsttimeout: Option<u32>,
}
