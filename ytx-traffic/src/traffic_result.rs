//! 流量充值结果查询: the result of a top-up.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ytx_core::callback::TrafficStatus;
use ytx_core::{Envelope, lenient, ytx_endpoint};

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
    retry = "safe"
)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrafficResult {
    /// `requestId`: the `requestId` the order was answered with.
    #[ytx(rename = "requestId")]
    pub request_id: String,
}

/// The answer to [`TrafficResult`]. Only `trafficSts` and `remark` are known from public
/// code; `mobile` and `customParm` are assumed from the result callback.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TrafficResultResponse {
    /// `statusCode`, `statusMsg`, `requestId`.
    #[serde(flatten)]
    pub envelope: Envelope,
    /// `trafficSts`: `"1"` succeeded, `"0"` still processing, anything else failed.
    #[serde(
        rename = "trafficSts",
        default,
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub traffic_sts: Option<String>,
    /// `remark`: why it failed, or a note.
    #[serde(
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub remark: Option<String>,
    /// `mobile`: the mobile topped up.
    #[serde(
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub mobile: Option<String>,
    /// `customParm`: the order's `customParm`.
    #[serde(
        rename = "customParm",
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_parm: Option<String>,
    /// Every other field the platform sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl TrafficResultResponse {
    /// What `trafficSts` says; `None` when it is absent.
    pub fn status(&self) -> Option<TrafficStatus> {
        TrafficStatus::from_wire(self.traffic_sts.as_deref()?)
    }
}
