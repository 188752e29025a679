//! A loopback HTTP/1.1 server that records each request as received and answers with a
//! scripted reply, including replies no real server should send (truncated, oversized,
//! none at all). It stops when dropped.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use ytx_core::{Client, Config, FixedClock};

/// The documentation's MeetingQuery vector (`spec/signing/doc-meeting-query`).
pub const SID: &str = "abcdefghijklmnopqrstuvwxyz012345";
pub const TOKEN: &str = "ytxdoctoken0123456789abcdef012345";
pub const APP_ID: &str = "ff8080813fc70a7b013fc72312324213";
pub const INSTANT: &str = "2014-04-16T06:20:30Z";

/// The `doc-meeting-query` signing vector (`spec/signing/doc-meeting-query/`), whose
/// credentials and instant the servers' clients use.
pub fn doc_vector() -> &'static ytx_spec::SigningVector {
    ytx_spec::builtin()
        .unwrap_or_else(|err| panic!("{err}"))
        .signing_vector("doc-meeting-query")
        .expect("the doc-meeting-query vector")
}

/// The test account's configuration for `base_url`.
pub fn config_for(base_url: impl Into<String>) -> ytx_core::ConfigBuilder {
    Config::builder()
        .account_sid(SID)
        .auth_token(TOKEN)
        .app_id(APP_ID)
        .base_url(base_url)
}

/// A request as the server read it.
#[derive(Debug, Clone)]
pub struct Captured {
    pub method: String,
    pub target: String,
    /// Header lines in the order received, names as sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Captured {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// What the server does with a request.
#[derive(Clone)]
pub enum Reply {
    /// A well-formed response with a `Content-Length`.
    Http {
        status: u16,
        content_type: &'static str,
        body: Vec<u8>,
    },
    /// These bytes, then the connection is closed.
    Raw(Vec<u8>),
    /// A well-formed answer that keeps the connection alive, then the connection is closed
    /// anyway: what a server does when its keep-alive runs out.
    ThenClose(Box<Reply>),
    /// Reads the request and never answers.
    Silent,
    /// These bytes (say, the headers and part of a body), then nothing more.
    Stall(Vec<u8>),
}

impl Reply {
    pub fn json(body: &str) -> Self {
        Self::Http {
            status: 200,
            content_type: "application/json",
            body: body.as_bytes().to_vec(),
        }
    }
}

pub struct Server {
    pub addr: std::net::SocketAddr,
    requests: Arc<Mutex<Vec<Captured>>>,
    connections: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl Server {
    pub async fn start(reply: Reply) -> Self {
        Self::listen(reply, None).await
    }

    /// The same server behind TLS, with a certificate for `localhost` made for this run;
    /// returns the server and the certificate (DER) a client must trust.
    pub async fn start_tls(reply: Reply) -> (Self, Vec<u8>) {
        let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
        let cert = certified.cert.der().to_vec();
        let key = rustls::pki_types::PrivateKeyDer::try_from(certified.signing_key.serialize_der())
            .unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![cert.clone().into()], key)
            .unwrap();
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        (Self::listen(reply, Some(acceptor)).await, cert)
    }

    async fn listen(reply: Reply, tls: Option<tokio_rustls::TlsAcceptor>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let (log, accepted) = (Arc::clone(&requests), Arc::clone(&connections));
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                accepted.fetch_add(1, Ordering::SeqCst);
                let (reply, log, tls) = (reply.clone(), Arc::clone(&log), tls.clone());
                tokio::spawn(async move {
                    match tls {
                        None => serve(stream, reply, log).await,
                        // A client that does not trust the certificate ends at the handshake.
                        Some(acceptor) => {
                            if let Ok(stream) = acceptor.accept(stream).await {
                                serve(stream, reply, log).await;
                            }
                        }
                    }
                });
            }
        });
        Self {
            addr,
            requests,
            connections,
            task,
        }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many TCP connections were accepted.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    pub fn requests(&self) -> Vec<Captured> {
        self.requests.lock().unwrap().clone()
    }

    /// A client for this server, with the doc vector's credentials and clock.
    pub fn client(&self) -> Client {
        self.client_with(|builder| builder)
    }

    pub fn client_with(
        &self,
        tweak: impl FnOnce(ytx_core::ConfigBuilder) -> ytx_core::ConfigBuilder,
    ) -> Client {
        let builder = Config::builder()
            .account_sid(SID)
            .auth_token(TOKEN)
            .app_id(APP_ID)
            .base_url(self.base_url());
        let instant: DateTime<Utc> = INSTANT.parse().unwrap();
        Client::builder()
            .config(tweak(builder).build().unwrap())
            .clock(FixedClock::new(instant))
            .build()
            .unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve<S>(mut stream: S, reply: Reply, log: Arc<Mutex<Vec<Captured>>>)
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    let mut buf = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buf).await else {
            return;
        };
        log.lock().unwrap().push(request);
        let (reply, close) = match &reply {
            Reply::ThenClose(reply) => (reply.as_ref(), true),
            reply => (reply, false),
        };
        match reply {
            Reply::Http {
                status,
                content_type,
                body,
            } => {
                let head = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\r\n",
                    body.len()
                );
                let mut bytes = head.into_bytes();
                bytes.extend_from_slice(body);
                if stream.write_all(&bytes).await.is_err() {
                    return;
                }
            }
            Reply::Raw(bytes) => {
                let _ = stream.write_all(bytes).await;
                let _ = stream.shutdown().await;
                return;
            }
            Reply::Silent => {
                tokio::time::sleep(Duration::from_secs(3600)).await;
                return;
            }
            Reply::Stall(bytes) => {
                let _ = stream.write_all(bytes).await;
                tokio::time::sleep(Duration::from_secs(3600)).await;
                return;
            }
            Reply::ThenClose(_) => return,
        }
        if close {
            let _ = stream.shutdown().await;
            return;
        }
    }
}

/// Reads one request (head and `Content-Length` body); `None` when the peer closed.
async fn read_request<S: AsyncRead + Unpin>(stream: &mut S, buf: &mut Vec<u8>) -> Option<Captured> {
    let head_end = loop {
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8(buf[..head_end].to_vec()).ok()?;
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let (method, target) = (
        request_line.next()?.to_owned(),
        request_line.next()?.to_owned(),
    );
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.to_owned(), v.trim().to_owned()))
        .collect();
    let length = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let body_start = head_end + 4;
    while buf.len() < body_start + length {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = buf[body_start..body_start + length].to_vec();
    buf.drain(..body_start + length);
    Some(Captured {
        method,
        target,
        headers,
        body,
    })
}

/// splitmix64: small, fast, good enough to spread test cases.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}
