//! A side effect whose caller stops waiting is finished anyway.
//!
//! Applications bound calls with `tokio::time::timeout` or `select!`, which drop the call's
//! future. Dropping a side effect's attempt after its request may have left would lose what
//! became of it: the call may be placed, the SMS sent, the money spent, and nobody told. So
//! a side effect's attempt runs inside a [`Detachable`]: dropped before its request was
//! handed to a connection, it is dropped (nothing left); dropped after, it is moved to a
//! task of its own on the runtime, which reads the answer and reports an [`Abandoned`] to
//! the client's hook ([`ClientBuilder::on_abandoned`](crate::ClientBuilder::on_abandoned)),
//! or logs it (no body, no number) when there is none.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use bytes::Bytes;
use tracing::Instrument as _;
use ytx_protocol::{RawJson, Timestamp};

use crate::decode::decode;
use crate::error::{Error, HttpStatusError, OutcomeUnknown};
use crate::retry;
use crate::seam::Answer;

/// What the application hears of a side effect whose caller stopped waiting.
pub(crate) type AbandonedHook = Arc<dyn Fn(Abandoned) + Send + Sync>;

/// A side effect whose caller stopped waiting after its request may have left (its future
/// was dropped, by a `timeout` or a `select!`), and what became of it: the attempt was
/// finished in the background.
///
/// `Debug` and `Display` show the endpoint, the `customParm`, the time and the outcome's
/// kind, never the body.
pub struct Abandoned {
    endpoint: String,
    action: String,
    sent_at: Timestamp,
    custom_parm: Option<String>,
    body: Bytes,
    outcome: Result<RawJson, Error>,
}

impl Abandoned {
    /// The endpoint, e.g. `DailbackCall`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The body's `action`, e.g. `callDailBack`.
    pub fn action(&self) -> &str {
        &self.action
    }

    /// The Beijing-time timestamp the attempt was signed with.
    pub fn sent_at(&self) -> &Timestamp {
        &self.sent_at
    }

    /// The request's `customParm` (its own, or its generated key), if it had one.
    pub fn custom_parm(&self) -> Option<&str> {
        self.custom_parm.as_deref()
    }

    /// The body as sent (JSON; the secrets travel in the headers and the query).
    pub fn request_body(&self) -> &[u8] {
        &self.body
    }

    /// What became of it: the platform's answer as it was sent, or the error the caller
    /// would have had ([`Error::OutcomeUnknown`] when it may have taken effect and no
    /// answer says so, [`Error::Api`] for a refusal).
    pub fn outcome(&self) -> Result<&RawJson, &Error> {
        self.outcome.as_ref()
    }

    /// The outcome, owned.
    pub fn into_outcome(self) -> Result<RawJson, Error> {
        self.outcome
    }

    /// The `requestId` the platform answered, when it accepted the request.
    pub fn request_id(&self) -> Option<String> {
        let answer = self.outcome.as_ref().ok()?;
        ytx_protocol::request_id(answer.as_str().as_bytes())
    }

    fn kind(&self) -> &'static str {
        match &self.outcome {
            Ok(_) => "answered",
            Err(Error::OutcomeUnknown(_)) => "outcome unknown",
            Err(Error::Api(_)) => "refused",
            Err(_) => "failed",
        }
    }
}

impl fmt::Debug for Abandoned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Abandoned")
            .field("endpoint", &self.endpoint)
            .field("action", &self.action)
            .field("sent_at", &self.sent_at)
            .field("custom_parm", &self.custom_parm)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .field("outcome", &self.kind())
            .field("request_id", &self.request_id())
            .finish()
    }
}

impl fmt::Display for Abandoned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} abandoned by its caller: {}",
            self.endpoint,
            self.kind()
        )?;
        if let Some(id) = self.request_id() {
            write!(f, " (requestId {id})")?;
        }
        if let Some(custom) = &self.custom_parm {
            write!(f, "; customParm {custom}")?;
        }
        write!(f, "; sent at {} Beijing time", self.sent_at)
    }
}

/// What an abandoned attempt reports, but its outcome. Made for every side effect's
/// attempt, so it allocates nothing: the action and the `customParm` are read from the
/// body when there is something to report.
pub(crate) struct Orphan {
    pub(crate) endpoint: &'static str,
    pub(crate) sent_at: Timestamp,
    pub(crate) body: Bytes,
    pub(crate) attempts: u32,
    pub(crate) hook: Option<AbandonedHook>,
}

