//! The emulator remembers: conferences, call records, orders, balance.

use ytx_account::QueryBalance;
use ytx_call::{
    CdrByResId, CdrByTime, CodeCallOut, CreateMeeting, DailbackCall, MeetingQuery, NoticeCall,
    Party, Recording,
};
use ytx_core::ApiCode;
use ytx_sms::TemplateSms;
use ytx_traffic::{FlowOrder, TrafficResult, TrafficStatus};

use super::{client, platform};
use crate::support::SID;

#[tokio::test]
async fn a_created_meeting_is_returned_by_meeting_query() {
    let emulator = platform().start().await.unwrap();
    let client = client(&emulator);
    let created = client
        .send(
            CreateMeeting::new()
                .meetingname("weekly")
                .creator("15501022450")
                .parties(vec![Party::new("Li", "13245437784")]),
        )
        .await
        .unwrap();
    assert!(created.confid.is_none(), "the id comes as meid");
    let confid = created.meid.clone().expect("a conference id");
    client
        .send(CreateMeeting::new().meetingname("other"))
        .await
        .unwrap();

    let one = client
        .send(MeetingQuery::new(1).confid(confid.clone()))
        .await
        .unwrap();
    let data = one.data.unwrap().to_value().unwrap();
    assert_eq!(data.as_array().unwrap().len(), 1);
    assert_eq!(data[0]["meetingname"], "weekly");
    assert_eq!(data[0]["parties"][0]["phone"], "13245437784");

    let all = client.send(MeetingQuery::new(10)).await.unwrap();
    let all = all.data.unwrap().to_value().unwrap();
    assert_eq!(all.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn calls_leave_call_records_in_order() {
    let emulator = platform().start().await.unwrap();
    let client = client(&emulator);
    let first = client
        .send(DailbackCall::new("13911281234", "13522855865").custom_parm("order-1"))
        .await
        .unwrap();
    let second = client
        .send(DailbackCall::new("13911281234", "01053189990"))
        .await
        .unwrap();
    client
        .send(CodeCallOut::new("13911281234", "8371"))
        .await
        .unwrap();
    client
        .send(NoticeCall::new("13510437401", "9"))
        .await
        .unwrap();

    let records = client
        .send(CdrByResId::new("4", "0", 10))
        .await
        .unwrap()
        .cdr;
    assert_eq!(records.len(), 2, "only two-way calls have fid 4");
    assert_eq!(records[0].requestid.as_deref(), first.request_id());
    assert_eq!(records[0].custom_parm.as_deref(), Some("order-1"));
    assert_eq!(records[0].tapesurl, Some(Recording::NoTapes));
    assert!(records[0].oriamount.is_some() && records[0].duration.is_some());

    let after_first = client
        .send(CdrByResId::new("4", first.request_id().unwrap(), 10))
        .await
        .unwrap();
    assert_eq!(after_first.cdr.len(), 1);
    assert_eq!(after_first.cdr[0].requestid.as_deref(), second.request_id());
    let only = client
        .send(CdrByResId::new("4", second.request_id().unwrap(), 0))
        .await
        .unwrap();
    assert_eq!(only.cdr[0].called.as_deref(), Some("01053189990"));

    let voice_codes = client
        .send(CdrByResId::new("2", "0", 10))
        .await
        .unwrap()
        .cdr;
    let notices = client
        .send(CdrByResId::new("3", "0", 10))
        .await
        .unwrap()
        .cdr;
    assert_eq!((voice_codes.len(), notices.len()), (1, 1));
    assert_eq!(notices[0].tel.as_deref(), Some("13510437401"));

    // The fixed clock is 2014-04-16 14:20:30 in Beijing.
    let by_hour = client
        .send(CdrByTime::new("4", "2014-04-16", "14"))
        .await
        .unwrap()
        .cdr;
    assert_eq!(by_hour.len(), 2);
    let other_hour = client
        .send(CdrByTime::new("4", "2014-04-16", "15"))
        .await
        .unwrap()
        .cdr;
    assert!(other_hour.is_empty());
}

#[tokio::test]
async fn zero_limit_from_the_start_is_refused() {
    let emulator = platform().start().await.unwrap();
    let err = client(&emulator)
        .send(CdrByResId::new("4", "0", 0))
        .await
        .unwrap_err();
    assert_eq!(err.api_code(), Some(&ApiCode::IllegalParameter));
}

#[tokio::test]
async fn a_top_up_can_be_queried() {
    let emulator = platform().start().await.unwrap();
    let client = client(&emulator);
    let order = client
        .send(FlowOrder::new("13911281234", "100010").custom_parm("o-7"))
        .await
        .unwrap();
    let result = client
        .send(TrafficResult::new(order.request_id().unwrap()))
        .await
        .unwrap();
    assert_eq!(result.status(), Some(TrafficStatus::Succeeded));
    assert_eq!(result.result.custom_parm.as_deref(), Some("o-7"));
    let unknown = client.send(TrafficResult::new("1")).await.unwrap_err();
    assert_eq!(unknown.api_code(), Some(&ApiCode::OrderNotFound));
}

#[tokio::test]
async fn balance_goes_down_with_each_charged_action() {
    let emulator = platform().start().await.unwrap();
    let client = client(&emulator);
    let before = client.send(QueryBalance::new()).await.unwrap();
    assert_eq!(before.account_sid.as_deref(), Some(SID));
    assert_eq!(before.balance.unwrap().to_fen(), Some(10_000));

    client
        .send(DailbackCall::new("13911281234", "13522855865"))
        .await
        .unwrap();
    client
        .send(TemplateSms::new(
            vec!["13073339156".into(), "18812345678".into()],
            "1",
        ))
        .await
        .unwrap();
    client.send(MeetingQuery::new(1)).await.unwrap();

    let after = client
        .send(QueryBalance::new())
        .await
        .unwrap()
        .balance
        .unwrap()
        .to_fen()
        .unwrap();
    let charged: i64 = emulator.ledger().iter().map(|entry| entry.charge_fen).sum();
    assert!(charged > 0);
    assert_eq!(
        after,
        10_000 - charged,
        "queries are free; the ledger holds every charge"
    );
    assert_eq!(emulator.balance_fen(SID), Some(after));
}

#[tokio::test]
async fn records_are_capped_oldest_first() {
    let emulator = platform().max_records(3).start().await.unwrap();
    let client = client(&emulator);
    let mut ids = Vec::new();
    for _ in 0..5 {
        let order = client
            .send(FlowOrder::new("13911281234", "100010"))
            .await
            .unwrap();
        ids.push(order.request_id().unwrap().to_owned());
    }
    let ledger: Vec<String> = emulator
        .ledger()
        .into_iter()
        .map(|entry| entry.request_id)
        .collect();
    assert_eq!(ledger, ids[2..]);
    let evicted = client
        .send(TrafficResult::new(ids[0].clone()))
        .await
        .unwrap_err();
    assert_eq!(evicted.api_code(), Some(&ApiCode::OrderNotFound));
    assert!(
        client
            .send(TrafficResult::new(ids[4].clone()))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn dropping_the_emulator_stops_it() {
    let emulator = platform().start().await.unwrap();
    let addr = emulator.addr();
    assert!(tokio::net::TcpStream::connect(addr).await.is_ok());
    drop(emulator);
    // The accept loop sees the shutdown on its next turn.
    let mut refused = false;
    for _ in 0..100 {
        tokio::task::yield_now().await;
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(
        refused,
        "still accepting connections after the handle was dropped"
    );
}

#[tokio::test]
async fn a_bill_top_up_is_charged_in_the_ledger_and_its_result_can_be_queried() {
    use ytx_emulator::SideEffect;
    use ytx_unicom::{OrderResult, OrderStatus, ProductOrder};

    let emulator = platform().start().await.unwrap();
    let client = client(&emulator);
    let before = emulator.balance_fen(SID).unwrap();
    let order = client
        .send(ProductOrder::new("18812340804", "100010").custom_parm("bill-1"))
        .await
        .unwrap();
    let request_id = order.request_id().unwrap().to_owned();
    let ledger = emulator.ledger();
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0].request_id, request_id);
    assert!(matches!(
        &ledger[0].effect,
        SideEffect::BillTopUpCharged { phone, product_code, custom_parm: Some(c) }
            if phone == "18812340804" && product_code == "100010" && c == "bill-1"
    ));
    let charged = before - emulator.balance_fen(SID).unwrap();
    assert_eq!(charged, ledger[0].charge_fen);
    assert!(charged > 0);

    let by_order_id = client
        .send(OrderResult::new().custom_parm("bill-1"))
        .await
        .unwrap();
    assert_eq!(by_order_id.status(), Some(OrderStatus::Succeeded));
    assert_eq!(by_order_id.request_id(), Some(request_id.as_str()));
    assert_eq!(by_order_id.mobile.as_deref(), Some("188****0804"));
    assert_eq!(
        by_order_id.ori_amount.and_then(|amount| amount.to_fen()),
        Some(charged)
    );
    let by_request_id = client
        .send(OrderResult::new().request_id(request_id.clone()))
        .await
        .unwrap();
    assert_eq!(by_request_id.custom_parm.as_deref(), Some("bill-1"));

    for unknown in [
        OrderResult::new().custom_parm("bill-2"),
        OrderResult::new().request_id("2016010000000205"),
        OrderResult::new()
            .custom_parm("bill-1")
            .request_id("2016010000000205"),
    ] {
        let err = client.send(unknown).await.unwrap_err();
        assert_eq!(err.api_code(), Some(&ApiCode::OrderNotFound), "{err}");
    }
    assert_eq!(emulator.ledger().len(), 1, "queries are not side effects");
}

#[tokio::test]
async fn a_bill_top_up_beyond_the_balance_is_refused_and_not_recorded() {
    use ytx_unicom::ProductOrder;

    let emulator = super::platform_with(ytx_emulator::App::new(crate::support::APP_ID), 100)
        .start()
        .await
        .unwrap();
    let err = client(&emulator)
        .send(ProductOrder::new("18812340804", "100010"))
        .await
        .unwrap_err();
    assert_eq!(err.api_code(), Some(&ApiCode::InsufficientBalance));
    assert!(emulator.ledger().is_empty());
    assert_eq!(emulator.balance_fen(SID), Some(100));
}
