//! The connection pool: idle HTTP/1.1 connections to the one origin a client talks to.
//!
//! A [`Client`](crate::Client) has one base URL, so its pool needs no map keyed by host: a
//! stack of idle connections behind a mutex is enough. Checking one out and back in is a
//! lock, a push and a pop; a general-purpose pool hashes the origin several times per request
//! and spawns a task to return each connection. The newest idle connection is used first, so
//! the oldest ones age out.

use std::future::poll_fn;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use http::uri::{Authority, Scheme};
use http::{HeaderValue, Response, Uri};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::client::legacy::connect::HttpConnector;
use tokio::time::Instant;

use crate::config::{BaseUrl, Config};
use crate::error::{BoxError, Error, TimeoutError, TimeoutPhase};

/// How long an idle connection is kept. The platform's keep-alive is not documented; a short
/// idle time keeps stale connections rare.
const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

#[cfg(feature = "rustls")]
type Dial = hyper_rustls::HttpsConnector<HttpConnector>;
#[cfg(not(feature = "rustls"))]
type Dial = HttpConnector;

/// How new connections are opened.
#[derive(Clone)]
enum Connector {
    /// TCP (then TLS for `https://`) to the origin, or to a forward proxy for an `http://`
    /// target sent in absolute form.
    Direct(Dial),
    /// TLS inside a proxy's `CONNECT` tunnel, for an `https://` target.
    #[cfg(feature = "rustls")]
    Tunnel(Box<hyper_rustls::HttpsConnector<crate::proxy::Tunnel>>),
}

type Sender = SendRequest<Full<Bytes>>;

/// Idle connections to the client's origin, and the connector that opens new ones.
pub(crate) struct Pool {
    connector: Connector,
    /// `scheme://authority/`: what the connector dials (the proxy's, when forwarding).
    origin: Uri,
    /// Whether requests go to a forward proxy in absolute form: an error answer may then
    /// be the proxy's own.
    forwarding: bool,
    connect_timeout: Duration,
    idle: Mutex<Vec<Idle>>,
}

struct Idle {
    sender: Sender,
    since: Instant,
}

/// A connection checked out for one exchange. Hand it back with [`Pool::checkin`] once the
/// answer has been read to its end; dropping it instead closes the connection.
pub(crate) struct Conn {
    sender: Sender,
}

