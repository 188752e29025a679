//! What reconciling found: [`Reconciliation`] and its parts.

use std::fmt;

use serde_json::{Map, Value};

use crate::callback::CallRecord;

/// What the platform's records say of a request whose outcome was unknown.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Reconciliation {
    /// It took effect: here is the platform's record of it. Do not send it again.
    Happened(PlatformRecord),
    /// Not in the records searched. Either it never took effect, or its record is not
    /// written yet (a call's record appears when the call ends): ask again later before
    /// deciding to send it again.
    NotFound(NotFound),
    /// The records cannot say: no lookup exists, or what it found is ambiguous.
    /// [`CannotTell::evidence`] says what evidence remains.
    CannotTell(CannotTell),
}

/// Prints what was found without the record's contents: `happened: call record 2026…01`,
/// `not found in the call records of …`, `cannot tell: …`.
impl fmt::Display for Reconciliation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Happened(PlatformRecord::Call(record)) => write!(
                f,
                "happened: call record {}",
                record.requestid.as_deref().unwrap_or("without requestid")
            ),
            Self::Happened(PlatformRecord::Order(order)) => write!(
                f,
                "happened: order {}",
                order
                    .get("requestId")
                    .and_then(Value::as_str)
                    .unwrap_or("without requestId")
            ),
            Self::NotFound(not_found) => not_found.fmt(f),
            Self::CannotTell(why) => write!(f, "cannot tell: {why}"),
        }
    }
}

/// The platform's record of a request that took effect.
///
/// `Debug` leaves out the numbers called and anything else personal (a call's `caller`,
/// `called` and `tel`; an order's phone number): it shows the ids, the times and the
/// outcome. The fields themselves hold everything the platform sent.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum PlatformRecord {
    /// A call record (话单).
    Call(Box<CallRecord>),
    /// A phone-bill top-up, as `getOrderResult` answered it (`orderSts`, `remark`, …).
    Order(Map<String, Value>),
}

impl fmt::Debug for PlatformRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Call(record) => f
                .debug_struct("Call")
                .field("requestid", &record.requestid)
                .field("fid", &record.fid)
                .field("custom_parm", &record.custom_parm)
                .field(
                    "started",
                    &record.callerstime.as_ref().or(record.stime.as_ref()),
                )
                .field("duration", &record.duration)
                .field("state_desc", &record.state_desc)
                .finish_non_exhaustive(),
            Self::Order(order) => {
                let mut debug = f.debug_struct("Order");
                for name in ORDER_FIELDS_SHOWN {
                    if let Some(value) = order.get(*name) {
                        debug.field(name, value);
                    }
                }
                debug.finish_non_exhaustive()
            }
        }
    }
}

/// The fields of an order result `Debug` shows: ids and states, nothing personal.
const ORDER_FIELDS_SHOWN: &[&str] = &[
    "requestId",
    "customParm",
    "orderSts",
    "productCode",
    "statusCode",
];

/// What was searched and found empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotFound {
    searched: String,
}

impl NotFound {
    pub(super) fn new(searched: impl Into<String>) -> Self {
        Self {
            searched: searched.into(),
        }
    }

    /// What was searched, in words: `call records of 2026-12-04 13h, 2026-12-04 14h`.
    pub fn searched(&self) -> &str {
        &self.searched
    }
}

impl fmt::Display for NotFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not found in the {}", self.searched)
    }
}

/// Why the records cannot say, and what evidence remains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannotTell {
    reason: String,
    evidence: &'static str,
}

impl CannotTell {
    pub(super) fn new(reason: impl Into<String>, evidence: &'static str) -> Self {
        Self {
            reason: reason.into(),
            evidence,
        }
    }

    /// Why, e.g. `the platform has no lookup for template SMS`.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// What evidence remains (empty when none is known), e.g. the delivery push for an SMS.
    pub fn evidence(&self) -> &str {
        self.evidence
    }
}

impl fmt::Display for CannotTell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)?;
        if !self.evidence.is_empty() {
            write!(f, "; evidence: {}", self.evidence)?;
        }
        Ok(())
    }
}
