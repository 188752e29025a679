//! Reading an hour to its end: an answer that may be cut short is read on from its last
//! record, against a platform that pages as the emulator does.

use serde_json::json;

use super::*;

/// Call records as the emulator keeps them, in the order they were written: `getCdrByTime`
/// answers the first [`CALL_RECORDS_PAGE`] of an hour, `getCdrByResId` the page after a
/// record.
struct Platform(Vec<Value>);

impl Platform {
    /// `n` calls between other numbers, one a second from `start` (`HH:MM:SS` on 2026-12-04).
    fn busy(n: usize, start: &str) -> Self {
        let start = NaiveDateTime::parse_from_str(&format!("2026-12-04 {start}"), "%F %T").unwrap();
        Self(
            (0..n)
                .map(|i| {
                    let at = start + TimeDelta::seconds(i as i64);
                    record(i, &format!("other-{i}"), &at.format("%F %T").to_string())
                })
                .collect(),
        )
    }

    fn answer(&self, lookup: &RawRequest) -> Result<Value, ApiCode> {
        let fields = lookup.body_fields();
        let found: Vec<&Value> = match lookup.action() {
            "getCdrByTime" => {
                let prefix = format!(
                    "{} {:0>2}",
                    fields["pdate"].as_str().unwrap(),
                    fields["ptime"].as_str().unwrap()
                );
                self.0
                    .iter()
                    .filter(|r| r["callerstime"].as_str().unwrap().starts_with(&prefix))
                    .take(CALL_RECORDS_PAGE)
                    .collect()
            }
            "getCdrByResId" => {
                let last = fields["lastresid"].as_str().unwrap();
                let limit = fields["limit"].as_u64().unwrap() as usize;
                self.0
                    .iter()
                    .skip_while(|r| r["requestid"] != last)
                    .skip(1)
                    .take(limit)
                    .collect()
            }
            other => panic!("{other}"),
        };
        cdr(json!(found))
    }

    /// The search driven against this platform to its end: the verdict, and the lookups.
    fn search(&self, mut search: Search) -> (Reconciliation, usize) {
        let mut lookups = 0;
        while let Some(lookup) = search.next_lookup() {
            let answer = self.answer(lookup);
            lookups += 1;
            search.answer(answer.as_ref().map_err(Clone::clone));
        }
        (search.verdict(), lookups)
    }
}

fn record(id: usize, custom: &str, start: &str) -> Value {
    json!({"requestid": format!("r{id}"), "customParm": custom, "caller": "139",
           "called": "138", "callerstime": start})
}

