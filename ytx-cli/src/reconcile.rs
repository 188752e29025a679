//! `ytx reconcile`: looks a request of unknown outcome up on the platform, as
//! `Client::reconcile` does, and prints what it found as one JSON object; with
//! `--journal`, every row of a batch journal whose outcome is unknown.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::{Arg, ArgMatches, Command};
use serde_json::{Value, json};
use ytx_batch::{Entry, Journal, JournalStore, RowState, SqliteStore};
use ytx_core::Operation;
use ytx_core::reconcile::{PlatformRecord, Reconciliation};
use ytx_core::{Error, Reconciler, Timestamp};

use crate::{output, target};

pub(crate) fn command() -> Command {
    Command::new("reconcile")
        .about("Look a request of unknown outcome up on the platform: happened, not found, or cannot tell (and what evidence remains)")
        .long_about(
            "Look a request of unknown outcome up on the platform and print one JSON object: \
             {\"outcome\":\"happened\",\"record\":{…}}, {\"outcome\":\"not_found\",\"searched\":…} \
             or {\"outcome\":\"cannot_tell\",\"reason\":…,\"evidence\":…}.\n\n\
             Two-way calls are found by customParm (else their numbers) in the call records of \
             the hour they were sent and the next; voice notices and voice codes by the number \
             called; phone-bill top-ups through getOrderResult by customParm. Template SMS and \
             data top-ups cannot be looked up. When a command's outcome is unknown, ytx prints \
             the reconcile command to run. For a batch, use `ytx reconcile --journal PATH`.",
        )
        .arg(
            Arg::new("action")
                .long("action")
                .value_name("ACTION")
                .required_unless_present("journal")
                .help("The request's action, e.g. callDailBack"),
        )
        .arg(
            Arg::new("sent-at")
                .long("sent-at")
                .value_name("TIMESTAMP")
                .required_unless_present("journal")
                .help("The timestamp it was signed with, yyyyMMddHHmmss in Beijing time"),
        )
        .arg(
            Arg::new("json")
                .long("json")
                .value_name("BODY")
                .required_unless_present("journal")
                .help("The body as sent, JSON with wire names"),
        )
        .arg(
            Arg::new("journal")
                .long("journal")
                .value_name("PATH")
                .conflicts_with_all(["action", "sent-at", "json"])
                .help("Reconcile every row a batch journal lists as unknown, one JSON line each (a SQLite file, or postgres://… with --campaign)"),
        )
        .arg(
            Arg::new("campaign")
                .long("campaign")
                .value_name("NAME")
                .requires("journal")
                .help("With a postgres:// journal: the campaign (the input file's name unless the batch was given another)"),
        )
}

pub(crate) async fn run(root: &ArgMatches, args: &ArgMatches) -> ExitCode {
    if let Some(path) = args.get_one::<String>("journal") {
        if crate::campaign::postgres_url(Path::new(path)).is_some() {
            let Some(campaign) = args.get_one::<String>("campaign") else {
                return output::usage("a postgres:// journal needs --campaign NAME");
            };
            return reconcile_campaign(root, path, campaign).await;
        }
        return reconcile_journal(root, path).await;
    }
    let text = |name: &str| {
        args.get_one::<String>(name)
            .map(String::as_str)
            .unwrap_or_default()
    };
    let Ok(sent_at) = Timestamp::parse(text("sent-at")) else {
        return output::usage(
            "--sent-at takes yyyyMMddHHmmss in Beijing time, e.g. 20261204133000",
        );
    };
    if !matches!(
        serde_json::from_str::<Value>(text("json")),
        Ok(Value::Object(_))
    ) {
        return output::usage("--json takes the body as sent, a JSON object");
    }
    let (client, _emulator) = match target::resolve(root).await {
        Ok(resolved) => resolved,
        Err(problem) => return problem.report(),
    };
    let mut reconciler = client.reconciler();
    let body = text("json").as_bytes();
    match look_up(&mut reconciler, text("action"), &sent_at, body).await {
        Ok(found) => output::json(&found),
        Err(err) => output::error(&err),
    }
}

/// Reconciles one request into the JSON `ytx reconcile` prints.
pub(crate) async fn look_up(
    reconciler: &mut Reconciler,
    action: &str,
    sent_at: &Timestamp,
    body: &[u8],
) -> Result<Value, Error> {
    Ok(
        match reconciler.reconcile_request(action, sent_at, body).await? {
            Reconciliation::Happened(record) => json!({
                "outcome": "happened",
                "record": match record {
                    PlatformRecord::Call(call) => serde_json::to_value(call).unwrap_or_default(),
                    PlatformRecord::Order(order) => Value::Object(order),
                    other => json!(format!("{other:?}")),
                },
            }),
            Reconciliation::NotFound(not_found) => json!({
                "outcome": "not_found",
                "searched": not_found.searched(),
                "meaning": "not taken effect, or its record is not written yet: ask again later before sending it again",
            }),
            Reconciliation::CannotTell(why) => json!({
                "outcome": "cannot_tell",
                "reason": why.reason(),
                "evidence": why.evidence(),
            }),
            other => json!({ "outcome": "cannot_tell", "reason": format!("{other:?}") }),
        },
    )
}

