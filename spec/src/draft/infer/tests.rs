//! Tests of `infer`.

use crate::draft::values::{after, quote_bare_values, six_digit_runs};

#[test]
fn bare_values_are_quoted_and_strings_left_alone() {
    assert_eq!(
        quote_bare_values(r#"{"statusCode":"0","statusMsg":"a:b","data":会议室详细信息}"#),
        r#"{"statusCode":"0","statusMsg":"a:b","data":"会议室详细信息"}"#
    );
    assert_eq!(
        quote_bare_values(r#"{"n": 12, "o": {"p": true}}"#),
        r#"{"n":12, "o":{"p":true}}"#
    );
}

#[test]
fn words_after_a_marker() {
    assert_eq!(
        after("业务功能 当前功能属:MeetingQuery.wx", "当前功能属").as_deref(),
        Some("MeetingQuery.wx")
    );
    assert_eq!(
        after("默认值：queryMeeting(区分大小写", "默认值").as_deref(),
        Some("queryMeeting")
    );
    assert_eq!(after("nothing", "默认值"), None);
    assert_eq!(
        six_digit_runs("目前可选版本:201612, 201512"),
        ["201612", "201512"]
    );
}
