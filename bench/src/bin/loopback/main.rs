//! Loopback throughput: the prebuilt-bytes client, a hand-written hyper client and the ytx
//! `Client` against the same Sign-checking server, at 1 and 32 in flight, in one run.
//!
//! ```text
//! cargo run --release -p ytx-bench --bin loopback                 # req/s table with ratios
//! cargo run --release -p ytx-bench --bin loopback -- callgrind     # instructions per call
//! cargo run --release -p ytx-bench --bin loopback -- server-cost   # emulator vs minimal server
//! ```
//!
//! The server runs as a child process. Where `taskset` exists, the server is pinned to CPU 1
//! and the clients to CPU 0. Each figure is the best of several interleaved rounds, so the
//! three clients see the same machine state.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use ytx_bench::clients::{AnyClient, Kind};

mod proxy_cost;
mod server_cost;

use proxy_cost::proxy_cost;
use server_cost::server_cost;

type Error = Box<dyn std::error::Error + Send + Sync>;

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("serve") => serve(),
        Some("serve-emulator") => serve_emulator(),
        Some("server-cost") => server_cost(&args[1..]),
        Some("drive") => drive(&args[1..]),
        Some("callgrind") => callgrind(&args[1..]),
        Some("proxy-cost") => proxy_cost(&args[1..]),
        _ => compare(&args),
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

/// `serve`: the server, printing `listening on ADDR`.
fn serve() -> Result<(), Error> {
    runtime()?.block_on(async {
        let (listener, addr) = ytx_bench::server::bind(0).await?;
        println!("listening on {addr}");
        ytx_bench::server::serve(listener).await;
        Ok(())
    })
}

/// `serve-emulator`: the emulator with the harness's account, printing `listening on ADDR`.
fn serve_emulator() -> Result<(), Error> {
    use ytx_emulator::{Account, App, Emulator};
    runtime()?.block_on(async {
        let account =
            Account::new(ytx_bench::SID, ytx_bench::TOKEN).app(App::new(ytx_bench::APP_ID));
        let emulator = Emulator::builder().account(account).start().await?;
        println!("listening on {}", emulator.addr());
        std::future::pending::<()>().await;
        Ok(())
    })
}

/// CPU time (user + system) in seconds and resident memory in KiB of process `pid`.
fn usage(pid: u32) -> Result<(f64, u64), Error> {
    let usage = ytx_bench::procfs::usage(pid)?;
    Ok((usage.cpu_nanos as f64 / 1e9, usage.rss_kib))
}

/// Starts the server child, pinned to CPU 1 when possible; returns it and its address.
fn start_server(pin: bool) -> Result<(Child, SocketAddr), Error> {
    let me = std::env::current_exe()?;
    let mut command = if pin {
        let mut command = Command::new("taskset");
        command.arg("-c").arg("1").arg(&me);
        command
    } else {
        Command::new(&me)
    };
    let mut child = command.arg("serve").stdout(Stdio::piped()).spawn()?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().ok_or("no stdout")?).read_line(&mut line)?;
    let addr = line
        .trim()
        .strip_prefix("listening on ")
        .ok_or("server did not start")?
        .parse()?;
    Ok((child, addr))
}

fn can_pin() -> bool {
    let two_cpus = std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2);
    two_cpus
        && Command::new("taskset")
            .arg("-c")
            .arg("0")
            .arg("true")
            .status()
            .is_ok_and(|s| s.success())
}

