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

/// `server-cost [REQUESTS] [ROUNDS]`: server CPU per request and memory, emulator against
/// the minimal Sign-checking server, driven by the SDK at 32 in flight. Both servers run
/// at once and are measured in interleaved rounds; each one's best round counts (the one
/// least disturbed by the rest of the machine), and so does the median of the rounds'
/// ratios (each round's two runs are back to back). The emulator then serves 10x as many
/// requests, to show whether its memory stays flat.
fn server_cost(args: &[String]) -> Result<(), Error> {
    let total: usize = args.first().map_or(Ok(200_000), |a| a.parse())?;
    let rounds: usize = args.get(1).map_or(Ok(5), |a| a.parse())?;
    // As in the default mode: the client on CPU 0, the servers on CPU 1, when possible.
    let pinned = std::env::var_os("YTX_BENCH_PINNED").is_some();
    if !pinned && can_pin() && std::env::var_os("YTX_BENCH_NO_PIN").is_none() {
        let status = Command::new("taskset")
            .args(["-c", "0"])
            .arg(std::env::current_exe()?)
            .arg("server-cost")
            .args(args)
            .env("YTX_BENCH_PINNED", "1")
            .status()?;
        std::process::exit(status.code().unwrap_or(1));
    }
    let rt = runtime()?;
    let mut servers = Vec::new();
    for (name, mode) in [("minimal", "serve"), ("emulator", "serve-emulator")] {
        let mut command = if pinned {
            let mut command = Command::new("taskset");
            command.args(["-c", "1"]).arg(std::env::current_exe()?);
            command
        } else {
            Command::new(std::env::current_exe()?)
        };
        let mut child = command.arg(mode).stdout(Stdio::piped()).spawn()?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().ok_or("no stdout")?).read_line(&mut line)?;
        let addr: SocketAddr = line
            .trim()
            .strip_prefix("listening on ")
            .ok_or("no server")?
            .parse()?;
        let client = AnyClient::new(Kind::Ytx, addr);
        rt.block_on(run(&client, 32, total / 10)); // warm-up
        let rss = usage(child.id())?.1;
        servers.push(Measured {
            name,
            child,
            client,
            cpu_us: Vec::new(),
            rate: 0.0,
            rss_warm: rss,
            rss_after: rss,
        });
    }
    let outcome = measure_servers(&rt, &mut servers, total, rounds);
    // The emulator's memory over 10x as many requests.
    let emulator = &mut servers[1];
    let long = outcome.and_then(|()| {
        for _ in 0..10 {
            rt.block_on(run(&emulator.client, 32, total));
        }
        Ok(usage(emulator.child.id())?.1)
    });
    for server in &mut servers {
        let _ = server.child.kill();
    }
    let long = long?;
    println!(
        "| server | CPU µs per request, best of {rounds} | median | req/s | RSS after warm-up | RSS after {rounds}x{total} | RSS after 10x more |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for server in &servers {
        let mut sorted = server.cpu_us.clone();
        sorted.sort_by(f64::total_cmp);
        let long = if server.name == "emulator" {
            format!("{long} KiB")
        } else {
            String::new()
        };
        println!(
            "| {} | {:.2} | {:.2} | {:.0} | {} KiB | {} KiB | {long} |",
            server.name,
            sorted[0],
            sorted[sorted.len() / 2],
            server.rate,
            server.rss_warm,
            server.rss_after
        );
    }
    let best = |server: &Measured| server.cpu_us.iter().copied().fold(f64::MAX, f64::min);
    // Each round's two servers ran back to back on the same machine: the median of their
    // ratios is the figure least moved by the machine's other load.
    let mut ratios: Vec<f64> = servers[1]
        .cpu_us
        .iter()
        .zip(&servers[0].cpu_us)
        .map(|(emulator, minimal)| emulator / minimal)
        .collect();
    ratios.sort_by(f64::total_cmp);
    println!(
        "emulator / minimal CPU per request: {:.2} (median of the rounds' ratios; {:.2} to {:.2}; best rounds {:.2})",
        ratios[ratios.len() / 2],
        ratios[0],
        ratios[ratios.len() - 1],
        best(&servers[1]) / best(&servers[0])
    );
    Ok(())
}

/// A server of the server-cost mode, with what was measured of it.
struct Measured {
    name: &'static str,
    child: Child,
    client: AnyClient,
    cpu_us: Vec<f64>,
    rate: f64,
    rss_warm: u64,
    rss_after: u64,
}

/// `rounds` interleaved rounds of `total` requests to each server.
fn measure_servers(
    rt: &tokio::runtime::Runtime,
    servers: &mut [Measured],
    total: usize,
    rounds: usize,
) -> Result<(), Error> {
    for _ in 0..rounds {
        for server in servers.iter_mut() {
            let (cpu_before, _) = usage(server.child.id())?;
            let (seconds, failures) = rt.block_on(run(&server.client, 32, total));
            let (cpu_after, rss) = usage(server.child.id())?;
            if failures > 0 {
                return Err(format!("{}: {failures} failures", server.name).into());
            }
            server
                .cpu_us
                .push((cpu_after - cpu_before) * 1e6 / total as f64);
            server.rate = server.rate.max(total as f64 / seconds);
            server.rss_after = rss;
        }
    }
    Ok(())
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

/// `proxy-cost [ROUNDS]`: the SDK at 32 in flight, direct and through tinyproxy, best of
/// interleaved rounds of 20,000 requests.
fn proxy_cost(args: &[String]) -> Result<(), Error> {
    let rounds: usize = args.first().map_or(Ok(5), |a| a.parse())?;
    let (mut server, addr) = start_server(false)?;
    let proxy = ytx_bench::proxied::Tinyproxy::start(32)?;
    let clients = ytx_bench::proxied::clients(addr, &proxy);
    let result = runtime()?.block_on(async {
        let total = 20_000;
        let mut best = [0f64; 2];
        for (_, client) in &clients {
            rate(client, total / 10).await?; // warm-up
        }
        for _ in 0..rounds {
            for (i, (_, client)) in clients.iter().enumerate() {
                best[i] = best[i].max(rate(client, total).await?);
            }
        }
        Ok::<_, Error>(best)
    });
    let _ = server.kill();
    let [direct, proxied] = result?;
    println!("| path | req/s at 32 in flight | / direct |");
    println!("|---|---:|---:|");
    for ((name, _), rate) in clients.iter().zip([direct, proxied]) {
        println!("| {name} | {rate:.0} | {:.3} |", rate / direct);
    }
    Ok(())
}

/// Requests per second of `client` sending `total` at 32 in flight.
async fn rate(client: &ytx_bench::clients::Ytx, total: usize) -> Result<f64, Error> {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..32)
        .map(|_| {
            let (client, next) = (client.clone(), Arc::clone(&next));
            tokio::spawn(async move {
                while next.fetch_add(1, Ordering::Relaxed) < total {
                    client.call().await?;
                }
                Ok::<_, ytx_bench::clients::Error>(())
            })
        })
        .collect();
    for worker in workers {
        worker.await?.map_err(|err| err.to_string())?;
    }
    Ok(total as f64 / started.elapsed().as_secs_f64())
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
