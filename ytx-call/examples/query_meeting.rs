//! 会议查询: query conferences and print the answer as JSON.
//!
//! ```text
//! YTX_ACCOUNT_SID=… YTX_AUTH_TOKEN=… YTX_APP_ID=… YTX_ENV=sandbox \
//!     cargo run -p ytx-call --example query_meeting -- --confid 002 --count 1
//! ```
//!
//! Prints the response JSON on stdout and exits 0; on failure prints the error and its hint
//! on stderr and exits 1 (2 for bad arguments).

use std::process::ExitCode;

use ytx_call::{Client, Error, MeetingQuery};

const USAGE: &str = "usage: query_meeting [--confid ID] [--count N]\n\
    reads YTX_ACCOUNT_SID, YTX_AUTH_TOKEN, YTX_APP_ID and YTX_ENV (production|sandbox) or YTX_BASE_URL";

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<MeetingQuery, String> {
    let (mut confid, mut count) = (None, 1u32);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--confid" => confid = Some(value()?),
            "--count" | "--meetingcount" => {
                let text = value()?;
                count = text
                    .parse()
                    .map_err(|_| format!("--count takes a positive number, got `{text}`"))?;
            }
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let query = MeetingQuery::new(count);
    Ok(match confid {
        Some(confid) => query.confid(confid),
        None => query,
    })
}

async fn run(query: MeetingQuery) -> Result<String, Error> {
    let client = Client::from_env()?;
    let response = client.send(query).await?;
    Ok(serde_json::to_string_pretty(&response).unwrap_or_default())
}

fn main() -> ExitCode {
    let query = match parse_args(std::env::args().skip(1)) {
        Ok(query) => query,
        Err(problem) => {
            if !problem.is_empty() {
                eprintln!("error: {problem}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(query)) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            match &err {
                // An API error's Display already carries its hint.
                Error::Api(_) => {}
                Error::Config(_) => eprintln!(
                    "hint: set YTX_ACCOUNT_SID, YTX_AUTH_TOKEN and YTX_APP_ID, and YTX_ENV=sandbox or YTX_BASE_URL"
                ),
                _ => {
                    if let Some(hint) = err.hint() {
                        eprintln!("hint: {hint}");
                    }
                }
            }
            ExitCode::FAILURE
        }
    }
}
