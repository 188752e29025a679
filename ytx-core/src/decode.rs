//! Turning a response body into the endpoint's response or a typed error.
//!
//! Most answers carry the envelope `{"statusCode":"0","statusMsg":…,"requestId":…}`;
//! `statusCode` may be a string or a number, and anything but `0` is an [`ApiError`].
//! Some queries answer without the envelope (balance, call records): a body with no
//! `statusCode` is decoded as it is.

use bytes::Bytes;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::status::{ApiCode, ApiError};

#[derive(Deserialize)]
struct Envelope {
    #[serde(
        rename = "statusCode",
        default,
        deserialize_with = "crate::lenient::opt_string"
    )]
    status_code: Option<String>,
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

/// Decodes a 2xx body.
pub fn decode<R: DeserializeOwned>(body: Bytes) -> Result<R, Error> {
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if first != Some(&b'{') {
        let reason = if body.is_empty() {
            "empty body"
        } else {
            "not a JSON object"
        };
        return Err(Error::Decode {
            reason: reason.into(),
            body,
        });
    }
    let envelope: Envelope = match serde_json::from_slice(&body) {
        Ok(envelope) => envelope,
        Err(err) => {
            return Err(Error::Decode {
                reason: format!("invalid JSON: {err}"),
                body,
            });
        }
    };
    if let Some(code) = envelope.status_code.as_deref().map(str::trim)
        && code != "0"
    {
        return Err(Error::Api(ApiError {
            code: ApiCode::from_wire(code),
            message: envelope.status_msg,
            request_id: envelope.request_id,
            body,
            clock_skew: None,
        }));
    }
    serde_json::from_slice(&body).map_err(|err| Error::Decode {
        reason: format!("unexpected shape: {err}"),
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::submitted::Submitted;

    fn decode_str(json: &str) -> Result<Submitted, Error> {
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
    fn numeric_status_codes_are_read() {
        let err = decode_str(r#"{"statusCode":-104,"statusMsg":"请求频率过高"}"#).unwrap_err();
        assert_eq!(err.api_code(), Some(&ApiCode::RateLimited));
        assert!(decode_str(r#"{"statusCode":0}"#).is_ok());
    }

    #[test]
    fn empty_request_id_is_none() {
        let err = decode_str(r#"{"statusCode":"-2","statusMsg":"缺少必要参数","requestId":""}"#)
            .unwrap_err();
        let Error::Api(api) = err else {
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
            assert!(matches!(err, Error::Decode { .. }), "{body}: {err:?}");
            assert_eq!(err.body().map(|b| b.as_ref()), Some(body.as_bytes()));
        }
    }
}
