//! What a batch's journal costs, and whether a batch's memory stays flat.
//!
//! ```sh
//! # rows per second and CPU per row at 32 in flight against the emulator: plain
//! # Client::send; the same rows read from a file and sent with no journal; a batch with
//! # the journal in memory; a batch with the SQLite journal (9 rounds unless given,
//! # interleaved; the median ratios are the result)
//! cargo run --release -p ytx-bench --bin batch -- overhead [ROWS] [ROUNDS]
//! # the same with the emulator answering after 20 ms, as a platform across a network does
//! cargo run --release -p ytx-bench --bin batch -- latency [ROWS] [ROUNDS]
//! # the SQLite store alone: microseconds per row for a claim and an answer, written in
//! # transactions of GROUP claims (default 256) and the answers before them; then folded
//! # on reopening, and each row looked up as a rerun looks it up
//! cargo run --release -p ytx-bench --bin batch -- store [ROWS] [GROUP]
//! # resident memory every 100,000 rows of a 1,000,000-row batch (SQLite journal)
//! cargo run --release -p ytx-bench --bin batch -- memory [ROWS]
//! # a campaign on PostgreSQL (a private server, started here) with 1, 2 and 4 workers
//! # against SQLite and plain sends, rows/s and statements per row (needs PostgreSQL's
//! # binaries: scripts/setup-test-deps installs them)
//! cargo run --release -p ytx-bench --bin batch -- shared [ROWS] [ROUNDS]
//! # one PostgreSQL worker's resident memory every 100,000 rows of 1,000,000
//! cargo run --release -p ytx-bench --bin batch -- shared-memory [ROWS]
//! # one variant alone, 100,000 rows, for a profiler or for runs in alternation
//! cargo run --release -p ytx-bench --bin batch -- one plain|file|memory|sqlite
//! ```
//!
//! The emulator runs in this process, on its own thread, with its records capped, so what
//! grows with the rows is the batch's own.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use tokio::task::JoinSet;
use ytx_batch::{Format, Journal, JournalStore, MemoryStore, Options, Rows, SqliteStore, run};
use ytx_bench::procfs;
use ytx_bench::scratch::Scratch;
use ytx_core::{Client, Config, Operation};
use ytx_emulator::{Account, App, Emulator, Fault, FaultRule};
use ytx_sms::TemplateSms;

mod shared;
mod store;

type Error = Box<dyn std::error::Error>;

const IN_FLIGHT: usize = 32;

/// Rounds of the `overhead` and `latency` modes unless given; the median round is reported.
const ROUNDS: usize = 9;

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rows = |default: u64| {
        args.get(1)
            .and_then(|text| text.parse().ok())
            .unwrap_or(default)
    };
    let rounds = args
        .get(2)
        .and_then(|text| text.parse().ok())
        .unwrap_or(ROUNDS);
    match args.first().map(String::as_str) {
        Some("memory") => memory(rows(1_000_000)),
        Some("shared") => shared::shared(rows(50_000), rounds.clamp(1, 5)),
        Some("shared-memory") => shared::shared_memory(rows(1_000_000)),
        Some("latency") => overhead(rows(4_000), rounds, Some(Duration::from_millis(20))),
        Some("store") => store::store(
            rows(100_000),
            args.get(2).and_then(|t| t.parse().ok()).unwrap_or(256),
        ),
        // One variant alone, for a profiler: `perf record … -- one plain|file|memory|sqlite`.
        Some("one") => one(args.get(1).map_or("plain", String::as_str)),
        _ => overhead(rows(100_000), rounds, None),
    }
}

/// The emulator on a thread of its own, answering after `latency` if given; its base URL.
fn start_emulator(latency: Option<Duration>) -> Result<String, Error> {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
            let account = Account::new(ytx_bench::SID, ytx_bench::TOKEN)
                .app(App::new(ytx_bench::APP_ID))
                .balance_fen(i64::MAX / 4);
            let emulator = Emulator::builder()
                .account(account)
                .max_records(1_000)
                .start()
                .await
                .expect("the emulator starts");
            if let Some(latency) = latency {
                emulator.inject(FaultRule::new(Fault::Delay(latency)).times(usize::MAX));
            }
            let _ = sender.send(emulator.base_url().to_owned());
            std::future::pending::<()>().await;
        });
    });
    Ok(receiver.recv()?)
}

fn client(base_url: &str) -> Result<Client, Error> {
    let config = Config::builder()
        .account_sid(ytx_bench::SID)
        .auth_token(ytx_bench::TOKEN)
        .app_id(ytx_bench::APP_ID)
        .base_url(base_url)
        .build()?;
    Ok(Client::new(config))
}

fn template_sms() -> Result<Operation, Error> {
    let _ = TemplateSms::new(vec![], "");
    ytx_core::registered()?
        .iter()
        .find(|op| op.name() == "TemplateSms")
        .copied()
        .ok_or_else(|| "ytx-sms is not linked".into())
}

fn mobile(row: u64) -> String {
    format!("139{:08}", row % 100_000_000)
}