/// Sends `total` requests with `inflight` concurrent loops; returns (seconds, failures).
async fn run(client: &AnyClient, inflight: usize, total: usize) -> (f64, usize) {
    let next = Arc::new(AtomicUsize::new(0));
    let failures = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..inflight)
        .map(|_| {
            let (client, next, failures) =
                (client.clone(), Arc::clone(&next), Arc::clone(&failures));
            tokio::spawn(async move {
                while next.fetch_add(1, Ordering::Relaxed) < total {
                    if client.call().await.is_err() {
                        failures.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    for worker in workers {
        let _ = worker.await;
    }
    (
        started.elapsed().as_secs_f64(),
        failures.load(Ordering::Relaxed),
    )
}

/// `drive KIND INFLIGHT REQUESTS ADDR`: one client, for callgrind.
fn drive(args: &[String]) -> Result<(), Error> {
    let [kind, inflight, total, addr] = args else {
        return Err("drive KIND INFLIGHT REQUESTS ADDR".into());
    };
    let kind = Kind::parse(kind).ok_or("kind: prebuilt, handwritten or ytx")?;
    let (inflight, total, addr): (usize, usize, SocketAddr) =
        (inflight.parse()?, total.parse()?, addr.parse()?);
    runtime()?.block_on(async {
        let client = AnyClient::new(kind, addr);
        let (_, failures) = run(&client, inflight, total).await;
        if failures > 0 {
            Err(format!("{failures} failures").into())
        } else {
            Ok(())
        }
    })
}

/// The default: req/s of the four clients at 1 and 32 in flight, with ratios.
fn compare(args: &[String]) -> Result<(), Error> {
    let rounds: usize = args.first().map_or(Ok(5), |a| a.parse())?;
    // Inside the re-run, CPU 0 is all this process sees: the parent decided for it.
    let pinned = std::env::var_os("YTX_BENCH_PINNED").is_some();
    let pin = pinned || (can_pin() && std::env::var_os("YTX_BENCH_NO_PIN").is_none());
    if pin && !pinned {
        // Re-run on CPU 0; the server child goes to CPU 1.
        let status = Command::new("taskset")
            .arg("-c")
            .arg("0")
            .arg(std::env::current_exe()?)
            .args(args)
            .env("YTX_BENCH_PINNED", "1")
            .status()?;
        std::process::exit(status.code().unwrap_or(1));
    }
    let (mut server, addr) = start_server(pin)?;
    let result = runtime()?.block_on(async {
        let mut rows = Vec::new();
        for (inflight, total) in [(1, 10_000), (32, 50_000)] {
            let clients: Vec<(Kind, AnyClient)> = Kind::ALL
                .iter()
                .map(|&k| (k, AnyClient::new(k, addr)))
                .collect();
            for (_, client) in &clients {
                run(client, inflight, total / 10).await; // warm-up
            }
            let mut best = [0f64; Kind::ALL.len()];
            for _ in 0..rounds {
                for (i, (kind, client)) in clients.iter().enumerate() {
                    let (seconds, failures) = run(client, inflight, total).await;
                    if failures > 0 {
                        return Err(format!("{}: {failures} failures", kind.name()).into());
                    }
                    best[i] = best[i].max(total as f64 / seconds);
                }
            }
            rows.push((inflight, best));
        }
        Ok::<_, Error>(rows)
    });
    let _ = server.kill();
    let rows = result?;
    println!(
        "pinned: {}",
        if pin {
            "clients on CPU 0, server on CPU 1"
        } else {
            "no"
        }
    );
    println!(
        "| in flight | prebuilt req/s | handwritten req/s | handwritten+timeout req/s | ytx req/s \
         | ytx side effect req/s | ytx / handwritten | ytx / handwritten+timeout | ytx / prebuilt \
         | side effect / ytx |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (inflight, [prebuilt, handwritten, timed, ytx, side_effect]) in rows {
        println!(
            "| {inflight} | {prebuilt:.0} | {handwritten:.0} | {timed:.0} | {ytx:.0} | {side_effect:.0} | {:.3} | {:.3} | {:.3} | {:.3} |",
            ytx / handwritten,
            ytx / timed,
            ytx / prebuilt,
            side_effect / ytx
        );
    }
    Ok(())
}

/// `callgrind [REQUESTS]`: client instructions per call, the difference of two run lengths.
fn callgrind(args: &[String]) -> Result<(), Error> {
    if Command::new("valgrind").arg("--version").output().is_err() {
        return Err("valgrind is not installed".into());
    }
    let n: u64 = args.first().map_or(Ok(2_000), |a| a.parse())?;
    let (mut server, addr) = start_server(false)?;
    let me = std::env::current_exe()?;
    let instructions = |kind: Kind, requests: u64| -> Result<u64, Error> {
        let out =
            std::env::temp_dir().join(format!("ytx-callgrind-{}-{requests}.out", kind.name()));
        let status = Command::new("valgrind")
            .arg("--tool=callgrind")
            .arg(format!("--callgrind-out-file={}", out.display()))
            .arg(&me)
            .args([
                "drive",
                kind.name(),
                "1",
                &requests.to_string(),
                &addr.to_string(),
            ])
            .stderr(Stdio::null())
            .status()?;
        if !status.success() {
            return Err(format!("{} under callgrind failed", kind.name()).into());
        }
        let text = std::fs::read_to_string(&out)?;
        let _ = std::fs::remove_file(&out);
        let summary = text
            .lines()
            .find_map(|l| l.strip_prefix("summary:"))
            .ok_or("no summary")?;
        Ok(summary.trim().split(' ').next().unwrap_or("0").parse()?)
    };
    let mut per_call = Vec::new();
    for kind in Kind::ALL.into_iter().chain(Kind::INTERCEPTED) {
        let (short, long) = (instructions(kind, n)?, instructions(kind, 2 * n)?);
        per_call.push((kind, long.saturating_sub(short) / n));
    }
    let _ = server.kill();
    let of = |kind: Kind| {
        per_call
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(1, |(_, i)| *i)
            .max(1) as f64
    };
    println!("| client | instructions per call | / handwritten | / prebuilt |");
    println!("|---|---:|---:|---:|");
    for (kind, count) in &per_call {
        println!(
            "| {} | {count} | {:.3} | {:.3} |",
            kind.name(),
            *count as f64 / of(Kind::Handwritten),
            *count as f64 / of(Kind::Prebuilt)
        );
    }
    println!(
        "({n} and {} calls at 1 in flight; the difference divided by {n})",
        2 * n
    );
    Ok(())
}
