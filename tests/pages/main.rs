//! `ytx endpoint new` on platform pages: `meeting-query.zh.txt` is the platform's own page,
//! the others are written in its format for a comma-joined list (template SMS), optional
//! numbers (two-way call) and a typed `data` (number tags). Each draft is kept in
//! `generated/`, compiled here, and held to its own spec file and to the built-in entry of
//! the endpoint the SDK already has; its wire bytes equal the SDK's struct's.
//!
//! After changing the generator, `YTX_BLESS=1 cargo test -p ytx-tests --test pages` writes
//! the drafts again; review the diff.

use std::path::{Path, PathBuf};

use ytx_spec::draft::{Draft, Flags};

#[path = "generated/dailback_call.rs"]
mod dailback_call;
#[path = "generated/meeting_query.rs"]
mod meeting_query;
#[path = "generated/number_tag.rs"]
mod number_tag;
#[path = "generated/template_sms.rs"]
mod template_sms;

/// Each page, and the struct name given with `--name` where the url's is not the SDK's.
const PAGES: &[(&str, Option<&str>)] = &[
    ("dailback-call", None),
    ("meeting-query", None),
    ("number-tag", None),
    ("template-sms", Some("TemplateSms")),
];

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("pages")
}

/// The flags the kept drafts were made with (also what `ytx-cli`'s test passes).
fn flags(name: Option<&str>) -> Flags {
    let mut flags = Flags::default();
    flags.name = name.map(str::to_owned);
    flags.schema = Some("../../../spec/schema/endpoint.json".into());
    flags
}

fn draft(page: &str, name: Option<&str>) -> Draft {
    let file = format!("{page}.zh.txt");
    let text = std::fs::read_to_string(dir().join(&file)).unwrap();
    Draft::from_page(&file, &text, &flags(name)).unwrap_or_else(|err| panic!("{err}"))
}

#[test]
fn the_kept_drafts_are_what_the_pages_make() {
    let bless = std::env::var_os("YTX_BLESS").is_some();
    for &(page, name) in PAGES {
        let draft = draft(page, name);
        for (file, text) in [
            (draft.spec_file_name(), draft.spec_json()),
            (draft.rust_file_name(), draft.rust_source()),
        ] {
            let path = dir().join("generated").join(&file);
            if bless {
                std::fs::write(&path, &text).unwrap();
            }
            let kept = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                kept == text,
                "tests/pages/generated/{file} is not what {page}.zh.txt makes: \
                 run `YTX_BLESS=1 cargo test -p ytx-tests --test pages` and review the diff"
            );
        }
    }
}

fn spec_file(name: &str) -> ytx_spec::EndpointSpec {
    ytx_spec::endpoint_file(dir().join("generated").join(name))
        .unwrap_or_else(|err| panic!("{err}"))
}

fn builtin(func: &str, url: &str, action: &str) -> &'static ytx_spec::EndpointSpec {
    ytx_spec::builtin()
        .unwrap()
        .endpoint(func, url, action)
        .unwrap()
}

#[test]
fn each_draft_conforms_to_its_own_spec_file_and_to_the_builtin_entry() {
    use ytx_spec::assert_conforms;
    assert_conforms::<meeting_query::MeetingQuery>(&spec_file("meeting-query.json"));
    assert_conforms::<meeting_query::MeetingQuery>(builtin(
        "call",
        "MeetingQuery.wx",
        "queryMeeting",
    ));
    assert_conforms::<template_sms::TemplateSms>(&spec_file("template-sms.json"));
    assert_conforms::<template_sms::TemplateSms>(builtin("sms", "TemplateSMS.wx", "templateSms"));
    assert_conforms::<dailback_call::DailbackCall>(&spec_file("dailback-call.json"));
    assert_conforms::<dailback_call::DailbackCall>(builtin(
        "call",
        "DailbackCall.wx",
        "callDailBack",
    ));
    assert_conforms::<number_tag::NumberTag>(&spec_file("number-tag.json"));
    assert_conforms::<number_tag::NumberTag>(builtin("haoma", "NumberTag.wx", "viewNumberTag"));
}

fn body<E: ytx_core::Endpoint>(endpoint: &E) -> String {
    String::from_utf8(ytx_core::encode_body(endpoint, "app").unwrap()).unwrap()
}

#[test]
fn the_drafts_send_the_same_bytes_as_the_sdk() {
    assert_eq!(
        body(&meeting_query::MeetingQuery::new(1).confid("002")),
        body(&ytx_call::MeetingQuery::new(1).confid("002"))
    );
    assert_eq!(
        body(&meeting_query::MeetingQuery::new(10)),
        body(&ytx_call::MeetingQuery::new(10))
    );
    let mobiles = || vec!["13073339156".to_owned(), "18812345678".to_owned()];
    let datas = || vec!["0001".to_owned(), "1".to_owned()];
    let drafted = template_sms::TemplateSms::new(mobiles(), "1").datas(datas());
    let sdk = ytx_sms::TemplateSms::new(mobiles(), "1").datas(datas());
    assert_eq!(body(&drafted), body(&sdk));
    assert!(body(&drafted).contains(r#""mobile":"13073339156,18812345678""#));
    let drafted = dailback_call::DailbackCall::new("13911281234", "13522855865")
        .credit(3600)
        .custom_parm("order-42")
        .srctimeout(30);
    let sdk = ytx_call::DailbackCall::new("13911281234", "13522855865")
        .credit(3600)
        .custom_parm("order-42")
        .srctimeout(30);
    assert_eq!(body(&drafted), body(&sdk));
    assert!(body(&drafted).contains(r#""credit":"3600""#));
    assert_eq!(
        body(&number_tag::NumberTag::new("01053182579").tag_source("1")),
        body(&ytx_haoma::NumberTag::new("01053182579").tag_source("1"))
    );
}

#[test]
fn a_typed_data_is_read_field_by_field_and_keeps_the_rest() {
    let answer = r#"{"statusCode":"0","statusMsg":"ok","data":{"phone":"01053182579","tagType":"广告推销","tagAmount":83,"new":"x"}}"#.as_bytes();
    let decoded: number_tag::NumberTagResponse = serde_json::from_slice(answer).unwrap();
    let data = decoded.data.unwrap();
    assert_eq!(data.tag_type.as_deref(), Some("广告推销"));
    assert_eq!(data.tag_amount.as_deref(), Some("83"));
    assert_eq!(data.extra["new"], "x");
}

#[test]
fn every_guess_is_in_both_files() {
    for &(page, name) in PAGES {
        let draft = draft(page, name);
        assert!(
            !draft.guesses().is_empty(),
            "{page}: the retry class at least is a guess"
        );
        let notes = draft.spec().notes.clone().unwrap_or_default();
        let rust = draft.rust_source();
        for guess in draft.guesses() {
            assert!(
                notes.contains(guess.as_str()),
                "{page}: the spec's notes lack {guess}"
            );
            assert!(
                rust.contains(&format!("//! - {guess}")),
                "{page}: the struct file lacks {guess}"
            );
        }
    }
}
