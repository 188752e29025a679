//! What the journal keeps of a row: [`Entry`] and its [`RowState`].

use std::fmt;

/// Where a row stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RowState {
    /// Claimed: durable before the request leaves. A row found in this state after a crash
    /// may have been sent, so it counts as [`RowState::Unknown`].
    Sending,
    /// The platform accepted it (`statusCode` 0), or reconciling found it took effect.
    Answered,
    /// The platform refused it with a status code: it took no effect.
    Refused,
    /// It provably never left (no connection): it is sent on the next run.
    NotSent,
    /// It may have taken effect and no answer says whether: listed, never resent unless
    /// asked (`resend_unknown`).
    Unknown,
}

impl RowState {
    /// The state's code in a store: `1` to `5`.
    pub fn code(self) -> u8 {
        match self {
            Self::Sending => 1,
            Self::Answered => 2,
            Self::Refused => 3,
            Self::NotSent => 4,
            Self::Unknown => 5,
        }
    }

    /// The state of a code written by [`RowState::code`].
    pub fn from_code(code: u8) -> Option<Self> {
        Some(match code {
            1 => Self::Sending,
            2 => Self::Answered,
            3 => Self::Refused,
            4 => Self::NotSent,
            5 => Self::Unknown,
            _ => return None,
        })
    }

    /// `sending`, `answered`, `refused`, `not_sent` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sending => "sending",
            Self::Answered => "answered",
            Self::Refused => "refused",
            Self::NotSent => "not_sent",
            Self::Unknown => "unknown",
        }
    }
}

impl fmt::Display for RowState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One row of the journal.
///
/// `Debug` shows the fields' length, not the fields: they hold the numbers and template
/// data of the request.
#[derive(Clone, PartialEq, Eq)]
pub struct Entry {
    /// The row's number in the input: 1 for the first row of data.
    pub row: u64,
    /// Where it stands.
    pub state: RowState,
    /// The request's wire fields as sent, a JSON object (what a rerun compares, and what
    /// reconciling reads): a JSON Lines row as the input wrote it, any other row as
    /// `serde_json` writes its fields.
    pub fields: String,
    /// The Beijing-time timestamp (`yyyyMMddHHmmss`): when it was claimed, then the one it
    /// was signed with when the client reported it.
    pub sent_at: String,
    /// The `requestId` the platform answered with, when it did.
    pub request_id: Option<String>,
    /// The error or the refusal, in words, when there was one.
    pub detail: Option<String>,
}

impl fmt::Debug for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entry")
            .field("row", &self.row)
            .field("state", &self.state)
            .field("fields", &format_args!("<{} bytes>", self.fields.len()))
            .field("sent_at", &self.sent_at)
            .field("request_id", &self.request_id)
            .field("detail", &self.detail)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_no_field_of_the_row() {
        let entry = Entry {
            row: 7,
            state: RowState::Unknown,
            fields: r#"{"mobile":"13987654321","datas":["模板数据"]}"#.to_owned(),
            sent_at: "20261204193000".to_owned(),
            request_id: None,
            detail: Some("connection failed before the answer arrived".to_owned()),
        };
        let shown = format!("{entry:?}");
        assert!(
            !shown.contains("13987654321") && !shown.contains("模板数据"),
            "{shown}"
        );
        assert!(
            shown.contains("row: 7") && shown.contains("bytes"),
            "{shown}"
        );
    }
}