/// `ytx reconcile --journal PATH`: each row of unknown outcome, looked up; rows found to
/// have taken effect are recorded as answered, so later runs skip them.
pub(crate) async fn reconcile_journal(root: &ArgMatches, path: &str) -> ExitCode {
    if !Path::new(path).exists() {
        return output::fail(&format!("no journal at {path}"), None);
    }
    let mut store = match SqliteStore::open(path) {
        Ok(store) => store,
        Err(err) => return output::fail(&format!("journal {path}: {err}"), None),
    };
    let identity = match store.identity() {
        Ok(Some(identity)) => identity,
        _ => return output::fail(&format!("journal {path}: not a batch journal"), None),
    };
    let Some(operation) = operation_of(&identity) else {
        let endpoint = crate::batch::endpoint_of(&identity);
        return output::fail(
            &format!("journal {path}: its endpoint {endpoint} is not one this ytx has"),
            None,
        );
    };
    let (client, _emulator) = match target::resolve(root).await {
        Ok(resolved) => resolved,
        Err(problem) => return problem.report(),
    };
    // Looking rows up in another account, or on another platform, would find nothing.
    let here = crate::batch::journal_identity(&operation, &client);
    if here != identity {
        let message = format!("journal {path} is for {identity}; this is {here}");
        return output::fail(
            &message,
            Some("configure the account and target the batch ran with"),
        );
    }
    let journal = match Journal::open(store, &identity) {
        Ok(journal) => journal,
        Err(err) => return output::fail(&format!("journal {path}: {err}"), None),
    };
    settle_unknown(&client, operation, Either::Sqlite(journal), path).await
}

/// The endpoint a journal's identity names, if this ytx has it.
fn operation_of(identity: &str) -> Option<Operation> {
    let endpoint = crate::batch::endpoint_of(identity);
    ytx_core::registered()
        .ok()
        .and_then(|all| all.iter().find(|op| op.path() == endpoint).copied())
}

/// `ytx reconcile --journal postgres://… --campaign NAME`.
async fn reconcile_campaign(root: &ArgMatches, url: &str, campaign: &str) -> ExitCode {
    let shown = format!("campaign `{campaign}`");
    let identity = match ytx_batch::PgJournal::identity_of(url, campaign).await {
        Ok(Some(identity)) => identity,
        Ok(None) => return output::fail(&format!("no {shown} in that database"), None),
        Err(err) => return output::fail(&format!("{shown}: {err}"), None),
    };
    let Some(operation) = operation_of(&identity) else {
        return output::fail(
            &format!("{shown}: its endpoint is not one this ytx has"),
            None,
        );
    };
    let (client, _emulator) = match target::resolve(root).await {
        Ok(resolved) => resolved,
        Err(problem) => return problem.report(),
    };
    let here = crate::batch::journal_identity(&operation, &client);
    if here != identity {
        return output::fail(
            &format!("{shown} is for {identity}; this is {here}"),
            Some("configure the account and target the batch ran with"),
        );
    }
    let worker = format!("reconcile:{}", std::process::id());
    let lease = std::time::Duration::from_secs(60);
    match ytx_batch::PgJournal::connect(url, campaign, &identity, &worker, lease).await {
        Ok(journal) => {
            settle_unknown(&client, operation, Either::Pg(Box::new(journal)), &shown).await
        }
        Err(err) => output::fail(&format!("{shown}: {err}"), None),
    }
}

/// A batch's journal: a SQLite file or a PostgreSQL campaign.
enum Either {
    Sqlite(Journal<SqliteStore>),
    Pg(Box<ytx_batch::PgJournal>),
}

impl Either {
    async fn unknown(&mut self) -> Result<Vec<Entry>, String> {
        match self {
            Self::Sqlite(journal) => journal.unknown().map_err(|err| err.to_string()),
            Self::Pg(journal) => journal
                .in_states(&[RowState::Unknown, RowState::Sending])
                .await
                .map_err(|err| err.to_string()),
        }
    }

    async fn record(&mut self, answered: Entry) -> Result<(), String> {
        match self {
            Self::Sqlite(journal) => journal.record(&[answered]).map_err(|err| err.to_string()),
            Self::Pg(journal) => journal
                .record_answered(&answered)
                .await
                .map(drop)
                .map_err(|err| err.to_string()),
        }
    }
}

/// Each row of unknown outcome, looked up; those found to have taken effect recorded as
/// answered. One JSON line per row.
async fn settle_unknown(
    client: &ytx_core::Client,
    operation: Operation,
    mut journal: Either,
    path: &str,
) -> ExitCode {
    let unknown = match journal.unknown().await {
        Ok(unknown) => unknown,
        Err(err) => return output::fail(&format!("journal {path}: {err}"), None),
    };
    let mut stdout = std::io::stdout().lock();
    // One reconciler for every row: rows sent in the same hour read its records once.
    let mut reconciler = client.reconciler();
    for entry in unknown {
        let Ok(sent_at) = Timestamp::parse(&entry.sent_at) else {
            let reason = format!(
                "the journal's send time `{}` is not a timestamp",
                entry.sent_at
            );
            let line = json!({"row": entry.row, "outcome": "cannot_tell", "reason": reason});
            let _ = writeln!(stdout, "{line}");
            continue;
        };
        let found = match look_up(
            &mut reconciler,
            operation.action(),
            &sent_at,
            entry.fields.as_bytes(),
        )
        .await
        {
            Ok(found) => found,
            Err(err) => return output::error(&err),
        };
        if found["outcome"] == "happened" {
            let record = &found["record"];
            let id = record.get("requestid").or(record.get("requestId"));
            let answered = Entry {
                state: RowState::Answered,
                request_id: id.and_then(Value::as_str).map(str::to_owned),
                detail: Some("reconciled: found on the platform".into()),
                ..entry.clone()
            };
            if let Err(err) = journal.record(answered).await {
                return output::fail(&format!("journal {path}: {err}"), None);
            }
        }
        let mut line = json!({"row": entry.row, "sentAt": entry.sent_at});
        if let (Value::Object(line), Value::Object(found)) = (&mut line, found) {
            line.extend(found);
        }
        let _ = writeln!(stdout, "{line}");
    }
    ExitCode::SUCCESS
}
