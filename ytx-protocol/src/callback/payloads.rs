//! The callbacks other than call records: call states, SMS delivery, top-up results.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::lenient;

/// 双向呼叫状态推送: one leg of a two-way call changed state. Events may arrive out of order
/// and after the call record.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CallState {
    /// `requestid`: the call's `requestId`.
    #[serde(
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub requestid: Option<String>,
    /// `state`: `callout` (dialing), `alerting` (ringing), `answer`, `disconnect`.
    #[serde(
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub state: Option<String>,
    /// `stateDesc`: the state in words.
    #[serde(
        rename = "stateDesc",
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub state_desc: Option<String>,
    /// `dsc`: the number of the leg this event is about (the platform's spelling).
    #[serde(
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub dsc: Option<String>,
    /// `src`: the call's first leg (inferred: seen among a client's fields).
    #[serde(
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub src: Option<String>,
    /// `timestamp`: when, Beijing time.
    #[serde(
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub timestamp: Option<String>,
    /// Every other field the platform sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl CallState {
    /// The state as a known value.
    pub fn phase(&self) -> Option<CallPhase> {
        Some(match self.state.as_deref()? {
            "callout" => CallPhase::Callout,
            "alerting" => CallPhase::Alerting,
            "answer" => CallPhase::Answer,
            "disconnect" => CallPhase::Disconnect,
            _ => return None,
        })
    }
}

/// The documented values of a call state's `state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CallPhase {
    /// `callout`: dialing (呼出).
    Callout,
    /// `alerting`: ringing (振铃).
    Alerting,
    /// `answer`: answered (接听).
    Answer,
    /// `disconnect`: ended (结束).
    Disconnect,
}

/// 短信发送状态推送: the delivery report of a template SMS.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SmsDelivery {
    /// `requestid`: the `requestId` of the `templateSms` request.
    #[serde(
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub requestid: Option<String>,
    /// `appid`: the application.
    #[serde(
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub appid: Option<String>,
    /// `mobileList`: the mobiles, comma-separated.
    #[serde(
        rename = "mobileList",
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub mobile_list: Option<String>,
    /// `contents`: the text sent.
    #[serde(
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub contents: Option<String>,
    /// `templateId`: the template.
    #[serde(
        rename = "templateId",
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub template_id: Option<String>,
    /// `sendTime`: when it was sent.
    #[serde(
        rename = "sendTime",
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub send_time: Option<String>,
    /// `smsAmount`: not documented; presumably the number of messages billed.
    #[serde(
        rename = "smsAmount",
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub sms_amount: Option<String>,
    /// `sendSts`: `"1"` delivered, `"-1"` failed.
    #[serde(
        rename = "sendSts",
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub send_sts: Option<String>,
    /// Every other field the platform sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl SmsDelivery {
    /// The mobiles of `mobileList`.
    pub fn mobiles(&self) -> Vec<&str> {
        self.mobile_list
            .as_deref()
            .map_or(Vec::new(), |list| list.split(',').map(str::trim).collect())
    }

    /// Whether it was delivered: `Some(true)` for `"1"`, `Some(false)` for `"-1"`, `None`
    /// for anything else (not final, or not documented).
    pub fn delivered(&self) -> Option<bool> {
        match self.send_sts.as_deref()?.trim() {
            "1" => Some(true),
            "-1" => Some(false),
            _ => None,
        }
    }
}

/// 流量充值结果推送: the result of a data top-up.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TrafficPush {
    /// `requestId`: the `requestId` of the `flowOrder` request.
    #[serde(
        rename = "requestId",
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
    /// `trafficSts`: `"1"` succeeded; `"0"` is read as processing by one client and as
    /// success by another; anything else failed.
    #[serde(
        rename = "trafficSts",
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub traffic_sts: Option<String>,
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
    /// `remark`: a note or failure reason (inferred).
    #[serde(
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub remark: Option<String>,
    /// Every other field the platform sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl TrafficPush {
    /// What `trafficSts` says; `None` when it is absent.
    pub fn status(&self) -> Option<TrafficStatus> {
        TrafficStatus::from_wire(self.traffic_sts.as_deref()?)
    }
}

/// What a top-up's `trafficSts` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TrafficStatus {
    /// `"1"`: the package was delivered.
    Succeeded,
    /// `"0"`: still processing (one public client reads it as success; query to be sure).
    Processing,
    /// Anything else: failed; see `remark`.
    Failed,
}

impl TrafficStatus {
    /// Reads a `trafficSts` value.
    pub fn from_wire(text: &str) -> Option<Self> {
        Some(match text.trim() {
            "1" => Self::Succeeded,
            "0" => Self::Processing,
            "" => return None,
            _ => Self::Failed,
        })
    }
}