/// A JSON Lines input of `rows` SMS requests, written streaming.
fn write_input(rows: u64, path: &Path) -> Result<(), Error> {
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    for row in 0..rows {
        writeln!(out, r#"{{"mobile":"{}","templateId":"1"}}"#, mobile(row))?;
    }
    out.flush()?;
    Ok(())
}

/// CPU time used so far by this process, every thread included (the journal writer's too,
/// after it ended), in nanoseconds, to 10 ms: runs of a second or more read to about 1%.
fn cpu_nanos() -> u64 {
    procfs::own().map_or(0, |usage| usage.cpu_nanos)
}

/// Rows per second and CPU microseconds per row of `run`.
async fn measure<F: std::future::Future<Output = Result<u64, Error>>>(
    run: F,
) -> Result<(f64, f64), Error> {
    let (started, cpu) = (Instant::now(), cpu_nanos());
    let rows = run.await? as f64;
    let (wall, cpu) = (started.elapsed().as_secs_f64(), (cpu_nanos() - cpu) as f64);
    Ok((rows / wall, cpu / 1000.0 / rows))
}

/// Plain typed sends, `IN_FLIGHT` at a time; returns the rows sent.
async fn plain(client: &Client, rows: u64) -> Result<u64, Error> {
    let mut in_flight = JoinSet::new();
    for row in 0..rows {
        while in_flight.len() >= IN_FLIGHT {
            in_flight.join_next().await;
        }
        let client = client.clone();
        in_flight.spawn(async move {
            let sms = TemplateSms::new(vec![mobile(row)], "1");
            client.send(sms).await.is_ok()
        });
    }
    while in_flight.join_next().await.is_some() {}
    Ok(rows)
}

/// The rows of `input`, read and encoded as a batch reads and encodes them, then sent
/// `IN_FLIGHT` at a time with no journal: what a batch costs beyond its journal. Returns
/// the rows sent.
async fn unjournaled(client: &Client, input: &Path) -> Result<u64, Error> {
    let operation = template_sms()?;
    let reader = std::io::BufReader::new(std::fs::File::open(input)?);
    let mut in_flight = JoinSet::new();
    let mut sent = 0;
    for row in Rows::new(reader, Format::JsonLines, operation.fields()) {
        let fields = row?.into_fields()?;
        let body = operation.encode(&fields, client.app_id())?;
        while in_flight.len() >= IN_FLIGHT {
            in_flight.join_next().await;
        }
        let client = client.clone();
        in_flight.spawn(async move { operation.call_encoded(&client, body).await.is_ok() });
        sent += 1;
    }
    while in_flight.join_next().await.is_some() {}
    Ok(sent)
}

/// A batch of `input` with `journal`; returns the rows sent.
async fn batch<S: JournalStore>(
    client: &Client,
    input: &Path,
    journal: S,
    every: u64,
    mut at: impl FnMut(u64),
) -> Result<u64, Error> {
    let operation = template_sms()?;
    let reader = std::io::BufReader::new(std::fs::File::open(input)?);
    let rows = Rows::new(reader, Format::JsonLines, operation.fields());
    let journal = Journal::open(journal, operation.path())?;
    let options = Options {
        concurrency: IN_FLIGHT,
        ..Options::default()
    };
    let mut done = 0u64;
    let (summary, _) = run(client, operation, rows, journal, options, |_| {
        done += 1;
        if done.is_multiple_of(every) {
            at(done);
        }
    })
    .await?;
    Ok(summary.answered + summary.refused + summary.unknown + summary.not_sent)
}

fn overhead(rows: u64, rounds: usize, latency: Option<Duration>) -> Result<(), Error> {
    let base_url = start_emulator(latency)?;
    let client = client(&base_url)?;
    let input = Scratch::new("overhead.jsonl");
    write_input(rows, &input)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    println!(
        "| round | plain send: rows/s, CPU µs/row | the file's rows sent, no journal | batch, memory journal | batch, SQLite journal | SQLite / plain: rows/s, CPU per row | SQLite / no journal: rows/s, CPU per row | the SQLite log folded on reopening: µs/row |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    let (mut ratios, mut cpu_ratios, mut folds) = (Vec::new(), Vec::new(), Vec::new());
    let (mut own, mut cpu_own) = (Vec::new(), Vec::new());
    runtime.block_on(async {
        // A warm-up, then rounds in turn so drift hits every variant alike; each round
        // starts with the next variant, so none always follows the same one.
        plain(&client, rows / 10).await?;
        for round in 1..=rounds {
            let (mut plain_run, mut file, mut memory, mut sqlite, mut fold) =
                ((0.0, 0.0), (0.0, 0.0), (0.0, 0.0), (0.0, 0.0), 0.0);
            for variant in (0..4).map(|v| (v + round) % 4) {
                match variant {
                    0 => plain_run = measure(plain(&client, rows)).await?,
                    1 => file = measure(unjournaled(&client, &input)).await?,
                    2 => {
                        let journal = MemoryStore::new();
                        memory = measure(batch(&client, &input, journal, u64::MAX, |_| {})).await?;
                    }
                    _ => {
                        let path = Scratch::new("overhead.journal");
                        let store = SqliteStore::open(&path)?;
                        sqlite = measure(batch(&client, &input, store, u64::MAX, |_| {})).await?;
                        // The run's log is folded into the rows table when the journal is
                        // next opened: work deferred, not saved, so it is shown beside the
                        // run.
                        let started = Instant::now();
                        drop(SqliteStore::open(&path)?);
                        fold = started.elapsed().as_secs_f64() * 1e6 / rows as f64;
                    }
                }
            }
            let plain = plain_run;
            let cell = |(rate, cpu): (f64, f64)| format!("{rate:.0}, {cpu:.1}");
            println!(
                "| {round} | {} | {} | {} | {} | {:.3}, {:.3} | {:.3}, {:.3} | {fold:.2} |",
                cell(plain),
                cell(file),
                cell(memory),
                cell(sqlite),
                sqlite.0 / plain.0,
                sqlite.1 / plain.1,
                sqlite.0 / file.0,
                sqlite.1 / file.1
            );
            ratios.push(sqlite.0 / plain.0);
            cpu_ratios.push(sqlite.1 / plain.1);
            own.push(sqlite.0 / file.0);
            cpu_own.push(sqlite.1 / file.1);
            folds.push(fold);
        }
        Ok::<_, Error>(())
    })?;
    for values in [
        &mut ratios,
        &mut cpu_ratios,
        &mut own,
        &mut cpu_own,
        &mut folds,
    ] {
        values.sort_by(f64::total_cmp);
    }
    let median = |values: &[f64]| values[values.len() / 2];
    println!(
        "SQLite journal / plain send, rows per second: median {:.3} (range {:.3} to {:.3}); CPU per row: median {:.3}; folding the log on reopening: median {:.2} µs per row",
        median(&ratios),
        ratios[0],
        ratios[ratios.len() - 1],
        median(&cpu_ratios),
        median(&folds)
    );
    println!(
        "SQLite journal / the same rows sent with no journal, rows per second: median {:.3} (range {:.3} to {:.3}); CPU per row: median {:.3}",
        median(&own),
        own[0],
        own[own.len() - 1],
        median(&cpu_own)
    );
    let answered = latency.map_or("at once".to_owned(), |l| {
        format!("after {} ms", l.as_millis())
    });
    println!(
        "({rows} TemplateSms rows per run, {IN_FLIGHT} in flight, emulator in process answering {answered}; CPU is the whole process's, emulator included)"
    );
    Ok(())
}

/// Resident memory now, and its peak, in KiB (Linux).
fn rss() -> (u64, u64) {
    procfs::own().map_or((0, 0), |usage| (usage.rss_kib, usage.peak_rss_kib))
}

fn memory(rows: u64) -> Result<(), Error> {
    let base_url = start_emulator(None)?;
    let client = client(&base_url)?;
    let input = Scratch::new("memory.jsonl");
    write_input(rows, &input)?;
    let journal = Scratch::new("memory.journal");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    println!("| rows done | RSS (MiB) | peak RSS (MiB) |");
    println!("|---:|---:|---:|");
    let every = (rows / 10).max(1);
    let started = Instant::now();
    let done = runtime.block_on(batch(
        &client,
        &input,
        SqliteStore::open(&journal)?,
        every,
        |done| {
            let (now, peak) = rss();
            println!(
                "| {done} | {:.1} | {:.1} |",
                now as f64 / 1024.0,
                peak as f64 / 1024.0
            );
        },
    ))?;
    let rate = done as f64 / started.elapsed().as_secs_f64();
    // Reopening folds the run's log into the rows table, holding a bounded number of rows.
    let started = Instant::now();
    let mut store = SqliteStore::open(&journal)?;
    let folded = started.elapsed().as_secs_f64();
    let (now, peak) = rss();
    println!(
        "| reopened: the log folded in {folded:.1} s | {:.1} | {:.1} |",
        now as f64 / 1024.0,
        peak as f64 / 1024.0
    );
    let answered = store.in_states(&[ytx_batch::RowState::Answered])?.len();
    println!(
        "({rows} rows at {rate:.0} rows/s; SQLite journal; input streamed from a file; {answered} rows answered in the journal)"
    );
    Ok(())
}

fn one(variant: &str) -> Result<(), Error> {
    let base_url = start_emulator(None)?;
    let client = client(&base_url)?;
    let rows = 100_000;
    let input = Scratch::new("one.jsonl");
    write_input(rows, &input)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (rate, cpu) = runtime.block_on(async {
        match variant {
            "file" => measure(unjournaled(&client, &input)).await,
            "memory" => measure(batch(&client, &input, MemoryStore::new(), u64::MAX, |_| {})).await,
            "sqlite" => {
                let journal = Scratch::new("one.journal");
                let store = SqliteStore::open(&journal)?;
                measure(batch(&client, &input, store, u64::MAX, |_| {})).await
            }
            _ => measure(plain(&client, rows)).await,
        }
    })?;
    println!("{variant}: {rate:.0} rows/s, {cpu:.1} µs CPU per row");
    Ok(())
}
