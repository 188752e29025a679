//! The pooled hyper connection and one exchange over it, with the size cap and the
//! connect / send / body stages told apart (they decide whether a call may be retried).

use std::error::Error as StdError;
use std::io;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::header::{CONTENT_LENGTH, DATE};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use crate::config::Config;
use crate::error::{Error, TimeoutPhase};

/// How long an idle pooled connection is kept. The platform's keep-alive is not documented;
/// a short idle time keeps stale connections rare.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

#[cfg(feature = "rustls")]
type Connector = hyper_rustls::HttpsConnector<HttpConnector>;
#[cfg(not(feature = "rustls"))]
type Connector = HttpConnector;

pub(crate) type Http = HyperClient<Connector, Full<Bytes>>;

pub(crate) fn build(config: &Config) -> Http {
    let mut tcp = HttpConnector::new();
    tcp.set_connect_timeout(Some(config.connect_timeout()));
    tcp.set_nodelay(true);
    #[cfg(feature = "rustls")]
    let connector = crate::tls::connector(config.tls(), tcp);
    #[cfg(not(feature = "rustls"))]
    let connector = tcp;
    HyperClient::builder(TokioExecutor::new())
        .pool_idle_timeout(POOL_IDLE_TIMEOUT)
        .pool_timer(TokioTimer::new())
        .build(connector)
}

/// A received answer: status, the platform's `Date`, and the whole body.
pub(crate) struct Received {
    pub(crate) status: http::StatusCode,
    pub(crate) date: Option<chrono::DateTime<chrono::Utc>>,
    pub(crate) body: Bytes,
}

/// Sends one request and reads its answer, under the config's connect, header and body
/// timeouts and its body cap. The whole-request deadline is the caller's.
pub(crate) async fn exchange(
    http: &Http,
    request: http::Request<Full<Bytes>>,
    config: &Config,
) -> Result<Received, Error> {
    let header_timeout = config.header_timeout();
    let response = tokio::time::timeout(header_timeout, http.request(request)).await;
    let response = response.map_err(|_| Error::Timeout {
        phase: TimeoutPhase::Headers,
        after: header_timeout,
    })?;
    let response = response.map_err(|err| {
        if err.is_connect() {
            if caused_by_timeout(&err) {
                Error::Timeout {
                    phase: TimeoutPhase::Connect,
                    after: config.connect_timeout(),
                }
            } else {
                Error::Connect(Box::new(err))
            }
        } else {
            Error::Send(Box::new(err))
        }
    })?;
    let limit = config.max_response_bytes();
    let (parts, mut body) = response.into_parts();
    let declared = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) {
        return Err(Error::BodyTooLarge { limit });
    }
    let date = parts
        .headers
        .get(DATE)
        .and_then(|value| value.to_str().ok())
        .and_then(crate::http_date::parse);
    let read = async {
        let mut buf = BytesMut::with_capacity(declared.map_or(512, |len| len as usize));
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|err| Error::Body(Box::new(err)))?;
            if let Ok(data) = frame.into_data() {
                if buf.len() + data.len() > limit {
                    return Err(Error::BodyTooLarge { limit });
                }
                buf.extend_from_slice(&data);
            }
        }
        Ok(buf.freeze())
    };
    let body_timeout = config.body_timeout();
    let body = tokio::time::timeout(body_timeout, read)
        .await
        .map_err(|_| Error::Timeout {
            phase: TimeoutPhase::Body,
            after: body_timeout,
        })??;
    Ok(Received {
        status: parts.status,
        date,
        body,
    })
}

fn caused_by_timeout(err: &(dyn StdError + 'static)) -> bool {
    let mut source = Some(err);
    while let Some(err) = source {
        if err
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::TimedOut)
        {
            return true;
        }
        source = err.source();
    }
    false
}
