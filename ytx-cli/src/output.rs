//! What the user sees: the answer's JSON on stdout (pretty on a terminal, compact when
//! piped), errors on stderr, and the exit code.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use serde_json::Value;
use ytx_core::{Error, OutcomeUnknown, RawJson};

/// Prints the answer and exits 0.
pub(crate) fn json(value: &Value) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    let text = if stdout.is_terminal() {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    match writeln!(stdout, "{}", text.unwrap_or_default()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`ytx … | head -c0`) is not worth a panic.
        Err(_) => ExitCode::FAILURE,
    }
}

/// Prints an answer as the platform sent it (keys in its order, every digit), laid out
/// like [`json`], and exits 0.
pub(crate) fn verbatim(answer: &RawJson) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    let indent = stdout.is_terminal().then_some("  ");
    match writeln!(stdout, "{}", crate::layout::layout(answer.as_str(), indent)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

/// Prints a call's failure with its status code, meaning and hint, and exits 1.
pub(crate) fn error(err: &Error) -> ExitCode {
    if let Error::Api(api) = err {
        let code = api.code();
        eprintln!(
            "error: statusCode {} {} ({})",
            code.as_wire(),
            api.message().or(code.message_zh()).unwrap_or_default(),
            code.meaning()
        );
        if let Some(id) = api.request_id() {
            eprintln!("requestId: {id}");
        }
        eprintln!("hint: {}", api.hint());
        return ExitCode::FAILURE;
    }
    if let Error::OutcomeUnknown(unknown) = err {
        eprintln!("reconcile with: {}", reconcile_command(unknown));
    }
    let mut message = err.to_string();
    // What the error wraps, one cause a line, as error reporters show it.
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        message.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    fail(&message, err.hint())
}

/// Prints a failure and exits 1.
pub(crate) fn fail(message: &str, hint: Option<&str>) -> ExitCode {
    eprintln!("error: {message}");
    if let Some(hint) = hint {
        eprintln!("hint: {hint}");
    }
    ExitCode::FAILURE
}

/// Prints a usage problem and exits 2, like clap does.
pub(crate) fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// The command that reconciles `unknown`, quoted for a POSIX shell: with only the fields
/// the lookup reads (a call's `customParm`), not the whole body (numbers, template data).
fn reconcile_command(unknown: &OutcomeUnknown) -> String {
    let fields = ytx_core::reconcile::lookup_fields(unknown.action(), unknown.request_body());
    let body = Value::Object(fields).to_string();
    format!(
        "ytx reconcile --action {} --sent-at {} --json '{}'",
        unknown.action(),
        unknown.sent_at(),
        body.replace('\'', r"'\''")
    )
}
