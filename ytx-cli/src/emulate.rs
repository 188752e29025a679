//! `ytx emulator`: serve the emulated platform in the foreground.

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgMatches, Command};
use ytx_emulator::{Account, App, DEMO_ACCOUNT_SID, DEMO_APP_ID, DEMO_AUTH_TOKEN, Emulator};

use crate::output;
use crate::target::setting;

pub(crate) fn command() -> Command {
    Command::new("emulator")
        .about("Serve an emulated YTX platform in the foreground (demo credentials unless given)")
        .arg(
            Arg::new("listen")
                .long("listen")
                .value_name("ADDR")
                .default_value("127.0.0.1:8080")
                .help("Address to listen on; port 0 picks a free one"),
        )
        .arg(
            Arg::new("callback-url")
                .long("callback-url")
                .value_name("URL")
                .help("Where callbacks are pushed"),
        )
        .arg(
            Arg::new("spec")
                .long("spec")
                .value_name("PATH")
                .action(ArgAction::Append)
                .help("Also serve the endpoint files in this directory (or this one file), in the format of spec/endpoints/; repeatable"),
        )
        .arg(
            Arg::new("control")
                .long("control")
                .action(ArgAction::SetTrue)
                .help("Serve the control API and a live page under /__emulator/ (ledger, pushes, judged requests, balances; faults, reset), for test suites in any language"),
        )
        .arg(
            Arg::new("balance")
                .long("balance")
                .value_name("YUAN")
                .default_value("100")
                .help("The account's starting balance, in yuan"),
        )
}

pub(crate) async fn run(args: &ArgMatches) -> ExitCode {
    let listen: SocketAddr = match args.get_one::<String>("listen").map(|text| text.parse()) {
        Some(Ok(addr)) => addr,
        _ => return output::usage("--listen takes an address such as 127.0.0.1:8080"),
    };
    let balance = args
        .get_one::<String>("balance")
        .and_then(|text| ytx_core::Yuan::parse(text)?.to_fen());
    let Some(balance) = balance else {
        return output::usage("--balance takes an amount in yuan, such as 100 or 7.08");
    };
    let given = (
        setting(args, "account-sid", "YTX_ACCOUNT_SID"),
        setting(args, "auth-token", "YTX_AUTH_TOKEN"),
        setting(args, "app-id", "YTX_APP_ID"),
    );
    let demo = given.0.is_none() && given.1.is_none() && given.2.is_none();
    let (sid, token, app_id) = match given {
        (Some(sid), Some(token), Some(app)) => (sid, token, app),
        _ if demo => (
            DEMO_ACCOUNT_SID.into(),
            DEMO_AUTH_TOKEN.into(),
            DEMO_APP_ID.into(),
        ),
        _ => {
            return output::usage(
                "give all of --account-sid, --auth-token and --app-id, or none for the demo account",
            );
        }
    };
    let mut app = App::new(app_id.clone());
    if let Some(url) = args.get_one::<String>("callback-url") {
        app = app.callback_url(url.clone());
    }
    let account = Account::new(sid.clone(), token.clone())
        .app(app)
        .balance_fen(balance);
    // The demo account starts with demo data (conference 002, a call record).
    let mut builder = Emulator::builder()
        .account(account)
        .listen(listen)
        .demo_data(demo)
        .control(args.get_flag("control"));
    for path in args.get_many::<String>("spec").into_iter().flatten() {
        builder = match builder.spec(path) {
            Ok(builder) => builder,
            Err(err) => return output::fail(&format!("--spec {path}: {err}"), None),
        };
    }
    let emulator = match builder.start().await {
        Ok(emulator) => emulator,
        Err(err) => return output::fail(&format!("cannot listen on {listen}: {err}"), None),
    };
    println!("ytx emulator listening on {}", emulator.base_url());
    if args.get_flag("control") {
        println!("control API and page: {}/__emulator/", emulator.base_url());
    }
    if demo {
        println!(
            "demo credentials (no account given), with demo data (conference 002, a call record):"
        );
        println!("  export YTX_ACCOUNT_SID={sid} YTX_AUTH_TOKEN={token} YTX_APP_ID={app_id}");
        println!("  export YTX_BASE_URL={}", emulator.base_url());
    } else {
        println!("account {sid}, app {app_id}");
    }
    // Serve until the process is stopped (Ctrl-C).
    std::future::pending::<()>().await;
    ExitCode::SUCCESS
}
