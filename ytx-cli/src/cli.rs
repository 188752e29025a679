//! The command tree. Endpoint subcommands are built from the registered endpoints, one
//! flag per field, named by its wire name; their help comes from the spec.

use clap::{Arg, ArgAction, Command};
use ytx_core::{Operation, RegistryError};

/// Every endpoint linked into the CLI (each family crate it depends on; see `build.rs`).
pub(crate) fn operations() -> Result<&'static [Operation], RegistryError> {
    ytx_core::registered()
}

/// The families, in the order the endpoints are listed, each with its endpoints.
fn families(operations: &[Operation]) -> Vec<(&'static str, Vec<&Operation>)> {
    let mut families: Vec<(&'static str, Vec<&Operation>)> = Vec::new();
    for operation in operations {
        match families
            .iter_mut()
            .find(|(family, _)| *family == operation.family())
        {
            Some((_, members)) => members.push(operation),
            None => families.push((operation.family(), vec![operation])),
        }
    }
    families
}

/// `0.1.0 (YTX API 201512, 201612)`: the crate's version and the platform API versions
/// (the path's version segment) its endpoints speak.
fn version(operations: &[Operation]) -> String {
    let mut versions: Vec<&str> = operations.iter().map(Operation::version).collect();
    versions.sort_unstable();
    versions.dedup();
    format!(
        "{} (YTX API {})",
        env!("CARGO_PKG_VERSION"),
        versions.join(", ")
    )
}

/// The CLI's word for a func: `Unicom` is typed `unicom`.
pub(crate) fn family_command(func: &str) -> String {
    func.to_ascii_lowercase()
}

pub(crate) fn command(operations: &[Operation]) -> Command {
    let mut root = Command::new("ytx")
        .about("The YTX (云讯) cloud-communications API from the command line")
        .long_about(
            "The YTX (云讯) cloud-communications API from the command line.\n\n\
             Credentials come from --account-sid/--auth-token/--app-id or YTX_ACCOUNT_SID, \
             YTX_AUTH_TOKEN, YTX_APP_ID; the target from --base-url/--env or YTX_BASE_URL, \
             YTX_ENV (production, the default, or sandbox). --emulator (or YTX_ENV=emulator) \
             runs a command against a built-in emulator with a demo account instead, and says \
             so on stderr. With no credentials and no --emulator, a command that would call \
             the platform refuses (exit 2).",
        )
        .version(version(operations))
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
        .arg(global(
            "env",
            "ENV",
            "production, sandbox, or emulator for the built-in one (YTX_ENV)",
        ))
        .arg(
            Arg::new("emulator")
                .long("emulator")
                .global(true)
                .action(ArgAction::SetTrue)
                .help("Run against a built-in emulator with a demo account: nothing reaches the platform")
                .help_heading("Connection"),
        )
        .arg(global(
            "timeout",
            "SECONDS",
            "Deadline for each call, in seconds: every attempt, the backoff between them and the waits for --rate included (default 60). When it passes after a side effect may have been sent, the outcome is unknown",
        ))
        .arg(global(
            "attempt-timeout",
            "SECONDS",
            "Deadline for one attempt, in seconds: connecting, sending and the whole answer (default 30)",
        ))
        .arg(global(
            "proxy",
            "URL",
            "Forward proxy, http://[user:password@]host:port (`none`: connect directly); overrides YTX_PROXY, HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY",
        ))
        .arg(global(
            "max-attempts",
            "N",
            "Attempts per call (default 3); side effects are tried again only when nothing was sent",
        ))
        .subcommand(
            Command::new("endpoints").about("List every endpoint").arg(
                Arg::new("json")
                    .long("json")
                    .action(ArgAction::SetTrue)
                    .help("As a JSON array"),
            ),
        )
        .subcommand(crate::request::command())
        .subcommand(crate::sign::command())
        .subcommand(crate::endpoint_new::command())
        .subcommand(crate::emulate::command())
        .subcommand(crate::listen::command())
        .subcommand(crate::reconcile::command())
        .subcommand(crate::completions::completions_command())
        .subcommand(crate::completions::man_command());
    for (family, members) in families(operations) {
        let names: Vec<String> = members.iter().map(|op| title(op)).collect();
        let about = format!("func `{family}`: {}", names.join(", "));
        let mut group = Command::new(family_command(family))
            .about(about)
            .subcommand_required(true);
        if family_command(family) != family {
            group = group.alias(family);
        }
        for operation in members {
            group = group.subcommand(endpoint_command(operation));
        }
        root = root.subcommand(group);
    }
    root
}

/// `会议查询 MeetingQuery`: the spec's Chinese name where the spec has the endpoint.
fn title(operation: &Operation) -> String {
    match crate::spec::entry(operation).and_then(|entry| entry.name_zh.as_deref()) {
        Some(name_zh) => format!("{name_zh} {}", operation.name()),
        None => operation.name().to_owned(),
    }
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

/// How to give several values of a list field, as `gh` and `aws` say it.
fn several(field: &ytx_core::FieldInfo) -> String {
    match (field.is_list(), field.comma_joined) {
        (true, true) => format!(". Several: --{0} a,b or --{0} a --{0} b", field.wire),
        (true, false) => format!(
            ". Several: repeat --{0} for each value, in order",
            field.wire
        ),
        _ => String::new(),
    }
}

fn endpoint_command(operation: &Operation) -> Command {
    let about = format!(
        "{} ({} / {}, version {}, {})",
        title(operation),
        operation.url(),
        operation.action(),
        operation.version(),
        match operation.retry() {
            ytx_core::RetryClass::SafeQuery => "a query",
            // A class added later is taken for the costly one until this learns it.
            _ => "side effect: costs money",
        }
    );
    let mut command = Command::new(operation.subcommand()).about(about).arg(
        Arg::new("json")
            .long("json")
            .value_name("BODY")
            .help("The request body as JSON with wire names (a documentation example can be pasted); flags override its fields"),
    );
    let entry = crate::spec::entry(operation);
    for field in operation.fields() {
        // The spec's description where it has one, else the struct's documentation.
        let described = entry
            .and_then(|entry| entry.request.iter().find(|spec| spec.wire == field.wire))
            .and_then(|spec| spec.description.clone())
            .unwrap_or_else(|| summary(field.wire, field.doc));
        let required = if field.required { " [required]" } else { "" };
        let mut arg = Arg::new(field.wire)
            .long(field.wire)
            .value_name(field.wire)
            .help(format!("{described}{}{required}", several(field)));
        if field.is_list() {
            arg = arg.action(ArgAction::Append);
            if field.comma_joined {
                arg = arg.value_delimiter(',');
            }
        }
        command = command.arg(arg);
    }
    if operation.retry() == ytx_core::RetryClass::SideEffect {
        command = crate::batch::args(command);
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
        super::command(super::operations().unwrap()).debug_assert();
    }
}
