//! The requests the emulator judged, each with its verdict and status code, for tests and
//! for the control API. Secrets are masked before a request is kept: the `Sign` in the
//! query, any secret-looking field of the body; the `Authorization` header is not kept.

use std::collections::VecDeque;

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
        })
    }
}

/// The log of judged requests.
#[derive(Debug, Default)]
pub(crate) struct RequestLog {
    next: u64,
    kept: VecDeque<JudgedRequest>,
}

/// What is known of a request when it is logged.
pub(crate) struct Seen<'a> {
    pub(crate) at: String,
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) query: Option<&'a str>,
    pub(crate) body: &'a [u8],
}

impl RequestLog {
    pub(crate) fn record(
        &mut self,
        seen: Seen<'_>,
        http_status: u16,
        answer: Option<&Value>,
        verdict: &str,
    ) {
        self.next += 1;
        let body = serde_json::from_slice::<Value>(seen.body).map_or(Value::Null, masked);
        let action = body
            .get("action")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let status_code = answer
            .and_then(|answer| answer.get("statusCode"))
            .and_then(ytx_protocol::lenient::text)
            .map(|code| code.into_owned());
        let mut target = seen.path.to_owned();
        if let Some(query) = seen.query {
            target.push('?');
            target.push_str(&masked_query(query));
        }
        self.kept.push_back(JudgedRequest {
            seq: self.next,
            at: seen.at,
            method: seen.method.to_owned(),
            target,
            action,
            http_status,
            status_code,
            verdict: verdict.to_owned(),
            body,
        });
        if self.kept.len() > MAX_KEPT {
            self.kept.pop_front();
        }
    }

    pub(crate) fn all(&self) -> Vec<JudgedRequest> {
        self.kept.iter().cloned().collect()
    }

    pub(crate) fn clear(&mut self) {
        self.kept.clear();
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
        let body = br#"{"action":"templateSms","authToken":"t0k3n","nested":{"Sign":"ABC"},"mobile":"139"}"#;
        let seen = Seen {
            at: "2026-12-04 12:00:00".into(),
            method: "POST",
            path: "/201512/sid/abc/sms/TemplateSMS.wx",
            query: Some("Sign=94797EDF9903D401782973C55FE62D31&x=1"),
            body,
        };
        log.record(seen, 200, Some(&json!({"statusCode":"0"})), "accepted");
        let kept = &log.all()[0];
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
    }
}
