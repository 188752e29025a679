//! `ytx <family> <endpoint> --batch FILE [--journal PATH]`: one request per row, journaled
//! in SQLite so that no row is ever sent twice (see the `ytx-batch` crate).
//!
//! Each row ends as one JSON line on stdout, `{"row":N,"status":…,"requestId"|"error":…}`;
//! a progress bar with rate and ETA shows on a terminal, and nothing when stderr is piped.

use std::fs::File;
use std::io::{BufRead, BufReader, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgMatches, Command};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::{Map, Value, json};
use ytx_batch::{
    Encoding, Entry, Format, Journal, Options, Report, Resume, RowState, Rows, SqliteStore,
    Summary, UnknownEncoding,
};
use ytx_core::{Client, Operation};

use crate::{output, target};

/// The batch flags of a side-effect endpoint's command.
pub(crate) fn args(command: Command) -> Command {
    let heading = "Batch (one request per row, never sent twice)";
    command
        .arg(
            Arg::new("batch")
                .long("batch")
                .value_name("FILE")
                .help("Send one request per row of FILE: JSON Lines (a body per line, wire names, as for --json) or CSV (a header of wire names; a .csv file). Flags give fields common to every row; a row's own win")
                .help_heading(heading),
        )
        .arg(
            Arg::new("journal")
                .long("journal")
                .value_name("PATH")
                .requires("batch")
                .help("The batch's journal: a SQLite file (default: FILE.journal beside the input), or postgres://… for a campaign several workers share. Run again with it to carry on")
                .help_heading(heading),
        )
        .arg(
            Arg::new("campaign")
                .long("campaign")
                .value_name("NAME")
                .requires("journal")
                .help("With a postgres:// journal: the campaign's name, the same for every worker (default: the input file's name)")
                .help_heading(heading),
        )
        .arg(
            Arg::new("lease")
                .long("lease")
                .value_name("SECONDS")
                .requires("journal")
                .help("With a postgres:// journal: how long a worker's claim on a row lasts unless renewed (default 60); a dead worker's rows become unknown once it ends")
                .help_heading(heading),
        )
        .arg(
            Arg::new("encoding")
                .long("encoding")
                .value_name("ENCODING")
                .requires("batch")
                .value_parser(["utf-8", "gbk", "gb18030"])
                .help("The input's encoding: utf-8 (the default; a byte-order mark is skipped), or gbk / gb18030 for a file Excel saved on a Chinese system")
                .help_heading(heading),
        )
        .arg(
            Arg::new("concurrency")
                .long("concurrency")
                .value_name("N")
                .requires("batch")
                .default_value("8")
                .help("Requests in flight at most")
                .help_heading(heading),
        )
        .arg(
            Arg::new("rate")
                .long("rate")
                .value_name("PER_SECOND")
                .requires("batch")
                .help("Requests per second at most (default: no limit)")
                .help_heading(heading),
        )
        .arg(
            Arg::new("resend-unknown")
                .long("resend-unknown")
                .action(ArgAction::SetTrue)
                .requires("batch")
                .help("Send rows of unknown outcome again (they may have taken effect: `ytx reconcile --journal` them first)")
                .help_heading(heading),
        )
        .arg(
            Arg::new("resend-refused")
                .long("resend-refused")
                .action(ArgAction::SetTrue)
                .requires("batch")
                .help("Send rows the platform refused again (a refusal took no effect)")
                .help_heading(heading),
        )
}

/// The batch's settings from its flags.
struct Settings {
    input: PathBuf,
    encoding: Encoding,
    journal: PathBuf,
    options: Options,
    rate: Option<f64>,
}

