//! The platform's request signature: pure functions, no clock, no I/O.
//!
//! For one timestamp `ts` (Beijing time, `yyyyMMddHHmmss`):
//!
//! - `Sign` = MD5(accountSID + authToken + ts) as 32 hex digits, zero-padded. The platform
//!   accepts either case; this crate sends upper case, as the documentation's example does.
//! - `Authorization` = base64(accountSID + "|" + ts), standard alphabet, padded.
//!
//! Both must use the same timestamp. The golden vectors in `spec/signing/` pin every step.

use std::fmt;

use base64::Engine as _;
use md5::{Digest, Md5};

use crate::secret::AuthToken;
pub use crate::timestamp::{InvalidTimestamp, Timestamp};

mod verify;

pub use verify::{AuthorizationError, parse_authorization, verify_sign};

/// The `Sign` query parameter: 32 upper-case hex digits. Its `Debug` is redacted.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Sign([u8; 32]);

impl Sign {
    /// The 32 hex digits, for the URL. Never log them.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Debug for Sign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sign(***)")
    }
}

/// The `Authorization` header value. Its `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct Authorization(String);

impl Authorization {
    /// The base64 text, for the header. Never log it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Authorization(***)")
    }
}

/// MD5 of the concatenated parts as 32 upper-case hex digits, zero-padded.
pub fn md5_hex_upper(parts: &[&[u8]]) -> [u8; 32] {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut md5 = Md5::new();
    for part in parts {
        md5.update(part);
    }
    let digest = md5.finalize();
    let mut hex = [0u8; 32];
    for (i, byte) in digest.iter().enumerate() {
        hex[2 * i] = HEX[usize::from(byte >> 4)];
        hex[2 * i + 1] = HEX[usize::from(byte & 0x0f)];
    }
    hex
}

/// `Sign` = MD5(accountSID + authToken + timestamp), without building the plain text.
pub fn sign(account_sid: &str, auth_token: &AuthToken, timestamp: &Timestamp) -> Sign {
    Sign(md5_hex_upper(&[
        account_sid.as_bytes(),
        auth_token.expose_secret().as_bytes(),
        timestamp.as_bytes(),
    ]))
}

/// `yyyyMMddHHmmss`.
const TIMESTAMP_LEN: usize = 14;

/// The plain text of the `Authorization` header before base64: `accountSID|timestamp`.
pub fn authorization_plain_text(account_sid: &str, timestamp: &Timestamp) -> String {
    let mut plain = String::with_capacity(account_sid.len() + 1 + TIMESTAMP_LEN);
    plain.push_str(account_sid);
    plain.push('|');
    plain.push_str(timestamp.as_str());
    plain
}

/// `Authorization` = base64(accountSID + "|" + timestamp).
pub fn authorization(account_sid: &str, timestamp: &Timestamp) -> Authorization {
    let plain = authorization_plain_text(account_sid, timestamp);
    Authorization(base64::engine::general_purpose::STANDARD.encode(plain))
}

/// The longest account id [`with_authorization`] takes: 81 characters (the platform's are
/// 32), so that `accountSID|timestamp` fits its 96-byte buffer.
pub const MAX_ACCOUNT_SID_LEN: usize = 81;
/// `accountSID|timestamp` at its longest.
const PLAIN_MAX: usize = MAX_ACCOUNT_SID_LEN + 1 + TIMESTAMP_LEN;
/// Its base64 (96 bytes are 32 groups of 3, so 128 characters, no padding).
const ENCODED_MAX: usize = 128;
const _: () = assert!(PLAIN_MAX.is_multiple_of(3) && ENCODED_MAX == PLAIN_MAX / 3 * 4);

/// Calls `use_it` with the `Authorization` value, base64(accountSID|timestamp), built on the
/// stack: how a client makes the header without intermediate strings. `None` for an account
/// id longer than [`MAX_ACCOUNT_SID_LEN`]; [`authorization`] takes any.
pub fn with_authorization<R>(
    account_sid: &str,
    timestamp: &Timestamp,
    use_it: impl FnOnce(&[u8]) -> R,
) -> Option<R> {
    let plain_len = account_sid.len() + 1 + TIMESTAMP_LEN;
    if plain_len > PLAIN_MAX {
        return None;
    }
    let mut plain = [0u8; PLAIN_MAX];
    plain[..account_sid.len()].copy_from_slice(account_sid.as_bytes());
    plain[account_sid.len()] = b'|';
    plain[account_sid.len() + 1..plain_len].copy_from_slice(timestamp.as_bytes());
    let mut encoded = [0u8; ENCODED_MAX];
    let len = base64::engine::general_purpose::STANDARD
        .encode_slice(&plain[..plain_len], &mut encoded)
        .ok()?;
    Some(use_it(&encoded[..len]))
}

