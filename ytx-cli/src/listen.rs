//! `ytx callbacks listen`: serves the callback receiver and prints every push as one JSON
//! line on stdout, `{"kind":"sms_delivery","body":{…as sent…}}`.
//!
//! The server is hardened for the open internet: a connection cap, a deadline for the
//! request head (the wait for the first byte included) and one for the body, so idle or
//! slow clients cannot hold up pushes. Callers off the IP allowlist are closed before
//! anything is read.

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use clap::{Arg, ArgAction, ArgMatches, Command};
use http::{Response, StatusCode};
use http_body_util::Full;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use ytx_core::callback::CallbackReceiver;

use crate::output;

/// Default deadline for a request's head, from the connection's start: 10 s.
const DEFAULT_HEADER_TIMEOUT: &str = "10";
/// Default deadline for a request's body: 10 s.
const DEFAULT_BODY_TIMEOUT: &str = "10";
/// Default cap on open connections.
const DEFAULT_MAX_CONNECTIONS: &str = "1024";

pub(crate) fn command() -> Command {
    Command::new("callbacks")
        .about("Receive the platform's callbacks (状态回推)")
        .subcommand_required(true)
        .subcommand(
            Command::new("listen")
                .about("Serve a callback URL and print every push as one JSON line: its kind and the body as sent")
                .arg(
                    Arg::new("listen")
                        .long("listen")
                        .value_name("ADDR")
                        .required(true)
                        .help("Address to listen on, e.g. 0.0.0.0:8090; port 0 picks a free one"),
                )
                .arg(
                    Arg::new("path")
                        .long("path")
                        .value_name("PATH")
                        .help("Serve only this path (a secret, e.g. /ytx/cb/4f1d0c…): any other gets 404"),
                )
                .arg(
                    Arg::new("allow-ip")
                        .long("allow-ip")
                        .value_name("IP,…")
                        .action(ArgAction::Append)
                        .help("Serve only these callers; others are closed unread (repeatable, or comma-separated)"),
                )
                .arg(
                    Arg::new("trust-proxy")
                        .long("trust-proxy")
                        .value_name("IP|NET,…")
                        .action(ArgAction::Append)
                        .help("Your own proxies in front (nginx, an ingress), e.g. 10.0.0.0/8: behind them, --allow-ip checks the caller their Forwarded or X-Forwarded-For names; from anyone else those headers are ignored (repeatable, or comma-separated)"),
                )
                .arg(
                    Arg::new("header-timeout")
                        .long("header-timeout")
                        .value_name("SECONDS")
                        .default_value(DEFAULT_HEADER_TIMEOUT)
                        .help("Close a connection whose request head has not arrived by then"),
                )
                .arg(
                    Arg::new("body-timeout")
                        .long("body-timeout")
                        .value_name("SECONDS")
                        .default_value(DEFAULT_BODY_TIMEOUT)
                        .help("Answer 408 to a request whose body has not arrived by then"),
                )
                .arg(
                    Arg::new("max-connections")
                        .long("max-connections")
                        .value_name("N")
                        .default_value(DEFAULT_MAX_CONNECTIONS)
                        .help("Open connections at most; more are closed at once"),
                ),
        )
}

/// The listener's settings, read from the flags.
struct Settings {
    listen: SocketAddr,
    path: Option<String>,
    allowed: Option<Vec<IpAddr>>,
    trusted: Vec<String>,
    header_timeout: Duration,
    body_timeout: Duration,
    max_connections: usize,
}

fn settings(args: &ArgMatches) -> Result<Settings, String> {
    let listen = args
        .get_one::<String>("listen")
        .and_then(|text| text.parse().ok())
        .ok_or("--listen takes an address such as 127.0.0.1:8090")?;
    let path = args.get_one::<String>("path").cloned();
    if path.as_deref().is_some_and(|path| !path.starts_with('/')) {
        return Err("--path starts with /".into());
    }
    let allowed = match args.get_many::<String>("allow-ip") {
        None => None,
        Some(values) => Some(
            values
                .flat_map(|value| value.split(','))
                .map(|ip| {
                    ip.trim()
                        .parse::<IpAddr>()
                        .map_err(|_| format!("--allow-ip: `{ip}` is not an IP address"))
                })
                .collect::<Result<Vec<_>, _>>()?,
        ),
    };
    let max_connections = args
        .get_one::<String>("max-connections")
        .and_then(|text| text.parse::<usize>().ok())
        .filter(|n| *n > 0)
        .ok_or("--max-connections takes a positive number")?;
    let trusted = args
        .get_many::<String>("trust-proxy")
        .into_iter()
        .flatten()
        .flat_map(|value| value.split(','))
        .map(|net| net.trim().to_owned())
        .collect();
    Ok(Settings {
        listen,
        path,
        allowed,
        trusted,
        header_timeout: seconds(args, "header-timeout")?,
        body_timeout: seconds(args, "body-timeout")?,
        max_connections,
    })
}

