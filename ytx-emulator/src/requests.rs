//! The requests the emulator judged, each with its verdict and status code, for tests and
//! for the control API. Secrets are masked before a request is kept: the `Sign` in the
//! query, any secret-looking field of the body; the `Authorization` header is not kept.

use std::collections::VecDeque;
use std::sync::Arc;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use http::Method;
use serde_json::{Map, Value, json};

/// Judged requests kept at most (the oldest go first).
const MAX_KEPT: usize = 10_000;

/// Body fields shown as `***` wherever they appear (some clients put credentials in the
/// body: do not copy them onto a page).
const SECRET_FIELDS: [&str; 5] = ["authToken", "auth_token", "Sign", "Authorization", "token"];

/// One request as the emulator judged it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct JudgedRequest {
    /// Its number, from 1, in arrival order.
    pub seq: u64,
    /// When it was judged, Beijing time (`yyyy-MM-dd HH:mm:ss`).
    pub at: String,
    /// The HTTP method.
    pub method: String,
    /// The path and query, the `Sign` masked.
    pub target: String,
    /// The body's `action`, if it had one.
    pub action: Option<String>,
    /// The HTTP status answered (0 when the connection was dropped).
    pub http_status: u16,
    /// The answer's `statusCode`, if it had one.
    pub status_code: Option<String>,
    /// `accepted`, `refused`, `not found`, `fault: …`, …
    pub verdict: String,
    /// The body as JSON (secrets masked), or `null` when it was not JSON.
    pub body: Value,
    /// The `User-Agent` header, if the request had one (`ytx-rs/0.2.0 billing/1.4`).
    pub user_agent: Option<String>,
}

impl JudgedRequest {
    /// As JSON, with the wire's names (`statusCode`).
    pub fn to_json(&self) -> Value {
        json!({
            "seq": self.seq,
            "at": self.at,
            "method": self.method,
            "target": self.target,
            "action": self.action,
            "httpStatus": self.http_status,
            "statusCode": self.status_code,
            "verdict": self.verdict,
            "body": self.body,
            "userAgent": self.user_agent,
        })
    }
}

/// The log of judged requests. A request is kept as it came and shaped, masked and
/// formatted only when the log is read, so judging stays cheap.
#[derive(Debug, Default)]
pub(crate) struct RequestLog {
    next: u64,
    kept: VecDeque<Kept>,
    /// The last `User-Agent` kept: a client sends the same one every time, so it is kept
    /// once and shared.
    last_agent: Option<Arc<str>>,
}

#[derive(Debug)]
struct Kept {
    seq: u64,
    at: DateTime<Utc>,
    method: Method,
    /// The path and query, then the body, in one buffer: one allocation a request, and
    /// none once the log is full (the oldest entry's buffer is reused). A copy: the body
    /// read may be a slice of a connection's whole read buffer, which keeping would hold
    /// on to.
    data: Vec<u8>,
    /// Where the target ends and the body starts in `data`.
    target_len: usize,
    http_status: u16,
    status_code: Code,
    verdict: &'static str,
    user_agent: Option<Arc<str>>,
}

/// An answer's `statusCode`, kept without an allocation when it is short (they all are).
#[derive(Debug, Clone)]
enum Code {
    None,
    Short { bytes: [u8; 15], len: u8 },
    Long(Box<str>),
}

impl Code {
    fn of(text: Option<&str>) -> Self {
        match text {
            None => Self::None,
            Some(text) if text.len() <= 15 => {
                let mut bytes = [0; 15];
                bytes[..text.len()].copy_from_slice(text.as_bytes());
                Self::Short {
                    bytes,
                    len: text.len() as u8,
                }
            }
            Some(text) => Self::Long(text.into()),
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Self::None => None,
            Self::Short { bytes, len } => std::str::from_utf8(&bytes[..usize::from(*len)]).ok(),
            Self::Long(text) => Some(text),
        }
    }
}

/// What is known of a request when it is logged.
pub(crate) struct Seen<'a> {
    pub(crate) at: DateTime<Utc>,
    pub(crate) method: &'a Method,
    pub(crate) path: &'a str,
    pub(crate) query: Option<&'a str>,
    pub(crate) body: &'a Bytes,
    pub(crate) user_agent: Option<&'a [u8]>,
}

