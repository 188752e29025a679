//! Callback delivery (状态回推): after the answer, in the background, in order, each push
//! tried a few times. Every push is recorded, delivered or not.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{Method, Request};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::ledger::PushRecord;
use crate::state::Push;

/// Attempts per push.
pub(crate) const ATTEMPTS: u32 = 3;
/// Each attempt's deadline.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(2);
/// Wait before the second attempt; it doubles for each one after.
const FIRST_BACKOFF: Duration = Duration::from_millis(50);
/// Push records kept at most.
const MAX_LOG: usize = 10_000;

#[derive(Clone)]
pub(crate) struct Pusher {
    http: Client<HttpConnector, Full<Bytes>>,
    pub(crate) log: Arc<Mutex<VecDeque<PushRecord>>>,
}

impl Pusher {
    pub(crate) fn new() -> Self {
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(ATTEMPT_TIMEOUT));
        Self {
            http: Client::builder(TokioExecutor::new()).build(connector),
            log: Arc::new(Mutex::new(VecDeque::new())),
        }
    }

    /// Delivers `pushes` in order on a background task; never blocks the caller.
    pub(crate) fn deliver(&self, pushes: Vec<Push>) {
        if pushes.is_empty() {
            return;
        }
        let pusher = self.clone();
        tokio::spawn(async move {
            for push in pushes {
                let record = pusher.deliver_one(push).await;
                let mut log = pusher
                    .log
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                log.push_back(record);
                if log.len() > MAX_LOG {
                    log.pop_front();
                }
            }
        });
    }

    async fn deliver_one(&self, push: Push) -> PushRecord {
        let bytes = Bytes::from(serde_json::to_vec(&push.body).unwrap_or_default());
        let mut backoff = FIRST_BACKOFF;
        let mut attempts = 0;
        let mut delivered = false;
        while attempts < ATTEMPTS && !delivered {
            if attempts > 0 {
                tokio::time::sleep(backoff).await;
                backoff *= 2;
            }
            attempts += 1;
            delivered = self.attempt(&push.url, bytes.clone()).await;
        }
        PushRecord {
            kind: push.kind,
            url: push.url,
            body: push.body,
            attempts,
            delivered,
        }
    }

    async fn attempt(&self, url: &str, body: Bytes) -> bool {
        let Ok(request) = Request::builder()
            .method(Method::POST)
            .uri(url)
            .header(CONTENT_TYPE, "application/json;charset=utf-8")
            .body(Full::new(body))
        else {
            return false;
        };
        let exchange = async {
            let response = self.http.request(request).await.ok()?;
            let ok = response.status().is_success();
            // Read the answer to the end so the connection can be reused.
            response.into_body().collect().await.ok()?;
            Some(ok)
        };
        matches!(
            tokio::time::timeout(ATTEMPT_TIMEOUT, exchange).await,
            Ok(Some(true))
        )
    }
}
