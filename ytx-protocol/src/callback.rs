//! Callbacks (状态回推): what the platform POSTs to an app's callback URL, typed. The
//! runtime (`ytx-core`) has a receiver that serves them.
//!
//! The platform does not say which callback a body is, and signs none of them: the receiver
//! tells them apart by shape, and you authenticate them by a secret in the URL or by the
//! caller's IP. A body of no known shape is kept whole as [`Callback::Unknown`].

use serde::de::DeserializeOwned;
use serde_json::Value;

mod payloads;
mod records;

pub use payloads::{CallPhase, CallState, SmsDelivery, TrafficPush, TrafficStatus};
pub use records::{CallRecord, CallRecords, Recording};

/// One callback.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Callback {
    /// 双向呼叫状态推送: a two-way call's leg changed state.
    CallState(CallState),
    /// 双向呼叫话单推送: two-way call records, `{"cdr":[…]}`.
    CallRecords(CallRecords),
    /// 语音通知话单推送: voice-notice records, `{"cdr":[{"tel":…,"stime":…}]}`.
    NoticeRecords(CallRecords),
    /// 短信发送状态推送: an SMS delivery report.
    SmsDelivery(SmsDelivery),
    /// 流量充值结果推送: a data top-up's result.
    TrafficResult(TrafficPush),
    /// A JSON object of no known shape (or a known shape with values that do not fit),
    /// kept whole.
    Unknown(Value),
}

/// A callback body that is not a JSON object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotACallback(String);

impl std::fmt::Display for NotACallback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not a callback: {}", self.0)
    }
}

impl std::error::Error for NotACallback {}

impl Callback {
    /// Reads a callback body leniently; only a body that is not a JSON object is refused.
    pub fn parse(body: &[u8]) -> Result<Self, NotACallback> {
        let value: Value = serde_json::from_slice(crate::decode::without_bom(body))
            .map_err(|err| NotACallback(err.to_string()))?;
        let Value::Object(fields) = &value else {
            return Err(NotACallback("expected a JSON object".into()));
        };
        let has = |key: &str| fields.contains_key(key);
        let notice = |records: &Value| {
            records
                .as_array()
                .and_then(|all| all.first())
                .is_some_and(|first| first.get("tel").is_some() || first.get("stime").is_some())
        };
        Ok(if let Some(records) = fields.get("cdr") {
            if notice(records) {
                typed(value, Callback::NoticeRecords)
            } else {
                typed(value, Callback::CallRecords)
            }
        } else if has("state") && (has("requestid") || has("dsc")) {
            typed(value, Callback::CallState)
        } else if has("sendSts") {
            typed(value, Callback::SmsDelivery)
        } else if has("trafficSts") {
            typed(value, Callback::TrafficResult)
        } else {
            Callback::Unknown(value)
        })
    }
}

impl Callback {
    /// The kind in one word, as `ytx callbacks listen` prints it: `call_state`,
    /// `call_records`, `notice_records`, `sms_delivery`, `traffic_result` or `unknown`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::CallState(_) => "call_state",
            Self::CallRecords(_) => "call_records",
            Self::NoticeRecords(_) => "notice_records",
            Self::SmsDelivery(_) => "sms_delivery",
            Self::TrafficResult(_) => "traffic_result",
            Self::Unknown(_) => "unknown",
        }
    }
}

/// The typed payload, or the value itself when it does not fit.
fn typed<T: DeserializeOwned>(value: Value, wrap: fn(T) -> Callback) -> Callback {
    match T::deserialize(&value) {
        Ok(payload) => wrap(payload),
        Err(_) => Callback::Unknown(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_told_apart() {
        let cases = [
            (
                r#"{"cdr":[{"requestid":"1","caller":"139","fid":4}]}"#,
                "call_records",
            ),
            (
                r#"{"cdr":[{"requestid":"1","tel":"139","stime":"x"}]}"#,
                "notice_records",
            ),
            (
                r#"{"requestid":"1","state":"answer","dsc":"139"}"#,
                "call_state",
            ),
            (
                r#"{"requestid":"1","sendSts":"1","mobileList":"139"}"#,
                "sms_delivery",
            ),
            (r#"{"requestId":"1","trafficSts":"0"}"#, "traffic_result"),
            (r#"{"orderSts":"1"}"#, "unknown"),
        ];
        for (body, expected) in cases {
            let parsed = Callback::parse(body.as_bytes()).unwrap();
            assert_eq!(parsed.kind(), expected, "{body}: {parsed:?}");
        }
    }

    #[test]
    fn values_that_do_not_fit_are_kept_whole() {
        let parsed = Callback::parse(br#"{"cdr":"not a list"}"#).unwrap();
        assert_eq!(
            parsed,
            Callback::Unknown(serde_json::json!({"cdr": "not a list"}))
        );
    }

    #[test]
    fn a_byte_order_mark_before_a_push_is_skipped() {
        let body = "\u{feff}{\"requestid\":\"1\",\"sendSts\":\"1\"}";
        let parsed = Callback::parse(body.as_bytes()).unwrap();
        assert!(matches!(parsed, Callback::SmsDelivery(_)), "{parsed:?}");
    }

    #[test]
    fn non_objects_are_refused() {
        for body in [&b""[..], b"[]", b"ok", b"{\"a\":"] {
            assert!(Callback::parse(body).is_err());
        }
    }

    #[test]
    fn payload_helpers_read_the_documented_values() {
        let Callback::SmsDelivery(sms) =
            Callback::parse(br#"{"sendSts":"-1","mobileList":"1, 2"}"#).unwrap()
        else {
            panic!()
        };
        assert_eq!(
            (sms.delivered(), sms.mobiles()),
            (Some(false), vec!["1", "2"])
        );
        let Callback::CallState(state) =
            Callback::parse(br#"{"requestid":"1","state":"alerting"}"#).unwrap()
        else {
            panic!()
        };
        assert_eq!(state.phase(), Some(CallPhase::Alerting));
    }
}
