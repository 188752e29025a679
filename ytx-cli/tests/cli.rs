//! The `ytx` binary, run as a user would, against emulators the tests start on 127.0.0.1.

use std::process::{Command, Output, Stdio};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use ytx_emulator::{Account, App, Emulator, Fault, FaultRule, SideEffect};

const SID: &str = "ff8080813c37da53013c804f8072007c";
const TOKEN: &str = "2a8d79c8f2a24a1e9c5e1b57b3f0d6a4";
const APP: &str = "3f9af51f60a644daa8f7c2dc335c981b";

/// `ytx` with no `YTX_*` variables from the environment running the tests.
fn ytx() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ytx"));
    for name in [
        "YTX_ACCOUNT_SID",
        "YTX_AUTH_TOKEN",
        "YTX_APP_ID",
        "YTX_ENV",
        "YTX_BASE_URL",
    ] {
        command.env_remove(name);
    }
    command
}

/// `ytx` configured for `emulator`'s test account.
fn ytx_for(emulator: &Emulator) -> Command {
    let mut command = ytx();
    command
        .env("YTX_ACCOUNT_SID", SID)
        .env("YTX_AUTH_TOKEN", TOKEN)
        .env("YTX_APP_ID", APP)
        .env("YTX_BASE_URL", emulator.base_url());
    command
}

async fn emulator() -> Emulator {
    Emulator::builder()
        .account(Account::new(SID, TOKEN).app(App::new(APP)))
        .start()
        .await
        .unwrap()
}

/// Runs without blocking the runtime that serves the emulator.
async fn run(mut command: Command, args: &[&str]) -> Output {
    command.args(args);
    tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap()
}

