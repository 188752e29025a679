//! Turning a response body into the endpoint's response or a typed error.
//!
//! Most answers carry the envelope `{"statusCode":"0","statusMsg":…,"requestId":…}`;
//! `statusCode` may be a string or a number, and anything but `0` is an [`ApiError`].
//! Some queries answer without the envelope (balance, call records): a body with no
//! `statusCode` is decoded as it is.

use std::borrow::Cow;

use bytes::Bytes;
use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer};

use crate::error::{AnswerError, DecodeError};
use crate::status::{ApiCode, ApiError};

mod scan;

/// The serde look at `statusCode` when the scanner declines: every other value is skipped
/// without being decoded.
#[derive(Deserialize)]
struct Probe<'a> {
    #[serde(rename = "statusCode", default, borrow)]
    status_code: Option<Code<'a>>,
}

/// A `statusCode` as sent: a string (borrowed when it has no escapes) or a number.
struct Code<'a>(Option<Cow<'a, str>>);

impl<'de: 'a, 'a> Deserialize<'de> for Code<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(crate::lenient::Text).map(Code)
    }
}

/// The envelope of a refusal, read only when `statusCode` is not `0`.
#[derive(Deserialize)]
struct Refusal {
    #[serde(
        rename = "statusMsg",
        default,
        deserialize_with = "crate::lenient::opt_string"
    )]
    status_msg: Option<String>,
    #[serde(
        rename = "requestId",
        default,
        deserialize_with = "crate::lenient::opt_nonempty_string"
    )]
    request_id: Option<String>,
}

/// The UTF-8 byte-order mark some Java and .NET servers put before a JSON body.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// `body` without a leading UTF-8 byte-order mark, which is no part of the JSON.
pub fn without_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(BOM).unwrap_or(body)
}

/// Decodes a 2xx body: the response, a refusal (`statusCode` not `0`), or a body that is
/// not the endpoint's JSON. A UTF-8 byte-order mark before the JSON is skipped.
pub fn decode<R: DeserializeOwned>(body: Bytes) -> Result<R, AnswerError> {
    // A byte-order mark would make a success look like no JSON at all.
    let body = if body.starts_with(BOM) {
        body.slice(BOM.len()..)
    } else {
        body
    };
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if first != Some(&b'{') {
        let reason = if body.is_empty() {
            "empty body"
        } else {
            "not a JSON object"
        };
        return Err(AnswerError::Decode(Box::new(DecodeError::new(
            reason, body,
        ))));
    }
    let code = match scan::status_code(&body) {
        Some(scanned) => scanned.map(str::to_owned),
        // Something unusual (escapes in keys, malformed JSON): let serde judge.
        None => match serde_json::from_slice::<Probe<'_>>(&body) {
            Ok(probe) => probe
                .status_code
                .and_then(|code| code.0)
                .map(|code| code.trim().to_owned()),
            Err(err) => {
                return Err(AnswerError::Decode(Box::new(DecodeError::new(
                    format!("invalid JSON: {err}"),
                    body,
                ))));
            }
        },
    };
    if let Some(code) = code.filter(|code| code != "0") {
        let refusal: Refusal = serde_json::from_slice(&body).unwrap_or(Refusal {
            status_msg: None,
            request_id: None,
        });
        return Err(AnswerError::Api(Box::new(ApiError {
            code: ApiCode::from_wire(&code),
            message: refusal.status_msg,
            request_id: refusal.request_id,
            body,
            clock_skew: None,
        })));
    }
    serde_json::from_slice(&body).map_err(|err| {
        AnswerError::Decode(Box::new(DecodeError::new(
            format!("unexpected shape: {err}"),
            body,
        )))
    })
}

