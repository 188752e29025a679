//! Reconciling a side effect whose outcome is unknown, without I/O: [`plan`] says which
//! lookups to send for a request, and [`Plan::judge`] reads their answers into a
//! [`Reconciliation`]. The runtime (`Client::reconcile` in `ytx-core`) sends them.
//!
//! | request | looked up | by |
//! |---|---|---|
//! | 双向呼叫 `callDailBack` | call records (`getCdrByTime`, fid 4) of the hour it was sent and the next | `customParm`, else caller and called numbers |
//! | 语音通知 `templateNoticeCall`, 语音验证码 `callOutCode` | call records of the same hours, with the emulator's `fid` (the platform's is not public) | the number called |
//! | 话费充值 `productOrder` | `getOrderResult` | `customParm` |
//! | 流量充值 `flowOrder` | cannot: `getTrafficResult` needs the `requestId` that was lost | — |
//! | 模板短信 `templateSms` | cannot: the platform has no lookup | — |
//!
//! A record counts only if it started at most [`CLOCK_TOLERANCE_MINUTES`] before the
//! request was sent (the platform's clock and ours may differ by that much: it is the
//! signature window), and the hour before is searched too when that reaches into it.
//! Where no lookup exists, [`CannotTell::evidence`] says what evidence remains.

use chrono::{NaiveDate, NaiveDateTime, TimeDelta, Timelike};
use serde_json::{Value, json};

use crate::callback::{CallRecord, CallRecords};
use crate::{ApiCode, RawRequest, RetryClass, Timestamp};

mod outcome;
#[cfg(test)]
mod tests;

pub use outcome::{CannotTell, NotFound, PlatformRecord, Reconciliation};

/// How far before the request a matching record may start: the platform's signature
/// window, so also how far its clock may be from ours. A guess: the window is not public.
pub const CLOCK_TOLERANCE_MINUTES: i64 = 10;

/// `fid` of two-way calls: documented.
const FID_TWO_WAY: &str = "4";
/// `fid` of voice codes and voice notices: the emulator's own values. The platform's are not
/// public, so a lookup with them finding nothing proves nothing.
const FID_VOICE_CODE: &str = "2";
const FID_VOICE_NOTICE: &str = "3";

/// The lookups for one request, and how to read their answers.
#[derive(Debug, Clone)]
pub struct Plan {
    lookups: Vec<RawRequest>,
    rule: Rule,
}

#[derive(Debug, Clone)]
enum Rule {
    /// Call records: which one is ours, whether the `fid` is documented, and since when.
    Call {
        key: CallKey,
        fid_documented: bool,
        not_before: NaiveDateTime,
    },
    /// `getOrderResult`: an answer is the order; `-704` means none.
    Order,
}

#[derive(Debug, Clone)]
enum CallKey {
    CustomParm(String),
    Parties { caller: String, called: String },
    Tel(String),
    Called(String),
}