fn settings(args: &ArgMatches, input: &str) -> Result<Settings, String> {
    let input = PathBuf::from(input);
    let journal = match args.get_one::<String>("journal") {
        Some(path) => PathBuf::from(path),
        None => {
            let mut beside = input.clone().into_os_string();
            beside.push(".journal");
            PathBuf::from(beside)
        }
    };
    let concurrency = args
        .get_one::<String>("concurrency")
        .and_then(|text| text.parse::<usize>().ok())
        .filter(|n| (1..=1024).contains(n))
        .ok_or("--concurrency takes a number from 1 to 1024")?;
    let rate = match args.get_one::<String>("rate") {
        None => None,
        Some(text) => Some(
            text.parse::<f64>()
                .ok()
                .filter(|rate| rate.is_finite() && *rate > 0.0)
                .ok_or("--rate takes a positive number of requests per second")?,
        ),
    };
    let resume = Resume {
        resend_unknown: args.get_flag("resend-unknown"),
        resend_refused: args.get_flag("resend-refused"),
    };
    let encoding = match args.get_one::<String>("encoding") {
        None => Encoding::Utf8,
        Some(name) => name
            .parse()
            .map_err(|err: UnknownEncoding| err.to_string())?,
    };
    Ok(Settings {
        input,
        encoding,
        journal,
        options: Options {
            concurrency,
            resume,
        },
        rate,
    })
}

pub(crate) async fn run(
    operation: &Operation,
    root: &ArgMatches,
    args: &ArgMatches,
    input: &str,
    common: Map<String, Value>,
) -> ExitCode {
    let settings = match settings(args, input) {
        Ok(settings) => settings,
        Err(problem) => return output::usage(&problem),
    };
    let file = match File::open(&settings.input) {
        Ok(file) => file,
        Err(err) => return output::fail(&format!("--batch {input}: {err}"), None),
    };
    let rate = settings.rate;
    let (client, _emulator) = match target::resolve_tuned(root, |builder| match rate {
        Some(rate) => builder.rate_limit(rate),
        None => builder,
    })
    .await
    {
        Ok(resolved) => resolved,
        Err(problem) => return problem.report(),
    };
    let format = Format::of_path(&settings.input);
    let rows = rows(file, &settings, format, operation, common);
    if let Some(url) = crate::campaign::postgres_url(&settings.journal) {
        let identity = journal_identity(operation, &client);
        let mut stdout = std::io::stdout().lock();
        let report = |event: &Report| {
            let _ = writeln!(stdout, "{}", line(event));
        };
        let campaign = crate::campaign::Campaign::of(args, &settings.input, url);
        let ran = campaign
            .run(
                &client,
                *operation,
                &identity,
                rows,
                settings.options,
                report,
            )
            .await;
        return summarize(ran, &campaign.to_string());
    }
    let journal = match SqliteStore::open(&settings.journal)
        .map_err(|err| err.to_string())
        .and_then(|store| {
            Journal::open(store, &journal_identity(operation, &client))
                .map_err(|err| err.to_string())
        }) {
        Ok(journal) => journal,
        Err(err) => {
            return output::fail(
                &format!("journal {}: {err}", settings.journal.display()),
                None,
            );
        }
    };
    let progress = progress_bar(&settings.input, format);
    let mut stdout = std::io::stdout().lock();
    let report = |event: &Report| {
        progress.inc(1);
        // A closed stdout loses only the printout: the journal has every row.
        let _ = writeln!(stdout, "{}", line(event));
    };
    let ran = ytx_batch::run(&client, *operation, rows, journal, settings.options, report).await;
    progress.finish_and_clear();
    let ran = ran
        .map(|(summary, _)| summary)
        .map_err(|err| err.to_string());
    summarize(ran, &settings.journal.display().to_string())
}

