//! One exchange over a pooled connection, with the size cap and the connect / send / body
//! stages told apart (they decide whether a call may be retried).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use std::future::{Future, poll_fn};
use std::pin::{Pin, pin};
use std::task::Poll;

use http::header::{CONTENT_LENGTH, DATE};
use http_body_util::Full;
use hyper::body::Body as _;
use tokio::time::{Instant, Sleep};

use crate::config::Config;
use crate::error::{BodyTooLargeError, Error, TimeoutError, TimeoutPhase};
use crate::pool::Pool;
use crate::seam::{Answer, Exchange, Transport};

/// The pool is the client's usual transport. The client calls [`exchange`] on it directly,
/// without the box this needs; the impl is for code written against the seam.
impl Transport for Pool {
    fn exchange<'a>(&'a self, request: http::Request<Bytes>, config: &'a Config) -> Exchange<'a> {
        let started = Instant::now();
        let overall = Deadline::attempt(started, config.attempt_timeout());
        Box::pin(async move {
            let handed = AtomicBool::new(false);
            let request = request.map(Full::new);
            exchange(self, request, config, started, overall, &handed).await
        })
    }
}

/// The deadline an attempt ends by: its own, or the call's when that comes first.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline {
    pub(crate) at: Instant,
    /// [`TimeoutPhase::Attempt`] or [`TimeoutPhase::Call`].
    pub(crate) phase: TimeoutPhase,
    /// The configured length, for the error.
    pub(crate) length: Duration,
}

impl Deadline {
    /// An attempt of `length` from `started`.
    #[inline]
    pub(crate) fn attempt(started: Instant, length: Duration) -> Self {
        Self {
            at: started + length,
            phase: TimeoutPhase::Attempt,
            length,
        }
    }

    /// The earlier of this deadline and `other`.
    #[inline]
    pub(crate) fn min(self, other: Self) -> Self {
        if other.at < self.at { other } else { self }
    }

    /// The error when it runs out; `sent` says whether the request may have left.
    pub(crate) fn ran_out(self, sent: bool) -> Error {
        let timeout = TimeoutError::new(self.phase, self.length);
        Error::Timeout(if sent {
            timeout
        } else {
            timeout.before_sending()
        })
    }
}

/// Sends one request and reads its answer under the deadlines: the attempt's (`overall`,
/// or the call's if that comes first), the response headers once sent, the body once the
/// headers came. One timer serves all three. It is re-armed for the body only if the body
/// has to be waited for: an answer usually arrives with its headers, and re-arming a timer
/// to an earlier deadline costs the runtime a wake-up. Also enforces the body cap. The
/// phases count from `started`. `handed` is set once the request is handed to a connection:
/// from then on it may have been sent.
pub(crate) async fn exchange(
    pool: &Pool,
    request: http::Request<Full<Bytes>>,
    config: &Config,
    started: Instant,
    overall: Deadline,
    handed: &AtomicBool,
) -> Result<Answer, Error> {
    // The phase's deadline, or the attempt's if that comes first.
    let phase_deadline = |from: Instant, phase: TimeoutPhase, length: Duration| {
        let phase_end = from + length;
        if phase_end < overall.at {
            Deadline {
                at: phase_end,
                phase,
                length,
            }
        } else {
            overall
        }
    };
    let headers = phase_deadline(started, TimeoutPhase::Headers, config.header_timeout());
    let mut timer = pin!(tokio::time::sleep_until(headers.at));

    let (response, conn) = before(timer.as_mut(), pool.send(request, started, handed))
        .await
        .ok_or_else(|| headers.ran_out(handed.load(Ordering::Relaxed)))??;

    let limit = config.max_response_bytes();
    let (parts, body) = response.into_parts();
    // Through a forward proxy, an error answer may be the proxy's own, given before it
    // forwarded anything: nothing reached the platform. The connection is not reused.
    if !parts.status.is_success()
        && pool.forwarding()
        && let Some(evidence) = crate::proxy::not_forwarded(parts.status, &parts.headers)
    {
        let refusal = crate::proxy::ProxyError::NotForwarded {
            status: parts.status,
            evidence,
        };
        return Err(Error::Connect(Box::new(refusal)));
    }
    let declared = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limit as u64) {
        return Err(Error::BodyTooLarge(BodyTooLargeError::new(limit)));
    }
    let date = parts.headers.get(DATE).cloned();
    // A forward proxy's connection is reused only if the proxy said it keeps it: some
    // (tinyproxy) answer HTTP/1.1 without `Connection: close` and close it anyway, and a
    // request written to it then would have an unknown fate.
    let reusable = !pool.forwarding() || crate::proxy::keeps_alive(&parts.headers);

    let headers_at = Instant::now();
    // Set when the timer is re-armed for the body.
    let mut body_phase: Option<Deadline> = None;
    let mut body = pin!(body);
    // The usual answer is one frame: keep it as it came, copying only when there are more.
    let mut whole: Option<Bytes> = None;
    let mut joined: Option<BytesMut> = None;
    loop {
        let frame = poll_fn(|cx| {
            if let Poll::Ready(frame) = body.as_mut().poll_frame(cx) {
                return Poll::Ready(Some(frame));
            }
            if body_phase.is_none() {
                let body = phase_deadline(headers_at, TimeoutPhase::Body, config.body_timeout());
                timer.as_mut().reset(body.at);
                body_phase = Some(body);
            }
            timer.as_mut().poll(cx).map(|()| None)
        })
        .await;
        let Some(frame) = frame else {
            let body = body_phase.unwrap_or(Deadline {
                at: headers_at,
                phase: TimeoutPhase::Body,
                length: config.body_timeout(),
            });
            return Err(body.ran_out(true));
        };
        let Some(frame) = frame else { break };
        let frame = frame.map_err(|err| Error::Body(Box::new(err)))?;
        let Ok(data) = frame.into_data() else {
            continue;
        };
        let so_far =
            whole.as_ref().map_or(0, Bytes::len) + joined.as_ref().map_or(0, BytesMut::len);
        if so_far + data.len() > limit {
            return Err(Error::BodyTooLarge(BodyTooLargeError::new(limit)));
        }
        match (&mut joined, whole.take()) {
            (Some(buffer), _) => buffer.extend_from_slice(&data),
            (None, None) => whole = Some(data),
            (None, Some(first)) => {
                let mut buffer = BytesMut::with_capacity(
                    declared
                        .map_or(0, |len| len as usize)
                        .max(first.len() + data.len()),
                );
                buffer.extend_from_slice(&first);
                buffer.extend_from_slice(&data);
                joined = Some(buffer);
            }
        }
    }
    // Read to its end: the connection is free for the next request.
    if reusable {
        pool.checkin(conn, headers_at);
    }
    let body = joined.map(BytesMut::freeze).or(whole).unwrap_or_default();
    Ok(Answer {
        status: parts.status,
        date,
        body,
    })
}

/// `future`'s output, or `None` if `timer` fires first.
async fn before<T>(mut timer: Pin<&mut Sleep>, future: impl Future<Output = T>) -> Option<T> {
    let mut future = pin!(future);
    poll_fn(|cx| match future.as_mut().poll(cx) {
        Poll::Ready(output) => Poll::Ready(Some(output)),
        Poll::Pending => timer.as_mut().poll(cx).map(|()| None),
    })
    .await
}
