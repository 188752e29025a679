//! 流量充值结果查询: the result of a top-up.

use serde::{Deserialize, Serialize};
use ytx_core::callback::{TrafficPush, TrafficStatus};
use ytx_core::{lenient, ytx_endpoint};

/// 流量充值结果查询: whether a [`FlowOrder`](crate::FlowOrder) went through.
///
/// `POST /201612/sid/{accountSID}/traffic/Traffic.wx`, action `getTrafficResult`. A query:
/// safe to retry.
///
/// ```
/// use ytx_traffic::TrafficResult;
///
/// let query = TrafficResult::new("2016110000471085");
/// # let _ = query;
/// ```
#[ytx_endpoint(
    func = "traffic",
    url = "Traffic.wx",
    action = "getTrafficResult",
    version = "201612",
    response = TrafficResultResponse,
    retry = "safe",
    rename_all = "camelCase"
)]
#[derive(Clone, PartialEq, Eq)]
pub struct TrafficResult {
    /// `requestId`: the `requestId` the order was answered with.
    pub request_id: String,
}

/// The answer to [`TrafficResult`]: the envelope's `statusCode` and `statusMsg` beside the
/// same fields as the result callback ([`TrafficPush`]). Only `trafficSts` and `remark` are
/// known from public code; `mobile` and `customParm` are assumed from the callback.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TrafficResultResponse {
    /// `statusCode`: `"0"` on success.
    #[serde(
        rename = "statusCode",
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub status_code: Option<String>,
    /// `statusMsg`, e.g. `提交成功`.
    #[serde(
        rename = "statusMsg",
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub status_msg: Option<String>,
    /// `requestId`, `trafficSts`, `mobile`, `customParm`, `remark` and every other field.
    #[serde(flatten)]
    pub result: TrafficPush,
}

impl TrafficResultResponse {
    /// What `trafficSts` says; `None` when it is absent.
    pub fn status(&self) -> Option<TrafficStatus> {
        self.result.status()
    }
}
