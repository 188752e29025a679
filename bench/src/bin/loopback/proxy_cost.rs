//! `proxy-cost`: the SDK at 32 in flight, direct and through a real forward proxy.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use crate::{Error, runtime, start_server};

/// `proxy-cost [ROUNDS]`: the SDK at 32 in flight, direct and through tinyproxy, best of
/// interleaved rounds of 20,000 requests.
pub(crate) fn proxy_cost(args: &[String]) -> Result<(), Error> {
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
