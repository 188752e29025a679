//! 话费充值结果查询: the result of a phone-bill top-up.

use ytx_core::{Yuan, lenient, ytx_endpoint};

/// 话费充值结果查询: whether a phone-bill top-up (`productOrder`) went through.
///
/// `POST /201612/sid/{accountSID}/Unicom/Order.wx`, action `getOrderResult`. A query: safe
/// to retry. The one known client looks orders up by `customParm` and has `requestId`
/// commented out; which of the two the platform requires is not public, so both are
/// optional. `-704` (未查询到订单信息，稍后再试) means no such order yet: ask again later.
///
/// ```
/// use ytx_unicom::OrderResult;
///
/// let by_order_id = OrderResult::new().custom_parm("123456");
/// # let _ = by_order_id;
/// ```
#[ytx_endpoint(
    func = "Unicom",
    url = "Order.wx",
    action = "getOrderResult",
    version = "201612",
    response = OrderResultResponse,
    retry = "safe",
    rename_all = "camelCase"
)]
#[derive(Clone, PartialEq, Eq)]
pub struct OrderResult {
    /// `customParm`: the order id the top-up was sent with.
    pub custom_parm: Option<String>,
    /// `requestId`: the `requestId` the top-up was answered with.
    pub request_id: Option<String>,
}

ytx_core::response! {
    /// The answer to [`OrderResult`]:
    /// `{"requestId":…,"appid":…,"orderSts":"1","remark":"成功","mobile":"188****0804","oriAmount":"2.94","customParm":"123456"}`.
    /// The one known answer has no `statusCode`; a refusal has one (`-704`).
    pub struct OrderResultResponse {
        /// `appid`: the application the order was made with.
        #[serde(
            default,
            deserialize_with = "lenient::opt_nonempty_string",
            skip_serializing_if = "Option::is_none"
        )]
        pub appid: Option<String>,
        /// `orderSts`: see [`OrderResultResponse::status`].
        #[serde(
            rename = "orderSts",
            default,
            deserialize_with = "lenient::opt_nonempty_string",
            skip_serializing_if = "Option::is_none"
        )]
        pub order_sts: Option<String>,
        /// `remark`: on success the carrier's serial number, otherwise a note.
        #[serde(
            default,
            deserialize_with = "lenient::opt_nonempty_string",
            skip_serializing_if = "Option::is_none"
        )]
        pub remark: Option<String>,
        /// `mobile`: the phone topped up, masked (`188****0804`).
        #[serde(
            default,
            deserialize_with = "lenient::opt_nonempty_string",
            skip_serializing_if = "Option::is_none"
        )]
        pub mobile: Option<String>,
        /// `oriAmount`: what was charged, in yuan, exactly as sent.
        #[serde(rename = "oriAmount", default, skip_serializing_if = "Option::is_none")]
        pub ori_amount: Option<Yuan>,
        /// `customParm`: the order id, echoed.
        #[serde(
            rename = "customParm",
            default,
            deserialize_with = "lenient::opt_nonempty_string",
            skip_serializing_if = "Option::is_none"
        )]
        pub custom_parm: Option<String>,
    }
}

impl OrderResultResponse {
    /// What `orderSts` says; `None` when it is absent.
    pub fn status(&self) -> Option<OrderStatus> {
        self.order_sts.as_deref().map(OrderStatus::from_wire)
    }
}

/// What a phone-bill top-up's `orderSts` says.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OrderStatus {
    /// `"1"`: topped up; `remark` holds the carrier's serial number.
    Succeeded,
    /// `"-1"`: failed; `remark` says why.
    Failed,
    /// `"-100"`: the known client treats it as suspicious: not settled, ask again later.
    Suspicious,
    /// Anything else, kept as sent: the known client reads it as still processing.
    Processing(String),
}

impl OrderStatus {
    /// Reads an `orderSts` value.
    pub fn from_wire(text: &str) -> Self {
        match text.trim() {
            "1" => Self::Succeeded,
            "-1" => Self::Failed,
            "-100" => Self::Suspicious,
            other => Self::Processing(other.to_owned()),
        }
    }
}
