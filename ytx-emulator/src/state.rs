//! What the emulated platform remembers, and what each action does to it.
//!
//! Every collection is capped (oldest dropped first), so memory stays bounded however long
//! the emulator runs.

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Map, Value, json};
use ytx_protocol::ApiCode;
use ytx_protocol::sign::Timestamp;

use crate::judge::{Accepted, text_of};
use crate::ledger::{CallKind, LedgerEntry, PushKind, SideEffect};

mod admin;
mod demo;
mod queries;
mod top_ups;

pub use queries::CALL_RECORDS_PER_ANSWER;

/// Records of each kind kept by default (call records, conferences, orders, ledger
/// entries); the oldest go first. Set with
/// [`EmulatorBuilder::max_records`](crate::EmulatorBuilder::max_records).
pub const DEFAULT_MAX_RECORDS: usize = 10_000;

/// Prices in fen. The platform's prices are per contract; these only make balances move.
const PRICE_TWO_WAY: i64 = 15;
const PRICE_VOICE_CODE: i64 = 10;
const PRICE_VOICE_NOTICE: i64 = 10;
const PRICE_SMS_PER_MOBILE: i64 = 5;
const PRICE_TOP_UP: i64 = 300;
/// The one known bill-top-up answer charged 2.94 yuan.
const PRICE_BILL_TOP_UP: i64 = 294;
const PRICE_MEETING: i64 = 30;

/// `fid` of call records: 4 is the documented two-way call; the others are the
/// emulator's own (the platform's values are not public).
const FID_TWO_WAY: &str = "4";
const FID_VOICE_CODE: &str = "2";
const FID_VOICE_NOTICE: &str = "3";

/// A callback to deliver after answering.
pub(crate) struct Push {
    pub(crate) kind: PushKind,
    pub(crate) url: String,
    pub(crate) body: Value,
}

/// The answer to an accepted request, and the callbacks it causes.
pub(crate) struct Outcome {
    pub(crate) answer: Value,
    pub(crate) pushes: Vec<Push>,
}

struct CallRecord {
    account: String,
    fid: &'static str,
    request_id: String,
    /// `yyyy-MM-dd HH:mm:ss` start, for hour queries.
    start: String,
    record: Value,
}

#[derive(Default)]
pub(crate) struct State {
    cap: usize,
    balances: HashMap<String, i64>,
    next_id: u64,
    next_confid: u64,
    records: VecDeque<CallRecord>,
    meetings: VecDeque<(String, Value)>,
    orders: HashMap<String, Value>,
    order_ids: VecDeque<String>,
    bill_orders: VecDeque<top_ups::BillOrder>,
    pub(crate) ledger: VecDeque<LedgerEntry>,
}

fn push_capped<T>(queue: &mut VecDeque<T>, item: T, cap: usize) -> Option<T> {
    queue.push_back(item);
    (queue.len() > cap).then(|| queue.pop_front()).flatten()
}

/// `yyyy-MM-dd HH:mm:ss` in Beijing time, `seconds` after `now`.
pub(crate) fn beijing(now: DateTime<Utc>, seconds: i64) -> String {
    match Timestamp::from_utc(now + TimeDelta::seconds(seconds)) {
        Ok(stamp) => {
            let d = stamp.as_str();
            format!(
                "{}-{}-{} {}:{}:{}",
                &d[0..4],
                &d[4..6],
                &d[6..8],
                &d[8..10],
                &d[10..12],
                &d[12..14]
            )
        }
        // A clock beyond year 9999: records get an obviously impossible time, not a panic.
        Err(_) => "0000-00-00 00:00:00".to_owned(),
    }
}

fn field(body: &Map<String, Value>, name: &str) -> String {
    body.get(name).map(text_of).unwrap_or_default()
}

fn optional(body: &Map<String, Value>, name: &str) -> Option<String> {
    Some(field(body, name)).filter(|text| !text.is_empty())
}

fn yuan(fen: i64) -> f64 {
    fen as f64 / 100.0
}

fn submitted(request_id: &str) -> Value {
    json!({"statusCode": "0", "statusMsg": "提交成功", "requestId": request_id})
}

impl State {
    pub(crate) fn new(balances: HashMap<String, i64>, cap: usize) -> Self {
        Self {
            cap: cap.max(1),
            balances,
            ..Self::default()
        }
    }

    pub(crate) fn balance(&self, sid: &str) -> Option<i64> {
        self.balances.get(sid).copied()
    }

    /// A 29-digit request id: the Beijing timestamp, then a 15-digit counter.
    fn request_id(&mut self, now: DateTime<Utc>) -> String {
        self.next_id += 1;
        let stamp = Timestamp::from_utc(now)
            .map(|t| t.to_string())
            .unwrap_or_default();
        format!("{stamp:0>14}{:015}", self.next_id)
    }

