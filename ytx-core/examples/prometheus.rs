//! The metrics interceptor wired to a Prometheus exporter: every call and attempt is counted
//! by endpoint and outcome, with latency histograms, and `/metrics` serves them.
//!
//! ```sh
//! ytx emulator &  # prints the YTX_* variables to export for it (or use real credentials)
//! export YTX_ACCOUNT_SID=… YTX_AUTH_TOKEN=… YTX_APP_ID=… YTX_BASE_URL=http://127.0.0.1:8080
//! cargo run -p ytx-core --features metrics --example prometheus
//! curl http://127.0.0.1:9898/metrics
//! ```

use std::time::Duration;

use axum::routing::get;
use metrics_exporter_prometheus::PrometheusBuilder;
use ytx_core::intercept::MetricsInterceptor;
use ytx_core::{Client, Config, RawRequest};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The exporter is the process's recorder; the SDK only talks to the `metrics` facade.
    let metrics = PrometheusBuilder::new().install_recorder()?;
    let client = Client::builder()
        .config(Config::from_env()?)
        .interceptor(MetricsInterceptor::new())
        .build()?;

    // The application's own HTTP server serves the text Prometheus scrapes.
    let app = axum::Router::new().route("/metrics", get(move || async move { metrics.render() }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:9898").await?;
    tokio::spawn(async move { axum::serve(listener, app).await });
    println!("metrics on http://127.0.0.1:9898/metrics");

    // Some traffic: the account's balance, every ten seconds.
    let balance = RawRequest::new("account/getBlance.wx", "queryBlance")?.version("201612")?;
    loop {
        match client.send_raw(&balance).await {
            Ok(answer) => println!("answered: {answer}"),
            Err(err) => eprintln!("error: {err}"),
        }
        tokio::time::sleep(Duration::from_secs(10)).await;
    }
}