fn stdout_json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|err| {
        panic!(
            "stdout is not JSON ({err}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test]
async fn the_first_run_needs_no_account() {
    let output = run(ytx(), &["call", "meeting-query", "--meetingcount", "1"]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout_json(&output)["statusCode"], "0");
    assert!(
        stderr(&output).contains("built-in emulator"),
        "{}",
        stderr(&output)
    );
}

#[tokio::test]
async fn endpoints_json_lists_every_endpoint_with_its_wire_details() {
    let output = run(ytx(), &["endpoints", "--json"]).await;
    assert!(output.status.success());
    let list = stdout_json(&output);
    let list = list.as_array().unwrap();
    let spec = ytx_spec::builtin().unwrap();
    assert_eq!(
        list.len(),
        spec.endpoints().len(),
        "every endpoint in the spec, no other"
    );
    for entry in list {
        let (func, url, action) = (&entry["func"], &entry["url"], &entry["action"]);
        let known = spec.endpoint(
            func.as_str().unwrap(),
            url.as_str().unwrap(),
            action.as_str().unwrap(),
        );
        assert_eq!(entry["name_zh"], known.unwrap().name_zh.as_str(), "{entry}");
        for key in [
            "family",
            "subcommand",
            "func",
            "url",
            "action",
            "version",
            "retry",
            "fields",
        ] {
            assert!(entry.get(key).is_some(), "{key} missing in {entry}");
        }
        for field in entry["fields"].as_array().unwrap() {
            assert!(
                field["wire"].is_string()
                    && field["type"].is_string()
                    && field["required"].is_boolean()
            );
        }
    }
    let subcommands: Vec<&str> = list
        .iter()
        .map(|e| e["subcommand"].as_str().unwrap())
        .collect();
    for expected in [
        "call meeting-query",
        "call dailback-call",
        "sms template-sms",
        "account query-balance",
    ] {
        assert!(
            subcommands.contains(&expected),
            "{expected} not in {subcommands:?}"
        );
    }
}

#[tokio::test]
async fn sign_explains_every_step_of_the_spec_vector() {
    let vector = ytx_spec::builtin()
        .unwrap()
        .signing_vector("doc-meeting-query")
        .unwrap();
    let token = vector.input.auth_token.as_str();
    let args = [
        "sign",
        "--account-sid",
        &vector.input.account_sid,
        "--auth-token",
        token,
        "--timestamp",
        &vector.input.timestamp,
    ];
    let output = run(ytx(), &args).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout).unwrap();
    for expected in [
        &vector.sign,
        &vector.authorization_plain,
        &vector.authorization,
        &vector.url,
    ] {
        assert!(
            text.contains(expected.as_str()),
            "{expected} missing from:\n{text}"
        );
    }
    assert!(!text.contains(token), "the token must be masked:\n{text}");
}

#[tokio::test]
async fn flags_send_a_request_that_takes_effect() {
    let emulator = emulator().await;
    let args = [
        "call",
        "dailback-call",
        "--src",
        "13911281234",
        "--dst",
        "13522855865",
        "--customParm",
        "o-1",
    ];
    let output = run(ytx_for(&emulator), &args).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let answer = stdout_json(&output);
    let ledger = emulator.ledger();
    assert_eq!(ledger.len(), 1);
    assert_eq!(answer["requestId"], ledger[0].request_id.as_str());
    assert!(
        matches!(&ledger[0].effect, SideEffect::CallPlaced { custom_parm: Some(p), .. } if p == "o-1")
    );
}

#[tokio::test]
async fn a_documentation_example_can_be_pasted_as_json() {
    let emulator = emulator().await;
    let example = r#"{"action":"templateSms","appid":"3f9af51f60a644daa8f7c2dc335c981b","mobile":"13073339156,18812345678","templateId":"1","datas":["0001","1"]}"#;
    let output = run(
        ytx_for(&emulator),
        &["sms", "template-sms", "--json", example],
    )
    .await;
    assert!(output.status.success(), "{}", stderr(&output));
    let ledger = emulator.ledger();
    let SideEffect::SmsSent {
        mobiles,
        template_id,
    } = &ledger[0].effect
    else {
        panic!("{ledger:?}")
    };
    assert_eq!((mobiles.len(), template_id.as_str()), (2, "1"));
}

#[tokio::test]
async fn an_api_error_prints_its_code_meaning_and_hint_and_exits_one() {
    let emulator = emulator().await;
    let mut command = ytx_for(&emulator);
    command.env("YTX_APP_ID", "0000000000000000000000000000beef");
    let output = run(command, &["call", "meeting-query", "--meetingcount", "1"]).await;
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let text = stderr(&output);
    for expected in [
        "-205",
        "应用验证失败",
        "application check failed",
        "whitelist",
    ] {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
    assert!(!text.contains(TOKEN));
}

#[tokio::test]
async fn a_missing_required_field_is_a_usage_error_and_nothing_is_sent() {
    let emulator = emulator().await;
    let output = run(
        ytx_for(&emulator),
        &["call", "dailback-call", "--src", "13911281234"],
    )
    .await;
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("`dst`"), "{}", stderr(&output));
    assert_eq!(emulator.request_count(), 0);
}

#[tokio::test]
async fn piped_output_is_one_compact_line() {
    let emulator = emulator().await;
    let output = run(ytx_for(&emulator), &["account", "query-balance"]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout.clone()).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert_eq!(stdout_json(&output)["Blance"], 100.0);
}

#[tokio::test]
async fn a_timeout_reports_the_unknown_outcome_of_an_sms_sent_once() {
    let emulator = emulator().await;
    emulator.inject(
        FaultRule::new(Fault::AnswerAfter(Duration::from_secs(4))).on_url("TemplateSMS.wx"),
    );
    let args = [
        "--timeout",
        "2",
        "--max-attempts",
        "5",
        "sms",
        "template-sms",
        "--mobile",
        "13073339156",
        "--templateId",
        "1",
    ];
    let output = run(ytx_for(&emulator), &args).await;
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(
        text.contains("outcome unknown") && text.contains("timeout"),
        "{text}"
    );
    assert!(text.contains("may have taken effect"), "{text}");
    assert_eq!(emulator.ledger().len(), 1, "the SMS was sent");
    assert_eq!(
        emulator.request_count(),
        1,
        "once, although 5 attempts were allowed"
    );
}

#[tokio::test]
async fn max_attempts_bounds_the_retries_of_a_query() {
    let emulator = emulator().await;
    emulator.inject(FaultRule::new(Fault::Status(503)).times(2));
    let args = ["--max-attempts", "1", "account", "query-balance"];
    let output = run(ytx_for(&emulator), &args).await;
    assert_eq!(output.status.code(), Some(1), "one attempt, one 503");
    let output = run(ytx_for(&emulator), &["account", "query-balance"]).await;
    assert!(
        output.status.success(),
        "the default retries past the second 503: {}",
        stderr(&output)
    );
    assert_eq!(emulator.request_count(), 3);
    let bad = run(
        ytx_for(&emulator),
        &["--max-attempts", "0", "account", "query-balance"],
    )
    .await;
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("--max-attempts"));
}

#[tokio::test]
async fn the_emulator_command_serves_and_prints_its_base_url() {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_ytx"))
        .args(["emulator", "--listen", "127.0.0.1:0"])
        .env_remove("YTX_ACCOUNT_SID")
        .env_remove("YTX_AUTH_TOKEN")
        .env_remove("YTX_APP_ID")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next_line().await.unwrap().unwrap();
    let base_url = first
        .strip_prefix("ytx emulator listening on ")
        .unwrap()
        .to_owned();
    let mut exports = String::new();
    for _ in 0..3 {
        exports.push_str(&lines.next_line().await.unwrap().unwrap());
    }
    assert!(
        exports.contains(ytx_emulator::DEMO_ACCOUNT_SID),
        "{exports}"
    );

    let mut command = ytx();
    command
        .env("YTX_ACCOUNT_SID", ytx_emulator::DEMO_ACCOUNT_SID)
        .env("YTX_AUTH_TOKEN", ytx_emulator::DEMO_AUTH_TOKEN)
        .env("YTX_APP_ID", ytx_emulator::DEMO_APP_ID)
        .env("YTX_BASE_URL", &base_url);
    let output = run(command, &["call", "meeting-query", "--meetingcount", "1"]).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout_json(&output)["statusCode"], "0");
    child.kill().await.unwrap();
}

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
