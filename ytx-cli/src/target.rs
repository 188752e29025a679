//! Where a command goes and with which credentials: flags, then `YTX_*` variables, and with
//! no credentials at all, a built-in emulator.

use std::time::Duration;

use clap::ArgMatches;
use ytx_core::{Client, Config, ConfigBuilder, Environment};
use ytx_emulator::{DEMO_ACCOUNT_SID, DEMO_APP_ID, DEMO_AUTH_TOKEN, Emulator};

/// A flag's value, else the variable's; empty counts as unset.
pub(crate) fn setting(matches: &ArgMatches, flag: &str, variable: &str) -> Option<String> {
    matches
        .get_one::<String>(flag)
        .cloned()
        .or_else(|| std::env::var(variable).ok())
        .filter(|value| !value.trim().is_empty())
}

/// The client for a command, and the emulator it talks to when it started one (kept alive
/// for as long as the client is used).
pub(crate) async fn resolve(matches: &ArgMatches) -> Result<(Client, Option<Emulator>), String> {
    resolve_tuned(matches, |builder| builder).await
}

/// As [`resolve`], with settings of the command's own (a batch's rate limit) applied to the
/// configuration.
pub(crate) async fn resolve_tuned(
    matches: &ArgMatches,
    tune: impl FnOnce(ConfigBuilder) -> ConfigBuilder,
) -> Result<(Client, Option<Emulator>), String> {
    let sid = setting(matches, "account-sid", "YTX_ACCOUNT_SID");
    let token = setting(matches, "auth-token", "YTX_AUTH_TOKEN");
    let app = setting(matches, "app-id", "YTX_APP_ID");
    let base_url = setting(matches, "base-url", "YTX_BASE_URL");
    let env = setting(matches, "env", "YTX_ENV");
    let mut builder = Config::builder();
    if let Some(seconds) = matches.get_one::<String>("timeout") {
        builder = builder.request_timeout(parse_seconds("timeout", seconds)?);
    }
    if let Some(attempts) = matches.get_one::<String>("max-attempts") {
        let attempts = attempts
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=10).contains(n))
            .ok_or(format!(
                "--max-attempts takes a number from 1 to 10, got `{attempts}`"
            ))?;
        builder = builder.retry(ytx_core::RetryPolicy::default().max_attempts(attempts));
    }

    builder = tune(builder);
    if sid.is_none() && token.is_none() && app.is_none() {
        if base_url.is_some() || env.is_some() {
            return Err("a target is set but no credentials: set YTX_ACCOUNT_SID, YTX_AUTH_TOKEN and YTX_APP_ID (or the flags); \
                 for the emulator started by `ytx emulator`, use the credentials it printed"
                .into());
        }
        let emulator = Emulator::demo()
            .start()
            .await
            .map_err(|err| format!("cannot start the built-in emulator: {err}"))?;
        eprintln!(
            "ytx: no credentials configured (YTX_ACCOUNT_SID, YTX_AUTH_TOKEN, YTX_APP_ID): \
             running against the built-in emulator at {} (demo account and demo data)",
            emulator.base_url()
        );
        let config = builder
            .account_sid(DEMO_ACCOUNT_SID)
            .auth_token(DEMO_AUTH_TOKEN)
            .app_id(DEMO_APP_ID)
            .base_url(emulator.base_url())
            .build()
            .map_err(|err| err.to_string())?;
        return Ok((Client::new(config), Some(emulator)));
    }

    let missing: Vec<&str> = [
        (&sid, "YTX_ACCOUNT_SID"),
        (&token, "YTX_AUTH_TOKEN"),
        (&app, "YTX_APP_ID"),
    ]
    .iter()
    .filter(|(value, _)| value.is_none())
    .map(|(_, name)| *name)
    .collect();
    if !missing.is_empty() {
        return Err(format!(
            "missing credentials: {} (or the matching flags)",
            missing.join(", ")
        ));
    }
    builder = builder
        .account_sid(sid.unwrap_or_default())
        .auth_token(token.unwrap_or_default())
        .app_id(app.unwrap_or_default());
    builder = match (base_url, env) {
        (Some(_), Some(_)) => return Err("set a base URL or an environment, not both".into()),
        (Some(url), None) => builder.base_url(url),
        (None, Some(env)) => builder.environment(Environment::parse(&env).ok_or(format!(
            "unknown environment `{env}`; expected production or sandbox"
        ))?),
        (None, None) => builder,
    };
    let config = builder.build().map_err(|err| err.to_string())?;
    Ok((Client::new(config), None))
}

/// A flag's number of seconds: positive and under a day.
pub(crate) fn parse_seconds(flag: &str, text: &str) -> Result<Duration, String> {
    text.parse::<f64>()
        .ok()
        .filter(|seconds| seconds.is_finite() && *seconds > 0.0 && *seconds < 86_400.0)
        .map(Duration::from_secs_f64)
        .ok_or(format!(
            "--{flag} takes a positive number of seconds, got `{text}`"
        ))
}
