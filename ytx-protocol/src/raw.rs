//! A signed call to any func, url and action: for endpoints the SDK does not model yet
//! (`ytx request`, like `gh api`). The same signing, transport, retries and decoding as a
//! typed call; the answer comes back as JSON.

use std::fmt;

use serde_json::{Map, Value};

use crate::endpoint::RetryClass;

/// The version path segment a raw request uses unless told otherwise, as `#[ytx_endpoint]`
/// does: most endpoints in the catalogue are on `201512`.
pub const DEFAULT_RAW_VERSION: &str = "201512";

/// A request to any endpoint, checked when built, so a malformed path never leaves.
///
/// ```
/// use ytx_protocol::{RawRequest, RetryClass};
///
/// let request = RawRequest::new("call/MeetingQuery.wx", "queryMeeting")?
///     .version("201612")?
///     .retry(RetryClass::SafeQuery)
///     .fields(serde_json::json!({"confid": "002", "meetingcount": "1"}))?;
/// assert_eq!(request.url(), "MeetingQuery.wx");
/// # Ok::<(), ytx_protocol::RawRequestError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RawRequest {
    func: String,
    url: String,
    action: String,
    version: String,
    retry: RetryClass,
    fields: Map<String, Value>,
}

/// Why a [`RawRequest`] cannot be built. Nothing was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RawRequestError {
    /// The path is not `func/url.wx`.
    Path(String),
    /// The action is empty or has spaces, quotes or backslashes.
    Action(String),
    /// The version is not six digits.
    Version(String),
    /// The body is not a JSON object, or names another action.
    Body(String),
}

impl fmt::Display for RawRequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Path(reason) | Self::Action(reason) | Self::Version(reason) => {
                f.write_str(reason)
            }
            Self::Body(reason) => write!(f, "invalid body: {reason}"),
        }
    }
}

impl std::error::Error for RawRequestError {}

