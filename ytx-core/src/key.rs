//! Reconciliation keys: unique without a system call per key.
//!
//! A key is 116 bits. A process draws 128 random bits from the operating system once; each
//! key is those bits with a process-wide counter (the low 64 bits) and the nanoseconds since
//! the draw (the next 52) folded in. The counter makes keys unique within the process; the
//! random bits keep processes and hosts apart; the time keeps the two halves of a `fork`
//! apart, which share the bits and the counter. Drawing every key from the operating
//! system instead cost 0.6 µs a key on the project's machine (about 3% of a side effect's
//! client time at 32 in flight), and reading the process id 0.25 µs: the monotonic clock is
//! read without a system call.

use std::hash::{BuildHasher, Hasher};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use ytx_protocol::ReconciliationKey;

/// Spreads the counter over the low 64 bits, so consecutive keys do not look consecutive.
const SPREAD: u64 = 0x9E37_79B9_7F4A_7C15;

/// A fresh [`ReconciliationKey`], unique: no other key this process or another makes is the
/// same, but by a chance of about one in 2^58 for a billion keys.
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
    static SEED: OnceLock<(u128, Instant)> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let (seed, drawn) = *SEED.get_or_init(|| (seed(), Instant::now()));
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    // An odd multiplier is a permutation of the 64-bit counters: distinct counts stay
    // distinct whatever the time bits above them.
    let nanos = drawn.elapsed().as_nanos() & ((1 << 52) - 1);
    let mixed = u128::from(count.wrapping_mul(SPREAD)) | (nanos << 64);
    ReconciliationKey::from_random(seed ^ mixed)
}

/// 128 bits from the operating system's random source.
fn seed() -> u128 {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // No random source (a sandbox without getrandom(2) or /dev/urandom): std's hasher
        // keys, seeded from the system once per thread.
        let half = || {
            let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
            hasher.write_u8(0);
            hasher.finish()
        };
        bytes[..8].copy_from_slice(&half().to_le_bytes());
        bytes[8..].copy_from_slice(&half().to_le_bytes());
    }
    u128::from_le_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_generated_shapes_and_differ() {
        let keys: std::collections::HashSet<ReconciliationKey> =
            (0..100_000).map(|_| new_reconciliation_key()).collect();
        assert_eq!(keys.len(), 100_000);
        assert!(
            keys.iter()
                .all(|key| ReconciliationKey::is_generated(key.as_str()))
        );
    }

    #[test]
    fn keys_from_many_threads_differ() {
        let threads: Vec<_> = (0..4)
            .map(|_| {
                std::thread::spawn(|| {
                    (0..10_000)
                        .map(|_| new_reconciliation_key())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut all = std::collections::HashSet::new();
        for thread in threads {
            for key in thread.join().unwrap() {
                assert!(all.insert(key), "{key} twice");
            }
        }
    }
}
