//! One endpoint file (`endpoints/<func>/<name>.json`): the wire constants, the request and
//! response fields, and the documentation's examples.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// An endpoint, as transcribed from the platform's documentation.
///
/// Only the wire is required: `func`, `url`, `action`, `version`, `retry` and the `request`
/// fields (each a `wire` and a `type`). Everything else documents the endpoint and is
/// optional. `spec/schema/endpoint.json` is this model as a JSON Schema, for editors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct EndpointSpec {
    /// The JSON Schema this file names, for editors; not read otherwise.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The struct that implements it, e.g. `MeetingQuery`. Checked by `assert_conforms`
    /// where given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The documentation's Chinese name, e.g. `会议查询`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_zh: Option<String>,
    /// The documentation's `xunzhong.*` name, where one is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_name: Option<String>,
    /// The func path segment and product family: `call`, `sms`, `traffic`, `account`,
    /// `haoma`, `Unicom`.
    pub func: String,
    /// The url path segment, e.g. `MeetingQuery.wx`.
    pub url: String,
    /// The body's `action`, case-sensitive.
    pub action: String,
    /// The version path segment: `201512` or `201612`.
    pub version: String,
    /// Whether it may be retried.
    pub retry: Retry,
    /// Where the entry comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// How far the public material can be trusted, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<String>,
    /// The request's own fields (not `action` and `appid`), in wire order.
    pub request: Vec<RequestField>,
    /// The fields a successful answer carries; the default answer (`statusCode`,
    /// `statusMsg`, `requestId`) when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub response: Vec<ResponseField>,
    /// The documentation's examples.
    #[serde(default, skip_serializing_if = "Examples::is_empty")]
    pub examples: Examples,
    /// Anything else worth knowing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Where the examples' values come from when they are not the documentation's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example_note: Option<String>,
}

impl EndpointSpec {
    /// `func/url action`, the key no two endpoints share: `call/MeetingQuery.wx queryMeeting`.
    pub fn key(&self) -> String {
        format!("{}/{} {}", self.func, self.url, self.action)
    }

    /// The request fields the documentation marks required.
    pub fn required(&self) -> impl Iterator<Item = &RequestField> {
        self.request
            .iter()
            .filter(|field| field.required == Some(true))
    }
}

/// Whether an endpoint is safe to send twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Retry {
    /// A query: `"safe"`.
    #[serde(rename = "safe")]
    Safe,
    /// Places a call, sends an SMS or spends money: `"side-effect"`.
    #[serde(rename = "side-effect")]
    SideEffect,
}

impl Retry {
    /// `"safe"` or `"side-effect"`, as written in the files.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Safe => "safe",
            Self::SideEffect => "side-effect",
        }
    }
}

/// A request field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RequestField {
    /// The wire name, e.g. `customParm`.
    pub wire: String,
    /// What the value is.
    #[serde(rename = "type")]
    pub kind: FieldType,
    /// How the value travels where that differs from `type`: an integer sent as a string
    /// (`"meetingcount":"1"`), or a list joined by commas (`"13073339156,18812345678"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wire_type: Option<WireType>,
    /// `true` required, `false` optional; absent where no public material says (the
    /// struct then takes an `Option`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// What the documentation says of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A format the platform checks (`-102`), of the value or of each list item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
}

/// A response (or callback) field. Nested fields use paths: `cdr[].requestid`, `data.tagType`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ResponseField {
    /// The wire name or path.
    pub wire: String,
    /// What the value is.
    #[serde(rename = "type")]
    pub kind: FieldType,
    /// Whether it is always sent, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// What the documentation says of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// What a field's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum FieldType {
    /// `"string"`.
    #[serde(rename = "string")]
    String,
    /// `"integer"`.
    #[serde(rename = "integer")]
    Integer,
    /// `"number"`: a decimal, such as an amount in yuan.
    #[serde(rename = "number")]
    Number,
    /// `"boolean"`.
    #[serde(rename = "boolean")]
    Boolean,
    /// `"string[]"`: a list of strings (a JSON array, or one string with `wire_type`
    /// `"comma-joined"`).
    #[serde(rename = "string[]")]
    StringList,
    /// `"object"`.
    #[serde(rename = "object")]
    Object,
    /// `"object[]"`.
    #[serde(rename = "object[]")]
    ObjectList,
    /// `"json"`: any JSON, shape not documented.
    #[serde(rename = "json")]
    Json,
}

impl FieldType {
    /// The name as written in the files.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Integer => "integer",
            Self::Number => "number",
            Self::Boolean => "boolean",
            Self::StringList => "string[]",
            Self::Object => "object",
            Self::ObjectList => "object[]",
            Self::Json => "json",
        }
    }
}

/// How a value travels when it differs from its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum WireType {
    /// A number or boolean as a JSON string: `"1"` for 1.
    #[serde(rename = "string")]
    String,
    /// A `string[]` as one string, its items joined by commas: `"a,b"`.
    #[serde(rename = "comma-joined")]
    CommaJoined,
}

/// A format the platform checks, of a value or of each item of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub enum Format {
    /// A phone number: a mobile, or a landline with its area code.
    #[serde(rename = "phone")]
    Phone,
}

impl Examples {
    /// Whether there is no example at all.
    pub fn is_empty(&self) -> bool {
        self.request.is_none() && self.responses.is_empty() && self.errors.is_empty()
    }
}

/// The documentation's examples of one endpoint.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Examples {
    /// A whole request body, `action` and `appid` included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<Map<String, Value>>,
    /// Successful answers, as sent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responses: Vec<Value>,
    /// Refusals, as sent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<Value>,
}