    fn charge(&mut self, sid: &str, fen: i64) -> Result<(), ApiCode> {
        let balance = self.balances.entry(sid.to_owned()).or_default();
        if *balance < fen {
            return Err(ApiCode::InsufficientBalance);
        }
        *balance -= fen;
        Ok(())
    }

    fn record_effect(
        &mut self,
        call: &Accepted<'_>,
        request_id: &str,
        effect: SideEffect,
        fen: i64,
    ) {
        let entry = LedgerEntry {
            request_id: request_id.to_owned(),
            account_sid: call.account.sid.clone(),
            app_id: call.app.id.clone(),
            effect,
            charge_fen: fen,
        };
        push_capped(&mut self.ledger, entry, self.cap);
    }

    fn store_record(
        &mut self,
        account: &str,
        fid: &'static str,
        id: &str,
        start: String,
        record: Value,
    ) {
        let record = CallRecord {
            account: account.to_owned(),
            fid,
            request_id: id.to_owned(),
            start,
            record,
        };
        push_capped(&mut self.records, record, self.cap);
    }

    /// Carries out an accepted request.
    pub(crate) fn execute(
        &mut self,
        call: &Accepted<'_>,
        now: DateTime<Utc>,
    ) -> Result<Outcome, ApiCode> {
        let body = &call.body;
        let sid = call.account.sid.as_str();
        let pushes_to = call.app.callback_url.clone();
        let mut pushes = Vec::new();
        let mut push = |kind, body| {
            if let Some(url) = &pushes_to {
                pushes.push(Push {
                    kind,
                    url: url.clone(),
                    body,
                });
            }
        };
        let endpoint = call.endpoint;
        let route = (
            endpoint.func.as_str(),
            endpoint.url.as_str(),
            endpoint.action.as_str(),
        );
        let answer = match route {
            ("call", "DailbackCall.wx", "callDailBack") => {
                self.charge(sid, PRICE_TWO_WAY)?;
                let id = self.request_id(now);
                let (src, dst) = (field(body, "src"), field(body, "dst"));
                let custom = optional(body, "customParm");
                let credit = field(body, "credit").parse::<i64>().unwrap_or(60);
                let talk = credit.clamp(0, 30);
                let record = json!({
                    "requestid": id, "appid": call.app.id, "fid": 4,
                    "caller": src, "called": dst,
                    "callerstime": beijing(now, 0), "calleretime": beijing(now, 5 + talk),
                    "calledstime": beijing(now, 5), "calledetime": beijing(now, 5 + talk),
                    "tapesurl": "NoTapes", "duration": talk, "oriamount": yuan(PRICE_TWO_WAY),
                    "customParm": custom.clone().unwrap_or_default(), "stateDesc": "应答|正常",
                });
                for (state, desc, leg, at) in [
                    ("callout", "呼出", &src, 0),
                    ("answer", "接听", &src, 2),
                    ("answer", "接听", &dst, 5),
                    ("disconnect", "结束", &src, 5 + talk),
                ] {
                    push(
                        PushKind::CallState,
                        json!({
                            "requestid": id, "state": state, "stateDesc": desc, "dsc": leg,
                            "src": src, "timestamp": beijing(now, at),
                        }),
                    );
                }
                push(PushKind::CallRecord, json!({"cdr": [record.clone()]}));
                self.store_record(sid, FID_TWO_WAY, &id, beijing(now, 0), record);
                let effect = SideEffect::CallPlaced {
                    kind: CallKind::TwoWay,
                    numbers: vec![src, dst],
                    custom_parm: custom,
                };
                self.record_effect(call, &id, effect, PRICE_TWO_WAY);
                submitted(&id)
            }
            ("call", "CodeCallOut.wx", "callOutCode") => {
                self.charge(sid, PRICE_VOICE_CODE)?;
                let id = self.request_id(now);
                let dst = field(body, "dst");
                let record = json!({
                    "requestid": id, "appid": call.app.id, "fid": 2, "caller": "", "called": dst,
                    "callerstime": beijing(now, 0), "calleretime": beijing(now, 20),
                    "calledstime": beijing(now, 3), "calledetime": beijing(now, 20),
                    "tapesurl": "NoTapes", "duration": 17, "oriamount": yuan(PRICE_VOICE_CODE),
                    "customParm": "", "stateDesc": "应答|正常",
                });
                self.store_record(sid, FID_VOICE_CODE, &id, beijing(now, 0), record);
                let effect = SideEffect::CallPlaced {
                    kind: CallKind::VoiceCode,
                    numbers: vec![dst],
                    custom_parm: None,
                };
                self.record_effect(call, &id, effect, PRICE_VOICE_CODE);
                submitted(&id)
            }
            ("call", "NoticeCall.wx", "templateNoticeCall") => {
                self.charge(sid, PRICE_VOICE_NOTICE)?;
                let id = self.request_id(now);
                let dst = field(body, "dst");
                let record = json!({
                    "requestid": id, "appid": call.app.id, "fid": FID_VOICE_NOTICE, "tel": dst,
                    "stime": beijing(now, 0), "etime": beijing(now, 25), "duration": "22",
                    "oriamount": format!("{:.2}", yuan(PRICE_VOICE_NOTICE)), "stateDesc": "应答|正常",
                });
                push(PushKind::NoticeRecord, json!({"cdr": [record.clone()]}));
                self.store_record(sid, FID_VOICE_NOTICE, &id, beijing(now, 0), record);
                let effect = SideEffect::CallPlaced {
                    kind: CallKind::VoiceNotice,
                    numbers: vec![dst],
                    custom_parm: None,
                };
                self.record_effect(call, &id, effect, PRICE_VOICE_NOTICE);
                submitted(&id)
            }
            ("sms", "TemplateSMS.wx", "templateSms") => {
                let mobiles: Vec<String> = field(body, "mobile")
                    .split(',')
                    .map(|m| m.trim().to_owned())
                    .collect();
                let price = PRICE_SMS_PER_MOBILE * mobiles.len() as i64;
                self.charge(sid, price)?;
                let id = self.request_id(now);
                let template_id = field(body, "templateId");
                let datas: Vec<String> = match body.get("datas") {
                    Some(Value::Array(items)) => items.iter().map(text_of).collect(),
                    _ => Vec::new(),
                };
                push(
                    PushKind::SmsDelivery,
                    json!({
                        "requestid": id, "appid": call.app.id, "mobileList": mobiles.join(","),
                        "contents": format!("[template {template_id}] {}", datas.join(",")),
                        "templateId": template_id, "sendTime": beijing(now, 1),
                        "smsAmount": mobiles.len().to_string(), "sendSts": "1",
                    }),
                );
                let effect = SideEffect::SmsSent {
                    mobiles,
                    template_id,
                };
                self.record_effect(call, &id, effect, price);
                submitted(&id)
            }
            ("traffic", "Traffic.wx", "flowOrder") => self.flow_order(call, now, &mut push)?,
            ("Unicom", "Order.wx", "productOrder") => self.product_order(call, now)?,
            ("call", "TeleMeeting.wx", "createMeeting") => {
                self.charge(sid, PRICE_MEETING)?;
                let id = self.request_id(now);
                self.next_confid += 1;
                let confid = format!("{:03}", self.next_confid);
                let mut meeting = body.clone();
                meeting.remove("action");
                meeting.insert("confid".into(), json!(confid));
                meeting.insert("requestId".into(), json!(id));
                meeting.insert("createtime".into(), json!(beijing(now, 0)));
                push_capped(
                    &mut self.meetings,
                    (sid.to_owned(), Value::Object(meeting)),
                    self.cap,
                );
                let effect = SideEffect::MeetingCreated {
                    confid: confid.clone(),
                };
                self.record_effect(call, &id, effect, PRICE_MEETING);
                // The id goes back as `meid`, the name the MeetingQuery page gives it.
                json!({"statusCode": "0", "statusMsg": "提交成功", "requestId": id, "meid": confid})
            }
            ("call", "MeetingQuery.wx", "queryMeeting") => self.query_meetings(sid, body)?,
            ("call", "CallCdr.wx", "getCdrByResId") => self.records_after(sid, body)?,
            ("call", "CallCdr.wx", "getCdrByTime") => self.records_in_hour(sid, body)?,
            ("traffic", "Traffic.wx", "getTrafficResult") => self.traffic_result(body)?,
            ("Unicom", "Order.wx", "getOrderResult") => self.order_result(sid, body)?,
            ("account", "getBlance.wx", "queryBlance") => {
                json!({"AccountSID": sid, "Blance": yuan(self.balance(sid).unwrap_or(0))})
            }
            // Where the platform keeps no state the emulator knows of: the spec's answer.
            _ => self.answer_as_specified(call, now),
        };
        Ok(Outcome { answer, pushes })
    }

    /// An endpoint with no behaviour of its own: the spec's first example response, with a
    /// fresh `requestId` where the example has one (or the plain submitted envelope when the
    /// spec has no example). A side effect is recorded in the ledger as it was sent.
    fn answer_as_specified(&mut self, call: &Accepted<'_>, now: DateTime<Utc>) -> Value {
        let endpoint = call.endpoint;
        let id = self.request_id(now);
        let answer = match endpoint.examples.responses.first() {
            Some(Value::Object(example)) => {
                let mut answer = example.clone();
                if let Some(request_id) = answer.get_mut("requestId") {
                    *request_id = Value::from(id.as_str());
                }
                Value::Object(answer)
            }
            Some(other) => other.clone(),
            None => submitted(&id),
        };
        if endpoint.retry == ytx_spec::Retry::SideEffect {
            let mut fields = call.body.clone();
            fields.remove("action");
            fields.remove("appid");
            let effect = SideEffect::Request {
                func: endpoint.func.clone(),
                url: endpoint.url.clone(),
                action: endpoint.action.clone(),
                fields,
            };
            self.record_effect(call, &id, effect, 0);
        }
        answer
    }
}
