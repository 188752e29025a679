//! What real clients send and the platform accepts, the emulator accepts too.

use super::{MEETING_QUERY, platform, raw_post, signed};

const BODY: &str =
    r#"{"action":"queryMeeting","appid":"ff8080813fc70a7b013fc72312324213","meetingcount":"1"}"#;

#[tokio::test]
async fn a_lower_case_sign_is_accepted() {
    let emulator = platform().start().await.unwrap();
    let (target, auth) = signed(MEETING_QUERY);
    let (path, sign) = target.split_once("?Sign=").unwrap();
    let lower = format!("{path}?Sign={}", sign.to_lowercase());
    let (_, body) = raw_post(&emulator, &lower, &[("authorization", &auth)], BODY).await;
    assert_eq!(body["statusCode"], "0");
}

#[tokio::test]
async fn a_form_content_type_without_accept_is_read_as_json() {
    let emulator = platform().start().await.unwrap();
    let (target, auth) = signed(MEETING_QUERY);
    for content_type in [
        "application/x-www-form-urlencoded; charset=UTF-8",
        "application/x-www-from-urlencoded",
    ] {
        let headers = [
            ("authorization", auth.as_str()),
            ("content-type", content_type),
        ];
        let (_, body) = raw_post(&emulator, &target, &headers, BODY).await;
        assert_eq!(body["statusCode"], "0", "{content_type}");
    }
}

#[tokio::test]
async fn numbers_are_accepted_as_strings_or_numbers() {
    let emulator = platform().start().await.unwrap();
    let (target, auth) = signed(MEETING_QUERY);
    let as_number = BODY.replace(r#""meetingcount":"1""#, r#""meetingcount":1"#);
    for body in [BODY, as_number.as_str()] {
        let (_, answer) = raw_post(&emulator, &target, &[("authorization", &auth)], body).await;
        assert_eq!(answer["statusCode"], "0", "{body}");
    }
}