/// The summary on stderr, and the exit code: 0 only if every row was answered.
fn summarize(ran: Result<Summary, String>, journal_path: &str) -> ExitCode {
    let summary = match ran {
        Ok(summary) => summary,
        Err(err) => return output::fail(&format!("{err} (journal {journal_path})"), None),
    };
    eprintln!(
        "ytx: {} answered, {} refused, {} not sent, {} unknown, {} bad; {} answered before, {} unknown before (journal {journal_path})",
        summary.answered,
        summary.refused,
        summary.not_sent,
        summary.unknown,
        summary.bad,
        summary.skipped,
        summary.listed
    );
    if summary.unknown + summary.listed > 0 {
        eprintln!(
            "hint: rows of unknown outcome are never resent by themselves: look them up with `ytx reconcile --journal {journal_path}`"
        );
    }
    let settled =
        summary.refused + summary.not_sent + summary.unknown + summary.listed + summary.bad;
    if settled == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The rows of the input, decoded, each with the fields common to every row under its own.
fn rows(
    file: File,
    settings: &Settings,
    format: Format,
    operation: &Operation,
    common: Map<String, Value>,
) -> impl Iterator<Item = std::io::Result<ytx_batch::Row>> {
    let input = ytx_batch::decode(file, settings.encoding);
    Rows::new(input, format, operation.fields()).map(move |row| {
        row.map(|row| {
            if common.is_empty() {
                // Left as read: the journal keeps the line as the input wrote it.
                row
            } else {
                row.map_fields(|own| with_common(&common, own))
            }
        })
    })
}

/// What a batch journal is for: the endpoint, the account and the platform's host (not its
/// port, so a journal kept against a local emulator stays its own). A journal made against
/// the emulator or another account is never taken for this one: its rows were not sent
/// here.
pub(crate) fn journal_identity(operation: &Operation, client: &Client) -> String {
    let url = client.config().base_url().to_string();
    let authority = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
    let host = authority.split(['/', ':']).next().unwrap_or_default();
    let account = client.config().account_sid();
    format!("{} for account {account} at {host}", operation.path())
}

/// The endpoint path of a journal identity.
pub(crate) fn endpoint_of(identity: &str) -> &str {
    identity.split(" for account ").next().unwrap_or(identity)
}

/// The fields common to every row, under the row's own.
fn with_common(common: &Map<String, Value>, mut own: Map<String, Value>) -> Map<String, Value> {
    for (name, value) in common {
        own.entry(name.clone()).or_insert_with(|| value.clone());
    }
    own
}

/// A bar with rate and ETA on a terminal (the rows counted first, streaming); hidden when
/// stderr is not one.
fn progress_bar(input: &Path, format: Format) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let lines = File::open(input)
        .map(|file| {
            BufReader::new(file)
                .lines()
                .map_while(Result::ok)
                .filter(|l| !l.trim().is_empty())
                .count() as u64
        })
        .unwrap_or(0);
    let total = if format == Format::Csv {
        lines.saturating_sub(1)
    } else {
        lines
    };
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{wide_bar} {pos}/{len} rows  {per_sec}  ETA {eta}")
    {
        bar.set_style(style);
    }
    bar
}

/// One row's result line, `row` and `status` first.
fn line(report: &Report) -> String {
    match report {
        Report::Settled(entry) => entry_line(entry, entry.state.as_str(), None),
        Report::Skipped(entry) => entry_line(entry, "skipped", Some(entry.state.as_str())),
        Report::Listed(entry) => entry_line(entry, "unknown_before", None),
        Report::Bad { row, error } => {
            format!(r#"{{"row":{row},"status":"bad","error":{}}}"#, json!(error))
        }
        other => format!(
            r#"{{"status":"other","report":{}}}"#,
            json!(format!("{other:?}"))
        ),
    }
}

fn entry_line(entry: &Entry, status: &str, was: Option<&str>) -> String {
    let mut line = format!(r#"{{"row":{},"status":"{status}""#, entry.row);
    let mut add =
        |name: &str, value: &str| line.push_str(&format!(r#","{name}":{}"#, json!(value)));
    if let Some(was) = was {
        add("was", was);
    }
    if let Some(id) = &entry.request_id {
        add("requestId", id);
    }
    if let Some(detail) = &entry.detail {
        add("error", detail);
    }
    if matches!(entry.state, RowState::Unknown | RowState::Sending) {
        add("sentAt", &entry.sent_at);
    }
    line.push('}');
    line
}
