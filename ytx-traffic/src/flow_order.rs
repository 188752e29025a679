//! 流量充值: order a mobile-data package.

use ytx_core::ytx_endpoint;

/// 流量充值 (page `FileTrafficVII`): tops up a mobile with a data package.
///
/// `POST /201612/sid/{accountSID}/traffic/Traffic.wx`, action `flowOrder`. The app must
/// have the 流量 product. (A 2016 variant on version 201512 took other fields; it is not
/// supported.)
///
/// **Side effect: charges money; never retried once it may have been sent.** Set
/// `customParm` to your order id: it comes back in the result callback, and
/// [`TrafficResult`](crate::TrafficResult) tells whether an order whose answer was lost
/// went through.
///
/// ```
/// use ytx_traffic::FlowOrder;
///
/// let order = FlowOrder::new("13911281234", "100010").custom_parm("order-42");
/// # let _ = order;
/// ```
#[ytx_endpoint(
    func = "traffic",
    url = "Traffic.wx",
    action = "flowOrder",
    version = "201612",
    rename_all = "camelCase"
)]
#[derive(Clone, PartialEq, Eq)]
pub struct FlowOrder {
    /// `phone`: the mobile topped up.
    pub phone: String,
    /// `flowCode`: the data package's product code.
    pub flow_code: String,
    /// `customParm`: your order id, echoed in the result callback.
    pub custom_parm: Option<String>,
}