fn seconds(args: &ArgMatches, flag: &str) -> Result<Duration, String> {
    let text = args.get_one::<String>(flag).map_or("", String::as_str);
    crate::target::parse_seconds(flag, text)
}

pub(crate) async fn run(args: &ArgMatches) -> ExitCode {
    let Some(("listen", args)) = args.subcommand() else {
        return output::usage("`ytx callbacks` needs a subcommand; see `ytx callbacks --help`");
    };
    let settings = match settings(args) {
        Ok(settings) => settings,
        Err(problem) => return output::usage(&problem),
    };
    let listener = match TcpListener::bind(settings.listen).await {
        Ok(listener) => listener,
        Err(err) => {
            let message = format!("cannot listen on {}: {err}", settings.listen);
            return output::fail(&message, None);
        }
    };
    let mut receiver =
        CallbackReceiver::with_body(|callback, body| print_push(callback.kind(), body));
    if let Some(path) = &settings.path {
        receiver = receiver.secret_path(path);
    }
    if let Some(allowed) = &settings.allowed {
        receiver = receiver.allow_ips(allowed.iter().copied());
    }
    receiver = match receiver.trust_proxies(&settings.trusted) {
        Ok(receiver) => receiver,
        Err(err) => return output::usage(&format!("--trust-proxy: {err}")),
    };
    let addr = listener.local_addr().map_or(settings.listen, |addr| addr);
    // The path is a secret: it is not printed.
    eprintln!(
        "ytx: listening for callbacks on http://{addr}{}",
        if settings.path.is_some() {
            " (secret path)"
        } else {
            "/"
        }
    );
    serve(listener, receiver, &settings).await;
    ExitCode::SUCCESS
}

/// One push, one line, flushed at once. When stdout is gone the platform is asked to come
/// back later (503): a push is never lost unprinted.
fn print_push(kind: &str, body: &Bytes) -> bool {
    let text = String::from_utf8_lossy(ytx_protocol::without_bom(body));
    let body = crate::layout::layout(&text, None);
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{{\"kind\":\"{kind}\",\"body\":{body}}}").is_ok() && stdout.flush().is_ok()
}

async fn serve(listener: TcpListener, receiver: CallbackReceiver, settings: &Settings) {
    let slots = Arc::new(Semaphore::new(settings.max_connections));
    let (header_timeout, body_timeout) = (settings.header_timeout, settings.body_timeout);
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            // Out of descriptors, or a connection reset before it was accepted: go on.
            Err(err) => {
                eprintln!("ytx: accept failed: {err}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        if !receiver.admits(peer.ip()) {
            continue;
        }
        let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
            continue;
        };
        let receiver = receiver.for_peer(peer.ip());
        tokio::spawn(async move {
            let _slot = slot;
            let service = service_fn(move |request| {
                let receiver = receiver.clone();
                async move {
                    let answered = tokio::time::timeout(body_timeout, receiver.handle(request));
                    Ok::<_, std::convert::Infallible>(
                        answered.await.unwrap_or_else(|_| timed_out()),
                    )
                }
            });
            // The head's deadline runs from here, so a client that never sends a byte is
            // closed too.
            let mut first = [0u8; 1];
            let first_byte = tokio::time::timeout(header_timeout, stream.peek(&mut first));
            if !matches!(first_byte.await, Ok(Ok(1..))) {
                return;
            }
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(TokioIo::new(stream), service);
            let _ = connection.await;
        });
    }
}

fn timed_out() -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(b"body too slow")));
    *response.status_mut() = StatusCode::REQUEST_TIMEOUT;
    response
}