impl Orphan {
    /// Reads the answer as the caller would have, and reports it.
    fn report(self, answered: Result<Answer, Error>) {
        let fields = serde_json::from_slice::<serde_json::Value>(&self.body).unwrap_or_default();
        let text = |name: &str| fields.get(name).and_then(|v| v.as_str()).map(str::to_owned);
        let action = text("action").unwrap_or_default();
        let custom_parm = text("customParm");
        let endpoint = self.endpoint.to_owned();
        let outcome = match answered {
            Ok(answer) if !answer.status.is_success() => Err(Error::HttpStatus(Box::new(
                HttpStatusError::new(answer.status, answer.body),
            ))),
            Ok(answer) => decode::<RawJson>(answer.body),
            Err(err) => Err(err),
        };
        let outcome = match outcome {
            Err(cause) if retry::outcome_unknown(&cause) => {
                Err(Error::OutcomeUnknown(Box::new(OutcomeUnknown {
                    endpoint: endpoint.clone(),
                    action: action.clone(),
                    sent_at: self.sent_at,
                    custom_parm: custom_parm.clone(),
                    attempts: self.attempts,
                    body: self.body.clone(),
                    cause,
                })))
            }
            other => other,
        };
        let abandoned = Abandoned {
            endpoint,
            action,
            sent_at: self.sent_at,
            custom_parm,
            body: self.body,
            outcome,
        };
        match self.hook {
            Some(hook) => hook(abandoned),
            None => tracing::warn!(
                endpoint = %abandoned.endpoint,
                custom_parm = abandoned.custom_parm.as_deref(),
                sent_at = %abandoned.sent_at,
                outcome = abandoned.kind(),
                request_id = abandoned.request_id(),
                "a side effect's caller stopped waiting; it was finished in the background (ClientBuilder::on_abandoned hears of it)"
            ),
        }
    }
}

type Attempt = Pin<Box<dyn Future<Output = Result<Answer, Error>> + Send>>;

/// A side effect's attempt, finished in the background if it is dropped once its request
/// may have left.
pub(crate) struct Detachable {
    attempt: Option<Attempt>,
    /// Set once the request is in a connection's hands.
    handed: Arc<AtomicBool>,
    orphan: Option<Orphan>,
}

impl Detachable {
    pub(crate) fn new(attempt: Attempt, handed: Arc<AtomicBool>, orphan: Orphan) -> Self {
        Self {
            attempt: Some(attempt),
            handed,
            orphan: Some(orphan),
        }
    }
}

impl Future for Detachable {
    type Output = Result<Answer, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let Some(attempt) = self.attempt.as_mut() else {
            return Poll::Ready(Err(Error::Send(
                "the attempt was polled after it ended".into(),
            )));
        };
        let answered = std::task::ready!(attempt.as_mut().poll(cx));
        self.attempt = None;
        Poll::Ready(answered)
    }
}

impl Drop for Detachable {
    fn drop(&mut self) {
        let (Some(attempt), Some(orphan)) = (self.attempt.take(), self.orphan.take()) else {
            return;
        };
        // Not yet in a connection's hands: dropping it sends nothing.
        if !self.handed.load(Ordering::Relaxed) {
            return;
        }
        let finish = Finish {
            attempt: Some(attempt),
            orphan: Some(orphan),
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                let span = tracing::Span::current();
                drop(runtime.spawn(finish.instrument(span)));
            }
            // No runtime to finish it on: `finish` reports the outcome unknown as it drops.
            Err(_) => drop(finish),
        }
    }
}

/// The background task: the attempt to its end, then the report. Dropped before that (the
/// runtime shut down), it reports the outcome unknown.
struct Finish {
    attempt: Option<Attempt>,
    orphan: Option<Orphan>,
}

impl Future for Finish {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let Some(attempt) = self.attempt.as_mut() else {
            return Poll::Ready(());
        };
        let answered = std::task::ready!(attempt.as_mut().poll(cx));
        self.attempt = None;
        if let Some(orphan) = self.orphan.take() {
            orphan.report(answered);
        }
        Poll::Ready(())
    }
}

impl Drop for Finish {
    fn drop(&mut self) {
        if let Some(orphan) = self.orphan.take() {
            orphan.report(Err(Error::Send(
                "the caller stopped waiting and the runtime ended before the answer came".into(),
            )));
        }
    }
}
