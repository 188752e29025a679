//! `--batch`: killed with SIGKILL at random points and resumed, no row is sent twice; bad
//! rows are reported by number; unknown rows are listed, and `ytx reconcile --journal`
//! settles what took effect.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::path::Path;
use std::time::Duration;

use ytx_batch::{JournalStore, RowState, SqliteStore};
use ytx_emulator::{Emulator, Fault, FaultRule, SideEffect};

use crate::support::{emulator, lines, run, stderr, workdir, ytx_for};

fn random_below(bound: u64) -> u64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u8(0);
    hasher.finish() % bound
}

fn mobile(row: u64) -> String {
    format!("1390000{row:04}")
}

/// How many times each mobile was sent an SMS.
fn sent(emulator: &Emulator) -> HashMap<String, usize> {
    let mut sent = HashMap::new();
    for entry in emulator.ledger() {
        if let SideEffect::SmsSent { mobiles, .. } = entry.effect {
            *sent.entry(mobiles.join(",")).or_default() += 1;
        }
    }
    sent
}

#[tokio::test]
async fn killed_at_random_points_and_resumed_no_row_is_sent_twice() {
    const ROWS: u64 = 600;
    let emulator = emulator().await;
    let dir = workdir("sigkill");
    let input = dir.join("notices.jsonl");
    let body: String = (1..=ROWS)
        .map(|row| format!("{{\"mobile\":\"{}\",\"templateId\":\"1\"}}\n", mobile(row)))
        .collect();
    std::fs::write(&input, body).unwrap();
    let journal = dir.join("notices.journal");
    let args = [
        "sms",
        "template-sms",
        "--batch",
        input.to_str().unwrap(),
        "--journal",
        journal.to_str().unwrap(),
        "--rate",
        "500",
        "--concurrency",
        "8",
    ];

    let mut kills = 0;
    let mut finished = None;
    for _ in 0..40 {
        let mut command = ytx_for(&emulator);
        command
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        let mut child = command.spawn().unwrap();
        let deadline = Duration::from_millis(20 + random_below(230));
        tokio::time::sleep(deadline).await;
        if let Some(status) = child.try_wait().unwrap() {
            finished = Some(status);
            break;
        }
        child.kill().unwrap(); // SIGKILL: no destructor, no flush, no goodbye.
        child.wait().unwrap();
        kills += 1;
    }
    // The last run goes to its end.
    let last = run(ytx_for(&emulator), &args).await;
    assert!(
        kills >= 3,
        "only {kills} runs were killed (finished: {finished:?})"
    );
    assert!(!stderr(&last).contains("error"), "{}", stderr(&last));

    let sent = sent(&emulator);
    let mut store = SqliteStore::open(&journal).unwrap();
    let mut unknown = 0;
    for row in 1..=ROWS {
        let times = sent.get(&mobile(row)).copied().unwrap_or(0);
        assert!(times <= 1, "row {row} was sent {times} times");
        let entry = store
            .get(row)
            .unwrap()
            .unwrap_or_else(|| panic!("row {row} not journaled"));
        match entry.state {
            RowState::Answered => assert_eq!(times, 1, "row {row} answered but not sent"),
            // Claimed, then killed: it may or may not have left; it is listed, not resent.
            RowState::Sending | RowState::Unknown => unknown += 1,
            other => panic!("row {row}: {other}"),
        }
    }
    let listed = lines(&last)
        .iter()
        .filter(|line| line["status"] == "unknown_before")
        .count();
    assert_eq!(
        listed, unknown,
        "every unknown row is listed in the last run"
    );
}

