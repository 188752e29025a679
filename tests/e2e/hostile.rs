//! Property tests on hostile input: arbitrary bytes and arbitrary JSON fed to the response
//! decoder, the callback receiver and the emulator's request handling. Never a panic, always
//! a typed result. Cases come from a seeded generator (fixed seeds in CI; set
//! `YTX_PROPTEST_SEED` to explore others, `YTX_PROPTEST_CASES` for more cases).

use std::panic::{AssertUnwindSafe, catch_unwind};

use bytes::Bytes;
use http::StatusCode;
use http_body_util::Full;
use serde_json::{Map, Value, json};
use ytx_core::Error;
use ytx_core::callback::{Callback, CallbackReceiver};

use crate::support::Rng;

impl Rng {
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn bytes(&mut self, max: usize) -> Vec<u8> {
        let len = self.below(max + 1);
        (0..len).map(|_| self.next() as u8).collect()
    }

    fn string(&mut self) -> String {
        const SPECIAL: &[&str] = &[
            "",
            "0",
            "-205",
            "-104",
            "NoTapes",
            "1e999",
            "-1",
            "13911281234",
            "13911281234,abc",
            "２",
            "\u{0}",
            "\u{202e}",
            "提交成功",
            "2014-04-16 14:20:30",
            "http://x/y.mp3",
            " ",
            "99999999999999999999999999999",
            "[]",
            "{}",
            "null",
            "true",
            "\\",
            "\"",
        ];
        if self.below(3) > 0 {
            return (*self.pick(SPECIAL)).to_owned();
        }
        let len = self.below(40);
        (0..len)
            .filter_map(|_| char::from_u32(self.next() as u32 % 0x11_0000))
            .collect()
    }

    fn number(&mut self) -> Value {
        match self.below(8) {
            0 => json!(0),
            1 => json!(-1),
            2 => json!(i64::MAX),
            3 => json!(u64::MAX),
            4 => json!(1.5),
            5 => json!(-0.0),
            6 => json!(1e308),
            _ => json!(self.next() as i64),
        }
    }

    fn json(&mut self, depth: usize) -> Value {
        match self.below(if depth == 0 { 4 } else { 7 }) {
            0 => Value::Null,
            1 => Value::Bool(self.below(2) == 0),
            2 => self.number(),
            3 => Value::String(self.string()),
            4 | 5 => Value::Object(self.object(depth - 1)),
            _ => Value::Array((0..self.below(4)).map(|_| self.json(depth - 1)).collect()),
        }
    }

    fn object(&mut self, depth: usize) -> Map<String, Value> {
        const KEYS: &[&str] = &[
            "statusCode",
            "statusMsg",
            "requestId",
            "data",
            "cdr",
            "requestid",
            "appid",
            "fid",
            "caller",
            "called",
            "callerstime",
            "calledstime",
            "tapesurl",
            "duration",
            "oriamount",
            "customParm",
            "stateDesc",
            "tel",
            "stime",
            "state",
            "dsc",
            "sendSts",
            "mobileList",
            "trafficSts",
            "Blance",
            "AccountSID",
            "confid",
            "meetingcount",
            "action",
            "src",
            "dst",
            "credit",
            "mobile",
            "templateId",
            "datas",
            "phone",
            "flowCode",
            "lastresid",
            "limit",
            "pdate",
            "ptime",
            "parties",
            "meetingname",
            "creator",
            "code",
            "time",
            "remark",
            "meid",
            "tagType",
            "tagAmount",
            "tagSource",
            "orderSts",
            "oriAmount",
            "rechargeAccount",
            "productCode",
        ];
        let mut object = Map::new();
        for _ in 0..self.below(8) {
            let key = if self.below(6) == 0 {
                self.string()
            } else {
                (*self.pick(KEYS)).to_owned()
            };
            object.insert(key, self.json(depth));
        }
        object
    }
}

fn seeds() -> Vec<u64> {
    match std::env::var("YTX_PROPTEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        Some(seed) => vec![seed],
        None => vec![1, 2, 3],
    }
}

