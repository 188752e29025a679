use ytx_core::{Endpoint, RetryClass, ytx_endpoint};

#[derive(serde::Serialize, serde::Deserialize)]
pub struct Answer {}

#[ytx_endpoint(
    func = "call",
    url = "MeetingQuery.wx",
    action = "queryMeeting",
    version = "201612",
    response = Answer,
    retry = "safe"
)]
#[derive(Clone)]
pub struct MeetingQuery {
    pub confid: Option<String>,
    #[ytx(as_string)]
    pub meetingcount: u32,
    #[ytx(rename = "customParm", as_string)]
    pub custom: Option<u64>,
}

fn main() {
    let query = MeetingQuery::new(1).confid("002").custom(7);
    // `Debug` is written by the macro, as derived.
    assert_eq!(
        format!("{query:?}"),
        r#"MeetingQuery { confid: Some("002"), meetingcount: 1, custom: Some(7) }"#
    );
    assert_eq!(query.confid.as_deref(), Some("002"));
    assert_eq!(MeetingQuery::VERSION, "201612");
    assert_eq!(MeetingQuery::RETRY, RetryClass::SafeQuery);
    let registered = ytx_core::registered().unwrap();
    assert_eq!(registered.len(), 1, "the struct registers itself");
    assert!(registered[0].path().ends_with("::MeetingQuery"));
    let body = ytx_core::encode_body(&query, "app").unwrap();
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"{"action":"queryMeeting","appid":"app","confid":"002","meetingcount":"1","customParm":"7"}"#
    );
}
