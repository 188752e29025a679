//! A bulk send under faults, end to end: 2,400 two-way calls through a proxy that cuts, holds
//! or truncates about 45% of the requests, the batch killed with SIGKILL at random points and
//! resumed each time, then `ytx reconcile --journal`. No call is placed twice; every row the
//! journal calls answered was placed; reconcile finds exactly the ones placed; and at the
//! end the journal's answered rows are the ledger.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Stdio;
use std::time::Duration;

use ytx_batch::{JournalStore, RowState, SqliteStore};
use ytx_emulator::{Account, App, Emulator, SideEffect};

use crate::proxy::{Fate, FaultProxy};
use crate::support::{APP, SID, TOKEN, lines, run, stderr, workdir, ytx_for};

/// More calls than one call-record answer holds, so reconciling reads on past it.
const ROWS: u64 = 2_400;

/// The first leg of row `row`: each row its own, so a ledger entry names its row.
fn src(row: u64) -> String {
    format!("1391{row:07}")
}

/// splitmix64, seeded: the same seed gives the same faults and the same kill points.
struct Rng(u64);

impl Rng {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % bound
    }
}

/// About 45% of requests meet a fault: 10% never reach the platform, 35% reach it and lose
/// their answer (cut, held past the attempt timeout, or cut short).
fn fate(seed: u64) -> impl Fn(u64) -> Fate + Send + Sync + 'static {
    move |request| {
        let mut rng = Rng(seed ^ request.wrapping_mul(0x2545_F491_4F6C_DD1D));
        match rng.below(100) {
            0..10 => Fate::CutBefore,
            10..20 => Fate::CutAfter,
            20..30 => Fate::Hold(Duration::from_millis(1_300)),
            30..45 => Fate::Truncate,
            _ => Fate::Pass,
        }
    }
}

/// How many times each row's call was placed.
fn placed(emulator: &Emulator) -> BTreeMap<u64, usize> {
    let mut placed = BTreeMap::new();
    for entry in emulator.ledger() {
        let SideEffect::CallPlaced { numbers, .. } = entry.effect else {
            panic!("{:?}", entry.effect);
        };
        let row: u64 = numbers[0][4..].parse().unwrap();
        *placed.entry(row).or_default() += 1;
    }
    placed
}

/// The rows the journal at `path` has in `state`.
fn rows_in(path: &std::path::Path, state: RowState) -> BTreeSet<u64> {
    let mut store = SqliteStore::open(path).unwrap();
    let entries = store.in_states(&[state]).unwrap();
    entries.into_iter().map(|entry| entry.row).collect()
}

#[tokio::test]
async fn a_bulk_send_through_faults_and_kills_never_places_a_call_twice_and_reconciles_exactly() {
    let seed = std::env::var("YTX_PROPTEST_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or(20_261_206);
    eprintln!("seed {seed} (YTX_PROPTEST_SEED)");
    let mut rng = Rng(seed);
    // A balance for every call (15 fen each).
    let account = Account::new(SID, TOKEN)
        .app(App::new(APP))
        .balance_fen(1_000_000);
    let emulator = Emulator::builder().account(account).start().await.unwrap();
    let proxy = FaultProxy::start(emulator.addr(), fate(seed)).await;
    let dir = workdir("faults");
    let input = dir.join("calls.jsonl");
    let rows: String = (1..=ROWS)
        .map(|row| format!("{{\"src\":\"{}\",\"dst\":\"13522855865\"}}\n", src(row)))
        .collect();
    std::fs::write(&input, rows).unwrap();
    let journal = dir.join("calls.journal");
    let args = [
        "--attempt-timeout",
        "1",
        "--timeout",
        "3",
        "call",
        "dailback-call",
        "--batch",
        input.to_str().unwrap(),
        "--journal",
        journal.to_str().unwrap(),
        "--concurrency",
        "32",
    ];
    let through_proxy = || {
        let mut command = ytx_for(&emulator);
        command.env("YTX_BASE_URL", proxy.base_url());
        command
    };

    // Killed at random points, resumed each time.
    let mut kills = 0;
    while kills < 6 {
        let mut command = through_proxy();
        command
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let mut child = command.spawn().unwrap();
        tokio::time::sleep(Duration::from_millis(200 + rng.below(700))).await;
        if child.try_wait().unwrap().is_some() {
            break;
        }
        child.kill().unwrap(); // SIGKILL: no destructor, no flush, no goodbye.
        child.wait().unwrap();
        kills += 1;
    }
    assert!(
        kills >= 5,
        "only {kills} runs were killed: make the batch longer"
    );
    // The last run goes to its end: rows of unknown outcome are listed, never resent.
    let last = run(through_proxy(), &args).await;
    let summary = stderr(&last);
    assert!(summary.contains("unknown"), "{summary}");

    let placed_before = placed(&emulator);
    assert!(
        placed_before.values().all(|times| *times == 1),
        "a call was placed twice"
    );
    for row in &rows_in(&journal, RowState::Answered) {
        assert!(
            placed_before.contains_key(row),
            "row {row} answered, not placed"
        );
    }
    let unknown = SqliteStore::open(&journal)
        .unwrap()
        .in_states(&[RowState::Sending, RowState::Unknown])
        .unwrap();
    let listed = lines(&last)
        .iter()
        .filter(|line| line["status"] == "unknown_before" || line["status"] == "unknown")
        .count();
    assert_eq!(listed, unknown.len(), "{summary}");
    assert!(summary.contains(" 0 refused,"), "{summary}");

    // Reconciled against the platform directly: a lookup is a query, and this one is not
    // about the proxy.
    let reconciled = run(
        ytx_for(&emulator),
        &["reconcile", "--journal", journal.to_str().unwrap()],
    )
    .await;
    assert!(reconciled.status.success(), "{}", stderr(&reconciled));
    let verdicts = lines(&reconciled);
    assert_eq!(verdicts.len(), unknown.len());
    let placed = placed(&emulator);
    assert_eq!(placed, placed_before, "reconciling placed nothing");
    let (mut happened, mut not_found) = (0, 0);
    for verdict in &verdicts {
        let row = verdict["row"].as_u64().unwrap();
        match verdict["outcome"].as_str() {
            Some("happened") => {
                assert!(placed.contains_key(&row), "row {row} found but not placed");
                happened += 1;
            }
            Some("not_found") => {
                assert!(!placed.contains_key(&row), "row {row} placed but not found");
                not_found += 1;
            }
            other => panic!("row {row}: {other:?} {verdict}"),
        }
    }
    // Both kinds happened: the faults lost answers of calls placed, and of calls not.
    assert!(
        happened > 100 && not_found > 50,
        "{happened} found, {not_found} not found"
    );
    // Reconciled rows are answered now: the journal's answered rows are the ledger.
    let answered = rows_in(&journal, RowState::Answered);
    assert_eq!(answered, placed.keys().copied().collect::<BTreeSet<u64>>());
    let _ = std::fs::remove_dir_all(&dir);
}
