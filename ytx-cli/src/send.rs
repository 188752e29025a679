//! `ytx <family> <endpoint> [--field value …] [--json BODY]`: builds the typed request from
//! wire names, sends it, prints the answer.

use std::process::ExitCode;

use clap::ArgMatches;
use serde_json::{Map, Value};
use ytx_core::{Operation, OperationError};

use crate::{cli, output, target};

pub(crate) async fn run(
    operations: &[Operation],
    root: &ArgMatches,
    family: &str,
    args: &ArgMatches,
) -> ExitCode {
    let Some((name, endpoint_args)) = args.subcommand() else {
        return output::usage(&format!(
            "`ytx {family}` needs an endpoint; see `ytx {family} --help`"
        ));
    };
    let Some(operation) = operations
        .iter()
        .find(|op| cli::family_command(op.family()) == family && op.subcommand() == name)
    else {
        return output::usage(&format!("unknown endpoint `{family} {name}`"));
    };
    let mut fields = match fields(operation, endpoint_args) {
        Ok(fields) => fields,
        Err(problem) => return output::usage(&problem),
    };
    // Only side effects have `--batch`.
    if let Ok(Some(input)) = endpoint_args.try_get_one::<String>("batch") {
        return crate::batch::run(operation, root, endpoint_args, input, fields).await;
    }
    if let Err(err) = operation.check(&fields) {
        return output::usage(&format!("{err} (`ytx {family} {name} --help`)"));
    }
    let (client, _emulator) = match target::resolve(root).await {
        Ok(resolved) => resolved,
        Err(problem) => return problem.report(),
    };
    if let Some(key) = operation.add_key(&client, &mut fields) {
        eprintln!(
            "ytx: customParm {key}: a reconciliation key, generated because none was given (`ytx reconcile` finds the request by it)"
        );
    }
    match operation.call_verbatim(&client, fields).await {
        Ok(answer) => output::verbatim(&answer),
        Err(OperationError::Wire(err)) => {
            output::usage(&format!("{err} (`ytx {family} {name} --help`)"))
        }
        Err(OperationError::Call(err)) => output::error(&err),
        Err(err) => output::fail(&err.to_string(), None),
    }
}

/// The body's fields: `--json` first, then each flag given, by wire name.
fn fields(operation: &Operation, args: &ArgMatches) -> Result<Map<String, Value>, String> {
    let mut fields = match args.get_one::<String>("json") {
        Some(text) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(fields)) => fields,
            Ok(_) => return Err("--json takes a JSON object".into()),
            Err(err) => return Err(format!("--json is not valid JSON: {err}")),
        },
        None => Map::new(),
    };
    for field in operation.fields() {
        if field.is_list() {
            if let Some(values) = args.get_many::<String>(field.wire) {
                let items = values
                    .flat_map(|value| {
                        if field.comma_joined {
                            value.split(',').map(str::to_owned).collect()
                        } else {
                            vec![value.clone()]
                        }
                    })
                    .map(|value| flag_value(&value))
                    .collect();
                fields.insert(field.wire.to_owned(), Value::Array(items));
            }
        } else if let Some(value) = args.get_one::<String>(field.wire) {
            fields.insert(field.wire.to_owned(), flag_value(value));
        }
    }
    Ok(fields)
}

/// A flag's text, or the JSON object it spells (`--parties '{"name":"Li","phone":"…"}'`).
fn flag_value(text: &str) -> Value {
    if text.trim_start().starts_with('{')
        && let Ok(object @ Value::Object(_)) = serde_json::from_str(text)
    {
        return object;
    }
    Value::String(text.to_owned())
}
