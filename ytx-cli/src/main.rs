//! `ytx`: every YTX endpoint as a subcommand, a signature explainer and the emulator.
//!
//! With no credentials configured, endpoint commands run against a built-in emulator and
//! say so on stderr, so the first run needs no account.

use std::process::ExitCode;

mod cli;
mod emulate;
mod endpoints;
mod output;
mod send;
mod sign;
mod target;

fn main() -> ExitCode {
    let matches = cli::command().get_matches();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => return output::fail(&format!("cannot start the async runtime: {err}"), None),
    };
    match matches.subcommand() {
        Some(("endpoints", args)) => endpoints::run(args),
        Some(("sign", args)) => sign::run(args),
        Some(("emulator", args)) => runtime.block_on(emulate::run(args)),
        Some((family, args)) => runtime.block_on(send::run(&matches, family, args)),
        None => output::fail("no command given; see `ytx --help`", None),
    }
}
