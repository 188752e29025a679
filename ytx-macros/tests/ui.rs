//! What a user can get wrong with `#[ytx_endpoint]`: one file per mistake, each a compile
//! error at the culprit (`tests/ui/fail`), and what must compile (`tests/ui/pass`).
//!
//! The `.stderr` files depend on the compiler version; after a toolchain bump, regenerate
//! them with `TRYBUILD=overwrite cargo test -p ytx-macros --test ui` and review the diff.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/fail/*.rs");
    cases.pass("tests/ui/pass/*.rs");
}
