//! Where a command goes and with which credentials: flags, then `YTX_*` variables; or the
//! built-in emulator, when asked for with `--emulator` or `YTX_ENV=emulator`. With no
//! credentials and no such request, a command refuses: under cron, systemd or sudo the
//! variables are easily lost, and a send that "succeeds" against an emulator is a lie.

use std::process::ExitCode;
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

/// Why a command has no client: a usage problem (exit 2), or a failure (exit 1).
pub(crate) enum Unresolved {
    /// The settings are missing or wrong.
    Usage(String),
    /// Something failed (the built-in emulator did not start).
    Failed(String),
}

impl Unresolved {
    /// Says so on stderr and gives the exit code.
    pub(crate) fn report(self) -> ExitCode {
        match self {
            Self::Usage(problem) => crate::output::usage(&problem),
            Self::Failed(problem) => crate::output::fail(&problem, None),
        }
    }
}

impl From<String> for Unresolved {
    fn from(problem: String) -> Self {
        Self::Usage(problem)
    }
}

/// What to say when no credentials are set.
const NO_CREDENTIALS: &str = "no credentials: set YTX_ACCOUNT_SID, YTX_AUTH_TOKEN and YTX_APP_ID (or --account-sid, --auth-token and --app-id), or pass --emulator to run against the built-in emulator (nothing reaches the platform)";

/// The client for a command, and the emulator it talks to when it started one (kept alive
/// for as long as the client is used).
pub(crate) async fn resolve(
    matches: &ArgMatches,
) -> Result<(Client, Option<Emulator>), Unresolved> {
    resolve_tuned(matches, |builder| builder).await
}

/// As [`resolve`], with settings of the command's own (a batch's rate limit) applied to the
/// configuration.
pub(crate) async fn resolve_tuned(
    matches: &ArgMatches,
    tune: impl FnOnce(ConfigBuilder) -> ConfigBuilder,
) -> Result<(Client, Option<Emulator>), Unresolved> {
    let sid = setting(matches, "account-sid", "YTX_ACCOUNT_SID");
    let token = setting(matches, "auth-token", "YTX_AUTH_TOKEN");
    let app = setting(matches, "app-id", "YTX_APP_ID");
    let base_url = setting(matches, "base-url", "YTX_BASE_URL");
    let env = setting(matches, "env", "YTX_ENV");
    let asked = matches.get_flag("emulator");
    let mut builder = Config::builder();
    if let Some(seconds) = matches.get_one::<String>("timeout") {
        builder = builder.call_timeout(parse_seconds("timeout", seconds)?);
    }
    if let Some(seconds) = matches.get_one::<String>("attempt-timeout") {
        builder = builder.attempt_timeout(parse_seconds("attempt-timeout", seconds)?);
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

    match matches.get_one::<String>("proxy").map(|url| url.trim()) {
        Some(url) if url.eq_ignore_ascii_case("none") => builder = builder.no_proxy(),
        Some(url) => builder = builder.proxy(url),
        None => {}
    }
    builder = tune(builder);
    let env_asks = env.as_deref() == Some("emulator");
    if asked || env_asks {
        if asked
            && (matches.get_one::<String>("base-url").is_some()
                || matches.get_one::<String>("env").is_some())
        {
            return Err(
                "--emulator runs against the built-in emulator: leave out --base-url and --env"
                    .to_owned()
                    .into(),
            );
        }
        return built_in(
            builder,
            if asked {
                "--emulator"
            } else {
                "YTX_ENV=emulator"
            },
        )
        .await;
    }
    if sid.is_none() && token.is_none() && app.is_none() {
        return Err(NO_CREDENTIALS.to_owned().into());
    }
    let missing: Vec<String> = [
        (&sid, "YTX_ACCOUNT_SID", "--account-sid"),
        (&token, "YTX_AUTH_TOKEN", "--auth-token"),
        (&app, "YTX_APP_ID", "--app-id"),
    ]
    .iter()
    .filter(|(value, _, _)| value.is_none())
    .map(|(_, variable, flag)| format!("{variable} (or {flag})"))
    .collect();
    if !missing.is_empty() {
        return Err(format!(
            "missing credentials: {}; the account id, the auth token and the app id go together. For the built-in emulator, pass --emulator",
            missing.join(", ")
        )
        .into());
    }
    builder = builder
        .account_sid(sid.unwrap_or_default())
        .auth_token(token.unwrap_or_default())
        .app_id(app.unwrap_or_default());
    builder = match (base_url, env) {
        (Some(_), Some(_)) => {
            return Err("set a base URL or an environment, not both"
                .to_owned()
                .into());
        }
        (Some(url), None) => builder.base_url(url),
        (None, Some(env)) => builder.environment(Environment::parse(&env).ok_or(format!(
            "unknown environment `{env}`; expected production, sandbox or emulator"
        ))?),
        (None, None) => builder,
    };
    let config = builder.build().map_err(|err| err.to_string())?;
    Ok((Client::new(config), None))
}

/// The built-in emulator, started for this command, with its demo account; `why` is what
/// asked for it. Said on stderr, so that nobody takes its answers for the platform's.
async fn built_in(
    builder: ConfigBuilder,
    why: &str,
) -> Result<(Client, Option<Emulator>), Unresolved> {
    let emulator = Emulator::demo()
        .start()
        .await
        .map_err(|err| Unresolved::Failed(format!("cannot start the built-in emulator: {err}")))?;
    eprintln!(
        "ytx: {why}: running against the built-in emulator at {} (demo account and demo data; nothing reaches the platform)",
        emulator.base_url()
    );
    let config = builder
        .account_sid(DEMO_ACCOUNT_SID)
        .auth_token(DEMO_AUTH_TOKEN)
        .app_id(DEMO_APP_ID)
        .base_url(emulator.base_url())
        .build()
        .map_err(|err| err.to_string())?;
    Ok((Client::new(config), Some(emulator)))
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
