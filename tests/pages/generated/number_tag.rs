//! 号码标记查询: written by `ytx endpoint new`.
//!
//! Guessed, to check against the platform (then delete this list):
//! - line 11: `phone` reads as a phone number: format `phone` (the emulator refuses others with -102)
//! - line 12: `tagSource` is required? the page says `未说明`: an optional field
//! - the struct is named `NumberTag` after the url; --name to change it
//! - retry "safe": a query, by its action's name: retried; the page does not say, --retry to change it

use ytx_core::ytx_endpoint;

/// 号码标记查询.
///
/// `POST /201612/sid/{accountSID}/haoma/NumberTag.wx`, action `viewNumberTag`. A query: safe to retry.
#[ytx_endpoint(
    func = "haoma",
    url = "NumberTag.wx",
    action = "viewNumberTag",
    version = "201612",
    response = NumberTagResponse,
    retry = "safe",
    rename_all = "camelCase"
)]
#[derive(Clone, PartialEq)]
pub struct NumberTag {
    /// `phone`: 要查询的电话号码
    pub phone: String,
    /// `tagSource`: 标记来源
    pub tag_source: Option<String>,
}

ytx_core::response! {
    /// The answer to [`NumberTag`].
    pub struct NumberTagResponse {
        /// `data`: 号码的标记
        #[serde(
            default,
            deserialize_with = "ytx_core::lenient::opt_object",
            skip_serializing_if = "Option::is_none"
        )]
        pub data: Option<NumberTagData>,
    }
}

/// `data` of [`NumberTagResponse`].
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct NumberTagData {
    /// `phone`: (not described)
    #[serde(
        default,
        deserialize_with = "ytx_core::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub phone: Option<String>,
    /// `tagAmount`: (not described)
    #[serde(
        rename = "tagAmount",
        default,
        deserialize_with = "ytx_core::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub tag_amount: Option<String>,
    /// `tagSource`: (not described)
    #[serde(
        rename = "tagSource",
        default,
        deserialize_with = "ytx_core::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub tag_source: Option<String>,
    /// `tagType`: (not described)
    #[serde(
        rename = "tagType",
        default,
        deserialize_with = "ytx_core::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub tag_type: Option<String>,
    /// Every other field the platform sent.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}
