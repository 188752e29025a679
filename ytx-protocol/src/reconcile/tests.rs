//! Searches and judgements, without a platform: answers are given by hand, or by a small
//! platform below that pages as the emulator does.

use serde_json::json;

use super::*;
use crate::ApiCode;
use crate::key::ReconciliationKey;

mod fields;
mod paging;

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

fn cdr(records: Value) -> Result<Value, ApiCode> {
    Ok(json!({ "cdr": records }))
}

fn two_way(body: &str) -> Search {
    plan("callDailBack", &at("20261204133000"), body.as_bytes()).unwrap()
}

/// Gives `answers` in turn, then empty ones, until the search ends; returns its verdict and
/// the lookups it asked for.
fn run(mut search: Search, answers: Vec<Result<Value, ApiCode>>) -> (Reconciliation, Vec<Value>) {
    let mut asked = Vec::new();
    let mut answers = answers.into_iter();
    while let Some(lookup) = search.next_lookup() {
        let mut fields = lookup.body_fields().clone();
        fields.insert("action".into(), lookup.action().into());
        asked.push(Value::Object(fields));
        assert!(asked.len() < 1000, "the search does not end");
        let answer = answers.next().unwrap_or_else(|| cdr(json!([])));
        search.answer(answer.as_ref().map_err(Clone::clone));
    }
    (search.verdict(), asked)
}

