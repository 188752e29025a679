//! Response types: the envelope most answers carry, declared once by [`response!`].
//!
//! The envelope's fields are declared inline in each type (not as a flattened struct), so
//! serde reads them directly; only fields no type knows take serde's buffered path into
//! `extra`. That halves the cost of decoding an answer.

/// Declares a response type: `statusCode`, `statusMsg` and `requestId`, the fields given, and
/// `extra` for every other field the platform sends. Numbers and strings are read alike in
/// the envelope; the given fields carry their own serde attributes.
///
/// ```
/// ytx_core::response! {
///     /// The answer to a hypothetical query.
///     pub struct Answer {
///         /// `data`: the result.
///         #[serde(default)]
///         pub data: Option<serde_json::Value>,
///     }
/// }
///
/// let answer: Answer = serde_json::from_str(r#"{"statusCode":0,"data":[1],"new":true}"#).unwrap();
/// assert_eq!(answer.status_code.as_deref(), Some("0"));
/// assert_eq!(answer.extra["new"], true);
/// ```
#[macro_export]
macro_rules! response {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $( $(#[$field_meta:meta])* $field_vis:vis $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug,
            Clone,
            PartialEq,
            Default,
            $crate::__private::serde::Serialize,
            $crate::__private::serde::Deserialize,
        )]
        #[serde(crate = "ytx_core::__private::serde")]
        $vis struct $name {
            /// `statusCode`: `"0"` on success (read from a string or a number). Non-zero codes
            /// are [`Error::Api`](ytx_core::Error::Api), never a decoded response.
            #[serde(
                rename = "statusCode",
                default,
                deserialize_with = "ytx_core::lenient::opt_string",
                skip_serializing_if = "Option::is_none"
            )]
            pub status_code: $crate::__private::Option<::std::string::String>,
            /// `statusMsg`, e.g. `提交成功`.
            #[serde(
                rename = "statusMsg",
                default,
                deserialize_with = "ytx_core::lenient::opt_string",
                skip_serializing_if = "Option::is_none"
            )]
            pub status_msg: $crate::__private::Option<::std::string::String>,
            /// `requestId`: the platform's id for the request, a digit string longer than a
            /// `u64`.
            #[serde(
                rename = "requestId",
                default,
                deserialize_with = "ytx_core::lenient::opt_string",
                skip_serializing_if = "Option::is_none"
            )]
            pub request_id: $crate::__private::Option<::std::string::String>,
            $( $(#[$field_meta])* $field_vis $field : $ty, )*
            /// Every other field the platform sent.
            #[serde(flatten)]
            pub extra: $crate::__private::Map<::std::string::String, $crate::__private::Value>,
        }

        impl $name {
            /// The platform's `requestId`, if it sent a non-empty one.
            pub fn request_id(&self) -> $crate::__private::Option<&str> {
                self.request_id.as_deref().filter(|id| !id.is_empty())
            }
        }
    };
}

/// `{"statusCode":"0","statusMsg":"提交成功","requestId":"2020…"}`: the platform accepted the
/// request. The `requestId` is the key for call records and callbacks. What side effects
/// answer.
///
/// Declared as [`response!`] declares, plus the `customParm` the request went out with.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Submitted {
    /// `statusCode`: `"0"` on success (read from a string or a number). Non-zero codes are
    /// [`Error::Api`](crate::Error::Api), never a decoded response.
    #[serde(
        rename = "statusCode",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub status_code: Option<String>,
    /// `statusMsg`, e.g. `提交成功`.
    #[serde(
        rename = "statusMsg",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub status_msg: Option<String>,
    /// `requestId`: the platform's id for the request, a digit string longer than a `u64`.
    #[serde(
        rename = "requestId",
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
    /// Every other field the platform sent.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Not the platform's: the `customParm` the request went out with, the caller's own or
    /// the [reconciliation key](crate::ReconciliationKey) the client generated for it, by
    /// which [`Client::reconcile`](crate::Client::reconcile) finds it. `None` for an
    /// endpoint without `customParm`. Never serialized.
    #[serde(skip)]
    pub reconciliation_key: Option<String>,
}

impl Submitted {
    /// The platform's `requestId`, if it sent a non-empty one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref().filter(|id| !id.is_empty())
    }
}

impl ytx_protocol::KeepsCustomParm for Submitted {
    fn keep_custom_parm(&mut self, custom_parm: &str) {
        self.reconciliation_key = Some(custom_parm.to_owned());
    }
}
