//! Golden signing vectors from `spec/signing/`, made by an independent implementation.
//! Each step is checked on its own so a failure names the step.

use chrono::{DateTime, Utc};
use ytx_core::sign::{self, Timestamp};
use ytx_core::{AuthToken, Clock, FixedClock};
use ytx_spec::SigningVector;

/// The vectors, read through ytx-spec (which embeds every `spec/signing/` folder).
fn cases() -> &'static [SigningVector] {
    let cases = ytx_spec::builtin()
        .unwrap_or_else(|err| panic!("{err}"))
        .signing_vectors();
    assert!(
        cases.len() >= 5,
        "expected at least 5 signing vectors, found {}",
        cases.len()
    );
    cases
}

#[test]
fn timestamp_is_the_beijing_time_of_the_utc_instant() {
    for case in cases() {
        let instant: DateTime<Utc> = case
            .input
            .utc_instant
            .as_str()
            .parse()
            .expect("RFC 3339 instant");
        let clock = FixedClock::new(instant);
        let stamp = Timestamp::from_utc(clock.now()).unwrap();
        assert_eq!(
            stamp.as_str(),
            case.input.timestamp.as_str(),
            "{}: timestamp",
            case.name
        );
    }
}

#[test]
fn sign_plain_text_is_sid_token_timestamp() {
    for case in cases() {
        let plain = format!(
            "{}{}{}",
            case.input.account_sid.as_str(),
            case.input.auth_token.as_str(),
            case.input.timestamp.as_str()
        );
        assert_eq!(plain, case.sign_plain, "{}: sign-plain.txt", case.name);
        let digest = sign::md5_hex_upper(&[plain.as_bytes()]);
        assert_eq!(
            std::str::from_utf8(&digest).unwrap(),
            case.sign,
            "{}: MD5",
            case.name
        );
    }
}

#[test]
fn sign_matches_the_vector() {
    for case in cases() {
        let stamp = Timestamp::parse(case.input.timestamp.as_str()).unwrap();
        let token = AuthToken::new(case.input.auth_token.as_str());
        let sign = sign::sign(case.input.account_sid.as_str(), &token, &stamp);
        assert_eq!(sign.as_str(), case.sign, "{}: sign.txt", case.name);
        assert_eq!(sign.as_str().len(), 32, "{}: 32 hex digits", case.name);
    }
}

#[test]
fn authorization_matches_the_vector() {
    for case in cases() {
        let stamp = Timestamp::parse(case.input.timestamp.as_str()).unwrap();
        let sid = case.input.account_sid.as_str();
        assert_eq!(
            sign::authorization_plain_text(sid, &stamp),
            case.authorization_plain,
            "{}: authorization-plain.txt",
            case.name
        );
        assert_eq!(
            sign::authorization(sid, &stamp).as_str(),
            case.authorization,
            "{}: authorization.txt",
            case.name
        );
    }
}

#[test]
fn request_path_matches_the_vector() {
    for case in cases() {
        let stamp = Timestamp::parse(case.input.timestamp.as_str()).unwrap();
        let sid = case.input.account_sid.as_str();
        let sign = sign::sign(sid, &AuthToken::new(case.input.auth_token.as_str()), &stamp);
        let mut path = String::new();
        sign::write_request_path(
            &mut path,
            &case.input.version,
            sid,
            &case.input.func,
            &case.input.url,
            &sign,
        );
        assert_eq!(path, case.url, "{}: url.txt", case.name);
    }
}

#[test]
fn a_vector_with_a_leading_zero_digest_exists() {
    assert!(cases().iter().any(|case| case.sign.starts_with('0')));
}
