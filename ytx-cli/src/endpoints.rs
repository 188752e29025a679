//! `ytx endpoints [--json]`: what the CLI (and the SDK) can call.

use std::process::ExitCode;

use clap::ArgMatches;
use serde_json::Value;
use ytx_core::Operation;

use crate::{cli, output, spec};

pub(crate) fn run(operations: &[Operation], args: &ArgMatches) -> ExitCode {
    if args.get_flag("json") {
        return output::json(&Value::Array(operations.iter().map(describe).collect()));
    }
    for op in operations {
        let command = format!("{} {}", cli::family_command(op.family()), op.subcommand());
        println!(
            "{command:<28} {:<18} {:<20} {}  {}",
            op.url(),
            op.action(),
            op.version(),
            op.retry().as_str()
        );
    }
    ExitCode::SUCCESS
}

/// The operation's description, with the CLI's subcommand and the spec's Chinese name.
fn describe(operation: &Operation) -> Value {
    let mut described = operation.describe();
    if let Value::Object(fields) = &mut described {
        let subcommand = format!(
            "{} {}",
            cli::family_command(operation.family()),
            operation.subcommand()
        );
        fields.insert("subcommand".into(), Value::from(subcommand));
        let name_zh = spec::entry(operation).and_then(|entry| entry.name_zh.clone());
        fields.insert("name_zh".into(), name_zh.map_or(Value::Null, Value::from));
    }
    described
}
