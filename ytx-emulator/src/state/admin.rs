//! What the control API and the [`Emulator`](crate::Emulator) handle set and read besides
//! the platform's own requests: balances, and ids that go on across a reset.

use super::State;

impl State {
    /// Sets an account's balance; `false` for an unknown account.
    pub(crate) fn set_balance(&mut self, sid: &str, fen: i64) -> bool {
        match self.balances.get_mut(sid) {
            Some(balance) => {
                *balance = fen;
                true
            }
            None => false,
        }
    }

    /// Every account's balance, in fen, by account id.
    pub(crate) fn balances(&self) -> Vec<(String, i64)> {
        let mut all: Vec<(String, i64)> =
            self.balances.iter().map(|(k, v)| (k.clone(), *v)).collect();
        all.sort();
        all
    }

    /// Goes on numbering from `earlier`'s ids, so a reset never hands out a `requestId` or
    /// conference id twice.
    pub(crate) fn continue_ids(&mut self, earlier: &State) {
        self.next_id = self.next_id.max(earlier.next_id);
        self.next_confid = self.next_confid.max(earlier.next_confid);
    }
}
