//! [`Search`]: one reconciliation, a lookup at a time. Each answer decides the next lookup
//! (the next page of an hour, or the next hour), so the search is a small state machine
//! that the runtime drives:
//!
//! ```
//! use ytx_protocol::reconcile::{self, Reconciliation};
//! use ytx_protocol::Timestamp;
//!
//! let sent = Timestamp::parse("20261204133000")?;
//! let body = br#"{"action":"callDailBack","src":"139","dst":"138","customParm":"order-7"}"#;
//! let mut search = reconcile::plan("callDailBack", &sent, body).expect("looked up by customParm");
//! while let Some(lookup) = search.next_lookup() {
//!     assert_eq!(lookup.action(), "getCdrByTime");
//!     // Send `lookup` as a safe query; here, every hour is empty.
//!     search.answer(Ok(&serde_json::json!({"cdr": []})));
//! }
//! assert!(matches!(search.verdict(), Reconciliation::NotFound(_)));
//! # Ok::<(), ytx_protocol::InvalidTimestamp>(())
//! ```

use chrono::{NaiveDateTime, TimeDelta};
use serde_json::Value;

use super::calls::{self, CallKey};
use super::outcome::{CannotTell, NotFound, PlatformRecord, Reconciliation};
use super::{
    CALL_RECORDS_PAGE, CLOCK_TOLERANCE_MINUTES, MAX_PAGES_PER_HOUR, hours_around, order_result,
    records_after, records_of_hour,
};
use crate::callback::CallRecord;
use crate::{ApiCode, RawRequest};

/// A reconciliation in progress: the lookup to send next, and what the answers so far say.
///
/// Send [`next_lookup`](Search::next_lookup) as a safe query and give its answer to
/// [`answer`](Search::answer), until there is no next lookup; then read the
/// [`verdict`](Search::verdict).
#[derive(Debug, Clone)]
pub struct Search {
    next: Option<RawRequest>,
    state: State,
}

#[derive(Debug, Clone)]
enum State {
    /// Reading call records.
    Calls(Box<Calls>),
    /// Waiting for `getOrderResult`.
    Order,
    /// Over.
    Done(Reconciliation),
}

/// A search of call records, hour by hour, each hour read to its end.
#[derive(Debug, Clone)]
struct Calls {
    key: CallKey,
    fid: &'static str,
    /// Whether `fid` is the platform's documented one: only then does finding nothing mean
    /// the request took no effect.
    fid_documented: bool,
    not_before: NaiveDateTime,
    hours: Vec<NaiveDateTime>,
    /// The hour being read.
    hour: usize,
    /// The `lastresid` of the page asked for, while an hour is read on past its first answer.
    cursor: Option<String>,
    /// Pages read on from the hour's first answer.
    pages: usize,
    /// The records that match, each once.
    found: Vec<Value>,
}

/// What an answer leads to.
enum Step {
    Ask(Option<RawRequest>),
    Done(Reconciliation),
}

impl Search {
    /// Call records of the hours a record of a request sent at `sent` can start in.
    pub(super) fn calls(
        key: CallKey,
        fid: &'static str,
        fid_documented: bool,
        sent: NaiveDateTime,
    ) -> Self {
        let hours = hours_around(sent);
        let first = records_of_hour(fid, hours[0]);
        let calls = Calls {
            key,
            fid,
            fid_documented,
            not_before: sent - TimeDelta::minutes(CLOCK_TOLERANCE_MINUTES),
            hours,
            hour: 0,
            cursor: None,
            pages: 0,
            found: Vec::new(),
        };
        Self::asking(first, State::Calls(Box::new(calls)))
    }

    /// A phone-bill top-up, through `getOrderResult`.
    pub(super) fn order(custom_parm: String) -> Self {
        Self::asking(order_result(&custom_parm), State::Order)
    }

    fn asking(lookup: Option<RawRequest>, state: State) -> Self {
        let mut search = Self { next: None, state };
        search.step(Step::Ask(lookup));
        search
    }

    /// The lookup to send next, a safe query; `None` once the search is over.
    pub fn next_lookup(&self) -> Option<&RawRequest> {
        self.next.as_ref()
    }

    /// The answer to the lookup [`next_lookup`](Search::next_lookup) gave: its JSON, or
    /// the status code it was refused with. Ignored when no lookup is waiting. The answer
    /// is borrowed, so a runtime that looks many requests up can keep answers it shares.
    pub fn answer(&mut self, answer: Result<&Value, ApiCode>) {
        if self.next.take().is_none() {
            return;
        }
        let step = match &mut self.state {
            State::Calls(calls) => calls.read(answer),
            State::Order => Step::Done(judge_order(answer)),
            State::Done(_) => return,
        };
        self.step(step);
    }

    /// What the search found. Before the search is over, [`CannotTell`]: a lookup went
    /// unanswered.
    pub fn verdict(self) -> Reconciliation {
        match self.state {
            State::Done(verdict) => verdict,
            _ => Reconciliation::CannotTell(CannotTell::new(
                "the search was left before its lookups were answered",
                "",
            )),
        }
    }

    fn step(&mut self, step: Step) {
        match step {
            Step::Ask(Some(lookup)) => self.next = Some(lookup),
            // The lookups are built from this module's constants: this does not happen.
            Step::Ask(None) => self.finish(Reconciliation::CannotTell(CannotTell::new(
                "a lookup could not be built",
                "",
            ))),
            Step::Done(verdict) => self.finish(verdict),
        }
    }

