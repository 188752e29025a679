//! Reconciling a side effect whose outcome is unknown, without I/O: [`plan`] starts a
//! [`Search`] for a request; the runtime (`Client::reconcile` in `ytx-core`) sends each
//! lookup it asks for, feeds the answer back, and reads the [`Reconciliation`] at the end.
//!
//! | request | looked up | by |
//! |---|---|---|
//! | 双向呼叫 `callDailBack` | call records (`getCdrByTime`, fid 4) of the hour it was sent and the next, paged on with `getCdrByResId` | `customParm`, else caller and called numbers |
//! | 语音通知 `templateNoticeCall`, 语音验证码 `callOutCode` | call records of the same hours, with the emulator's `fid` (the platform's is not public) | the number called |
//! | 话费充值 `productOrder` | `getOrderResult` | `customParm` |
//! | 流量充值 `flowOrder` | cannot: `getTrafficResult` needs the `requestId` that was lost | — |
//! | 模板短信 `templateSms` | cannot: the platform has no lookup | — |
//!
//! A record counts only if it started at most [`CLOCK_TOLERANCE_MINUTES`] before the
//! request was sent (the platform's clock and ours may differ by that much: it is the
//! signature window), and the hour before is searched too when that reaches into it.
//!
//! **An answer that may be cut short is never read as "not there".** `getCdrByTime` has no
//! paging of its own, and an hour can hold more records than one answer carries. An answer
//! of [`CALL_RECORDS_PAGE`] records or more is read on with `getCdrByResId` from its last
//! record, a page at a time, until a page comes back short or holds only later records; a
//! search that cannot read on says so with [`CannotTell`] rather than [`NotFound`].
//!
//! A request that carries a generated key ([`ReconciliationKey`](crate::ReconciliationKey))
//! is found by it, and the search ends at the first record that carries it: a random key
//! is unique. A `customParm` of the caller's own, or a call's numbers, must be searched to
//! the end, since a second record that matches makes the search ambiguous.

use chrono::{NaiveDateTime, TimeDelta, Timelike};
use serde_json::{Value, json};

use crate::{RawRequest, RetryClass, Timestamp};

mod calls;
mod outcome;
mod search;
#[cfg(test)]
mod tests;

pub use outcome::{CannotTell, NotFound, PlatformRecord, Reconciliation};
pub use search::Search;

use calls::CallKey;

/// How far before the request a matching record may start: the platform's signature
/// window, so also how far its clock may be from ours. A guess: the window is not public.
pub const CLOCK_TOLERANCE_MINUTES: i64 = 10;

/// The most call records one `getCdrByTime` or `getCdrByResId` answer is taken to carry.
///
/// **A guess.** The platform's limit is not public: its documentation gives `getCdrByTime`
/// no paging parameter, and `getCdrByResId`'s `limit` no maximum. An answer that holds this
/// many records or more is taken to be cut short and is read on; one that holds fewer is
/// taken to be whole. The emulator answers at most this many, so the SDK's paging is
/// tested against the same number.
pub const CALL_RECORDS_PAGE: usize = 1000;

/// The most `getCdrByResId` pages read on from one hour's answer: 100,000 records past a
/// full answer. A search that would need more answers [`CannotTell`].
pub const MAX_PAGES_PER_HOUR: usize = 100;

/// `fid` of two-way calls: documented.
const FID_TWO_WAY: &str = "4";
/// `fid` of voice codes and voice notices: the emulator's own values. The platform's are not
/// public, so a lookup with them finding nothing proves nothing.
const FID_VOICE_CODE: &str = "2";
const FID_VOICE_NOTICE: &str = "3";

/// Starts the search for a request with `action`, signed at `sent_at`, with `body` (the
/// JSON body as sent). A request that cannot be looked up gets [`CannotTell`] at once.
pub fn plan(action: &str, sent_at: &Timestamp, body: &[u8]) -> Result<Search, CannotTell> {
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
    let calls = |key, fid: &'static str| Search::calls(key, fid, FID_TWO_WAY == fid, sent);
    match action {
        "callDailBack" => match (text("customParm"), text("src"), text("dst")) {
            (Some(custom), _, _) => Ok(calls(CallKey::custom_parm(custom), FID_TWO_WAY)),
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
            Some(custom) => Ok(Search::order(custom)),
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

/// The fields of `body` (a request with `action`, as sent) that [`plan`] looks it up by, and
/// nothing else of it: what a reconcile command needs to be given. A call with a
/// `customParm` needs only that; one without, its numbers.
///
/// ```
/// let body = br#"{"action":"callDailBack","src":"139","dst":"138","customParm":"order-7"}"#;
/// let fields = ytx_protocol::reconcile::lookup_fields("callDailBack", body);
/// assert_eq!(serde_json::Value::Object(fields), serde_json::json!({"customParm": "order-7"}));
/// ```
pub fn lookup_fields(action: &str, body: &[u8]) -> serde_json::Map<String, Value> {
    let Ok(Value::Object(mut fields)) = serde_json::from_slice::<Value>(body) else {
        return serde_json::Map::new();
    };
    let has_key = fields
        .get("customParm")
        .and_then(Value::as_str)
        .is_some_and(|key| !key.trim().is_empty());
    let wanted: &[&str] = match action {
        "callDailBack" if has_key => &["customParm"],
        "callDailBack" => &["src", "dst"],
        "templateNoticeCall" | "callOutCode" => &["dst"],
        "productOrder" => &["customParm"],
        _ => &[],
    };
    fields.retain(|name, _| wanted.contains(&name.as_str()));
    fields
}

/// The hours a record of a request sent at `sent` can start in: the hour before when the
/// clock tolerance reaches into it, the hour it was sent, and the next.
fn hours_around(sent: NaiveDateTime) -> Vec<NaiveDateTime> {
    let not_before = sent - TimeDelta::minutes(CLOCK_TOLERANCE_MINUTES);
    let mut hours: Vec<NaiveDateTime> = Vec::with_capacity(3);
    for at in [not_before, sent, sent + TimeDelta::hours(1)] {
        let hour = at
            .with_minute(0)
            .and_then(|at| at.with_second(0))
            .unwrap_or(at);
        if !hours.contains(&hour) {
            hours.push(hour);
        }
    }
    hours
}

/// `getCdrByTime`: the records of one hour.
fn records_of_hour(fid: &str, hour: NaiveDateTime) -> Option<RawRequest> {
    let fields = json!({
        "fid": fid,
        "pdate": hour.format("%Y-%m-%d").to_string(),
        "ptime": hour.hour().to_string(),
    });
    lookup("call/CallCdr.wx", "getCdrByTime", "201512", fields)
}

/// `getCdrByResId`: the next page of records after `last`.
fn records_after(fid: &str, last: &str) -> Option<RawRequest> {
    let fields = json!({ "fid": fid, "lastresid": last, "limit": CALL_RECORDS_PAGE });
    lookup("call/CallCdr.wx", "getCdrByResId", "201512", fields)
}

/// `getOrderResult`: a phone-bill top-up by its `customParm`.
fn order_result(custom_parm: &str) -> Option<RawRequest> {
    let fields = json!({ "customParm": custom_parm });
    lookup("Unicom/Order.wx", "getOrderResult", "201612", fields)
}

/// A lookup request; the arguments are constants of this module, so it always builds.
fn lookup(path: &str, action: &str, version: &str, fields: Value) -> Option<RawRequest> {
    RawRequest::new(path, action)
        .and_then(|request| request.version(version))
        .and_then(|request| request.fields(fields))
        .map(|request| request.retry(RetryClass::SafeQuery))
        .ok()
}
