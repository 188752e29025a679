//! `ytx request FUNC/URL --action ACTION [--version V] [--safe] [--json BODY]`: a signed call
//! to any endpoint, for the ones the SDK does not model yet (like `gh api`).

use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde_json::Value;
use ytx_core::{RawRequest, RetryClass};

use crate::{output, target};

pub(crate) fn command() -> Command {
    Command::new("request")
        .about("Send a signed request to any endpoint (FUNC/URL, e.g. call/MeetingQuery.wx) and print the answer")
        .long_about(
            "Send a signed request to any endpoint and print the answer as JSON: for endpoints \
             the SDK does not model yet. `appid` is added unless the body has one. The request \
             counts as a side effect (never retried once it may have been sent) unless --safe \
             is given. The version defaults to the spec's, if the spec has the endpoint, else \
             201512.",
        )
        .arg(
            Arg::new("path")
                .value_name("FUNC/URL")
                .required(true)
                .help("The func and url path segments, e.g. call/MeetingQuery.wx"),
        )
        .arg(
            Arg::new("action")
                .long("action")
                .value_name("ACTION")
                .required(true)
                .help("The body's action, e.g. queryMeeting (case-sensitive)"),
        )
        .arg(
            Arg::new("version")
                .long("version")
                .value_name("V")
                .help("The version path segment: 201512 or 201612"),
        )
        .arg(
            Arg::new("safe")
                .long("safe")
                .action(ArgAction::SetTrue)
                .help("A query: retry it after failures that may have reached the platform"),
        )
        .arg(
            Arg::new("json")
                .long("json")
                .value_name("BODY")
                .help("The body's fields as a JSON object, with wire names"),
        )
}

pub(crate) async fn run(root: &ArgMatches, args: &ArgMatches) -> ExitCode {
    let request = match build(args) {
        Ok(request) => request,
        Err(problem) => return output::usage(&problem),
    };
    let (client, _emulator) = match target::resolve(root).await {
        Ok(resolved) => resolved,
        Err(problem) => return problem.report(),
    };
    match client.send_raw_verbatim(&request).await {
        Ok(answer) => output::verbatim(&answer),
        Err(err) => output::error(&err),
    }
}

/// The request the arguments describe, checked before anything is sent.
fn build(args: &ArgMatches) -> Result<RawRequest, String> {
    let text = |name: &str| args.get_one::<String>(name).map(String::as_str);
    let path = text("path").unwrap_or_default();
    let action = text("action").unwrap_or_default();
    let mut request = RawRequest::new(path, action).map_err(|err| err.to_string())?;
    let known = ytx_spec::builtin()
        .ok()
        .and_then(|spec| spec.endpoint(request.func(), request.url(), action));
    if let Some(version) = text("version").or(known.map(|entry| entry.version.as_str())) {
        request = request.version(version).map_err(|err| err.to_string())?;
    }
    if args.get_flag("safe") {
        request = request.retry(RetryClass::SafeQuery);
    }
    if let Some(body) = text("json") {
        let body: Value =
            serde_json::from_str(body).map_err(|err| format!("--json is not valid JSON: {err}"))?;
        request = request.fields(body).map_err(|err| err.to_string())?;
    }
    Ok(request)
}