impl RequestLog {
    pub(crate) fn record(
        &mut self,
        seen: Seen<'_>,
        http_status: u16,
        answer: Option<&Value>,
        verdict: &'static str,
    ) {
        self.next += 1;
        let status_code = Code::of(
            answer
                .and_then(|answer| answer.get("statusCode"))
                .and_then(Value::as_str),
        );
        // Once the log is full, the oldest entry's buffer takes the new request.
        let mut data = if self.kept.len() >= MAX_KEPT {
            self.kept
                .pop_front()
                .map(|oldest| oldest.data)
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        data.clear();
        data.extend_from_slice(seen.path.as_bytes());
        if let Some(query) = seen.query {
            data.push(b'?');
            data.extend_from_slice(query.as_bytes());
        }
        let target_len = data.len();
        data.extend_from_slice(seen.body);
        let user_agent = seen.user_agent.map(|agent| match &self.last_agent {
            Some(last) if last.as_bytes() == agent => Arc::clone(last),
            _ => {
                let agent: Arc<str> = Arc::from(String::from_utf8_lossy(agent));
                self.last_agent = Some(Arc::clone(&agent));
                agent
            }
        });
        self.kept.push_back(Kept {
            seq: self.next,
            at: seen.at,
            method: seen.method.clone(),
            data,
            target_len,
            http_status,
            status_code,
            verdict,
            user_agent,
        });
    }

    /// The kept requests numbered after `after`, shaped and masked.
    pub(crate) fn after(&self, after: u64) -> Vec<JudgedRequest> {
        // Numbers are consecutive: skip straight to the first one wanted.
        let first = self.kept.front().map_or(0, |kept| kept.seq);
        let skip =
            usize::try_from(after.saturating_sub(first.saturating_sub(1))).unwrap_or(usize::MAX);
        self.kept.iter().skip(skip).map(Kept::shaped).collect()
    }

    pub(crate) fn clear(&mut self) {
        self.kept.clear();
    }
}

impl Kept {
    fn shaped(&self) -> JudgedRequest {
        let (target, body) = self.data.split_at(self.target_len);
        let target = String::from_utf8_lossy(target);
        let body = serde_json::from_slice::<Value>(body).map_or(Value::Null, masked);
        let action = body
            .get("action")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let target = match target.split_once('?') {
            Some((path, query)) => format!("{path}?{}", masked_query(query)),
            None => target.into_owned(),
        };
        JudgedRequest {
            seq: self.seq,
            at: crate::state::beijing(self.at, 0),
            method: self.method.to_string(),
            target,
            action,
            http_status: self.http_status,
            status_code: self.status_code.as_str().map(str::to_owned),
            verdict: self.verdict.to_owned(),
            body,
            user_agent: self.user_agent.as_deref().map(str::to_owned),
        }
    }
}

/// `Sign=…` (any case) becomes `Sign=***`.
fn masked_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if name.eq_ignore_ascii_case("sign") => format!("{name}=***"),
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn masked(value: Value) -> Value {
    match value {
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(name, value)| {
                    if SECRET_FIELDS.iter().any(|s| s.eq_ignore_ascii_case(&name)) {
                        (name, Value::String("***".into()))
                    } else {
                        (name, masked(value))
                    }
                })
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(masked).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_masked_before_they_are_kept() {
        let mut log = RequestLog::default();
        let body = Bytes::from_static(
            br#"{"action":"templateSms","authToken":"t0k3n","nested":{"Sign":"ABC"},"mobile":"139"}"#,
        );
        let seen = Seen {
            at: DateTime::from_timestamp(1_764_000_000, 0).unwrap(),
            method: &Method::POST,
            path: "/201512/sid/abc/sms/TemplateSMS.wx",
            query: Some("Sign=94797EDF9903D401782973C55FE62D31&x=1"),
            body: &body,
            user_agent: Some(b"ytx-rs/0.2.0 billing/1.4"),
        };
        log.record(seen, 200, Some(&json!({"statusCode":"0"})), "accepted");
        let kept = &log.after(0)[0];
        let text = kept.to_json().to_string();
        assert!(
            !text.contains("t0k3n") && !text.contains("ABC") && !text.contains("94797"),
            "{text}"
        );
        assert_eq!(
            kept.target,
            "/201512/sid/abc/sms/TemplateSMS.wx?Sign=***&x=1"
        );
        assert_eq!(kept.action.as_deref(), Some("templateSms"));
        assert_eq!(kept.status_code.as_deref(), Some("0"));
        assert_eq!(kept.body["mobile"], "139");
        assert_eq!(kept.user_agent.as_deref(), Some("ytx-rs/0.2.0 billing/1.4"));
        assert_eq!(kept.to_json()["userAgent"], "ytx-rs/0.2.0 billing/1.4");
    }

    #[test]
    fn each_request_keeps_its_own_user_agent() {
        let mut log = RequestLog::default();
        let body = Bytes::new();
        for agent in [Some(&b"a/1"[..]), Some(b"a/1"), None, Some(b"b/2")] {
            let seen = Seen {
                at: DateTime::from_timestamp(1_764_000_000, 0).unwrap(),
                method: &Method::POST,
                path: "/",
                query: None,
                body: &body,
                user_agent: agent,
            };
            log.record(seen, 200, None, "accepted");
        }
        let agents: Vec<_> = log.after(0).into_iter().map(|r| r.user_agent).collect();
        assert_eq!(
            agents,
            [
                Some("a/1".into()),
                Some("a/1".into()),
                None,
                Some("b/2".into())
            ]
        );
    }
}

#[cfg(test)]
mod numbering {
    use super::*;

