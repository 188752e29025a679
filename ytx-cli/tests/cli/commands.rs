//! The endpoint commands, `ytx endpoints`, `ytx sign` and `ytx emulator`.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use ytx_emulator::{Fault, FaultRule, SideEffect};

use crate::support::*;

#[tokio::test]
async fn the_first_run_needs_no_account_but_asks_for_the_emulator() {
    let query = [
        "call",
        "meeting-query",
        "--confid",
        "002",
        "--meetingcount",
        "1",
    ];
    let output = run(ytx(), &[&["--emulator"][..], &query].concat()).await;
    assert!(output.status.success(), "{}", stderr(&output));
    let answer = stdout_json(&output);
    assert_eq!(answer["statusCode"], "0");
    // The README's first command shows a real-looking answer: the demo conference.
    assert_eq!(answer["data"][0]["confid"], "002", "{answer}");
    let said = stderr(&output);
    assert!(said.contains("demo data"), "{said}");
    assert!(
        said.contains("--emulator: running against the built-in emulator"),
        "{said}"
    );

    // YTX_ENV=emulator asks for it too.
    let mut command = ytx();
    command.env("YTX_ENV", "emulator");
    let output = run(command, &query).await;
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("YTX_ENV=emulator"),
        "{}",
        stderr(&output)
    );
}

/// Under cron, systemd or sudo the variables are lost: a send must not "succeed" against an
/// emulator nobody asked for.
#[tokio::test]
async fn with_no_credentials_a_command_refuses_and_says_how_to_set_them() {
    let sms = [
        "sms",
        "template-sms",
        "--mobile",
        "13073339156",
        "--templateId",
        "1",
    ];
    let output = run(ytx(), &sms).await;
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let said = stderr(&output);
    for name in [
        "YTX_ACCOUNT_SID",
        "YTX_AUTH_TOKEN",
        "YTX_APP_ID",
        "--emulator",
    ] {
        assert!(said.contains(name), "{name} in {said}");
    }
    let rows =
        std::env::temp_dir().join(format!("ytx-no-credentials-{}.jsonl", std::process::id()));
    std::fs::write(&rows, "{\"mobile\":\"13073339156\",\"templateId\":\"1\"}\n").unwrap();
    for args in [
        &[
            "request",
            "account/getBlance.wx",
            "--action",
            "queryBlance",
            "--safe",
        ][..],
        &[
            "reconcile",
            "--action",
            "callDailBack",
            "--sent-at",
            "20261204133000",
            "--json",
            "{}",
        ],
        &["sms", "template-sms", "--batch", rows.to_str().unwrap()],
    ] {
        let output = run(ytx(), args).await;
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let journal = rows.with_extension("jsonl.journal");
    assert!(!journal.exists(), "no journal was made");
    std::fs::remove_file(&rows).unwrap();

    // Credentials given in part: what is missing is named.
    let mut command = ytx();
    command.env("YTX_ACCOUNT_SID", SID).env("YTX_APP_ID", APP);
    let output = run(command, &sms).await;
    assert_eq!(output.status.code(), Some(2));
    let said = stderr(&output);
    assert!(
        said.contains("missing credentials: YTX_AUTH_TOKEN"),
        "{said}"
    );
    assert!(!said.contains("YTX_ACCOUNT_SID,"), "{said}");
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
        assert_eq!(
            entry["name_zh"].as_str(),
            known.unwrap().name_zh.as_deref(),
            "{entry}"
        );
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
async fn answers_print_with_their_keys_in_the_order_sent() {
    let emulator = emulator().await;
    let output = run(
        ytx_for(&emulator),
        &["call", "meeting-query", "--meetingcount", "1"],
    )
    .await;
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout.clone()).unwrap();
    // As the documentation's examples, not sorted (which would put `data` first).
    assert!(
        text.starts_with(r#"{"statusCode":"0","statusMsg":"#),
        "{text}"
    );
    assert!(
        text.find("\"statusCode\"") < text.find("\"data\""),
        "{text}"
    );
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
async fn the_timeout_bounds_the_whole_call_and_the_attempt_timeout_each_attempt() {
    let emulator = emulator().await;
    emulator.inject(FaultRule::new(Fault::Delay(Duration::from_secs(3))).times(20));
    let args = [
        "--timeout",
        "2.5",
        "--attempt-timeout",
        "1",
        "--max-attempts",
        "10",
        "account",
        "query-balance",
    ];
    let output = run(ytx_for(&emulator), &args).await;
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    // Attempts of 1 s were tried again until the whole call's 2.5 s ran out.
    assert!(
        text.contains("no answer within the call timeout of 2.5s"),
        "{text}"
    );
    let output = run(
        ytx_for(&emulator),
        &[
            "--attempt-timeout",
            "1",
            "--max-attempts",
            "1",
            "account",
            "query-balance",
        ],
    )
    .await;
    let text = stderr(&output);
    assert!(text.contains("attempt timeout of 1s"), "{text}");
    let help = run(ytx_for(&emulator), &["--help"]).await;
    let help = String::from_utf8(help.stdout).unwrap();
    assert!(
        help.contains("every attempt, the backoff between them"),
        "{help}"
    );
    assert!(help.contains("Deadline for one attempt"), "{help}");
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
    assert_eq!(bad.status.code(), Some(2), "a usage error");
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

#[test]
fn help_names_values_by_field_and_says_how_to_give_several() {
    let output = ytx()
        .args(["sms", "template-sms", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    assert!(help.contains("--mobile <mobile>"), "{help}");
    assert!(help.contains("--templateId <templateId>"), "{help}");
    assert!(!help.contains("Vec<"), "{help}");
    assert!(
        help.contains("Several: --mobile a,b or --mobile a --mobile b"),
        "{help}"
    );
    assert!(
        help.contains("Several: repeat --datas for each value"),
        "{help}"
    );
    // The description is the spec's.
    let spec = ytx_spec::builtin().unwrap();
    let entry = spec
        .endpoint("sms", "TemplateSMS.wx", "templateSms")
        .unwrap();
    let described = entry.request[1].description.as_deref().unwrap();
    assert!(help.contains(described), "{described}\n{help}");
}

#[tokio::test]
async fn a_comma_joined_list_is_given_either_way() {
    let emulator = emulator().await;
    for args in [
        &["--mobile", "13800000000,13900000000"][..],
        &["--mobile", "13800000000", "--mobile", "13900000000"][..],
    ] {
        let mut all = vec!["sms", "template-sms", "--templateId", "1"];
        all.extend_from_slice(args);
        let output = run(ytx_for(&emulator), &all).await;
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let sent: Vec<Vec<String>> = emulator
        .ledger()
        .iter()
        .filter_map(|entry| match &entry.effect {
            SideEffect::SmsSent { mobiles, .. } => Some(mobiles.clone()),
            _ => None,
        })
        .collect();
    let both = vec!["13800000000".to_owned(), "13900000000".to_owned()];
    assert_eq!(sent, [both.clone(), both]);
}