fn cases() -> usize {
    std::env::var("YTX_PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1500)
}

/// Every example in spec/: real bodies to mutate.
fn examples() -> Vec<Vec<u8>> {
    let spec = ytx_spec::builtin().unwrap_or_else(|err| panic!("{err}"));
    let mut bodies: Vec<serde_json::Value> = Vec::new();
    for entry in spec.endpoints().iter() {
        bodies.extend(entry.examples.responses.iter().cloned());
        bodies.extend(entry.examples.request.clone().map(Value::Object));
    }
    bodies.extend(
        spec.callbacks()
            .iter()
            .map(|callback| callback.example.clone()),
    );
    bodies
        .iter()
        .map(|body| serde_json::to_vec(body).unwrap())
        .collect()
}

/// A hostile body: random bytes, a mutated real example, or random JSON.
fn body(rng: &mut Rng, examples: &[Vec<u8>]) -> Vec<u8> {
    match rng.below(4) {
        0 => rng.bytes(300),
        1 => {
            let mut body = rng.pick(examples).clone();
            for _ in 0..=rng.below(4) {
                if body.is_empty() {
                    break;
                }
                let at = rng.below(body.len());
                match rng.below(3) {
                    0 => body[at] = rng.next() as u8,
                    1 => body.truncate(at),
                    _ => body.insert(at, *rng.pick(b"{}[],:\"0-e.\\")),
                }
            }
            body
        }
        _ => serde_json::to_vec(&Value::Object(rng.object(3))).unwrap(),
    }
}

/// Runs `check` on `input`, turning a panic into a failure that shows the seed and input.
fn no_panic<T>(seed: u64, input: &[u8], check: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(check)).unwrap_or_else(|_| {
        panic!(
            "seed {seed}: panicked on {:?}",
            String::from_utf8_lossy(input)
        )
    })
}

#[test]
fn the_response_decoder_types_every_input() {
    let operations = crate::conformance_operations();
    let examples = examples();
    for seed in seeds() {
        let mut rng = Rng(seed);
        for _ in 0..cases() {
            let input = body(&mut rng, &examples);
            for op in operations {
                let result = no_panic(seed, &input, || op.decode(Bytes::from(input.clone())));
                match result {
                    Ok(_) | Err(Error::Decode(_)) | Err(Error::Api(_)) => {}
                    Err(other) => panic!("seed {seed}: {} gave {other:?}", op.name()),
                }
            }
        }
    }
}

#[tokio::test]
async fn the_callback_receiver_types_every_input() {
    let (receiver, mut events) = CallbackReceiver::channel(1);
    let examples = examples();
    for seed in seeds() {
        let mut rng = Rng(seed);
        for _ in 0..cases() {
            let input = body(&mut rng, &examples);
            let parsed = no_panic(seed, &input, || Callback::parse(&input));
            let request = http::Request::post("/cb")
                .body(Full::new(Bytes::from(input.clone())))
                .unwrap();
            let status = receiver.handle(request).await.status();
            let expected = if parsed.is_ok() {
                StatusCode::OK
            } else {
                StatusCode::BAD_REQUEST
            };
            assert_eq!(
                status,
                expected,
                "seed {seed}: {:?}",
                String::from_utf8_lossy(&input)
            );
            let _ = events.try_recv();
        }
    }
}

#[test]
fn the_emulator_answers_every_input() {
    use ytx_emulator::fuzz;
    let (routes, actions) = (fuzz::routes(), fuzz::actions());
    let examples = examples();
    let (mut judged, mut carried_out) = (0, 0);
    for seed in seeds() {
        let mut rng = Rng(seed);
        for _ in 0..cases() {
            // Half the cases pass the signature checks, so the body reaches the state machine.
            let route = rng.pick(&routes).clone();
            let (target, authorization) = fuzz::signed(&route);
            let (path, query) = target.split_once('?').unwrap();
            let mut body = body(&mut rng, &examples);
            if rng.below(2) == 0 {
                let mut object = rng.object(2);
                object.insert("action".into(), json!(rng.pick(&actions)));
                object.insert("appid".into(), json!(ytx_emulator::DEMO_APP_ID));
                body = serde_json::to_vec(&object).unwrap();
            }
            let (status, answer) = if rng.below(2) == 0 {
                no_panic(seed, &body, || {
                    fuzz::request(path, Some(query), Some(authorization.as_bytes()), &body)
                })
            } else {
                let garbage = rng.bytes(60);
                let path = String::from_utf8_lossy(&rng.bytes(30)).into_owned();
                no_panic(seed, &body, || {
                    fuzz::request(&path, Some(&rng.string()), Some(&garbage), &body)
                })
            };
            assert!(
                status == 200 || status == 404,
                "seed {seed}: status {status}"
            );
            judged += usize::from(status == 200);
            // Success answers carry statusCode "0" or no envelope (balance, call records).
            carried_out +=
                usize::from(status == 200 && answer.get("statusCode").is_none_or(|c| c == "0"));
        }
    }
    let total = cases() * seeds().len();
    assert!(
        judged > total / 3,
        "most cases reach the platform's checks: {judged} of {total}"
    );
    assert!(
        carried_out > 0,
        "some cases reach the state machine: {carried_out} of {total}"
    );
}
