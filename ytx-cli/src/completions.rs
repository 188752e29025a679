//! `ytx completions SHELL` and `ytx man`: a completion script and a man page, both made
//! from the same command tree that parses the arguments, so they never drift from it.

use std::io::Write;
use std::process::ExitCode;

use clap::{Arg, ArgMatches, Command};
use clap_complete::Shell;

/// The shells `ytx completions` writes for.
const SHELLS: [&str; 4] = ["bash", "zsh", "fish", "powershell"];

pub(crate) fn completions_command() -> Command {
    Command::new("completions")
        .about("Print a shell completion script (bash, zsh, fish or powershell)")
        .long_about(
            "Print a shell completion script. For bash:\n  \
             ytx completions bash > ~/.local/share/bash-completion/completions/ytx\n\
             For zsh, write it as `_ytx` into a folder on your $fpath.",
        )
        .arg(
            Arg::new("shell")
                .required(true)
                .value_parser(SHELLS)
                .help("The shell"),
        )
}

pub(crate) fn man_command() -> Command {
    Command::new("man").about("Print the man page (roff), e.g. `ytx man > ytx.1`")
}

/// Writes the completion script for the shell `args` names.
pub(crate) fn completions(mut root: Command, args: &ArgMatches) -> ExitCode {
    let shell = match args.get_one::<String>("shell").map(String::as_str) {
        Some("bash") => Shell::Bash,
        Some("zsh") => Shell::Zsh,
        Some("fish") => Shell::Fish,
        Some("powershell") => Shell::PowerShell,
        _ => return crate::output::usage("the shell must be one of bash, zsh, fish, powershell"),
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut root, "ytx", &mut out);
    write(&out)
}

/// Writes the man page of the whole command.
pub(crate) fn man(root: Command) -> ExitCode {
    let mut out = Vec::new();
    match clap_mangen::Man::new(root).render(&mut out) {
        Ok(()) => write(&out),
        Err(err) => crate::output::fail(&format!("cannot render the man page: {err}"), None),
    }
}

fn write(bytes: &[u8]) -> ExitCode {
    match std::io::stdout().lock().write_all(bytes) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe is not worth a panic.
        Err(_) => ExitCode::FAILURE,
    }
}
