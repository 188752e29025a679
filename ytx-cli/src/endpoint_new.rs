//! `ytx endpoint new`: a new endpoint's spec file and struct file, from the platform's page
//! (the text copied from the browser) or from flags; `ytx endpoint schema`: the spec files'
//! JSON Schema.

use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgMatches, Command};
use ytx_spec::draft::{Draft, Flags};

use crate::output;

pub(crate) fn command() -> Command {
    let flag = |name: &'static str, value: &'static str, help: &'static str| {
        Arg::new(name).long(name).value_name(value).help(help)
    };
    Command::new("endpoint")
        .about("Add an endpoint: its spec file and struct, from the platform's page")
        .subcommand_required(true)
        .subcommand(
            Command::new("new")
                .about("Write a spec file and a struct file for a new endpoint, from its documentation page or from flags")
                .long_about(
                    "Write a spec file (<name>.json) and a struct file (<name>.rs) for a new endpoint.\n\n\
                     PAGE is the platform's page as copied from the browser: its 公共请求参数, 请求参数 and \
                     响应参数 tables (名称 | 类型 | 是否必须 | 描述), its 报文示例 and 响应示例. func, url, \
                     action and version come from the tables and the example URL; fields and their \
                     required-ness from 请求参数; types from 类型 and the example body; the answer from \
                     响应参数 and 响应示例. Without a page, the flags say it all. Flags win over the page. \
                     What neither says is guessed, and every guess is listed on stderr and in both files.\n\n\
                     The two files conform to each other as written: hold them together in a test with \
                     ytx_spec::assert_conforms::<YourStruct>(&ytx_spec::endpoint_file(\"<name>.json\")?).",
                )
                .arg(Arg::new("page").value_name("PAGE").help("The page's text, a file, or - for stdin"))
                .arg(flag("out", "DIR", "Where to write the two files (default: the current directory)"))
                .arg(flag("name", "NAME", "The struct's name (default: from the url, MeetingQuery.wx → MeetingQuery)"))
                .arg(flag("func", "FUNC", "func: call, sms, traffic, account, …"))
                .arg(flag("url", "URL", "url: Name.wx"))
                .arg(flag("action", "ACTION", "action, as the platform spells it"))
                .arg(flag("version", "VERSION", "version: 201512 or 201612"))
                .arg(
                    flag("retry", "CLASS", "safe (a query: retried) or side-effect (never retried once sent)")
                        .value_parser(["safe", "side-effect"]),
                )
                .arg(
                    flag(
                        "field",
                        "WIRE:TYPE[:OPTION…]",
                        "A request field, once per field: TYPE is string, integer, number, boolean, string[], object, object[] or json; OPTIONs are required (the default), optional, as-string, comma-joined, phone. E.g. --field mobile:string[]:comma-joined:phone",
                    )
                    .action(ArgAction::Append),
                )
                .arg(flag(
                    "schema",
                    "URL|PATH",
                    "What the spec file's $schema names (default: the schema as published; `ytx endpoint schema` prints it)",
                ))
                .arg(
                    Arg::new("force")
                        .long("force")
                        .action(ArgAction::SetTrue)
                        .help("Overwrite files that exist"),
                )
                .arg(
                    Arg::new("stdout")
                        .long("stdout")
                        .action(ArgAction::SetTrue)
                        .help("Print both files instead of writing them"),
                ),
        )
        .subcommand(
            Command::new("schema").about("Print the JSON Schema of spec files (for an editor)"),
        )
}

pub(crate) fn run(args: &ArgMatches) -> ExitCode {
    match args.subcommand() {
        Some(("new", args)) => new(args),
        Some(("schema", _)) => {
            print!("{}", ytx_spec::ENDPOINT_SCHEMA);
            ExitCode::SUCCESS
        }
        _ => output::usage("`ytx endpoint` takes `new` or `schema`"),
    }
}

fn new(args: &ArgMatches) -> ExitCode {
    let text = |name: &str| args.get_one::<String>(name).cloned();
    let mut flags = Flags::default();
    flags.name = text("name");
    flags.func = text("func");
    flags.url = text("url");
    flags.action = text("action");
    flags.version = text("version");
    flags.retry = text("retry");
    flags.schema = text("schema");
    flags.fields = args
        .get_many::<String>("field")
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    let draft = match args.get_one::<String>("page") {
        Some(page) => match read_page(page) {
            Ok(text) => Draft::from_page(page, &text, &flags),
            Err(err) => return output::fail(&format!("{page}: cannot read it: {err}"), None),
        },
        None => Draft::from_flags(&flags),
    };
    let draft = match draft {
        Ok(draft) => draft,
        Err(err) => return output::usage(&err.to_string()),
    };
    let spec = draft.spec_json();
    let rust = draft.rust_source();
    if args.get_flag("stdout") {
        print!(
            "// {}\n{spec}\n// {}\n{rust}",
            draft.spec_file_name(),
            draft.rust_file_name()
        );
    } else {
        let dir = text("out").map_or_else(|| PathBuf::from("."), PathBuf::from);
        let files = [
            (dir.join(draft.spec_file_name()), spec),
            (dir.join(draft.rust_file_name()), rust),
        ];
        if let Err(message) = write(&files, args.get_flag("force")) {
            return output::fail(&message, None);
        }
        for (path, _) in &files {
            eprintln!("wrote {}", path.display());
        }
    }
    if !draft.guesses().is_empty() {
        eprintln!("guessed (check each against the platform; also listed in both files):");
        for guess in draft.guesses() {
            eprintln!("  - {guess}");
        }
    }
    eprintln!(
        "next: add the struct file to a crate, and hold it to the spec in a test with \
         ytx_spec::assert_conforms::<{}>(&ytx_spec::endpoint_file(\"{}\")?)",
        draft.name(),
        draft.spec_file_name()
    );
    ExitCode::SUCCESS
}

fn read_page(page: &str) -> std::io::Result<String> {
    let bytes = if page == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes)?;
        bytes
    } else {
        std::fs::read(page)?
    };
    String::from_utf8(bytes).map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "not UTF-8: save the page's text as UTF-8",
        )
    })
}

/// Writes every file, or none if one exists and `force` is not set.
fn write(files: &[(PathBuf, String)], force: bool) -> Result<(), String> {
    if !force && let Some((path, _)) = files.iter().find(|(path, _)| path.exists()) {
        return Err(format!(
            "{} exists: --force to overwrite it, or --out another directory",
            path.display()
        ));
    }
    for (path, text) in files {
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|err| format!("{}: cannot create it: {err}", dir.display()))?;
        }
        std::fs::write(path, text)
            .map_err(|err| format!("{}: cannot write it: {err}", path.display()))?;
    }
    Ok(())
}
