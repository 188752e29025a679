//! What the spec says of an endpoint, for help texts and `ytx endpoints`.

use ytx_core::Operation;
use ytx_spec::EndpointSpec;

/// The built-in spec entry of `operation`, if the spec has one (a family crate's endpoint
/// may not be transcribed yet).
pub(crate) fn entry(operation: &Operation) -> Option<&'static EndpointSpec> {
    let spec = ytx_spec::builtin().ok()?;
    spec.endpoint(operation.family(), operation.url(), operation.action())
}
