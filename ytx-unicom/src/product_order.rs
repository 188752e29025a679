//! 话费充值: top up a phone's bill.

use ytx_core::ytx_endpoint;

/// 话费充值 (phone-bill top-up): orders a product (a carrier and face value) for a phone.
///
/// `POST /201612/sid/{accountSID}/Unicom/Order.wx`, action `productOrder`. Known from one
/// recharge client only; the capital `U` in `Unicom` is from its configuration.
///
/// **Side effect: charges money; never retried once it may have been sent.** Set
/// `customParm` to your order id: [`OrderResult`](crate::OrderResult) looks the order up by
/// it, which is how an order whose answer was lost is reconciled (the known client treats
/// `-100` as such an unknown outcome).
///
/// ```
/// use ytx_unicom::ProductOrder;
///
/// let order = ProductOrder::new("18812340804", "100010").custom_parm("123456");
/// # let _ = order;
/// ```
#[ytx_endpoint(
    func = "Unicom",
    url = "Order.wx",
    action = "productOrder",
    version = "201612",
    rename_all = "camelCase"
)]
#[derive(Clone, PartialEq, Eq)]
pub struct ProductOrder {
    /// `rechargeAccount`: the phone number topped up.
    pub recharge_account: String,
    /// `productCode`: the product (carrier and face value), a code issued with the contract.
    pub product_code: String,
    /// `customParm`: your order id, the key of [`OrderResult`](crate::OrderResult).
    pub custom_parm: Option<String>,
}