    #[test]
    fn after_skips_to_the_numbers_wanted_when_old_ones_are_gone() {
        let mut log = RequestLog::default();
        let body = Bytes::new();
        for _ in 0..(MAX_KEPT + 5) {
            let seen = Seen {
                at: DateTime::from_timestamp(1_764_000_000, 0).unwrap(),
                method: &Method::GET,
                path: "/",
                query: None,
                body: &body,
                user_agent: None,
            };
            log.record(seen, 405, None, "method not allowed");
        }
        let seqs = |after| log.after(after).iter().map(|r| r.seq).collect::<Vec<_>>();
        assert_eq!(seqs(0).len(), MAX_KEPT);
        assert_eq!(seqs(0)[0], 6, "the five oldest went first");
        assert_eq!(
            seqs((MAX_KEPT + 3) as u64),
            [MAX_KEPT as u64 + 4, MAX_KEPT as u64 + 5]
        );
        assert!(seqs((MAX_KEPT + 5) as u64).is_empty());
        assert!(seqs(u64::MAX).is_empty());
    }
}

#[cfg(test)]
mod reuse {
    use super::*;

    #[test]
    fn reused_buffers_keep_each_request_whole() {
        let mut log = RequestLog::default();
        for n in 0..(MAX_KEPT + 3) {
            let body = Bytes::from(format!(r#"{{"n":{n}}}"#));
            let path = format!("/p{n}");
            let seen = Seen {
                at: DateTime::from_timestamp(1_764_000_000, 0).unwrap(),
                method: &Method::POST,
                path: &path,
                query: (n % 2 == 0).then_some("Sign=ABC"),
                body: &body,
                user_agent: None,
            };
            let code = if n % 3 == 0 {
                "0"
            } else {
                "a-status-code-longer-than-15"
            };
            log.record(seen, 200, Some(&json!({ "statusCode": code })), "accepted");
        }
        let kept = log.after(0);
        assert_eq!(kept.len(), MAX_KEPT);
        for request in kept.iter().rev().take(6) {
            let n = request.seq - 1;
            assert_eq!(request.body["n"], n, "{request:?}");
            let query = if n % 2 == 0 { "?Sign=***" } else { "" };
            assert_eq!(request.target, format!("/p{n}{query}"));
            let code = if n % 3 == 0 {
                "0"
            } else {
                "a-status-code-longer-than-15"
            };
            assert_eq!(request.status_code.as_deref(), Some(code));
        }
    }
}