/// A CSV with bad rows, then a rerun.
fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[tokio::test]
async fn bad_rows_are_reported_by_number_and_a_rerun_skips_the_sent_ones() {
    let emulator = emulator().await;
    let dir = workdir("bad-rows");
    let csv = write(
        &dir,
        "rows.csv",
        "mobile,templateId\n13900000001,1\n13900000002,\n13900000003,1,extra\n\"13900000004\",1\n",
    );
    let first = run(
        ytx_for(&emulator),
        &["sms", "template-sms", "--batch", &csv],
    )
    .await;
    assert_eq!(
        first.status.code(),
        Some(1),
        "bad rows make the exit code 1"
    );
    let mut rows: Vec<(u64, String)> = lines(&first)
        .iter()
        .map(|line| {
            (
                line["row"].as_u64().unwrap(),
                line["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    rows.sort();
    let expected = [(1, "answered"), (2, "bad"), (3, "bad"), (4, "answered")];
    let expected: Vec<(u64, String)> = expected
        .iter()
        .map(|(r, s)| (*r, (*s).to_owned()))
        .collect();
    assert_eq!(rows, expected);
    assert!(stderr(&first).contains("2 answered"), "{}", stderr(&first));
    assert!(
        Path::new(&format!("{csv}.journal")).exists(),
        "the journal is beside the input"
    );

    let again = run(
        ytx_for(&emulator),
        &["sms", "template-sms", "--batch", &csv],
    )
    .await;
    let skipped = lines(&again)
        .iter()
        .filter(|line| line["status"] == "skipped")
        .count();
    assert_eq!(skipped, 2);
    assert_eq!(sent(&emulator).len(), 2, "nothing sent twice");

    // The same journal with another account (the built-in emulator's demo account): its
    // rows were not sent there, so it is refused, and nothing is sent.
    let elsewhere = run(
        crate::support::ytx(),
        &["--emulator", "sms", "template-sms", "--batch", &csv],
    )
    .await;
    assert_eq!(elsewhere.status.code(), Some(1));
    assert!(
        stderr(&elsewhere).contains("the journal is for"),
        "{}",
        stderr(&elsewhere)
    );
    assert!(elsewhere.stdout.is_empty());
}

#[tokio::test]
async fn a_journal_open_in_another_process_is_refused_and_nothing_is_sent() {
    let emulator = emulator().await;
    let dir = workdir("in-use");
    let input = write(
        &dir,
        "rows.jsonl",
        "{\"mobile\":\"13900000001\",\"templateId\":\"1\"}\n",
    );
    let journal = dir.join("rows.journal");
    let journal = journal.to_str().unwrap();
    // This process holds the journal, as a batch still running would.
    let held = SqliteStore::open(journal).unwrap();
    let batch = [
        "sms",
        "template-sms",
        "--batch",
        &input,
        "--journal",
        journal,
    ];
    let refused = run(ytx_for(&emulator), &batch).await;
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("open in another process"),
        "{}",
        stderr(&refused)
    );
    assert!(sent(&emulator).is_empty(), "nothing was sent");
    let reconcile = run(ytx_for(&emulator), &["reconcile", "--journal", journal]).await;
    assert_eq!(reconcile.status.code(), Some(1));
    assert!(
        stderr(&reconcile).contains("open in another process"),
        "{}",
        stderr(&reconcile)
    );

    // Once it is let go, the batch runs.
    drop(held);
    let ran = run(ytx_for(&emulator), &batch).await;
    assert_eq!(ran.status.code(), Some(0), "{}", stderr(&ran));
    assert_eq!(sent(&emulator).len(), 1);
}

#[tokio::test]
async fn unknown_rows_are_listed_and_reconciling_settles_what_took_effect() {
    let emulator = emulator().await;
    emulator.inject(
        FaultRule::new(Fault::AnswerAfter(Duration::from_secs(2))).on_url("DailbackCall.wx"),
    );
    let dir = workdir("reconcile");
    let calls = write(
        &dir,
        "calls.jsonl",
        "{\"src\":\"13911281234\",\"dst\":\"13522855865\",\"customParm\":\"c-1\"}\n\
         {\"src\":\"13911281234\",\"dst\":\"13522855866\",\"customParm\":\"c-2\"}\n",
    );
    let send = [
        "call",
        "dailback-call",
        "--batch",
        &calls,
        "--concurrency",
        "1",
        "--timeout",
        "0.5",
    ];
    // Whichever row is sent first meets the fault.
    let first = lines(&run(ytx_for(&emulator), &send).await);
    let row_of = |lines: &[serde_json::Value], status: &str| {
        lines
            .iter()
            .find(|line| line["status"] == status)
            .unwrap_or_else(|| panic!("no {status} row in {lines:?}"))["row"]
            .as_u64()
            .unwrap()
    };
    let lost = row_of(&first, "unknown");
    let answered = row_of(&first, "answered");
    assert_eq!(lost + answered, 3, "{first:?}");
    assert!(
        first
            .iter()
            .all(|line| line["status"] != "unknown" || line["sentAt"].is_string())
    );

    let again = lines(&run(ytx_for(&emulator), &send).await);
    assert_eq!(row_of(&again, "unknown_before"), lost);
    assert_eq!(row_of(&again, "skipped"), answered);
    assert_eq!(emulator.ledger().len(), 2, "the unknown row was not resent");

    let journal = format!("{calls}.journal");
    let reconciled = run(ytx_for(&emulator), &["reconcile", "--journal", &journal]).await;
    assert!(reconciled.status.success(), "{}", stderr(&reconciled));
    let found = lines(&reconciled);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["row"], lost);
    assert_eq!(found[0]["outcome"], "happened", "{found:?}");
    assert_eq!(found[0]["record"]["customParm"], format!("c-{lost}"));

    let third = lines(&run(ytx_for(&emulator), &send).await);
    assert!(
        third
            .iter()
            .all(|line| line["status"] == "skipped" && line["was"] == "answered"),
        "{third:?}"
    );
    assert_eq!(emulator.ledger().len(), 2);
}

#[tokio::test]
async fn an_unknown_outcome_prints_the_reconcile_command_that_finds_it() {
    let emulator = emulator().await;
    emulator.inject(FaultRule::new(Fault::AnswerAfter(Duration::from_secs(2))));
    let call = [
        "call",
        "dailback-call",
        "--src",
        "13911281234",
        "--dst",
        "13522855865",
        "--customParm",
        "it's-7",
        "--timeout",
        "0.5",
    ];
    let lost = run(ytx_for(&emulator), &call).await;
    let printed = stderr(&lost);
    let command = printed
        .lines()
        .find_map(|line| line.strip_prefix("reconcile with: ytx "))
        .unwrap_or_else(|| panic!("{printed}"));
    // Run what was printed, through a shell, as a user would paste it.
    let script = format!("\"$YTX\" {command}");
    let mut shell = std::process::Command::new("sh");
    shell
        .arg("-c")
        .arg(script)
        .env("YTX", env!("CARGO_BIN_EXE_ytx"));
    for (name, value) in ytx_for(&emulator).get_envs() {
        match value {
            Some(value) => shell.env(name, value),
            None => shell.env_remove(name),
        };
    }
    let found = run(shell, &[]).await;
    assert!(found.status.success(), "{}", stderr(&found));
    let found: serde_json::Value = serde_json::from_slice(&found.stdout).unwrap();
    assert_eq!(found["outcome"], "happened", "{found}");
    assert_eq!(found["record"]["customParm"], "it's-7");
}

#[tokio::test]
async fn a_gbk_export_is_read_with_its_encoding_and_named_without_it() {
    let emulator = emulator().await;
    let dir = workdir("gbk");
    let text = "mobile,templateId,datas\r\n13900000011,1,\"[\"\"张三\"\",\"\"1,000元\"\"]\"\r\n";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    let path = dir.join("gbk.csv");
    std::fs::write(&path, &gbk).unwrap();
    let path = path.to_str().unwrap();

    let plain = run(
        ytx_for(&emulator),
        &["sms", "template-sms", "--batch", path],
    )
    .await;
    assert_eq!(plain.status.code(), Some(1));
    let bad = lines(&plain);
    assert_eq!(bad[0]["status"], "bad", "{bad:?}");
    assert!(bad[0].to_string().contains("--encoding gbk"), "{bad:?}");
    assert!(emulator.ledger().is_empty());

    std::fs::remove_file(format!("{path}.journal")).unwrap();
    let decoded = run(
        ytx_for(&emulator),
        &["sms", "template-sms", "--batch", path, "--encoding", "gbk"],
    )
    .await;
    assert!(decoded.status.success(), "{}", stderr(&decoded));
    let sent: Vec<serde_json::Value> = emulator
        .requests()
        .iter()
        .filter(|request| request.action.as_deref() == Some("templateSms"))
        .map(|request| request.body["datas"].clone())
        .collect();
    assert_eq!(sent, [serde_json::json!(["张三", "1,000元"])]);
}