/// The top-level `requestId` of an answer, read as response types read it: a string as it
/// is, a number's text. `None` when there is none, it is `null`, or the body is not JSON.
/// A UTF-8 byte-order mark is skipped.
///
/// For callers that keep only the id of an answer its response type has already accepted
/// (a batch's journal): a plain string is found without parsing the body again.
pub fn request_id(body: &[u8]) -> Option<String> {
    /// The serde look when the scanner declines: every other value is skipped.
    #[derive(Deserialize)]
    struct Id {
        #[serde(
            rename = "requestId",
            default,
            deserialize_with = "crate::lenient::opt_string"
        )]
        request_id: Option<String>,
    }
    let body = without_bom(body);
    match scan::request_id(body) {
        Some(scanned) => scanned.map(str::to_owned),
        None => serde_json::from_slice::<Id>(body)
            .ok()
            .and_then(|id| id.request_id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An envelope with the request id and every other field, as endpoint responses have.
    #[derive(Debug, Deserialize)]
    struct Submitted {
        #[serde(rename = "requestId", default)]
        request_id: Option<String>,
        #[serde(flatten)]
        extra: serde_json::Map<String, serde_json::Value>,
    }

    impl Submitted {
        fn request_id(&self) -> Option<&str> {
            self.request_id.as_deref()
        }
    }

    fn api_code(err: &AnswerError) -> Option<&ApiCode> {
        match err {
            AnswerError::Api(api) => Some(api.code()),
            AnswerError::Decode(_) => None,
        }
    }

    fn decode_str(json: &str) -> Result<Submitted, AnswerError> {
        decode(Bytes::copy_from_slice(json.as_bytes()))
    }

    #[test]
    fn success_keeps_request_id_and_unknown_fields() {
        let ok = decode_str(r#"{"statusCode":"0","statusMsg":"提交成功","requestId":"20200437755840048670965760400","x":1}"#)
            .unwrap();
        assert_eq!(ok.request_id(), Some("20200437755840048670965760400"));
        assert_eq!(ok.extra["x"], 1);
    }

    #[test]
    fn a_byte_order_mark_before_the_json_is_skipped() {
        let ok = decode_str("\u{feff}{\"statusCode\":\"0\",\"requestId\":\"1\"}").unwrap();
        assert_eq!(ok.request_id(), Some("1"));
        let err = decode_str("\u{feff}{\"statusCode\":\"-2\"}").unwrap_err();
        assert_eq!(api_code(&err), Some(&ApiCode::MissingParameter));
        assert!(
            decode_str("\u{feff}").is_err(),
            "a mark alone is still no JSON"
        );
    }

    #[test]
    fn numeric_status_codes_are_read() {
        let err = decode_str(r#"{"statusCode":-104,"statusMsg":"请求频率过高"}"#).unwrap_err();
        assert_eq!(api_code(&err), Some(&ApiCode::RateLimited));
        assert!(decode_str(r#"{"statusCode":0}"#).is_ok());
    }

    #[test]
    fn empty_request_id_is_none() {
        let err = decode_str(r#"{"statusCode":"-2","statusMsg":"缺少必要参数","requestId":""}"#)
            .unwrap_err();
        let AnswerError::Api(api) = err else {
            panic!("not an api error")
        };
        assert_eq!(api.request_id(), None);
        assert_eq!(api.message(), Some("缺少必要参数"));
    }

    #[test]
    fn bodies_without_envelope_decode_as_they_are() {
        let value: serde_json::Value = decode(Bytes::from_static(b"{\"Blance\":7.08}")).unwrap();
        assert_eq!(value["Blance"], 7.08);
    }

    #[test]
    fn non_json_bodies_are_decode_errors_that_keep_the_body() {
        for body in [
            "",
            "<html>502</html>",
            "[1]",
            "{\"statusCode\":\"0\"",
            "{\"statusCode\":{}}",
        ] {
            let err = decode_str(body).unwrap_err();
            assert!(matches!(err, AnswerError::Decode(_)), "{body}: {err:?}");
            assert_eq!(err.body().as_ref(), body.as_bytes());
        }
    }

    #[test]
    fn request_id_reads_as_the_answer_read_as_json_does() {
        // What a caller got before: the answer as JSON, its `requestId` read leniently.
        let as_json = |body: &[u8]| {
            serde_json::from_slice::<serde_json::Value>(without_bom(body))
                .unwrap()
                .get("requestId")
                .and_then(crate::lenient::text)
                .map(Cow::into_owned)
        };
        for body in [
            &br#"{"statusCode":"0","requestId":"20261204133000000000000000001"}"#[..],
            br#"{"statusCode":"0","requestId":" padded "}"#,
            br#"{"statusCode":"0","requestId":""}"#,
            br#"{"requestId":12345678901234567890123,"statusCode":0}"#,
            br#"{"requestId":42}"#,
            br#"{"requestId":1.5}"#,
            br#"{"requestId":true}"#,
            br#"{"requestId":null}"#,
            br#"{"requestId":"tab\tand \"quotes\" \u4e2d"}"#,
            br#"{"request\u0049d":"escaped key"}"#,
            br#"{"data":{"requestId":"nested"},"statusCode":"0"}"#,
            br#"{"statusCode":"0"}"#,
            "\u{feff}{\"requestId\":\"after a BOM\"}".as_bytes(),
            r#"  {  "statusMsg" : "提交成功" , "requestId" : "spaced"  }  "#.as_bytes(),
        ] {
            assert_eq!(
                request_id(body),
                as_json(body),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        assert_eq!(request_id(b"not json"), None);
        assert_eq!(request_id(br#"{"requestId":"cut"#), None);
    }
}
