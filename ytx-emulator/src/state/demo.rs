//! Demo data, so that a first query shows what a real answer looks like: conference `002`
//! with three parties and a two-way call record. Every piece says it is demo data.
//!
//! The conference's shape is a guess: the MeetingQuery page does not give `data`'s fields,
//! so the demo conference holds what creating one sends (as conferences created in the
//! emulator do), with its `confid` and creation time.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Value, json};

use super::{FID_TWO_WAY, PRICE_TWO_WAY, State, beijing, push_capped, yuan};

/// The demo conference's id, the one the README's first command asks for.
pub(crate) const DEMO_CONFID: &str = "002";
/// The `customParm` of the demo call record.
pub(crate) const DEMO_CUSTOM_PARM: &str = "emulator-demo-call";

impl State {
    /// Seeds account `sid` (app `app_id`) with the demo conference and call record, made
    /// an hour before `now`. Neither is a side effect: the ledger stays empty.
    pub(crate) fn seed_demo(&mut self, sid: &str, app_id: &str, now: DateTime<Utc>) {
        let earlier = now - TimeDelta::hours(1);
        let meeting = json!({
            "appid": app_id,
            "meetingname": "演示会议 (emulator demo data)",
            "creator": "13911281234",
            "parties": [
                {"name": "主持人 (demo)", "phone": "13911281234"},
                {"name": "参会人一 (demo)", "phone": "13522855865"},
                {"name": "参会人二 (demo)", "phone": "01053189990"},
            ],
            "dstclid": "01053189990",
            "srcclid": "01053189990",
            "bookmeeting": "0",
            "confid": DEMO_CONFID,
            "requestId": "20200000000000000000000000002",
            "createtime": beijing(earlier, 0),
        });
        push_capped(&mut self.meetings, (sid.to_owned(), meeting), self.cap);
        // Conferences created later are numbered after the demo one.
        self.next_confid = self.next_confid.max(2);

        let id = "20200000000000000000000000001";
        let record: Value = json!({
            "requestid": id, "appid": app_id, "fid": 4,
            "caller": "13911281234", "called": "13522855865",
            "callerstime": beijing(earlier, 0), "calleretime": beijing(earlier, 35),
            "calledstime": beijing(earlier, 5), "calledetime": beijing(earlier, 35),
            "tapesurl": "NoTapes", "duration": 30, "oriamount": yuan(PRICE_TWO_WAY),
            "customParm": DEMO_CUSTOM_PARM, "stateDesc": "应答|正常",
        });
        self.store_record(sid, FID_TWO_WAY, id, beijing(earlier, 0), record);
    }
}
