//! 号码标记查询: how a number has been tagged (spam, telemarketing, …).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ytx_core::{lenient, ytx_endpoint};

/// 号码标记查询 (number tag lookup): what a number has been tagged as (广告推销,
/// telemarketing, …) and how many times.
///
/// `POST /201612/sid/{accountSID}/haoma/NumberTag.wx`, action `viewNumberTag`. A query:
/// safe to retry. Known from one production client only, which called the sandbox host on
/// port 8080 (`http://sandbox.ytx.net:8080`); whether `api.ytx.net` serves it is not public.
///
/// ```
/// use ytx_haoma::NumberTag;
///
/// let lookup = NumberTag::new("01053182579").tag_source("1");
/// # let _ = lookup;
/// ```
#[ytx_endpoint(
    func = "haoma",
    url = "NumberTag.wx",
    action = "viewNumberTag",
    version = "201612",
    response = NumberTagResponse,
    retry = "safe",
    rename_all = "camelCase"
)]
#[derive(Clone, PartialEq, Eq)]
pub struct NumberTag {
    /// `phone`: the number looked up: a mobile, or a landline with its area code.
    pub phone: String,
    /// `tagSource`: where the tags come from. The one known client sends `"1"`; the other
    /// values and whether the platform requires it are not public.
    pub tag_source: Option<String>,
}

ytx_core::response! {
    /// The answer to [`NumberTag`]: the envelope and `data`.
    pub struct NumberTagResponse {
        /// `data`: the tags; absent, `null` or `""` is `None`.
        #[serde(
            default,
            deserialize_with = "lenient::opt_object",
            skip_serializing_if = "Option::is_none"
        )]
        pub data: Option<NumberTagData>,
    }
}

/// `{"phone":"01053182579","tagType":"广告推销","tagAmount":"83","tagSource":"1"}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NumberTagData {
    /// `phone`: the number looked up.
    #[serde(
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub phone: Option<String>,
    /// `tagType`: the label, e.g. `广告推销` (advertising, telemarketing).
    #[serde(
        rename = "tagType",
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub tag_type: Option<String>,
    /// `tagAmount`: how many times the number was tagged (sent as a digit string).
    #[serde(
        rename = "tagAmount",
        default,
        deserialize_with = "lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub tag_amount: Option<u64>,
    /// `tagSource`: where the tags come from, as in the request.
    #[serde(
        rename = "tagSource",
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub tag_source: Option<String>,
    /// Every other field the platform sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
