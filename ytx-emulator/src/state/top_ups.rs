//! Top-ups: mobile data (流量充值) and phone bills (话费充值), each charged, in the ledger,
//! and queryable afterwards.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};
use ytx_protocol::ApiCode;

use super::{
    PRICE_BILL_TOP_UP, PRICE_TOP_UP, State, field, optional, push_capped, submitted, yuan,
};
use crate::judge::Accepted;
use crate::ledger::{PushKind, SideEffect};

/// A phone-bill order, kept as its result query answers it.
pub(super) struct BillOrder {
    account: String,
    request_id: String,
    custom_parm: Option<String>,
    answer: Value,
}

/// `18812340804` → `188****0804`, as the platform's one known answer shows the mobile. The
/// rule for other lengths is the emulator's own.
fn masked(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

impl State {
    /// `flowOrder`: charge, answer, push the result and keep it for `getTrafficResult`.
    pub(super) fn flow_order(
        &mut self,
        call: &Accepted<'_>,
        now: DateTime<Utc>,
        push: &mut impl FnMut(PushKind, Value),
    ) -> Result<Value, ApiCode> {
        let body = &call.body;
        self.charge(&call.account.sid, PRICE_TOP_UP)?;
        let id = self.request_id(now);
        let (phone, flow_code) = (field(body, "phone"), field(body, "flowCode"));
        let custom = optional(body, "customParm");
        let result = json!({
            "requestId": id, "trafficSts": "1", "mobile": phone,
            "customParm": custom.clone().unwrap_or_default(), "remark": "成功",
        });
        push(PushKind::TrafficResult, result.clone());
        self.orders.insert(id.clone(), result);
        if let Some(old) = push_capped(&mut self.order_ids, id.clone(), self.cap) {
            self.orders.remove(&old);
        }
        let effect = SideEffect::TopUpCharged {
            phone,
            flow_code,
            custom_parm: custom,
        };
        self.record_effect(call, &id, effect, PRICE_TOP_UP);
        Ok(submitted(&id))
    }

    /// `getTrafficResult`: the order's result beside the envelope, or `-704`.
    pub(super) fn traffic_result(&self, body: &Map<String, Value>) -> Result<Value, ApiCode> {
        let order = self
            .orders
            .get(&field(body, "requestId"))
            .ok_or(ApiCode::OrderNotFound)?;
        let mut answer = json!({"statusCode": "0", "statusMsg": "提交成功"});
        if let (Value::Object(answer), Value::Object(order)) = (&mut answer, order) {
            answer.extend(order.clone());
        }
        Ok(answer)
    }

    /// `productOrder`: charge and answer; the order is settled at once (the platform's own
    /// timing is not public) and kept for `getOrderResult`.
    pub(super) fn product_order(
        &mut self,
        call: &Accepted<'_>,
        now: DateTime<Utc>,
    ) -> Result<Value, ApiCode> {
        let body = &call.body;
        self.charge(&call.account.sid, PRICE_BILL_TOP_UP)?;
        let id = self.request_id(now);
        let phone = field(body, "rechargeAccount");
        let custom = optional(body, "customParm");
        // The shape of the one known answer: no envelope, the mobile masked.
        let answer = json!({
            "requestId": id, "appid": call.app.id, "orderSts": "1", "remark": "成功",
            "mobile": masked(&phone), "oriAmount": format!("{:.2}", yuan(PRICE_BILL_TOP_UP)),
            "customParm": custom.clone().unwrap_or_default(),
        });
        let order = BillOrder {
            account: call.account.sid.clone(),
            request_id: id.clone(),
            custom_parm: custom.clone(),
            answer,
        };
        push_capped(&mut self.bill_orders, order, self.cap);
        let effect = SideEffect::BillTopUpCharged {
            phone,
            product_code: field(body, "productCode"),
            custom_parm: custom,
        };
        self.record_effect(call, &id, effect, PRICE_BILL_TOP_UP);
        Ok(submitted(&id))
    }

    /// `getOrderResult`: the account's latest order with this `customParm` or `requestId`,
    /// or `-704` (未查询到订单信息，稍后再试).
    pub(super) fn order_result(
        &self,
        sid: &str,
        body: &Map<String, Value>,
    ) -> Result<Value, ApiCode> {
        let (custom, request_id) = (optional(body, "customParm"), optional(body, "requestId"));
        if custom.is_none() && request_id.is_none() {
            return Err(ApiCode::MissingParameter);
        }
        self.bill_orders
            .iter()
            .rev()
            .filter(|order| order.account == sid)
            .find(|order| {
                custom
                    .as_ref()
                    .is_none_or(|c| order.custom_parm.as_ref() == Some(c))
                    && request_id.as_ref().is_none_or(|id| &order.request_id == id)
            })
            .map(|order| order.answer.clone())
            .ok_or(ApiCode::OrderNotFound)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn mobiles_are_masked_like_the_known_answer() {
        assert_eq!(super::masked("18812340804"), "188****0804");
        assert_eq!(super::masked("123"), "***");
    }
}
