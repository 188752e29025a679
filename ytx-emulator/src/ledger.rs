//! The side effects the emulator has carried out, so a test can assert "exactly one SMS
//! was sent", and the callbacks it pushed.

use serde_json::{Map, Value};

/// Which kind of phone call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CallKind {
    /// 双向呼叫 (`callDailBack`).
    TwoWay,
    /// 语音验证码 (`callOutCode`).
    VoiceCode,
    /// 语音通知 (`templateNoticeCall`).
    VoiceNotice,
}

/// Something that would cost money or reach a person on the real platform.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SideEffect {
    /// A call was placed to these numbers.
    CallPlaced {
        /// Which kind.
        kind: CallKind,
        /// The numbers rung, first leg first.
        numbers: Vec<String>,
        /// The request's `customParm`, if any.
        custom_parm: Option<String>,
    },
    /// One template SMS request, to these mobiles.
    SmsSent {
        /// The mobiles.
        mobiles: Vec<String>,
        /// The template id.
        template_id: String,
    },
    /// A data top-up was ordered and charged.
    TopUpCharged {
        /// The mobile topped up.
        phone: String,
        /// The package code.
        flow_code: String,
        /// The request's `customParm`, if any.
        custom_parm: Option<String>,
    },
    /// A phone-bill top-up (话费充值) was ordered and charged.
    BillTopUpCharged {
        /// The phone topped up (`rechargeAccount`).
        phone: String,
        /// The product (`productCode`).
        product_code: String,
        /// The request's `customParm`, if any.
        custom_parm: Option<String>,
    },
    /// A conference was created.
    MeetingCreated {
        /// Its id.
        confid: String,
    },
    /// A side effect of an endpoint the emulator knows only from its spec (a team's own, or
    /// one with no modelled behaviour): the request as it was sent, costing nothing.
    Request {
        /// The func path segment.
        func: String,
        /// The url path segment.
        url: String,
        /// The body's `action`.
        action: String,
        /// The body's other fields, `appid` and `action` left out.
        fields: Map<String, Value>,
    },
}

/// One side effect, with the request that caused it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEntry {
    /// The `requestId` the emulator answered.
    pub request_id: String,
    /// The account charged.
    pub account_sid: String,
    /// The app used.
    pub app_id: String,
    /// What happened.
    pub effect: SideEffect,
    /// What it cost, in fen.
    pub charge_fen: i64,
}

/// Which callback a push is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PushKind {
    /// 双向呼叫状态推送: `{requestid, state, stateDesc, dsc, src, timestamp}`.
    CallState,
    /// 双向呼叫话单推送: `{"cdr":[…]}`.
    CallRecord,
    /// 语音通知话单推送: `{"cdr":[{requestid, tel, stime, …}]}`.
    NoticeRecord,
    /// 短信发送状态推送: `{requestid, mobileList, sendSts, …}`.
    SmsDelivery,
    /// 流量充值结果推送: `{requestId, trafficSts, mobile, customParm, remark}`.
    TrafficResult,
}

/// A callback the emulator pushed (or tried to).
#[derive(Debug, Clone, PartialEq)]
pub struct PushRecord {
    /// Which callback.
    pub kind: PushKind,
    /// Where it went.
    pub url: String,
    /// What was sent.
    pub body: Value,
    /// How many attempts were made.
    pub attempts: u32,
    /// Whether an attempt got a 2xx answer.
    pub delivered: bool,
}
