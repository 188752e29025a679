//! `ytx request` (a signed call to any func/url/action) and `ytx emulator --spec`.

use ytx_emulator::{Fault, FaultRule};

use crate::support::*;

#[tokio::test]
async fn request_sends_a_signed_call_to_any_endpoint_with_the_specs_version() {
    let emulator = emulator().await;
    let args = [
        "request",
        "call/MeetingQuery.wx",
        "--action",
        "queryMeeting",
        "--safe",
        "--json",
        r#"{"meetingcount":"1"}"#,
    ];
    let output = run(ytx_for(&emulator), &args).await;
    assert!(output.status.success(), "{}", stderr(&output));
    // 201612 came from the spec: the emulator answers -3 on any other version.
    assert_eq!(stdout_json(&output)["statusCode"], "0");
    assert_eq!(emulator.request_count(), 1);
}

#[tokio::test]
async fn request_adds_the_appid_and_prints_api_errors_like_every_command() {
    let emulator = emulator().await;
    let args = [
        "request",
        "sms/TemplateSMS.wx",
        "--action",
        "templateSms",
        "--json",
        r#"{"mobile":"13073339156","templateId":"1"}"#,
    ];
    let output = run(ytx_for(&emulator), &args).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let ledger = emulator.ledger();
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0].app_id, APP, "the client's app id was added");

    let other =
        r#"{"appid":"0000000000000000000000000000beef","mobile":"13073339156","templateId":"1"}"#;
    let args = [
        "request",
        "sms/TemplateSMS.wx",
        "--action",
        "templateSms",
        "--json",
        other,
    ];
    let output = run(ytx_for(&emulator), &args).await;
    assert_eq!(
        output.status.code(),
        Some(1),
        "the body's own app id was sent"
    );
    let text = stderr(&output);
    assert!(text.contains("-205") && text.contains("hint:"), "{text}");
    assert_eq!(emulator.ledger().len(), 1);
}

#[tokio::test]
async fn request_refuses_a_malformed_path_or_action_before_sending() {
    let emulator = emulator().await;
    for args in [
        &["request", "MeetingQuery.wx", "--action", "queryMeeting"][..],
        &[
            "request",
            "call/Meeting Query.wx",
            "--action",
            "queryMeeting",
        ],
        &["request", "call/MeetingQuery", "--action", "queryMeeting"],
        &[
            "request",
            "call/MeetingQuery.wx",
            "--action",
            "query meeting",
        ],
        &[
            "request",
            "call/MeetingQuery.wx",
            "--action",
            "queryMeeting",
            "--version",
            "2016",
        ],
        &[
            "request",
            "call/MeetingQuery.wx",
            "--action",
            "queryMeeting",
            "--json",
            "[1]",
        ],
        &[
            "request",
            "call/MeetingQuery.wx",
            "--action",
            "queryMeeting",
            "--json",
            r#"{"action":"other"}"#,
        ],
    ] {
        let output = run(ytx_for(&emulator), args).await;
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(!stderr(&output).is_empty());
    }
    assert_eq!(emulator.request_count(), 0);
}

#[tokio::test]
async fn request_follows_the_side_effect_rules_unless_told_it_is_safe() {
    let emulator = emulator().await;
    emulator.inject(FaultRule::new(Fault::Status(503)).times(2));
    let call = [
        "request",
        "call/DailbackCall.wx",
        "--action",
        "callDailBack",
        "--json",
        r#"{"src":"13911281234","dst":"13522855865"}"#,
    ];
    let output = run(ytx_for(&emulator), &call).await;
    assert_eq!(
        output.status.code(),
        Some(1),
        "a 503 is not retried for a side effect"
    );
    assert!(
        stderr(&output).contains("outcome unknown"),
        "{}",
        stderr(&output)
    );
    assert_eq!(emulator.request_count(), 1);

    let query = [
        "request",
        "account/getBlance.wx",
        "--action",
        "queryBlance",
        "--safe",
    ];
    let output = run(ytx_for(&emulator), &query).await;
    assert!(
        output.status.success(),
        "--safe retries past the 503: {}",
        stderr(&output)
    );
    assert_eq!(emulator.request_count(), 3);
    assert!(emulator.ledger().is_empty());
}

#[tokio::test]
async fn a_bad_spec_file_stops_the_emulator_naming_the_file_and_field() {
    let dir = std::env::temp_dir().join(format!("ytx-cli-bad-spec-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("broken.json");
    std::fs::write(&file, r#"{"name": "X", "version": 201612}"#).unwrap();
    let output = run(
        ytx(),
        &[
            "emulator",
            "--listen",
            "127.0.0.1:0",
            "--spec",
            dir.to_str().unwrap(),
        ],
    )
    .await;
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(
        text.contains("broken.json") && text.contains("`version`"),
        "{text}"
    );
}