/// Plans the lookups for a request with `action`, signed at `sent_at`, with `body` (the JSON
/// body as sent). A request that cannot be looked up gets [`CannotTell`] at once.
pub fn plan(action: &str, sent_at: &Timestamp, body: &[u8]) -> Result<Plan, CannotTell> {
    let fields = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(fields)) => fields,
        _ => return Err(CannotTell::new("the request body is not a JSON object", "")),
    };
    let text = |name: &str| -> Option<String> {
        match fields.get(name)? {
            Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_owned()),
            Value::Number(number) => Some(number.to_string()),
            _ => None,
        }
    };
    let Some(sent) = sent_at.naive() else {
        return Err(CannotTell::new("the send time is not a real time", ""));
    };
    let calls = |key, fid: &'static str| Plan::calls(key, fid, sent);
    match action {
        "callDailBack" => match (text("customParm"), text("src"), text("dst")) {
            (Some(custom), _, _) => Ok(calls(CallKey::CustomParm(custom), FID_TWO_WAY)),
            (None, Some(caller), Some(called)) => {
                Ok(calls(CallKey::Parties { caller, called }, FID_TWO_WAY))
            }
            _ => Err(CannotTell::new(
                "the request has no customParm, src or dst",
                "",
            )),
        },
        "templateNoticeCall" => match text("dst") {
            Some(dst) => Ok(calls(CallKey::Tel(dst), FID_VOICE_NOTICE)),
            None => Err(CannotTell::new("the request has no dst", "")),
        },
        "callOutCode" => match text("dst") {
            Some(dst) => Ok(calls(CallKey::Called(dst), FID_VOICE_CODE)),
            None => Err(CannotTell::new("the request has no dst", "")),
        },
        "productOrder" => match text("customParm") {
            Some(custom) => Ok(Plan::order(custom)),
            None => Err(CannotTell::new(
                "getOrderResult finds an order by its customParm or the requestId of its answer, and this request had neither",
                "the order's result in the console; send top-ups with a customParm (your order id) so they can be looked up",
            )),
        },
        "flowOrder" => Err(CannotTell::new(
            "getTrafficResult finds an order only by the requestId its answer would have carried",
            "the top-up result push (trafficSts), which echoes customParm",
        )),
        "templateSms" => Err(CannotTell::new(
            "the platform has no lookup for template SMS",
            "the delivery push (sendSts, with mobileList and templateId) and the console's send records",
        )),
        "createMeeting" => Err(CannotTell::new(
            "a conference cannot be looked up by its request",
            "MeetingQuery with meetingcount lists the account's latest conferences",
        )),
        other => Err(CannotTell::new(
            format!("no lookup is known for action `{other}`"),
            "",
        )),
    }
}

impl Plan {
    /// Call records of the hours a record of a request sent at `sent` can be in.
    fn calls(key: CallKey, fid: &'static str, sent: NaiveDateTime) -> Self {
        let not_before = sent - TimeDelta::minutes(CLOCK_TOLERANCE_MINUTES);
        let mut hours: Vec<NaiveDateTime> = Vec::new();
        for at in [not_before, sent, sent + TimeDelta::hours(1)] {
            let hour = at
                .with_minute(0)
                .and_then(|at| at.with_second(0))
                .unwrap_or(at);
            if !hours.contains(&hour) {
                hours.push(hour);
            }
        }
        let lookups = hours
            .into_iter()
            .filter_map(|hour| {
                let fields = json!({
                    "fid": fid,
                    "pdate": hour.format("%Y-%m-%d").to_string(),
                    "ptime": hour.hour().to_string(),
                });
                lookup("call/CallCdr.wx", "getCdrByTime", "201512", fields)
            })
            .collect();
        Self {
            lookups,
            rule: Rule::Call {
                key,
                fid_documented: fid == FID_TWO_WAY,
                not_before,
            },
        }
    }

    fn order(custom_parm: String) -> Self {
        let fields = json!({ "customParm": custom_parm });
        Self {
            lookups: lookup("Unicom/Order.wx", "getOrderResult", "201612", fields)
                .into_iter()
                .collect(),
            rule: Rule::Order,
        }
    }

    /// The requests to send, in order; each is a safe query.
    pub fn lookups(&self) -> &[RawRequest] {
        &self.lookups
    }

    /// Reads the answers to [`Plan::lookups`], in the same order: each the answer's JSON,
    /// or the status code it was refused with.
    pub fn judge(&self, answers: &[Result<Value, ApiCode>]) -> Reconciliation {
        if answers.len() != self.lookups.len() {
            return Reconciliation::CannotTell(CannotTell::new(
                format!(
                    "{} lookups were planned and {} answered",
                    self.lookups.len(),
                    answers.len()
                ),
                "",
            ));
        }
        match &self.rule {
            Rule::Order => judge_order(answers),
            Rule::Call {
                key,
                fid_documented,
                not_before,
            } => judge_calls(answers, key, *fid_documented, *not_before, self.searched()),
        }
    }

    /// What the lookups search, in words.
    fn searched(&self) -> String {
        let hours: Vec<String> = self
            .lookups
            .iter()
            .filter_map(|lookup| {
                let fields = lookup.body_fields();
                Some(format!(
                    "{} {}h",
                    fields.get("pdate")?.as_str()?,
                    fields.get("ptime")?.as_str()?
                ))
            })
            .collect();
        format!("call records of {}", hours.join(", "))
    }
}

