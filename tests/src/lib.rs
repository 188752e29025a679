//! End-to-end tests live in `e2e/` and `pages/`; this crate has no library code. Its doc
//! tests are the Rust blocks of the repository's README and guides, compiled (and run, unless
//! marked `no_run`) against the workspace's crates.

/// The repository's README.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct Readme;

/// docs/callbacks.md.
#[cfg(doctest)]
#[doc = include_str!("../../docs/callbacks.md")]
struct CallbacksGuide;

/// docs/emulator.md.
#[cfg(doctest)]
#[doc = include_str!("../../docs/emulator.md")]
struct EmulatorGuide;

/// docs/endpoints.md.
#[cfg(doctest)]
#[doc = include_str!("../../docs/endpoints.md")]
struct EndpointsGuide;

/// docs/production.md.
#[cfg(doctest)]
#[doc = include_str!("../../docs/production.md")]
struct ProductionGuide;

/// docs/reliability.md.
#[cfg(doctest)]
#[doc = include_str!("../../docs/reliability.md")]
struct ReliabilityGuide;
