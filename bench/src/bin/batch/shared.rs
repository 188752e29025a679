//! `shared`: a campaign on PostgreSQL with one, two and four workers (in this process, each
//! with its own connection and client), against SQLite and plain sends, in interleaved
//! rounds; and `shared-memory`: one worker's resident memory over a long campaign.

use std::path::Path;
use std::time::Instant;

use ytx_batch::testing::Postgres;
use ytx_batch::{Format, Options, PgJournal, Rows, SqliteStore};
use ytx_bench::scratch::Scratch;
use ytx_core::Client;

use crate::{
    Error, IN_FLIGHT, batch, client, measure, plain, rss, start_emulator, template_sms, write_input,
};

/// Every worker of a campaign, `IN_FLIGHT` requests in flight among them; returns the rows
/// sent and the statements sent to PostgreSQL.
async fn campaign(
    client: &Client,
    url: &str,
    name: &str,
    input: &Path,
    workers: usize,
) -> Result<(u64, u64), Error> {
    let operation = template_sms()?;
    let mut running = tokio::task::JoinSet::new();
    for index in 0..workers {
        let (client, url, name, input) = (
            client.clone(),
            url.to_owned(),
            name.to_owned(),
            input.to_owned(),
        );
        running.spawn(async move {
            let text = |err: &dyn std::fmt::Display| err.to_string();
            let lease = std::time::Duration::from_secs(60);
            let worker = format!("bench-{index}");
            let mut journal = PgJournal::connect(&url, &name, operation.path(), &worker, lease)
                .await
                .map_err(|err| text(&err))?;
            let file = std::fs::File::open(&input).map_err(|err| text(&err))?;
            let reader = std::io::BufReader::new(file);
            let rows = Rows::new(reader, Format::JsonLines, operation.fields());
            let options = Options {
                concurrency: (IN_FLIGHT / workers).max(1),
                ..Options::default()
            };
            let summary =
                ytx_batch::run_shared(&client, operation, rows, &mut journal, options, |_| {})
                    .await
                    .map_err(|err| text(&err))?;
            let sent = summary.answered + summary.refused + summary.unknown;
            Ok::<_, String>((sent, journal.statements()))
        });
    }
    let (mut rows, mut statements) = (0, 0);
    while let Some(done) = running.join_next().await {
        let (sent, sent_statements) = done.map_err(|err| err.to_string())??;
        rows += sent;
        statements += sent_statements;
    }
    Ok((rows, statements))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

pub(crate) fn shared(rows: u64, rounds: usize) -> Result<(), Error> {
    let base_url = start_emulator(None)?;
    let client = client(&base_url)?;
    let input = Scratch::new("shared.jsonl");
    write_input(rows, &input)?;
    let dir = Scratch::new("shared-pg");
    let postgres = Postgres::start(&dir);
    let url = postgres.url();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let variants = ["plain", "sqlite", "pg 1", "pg 2", "pg 4"];
    let mut rates: Vec<Vec<f64>> = vec![Vec::new(); variants.len()];
    let mut trips: Vec<Vec<f64>> = vec![Vec::new(); 3];
    println!("| round | plain | sqlite | pg, 1 worker | pg, 2 workers | pg, 4 workers |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for round in 0..rounds {
        let mut line = Vec::new();
        for (index, variant) in variants.iter().enumerate() {
            let rate = runtime.block_on(async {
                match *variant {
                    "plain" => measure(plain(&client, rows)).await.map(|(rate, _)| rate),
                    "sqlite" => {
                        let journal = Scratch::new(&format!("shared-{round}.journal"));
                        let store = SqliteStore::open(&journal)?;
                        measure(batch(&client, &input, store, u64::MAX, |_| {}))
                            .await
                            .map(|(rate, _)| rate)
                    }
                    _ => {
                        let workers: usize = variant[3..].parse()?;
                        let name = format!("round-{round}-{workers}");
                        let started = Instant::now();
                        let (sent, statements) =
                            campaign(&client, &url, &name, &input, workers).await?;
                        trips[workers.trailing_zeros() as usize]
                            .push(statements as f64 / sent as f64);
                        Ok(sent as f64 / started.elapsed().as_secs_f64())
                    }
                }
            })?;
            rates[index].push(rate);
            line.push(format!("{rate:.0}"));
        }
        println!("| {} | {} |", round + 1, line.join(" | "));
    }
    let plain = median(rates[0].clone());
    println!();
    println!("| variant | rows/s (median) | / plain | PostgreSQL statements per row |");
    println!("|---|---:|---:|---:|");
    for (index, variant) in variants.iter().enumerate() {
        let rate = median(rates[index].clone());
        let per_row = match index {
            2..=4 => format!("{:.3}", median(trips[index - 2].clone())),
            _ => "".into(),
        };
        println!(
            "| {variant} | {rate:.0} | {:.3} | {per_row} |",
            rate / plain
        );
    }
    println!(
        "({rows} TemplateSms rows, {IN_FLIGHT} in flight in all, emulator and workers in this process; PostgreSQL on a Unix socket)"
    );
    drop(postgres);
    Ok(())
}

pub(crate) fn shared_memory(rows: u64) -> Result<(), Error> {
    let base_url = start_emulator(None)?;
    let client = client(&base_url)?;
    let input = Scratch::new("shared-memory.jsonl");
    write_input(rows, &input)?;
    let dir = Scratch::new("shared-memory-pg");
    let postgres = Postgres::start(&dir);
    let url = postgres.url();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    println!("| rows done | RSS (MiB) | peak RSS (MiB) |");
    println!("|---:|---:|---:|");
    let every = (rows / 10).max(1);
    let started = Instant::now();
    let (done, statements) = runtime.block_on(async {
        let operation = template_sms()?;
        let lease = std::time::Duration::from_secs(60);
        let mut journal =
            PgJournal::connect(&url, "memory", operation.path(), "bench", lease).await?;
        let reader = std::io::BufReader::new(std::fs::File::open(&input)?);
        let rows = Rows::new(reader, Format::JsonLines, operation.fields());
        let options = Options {
            concurrency: IN_FLIGHT,
            ..Options::default()
        };
        let mut done = 0u64;
        ytx_batch::run_shared(&client, operation, rows, &mut journal, options, |_| {
            done += 1;
            if done.is_multiple_of(every) {
                let (now, peak) = rss();
                println!(
                    "| {done} | {:.1} | {:.1} |",
                    now as f64 / 1024.0,
                    peak as f64 / 1024.0
                );
            }
        })
        .await?;
        Ok::<_, Error>((done, journal.statements()))
    })?;
    let rate = done as f64 / started.elapsed().as_secs_f64();
    println!(
        "({rows} rows at {rate:.0} rows/s by one worker, {IN_FLIGHT} in flight; {:.3} PostgreSQL statements per row)",
        statements as f64 / done as f64
    );
    drop(postgres);
    Ok(())
}
