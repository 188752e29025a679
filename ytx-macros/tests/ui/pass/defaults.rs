use ytx_core::{Endpoint, RetryClass, Submitted, ytx_endpoint};

#[ytx_endpoint(func = "call", url = "DailbackCall.wx", action = "callDailBack")]
pub struct DailbackCall {
    pub src: String,
    pub dst: String,
}

fn is_submitted(_: Option<<DailbackCall as Endpoint>::Response>) {}

fn main() {
    let call = DailbackCall::new("13911281234", String::from("13522855865"));
    assert_eq!(call.src, "13911281234");
    assert_eq!(DailbackCall::VERSION, "201512");
    assert_eq!(DailbackCall::RETRY, RetryClass::SideEffect);
    is_submitted(None::<Submitted>);
}
