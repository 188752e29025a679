//! `ytx`: every YTX endpoint as a subcommand, a signature explainer and the emulator.
//!
//! With no credentials configured, endpoint commands run against a built-in emulator and
//! say so on stderr, so the first run needs no account.

use std::process::ExitCode;

mod batch;
mod campaign;
mod cli;
mod completions;
mod emulate;
mod endpoint_new;
mod endpoints;
mod layout;
mod listen;
mod output;
mod reconcile;
mod request;
mod send;
mod sign;
mod spec;
mod target;

// Names every `ytx-*` dependency, so that each family crate's endpoints are linked in.
include!(concat!(env!("OUT_DIR"), "/families.rs"));

fn main() -> ExitCode {
    let operations = match cli::operations() {
        Ok(operations) => operations,
        Err(err) => return output::fail(&err.to_string(), None),
    };
    let matches = cli::command(operations).get_matches();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => return output::fail(&format!("cannot start the async runtime: {err}"), None),
    };
    match matches.subcommand() {
        Some(("endpoints", args)) => endpoints::run(operations, args),
        Some(("completions", args)) => completions::completions(cli::command(operations), args),
        Some(("man", _)) => completions::man(cli::command(operations)),
        Some(("sign", args)) => sign::run(args),
        Some(("endpoint", args)) => endpoint_new::run(args),
        Some(("emulator", args)) => runtime.block_on(emulate::run(args)),
        Some(("callbacks", args)) => runtime.block_on(listen::run(args)),
        Some(("reconcile", args)) => runtime.block_on(reconcile::run(&matches, args)),
        Some(("request", args)) => runtime.block_on(request::run(&matches, args)),
        Some((family, args)) => runtime.block_on(send::run(operations, &matches, family, args)),
        None => output::fail("no command given; see `ytx --help`", None),
    }
}
