//! [`Client::reconcile`]: looks a request of unknown outcome up on the platform.

use ytx_protocol::Timestamp;
use ytx_protocol::reconcile::{self, Reconciliation};

use super::Client;
use crate::error::{Error, OutcomeUnknown};

impl Client {
    /// Looks a side effect whose outcome is unknown up on the platform: a two-way call by
    /// its `customParm` (else its numbers) in the call records of the hour it was sent and
    /// the next; a voice notice or voice code by the number called; a phone-bill top-up
    /// through `getOrderResult` by its `customParm`. Template SMS and data top-ups cannot be
    /// looked up; [`Reconciliation::CannotTell`] says what evidence remains (the delivery
    /// or result push). See [`ytx_protocol::reconcile`] for the rules.
    ///
    /// The lookups are safe queries, retried as such. An error means the lookups failed,
    /// not that the request did: ask again later. [`Reconciliation::NotFound`] can mean "not
    /// yet" (a call's record appears when the call ends): ask again before sending anew.
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
        self.reconcile_request(unknown.action(), unknown.sent_at(), unknown.request_body())
            .await
    }

    /// [`Client::reconcile`] for a request known by its parts: its `action`, the timestamp
    /// it was signed with, and its JSON body as sent (what a batch journal keeps).
    pub async fn reconcile_request(
        &self,
        action: &str,
        sent_at: &Timestamp,
        body: &[u8],
    ) -> Result<Reconciliation, Error> {
        let plan = match reconcile::plan(action, sent_at, body) {
            Ok(plan) => plan,
            Err(why) => return Ok(Reconciliation::CannotTell(why)),
        };
        let mut answers = Vec::with_capacity(plan.lookups().len());
        for lookup in plan.lookups() {
            answers.push(match self.send_raw(lookup).await {
                Ok(answer) => Ok(answer),
                Err(Error::Api(refused)) => Err(refused.code().clone()),
                Err(failed) => return Err(failed),
            });
        }
        Ok(plan.judge(&answers))
    }
}
