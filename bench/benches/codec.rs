//! Signing, encoding and decoding, without the network: `cargo bench -p ytx-bench --bench codec`.
//!
//! Groups: `sign` (timestamp, Sign, Authorization), `encode` and `decode` per endpoint shape,
//! and `per_call`: everything MeetingQuery costs besides the transport, for the SDK and for
//! the hand-written equivalent.

use std::hint::black_box;

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use ytx_bench::clients::Handwritten;
use ytx_bench::{APP_ID, SID, TOKEN};
use ytx_call::{
    CallRecords, CreateMeeting, DailbackCall, MeetingQuery, MeetingQueryResponse, Party,
};
use ytx_core::sign::{Timestamp, authorization, sign};
use ytx_core::{AuthToken, Clock, Endpoint, Submitted, SystemClock, decode, encode_body};

const SUBMITTED: &[u8] = br#"{"statusCode":"0","statusMsg":"\u63d0\u4ea4\u6210\u529f","requestId":"20200437755840048670965760400"}"#;
const MEETINGS: &[u8] = br#"{"statusCode":"0","statusMsg":"\u63d0\u4ea4\u6210\u529f","data":[{"confid":"002","meetingname":"weekly"}]}"#;
const RECORDS: &[u8] = br#"{"cdr":[{"requestid":"20200437752594783293931520401","appid":"ff1f324a0604417c9c7f5f1186225fda","fid":4,"caller":"18610559223","called":"18612035220","callerstime":"2020-04-27 17:33:32","calleretime":"2020-04-27 17:33:46","calledstime":"","calledetime":"2020-04-27 17:33:46","tapesurl":"NoTapes","duration":14,"oriamount":0.15,"customParm":"","stateDesc":"\u5e94\u7b54|\u6b63\u5e38"}]}"#;
const BALANCE: &[u8] = br#"{"AccountSID":"ee76c8fe84364a5f8623bc4528debe30","Blance":7.08}"#;
const REFUSED: &[u8] =
    br#"{"statusCode":"-205","statusMsg":"\u5e94\u7528\u9a8c\u8bc1\u5931\u8d25","requestId":""}"#;

fn signing(c: &mut Criterion) {
    let token = AuthToken::new(TOKEN);
    c.bench_function("sign/timestamp+sign+authorization", |b| {
        b.iter(|| {
            let stamp = Timestamp::from_utc(SystemClock.now()).unwrap();
            (
                sign(black_box(SID), &token, &stamp),
                authorization(SID, &stamp),
            )
        })
    });
}

fn encoding(c: &mut Criterion) {
    fn bench<E: Endpoint>(c: &mut Criterion, name: &str, request: E) {
        c.bench_function(&format!("encode/{name}"), |b| {
            b.iter(|| encode_body(black_box(&request), APP_ID).unwrap())
        });
    }
    bench(
        c,
        "meeting_query (number as string, optional)",
        MeetingQuery::new(1).confid("002"),
    );
    bench(
        c,
        "dailback_call (strings, renames)",
        DailbackCall::new("13911281234", "13522855865")
            .credit(3600)
            .custom_parm("order-42"),
    );
    bench(c, "template_sms (joined list, list)", ytx_sms_request());
    bench(
        c,
        "create_meeting (nested objects)",
        CreateMeeting::new()
            .meetingname("weekly")
            .parties(vec![Party::new("Li", "13245437784"); 3]),
    );
    bench(
        c,
        "query_balance (no fields)",
        ytx_account::QueryBalance::new(),
    );
}

fn ytx_sms_request() -> ytx_sms::TemplateSms {
    ytx_sms::TemplateSms::new(vec!["13073339156".into(), "18812345678".into()], "1")
        .datas(vec!["0001".into(), "1".into()])
}

fn decoding(c: &mut Criterion) {
    c.bench_function("decode/submitted (envelope)", |b| {
        b.iter(|| decode::<Submitted>(Bytes::from_static(black_box(SUBMITTED))).unwrap())
    });
    c.bench_function("decode/meeting_query (envelope + data)", |b| {
        b.iter(|| decode::<MeetingQueryResponse>(Bytes::from_static(black_box(MEETINGS))).unwrap())
    });
    c.bench_function("decode/call_records (no envelope, lenient fields)", |b| {
        b.iter(|| decode::<CallRecords>(Bytes::from_static(black_box(RECORDS))).unwrap())
    });
    c.bench_function("decode/balance (no envelope, Yuan)", |b| {
        b.iter(|| decode::<ytx_account::Balance>(Bytes::from_static(black_box(BALANCE))).unwrap())
    });
    c.bench_function("decode/api_error (-205)", |b| {
        b.iter(|| decode::<Submitted>(Bytes::from_static(black_box(REFUSED))).unwrap_err())
    });
}

fn per_call(c: &mut Criterion) {
    let config = ytx_core::Config::builder()
        .account_sid(SID)
        .auth_token(TOKEN)
        .app_id(APP_ID)
        .base_url("http://127.0.0.1:1")
        .build()
        .unwrap();
    let client = ytx_core::Client::new(config);
    let query = MeetingQuery::new(1).confid("002");
    c.bench_function("per_call/ytx (MeetingQuery, no network)", |b| {
        b.iter(|| {
            let request = client.__prepare(black_box(&query)).unwrap();
            let answer = decode::<MeetingQueryResponse>(Bytes::from_static(MEETINGS)).unwrap();
            (request, answer)
        })
    });
    c.bench_function("per_call/handwritten (MeetingQuery, no network)", |b| {
        b.iter(|| {
            let request = Handwritten::request("http://127.0.0.1:1").unwrap();
            Handwritten::decode(black_box(MEETINGS)).unwrap();
            request
        })
    });
}

criterion_group!(benches, signing, encoding, decoding, per_call);
criterion_main!(benches);
