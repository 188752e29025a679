//! What the client's integration tests share: an endpoint of each retry class and a
//! configuration.

use ytx_core::{Config, ConfigBuilder, ytx_endpoint};

/// A query, for the tests.
#[ytx_endpoint(
    func = "account",
    url = "getBlance.wx",
    action = "queryBlance",
    retry = "safe"
)]
pub(crate) struct Query {}

/// A side effect with a `customParm`, for the tests.
#[ytx_endpoint(func = "call", url = "DailbackCall.wx", action = "callDailBack")]
pub(crate) struct Place {
    /// The first leg.
    pub(crate) src: String,
    /// The key.
    #[ytx(rename = "customParm")]
    pub(crate) custom_parm: Option<String>,
}

/// A configuration with the tests' credentials.
pub(crate) fn config() -> ConfigBuilder {
    Config::builder()
        .account_sid("abcdefghijklmnopqrstuvwxyz012345")
        .auth_token("token")
        .app_id("app")
}
