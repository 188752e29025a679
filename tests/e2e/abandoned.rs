//! Side effects whose callers stop waiting at random points (a `timeout` around the call,
//! as applications write it), against the emulator: each call that took effect is either
//! answered to its caller or reported to the client's hook, once; none is sent twice, and
//! none dropped before it left is sent.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ytx_call::DailbackCall;
use ytx_core::{Abandoned, Client};
use ytx_emulator::{App, Fault, FaultRule, SideEffect};

use crate::emulator::{config, instant, platform_with};
use crate::support::{APP_ID, Rng};

/// The first leg's number of call `n`: each call its own, so a ledger entry names its call.
fn src(n: usize) -> String {
    format!("139{n:08}")
}

/// The calls in the ledger, by first leg, with how many times each was placed.
fn placed(emulator: &ytx_emulator::Emulator) -> BTreeMap<String, usize> {
    let mut placed = BTreeMap::new();
    for entry in emulator.ledger() {
        let SideEffect::CallPlaced { numbers, .. } = entry.effect else {
            panic!("{:?}", entry.effect);
        };
        *placed.entry(numbers[0].clone()).or_default() += 1;
    }
    placed
}

#[tokio::test]
async fn side_effects_dropped_at_random_points_are_each_answered_or_reported_once() {
    const CALLS: usize = 120;
    let seed = std::env::var("YTX_PROPTEST_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or(7);
    let mut rng = Rng(seed);
    let emulator = platform_with(App::new(APP_ID), 100_000_000)
        .start()
        .await
        .unwrap();
    let reports: Arc<Mutex<Vec<Abandoned>>> = Arc::default();
    let kept = Arc::clone(&reports);
    // A rate limit, so that some callers give up while their call waits for its turn.
    let config = config(&emulator).rate_limit(40.0);
    let client = Client::builder()
        .config(config.build().unwrap())
        .clock(ytx_core::FixedClock::new(instant()))
        .on_abandoned(move |report| kept.lock().unwrap().push(report))
        .build()
        .unwrap();

    let (mut answered, mut dropped) = (BTreeSet::new(), BTreeSet::new());
    for n in 0..CALLS {
        // The platform holds some requests before it takes them, and answers some late.
        let wait = Duration::from_millis(rng.below(80) as u64);
        match rng.below(3) {
            0 => emulator.inject(FaultRule::new(Fault::Delay(wait))),
            1 => emulator.inject(FaultRule::new(Fault::AnswerAfter(wait))),
            _ => {}
        }
        // The caller gives up at a random point: while the call waits for its turn, while
        // it is on its way, while the platform holds it, or never.
        let patience = Duration::from_millis(rng.below(100) as u64);
        let call = DailbackCall::new(src(n), "13522855865");
        match tokio::time::timeout(patience, client.send(call)).await {
            Ok(Ok(answer)) => {
                assert!(answer.reconciliation_key.is_some());
                answered.insert(src(n));
            }
            Ok(Err(err)) => panic!("call {n}: {err}"),
            Err(_) => {
                dropped.insert(src(n));
            }
        }
    }
    // Every attempt left behind ends within the emulator's longest hold.
    tokio::time::sleep(Duration::from_millis(500)).await;
    emulator.clear_faults();

    let placed = placed(&emulator);
    assert!(
        placed.values().all(|times| *times == 1),
        "a call placed twice: {placed:?}"
    );
    let reports = reports.lock().unwrap();
    let mut reported = BTreeSet::new();
    for report in reports.iter() {
        let body: serde_json::Value = serde_json::from_slice(report.request_body()).unwrap();
        let src = body["src"].as_str().unwrap().to_owned();
        assert!(report.outcome().is_ok(), "{src}: {report}");
        assert!(report.request_id().is_some(), "{report:?}");
        assert!(reported.insert(src.clone()), "{src} reported twice");
    }
    for src in placed.keys() {
        assert!(
            answered.contains(src) != reported.contains(src),
            "{src} took effect: its caller or the hook hears of it, one of them"
        );
    }
    for src in &reported {
        assert!(dropped.contains(src) && placed.contains_key(src), "{src}");
    }
    for src in &answered {
        assert!(placed.contains_key(src), "{src} answered but not placed");
    }
    // The random points covered both sides of the request leaving.
    let dropped_unsent = dropped
        .iter()
        .filter(|src| !placed.contains_key(*src))
        .count();
    assert!(
        !reported.is_empty() && dropped_unsent > 0 && !answered.is_empty(),
        "reported {}, dropped unsent {dropped_unsent}, answered {}",
        reported.len(),
        answered.len()
    );
}