impl RawRequest {
    /// A request to `path` (`func/url`, e.g. `call/MeetingQuery.wx`) with `action`, on
    /// [`DEFAULT_RAW_VERSION`], as a side effect (never retried once it may have been sent),
    /// with no fields.
    pub fn new(path: &str, action: &str) -> Result<Self, RawRequestError> {
        let path = path.trim_matches('/');
        let Some((func, url)) = path.split_once('/') else {
            return Err(RawRequestError::Path(format!(
                "`{path}` is not FUNC/URL, such as call/MeetingQuery.wx"
            )));
        };
        if func.is_empty() || !func.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(RawRequestError::Path(format!(
                "the func `{func}` must be letters and digits, such as call, sms, traffic or account"
            )));
        }
        let plain = url
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_');
        if url.len() <= 3 || !url.ends_with(".wx") || !plain {
            return Err(RawRequestError::Path(format!(
                "the url `{url}` must be one path segment of letters, digits and `_` ending in .wx, such as MeetingQuery.wx"
            )));
        }
        if action.is_empty()
            || action
                .chars()
                .any(|c| c.is_whitespace() || c == '"' || c == '\\')
        {
            return Err(RawRequestError::Action(format!(
                "the action `{action}` must be a name such as queryMeeting: not empty, no spaces, quotes or backslashes"
            )));
        }
        Ok(Self {
            func: func.to_owned(),
            url: url.to_owned(),
            action: action.to_owned(),
            version: DEFAULT_RAW_VERSION.to_owned(),
            retry: RetryClass::SideEffect,
            fields: Map::new(),
        })
    }

    /// The version path segment: six digits, `201512` or `201612`.
    pub fn version(mut self, version: &str) -> Result<Self, RawRequestError> {
        if version.len() != 6 || !version.bytes().all(|b| b.is_ascii_digit()) {
            return Err(RawRequestError::Version(format!(
                "the version `{version}` must be six digits, such as 201512 or 201612"
            )));
        }
        self.version = version.to_owned();
        Ok(self)
    }

    /// Whether it may be retried. Default: [`RetryClass::SideEffect`]; say
    /// [`RetryClass::SafeQuery`] only for a query.
    pub fn retry(mut self, retry: RetryClass) -> Self {
        self.retry = retry;
        self
    }

    /// The body's fields, by wire name. An `action` in it must be this request's; an
    /// `appid` in it is sent instead of the client's.
    pub fn fields(mut self, fields: Value) -> Result<Self, RawRequestError> {
        let Value::Object(mut fields) = fields else {
            return Err(RawRequestError::Body(
                "the body must be a JSON object".into(),
            ));
        };
        if let Some(action) = fields.remove("action")
            && action.as_str() != Some(self.action.as_str())
        {
            return Err(RawRequestError::Body(format!(
                "its action {action} is not the request's `{}`",
                self.action
            )));
        }
        if fields.get("appid").is_some_and(|id| !id.is_string()) {
            return Err(RawRequestError::Body("`appid` must be a string".into()));
        }
        self.fields = fields;
        Ok(self)
    }

    /// The func path segment.
    pub fn func(&self) -> &str {
        &self.func
    }

    /// The url path segment.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The body's `action`.
    pub fn action(&self) -> &str {
        &self.action
    }

    /// The version path segment.
    pub fn version_segment(&self) -> &str {
        &self.version
    }

    /// The retry class.
    pub fn retry_class(&self) -> RetryClass {
        self.retry
    }

    /// The body's fields (without `action`).
    pub fn body_fields(&self) -> &Map<String, Value> {
        &self.fields
    }

    /// The body as sent: `action`, `appid` (the body's own, else `app_id`), then the fields.
    pub fn encode(&self, app_id: &str) -> Vec<u8> {
        let app_id = self
            .fields
            .get("appid")
            .and_then(Value::as_str)
            .unwrap_or(app_id);
        let mut body = Map::new();
        body.insert("action".into(), Value::from(self.action.as_str()));
        body.insert("appid".into(), Value::from(app_id));
        let mut out = serde_json::to_vec(&Value::Object(body)).unwrap_or_default();
        // `{"action":…,"appid":…}` with the fields spliced in before the brace, so the two
        // come first whatever the map's order.
        out.pop();
        for (name, value) in self.fields.iter().filter(|(name, _)| *name != "appid") {
            out.push(b',');
            // Writing JSON to a Vec cannot fail.
            let _ = serde_json::to_writer(&mut out, name);
            out.push(b':');
            let _ = serde_json::to_writer(&mut out, value);
        }
        out.push(b'}');
        out
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn malformed_paths_actions_and_versions_are_refused() {
        for path in [
            "",
            "call",
            "call/",
            "/MeetingQuery.wx",
            "call/x/y.wx",
            "call/Meeting Query.wx",
            "call/MeetingQuery",
            "ca-ll/X.wx",
            "call/X.wx?Sign=1",
        ] {
            assert!(
                matches!(RawRequest::new(path, "a"), Err(RawRequestError::Path(_))),
                "{path}"
            );
        }
        for action in ["", "query meeting", "a\"b", "a\\b"] {
            assert!(matches!(
                RawRequest::new("call/X.wx", action),
                Err(RawRequestError::Action(_))
            ));
        }
        let request = RawRequest::new("/call/X.wx", "a").unwrap();
        assert_eq!((request.func(), request.url()), ("call", "X.wx"));
        assert!(request.clone().version("2016").is_err());
        assert!(request.version("201612").is_ok());
    }

    #[test]
    fn the_body_starts_with_action_and_appid_and_keeps_every_field() {
        let request = RawRequest::new("call/X.wx", "act")
            .unwrap()
            .fields(json!({"zeta": 1, "alpha": ["a"], "action": "act"}))
            .unwrap();
        let body = String::from_utf8(request.encode("app")).unwrap();
        assert_eq!(
            body,
            r#"{"action":"act","appid":"app","alpha":["a"],"zeta":1}"#
        );
        let own = request.fields(json!({"appid": "mine"})).unwrap();
        assert_eq!(
            String::from_utf8(own.encode("app")).unwrap(),
            r#"{"action":"act","appid":"mine"}"#
        );
    }

    #[test]
    fn a_body_for_another_action_or_not_an_object_is_refused() {
        let request = RawRequest::new("call/X.wx", "act").unwrap();
        assert!(request.clone().fields(json!({"action": "other"})).is_err());
        assert!(request.clone().fields(json!([1])).is_err());
        assert!(request.fields(json!({"appid": 7})).is_err());
    }
}
