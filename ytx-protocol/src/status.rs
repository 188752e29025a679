//! The platform's `statusCode` values (catalogue §8.1) with their meaning and a remedy.

use std::fmt;

use bytes::Bytes;
use chrono::{DateTime, Utc};

/// A documented `statusCode`, or the text of one this crate does not know.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiCode {
    /// `-1` 号码无效: invalid number.
    InvalidNumber,
    /// `-2` 缺少必要参数: a required parameter is missing.
    MissingParameter,
    /// `-3` 无效action: unknown `action` (it is case-sensitive).
    InvalidAction,
    /// `-4` 无效的JSON: the body is not valid JSON.
    InvalidJson,
    /// `-100` 异常错误: internal error on the platform; the outcome is not known.
    InternalError,
    /// `-101` 参数不合法: a parameter has an illegal value.
    IllegalParameter,
    /// `-102` 电话号码不合法: illegal phone number.
    IllegalPhoneNumber,
    /// `-104` 请求频率过高: rate limited.
    RateLimited,
    /// `-200` 无此用户: no such account.
    NoSuchAccount,
    /// `-201` 用户状态失效: the account is inactive.
    AccountInactive,
    /// `-202` 包头验证信息错误: bad or expired `Authorization` header.
    AuthorizationInvalid,
    /// `-203` AuthToken验证失败: the `Sign` does not match.
    SignInvalid,
    /// `-204` 账户余额不足: insufficient balance.
    InsufficientBalance,
    /// `-205` 应用验证失败: application check failed.
    AppValidationFailed,
    /// `-704` 未查询到订单信息，稍后再试: order not found yet.
    OrderNotFound,
    /// Any other code, kept as the platform sent it.
    Other(String),
}

/// Code, Chinese message, English meaning, remedy: one row per documented code.
const TABLE: &[(&str, &str, &str, &str)] = &[
    (
        "-1",
        "号码无效",
        "invalid number",
        "check the phone number's format: one mobile, or a landline with its area code",
    ),
    (
        "-2",
        "缺少必要参数",
        "missing required parameter",
        "a required field is absent or empty; compare the request body with the endpoint's documentation",
    ),
    (
        "-3",
        "无效action",
        "invalid action",
        "the action name is case-sensitive and must match the url; this usually means a wrong version or url",
    ),
    (
        "-4",
        "无效的JSON",
        "malformed JSON body",
        "the body was not valid UTF-8 JSON",
    ),
    (
        "-100",
        "异常错误",
        "internal error on the platform",
        "the outcome is unknown: check call records or the callback before trying again",
    ),
    (
        "-101",
        "参数不合法",
        "illegal parameter value",
        "a field has a value the platform rejects (range, format or length)",
    ),
    (
        "-102",
        "电话号码不合法",
        "illegal phone number",
        "check the number: digits only, mobile or landline with area code",
    ),
    (
        "-104",
        "请求频率过高",
        "request rate too high",
        "slow down and retry later; queries may be retried with backoff",
    ),
    (
        "-200",
        "无此用户",
        "no such account",
        "check YTX_ACCOUNT_SID (控制台 → 开发者主账号 → ACCOUNT SID)",
    ),
    (
        "-201",
        "用户状态失效",
        "account inactive",
        "the account is disabled; re-activate it in the console",
    ),
    (
        "-202",
        "包头验证信息错误",
        "bad or expired Authorization header",
        "the Authorization header must be base64(accountSID|timestamp) with the same Beijing-time timestamp as the Sign; check the host clock (the timestamp is only valid for a limited window)",
    ),
    (
        "-203",
        "AuthToken验证失败",
        "Sign check failed",
        "check YTX_AUTH_TOKEN; the Sign is MD5(accountSID + authToken + timestamp); `ytx sign` shows every step",
    ),
    (
        "-204",
        "账户余额不足",
        "insufficient balance",
        "top up the account",
    ),
    (
        "-205",
        "应用验证失败",
        "application check failed",
        "three usual causes: (1) the app id does not match the environment: sandbox test-app ids work only with sandbox.ytx.net, your own apps only with api.ytx.net and only once online; (2) the caller's IP is not on the app's IP whitelist; (3) the app does not have this product enabled",
    ),
    (
        "-704",
        "未查询到订单信息，稍后再试",
        "order not found yet",
        "the order is not known yet; query again later",
    ),
];

