//! The demo emulator's data: what `ytx`'s first command shows.

use ytx_account::QueryBalance;
use ytx_call::{CdrByResId, CreateMeeting, MeetingQuery};
use ytx_core::{Client, Config, FixedClock};
use ytx_emulator::{DEMO_ACCOUNT_SID, DEMO_APP_ID, DEMO_AUTH_TOKEN, Emulator};

use super::instant;

/// The demo emulator on the fixed clock, with or without its demo data.
async fn demo(demo_data: bool) -> Emulator {
    Emulator::demo()
        .demo_data(demo_data)
        .clock(FixedClock::new(instant()))
        .start()
        .await
        .unwrap()
}

fn demo_client(emulator: &Emulator) -> Client {
    let config = Config::builder()
        .account_sid(DEMO_ACCOUNT_SID)
        .auth_token(DEMO_AUTH_TOKEN)
        .app_id(DEMO_APP_ID)
        .base_url(emulator.base_url())
        .build()
        .unwrap();
    Client::builder()
        .config(config)
        .clock(FixedClock::new(instant()))
        .build()
        .unwrap()
}

#[tokio::test]
async fn the_demo_starts_with_conference_002_a_call_record_and_a_balance() {
    let emulator = demo(true).await;
    let client = demo_client(&emulator);

    let rooms = client
        .send(MeetingQuery::new(1).confid("002"))
        .await
        .unwrap();
    let rooms: serde_json::Value = rooms.data.expect("the demo conference").to_value().unwrap();
    assert_eq!(rooms[0]["confid"], "002");
    assert_eq!(rooms[0]["parties"].as_array().map(Vec::len), Some(3));
    assert!(
        rooms[0]["meetingname"].as_str().unwrap().contains("demo"),
        "marked as demo data: {rooms}"
    );

    let records = client
        .send(CdrByResId::new("4", "0", 10))
        .await
        .unwrap()
        .cdr;
    assert_eq!(records.len(), 1);
    assert_eq!(
        records[0].custom_parm.as_deref(),
        Some("emulator-demo-call")
    );

    let balance = client.send(QueryBalance::new()).await.unwrap();
    assert_eq!(balance.balance.unwrap().to_fen(), Some(10_000));
    assert!(emulator.ledger().is_empty(), "demo data is no side effect");

    // A conference created later does not take the demo's id.
    let created = client
        .send(
            CreateMeeting::new()
                .meetingname("weekly")
                .creator("15501022450"),
        )
        .await
        .unwrap();
    assert_eq!(created.meid.as_deref(), Some("003"));
}

#[tokio::test]
async fn without_demo_data_the_demo_account_starts_empty() {
    let emulator = demo(false).await;
    let client = demo_client(&emulator);
    let rooms = client
        .send(MeetingQuery::new(1).confid("002"))
        .await
        .unwrap();
    let rooms = rooms.data.map(|data| data.to_value().unwrap());
    assert_eq!(rooms, Some(serde_json::json!([])));
    let records = client
        .send(CdrByResId::new("4", "0", 10))
        .await
        .unwrap()
        .cdr;
    assert!(records.is_empty());
}
