//! The query actions: conferences and call records.

use serde_json::{Map, Value, json};
use ytx_protocol::ApiCode;

use super::{State, field};

/// Records one call-record answer carries at most: `getCdrByTime` answers the first this
/// many of the hour, and `getCdrByResId` caps its `limit` at it.
///
/// A guess: the platform's limit is not public. It is the SDK's own
/// ([`ytx_protocol::reconcile::CALL_RECORDS_PAGE`]), which `Client::reconcile` reads on from,
/// so the paging is tested against it.
pub const CALL_RECORDS_PER_ANSWER: usize = ytx_protocol::reconcile::CALL_RECORDS_PAGE;

impl State {
    /// `queryMeeting`: one conference by `confid`, or the account's latest `meetingcount`.
    pub(super) fn query_meetings(
        &self,
        sid: &str,
        body: &Map<String, Value>,
    ) -> Result<Value, ApiCode> {
        let count = count(body, "meetingcount")
            .filter(|n| *n > 0)
            .ok_or(ApiCode::IllegalParameter)?;
        let confid = field(body, "confid");
        let data: Vec<Value> = self
            .meetings
            .iter()
            .rev()
            .filter(|(owner, meeting)| {
                owner == sid && (confid.is_empty() || meeting["confid"] == confid.as_str())
            })
            .take(count)
            .map(|(_, meeting)| meeting.clone())
            .collect();
        Ok(json!({"statusCode": "0", "statusMsg": "提交成功", "data": data}))
    }

    /// `getCdrByResId`: records after `lastresid` (`"0"`: from the first), at most `limit`;
    /// `limit` 0 means only the record of `lastresid` itself.
    pub(super) fn records_after(
        &self,
        sid: &str,
        body: &Map<String, Value>,
    ) -> Result<Value, ApiCode> {
        let fid = field(body, "fid");
        let last = field(body, "lastresid");
        let limit = count(body, "limit")
            .ok_or(ApiCode::IllegalParameter)?
            .min(CALL_RECORDS_PER_ANSWER);
        let mine = self
            .records
            .iter()
            .filter(|r| r.account == sid && r.fid == fid);
        let found: Vec<Value> = if limit == 0 {
            if last == "0" {
                return Err(ApiCode::IllegalParameter);
            }
            mine.filter(|r| r.request_id == last)
                .map(|r| r.record.clone())
                .collect()
        } else if last == "0" {
            mine.take(limit).map(|r| r.record.clone()).collect()
        } else {
            mine.skip_while(|r| r.request_id != last)
                .skip(1)
                .take(limit)
                .map(|r| r.record.clone())
                .collect()
        };
        Ok(json!({"cdr": found}))
    }

    /// `getCdrByTime`: records that started in hour `ptime` of day `pdate` (`yyyy-MM-dd`).
    pub(super) fn records_in_hour(
        &self,
        sid: &str,
        body: &Map<String, Value>,
    ) -> Result<Value, ApiCode> {
        let fid = field(body, "fid");
        let date = field(body, "pdate");
        let hour = count(body, "ptime")
            .filter(|h| *h < 24)
            .ok_or(ApiCode::IllegalParameter)?;
        let valid_date =
            date.len() == 10 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-';
        if !valid_date {
            return Err(ApiCode::IllegalParameter);
        }
        let prefix = format!("{date} {hour:02}");
        let found: Vec<Value> = self
            .records
            .iter()
            .filter(|r| r.account == sid && r.fid == fid && r.start.starts_with(&prefix))
            .take(CALL_RECORDS_PER_ANSWER)
            .map(|r| r.record.clone())
            .collect();
        Ok(json!({"cdr": found}))
    }
}

/// A non-negative count sent as a number or a string.
fn count(body: &Map<String, Value>, name: &str) -> Option<usize> {
    let text = ytx_protocol::lenient::text(body.get(name)?)?;
    text.trim().parse().ok()
}