    fn finish(&mut self, verdict: Reconciliation) {
        self.next = None;
        self.state = State::Done(verdict);
    }
}

impl Calls {
    /// Reads one answer: the hour's first, or a page read on from it.
    fn read(&mut self, answer: Result<&Value, ApiCode>) -> Step {
        let action = if self.cursor.is_some() {
            "getCdrByResId"
        } else {
            "getCdrByTime"
        };
        let value = match answer {
            Ok(value) => value,
            Err(code) => {
                return cannot_tell(format!("{action} answered {}", code.as_wire()));
            }
        };
        let Some(records) = value.get("cdr").and_then(Value::as_array) else {
            return cannot_tell(format!("a {action} answer has no cdr list"));
        };
        for record in records {
            let recent = calls::started(record).is_none_or(|start| start >= self.not_before);
            if recent && self.key.matches(record) && !self.found.iter().any(|f| same(f, record)) {
                self.found.push(record.clone());
                if self.key.is_unique() {
                    return Step::Done(self.judge());
                }
            }
        }
        let hour = self.hours[self.hour];
        // A page read on holds later hours' records too; once it holds nothing else, the
        // hour is read. (A guess: that `getCdrByResId` goes in the order of the requests,
        // as its `lastresid` suggests. The platform does not document its order.)
        let hour_end = hour + TimeDelta::hours(1);
        let past_the_hour = self.cursor.is_some()
            && records
                .iter()
                .all(|record| calls::started(record).is_some_and(|start| start >= hour_end));
        if records.len() >= CALL_RECORDS_PAGE && !past_the_hour {
            return self.read_on(records, hour);
        }
        self.hour += 1;
        self.cursor = None;
        self.pages = 0;
        match self.hours.get(self.hour) {
            Some(next) => Step::Ask(records_of_hour(self.fid, *next)),
            None => Step::Done(self.judge()),
        }
    }

    /// A full answer: asks for the page after its last record.
    fn read_on(&mut self, records: &[Value], hour: NaiveDateTime) -> Step {
        let hour = hour.format("%Y-%m-%d %-Hh");
        let Some(last) = records.last().and_then(calls::request_id) else {
            return cannot_tell(format!(
                "an answer of {} call records of {hour} may be cut short, and its last record has no requestid to read on from",
                records.len()
            ));
        };
        if self.cursor.as_deref() == Some(last.as_str()) {
            return cannot_tell(format!(
                "getCdrByResId answered the page after {last} with {last} again: the rest of {hour} cannot be read"
            ));
        }
        if self.pages >= MAX_PAGES_PER_HOUR {
            return cannot_tell(format!(
                "more than {} call records from {hour} on: the search stopped before their end",
                CALL_RECORDS_PAGE * (MAX_PAGES_PER_HOUR + 1)
            ));
        }
        self.pages += 1;
        let next = records_after(self.fid, &last);
        self.cursor = Some(last);
        Step::Ask(next)
    }

    fn judge(&self) -> Reconciliation {
        let searched = self.searched();
        match &self.found[..] {
            [record] => match serde_json::from_value::<CallRecord>(record.clone()) {
                Ok(record) => Reconciliation::Happened(PlatformRecord::Call(Box::new(record))),
                Err(err) => Reconciliation::CannotTell(CannotTell::new(
                    format!("the matching record in the {searched} cannot be read: {err}"),
                    "",
                )),
            },
            [] if self.fid_documented => Reconciliation::NotFound(NotFound::new(searched)),
            [] => Reconciliation::CannotTell(CannotTell::new(
                format!("nothing in the {searched}, but the fid of this product is a guess"),
                "the call-record push (cdr) for the number called",
            )),
            many => Reconciliation::CannotTell(CannotTell::new(
                format!(
                    "{} records in the {searched} match: the request's keys are not unique",
                    many.len()
                ),
                "the call-record pushes; give each request its own customParm",
            )),
        }
    }

    /// What the search reads, in words: `call records of 2026-12-04 13h, 2026-12-04 14h`.
    fn searched(&self) -> String {
        let hours: Vec<String> = self
            .hours
            .iter()
            .map(|hour| hour.format("%Y-%m-%d %-Hh").to_string())
            .collect();
        format!("call records of {}", hours.join(", "))
    }
}

/// The same record, met in two answers: by its `requestid`, else as a whole.
fn same(a: &Value, b: &Value) -> bool {
    match (calls::request_id(a), calls::request_id(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

fn cannot_tell(reason: String) -> Step {
    Step::Done(Reconciliation::CannotTell(CannotTell::new(reason, "")))
}

fn judge_order(answer: Result<&Value, ApiCode>) -> Reconciliation {
    match answer {
        Ok(Value::Object(order)) => Reconciliation::Happened(PlatformRecord::Order(order.clone())),
        Err(ApiCode::OrderNotFound) => Reconciliation::NotFound(NotFound::new(
            "getOrderResult by customParm: -704 (no such order yet)",
        )),
        Err(code) => Reconciliation::CannotTell(CannotTell::new(
            format!("getOrderResult answered {}", code.as_wire()),
            "",
        )),
        Ok(_) => Reconciliation::CannotTell(CannotTell::new(
            "getOrderResult's answer is not an object",
            "",
        )),
    }
}
