//! `--batch FILE --journal postgres://…`: several workers on one campaign against a real
//! PostgreSQL server the test starts. However a worker or the server dies, each row is in
//! the emulator's ledger at most once, and every row the journal marks answered is in it.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use ytx_emulator::{Emulator, Fault, FaultRule, SideEffect};

use crate::support::{APP, SID, TOKEN, run, stderr, workdir, ytx_for};
use ytx_batch::testing::Postgres;

const ROWS: u64 = 5_000;

/// An emulator whose account can pay for every row.
async fn emulator() -> Emulator {
    Emulator::builder()
        .account(
            ytx_emulator::Account::new(SID, TOKEN)
                .app(ytx_emulator::App::new(APP))
                .balance_fen(100_000_000),
        )
        .start()
        .await
        .unwrap()
}

fn mobile(row: u64) -> String {
    format!("1390{row:07}")
}

fn input(dir: &Path) -> String {
    let text: String = (1..=ROWS)
        .map(|row| format!("{{\"mobile\":\"{}\",\"templateId\":\"1\"}}\n", mobile(row)))
        .collect();
    let path = dir.join("campaign.jsonl");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

fn worker(emulator: &Emulator, input: &str, url: &str, concurrency: &str) -> Child {
    ytx_for(emulator)
        .args([
            "sms",
            "template-sms",
            "--batch",
            input,
            "--journal",
            url,
            "--lease",
            "2",
        ])
        .args(["--concurrency", concurrency])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

async fn wait(child: Child) -> std::process::Output {
    tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap()
}

/// How many SMS each mobile was sent.
fn ledger(emulator: &Emulator) -> HashMap<String, usize> {
    let mut sent = HashMap::new();
    for entry in emulator.ledger() {
        if let SideEffect::SmsSent { mobiles, .. } = entry.effect {
            *sent.entry(mobiles.join(",")).or_default() += 1;
        }
    }
    sent
}

/// The campaign's rows by state.
fn states(postgres: &Postgres) -> HashMap<String, u64> {
    postgres
        .psql("SELECT state, count(*) FROM ytx_batch_rows GROUP BY state")
        .unwrap_or_default()
        .lines()
        .filter_map(|line| {
            let (state, count) = line.split_once('|')?;
            Some((state.to_owned(), count.parse().ok()?))
        })
        .collect()
}

/// The mobiles of the rows in `state`.
fn mobiles_in(postgres: &Postgres, state: &str) -> HashSet<String> {
    postgres
        .psql(&format!(
            "SELECT fields::json->>'mobile' FROM ytx_batch_rows WHERE state = '{state}'"
        ))
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The promise: nothing sent twice, everything answered in the ledger, everything in the
/// ledger answered or unknown (never pending, never to be sent again).
fn assert_never_twice(emulator: &Emulator, postgres: &Postgres) -> HashMap<String, u64> {
    let sent = ledger(emulator);
    let twice: Vec<_> = sent.iter().filter(|(_, count)| **count > 1).collect();
    assert!(twice.is_empty(), "sent twice: {twice:?}");
    let answered = mobiles_in(postgres, "answered");
    let unknown = mobiles_in(postgres, "unknown");
    for mobile in &answered {
        assert!(
            sent.contains_key(mobile),
            "{mobile} is answered and not in the ledger"
        );
    }
    for mobile in sent.keys() {
        assert!(
            answered.contains(mobile) || unknown.contains(mobile),
            "{mobile} was sent and the journal says neither answered nor unknown"
        );
    }
    let states = states(postgres);
    assert_eq!(states.values().sum::<u64>(), ROWS, "{states:?}");
    assert!(
        !states.contains_key("pending") && !states.contains_key("sending"),
        "{states:?}"
    );
    states
}

/// Waits until the emulator has seen `count` sends.
async fn until_sent(emulator: &Emulator, count: usize) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while ledger(emulator).len() < count {
        assert!(Instant::now() < deadline, "the workers stalled");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn three_workers_share_a_campaign_and_send_each_row_once() {
    let dir = workdir("campaign-three");
    let postgres = Postgres::start(&dir.join("pg"));
    let emulator = emulator().await;
    let input = input(&dir);
    let url = postgres.url();
    let workers: Vec<Child> = (0..3)
        .map(|_| worker(&emulator, &input, &url, "8"))
        .collect();
    let mut answered_by = Vec::new();
    for child in workers {
        let output = wait(child).await;
        let err = stderr(&output);
        assert!(output.status.success(), "{err}");
        let answered: u64 = err
            .split("ytx: ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|count| count.parse().ok())
            .unwrap_or_else(|| panic!("no summary: {err}"));
        answered_by.push(answered);
    }
    let states = assert_never_twice(&emulator, &postgres);
    assert_eq!(states.get("answered"), Some(&ROWS), "{states:?}");
    assert_eq!(ledger(&emulator).len() as u64, ROWS);
    assert_eq!(answered_by.iter().sum::<u64>(), ROWS, "{answered_by:?}");
    assert!(
        answered_by.iter().all(|n| *n > 0),
        "each worker sent some: {answered_by:?}"
    );
}

#[tokio::test]
async fn a_killed_worker_s_rows_become_unknown_and_reconcile_settles_them() {
    let dir = workdir("campaign-kill");
    let postgres = Postgres::start(&dir.join("pg"));
    let emulator = emulator().await;
    emulator
        .inject(FaultRule::new(Fault::AnswerAfter(Duration::from_millis(30))).times(usize::MAX));
    let input = input(&dir);
    let url = postgres.url();
    let mut workers: Vec<Child> = (0..3)
        .map(|_| worker(&emulator, &input, &url, "4"))
        .collect();
    until_sent(&emulator, 300).await;
    // Killed while it holds claims.
    let held = format!(
        "SELECT count(*) FROM ytx_batch_rows WHERE state = 'sending' AND worker LIKE '%:{}'",
        workers[0].id()
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while postgres.psql(&held).is_none_or(|count| count == "0") {
        assert!(
            Instant::now() < deadline,
            "the first worker never held a claim"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let mut killed = workers.remove(0);
    killed.kill().unwrap(); // SIGKILL
    let _ = killed.wait();
    for child in workers {
        let output = wait(child).await;
        assert!(output.status.success(), "{}", stderr(&output));
    }
    let before = assert_never_twice(&emulator, &postgres);
    let unknown = before.get("unknown").copied().unwrap_or(0);
    // What the killed worker held: at most its claim group (16 at --concurrency 4) and the
    // answers it had not recorded yet (4).
    assert!(
        unknown > 0 && unknown <= 20,
        "the killed worker's claims: {before:?}"
    );

    // `ytx reconcile --journal` looks each of them up, as with a SQLite journal (an SMS has
    // no record to find it by, so the answer is that it cannot tell), and records what it
    // finds took effect.
    let output = run(
        ytx_for(&emulator),
        &[
            "reconcile",
            "--journal",
            &url,
            "--campaign",
            "campaign.jsonl",
        ],
    )
    .await;
    assert!(output.status.success(), "{}", stderr(&output));
    let looked_up = crate::support::lines(&output);
    assert_eq!(looked_up.len() as u64, unknown, "{looked_up:?}");
    for line in &looked_up {
        assert!(line["outcome"].is_string(), "{line}");
    }
    let happened = looked_up
        .iter()
        .filter(|line| line["outcome"] == "happened")
        .count();
    let after = states(&postgres);
    assert_eq!(
        after.get("unknown").copied().unwrap_or(0),
        unknown - happened as u64
    );
}

#[tokio::test]
async fn workers_carry_on_when_postgres_is_stopped_immediately_and_restarted() {
    let dir = workdir("campaign-restart");
    let mut postgres = Postgres::start(&dir.join("pg"));
    let emulator = emulator().await;
    emulator
        .inject(FaultRule::new(Fault::AnswerAfter(Duration::from_millis(20))).times(usize::MAX));
    let input = input(&dir);
    let url = postgres.url();
    let workers: Vec<Child> = (0..3)
        .map(|_| worker(&emulator, &input, &url, "4"))
        .collect();
    until_sent(&emulator, 300).await;
    postgres.stop_immediately();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    postgres.run();
    for child in workers {
        let output = wait(child).await;
        // A worker whose claims ran out while the server was down reports them; it still
        // finishes.
        assert!(output.status.code().is_some(), "{}", stderr(&output));
    }
    let states = assert_never_twice(&emulator, &postgres);
    assert!(
        states.get("answered").copied().unwrap_or(0) >= ROWS - 50,
        "{states:?}"
    );
}