/// Appends the request's path and query (after the base URL's own path):
/// `/{version}/sid/{accountSID}/{func}/{url}?Sign={Sign}`, growing `out` once, by exactly
/// what it needs.
pub fn write_request_path(
    out: &mut String,
    version: &str,
    account_sid: &str,
    func: &str,
    url: &str,
    sign: &Sign,
) {
    let parts = [
        "/",
        version,
        "/sid/",
        account_sid,
        "/",
        func,
        "/",
        url,
        "?Sign=",
        sign.as_str(),
    ];
    out.reserve(parts.iter().map(|part| part.len()).sum());
    for part in parts {
        out.push_str(part);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    fn ts(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    #[test]
    fn timestamp_is_beijing_time_of_the_instant() {
        let instant = DateTime::parse_from_rfc3339("2026-11-28T16:30:05Z").unwrap();
        let stamp = Timestamp::from_utc(instant.with_timezone(&Utc)).unwrap();
        assert_eq!(stamp.as_str(), "20261129003005");
    }

    #[test]
    fn a_timestamp_is_the_utc_instant_eight_hours_before() {
        let stamp = ts("20261129003005");
        assert_eq!(stamp.to_utc().to_rfc3339(), "2026-11-28T16:30:05+00:00");
        assert_eq!(Timestamp::from_utc(stamp.to_utc()).unwrap(), stamp);
    }

    #[test]
    fn timestamp_parse_rejects_unreal_times() {
        assert!(Timestamp::parse("20140231120000").is_err());
        assert!(Timestamp::parse("20140416246030").is_err());
        assert!(Timestamp::parse("2014041614203").is_err());
        assert!(Timestamp::parse("2014041614203x").is_err());
        assert!(Timestamp::parse("２0140416142030").is_err());
    }

    #[test]
    fn sign_is_md5_of_sid_token_timestamp_in_upper_case() {
        // Computed independently: the digest starts with a zero nibble, which must be kept.
        let sign = sign(
            "abcdefghijklmnopqrstuvwxyz012345",
            &AuthToken::new("token"),
            &ts("20140416142030"),
        );
        assert_eq!(sign.as_str(), "0FC31BC8BB77570D0DE4B931DD904028");
    }

    #[test]
    fn authorization_is_base64_of_sid_bar_timestamp() {
        let auth = authorization("ff8080813c37da53013c804f8072007c", &ts("20130201150000"));
        assert_eq!(
            auth.as_str(),
            "ZmY4MDgwODEzYzM3ZGE1MzAxM2M4MDRmODA3MjAwN2N8MjAxMzAyMDExNTAwMDA="
        );
    }

    #[test]
    fn the_plain_text_is_sid_bar_timestamp_in_one_exact_allocation() {
        let plain = authorization_plain_text("sid42", &ts("20130201150000"));
        assert_eq!(plain, "sid42|20130201150000");
        assert_eq!(
            plain.capacity(),
            plain.len(),
            "grown once, by what it needs"
        );
    }

    #[test]
    fn the_stack_authorization_is_the_same_up_to_its_longest_account_id() {
        let stamp = ts("20130201150000");
        for len in [1, 32, MAX_ACCOUNT_SID_LEN - 1, MAX_ACCOUNT_SID_LEN] {
            let sid = "a".repeat(len);
            let on_stack = with_authorization(&sid, &stamp, |text| text.to_vec()).unwrap();
            assert_eq!(
                on_stack,
                authorization(&sid, &stamp).as_str().as_bytes(),
                "{len}"
            );
        }
        for len in [MAX_ACCOUNT_SID_LEN + 1, 200] {
            let sid = "a".repeat(len);
            assert_eq!(with_authorization(&sid, &stamp, |_| ()), None, "{len}");
            // The general one takes any.
            let long = authorization(&sid, &stamp);
            assert!(long.as_str().len() > 128, "{len}");
        }
    }

    #[test]
    fn the_request_path_is_every_segment_in_order_grown_once() {
        let stamp = ts("20140416142030");
        let sid = "abcdefghijklmnopqrstuvwxyz012345";
        let sign = sign(
            sid,
            &AuthToken::new("ytxdoctoken0123456789abcdef012345"),
            &stamp,
        );
        let mut path = String::new();
        write_request_path(&mut path, "201612", sid, "call", "MeetingQuery.wx", &sign);
        assert_eq!(
            path,
            format!(
                "/201612/sid/{sid}/call/MeetingQuery.wx?Sign={}",
                sign.as_str()
            )
        );
        assert_eq!(path.capacity(), path.len(), "grown once, by what it needs");
        // After a base URL's own path.
        let mut prefixed = String::from("/ytx");
        write_request_path(&mut prefixed, "201512", "s", "sms", "TemplateSMS.wx", &sign);
        assert!(prefixed.starts_with("/ytx/201512/sid/s/sms/TemplateSMS.wx?Sign="));
    }

    #[test]
    fn secrets_are_redacted_in_debug() {
        let stamp = ts("20140416142030");
        let sign = sign("sid", &AuthToken::new("token"), &stamp);
        assert_eq!(format!("{sign:?}"), "Sign(***)");
        assert_eq!(
            format!("{:?}", authorization("sid", &stamp)),
            "Authorization(***)"
        );
    }
}