#[test]
fn a_full_answer_is_read_on_from_its_last_record() {
    let platform = Platform::busy(CALL_RECORDS_PAGE, "13:00:00");
    let mut search = two_way(r#"{"customParm":"order-7"}"#);
    let answer = platform.answer(search.next_lookup().unwrap());
    search.answer(answer.as_ref().map_err(Clone::clone));
    let next = search.next_lookup().unwrap();
    assert_eq!(next.action(), "getCdrByResId");
    assert_eq!(
        Value::Object(next.body_fields().clone()),
        json!({"fid":"4","lastresid":format!("r{}", CALL_RECORDS_PAGE - 1),"limit":CALL_RECORDS_PAGE})
    );
    // One record short of a full answer is taken as whole.
    let platform = Platform::busy(CALL_RECORDS_PAGE - 1, "13:00:00");
    let mut search = two_way(r#"{"customParm":"order-7"}"#);
    let answer = platform.answer(search.next_lookup().unwrap());
    search.answer(answer.as_ref().map_err(Clone::clone));
    assert_eq!(search.next_lookup().unwrap().action(), "getCdrByTime");
}

#[test]
fn a_call_past_the_first_page_of_its_hour_is_found_and_an_absent_one_is_not_found() {
    // 2,500 calls in one hour, ours the 1,801st: two pages past the hour's first answer.
    let mut platform = Platform::busy(2_500, "13:20:00");
    platform.0[1_800]["customParm"] = json!("order-7");
    let (verdict, lookups) = platform.search(two_way(r#"{"customParm":"order-7"}"#));
    assert_eq!(happened_id(&verdict), "r1800");
    // The hour's answer, two pages, the last short; then the next hour.
    assert_eq!(lookups, 4);

    let absent = Platform::busy(2_500, "13:20:00");
    let (verdict, _) = absent.search(two_way(r#"{"customParm":"order-7"}"#));
    assert!(
        matches!(verdict, Reconciliation::NotFound(_)),
        "{verdict:?}"
    );
    // By its numbers, every page is read: all 2,500 records match them.
    let (verdict, _) = absent.search(two_way(r#"{"src":"139","dst":"138"}"#));
    assert!(verdict.to_string().contains("2500 records"), "{verdict:?}");
}

#[test]
fn reading_on_stops_at_the_records_of_later_hours() {
    // A full hour, then as many records in the next: the page after the hour holds only
    // later records, and the next hour is asked for by its own lookup.
    let mut platform = Platform::busy(CALL_RECORDS_PAGE, "13:00:00");
    let later = Platform::busy(CALL_RECORDS_PAGE, "14:00:00");
    platform
        .0
        .extend(later.0.into_iter().enumerate().map(|(i, mut r)| {
            r["requestid"] = json!(format!("s{i}"));
            r
        }));
    let mut search = two_way(r#"{"customParm":"order-7"}"#);
    let mut actions = Vec::new();
    while let Some(lookup) = search.next_lookup() {
        actions.push(lookup.action().to_owned());
        let answer = platform.answer(lookup);
        search.answer(answer.as_ref().map_err(Clone::clone));
    }
    assert_eq!(
        actions,
        [
            "getCdrByTime",
            "getCdrByResId",
            "getCdrByTime",
            "getCdrByResId"
        ]
    );
    assert!(matches!(search.verdict(), Reconciliation::NotFound(_)));
}

#[test]
fn a_search_that_cannot_read_on_cannot_tell() {
    let body = r#"{"customParm":"order-7"}"#;
    let full = |with_ids: bool| {
        let records: Vec<Value> = (0..CALL_RECORDS_PAGE)
            .map(|i| {
                let mut r = record(i, "other", "2026-12-04 13:40:00");
                if !with_ids {
                    r.as_object_mut().unwrap().remove("requestid");
                }
                r
            })
            .collect();
        cdr(Value::Array(records))
    };
    // The last record has no requestid, or an empty one.
    let (verdict, _) = run(two_way(body), vec![full(false)]);
    assert!(verdict.to_string().contains("no requestid"), "{verdict:?}");
    let mut empty_id = full(true).unwrap();
    empty_id["cdr"][CALL_RECORDS_PAGE - 1]["requestid"] = json!(" ");
    let (verdict, asked) = run(two_way(body), vec![Ok(empty_id)]);
    assert!(verdict.to_string().contains("no requestid"), "{verdict:?}");
    assert_eq!(asked.len(), 1);
    // The platform answers the same page again.
    let (verdict, asked) = run(two_way(body), vec![full(true), full(true)]);
    assert!(verdict.to_string().contains("again"), "{verdict:?}");
    assert_eq!(asked.len(), 2);
    // Pages without end.
    let mut search = two_way(body);
    let mut page = 0;
    while search.next_lookup().is_some() {
        let records: Vec<Value> = (0..CALL_RECORDS_PAGE)
            .map(|i| record(page * CALL_RECORDS_PAGE + i, "other", "2026-12-04 13:40:00"))
            .collect();
        search.answer(Ok(&json!({ "cdr": records })));
        page += 1;
    }
    assert_eq!(page, MAX_PAGES_PER_HOUR + 1);
    let verdict = search.verdict();
    assert!(
        verdict.to_string().contains("stopped before their end"),
        "{verdict:?}"
    );
}
