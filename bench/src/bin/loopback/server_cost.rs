//! `server-cost`: the emulator's CPU per request and memory against the minimal server.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

use ytx_bench::clients::{AnyClient, Kind};

use crate::{Error, can_pin, run, runtime, usage};

/// `server-cost [REQUESTS] [ROUNDS]`: server CPU per request and memory, emulator against
/// the minimal Sign-checking server, driven by the SDK at 32 in flight. Both servers run
/// at once and are measured in interleaved rounds; each one's best round counts (the one
/// least disturbed by the rest of the machine), and so does the median of the rounds'
/// ratios (each round's two runs are back to back). The emulator then serves 10x as many
/// requests, to show whether its memory stays flat.
pub(crate) fn server_cost(args: &[String]) -> Result<(), Error> {
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
