//! The control API's JSON: ledger entries, pushes and fault rules, in the wire's naming.

use serde_json::{Value, json};

use crate::fault::{Fault, FaultRule};
use crate::ledger::{CallKind, LedgerEntry, PushKind, PushRecord, SideEffect};

pub(super) fn fault_json(rule: &FaultRule) -> Value {
    let (name, detail) = match &rule.fault {
        Fault::Drop => ("drop", json!({})),
        Fault::RateLimit => ("rate_limit", json!({})),
        Fault::Status(status) => ("status", json!({ "status": status })),
        Fault::Delay(wait) => ("delay", json!({ "ms": wait.as_millis() as u64 })),
        Fault::AnswerAfter(wait) => ("answer_after", json!({ "ms": wait.as_millis() as u64 })),
    };
    let mut value = json!({"fault": name, "url": rule.url, "times": rule.remaining});
    if let (Value::Object(value), Value::Object(detail)) = (&mut value, detail) {
        value.extend(detail);
    }
    value
}

pub(super) fn ledger_json(entry: &LedgerEntry) -> Value {
    let effect = match &entry.effect {
        SideEffect::CallPlaced {
            kind,
            numbers,
            custom_parm,
        } => json!({
            "kind": "call_placed",
            "call": match kind {
                CallKind::TwoWay => "two_way",
                CallKind::VoiceCode => "voice_code",
                CallKind::VoiceNotice => "voice_notice",
            },
            "numbers": numbers,
            "customParm": custom_parm,
        }),
        SideEffect::SmsSent {
            mobiles,
            template_id,
        } => {
            json!({"kind": "sms_sent", "mobiles": mobiles, "templateId": template_id})
        }
        SideEffect::TopUpCharged {
            phone,
            flow_code,
            custom_parm,
        } => json!({
            "kind": "top_up_charged", "phone": phone, "flowCode": flow_code, "customParm": custom_parm,
        }),
        SideEffect::BillTopUpCharged {
            phone,
            product_code,
            custom_parm,
        } => json!({
            "kind": "bill_top_up_charged", "phone": phone, "productCode": product_code, "customParm": custom_parm,
        }),
        SideEffect::MeetingCreated { confid } => {
            json!({"kind": "meeting_created", "confid": confid})
        }
        SideEffect::Request {
            func,
            url,
            action,
            fields,
        } => json!({
            "kind": "request", "func": func, "url": url, "action": action, "fields": fields,
        }),
    };
    json!({
        "requestId": entry.request_id,
        "accountSid": entry.account_sid,
        "appId": entry.app_id,
        "chargeFen": entry.charge_fen,
        "effect": effect,
    })
}

pub(super) fn push_json(push: &PushRecord) -> Value {
    let kind = match push.kind {
        PushKind::CallState => "call_state",
        PushKind::CallRecord => "call_records",
        PushKind::NoticeRecord => "notice_records",
        PushKind::SmsDelivery => "sms_delivery",
        PushKind::TrafficResult => "traffic_result",
    };
    json!({
        "kind": kind,
        "to": origin_only(&push.url),
        "body": push.body,
        "attempts": push.attempts,
        "delivered": push.delivered,
    })
}

/// `http://host:port/***`: a callback URL's path is often its secret, and stays off the
/// page.
pub(super) fn origin_only(url: &str) -> String {
    let after_scheme = url.find("://").map_or(0, |at| at + 3);
    match url[after_scheme..].find('/') {
        Some(at) => format!("{}/***", &url[..after_scheme + at]),
        None => url.to_owned(),
    }
}
