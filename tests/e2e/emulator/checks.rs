//! Each of the platform's checks answers its documented status code.

use std::time::Duration;

use base64::Engine as _;
use ytx_call::{ApiCode, DailbackCall, MeetingQuery};
use ytx_core::Error;
use ytx_emulator::App;

use super::{
    MEETING_QUERY, client, client_with, config, platform, platform_with, raw_meeting_query,
    raw_post, signed,
};
use crate::support::{SID, TOKEN};

const QUERY_BODY: &str =
    r#"{"action":"queryMeeting","appid":"ff8080813fc70a7b013fc72312324213","meetingcount":"1"}"#;

fn code_of(result: Result<impl std::fmt::Debug, Error>) -> ApiCode {
    match result {
        Err(Error::Api(api)) => api.code().clone(),
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_correct_request_succeeds() {
    let emulator = platform().start().await.unwrap();
    let answer = client(&emulator).send(MeetingQuery::new(1)).await.unwrap();
    assert_eq!(answer.status_code.as_deref(), Some("0"));
}

#[tokio::test]
async fn unknown_account_is_200() {
    let emulator = platform().start().await.unwrap();
    let stranger = client_with(config(&emulator).account_sid("ffffffffffffffffffffffffffffffff"));
    assert_eq!(
        code_of(stranger.send(MeetingQuery::new(1)).await),
        ApiCode::NoSuchAccount
    );
}

#[tokio::test]
async fn wrong_token_is_203() {
    let emulator = platform().start().await.unwrap();
    let wrong = client_with(config(&emulator).auth_token("not-the-token"));
    assert_eq!(
        code_of(wrong.send(MeetingQuery::new(1)).await),
        ApiCode::SignInvalid
    );
}

#[tokio::test]
async fn bad_authorization_headers_are_202() {
    let emulator = platform().start().await.unwrap();
    let (target, _) = signed(MEETING_QUERY);
    let b64 = |text: &str| base64::engine::general_purpose::STANDARD.encode(text);
    let cases = [
        None,
        Some("not base64!".to_owned()),
        Some(b64("no-bar-here")),
        Some(b64(&format!("{SID}|20140231142030"))),
        Some(b64(&format!("{SID}|2014-04-16 14:20"))),
        Some(b64("ffffffffffffffffffffffffffffffff|20140416142030")),
    ];
    for header in cases {
        let headers: Vec<(&str, &str)> = header
            .iter()
            .map(|h| ("authorization", h.as_str()))
            .collect();
        let (status, body) = raw_post(&emulator, &target, &headers, QUERY_BODY).await;
        assert_eq!(
            (status, body["statusCode"].as_str()),
            (200, Some("-202")),
            "{header:?}"
        );
    }
}

#[tokio::test]
async fn a_timestamp_outside_the_window_is_202() {
    let emulator = platform()
        .timestamp_window(Duration::from_secs(600))
        .start()
        .await
        .unwrap();
    let late = ytx_core::Client::builder()
        .config(config(&emulator).build().unwrap())
        .clock(ytx_core::FixedClock::new(
            super::instant() - chrono::TimeDelta::minutes(11),
        ))
        .build()
        .unwrap();
    assert_eq!(
        code_of(late.send(MeetingQuery::new(1)).await),
        ApiCode::AuthorizationInvalid
    );
    let close = ytx_core::Client::builder()
        .config(config(&emulator).build().unwrap())
        .clock(ytx_core::FixedClock::new(
            super::instant() + chrono::TimeDelta::minutes(9),
        ))
        .build()
        .unwrap();
    assert!(close.send(MeetingQuery::new(1)).await.is_ok());
}

#[tokio::test]
async fn a_sign_from_another_timestamp_or_missing_is_203() {
    let emulator = platform().start().await.unwrap();
    let (_, auth) = signed(MEETING_QUERY);
    let other =
        ytx_core::sign::md5_hex_upper(&[SID.as_bytes(), TOKEN.as_bytes(), b"20140416142031"]);
    let other = format!(
        "{MEETING_QUERY}?Sign={}",
        std::str::from_utf8(&other).unwrap()
    );
    for target in [other.as_str(), MEETING_QUERY] {
        let (_, body) = raw_post(&emulator, target, &[("authorization", &auth)], QUERY_BODY).await;
        assert_eq!(body["statusCode"], "-203", "{target}");
    }
}

#[tokio::test]
async fn a_body_that_is_not_json_is_4() {
    let emulator = platform().start().await.unwrap();
    let body = raw_meeting_query(&emulator, &[], "action=queryMeeting").await;
    assert_eq!(body["statusCode"], "-4");
}

#[tokio::test]
async fn unknown_or_wrongly_cased_actions_and_wrong_versions_are_3() {
    let emulator = platform().start().await.unwrap();
    let wrong_case = QUERY_BODY.replace("queryMeeting", "QueryMeeting");
    assert_eq!(
        raw_meeting_query(&emulator, &[], &wrong_case).await["statusCode"],
        "-3"
    );
    let other_url = QUERY_BODY.replace("queryMeeting", "createMeeting");
    assert_eq!(
        raw_meeting_query(&emulator, &[], &other_url).await["statusCode"],
        "-3"
    );
    let (target, auth) = signed(&MEETING_QUERY.replace("201612", "201512"));
    let (_, body) = raw_post(&emulator, &target, &[("authorization", &auth)], QUERY_BODY).await;
    assert_eq!(body["statusCode"], "-3", "wrong version segment");
}

#[tokio::test]
async fn missing_or_empty_required_fields_are_2() {
    let emulator = platform().start().await.unwrap();
    for body in [
        r#"{"action":"queryMeeting","appid":"ff8080813fc70a7b013fc72312324213"}"#,
        r#"{"action":"queryMeeting","appid":"ff8080813fc70a7b013fc72312324213","meetingcount":""}"#,
        r#"{"action":"queryMeeting","meetingcount":"1"}"#,
    ] {
        let answer = raw_meeting_query(&emulator, &[], body).await;
        assert_eq!(answer["statusCode"], "-2", "{body}");
        assert_eq!(answer["statusMsg"], "缺少必要参数");
    }
}

#[tokio::test]
async fn a_malformed_phone_number_is_102() {
    let emulator = platform().start().await.unwrap();
    let call = DailbackCall::new("1391128", "13522855865");
    assert_eq!(
        code_of(client(&emulator).send(call).await),
        ApiCode::IllegalPhoneNumber
    );
    assert!(emulator.ledger().is_empty());
}

#[tokio::test]
async fn an_unknown_app_or_a_caller_off_the_whitelist_is_205() {
    let emulator = platform().start().await.unwrap();
    let other_app = client(&emulator).with_app_id("0000000000000000000000000000beef");
    assert_eq!(
        code_of(other_app.send(MeetingQuery::new(1)).await),
        ApiCode::AppValidationFailed
    );

    let whitelisted = App::new(crate::support::APP_ID).whitelist(["10.1.2.3".parse().unwrap()]);
    let emulator = platform_with(whitelisted, 10_000).start().await.unwrap();
    let err = client(&emulator)
        .send(MeetingQuery::new(1))
        .await
        .unwrap_err();
    assert_eq!(err.api_code(), Some(&ApiCode::AppValidationFailed));
    assert!(err.to_string().contains("whitelist"));
}

#[tokio::test]
async fn a_charged_action_beyond_the_balance_is_204_and_has_no_effect() {
    let emulator = platform_with(App::new(crate::support::APP_ID), 10)
        .start()
        .await
        .unwrap();
    let call = DailbackCall::new("13911281234", "13522855865");
    assert_eq!(
        code_of(client(&emulator).send(call).await),
        ApiCode::InsufficientBalance
    );
    assert!(emulator.ledger().is_empty());
    assert_eq!(emulator.balance_fen(SID), Some(10));
}

#[tokio::test]
async fn a_202_from_a_skewed_clock_says_how_far_off_it_is() {
    // The emulator keeps real time; the client's clock is three hours slow.
    let emulator = ytx_emulator::Emulator::builder()
        .account(ytx_emulator::Account::new(SID, TOKEN).app(App::new(crate::support::APP_ID)))
        .timestamp_window(Duration::from_secs(600))
        .start()
        .await
        .unwrap();
    #[allow(clippy::disallowed_methods)] // this test is about the real clock
    let now = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now());
    let slow = ytx_core::Client::builder()
        .config(config(&emulator).build().unwrap())
        .clock(ytx_core::FixedClock::new(now - chrono::TimeDelta::hours(3)))
        .build()
        .unwrap();
    let err = slow.send(MeetingQuery::new(1)).await.unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.code(), &ApiCode::AuthorizationInvalid);
    let skew = api
        .clock_skew_seconds()
        .expect("the Date header gives the skew");
    assert!((skew + 3 * 3600).abs() < 60, "{skew}");
    let text = err.to_string();
    let said = ["the local clock is 2h59m", "the local clock is 3h00m"];
    assert!(said.iter().any(|s| text.contains(s)), "{text}");
    assert!(text.contains("behind the platform's"), "{text}");
}

#[tokio::test]
async fn a_skew_under_a_minute_is_not_blamed_on_the_clock() {
    let emulator = platform()
        .timestamp_window(Duration::from_secs(10))
        .start()
        .await
        .unwrap();
    let late = ytx_core::Client::builder()
        .config(config(&emulator).build().unwrap())
        .clock(ytx_core::FixedClock::new(
            super::instant() - chrono::TimeDelta::seconds(30),
        ))
        .build()
        .unwrap();
    let err = late.send(MeetingQuery::new(1)).await.unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.code(), &ApiCode::AuthorizationInvalid);
    assert_eq!(api.clock_skew_seconds(), None);
    assert!(!err.to_string().contains("local clock is"));
}
