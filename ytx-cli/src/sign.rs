//! `ytx sign`: every step of a signature, for a user whose real request gets -202 / -203.

use std::process::ExitCode;

use clap::{Arg, ArgMatches, Command};
use ytx_core::{Clock, SystemClock};
use ytx_protocol::AuthToken;
use ytx_protocol::sign::{self, Timestamp};

use crate::output;
use crate::target::setting;

pub(crate) fn command() -> Command {
    Command::new("sign")
        .about(
            "Explain the Sign and Authorization of a request, step by step (the token is masked)",
        )
        .arg(
            Arg::new("timestamp")
                .long("timestamp")
                .value_name("yyyyMMddHHmmss")
                .help("Beijing-time timestamp to sign with (default: now, in Beijing time)"),
        )
        .arg(
            Arg::new("func")
                .long("func")
                .default_value("call")
                .help("The func path segment"),
        )
        .arg(
            Arg::new("url")
                .long("url")
                .default_value("MeetingQuery.wx")
                .help("The url path segment"),
        )
        .arg(
            Arg::new("version")
                .long("version")
                .default_value("201612")
                .help("The version path segment"),
        )
}

pub(crate) fn run(args: &ArgMatches) -> ExitCode {
    let (Some(sid), Some(token)) = (
        setting(args, "account-sid", "YTX_ACCOUNT_SID"),
        setting(args, "auth-token", "YTX_AUTH_TOKEN"),
    ) else {
        return output::usage(
            "`ytx sign` needs --account-sid and --auth-token (or YTX_ACCOUNT_SID, YTX_AUTH_TOKEN)",
        );
    };
    let timestamp = match args.get_one::<String>("timestamp") {
        Some(text) => match Timestamp::parse(text) {
            Ok(stamp) => stamp,
            Err(err) => return output::usage(&format!("--timestamp `{text}`: {err}")),
        },
        None => match Timestamp::from_utc(SystemClock.now()) {
            Ok(stamp) => stamp,
            Err(err) => return output::fail(&err.to_string(), None),
        },
    };
    let text = |name: &str| args.get_one::<String>(name).cloned().unwrap_or_default();
    let token = AuthToken::new(token);
    let signature = sign::sign(&sid, &token, &timestamp);
    let authorization = sign::authorization(&sid, &timestamp);
    let mut path = String::new();
    sign::write_request_path(
        &mut path,
        &text("version"),
        &sid,
        &text("func"),
        &text("url"),
        &signature,
    );
    let utc = timestamp.to_utc().to_rfc3339();
    println!("timestamp            {timestamp}  (Beijing time, UTC+8; = {utc})");
    println!(
        "sign plain text      {sid}{}{timestamp}  (accountSID + authToken + timestamp; token masked)",
        token.masked()
    );
    println!(
        "Sign                 {}  (MD5 of the plain text, 32 hex digits; either case is accepted)",
        signature.as_str()
    );
    println!(
        "Authorization plain  {}",
        sign::authorization_plain_text(&sid, &timestamp)
    );
    println!(
        "Authorization        {}  (base64 of the line above; the header's whole value)",
        authorization.as_str()
    );
    println!("request path         {path}");
    println!();
    println!(
        "-202: the Authorization header is wrong or its timestamp is too far from the platform's clock."
    );
    println!(
        "-203: the Sign does not match: check the token, and that both use the same timestamp."
    );
    ExitCode::SUCCESS
}
