//! The body writer: field forms, escapes, empty required fields.

use super::*;

struct Probe {
    name: String,
    count: u32,
    extra: Option<u16>,
    list: Vec<String>,
    note: Option<String>,
}

impl Probe {
    fn encode_fields(&self, body: &mut BodyWriter<'_>) -> Result<(), EncodeError> {
        body.required("name", &self.name)?;
        body.required_as_string("count", &self.count)?;
        body.optional_as_string("extra", &self.extra)?;
        body.required("list", &self.list)?;
        body.optional("note", &self.note)
    }
}

/// The body of a probe, as `encode_body` writes an endpoint's.
fn encode_body(probe: &Probe, app_id: &str) -> Result<Vec<u8>, EncodeError> {
    write_body("probe", app_id, |body| probe.encode_fields(body))
}

fn probe() -> Probe {
    Probe {
        name: "a\"b".into(),
        count: 7,
        extra: None,
        list: vec!["x".into()],
        note: None,
    }
}

#[test]
fn body_starts_with_action_and_appid_and_omits_none() {
    let body = encode_body(&probe(), "app").unwrap();
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"{"action":"probe","appid":"app","name":"a\"b","count":"7","list":["x"]}"#
    );
}

#[test]
fn ids_that_need_escaping_are_escaped() {
    let body = String::from_utf8(encode_body(&probe(), "a\"b c").unwrap()).unwrap();
    assert!(
        body.starts_with(r#"{"action":"probe","appid":"a\"b c","#),
        "{body}"
    );
    let parsed: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(parsed["appid"], "a\"b c");
}

#[test]
fn optional_values_are_written_when_present() {
    let request = Probe {
        extra: Some(3),
        note: Some("n".into()),
        ..probe()
    };
    let body = String::from_utf8(encode_body(&request, "app").unwrap()).unwrap();
    assert!(
        body.ends_with(r#""extra":"3","list":["x"],"note":"n"}"#),
        "{body}"
    );
}

#[test]
fn a_custom_parm_is_the_requests_own_else_the_generated_key_else_left_out() {
    let write = |own: Option<&str>, key: Option<&str>| {
        let own = own.map(str::to_owned);
        let body = write_body_keyed("a", "b", key, |body| {
            body.optional_key("customParm", &own)?;
            body.optional("after", &Some(1))
        });
        String::from_utf8(body.unwrap()).unwrap()
    };
    let start = r#"{"action":"a","appid":"b""#;
    assert_eq!(
        write(Some("mine"), Some("ytxkey")),
        format!(r#"{start},"customParm":"mine","after":1}}"#)
    );
    assert_eq!(
        write(None, Some("ytxkey")),
        format!(r#"{start},"customParm":"ytxkey","after":1}}"#)
    );
    assert_eq!(write(None, None), format!(r#"{start},"after":1}}"#));
    assert_eq!(
        write(Some("a\"b"), None),
        format!(r#"{start},"customParm":"a\"b","after":1}}"#)
    );
}

#[test]
fn joined_lists_are_one_comma_separated_string() {
    let mut out = Vec::new();
    let mut body = BodyWriter {
        out: &mut out,
        generated_key: None,
    };
    body.required_joined("mobile", &["13911281234".into(), "13522855865".into()])
        .unwrap();
    body.optional_joined("none", &None).unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        r#","mobile":"13911281234,13522855865""#
    );
    let mut out = Vec::new();
    let mut body = BodyWriter {
        out: &mut out,
        generated_key: None,
    };
    assert_eq!(
        body.required_joined("mobile", &[]),
        Err(EncodeError::EmptyRequired { field: "mobile" })
    );
    assert!(
        body.required_joined("mobile", &["1".into(), " ".into()])
            .is_err()
    );
}

#[test]
fn empty_required_fields_are_refused() {
    let empty_name = Probe {
        name: String::new(),
        ..probe()
    };
    assert_eq!(
        encode_body(&empty_name, "app"),
        Err(EncodeError::EmptyRequired { field: "name" })
    );
    let empty_list = Probe {
        list: vec![],
        ..probe()
    };
    assert_eq!(
        encode_body(&empty_list, "app"),
        Err(EncodeError::EmptyRequired { field: "list" })
    );
}

fn decimal<T: WireNumber>(value: T) -> String {
    let mut out = Vec::new();
    value.write_decimal(&mut out);
    String::from_utf8(out).unwrap()
}

#[test]
fn numbers_are_written_as_their_display() {
    macro_rules! each {
        ($($t:ty),*) => { $(
            for value in [<$t>::MIN, <$t>::MAX, 0 as $t, 1 as $t, 9 as $t, 10 as $t, 99 as $t] {
                assert_eq!(decimal(value), value.to_string(), stringify!($t));
            }
        )* };
    }
    each!(
        u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize
    );
    assert_eq!(decimal(-7i8), "-7");
    assert_eq!(decimal(1.5f64), "1.5");
    assert_eq!(decimal(f32::MAX), f32::MAX.to_string());
}

#[test]
fn strings_needing_no_escape_are_written_as_they_are_and_others_escaped() {
    let mut out = Vec::new();
    string(&mut out, "f", "ab c-1").unwrap();
    string(&mut out, "f", "a\"b\\c\n").unwrap();
    string(&mut out, "f", "会议").unwrap();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        r#""ab c-1""a\"b\\c\n""会议""#
    );
}
