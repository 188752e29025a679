//! Every `#[ytx_endpoint]` linked into the program, found without a hand-kept list.
//!
//! The macro submits each endpoint to [inventory]: a static node per endpoint, which a
//! constructor of the platform's (`.init_array` on Linux) links into one list before `main`:
//! an atomic push, no allocation, nothing that can fail. `send` never looks at the list;
//! [`registered`] reads it once. inventory rather than linkme: inventory has no
//! dependencies and its `submit!` is a plain `macro_rules!`, while linkme's attribute is a
//! proc macro whose current release brings a second major version of `syn` into the build,
//! and a proc-macro call per endpoint; the compile cost per endpoint is what a family crate
//! pays.
//!
//! A crate is in the program only if the program names it: rustc links a dependency that
//! no code refers to as if it were absent. The `ytx` CLI and the test crate name every
//! `ytx-*` dependency for that reason (their build scripts), so adding a family crate as a
//! dependency is all it takes for its endpoints to appear.

use std::fmt;
use std::sync::OnceLock;

use crate::operation::Operation;

/// What the macro submits: one per endpoint struct, built at compile time (`Operation::of`
/// is a `const fn`), so registering adds no function per endpoint. Not a public API.
#[doc(hidden)]
pub struct Registration(pub Operation);

inventory::collect!(Registration);

/// Two endpoint structs declare the same func, url and action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryError {
    key: String,
    first: &'static str,
    second: &'static str,
}

impl RegistryError {
    /// `func/url action`, e.g. `call/MeetingQuery.wx queryMeeting`.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The two structs, by path (`ytx_call::meeting_query::MeetingQuery`), in name order.
    pub fn structs(&self) -> (&'static str, &'static str) {
        (self.first, self.second)
    }
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "two endpoints are declared for `{}`: {} and {}; remove one of them",
            self.key, self.first, self.second
        )
    }
}

impl std::error::Error for RegistryError {}

/// Every endpoint linked into this program, ordered by func (ignoring case), then struct
/// name. Two structs
/// for the same func, url and action are an error naming both, never a panic.
pub fn registered() -> Result<&'static [Operation], RegistryError> {
    static REGISTERED: OnceLock<Result<Vec<Operation>, RegistryError>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| collect(inventory::iter::<Registration>().map(|entry| entry.0)))
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

fn collect(operations: impl Iterator<Item = Operation>) -> Result<Vec<Operation>, RegistryError> {
    let mut all: Vec<Operation> = operations.collect();
    all.sort_by(|a, b| {
        (a.family(), a.url(), a.action(), a.path()).cmp(&(
            b.family(),
            b.url(),
            b.action(),
            b.path(),
        ))
    });
    if let Some(pair) = all.windows(2).find(|pair| {
        (pair[0].family(), pair[0].url(), pair[0].action())
            == (pair[1].family(), pair[1].url(), pair[1].action())
    }) {
        return Err(RegistryError {
            key: format!(
                "{}/{} {}",
                pair[0].family(),
                pair[0].url(),
                pair[0].action()
            ),
            first: pair[0].path(),
            second: pair[1].path(),
        });
    }
    // `Unicom` among `account` and `call`, not before them.
    all.sort_by_cached_key(|op| (op.family().to_ascii_lowercase(), op.name()));
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Endpoint, RetryClass, Submitted};

    macro_rules! endpoint {
        ($name:ident, $path:literal, $action:literal) => {
            #[derive(Debug)]
            struct $name;
            impl Endpoint for $name {
                const FUNC: &'static str = "call";
                const URL: &'static str = "X.wx";
                const ACTION: &'static str = $action;
                const VERSION: &'static str = "201512";
                const RETRY: RetryClass = RetryClass::SafeQuery;
                const NAME: &'static str = stringify!($name);
                const PATH: &'static str = $path;
                const FIELDS: &'static [crate::FieldInfo] = &[];
                type Response = Submitted;
                fn encode_fields(
                    &self,
                    _: &mut crate::BodyWriter<'_>,
                ) -> Result<(), crate::EncodeError> {
                    Ok(())
                }
                fn from_wire(
                    _: &serde_json::Map<String, serde_json::Value>,
                ) -> Result<Self, ytx_protocol::wire::WireError> {
                    Ok(Self)
                }
            }
        };
    }
    endpoint!(First, "a::First", "x");
    endpoint!(Second, "b::Second", "x");
    endpoint!(Third, "c::Third", "y");

    #[test]
    fn two_structs_for_one_action_are_an_error_naming_both() {
        let operations = [Operation::of::<Second>(), Operation::of::<First>()];
        let err = collect(operations.into_iter()).unwrap_err();
        assert_eq!(err.structs(), ("a::First", "b::Second"));
        assert_eq!(err.key(), "call/X.wx x");
        assert!(err.to_string().contains("a::First and b::Second"), "{err}");
    }

    #[test]
    fn distinct_actions_are_listed_by_family_and_name() {
        let operations = [Operation::of::<Third>(), Operation::of::<First>()];
        let names: Vec<&str> = collect(operations.into_iter())
            .unwrap()
            .iter()
            .map(Operation::name)
            .collect();
        assert_eq!(names, ["First", "Third"]);
    }
}
