//! `ytx endpoints [--json]`: what the CLI (and the SDK) can call.

use std::process::ExitCode;

use clap::ArgMatches;
use serde_json::Value;

use crate::{cli, output};

pub(crate) fn run(args: &ArgMatches) -> ExitCode {
    let operations = cli::operations();
    if args.get_flag("json") {
        return output::json(&Value::Array(
            operations.iter().map(|op| op.describe()).collect(),
        ));
    }
    for op in &operations {
        let command = format!("{} {}", op.family(), op.subcommand());
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
