//! The command tree. Endpoint subcommands are built from the families' operation lists, one
//! flag per field, named by its wire name.

use clap::{Arg, ArgAction, Command};
use ytx_core::Operation;

/// Every endpoint of every family.
pub(crate) fn operations() -> Vec<Operation> {
    let mut all = ytx_call::operations();
    all.extend(ytx_sms::operations());
    all.extend(ytx_traffic::operations());
    all.extend(ytx_account::operations());
    all
}

const FAMILIES: [(&str, &str); 4] = [
    (
        "call",
        "Voice: two-way calls, voice codes and notices, call records, conferences (语音类)",
    ),
    ("sms", "Template SMS (消息类)"),
    ("traffic", "Mobile-data top-ups (流量类)"),
    ("account", "Account balance (账户类)"),
];

pub(crate) fn command() -> Command {
    let operations = operations();
    let mut root = Command::new("ytx")
        .about("The YTX (云讯) cloud-communications API from the command line")
        .long_about(
            "The YTX (云讯) cloud-communications API from the command line.\n\n\
             Credentials come from --account-sid/--auth-token/--app-id or YTX_ACCOUNT_SID, \
             YTX_AUTH_TOKEN, YTX_APP_ID; the target from --base-url/--env or YTX_BASE_URL, \
             YTX_ENV (production, the default, or sandbox). With no credentials at all, \
             endpoint commands run against a built-in emulator.",
        )
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .arg(global(
            "account-sid",
            "ACCOUNT_SID",
            "Account id (YTX_ACCOUNT_SID)",
        ))
        .arg(global("auth-token", "TOKEN", "Auth token (YTX_AUTH_TOKEN)"))
        .arg(global("app-id", "APP_ID", "Application id (YTX_APP_ID)"))
        .arg(global(
            "base-url",
            "URL",
            "Target base URL, e.g. http://127.0.0.1:8080 (YTX_BASE_URL)",
        ))
        .arg(global("env", "ENV", "production or sandbox (YTX_ENV)"))
        .arg(global(
            "timeout",
            "SECONDS",
            "Deadline for the whole request, in seconds (default 30)",
        ))
        .arg(global(
            "max-attempts",
            "N",
            "Attempts per call (default 3); side effects are retried only when nothing was sent",
        ))
        .subcommand(
            Command::new("endpoints").about("List every endpoint").arg(
                Arg::new("json")
                    .long("json")
                    .action(ArgAction::SetTrue)
                    .help("As a JSON array"),
            ),
        )
        .subcommand(crate::sign::command())
        .subcommand(crate::emulate::command());
    for (family, about) in FAMILIES {
        let mut group = Command::new(family).about(about).subcommand_required(true);
        for operation in operations.iter().filter(|op| op.family() == family) {
            group = group.subcommand(endpoint_command(operation));
        }
        root = root.subcommand(group);
    }
    root
}

fn global(name: &'static str, value: &'static str, help: &'static str) -> Arg {
    Arg::new(name)
        .long(name)
        .value_name(value)
        .global(true)
        .help(help)
        .help_heading("Connection")
}

/// The first sentence of a field's doc, without the leading "`wire`: ".
fn summary(wire: &str, doc: &str) -> String {
    let paragraph: Vec<&str> = doc
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .collect();
    let text = paragraph.join(" ");
    let prefix = format!("`{wire}`: ");
    let text = text.strip_prefix(&prefix).unwrap_or(&text);
    let end = text.find(". ").map_or(text.len(), |at| at + 1);
    text[..end].to_owned()
}

fn endpoint_command(operation: &Operation) -> Command {
    let about = format!(
        "{} ({} / {}, version {}, {})",
        operation.name(),
        operation.url(),
        operation.action(),
        operation.version(),
        match operation.retry() {
            ytx_core::RetryClass::SafeQuery => "a query",
            ytx_core::RetryClass::SideEffect => "side effect: costs money",
        }
    );
    let mut command = Command::new(operation.subcommand()).about(about).arg(
        Arg::new("json")
            .long("json")
            .value_name("BODY")
            .help("The request body as JSON with wire names (a documentation example can be pasted); flags override its fields"),
    );
    for field in operation.fields() {
        let required = if field.required { " [required]" } else { "" };
        let mut arg = Arg::new(field.wire)
            .long(field.wire)
            .value_name(field.value_type())
            .help(format!("{}{required}", summary(field.wire, field.doc)));
        if field.is_list() {
            arg = arg.action(ArgAction::Append);
        }
        command = command.arg(arg);
    }
    command
}

#[cfg(test)]
mod tests {
    #[test]
    fn help_summaries_are_whole_first_sentences() {
        let doc = "`credit`: the longest the call may last, in seconds (the documentation says more\nthan 60). Sent as a string.";
        assert_eq!(
            super::summary("credit", doc),
            "the longest the call may last, in seconds (the documentation says more than 60)."
        );
        assert_eq!(super::summary("x", ""), "");
    }

    #[test]
    fn the_command_tree_is_well_formed() {
        super::command().debug_assert();
    }
}
