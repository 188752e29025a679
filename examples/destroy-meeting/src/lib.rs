//! 终止会议 (`xunzhong.destroyMeeting`): end a running phone conference. A worked example of a
//! team declaring an endpoint the SDK does not have, in a crate of its own.
//!
//! **The wire here is a guess.** The platform's page for this endpoint exists, but its url,
//! action and fields are in no public material; catalogue §2.9 infers `call/TeleMeeting.wx`,
//! action `destroyMeeting`, version 201612 and a `confid`. A team that has confirmed the real
//! wire with the platform writes exactly this, with the confirmed values, and its spec file
//! beside it (`spec/destroy-meeting.json`). Nothing else: the struct registers itself, the
//! emulator serves it once given the spec file, and `ytx_spec::assert_conforms` holds the
//! two to each other (see `tests/`).
//!
//! ```no_run
//! use ytx_example_destroy_meeting::DestroyMeeting;
//!
//! # async fn run() -> Result<(), ytx_core::Error> {
//! let client = ytx_core::Client::from_env()?;
//! let ended = client.send(DestroyMeeting::new("001")).await?;
//! println!("requestId {:?}", ended.request_id());
//! # Ok(()) }
//! ```

use ytx_core::ytx_endpoint;

/// 终止会议: ends the conference `confid` (the `meid` its creation returned).
///
/// `POST /201612/sid/{accountSID}/call/TeleMeeting.wx`, action `destroyMeeting` (inferred,
/// see the crate docs). **Side effect: ends a call in progress; never retried once it may
/// have been sent.**
#[ytx_endpoint(
    func = "call",
    url = "TeleMeeting.wx",
    action = "destroyMeeting",
    version = "201612"
)]
#[derive(Clone, PartialEq, Eq)]
pub struct DestroyMeeting {
    /// `confid`: the conference to end (the `meid` returned when it was created).
    pub confid: String,
}
