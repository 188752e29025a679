//! 话单获取 (`xunzhong.callCdr`): call records, incrementally or by hour.

use ytx_core::callback::CallRecords;
use ytx_core::ytx_endpoint;

/// 话单获取, 增量方式 (`xunzhong.callCdr`, action `getCdrByResId`): the call records after
/// the last one fetched. Covers two-way calls, voice codes and conferences.
///
/// `POST /201512/sid/{accountSID}/call/CallCdr.wx`. The answer has no envelope:
/// `{"cdr":[…]}`. A query: safe to retry.
///
/// ```
/// use ytx_call::CdrByResId;
///
/// // The first ten two-way call records.
/// let first = CdrByResId::new("4", "0", 10);
/// // Only the record of one call.
/// let one = CdrByResId::new("4", "20200437752594783293931520401", 0);
/// # let _ = (first, one);
/// ```
#[ytx_endpoint(
    func = "call",
    url = "CallCdr.wx",
    action = "getCdrByResId",
    response = CallRecords,
    retry = "safe"
)]
#[derive(Clone, PartialEq, Eq)]
pub struct CdrByResId {
    /// `fid`: the product: `"4"` is 双向呼叫 (two-way call); other values are not public.
    pub fid: String,
    /// `lastresid`: the last `requestId` already fetched; `"0"` to start from the first.
    pub lastresid: String,
    /// `limit`: how many records to return; `0` returns only the record whose `requestid`
    /// is `lastresid` (and is refused when `lastresid` is `"0"`).
    pub limit: u32,
}

/// 话单获取, 某小时话单 (`xunzhong.callCdr`, action `getCdrByTime`): the call records of one
/// hour.
///
/// `POST /201512/sid/{accountSID}/call/CallCdr.wx`. A query: safe to retry.
///
/// ```
/// use ytx_call::CdrByTime;
///
/// let five_pm = CdrByTime::new("4", "2020-04-27", "17");
/// # let _ = five_pm;
/// ```
#[ytx_endpoint(
    func = "call",
    url = "CallCdr.wx",
    action = "getCdrByTime",
    response = CallRecords,
    retry = "safe"
)]
#[derive(Clone, PartialEq, Eq)]
pub struct CdrByTime {
    /// `fid`: the product: `"4"` is 双向呼叫 (two-way call).
    pub fid: String,
    /// `pdate`: the day (年月日); the format is not documented, `yyyy-MM-dd` is assumed.
    pub pdate: String,
    /// `ptime`: the hour, 24-hour clock, `"0"` to `"23"`.
    pub ptime: String,
}