impl ApiCode {
    /// Reads a `statusCode` as the platform sent it (`"-205"`).
    pub fn from_wire(code: &str) -> Self {
        match code {
            "-1" => Self::InvalidNumber,
            "-2" => Self::MissingParameter,
            "-3" => Self::InvalidAction,
            "-4" => Self::InvalidJson,
            "-100" => Self::InternalError,
            "-101" => Self::IllegalParameter,
            "-102" => Self::IllegalPhoneNumber,
            "-104" => Self::RateLimited,
            "-200" => Self::NoSuchAccount,
            "-201" => Self::AccountInactive,
            "-202" => Self::AuthorizationInvalid,
            "-203" => Self::SignInvalid,
            "-204" => Self::InsufficientBalance,
            "-205" => Self::AppValidationFailed,
            "-704" => Self::OrderNotFound,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The code as it goes on the wire, e.g. `"-205"`.
    pub fn as_wire(&self) -> &str {
        match self {
            Self::InvalidNumber => "-1",
            Self::MissingParameter => "-2",
            Self::InvalidAction => "-3",
            Self::InvalidJson => "-4",
            Self::InternalError => "-100",
            Self::IllegalParameter => "-101",
            Self::IllegalPhoneNumber => "-102",
            Self::RateLimited => "-104",
            Self::NoSuchAccount => "-200",
            Self::AccountInactive => "-201",
            Self::AuthorizationInvalid => "-202",
            Self::SignInvalid => "-203",
            Self::InsufficientBalance => "-204",
            Self::AppValidationFailed => "-205",
            Self::OrderNotFound => "-704",
            Self::Other(code) => code,
        }
    }

    fn row(&self) -> Option<&'static (&'static str, &'static str, &'static str, &'static str)> {
        let wire = self.as_wire();
        TABLE.iter().find(|row| row.0 == wire)
    }

    /// The platform's own message for the code (`应用验证失败`), if documented.
    pub fn message_zh(&self) -> Option<&'static str> {
        self.row().map(|row| row.1)
    }

    /// What the code means, in English.
    pub fn meaning(&self) -> &'static str {
        self.row().map_or("unknown status code", |row| row.2)
    }

    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        self.row().map_or(
            "this code is not in the documented table; keep the requestId and ask YTX support",
            |row| row.3,
        )
    }

    /// Every documented code, in table order.
    pub fn documented() -> impl Iterator<Item = ApiCode> {
        TABLE.iter().map(|row| Self::from_wire(row.0))
    }
}

impl fmt::Display for ApiCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_wire())
    }
}

/// A non-zero `statusCode` answer. The platform received and judged the request.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiError {
    pub(crate) code: ApiCode,
    pub(crate) message: Option<String>,
    pub(crate) request_id: Option<String>,
    pub(crate) body: Bytes,
    /// Local clock minus the platform's `Date`, in seconds, when a -202 came with one.
    pub(crate) clock_skew: Option<i64>,
}

impl std::error::Error for ApiError {}

impl ApiError {
    /// The status code.
    pub fn code(&self) -> &ApiCode {
        &self.code
    }

    /// The platform's `statusMsg`, if it sent one.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The platform's `requestId`, if it sent a non-empty one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The whole response body, as received.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        self.code.hint()
    }

    /// For a `-202`, how far the local clock is from the platform's (local minus platform,
    /// in seconds), read from the answer's `Date` header; `None` when there was no usable
    /// header or the two agree within a minute.
    pub fn clock_skew_seconds(&self) -> Option<i64> {
        self.clock_skew
    }

    /// Notes the platform's `Date` header (an HTTP date) on a `-202` answer received at
    /// `now`: if the two clocks are over a minute apart, [`clock_skew_seconds`] says by how
    /// much. Other codes, and dates that cannot be read, change nothing.
    ///
    /// [`clock_skew_seconds`]: ApiError::clock_skew_seconds
    pub fn note_platform_date(&mut self, date: &str, now: DateTime<Utc>) {
        if self.code != ApiCode::AuthorizationInvalid {
            return;
        }
        if let Some(date) = crate::http_date::parse(date) {
            let skew = (now - date).num_seconds();
            self.clock_skew = (skew.abs() > 60).then_some(skew);
        }
    }
}

/// The platform's message is shown with what it quotes and its long digit runs masked
/// ([`mask`](crate::redact::mask)): it may repeat a number. [`ApiError::message`] has it
/// whole.
impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("code", &self.code)
            .field("message", &self.message.as_deref().map(crate::redact::mask))
            .field("request_id", &self.request_id)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "platform answered statusCode {} ({})",
            self.code,
            self.code.meaning()
        )?;
        if let Some(message) = &self.message {
            write!(f, ": {}", crate::redact::mask(message))?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [requestId {id}]")?;
        }
        if let Some(skew) = self.clock_skew {
            let direction = if skew > 0 { "ahead of" } else { "behind" };
            let (hours, minutes, seconds) =
                (skew.abs() / 3600, skew.abs() / 60 % 60, skew.abs() % 60);
            write!(
                f,
                "; the local clock is {hours}h{minutes:02}m{seconds:02}s {direction} the platform's"
            )?;
        }
        write!(f, "; hint: {}", self.code.hint())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_code_round_trips_and_has_a_hint() {
        let codes: Vec<ApiCode> = ApiCode::documented().collect();
        assert_eq!(codes.len(), 15);
        for code in codes {
            assert!(!matches!(code, ApiCode::Other(_)), "{code} is not named");
            assert_eq!(ApiCode::from_wire(code.as_wire()), code);
            assert_ne!(code.meaning(), "unknown status code");
        }
    }

    #[test]
    fn unknown_codes_are_kept() {
        let code = ApiCode::from_wire("-999");
        assert_eq!(code, ApiCode::Other("-999".into()));
        assert_eq!(code.as_wire(), "-999");
        assert!(code.message_zh().is_none());
    }

    #[test]
    fn app_validation_hint_names_all_three_causes() {
        let hint = ApiCode::AppValidationFailed.hint();
        for cause in ["environment", "whitelist", "product"] {
            assert!(hint.contains(cause), "{hint}");
        }
    }
}
