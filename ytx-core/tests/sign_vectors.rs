//! Golden signing vectors from `spec/signing/`, made by an independent implementation.
//! Each step is checked on its own so a failure names the step.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use ytx_core::sign::{self, Timestamp};
use ytx_core::{AuthToken, Clock, FixedClock};

struct Case {
    name: String,
    dir: PathBuf,
    input: serde_json::Value,
}

impl Case {
    fn input(&self, key: &str) -> &str {
        self.input[key]
            .as_str()
            .unwrap_or_else(|| panic!("{}: input.json lacks {key}", self.name))
    }

    fn file(&self, name: &str) -> String {
        let text = fs::read_to_string(self.dir.join(name))
            .unwrap_or_else(|err| panic!("{}: cannot read {name}: {err}", self.name));
        text.trim_end_matches('\n').to_owned()
    }
}

fn cases() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/signing");
    let mut cases: Vec<Case> = fs::read_dir(&root)
        .expect("spec/signing exists")
        .map(|entry| {
            let dir = entry.expect("readable entry").path();
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            let input = fs::read_to_string(dir.join("input.json")).expect("input.json");
            Case {
                name,
                input: serde_json::from_str(&input).expect("input.json is JSON"),
                dir,
            }
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
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
        let instant: DateTime<Utc> = case.input("utc_instant").parse().expect("RFC 3339 instant");
        let clock = FixedClock::new(instant);
        let stamp = Timestamp::from_utc(clock.now()).unwrap();
        assert_eq!(
            stamp.as_str(),
            case.input("timestamp"),
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
            case.input("account_sid"),
            case.input("auth_token"),
            case.input("timestamp")
        );
        assert_eq!(
            plain,
            case.file("sign-plain.txt"),
            "{}: sign-plain.txt",
            case.name
        );
        let digest = sign::md5_hex_upper(&[plain.as_bytes()]);
        assert_eq!(
            std::str::from_utf8(&digest).unwrap(),
            case.file("sign.txt"),
            "{}: MD5",
            case.name
        );
    }
}

#[test]
fn sign_matches_the_vector() {
    for case in cases() {
        let stamp = Timestamp::parse(case.input("timestamp")).unwrap();
        let token = AuthToken::new(case.input("auth_token"));
        let sign = sign::sign(case.input("account_sid"), &token, &stamp);
        assert_eq!(
            sign.as_str(),
            case.file("sign.txt"),
            "{}: sign.txt",
            case.name
        );
        assert_eq!(sign.as_str().len(), 32, "{}: 32 hex digits", case.name);
    }
}

#[test]
fn authorization_matches_the_vector() {
    for case in cases() {
        let stamp = Timestamp::parse(case.input("timestamp")).unwrap();
        let sid = case.input("account_sid");
        assert_eq!(
            sign::authorization_plain_text(sid, &stamp),
            case.file("authorization-plain.txt"),
            "{}: authorization-plain.txt",
            case.name
        );
        assert_eq!(
            sign::authorization(sid, &stamp).as_str(),
            case.file("authorization.txt"),
            "{}: authorization.txt",
            case.name
        );
    }
}

#[test]
fn request_path_matches_the_vector() {
    for case in cases() {
        let stamp = Timestamp::parse(case.input("timestamp")).unwrap();
        let sid = case.input("account_sid");
        let sign = sign::sign(sid, &AuthToken::new(case.input("auth_token")), &stamp);
        let mut path = String::new();
        sign::write_request_path(
            &mut path,
            case.input("version"),
            sid,
            case.input("func"),
            case.input("url"),
            &sign,
        );
        assert_eq!(path, case.file("url.txt"), "{}: url.txt", case.name);
    }
}

#[test]
fn a_vector_with_a_leading_zero_digest_exists() {
    assert!(
        cases()
            .iter()
            .any(|case| case.file("sign.txt").starts_with('0'))
    );
}