/// A lookup request; the arguments are constants of this module, so it always builds.
fn lookup(path: &str, action: &str, version: &str, fields: Value) -> Option<RawRequest> {
    RawRequest::new(path, action)
        .and_then(|request| request.version(version))
        .and_then(|request| request.fields(fields))
        .map(|request| request.retry(RetryClass::SafeQuery))
        .ok()
}

fn judge_order(answers: &[Result<Value, ApiCode>]) -> Reconciliation {
    match answers.first() {
        Some(Ok(Value::Object(order))) => {
            Reconciliation::Happened(PlatformRecord::Order(order.clone()))
        }
        Some(Err(ApiCode::OrderNotFound)) => Reconciliation::NotFound(NotFound::new(
            "getOrderResult by customParm: -704 (no such order yet)",
        )),
        Some(Err(code)) => Reconciliation::CannotTell(CannotTell::new(
            format!("getOrderResult answered {}", code.as_wire()),
            "",
        )),
        _ => Reconciliation::CannotTell(CannotTell::new(
            "getOrderResult's answer is not an object",
            "",
        )),
    }
}

fn judge_calls(
    answers: &[Result<Value, ApiCode>],
    key: &CallKey,
    fid_documented: bool,
    not_before: NaiveDateTime,
    searched: String,
) -> Reconciliation {
    let mut found: Vec<CallRecord> = Vec::new();
    for answer in answers {
        let records = match answer {
            Ok(value) => match CallRecords::deserialize_from(value) {
                Some(records) => records,
                None => {
                    return Reconciliation::CannotTell(CannotTell::new(
                        "a call-record answer has no cdr list",
                        "",
                    ));
                }
            },
            Err(code) => {
                return Reconciliation::CannotTell(CannotTell::new(
                    format!("getCdrByTime answered {}", code.as_wire()),
                    "",
                ));
            }
        };
        found.extend(
            records
                .cdr
                .into_iter()
                .filter(|record| key.matches(record) && started_since(record, not_before)),
        );
    }
    match found.len() {
        1 => Reconciliation::Happened(PlatformRecord::Call(Box::new(found.remove(0)))),
        0 if fid_documented => Reconciliation::NotFound(NotFound::new(searched)),
        0 => Reconciliation::CannotTell(CannotTell::new(
            format!("nothing in the {searched}, but the fid of this product is a guess"),
            "the call-record push (cdr) for the number called",
        )),
        many => Reconciliation::CannotTell(CannotTell::new(
            format!("{many} records in the {searched} match: the request's keys are not unique"),
            "the call-record pushes; give each request its own customParm",
        )),
    }
}

impl CallKey {
    fn matches(&self, record: &CallRecord) -> bool {
        let is = |field: &Option<String>, value: &str| field.as_deref() == Some(value);
        match self {
            Self::CustomParm(custom) => is(&record.custom_parm, custom),
            Self::Parties { caller, called } => {
                is(&record.caller, caller) && is(&record.called, called)
            }
            Self::Tel(tel) => is(&record.tel, tel),
            Self::Called(called) => is(&record.called, called),
        }
    }
}

/// Whether the record started at or after `not_before`; a record without a readable start
/// time counts.
fn started_since(record: &CallRecord, not_before: NaiveDateTime) -> bool {
    let start = [&record.callerstime, &record.stime, &record.calledstime]
        .into_iter()
        .flatten()
        .find_map(|text| record_time(text));
    start.is_none_or(|start| start >= not_before)
}

/// `yyyy-MM-dd HH:mm:ss`, as call records write times.
fn record_time(text: &str) -> Option<NaiveDateTime> {
    let digits: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|part| !part.is_empty())
        .map(|part| part.parse().ok())
        .collect::<Option<_>>()?;
    let [year, month, day, hour, minute, second] = digits[..] else {
        return None;
    };
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?
        .and_hms_opt(hour, minute, second)
}

impl CallRecords {
    /// Reads `{"cdr":[…]}` from a JSON value.
    fn deserialize_from(value: &Value) -> Option<Self> {
        serde::Deserialize::deserialize(value).ok()
    }
}
