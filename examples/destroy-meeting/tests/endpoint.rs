//! The team's endpoint held to its spec file, and run against the emulator with that file
//! loaded: what a team outside the workspace writes to test its own endpoint.

use std::path::{Path, PathBuf};

use ytx_core::{Client, Config, Endpoint};
use ytx_emulator::{Account, App, Emulator, SideEffect};
use ytx_example_destroy_meeting::DestroyMeeting;

const SID: &str = "0123456789abcdef0123456789abcdef";
const TOKEN: &str = "team-test-token";
const APP: &str = "ff8080813fc70a7b013fc72312324213";

fn spec_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/destroy-meeting.json")
}

/// The test account, with its app.
fn account() -> Account {
    Account::new(SID, TOKEN).app(App::new(APP))
}

/// A client of the test account at `emulator`.
fn client(emulator: &Emulator) -> Client {
    let config = Config::builder()
        .account_sid(SID)
        .auth_token(TOKEN)
        .app_id(APP)
        .base_url(emulator.base_url())
        .build()
        .unwrap();
    Client::new(config)
}

#[test]
fn the_struct_conforms_to_its_spec_file() {
    let entry = ytx_spec::endpoint_file(spec_file()).unwrap();
    ytx_spec::assert_conforms::<DestroyMeeting>(&entry);
}

#[test]
fn the_struct_registers_itself() {
    let registered = ytx_core::registered().unwrap();
    let ours = registered
        .iter()
        .find(|op| op.action() == DestroyMeeting::ACTION)
        .expect("registered by #[ytx_endpoint]");
    assert_eq!(ours.path(), "ytx_example_destroy_meeting::DestroyMeeting");
}

#[tokio::test]
async fn the_endpoint_runs_against_the_emulator_with_its_spec_loaded() {
    let emulator = Emulator::builder()
        .account(account())
        .spec_file(spec_file())
        .unwrap()
        .start()
        .await
        .unwrap();
    let client = client(&emulator);
    let ended = client.send(DestroyMeeting::new("001")).await.unwrap();
    let ledger = emulator.ledger();
    assert_eq!(ledger.len(), 1, "ended once");
    assert_eq!(ended.request_id(), Some(ledger[0].request_id.as_str()));
    let SideEffect::Request { action, fields, .. } = &ledger[0].effect else {
        panic!("{ledger:?}")
    };
    assert_eq!(action, "destroyMeeting");
    assert_eq!(fields["confid"], "001");

    // The spec says `confid` is required, and the emulator holds any request to that.
    let without = ytx_core::RawRequest::new("call/TeleMeeting.wx", "destroyMeeting")
        .unwrap()
        .version("201612")
        .unwrap();
    let err = client.send_raw(&without).await.unwrap_err();
    assert_eq!(
        err.api_code().map(|code| code.as_wire()),
        Some("-2"),
        "{err}"
    );
    assert_eq!(emulator.ledger().len(), 1);
}

#[tokio::test]
async fn without_its_spec_file_the_emulator_does_not_know_it() {
    let emulator = Emulator::builder()
        .account(account())
        .start()
        .await
        .unwrap();
    let client = client(&emulator);
    let err = client.send(DestroyMeeting::new("001")).await.unwrap_err();
    assert_eq!(
        err.api_code().map(|code| code.as_wire()),
        Some("-3"),
        "{err}"
    );
    assert!(emulator.ledger().is_empty());
}
