//! Reconciliation keys, drawn from the operating system's random source.

use std::hash::{BuildHasher, Hasher};

use ytx_protocol::ReconciliationKey;

/// A fresh [`ReconciliationKey`]: 116 bits from the operating system's random source.
///
/// The client draws one for each side effect with an optional `customParm` that is sent
/// without one (unless [`ConfigBuilder::reconciliation_keys`](crate::ConfigBuilder::reconciliation_keys)
/// turns that off). Draw one yourself to know the key before sending:
///
/// ```
/// let key = ytx_core::new_reconciliation_key();
/// assert!(ytx_core::ReconciliationKey::is_generated(key.as_str()));
/// assert_ne!(key, ytx_core::new_reconciliation_key());
/// ```
pub fn new_reconciliation_key() -> ReconciliationKey {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // No random source (a sandbox without getrandom(2) or /dev/urandom): std's hasher
        // keys, seeded once per thread from the system and never repeated within it.
        let half = || {
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_u8(0);
            hasher.finish()
        };
        bytes[..8].copy_from_slice(&half().to_le_bytes());
        bytes[8..].copy_from_slice(&half().to_le_bytes());
    }
    ReconciliationKey::from_random(u128::from_le_bytes(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_generated_shapes_and_differ() {
        let keys: std::collections::HashSet<ReconciliationKey> =
            (0..1000).map(|_| new_reconciliation_key()).collect();
        assert_eq!(keys.len(), 1000);
        assert!(
            keys.iter()
                .all(|key| ReconciliationKey::is_generated(key.as_str()))
        );
    }
}