impl Pool {
    /// An empty pool for the configured base URL; connections are opened on demand.
    pub(crate) fn new(config: &Config) -> Self {
        let mut tcp = HttpConnector::new();
        tcp.set_connect_timeout(Some(config.connect_timeout()));
        tcp.set_nodelay(true);
        let base = config.base_url();
        let origin = Uri::builder()
            .scheme(base.scheme().clone())
            .authority(base.authority().clone())
            .path_and_query("/")
            .build()
            .unwrap_or_default();
        let (connector, origin, forwarding) = match config.proxy() {
            #[cfg(feature = "rustls")]
            Some(proxy) if *base.scheme() == Scheme::HTTPS => {
                let tunnel =
                    crate::proxy::Tunnel::new(tcp, proxy, config.user_agent_header().clone());
                let connector = crate::tls::connector_over(config.tls(), tunnel);
                (Connector::Tunnel(Box::new(connector)), origin, false)
            }
            Some(proxy) => (Connector::Direct(dial(config, tcp)), proxy.uri(), true),
            None => (Connector::Direct(dial(config, tcp)), origin, false),
        };
        Self {
            connector,
            origin,
            forwarding,
            connect_timeout: config.connect_timeout(),
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Whether requests go to a forward proxy in absolute form.
    #[inline]
    pub(crate) fn forwarding(&self) -> bool {
        self.forwarding
    }

    /// Sends `request` on an idle connection, or on a new one if none is left. A request an
    /// idle connection turned away unsent (the server had closed it) goes to the next one;
    /// a request that may have been written is never resent here. `now` dates the check for
    /// idle connections that are too old. `handed` is set while the request is in a
    /// connection's hands: from then on, it may have been sent.
    pub(crate) async fn send(
        &self,
        mut request: http::Request<Full<Bytes>>,
        now: Instant,
        handed: &AtomicBool,
    ) -> Result<(Response<Incoming>, Conn), Error> {
        loop {
            let (mut sender, reused) = match self.idle_sender(now).await {
                Some(sender) => (sender, true),
                None => (self.connect().await?, false),
            };
            handed.store(true, Ordering::Relaxed);
            match sender.try_send_request(request).await {
                Ok(response) => return Ok((response, Conn { sender })),
                Err(mut err) => match err.take_message() {
                    Some(unsent) if reused => {
                        tracing::debug!(error = %err.error(), "an idle connection turned the request away unsent; trying another");
                        handed.store(false, Ordering::Relaxed);
                        request = unsent;
                    }
                    // A fresh connection that closed before the request was written.
                    Some(_) => return Err(Error::Connect(Box::new(err.into_error()))),
                    None => return Err(Error::Send(Box::new(err.into_error()))),
                },
            }
        }
    }

    /// Returns a connection whose answer was read to its end, for the next request; `now`
    /// starts its idle time.
    pub(crate) fn checkin(&self, conn: Conn, now: Instant) {
        if conn.sender.is_closed() {
            return;
        }
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        // Entries are pushed as answers complete, so the oldest sit at the bottom: drop those
        // past the idle limit or closed. Any that slip through are skipped when popped.
        let stale = idle.iter().take_while(|entry| !fresh(entry, now)).count();
        idle.drain(..stale);
        idle.push(Idle {
            sender: conn.sender,
            since: now,
        });
    }

    /// The newest idle connection that is still open and ready, dropping stale ones.
    async fn idle_sender(&self, now: Instant) -> Option<Sender> {
        loop {
            let mut sender = self.pop(now)?;
            // The connection finishes its previous exchange before it is ready; an error
            // means the server closed it meanwhile.
            match sender.ready().await {
                Ok(()) => return Some(sender),
                Err(err) => {
                    tracing::debug!(error = %err, "dropping an idle connection the server closed")
                }
            }
        }
    }

    fn pop(&self, now: Instant) -> Option<Sender> {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        while let Some(entry) = idle.pop() {
            if fresh(&entry, now) {
                return Some(entry.sender);
            }
        }
        None
    }

    /// A new connection (TCP, then TLS for `https://`), driven by a task of its own.
    async fn connect(&self) -> Result<Sender, Error> {
        let io = match &self.connector {
            Connector::Direct(connector) => open(connector.clone(), self.origin.clone()).await,
            #[cfg(feature = "rustls")]
            Connector::Tunnel(connector) => {
                open(connector.as_ref().clone(), self.origin.clone()).await
            }
        }
        .map_err(|err| self.connect_error(err))?;
        let (sender, connection) = http1::handshake(io)
            .await
            .map_err(|err| Error::Connect(Box::new(err)))?;
        tokio::spawn(async move {
            // The connection ends when the server closes it or the pool drops its sender;
            // either way the next checkout sees it closed.
            if let Err(err) = connection.await {
                tracing::debug!(error = %err, "connection ended with an error");
            }
        });
        tracing::debug!("opened a connection");
        Ok(sender)
    }

    fn connect_error(&self, err: impl Into<BoxError>) -> Error {
        let err = err.into();
        if caused_by_timeout(err.as_ref()) {
            Error::Timeout(TimeoutError::new(
                TimeoutPhase::Connect,
                self.connect_timeout,
            ))
        } else {
            Error::Connect(err)
        }
    }
}

/// The connector for direct connections: TCP, and TLS for `https://` with `rustls`.
fn dial(config: &Config, tcp: HttpConnector) -> Dial {
    #[cfg(feature = "rustls")]
    return crate::tls::connector(config.tls(), tcp);
    #[cfg(not(feature = "rustls"))]
    {
        let _ = config;
        tcp
    }
}

/// A connection from `connector` to `uri`.
async fn open<C>(mut connector: C, uri: Uri) -> Result<C::Response, BoxError>
where
    C: tower_service::Service<Uri>,
    C::Error: Into<BoxError>,
{
    poll_fn(|cx| connector.poll_ready(cx))
        .await
        .map_err(Into::into)?;
    connector.call(uri).await.map_err(Into::into)
}

fn fresh(entry: &Idle, now: Instant) -> bool {
    now.saturating_duration_since(entry.since) < IDLE_TIMEOUT && !entry.sender.is_closed()
}

/// The `Host` header for `base`: the authority, without the scheme's default port.
pub(crate) fn host_header(base: &BaseUrl) -> HeaderValue {
    let authority: &Authority = base.authority();
    let default_port = if *base.scheme() == Scheme::HTTPS {
        443
    } else {
        80
    };
    let host = match authority.port_u16() {
        Some(port) if port == default_port => authority.host(),
        _ => authority.as_str(),
    };
    // An `Authority` holds only characters a header value accepts.
    HeaderValue::from_str(host).unwrap_or(HeaderValue::from_static(""))
}

fn caused_by_timeout(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(err);
    while let Some(err) = source {
        if err
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
        {
            return true;
        }
        source = err.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(url: &str) -> HeaderValue {
        host_header(&BaseUrl::parse(url).unwrap())
    }

    #[test]
    fn host_drops_only_the_default_port() {
        assert_eq!(host("http://api.ytx.net"), "api.ytx.net");
        assert_eq!(host("http://api.ytx.net:80/x"), "api.ytx.net");
        assert_eq!(host("http://127.0.0.1:8080"), "127.0.0.1:8080");
        assert_eq!(host("http://[::1]:9000"), "[::1]:9000");
    }
}
