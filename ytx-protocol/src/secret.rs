//! The account's auth token, kept out of `Debug`, `Display` and error messages.

use std::fmt;

/// The account's `AUTH TOKEN` (账户授权令牌).
///
/// It has no `Display`, and its `Debug` prints `AuthToken(***)`, so it cannot reach a log or
/// an error message by accident. Read it with [`AuthToken::expose_secret`], which only the
/// signing code needs.
#[derive(Clone, PartialEq, Eq)]
pub struct AuthToken(Box<str>);

impl AuthToken {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into().into_boxed_str())
    }

    /// The token itself. Call this only to sign; never log what it returns.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// The token with all but its first and last two characters masked, for explaining a
    /// signature to a person (`ab****yz`). Short tokens are masked entirely.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() < 8 {
            return "*".repeat(chars.len().max(3));
        }
        let head: String = chars[..2].iter().collect();
        let tail: String = chars[chars.len() - 2..].iter().collect();
        format!("{head}{}{tail}", "*".repeat(chars.len() - 4))
    }
}

impl fmt::Debug for AuthToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuthToken(***)")
    }
}

impl From<&str> for AuthToken {
    fn from(token: &str) -> Self {
        Self::new(token)
    }
}

impl From<String> for AuthToken {
    fn from(token: String) -> Self {
        Self::new(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_token() {
        let token = AuthToken::new("0123456789abcdef0123456789abcdef");
        assert_eq!(format!("{token:?}"), "AuthToken(***)");
        assert!(!format!("{token:#?}").contains("0123"));
    }

    #[test]
    fn masked_keeps_only_the_ends() {
        let token = AuthToken::new("0123456789abcdef0123456789abcdef");
        assert_eq!(token.masked(), format!("01{}ef", "*".repeat(28)));
        assert_eq!(AuthToken::new("short").masked(), "*****");
    }
}

/// What `Debug` shows for a `#[ytx(secret)]` field: `***`. For code `#[ytx_endpoint]`
/// generates.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct Masked;

impl fmt::Debug for Masked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}
