//! The `CONNECT` tunnel an `https://` base URL goes through when a proxy is set: a
//! connector that dials the proxy, asks it for a tunnel to the platform's host and port,
//! and hands the open stream to TLS (which checks the certificate against the platform's
//! name, not the proxy's).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use http::{HeaderValue, Uri};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;
use tower_service::Service;

use super::{Proxy, ProxyError};
use crate::error::BoxError;

/// The longest answer to `CONNECT` read (status line and headers).
const MAX_ANSWER: usize = 8 * 1024;

/// Opens connections through a proxy's `CONNECT` tunnel.
#[derive(Clone)]
pub(crate) struct Tunnel {
    tcp: HttpConnector,
    proxy: Uri,
    authorization: Option<HeaderValue>,
    user_agent: HeaderValue,
}

impl Tunnel {
    pub(crate) fn new(tcp: HttpConnector, proxy: &Proxy, user_agent: HeaderValue) -> Self {
        Self {
            tcp,
            proxy: proxy.uri(),
            authorization: proxy.authorization().cloned(),
            user_agent,
        }
    }
}

impl Service<Uri> for Tunnel {
    type Response = TokioIo<TcpStream>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.tcp.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, target: Uri) -> Self::Future {
        let connecting = self.tcp.call(self.proxy.clone());
        let (authorization, user_agent) = (self.authorization.clone(), self.user_agent.clone());
        Box::pin(async move {
            let host = target.host().ok_or("the target has no host")?;
            let port = target.port_u16().unwrap_or(443);
            let mut stream = connecting.await?.into_inner();
            let mut request = Vec::with_capacity(256);
            let authority = if host.contains(':') && !host.starts_with('[') {
                format!("[{host}]:{port}")
            } else {
                format!("{host}:{port}")
            };
            request.extend_from_slice(b"CONNECT ");
            request.extend_from_slice(authority.as_bytes());
            request.extend_from_slice(b" HTTP/1.1\r\nHost: ");
            request.extend_from_slice(authority.as_bytes());
            request.extend_from_slice(b"\r\nUser-Agent: ");
            request.extend_from_slice(user_agent.as_bytes());
            if let Some(authorization) = &authorization {
                request.extend_from_slice(b"\r\nProxy-Authorization: ");
                request.extend_from_slice(authorization.as_bytes());
            }
            request.extend_from_slice(b"\r\n\r\n");
            stream.write_all(&request).await?;
            read_answer(&mut stream).await?;
            Ok(TokioIo::new(stream))
        })
    }
}

/// Reads the proxy's answer to `CONNECT` up to its blank line; `Ok` for a 2xx.
async fn read_answer(stream: &mut TcpStream) -> Result<(), BoxError> {
    let mut buffer = Vec::with_capacity(512);
    let mut chunk = [0u8; 512];
    loop {
        // Byte by byte past the blank line would be slow; a proxy sends nothing after it
        // until the client speaks (TLS starts with the client's hello).
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Err(ProxyError::TunnelAnswer {
                reason: "the proxy closed the connection",
            }
            .into());
        }
        buffer.extend_from_slice(&chunk[..read]);
        let mut headers = [httparse::EMPTY_HEADER; 32];
        let mut answer = httparse::Response::new(&mut headers);
        match answer.parse(&buffer) {
            Ok(httparse::Status::Complete(end)) => {
                let status = answer
                    .code
                    .and_then(|code| http::StatusCode::from_u16(code).ok())
                    .ok_or(ProxyError::TunnelAnswer {
                        reason: "no status",
                    })?;
                if !status.is_success() {
                    return Err(ProxyError::TunnelRefused { status }.into());
                }
                if end != buffer.len() {
                    return Err(ProxyError::TunnelAnswer {
                        reason: "bytes after the proxy's answer, before the tunnel was used",
                    }
                    .into());
                }
                return Ok(());
            }
            Ok(httparse::Status::Partial) if buffer.len() < MAX_ANSWER => {}
            Ok(httparse::Status::Partial) => {
                return Err(ProxyError::TunnelAnswer {
                    reason: "longer than 8 KiB",
                }
                .into());
            }
            Err(_) => {
                return Err(ProxyError::TunnelAnswer {
                    reason: "not an HTTP answer",
                }
                .into());
            }
        }
    }
}
