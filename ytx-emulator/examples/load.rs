//! Load on the emulator through one SDK `Client`: requests per second, errors, and resident
//! memory before and after, all in one process.
//!
//! ```text
//! cargo run --release -p ytx-emulator --example load -- [REQUESTS] [CONCURRENCY] [query|call]
//! ```
//!
//! Defaults: 100000 requests, 256 in flight, `query` (MeetingQuery; `call` places two-way
//! calls, which fill the ledger and call records up to their cap and push nothing, as the
//! app has no callback URL). The emulator runs on the same runtime, so the figures are for
//! client and server together on this machine.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use ytx_call::DailbackCall;
use ytx_call::{Client, Config, MeetingQuery};
use ytx_emulator::{Account, App, DEMO_ACCOUNT_SID, DEMO_APP_ID, DEMO_AUTH_TOKEN, Emulator};

/// Resident set size in KiB, from /proc (Linux); 0 elsewhere.
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let total: usize = args.next().map_or(Ok(100_000), |a| a.parse())?;
    let concurrency: usize = args.next().map_or(Ok(256), |a| a.parse())?;
    let kind = args.next().unwrap_or_else(|| "query".into());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let account = Account::new(DEMO_ACCOUNT_SID, DEMO_AUTH_TOKEN)
            .app(App::new(DEMO_APP_ID))
            .balance_fen(i64::MAX / 2);
        let emulator = Emulator::builder().account(account).start().await?;
        let config = Config::builder()
            .account_sid(DEMO_ACCOUNT_SID)
            .auth_token(DEMO_AUTH_TOKEN)
            .app_id(DEMO_APP_ID)
            .base_url(emulator.base_url())
            .build()?;
        let client = Client::new(config);
        // Warm up: connections, allocator, lazily built tables.
        run(&client, 2_000.min(total), concurrency, &kind).await;
        let before = rss_kib();
        let started = Instant::now();
        let errors = run(&client, total, concurrency, &kind).await;
        let elapsed = started.elapsed();
        let after = rss_kib();
        println!(
            "{total} {kind} requests, {concurrency} in flight: {:.0} req/s, {errors} errors, \
             RSS {before} KiB before, {after} KiB after ({:+} KiB); emulator saw {} requests",
            total as f64 / elapsed.as_secs_f64(),
            after as i64 - before as i64,
            emulator.request_count(),
        );
        Ok::<_, Box<dyn std::error::Error>>(())
    })
}

/// Sends `total` requests with `concurrency` workers; returns how many failed.
async fn run(client: &Client, total: usize, concurrency: usize, kind: &str) -> usize {
    let next = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, next, errors, calls) = (
                client.clone(),
                Arc::clone(&next),
                Arc::clone(&errors),
                kind == "call",
            );
            tokio::spawn(async move {
                while next.fetch_add(1, Ordering::Relaxed) < total {
                    let ok = if calls {
                        let call = DailbackCall::new("13911281234", "13522855865");
                        client.send(call).await.is_ok()
                    } else {
                        client.send(MeetingQuery::new(1)).await.is_ok()
                    };
                    if !ok {
                        errors.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        let _ = worker.await;
    }
    errors.load(Ordering::Relaxed)
}
