use ytx_core::{Endpoint, ytx_endpoint};

ytx_core::response! {
    /// The answer.
    pub struct Answer {
        /// The key the request went out with.
        #[serde(skip)]
        pub key: Option<String>,
    }
}

impl ytx_core::KeepsCustomParm for Answer {
    fn keep_custom_parm(&mut self, custom_parm: &str) {
        self.key = Some(custom_parm.to_owned());
    }
}

/// A side effect with a secret and a `customParm`.
#[ytx_endpoint(func = "call", url = "DailbackCall.wx", action = "callDailBack", response = Answer)]
#[derive(Clone)]
pub struct Place {
    pub src: String,
    #[ytx(secret)]
    pub sppwd: Option<String>,
    #[ytx(rename = "customParm")]
    pub custom_parm: Option<String>,
}

fn main() {
    let request = Place::new("139").sppwd("hunter2");
    let debug = format!("{request:?}");
    assert_eq!(
        debug,
        r#"Place { src: "139", sppwd: Some(***), custom_parm: None }"#
    );
    assert!(Place::HAS_CUSTOM_PARM);
    assert_eq!(request.own_custom_parm(), None);
    // Without a customParm of its own, the generated key goes in its place.
    let body = ytx_core::encode_body_keyed(&request, "app", Some("ytxkey")).unwrap();
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"{"action":"callDailBack","appid":"app","src":"139","sppwd":"hunter2","customParm":"ytxkey"}"#
    );
    let own = request.custom_parm("order-1");
    assert_eq!(own.own_custom_parm(), Some("order-1"));
    let body = ytx_core::encode_body_keyed(&own, "app", Some("ytxkey")).unwrap();
    assert!(String::from_utf8(body).unwrap().ends_with(r#""customParm":"order-1"}"#));
    let mut answer = Answer::default();
    Place::keep_custom_parm(&mut answer, "order-1");
    assert_eq!(answer.key.as_deref(), Some("order-1"));
}
