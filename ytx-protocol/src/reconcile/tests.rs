//! Plans and judgements, without a platform.

use serde_json::json;

use super::*;

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

fn cdr(records: Value) -> Result<Value, ApiCode> {
    Ok(json!({ "cdr": records }))
}

#[test]
fn a_two_way_call_is_looked_up_in_its_hour_and_the_next() {
    let body = br#"{"action":"callDailBack","src":"139","dst":"138","customParm":"order-7"}"#;
    let plan = plan("callDailBack", &at("20261204133000"), body).unwrap();
    let asked: Vec<Value> = plan
        .lookups()
        .iter()
        .map(|lookup| Value::Object(lookup.body_fields().clone()))
        .collect();
    assert_eq!(
        asked,
        [
            json!({"fid":"4","pdate":"2026-12-04","ptime":"13"}),
            json!({"fid":"4","pdate":"2026-12-04","ptime":"14"}),
        ]
    );
    let lookup = &plan.lookups()[0];
    assert_eq!(
        (lookup.func(), lookup.url(), lookup.action()),
        ("call", "CallCdr.wx", "getCdrByTime")
    );
    assert_eq!(lookup.retry_class(), RetryClass::SafeQuery);

    // Near the hour's start, the hour before too (the platform's clock may be behind);
    // across midnight, the next day.
    let early = super::plan("callDailBack", &at("20261204000500"), body).unwrap();
    let hours: Vec<String> = early
        .lookups()
        .iter()
        .map(|l| format!("{} {}", l.body_fields()["pdate"], l.body_fields()["ptime"]))
        .collect();
    assert_eq!(
        hours,
        [
            r#""2026-12-03" "23""#,
            r#""2026-12-04" "0""#,
            r#""2026-12-04" "1""#
        ]
    );
}

#[test]
fn call_records_are_matched_by_custom_parm_and_time() {
    let body = br#"{"src":"139","dst":"138","customParm":"order-7"}"#;
    let plan = plan("callDailBack", &at("20261204133000"), body).unwrap();
    let ours = json!({"requestid":"2","customParm":"order-7","callerstime":"2026-12-04 13:30:01"});
    let other = json!({"requestid":"3","customParm":"order-8","callerstime":"2026-12-04 13:31:00"});
    // The same customParm long before the request: an earlier call, not ours.
    let earlier =
        json!({"requestid":"1","customParm":"order-7","callerstime":"2026-12-04 13:10:00"});
    let judged = plan.judge(&[cdr(json!([earlier, other])), cdr(json!([ours]))]);
    let Reconciliation::Happened(record) = judged else {
        panic!("{judged:?}");
    };
    let PlatformRecord::Call(record) = record else {
        panic!("{record:?}");
    };
    assert_eq!(record.requestid.as_deref(), Some("2"));

    let nothing = plan.judge(&[cdr(json!([other])), cdr(json!([]))]);
    let Reconciliation::NotFound(not_found) = nothing else {
        panic!("{nothing:?}");
    };
    assert_eq!(
        not_found.searched(),
        "call records of 2026-12-04 13h, 2026-12-04 14h"
    );
    let twice = plan.judge(&[cdr(json!([ours, ours])), cdr(json!([]))]);
    assert!(matches!(twice, Reconciliation::CannotTell(_)), "{twice:?}");
    let refused = plan.judge(&[Err(ApiCode::RateLimited), cdr(json!([]))]);
    assert!(
        matches!(refused, Reconciliation::CannotTell(_)),
        "{refused:?}"
    );
    assert!(matches!(plan.judge(&[]), Reconciliation::CannotTell(_)));
}

#[test]
fn without_custom_parm_a_two_way_call_is_matched_by_its_numbers() {
    let plan = plan(
        "callDailBack",
        &at("20261204133000"),
        br#"{"src":"139","dst":"138"}"#,
    )
    .unwrap();
    let ours = json!({"caller":"139","called":"138","callerstime":"2026-12-04 13:30:01"});
    let reversed = json!({"caller":"138","called":"139","callerstime":"2026-12-04 13:30:01"});
    assert!(matches!(
        plan.judge(&[cdr(json!([reversed, ours])), cdr(json!([]))]),
        Reconciliation::Happened(_)
    ));
}

#[test]
fn a_voice_notice_found_nowhere_cannot_be_told_because_its_fid_is_a_guess() {
    let plan = plan(
        "templateNoticeCall",
        &at("20261204133000"),
        br#"{"dst":"138","templateId":"1"}"#,
    )
    .unwrap();
    assert_eq!(plan.lookups()[0].body_fields()["fid"], "3");
    let ours = json!({"tel":"138","stime":"2026-12-04 13:30:02"});
    assert!(matches!(
        plan.judge(&[cdr(json!([ours])), cdr(json!([]))]),
        Reconciliation::Happened(_)
    ));
    let empty = plan.judge(&[cdr(json!([])), cdr(json!([]))]);
    let Reconciliation::CannotTell(why) = empty else {
        panic!("{empty:?}");
    };
    assert!(why.reason().contains("guess"), "{why}");
}

#[test]
fn a_bill_top_up_is_looked_up_by_its_order_id() {
    let plan = plan(
        "productOrder",
        &at("20261204133000"),
        br#"{"rechargeAccount":"188","customParm":"o-1"}"#,
    )
    .unwrap();
    let lookup = &plan.lookups()[0];
    assert_eq!(
        (
            lookup.func(),
            lookup.url(),
            lookup.action(),
            lookup.version_segment()
        ),
        ("Unicom", "Order.wx", "getOrderResult", "201612")
    );
    assert_eq!(lookup.body_fields()["customParm"], "o-1");
    let order = json!({"requestId":"9","orderSts":"1","customParm":"o-1"});
    let Reconciliation::Happened(record) = plan.judge(&[Ok(order.clone())]) else {
        panic!();
    };
    assert_eq!(
        record,
        PlatformRecord::Order(order.as_object().unwrap().clone())
    );
    assert!(matches!(
        plan.judge(&[Err(ApiCode::OrderNotFound)]),
        Reconciliation::NotFound(_)
    ));
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
    assert!(plan("callDailBack", &sent, b"not json").is_err());
    assert!(plan("callDailBack", &sent, b"{}").is_err());
}
