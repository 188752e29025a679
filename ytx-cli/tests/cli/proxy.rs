//! A proxy between `ytx` and the emulator that breaks requests the way networks do: it cuts
//! a connection before the request reaches the platform or after, holds the answer past
//! the client's deadline, or cuts the answer short. It reads HTTP/1.1 with `Content-Length`
//! bodies, which is what the SDK sends and the emulator answers, so each request on a
//! kept-alive connection gets its own fate.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What becomes of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fate {
    /// Forwarded, and its answer returned.
    Pass,
    /// The connection is closed before the request is forwarded: it never reaches the
    /// platform.
    CutBefore,
    /// Forwarded and answered; the connection is closed instead of the answer.
    CutAfter,
    /// Forwarded and answered; the answer is held this long, then the connection closed.
    Hold(Duration),
    /// Forwarded and answered; half the answer is returned, then the connection closed.
    Truncate,
}

/// A running proxy; it stops when dropped.
pub(crate) struct FaultProxy {
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl FaultProxy {
    /// Listens on 127.0.0.1 and forwards to `upstream`; `fate` decides each request, by its
    /// number (from 0).
    pub(crate) async fn start(
        upstream: SocketAddr,
        fate: impl Fn(u64) -> Fate + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let fate = Arc::new(fate);
        let counter = Arc::new(AtomicU64::new(0));
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (fate, counter) = (Arc::clone(&fate), Arc::clone(&counter));
                tokio::spawn(async move {
                    let _ = relay(client, upstream, |n| fate(n), &counter).await;
                });
            }
        });
        Self { addr, task }
    }

    /// `http://127.0.0.1:PORT`.
    pub(crate) fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// One client connection: request after request, each to its fate.
async fn relay(
    mut client: TcpStream,
    upstream: SocketAddr,
    fate: impl Fn(u64) -> Fate,
    counter: &AtomicU64,
) -> std::io::Result<()> {
    let mut server: Option<TcpStream> = None;
    let mut pending = Vec::new();
    loop {
        let Some(request) = read_message(&mut client, &mut pending).await? else {
            return Ok(());
        };
        let fate = fate(counter.fetch_add(1, Ordering::Relaxed));
        if fate == Fate::CutBefore {
            return Ok(());
        }
        let upstream_conn = match &mut server {
            Some(conn) => conn,
            None => server.insert(TcpStream::connect(upstream).await?),
        };
        upstream_conn.write_all(&request).await?;
        let mut leftover = Vec::new();
        let Some(answer) = read_message(upstream_conn, &mut leftover).await? else {
            return Ok(());
        };
        match fate {
            Fate::Pass => client.write_all(&answer).await?,
            Fate::CutBefore | Fate::CutAfter => return Ok(()),
            Fate::Hold(wait) => {
                tokio::time::sleep(wait).await;
                return Ok(());
            }
            Fate::Truncate => {
                client.write_all(&answer[..answer.len() - 10]).await?;
                client.flush().await?;
                return Ok(());
            }
        }
    }
}

/// One HTTP/1.1 message (head and `Content-Length` body) from `stream`, with what was read
/// past it kept in `buffer`; `None` when the stream ends between messages.
async fn read_message(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
) -> std::io::Result<Option<Vec<u8>>> {
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|value| value.trim().parse().ok())
                .unwrap_or(0);
            let total = end + 4 + length;
            while buffer.len() < total {
                let read = stream.read(&mut chunk).await?;
                if read == 0 {
                    return Err(std::io::ErrorKind::UnexpectedEof.into());
                }
                buffer.extend_from_slice(&chunk[..read]);
            }
            let rest = buffer.split_off(total);
            return Ok(Some(std::mem::replace(buffer, rest)));
        }
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
}