fn happened_id(verdict: &Reconciliation) -> String {
    match verdict {
        Reconciliation::Happened(PlatformRecord::Call(record)) => record.requestid.clone().unwrap(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_two_way_call_is_looked_up_in_its_hour_and_the_next() {
    let search = two_way(r#"{"src":"139","dst":"138","customParm":"order-7"}"#);
    let lookup = search.next_lookup().unwrap();
    assert_eq!(
        (lookup.func(), lookup.url(), lookup.action()),
        ("call", "CallCdr.wx", "getCdrByTime")
    );
    assert_eq!(lookup.version_segment(), "201512");
    assert_eq!(lookup.retry_class(), RetryClass::SafeQuery);
    let (_, asked) = run(search, vec![]);
    assert_eq!(
        asked,
        [
            json!({"action":"getCdrByTime","fid":"4","pdate":"2026-12-04","ptime":"13"}),
            json!({"action":"getCdrByTime","fid":"4","pdate":"2026-12-04","ptime":"14"}),
        ]
    );

    // Near the hour's start, the hour before too (the platform's clock may be behind);
    // across midnight, the next day.
    let early = plan(
        "callDailBack",
        &at("20261204000500"),
        br#"{"customParm":"x"}"#,
    );
    let (_, asked) = run(early.unwrap(), vec![]);
    let hours: Vec<String> = asked
        .iter()
        .map(|l| format!("{} {}", l["pdate"], l["ptime"]))
        .collect();
    assert_eq!(
        hours,
        [
            r#""2026-12-03" "23""#,
            r#""2026-12-04" "0""#,
            r#""2026-12-04" "1""#
        ]
    );
    // Exactly the tolerance after the hour began: the hour before is not searched.
    let edge = plan(
        "callDailBack",
        &at("20261204131000"),
        br#"{"customParm":"x"}"#,
    );
    let (_, asked) = run(edge.unwrap(), vec![]);
    assert_eq!(asked.len(), 2, "{asked:?}");
}

#[test]
fn call_records_are_matched_by_custom_parm_and_time() {
    let body = r#"{"src":"139","dst":"138","customParm":"order-7"}"#;
    let ours = json!({"requestid":"2","customParm":"order-7","callerstime":"2026-12-04 13:30:01"});
    let other = json!({"requestid":"3","customParm":"order-8","callerstime":"2026-12-04 13:31:00"});
    // The same customParm well before the request: an earlier call, not ours.
    let earlier =
        json!({"requestid":"1","customParm":"order-7","callerstime":"2026-12-04 13:19:59"});
    let answers = vec![cdr(json!([earlier, other])), cdr(json!([ours]))];
    let (judged, _) = run(two_way(body), answers);
    assert_eq!(happened_id(&judged), "2");

    let (nothing, _) = run(two_way(body), vec![cdr(json!([other, earlier]))]);
    let Reconciliation::NotFound(not_found) = nothing else {
        panic!("{nothing:?}");
    };
    assert_eq!(
        not_found.searched(),
        "call records of 2026-12-04 13h, 2026-12-04 14h"
    );

    // A record that starts exactly the clock tolerance before the request counts.
    let edge = json!({"requestid":"4","customParm":"order-7","callerstime":"2026-12-04 13:20:00"});
    let (judged, _) = run(two_way(body), vec![cdr(json!([edge]))]);
    assert_eq!(happened_id(&judged), "4");
    // A record whose start cannot be read counts too.
    let undated = json!({"requestid":"5","customParm":"order-7","callerstime":""});
    let (judged, _) = run(two_way(body), vec![cdr(json!([undated]))]);
    assert_eq!(happened_id(&judged), "5");
}

#[test]
fn two_records_that_match_cannot_be_told_apart() {
    let body = r#"{"src":"139","dst":"138","customParm":"order-7"}"#;
    let first = json!({"requestid":"2","customParm":"order-7","callerstime":"2026-12-04 13:30:01"});
    let second =
        json!({"requestid":"6","customParm":"order-7","callerstime":"2026-12-04 14:00:01"});
    let (twice, _) = run(
        two_way(body),
        vec![cdr(json!([first])), cdr(json!([second]))],
    );
    let Reconciliation::CannotTell(why) = twice else {
        panic!("{twice:?}");
    };
    assert!(why.reason().starts_with("2 records"), "{why}");
    // The same record in two answers is one record.
    let (once, _) = run(
        two_way(body),
        vec![cdr(json!([first])), cdr(json!([first]))],
    );
    assert_eq!(happened_id(&once), "2");
}

#[test]
fn a_refused_or_malformed_lookup_cannot_tell() {
    let body = r#"{"customParm":"order-7"}"#;
    for answer in [
        Err(ApiCode::RateLimited),
        Ok(json!({"statusCode":"0"})),
        Ok(json!({"cdr":"none"})),
    ] {
        let (verdict, asked) = run(two_way(body), vec![answer]);
        assert!(
            matches!(verdict, Reconciliation::CannotTell(_)),
            "{verdict:?}"
        );
        assert_eq!(asked.len(), 1, "the search ends at the bad answer");
    }
    let (verdict, _) = run(two_way(body), vec![Err(ApiCode::RateLimited)]);
    assert_eq!(
        verdict.to_string(),
        "cannot tell: getCdrByTime answered -104"
    );
}

#[test]
fn without_custom_parm_a_two_way_call_is_matched_by_both_numbers() {
    let body = r#"{"src":"139","dst":"138"}"#;
    let at = "2026-12-04 13:30:01";
    let ours = json!({"requestid":"1","caller":"139","called":"138","callerstime":at});
    for stranger in [
        json!({"requestid":"2","caller":"138","called":"139","callerstime":at}),
        json!({"requestid":"3","caller":"139","called":"137","callerstime":at}),
        json!({"requestid":"4","caller":"137","called":"138","callerstime":at}),
    ] {
        let (verdict, _) = run(two_way(body), vec![cdr(json!([stranger, ours]))]);
        assert_eq!(happened_id(&verdict), "1", "{stranger}");
        let (verdict, _) = run(two_way(body), vec![cdr(json!([stranger]))]);
        assert!(
            matches!(verdict, Reconciliation::NotFound(_)),
            "{stranger}: {verdict:?}"
        );
    }
    // Numbers sent as JSON numbers are read as their digits, in the record and in the
    // request.
    let numeric = json!({"requestid":"5","caller":139,"called":138,"callerstime":at});
    let (verdict, _) = run(two_way(body), vec![cdr(json!([numeric]))]);
    assert_eq!(happened_id(&verdict), "5");
    let (verdict, _) = run(
        two_way(r#"{"src":139,"dst":138}"#),
        vec![cdr(json!([numeric]))],
    );
    assert_eq!(happened_id(&verdict), "5");
}

#[test]
fn one_record_met_in_two_answers_counts_once_even_if_it_changed() {
    // The same call (its requestid), its record read twice with the outcome filled in.
    let body = r#"{"customParm":"order-7"}"#;
    let early = json!({"requestid":"2","customParm":"order-7","callerstime":"2026-12-04 13:59:58"});
    let later = json!({"requestid":"2","customParm":"order-7","callerstime":"2026-12-04 13:59:58","stateDesc":"应答|正常"});
    let (verdict, _) = run(
        two_way(body),
        vec![cdr(json!([early])), cdr(json!([later]))],
    );
    assert_eq!(happened_id(&verdict), "2");
    // Two records without ids are one only if they are the same.
    let bare = json!({"customParm":"order-7","callerstime":"2026-12-04 13:40:00"});
    let other = json!({"customParm":"order-7","callerstime":"2026-12-04 13:41:00"});
    let (verdict, _) = run(two_way(body), vec![cdr(json!([bare])), cdr(json!([bare]))]);
    assert!(
        matches!(verdict, Reconciliation::Happened(_)),
        "{verdict:?}"
    );
    let (verdict, _) = run(two_way(body), vec![cdr(json!([bare])), cdr(json!([other]))]);
    assert!(
        matches!(verdict, Reconciliation::CannotTell(_)),
        "{verdict:?}"
    );
}

#[test]
fn a_generated_key_ends_the_search_at_its_record() {
    let key = ReconciliationKey::from_random(42);
    let body = format!(r#"{{"src":"139","dst":"138","customParm":"{key}"}}"#);
    let ours =
        json!({"requestid":"9","customParm":key.as_str(),"callerstime":"2026-12-04 13:30:01"});
    let (verdict, asked) = run(two_way(&body), vec![cdr(json!([ours]))]);
    assert_eq!(happened_id(&verdict), "9");
    assert_eq!(asked.len(), 1, "no other hour is read");
    // A key of the caller's own is read to the end, where a second record may be.
    let (_, asked) = run(
        two_way(r#"{"customParm":"order-9"}"#),
        vec![cdr(json!([{"requestid":"9","customParm":"order-9"}]))],
    );
    assert_eq!(asked.len(), 2);
}

#[test]
fn a_voice_notice_found_nowhere_cannot_be_told_because_its_fid_is_a_guess() {
    let notice = || {
        plan(
            "templateNoticeCall",
            &at("20261204133000"),
            br#"{"dst":"138","templateId":"1"}"#,
        )
        .unwrap()
    };
    assert_eq!(notice().next_lookup().unwrap().body_fields()["fid"], "3");
    let ours = json!({"requestid":"7","tel":"138","stime":"2026-12-04 13:30:02"});
    let other = json!({"requestid":"8","tel":"137","stime":"2026-12-04 13:30:02"});
    let (verdict, _) = run(notice(), vec![cdr(json!([other, ours]))]);
    assert_eq!(happened_id(&verdict), "7");
    let (empty, _) = run(notice(), vec![cdr(json!([other]))]);
    let Reconciliation::CannotTell(why) = empty else {
        panic!("{empty:?}");
    };
    assert!(why.reason().contains("guess"), "{why}");
    assert!(why.evidence().contains("push"), "{why}");
}

#[test]
fn a_voice_code_is_matched_by_the_number_called() {
    let code = || {
        plan(
            "callOutCode",
            &at("20261204133000"),
            br#"{"dst":"138","code":"1234"}"#,
        )
        .unwrap()
    };
    assert_eq!(code().next_lookup().unwrap().body_fields()["fid"], "2");
    let ours = json!({"requestid":"7","called":"138","callerstime":"2026-12-04 13:30:02"});
    let other =
        json!({"requestid":"8","called":"137","tel":"138","callerstime":"2026-12-04 13:30:02"});
    let (verdict, _) = run(code(), vec![cdr(json!([other, ours]))]);
    assert_eq!(happened_id(&verdict), "7");
}

#[test]
fn a_bill_top_up_is_looked_up_by_its_order_id() {
    let order_search = || {
        plan(
            "productOrder",
            &at("20261204133000"),
            br#"{"rechargeAccount":"188","customParm":"o-1"}"#,
        )
        .unwrap()
    };
    let search = order_search();
    let lookup = search.next_lookup().unwrap();
    assert_eq!(
        (
            lookup.func(),
            lookup.url(),
            lookup.action(),
            lookup.version_segment()
        ),
        ("Unicom", "Order.wx", "getOrderResult", "201612")
    );
    assert_eq!(lookup.retry_class(), RetryClass::SafeQuery);
    assert_eq!(lookup.body_fields()["customParm"], "o-1");
    let order = json!({"requestId":"9","orderSts":"1","customParm":"o-1"});
    let (verdict, asked) = run(order_search(), vec![Ok(order.clone())]);
    assert_eq!(asked.len(), 1);
    assert_eq!(
        verdict,
        Reconciliation::Happened(PlatformRecord::Order(order.as_object().unwrap().clone()))
    );
    let (verdict, _) = run(order_search(), vec![Err(ApiCode::OrderNotFound)]);
    assert!(
        matches!(verdict, Reconciliation::NotFound(_)),
        "{verdict:?}"
    );
    for answer in [Err(ApiCode::RateLimited), Ok(json!([1]))] {
        let (verdict, _) = run(order_search(), vec![answer]);
        assert!(
            matches!(verdict, Reconciliation::CannotTell(_)),
            "{verdict:?}"
        );
    }
}

#[test]
fn a_search_left_unfinished_cannot_tell_and_stray_answers_are_ignored() {
    let search = two_way(r#"{"customParm":"order-7"}"#);
    assert!(matches!(search.verdict(), Reconciliation::CannotTell(_)));
    let mut done = two_way(r#"{"customParm":"order-7"}"#);
    while done.next_lookup().is_some() {
        done.answer(Ok(&json!({"cdr": []})));
    }
    done.answer(Ok(
        &json!({"cdr": [{"requestid":"1","customParm":"order-7"}]}),
    ));
    assert!(matches!(done.verdict(), Reconciliation::NotFound(_)));
}

#[test]
fn what_cannot_be_looked_up_says_what_evidence_remains() {
    let sent = at("20261204133000");
    for (action, body, evidence) in [
        ("templateSms", r#"{"mobile":"138"}"#, "delivery push"),
        (
            "flowOrder",
            r#"{"phone":"138","customParm":"x"}"#,
            "trafficSts",
        ),
        ("productOrder", r#"{"rechargeAccount":"188"}"#, "customParm"),
        ("createMeeting", r#"{}"#, "MeetingQuery"),
    ] {
        let why = plan(action, &sent, body.as_bytes()).unwrap_err();
        assert!(why.evidence().contains(evidence), "{action}: {why}");
    }
    let unknown = plan("somethingNew", &sent, b"{}").unwrap_err();
    assert!(unknown.reason().contains("somethingNew"));
    for body in [
        &b"not json"[..],
        b"{}",
        br#"{"src":"139"}"#,
        br#"{"customParm":"  "}"#,
    ] {
        assert!(plan("callDailBack", &sent, body).is_err());
    }
    assert!(plan("templateNoticeCall", &sent, b"{}").is_err());
    assert!(plan("callOutCode", &sent, b"{}").is_err());
}
