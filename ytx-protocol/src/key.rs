//! [`ReconciliationKey`]: the `customParm` a client gives a side effect sent without one.
//!
//! The platform echoes `customParm` in call records, order results and pushes, and checks it
//! for nothing. A side effect that carries a key of its own can be found however many calls
//! go between the same two numbers; one without can only be found by its numbers, and two
//! calls between them cannot be told apart. The key is drawn once per request, before the
//! first attempt, so every attempt of a request carries the same one.

use std::fmt;

/// What every generated key starts with, so that one is recognised in the console, in call
/// records and in a batch journal.
const PREFIX: &str = "ytx";
/// Hex digits after the prefix: 29, so 116 random bits.
const DIGITS: usize = 29;
/// A generated key's length: 32 characters.
///
/// A guess: the platform's limit on `customParm`'s length is not public. 32 is the width of
/// the ids it issues itself (`appid`, `accountSID`), and of the order numbers seen in public
/// clients.
pub const KEY_LEN: usize = PREFIX.len() + DIGITS;

/// A generated reconciliation key: `ytx` and 29 lower-case hex digits (116 random bits),
/// 32 characters.
///
/// This crate does no I/O, so it does not draw the randomness: `ytx-core` draws it from the
/// operating system and calls [`ReconciliationKey::from_random`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReconciliationKey([u8; KEY_LEN]);

impl ReconciliationKey {
    /// The key made of the low 116 bits of `random`.
    pub fn from_random(random: u128) -> Self {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut text = [0u8; KEY_LEN];
        text[..PREFIX.len()].copy_from_slice(PREFIX.as_bytes());
        for (i, digit) in text[PREFIX.len()..].iter_mut().enumerate() {
            let shift = 4 * (DIGITS - 1 - i);
            *digit = HEX[((random >> shift) & 0xf) as usize];
        }
        Self(text)
    }

    /// The key, as it goes in `customParm`.
    pub fn as_str(&self) -> &str {
        // Only ASCII letters and digits are ever written into the array.
        std::str::from_utf8(&self.0).unwrap_or(PREFIX)
    }

    /// Whether `text` has the shape of a generated key (`ytx` and 29 lower-case hex
    /// digits). Keys are drawn at random, so one of this shape is unique: the first record
    /// that carries it is the request's, and no other can.
    pub fn is_generated(text: &str) -> bool {
        text.len() == KEY_LEN
            && text.starts_with(PREFIX)
            && text[PREFIX.len()..]
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    }
}

impl fmt::Display for ReconciliationKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for ReconciliationKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ReconciliationKey({})", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_the_prefix_and_the_low_bits_in_hex() {
        let key = ReconciliationKey::from_random(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);
        assert_eq!(key.as_str(), "ytx3456789abcdef0123456789abcdef");
        assert_eq!(key.as_str().len(), KEY_LEN);
        assert_eq!(
            ReconciliationKey::from_random(0).as_str(),
            "ytx00000000000000000000000000000"
        );
        assert_eq!(
            ReconciliationKey::from_random(u128::MAX).as_str(),
            format!("ytx{}", "f".repeat(DIGITS))
        );
        assert_eq!(key.to_string(), key.as_str());
    }

    #[test]
    fn only_the_generated_shape_is_recognised() {
        let key = ReconciliationKey::from_random(7);
        assert!(ReconciliationKey::is_generated(key.as_str()));
        for other in [
            "order-42",
            "",
            "ytx",
            "YTX00000000000000000000000000000",
            "ytx0000000000000000000000000000g",
            "ytx0000000000000000000000000000A",
            "ytx000000000000000000000000000000",
            "xyz00000000000000000000000000000",
        ] {
            assert!(!ReconciliationKey::is_generated(other), "{other}");
        }
    }
}
