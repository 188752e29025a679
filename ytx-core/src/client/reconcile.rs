//! [`Client::reconcile`] and [`Reconciler`]: look a request of unknown outcome up on the
//! platform, sending the lookups a [`Search`](ytx_protocol::reconcile::Search) asks for.

use std::collections::VecDeque;
use std::fmt;

use serde_json::Value;
use ytx_protocol::reconcile::{self, Reconciliation};
use ytx_protocol::{ApiCode, RawRequest, Timestamp};

use super::Client;
use crate::error::{Error, OutcomeUnknown};

/// Lookup answers a [`Reconciler`] keeps: enough for the hours and pages a pass over a
/// batch's rows shares, each answer up to a thousand call records.
const KEPT_ANSWERS: usize = 32;

impl Client {
    /// Looks a side effect whose outcome is unknown up on the platform: a two-way call by
    /// its `customParm` (else its numbers) in the call records of the hour it was sent and
    /// the next, read to their end; a voice notice or voice code by the number called; a
    /// phone-bill top-up through `getOrderResult` by its `customParm`. Template SMS and data
    /// top-ups cannot be looked up; [`Reconciliation::CannotTell`] says what evidence
    /// remains (the delivery or result push). See [`ytx_protocol::reconcile`] for the rules.
    ///
    /// The lookups are safe queries, retried as such. An error means the lookups failed,
    /// not that the request did: ask again later. [`Reconciliation::NotFound`] can mean "not
    /// yet" (a call's record appears when the call ends): ask again before sending anew.
    /// A lookup whose answer may have been cut short is never read as "not found".
    ///
    /// To look many requests up, use a [`Reconciler`]: requests sent in the same hour share
    /// their lookups.
    ///
    /// ```no_run
    /// # async fn run(client: ytx_core::Client, call: ytx_core::RawRequest) -> Result<(), ytx_core::Error> {
    /// use ytx_core::reconcile::Reconciliation;
    ///
    /// match client.send_raw(&call).await {
    ///     Err(ytx_core::Error::OutcomeUnknown(unknown)) => match client.reconcile(&unknown).await? {
    ///         Reconciliation::Happened(record) => println!("it was placed: {record:?}"),
    ///         Reconciliation::NotFound(searched) => println!("{searched}: ask again later"),
    ///         Reconciliation::CannotTell(why) => println!("cannot tell: {why}"),
    ///         _ => {}
    ///     },
    ///     other => { other?; }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn reconcile(&self, unknown: &OutcomeUnknown) -> Result<Reconciliation, Error> {
        self.reconciler().reconcile(unknown).await
    }

    /// [`Client::reconcile`] for a request known by its parts: its `action`, the timestamp
    /// it was signed with, and its JSON body as sent (what a batch journal keeps).
    pub async fn reconcile_request(
        &self,
        action: &str,
        sent_at: &Timestamp,
        body: &[u8],
    ) -> Result<Reconciliation, Error> {
        self.reconciler()
            .reconcile_request(action, sent_at, body)
            .await
    }

    /// A [`Reconciler`] for many requests in a row.
    pub fn reconciler(&self) -> Reconciler {
        Reconciler {
            client: self.clone(),
            kept: VecDeque::new(),
        }
    }
}

/// Looks many requests of unknown outcome up, sending each lookup they share once: the
/// rows of a batch sent in the same hour read that hour's call records once, not once
/// each.
///
/// A reconciler keeps the answers it got for as long as it lives, and a call's record is
/// written when the call ends: use one for a pass over many requests, then drop it.
pub struct Reconciler {
    client: Client,
    /// The latest answers, oldest first, by lookup.
    kept: VecDeque<(RawRequest, Result<Value, ApiCode>)>,
}

impl fmt::Debug for Reconciler {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reconciler")
            .field("client", &self.client)
            .field("kept_answers", &self.kept.len())
            .finish()
    }
}

impl Reconciler {
    /// As [`Client::reconcile`].
    pub async fn reconcile(&mut self, unknown: &OutcomeUnknown) -> Result<Reconciliation, Error> {
        self.reconcile_request(unknown.action(), unknown.sent_at(), unknown.request_body())
            .await
    }

    /// As [`Client::reconcile_request`].
    pub async fn reconcile_request(
        &mut self,
        action: &str,
        sent_at: &Timestamp,
        body: &[u8],
    ) -> Result<Reconciliation, Error> {
        let mut search = match reconcile::plan(action, sent_at, body) {
            Ok(search) => search,
            Err(why) => return Ok(Reconciliation::CannotTell(why)),
        };
        while let Some(lookup) = search.next_lookup() {
            let index = match self.kept.iter().position(|(asked, _)| asked == lookup) {
                Some(index) => index,
                None => {
                    let answer = match self.client.send_raw(lookup).await {
                        Ok(answer) => Ok(answer),
                        Err(Error::Api(refused)) => Err(refused.code().clone()),
                        Err(failed) => return Err(failed),
                    };
                    if self.kept.len() == KEPT_ANSWERS {
                        self.kept.pop_front();
                    }
                    self.kept.push_back((lookup.clone(), answer));
                    self.kept.len() - 1
                }
            };
            let (_, answer) = &self.kept[index];
            let answer = answer.as_ref().map_err(Clone::clone);
            search.answer(answer);
        }
        Ok(search.verdict())
    }
}
