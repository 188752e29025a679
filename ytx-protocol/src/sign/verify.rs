//! The other side of signing: checking a request's `Sign` and reading its `Authorization`
//! back, as the platform (and the emulator) do.

use std::fmt;

use base64::Engine as _;

use super::{InvalidTimestamp, Timestamp, sign};
use crate::secret::AuthToken;

/// Whether `given`, a `Sign` as a request carries it, is the one these credentials make at
/// `timestamp`. Either case is accepted, as the platform accepts it ("无论大小写"); the
/// comparison takes the same time wherever the first difference is.
pub fn verify_sign(
    account_sid: &str,
    auth_token: &AuthToken,
    timestamp: &Timestamp,
    given: &str,
) -> bool {
    let expected = sign(account_sid, auth_token, timestamp);
    given.len() == expected.0.len()
        && given
            .bytes()
            .zip(expected.0)
            .fold(0u8, |differ, (a, b)| differ | (a.to_ascii_uppercase() ^ b))
            == 0
}

/// Why an `Authorization` header cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthorizationError {
    /// It is not standard, padded base64.
    NotBase64,
    /// What it decodes to is not `accountSID|timestamp`.
    NotSidAndTimestamp,
    /// The timestamp is not a real `yyyyMMddHHmmss`.
    Timestamp(InvalidTimestamp),
}

impl fmt::Display for AuthorizationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotBase64 => f.write_str("the Authorization header is not base64"),
            Self::NotSidAndTimestamp => {
                f.write_str("the Authorization header is not base64 of accountSID|timestamp")
            }
            Self::Timestamp(_) => f.write_str("the Authorization header's timestamp is invalid"),
        }
    }
}

impl std::error::Error for AuthorizationError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Timestamp(err) => Some(err),
            _ => None,
        }
    }
}

/// Reads an `Authorization` header (surrounding white space allowed): the account id and
/// the timestamp it was made with.
pub fn parse_authorization(header: &[u8]) -> Result<(String, Timestamp), AuthorizationError> {
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(header.trim_ascii())
        .map_err(|_| AuthorizationError::NotBase64)?;
    let text = std::str::from_utf8(&decoded).map_err(|_| AuthorizationError::NotSidAndTimestamp)?;
    let (sid, timestamp) = text
        .split_once('|')
        .ok_or(AuthorizationError::NotSidAndTimestamp)?;
    let timestamp = Timestamp::parse(timestamp).map_err(AuthorizationError::Timestamp)?;
    Ok((sid.to_owned(), timestamp))
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;

    use super::*;
    use crate::sign::authorization;

    fn ts(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    #[test]
    fn a_sign_is_verified_in_either_case_and_refused_otherwise() {
        let token = AuthToken::new("token");
        let stamp = ts("20140416142030");
        let sign = sign("sid", &token, &stamp);
        let upper = sign.as_str();
        assert!(verify_sign("sid", &token, &stamp, upper));
        assert!(verify_sign(
            "sid",
            &token,
            &stamp,
            &upper.to_ascii_lowercase()
        ));
        assert!(!verify_sign("sid", &token, &stamp, &upper[..31]));
        assert!(!verify_sign("sid", &AuthToken::new("other"), &stamp, upper));
        assert!(!verify_sign("sid", &token, &ts("20140416142031"), upper));
        // Two characters off by the same bit: differences that cancel out under XOR still
        // refuse.
        let mut twice: Vec<u8> = upper.bytes().collect();
        twice[0] ^= 0x01;
        twice[1] ^= 0x01;
        let twice = String::from_utf8(twice).unwrap();
        assert!(!verify_sign("sid", &token, &stamp, &twice), "{twice}");
    }

    #[test]
    fn an_authorization_is_read_back_and_malformed_ones_are_told_apart() {
        let stamp = ts("20140416142030");
        let header = authorization("sid", &stamp);
        let (sid, read) = parse_authorization(format!(" {} ", header.as_str()).as_bytes()).unwrap();
        assert_eq!((sid.as_str(), read.as_str()), ("sid", "20140416142030"));
        let b64 = |text: &str| base64::engine::general_purpose::STANDARD.encode(text);
        assert_eq!(
            parse_authorization(b"%%%"),
            Err(AuthorizationError::NotBase64)
        );
        assert_eq!(
            parse_authorization(b64("sid-20140416142030").as_bytes()),
            Err(AuthorizationError::NotSidAndTimestamp)
        );
        let bad_time = parse_authorization(b64("sid|20141316142030").as_bytes()).unwrap_err();
        assert!(matches!(bad_time, AuthorizationError::Timestamp(_)));
        // The timestamp's own error is the source; the others have none.
        let source = std::error::Error::source(&bad_time).expect("a source");
        assert!(source.downcast_ref::<InvalidTimestamp>().is_some());
        assert!(std::error::Error::source(&AuthorizationError::NotBase64).is_none());
    }
}
