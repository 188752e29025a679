use ytx_core::ytx_endpoint;

#[ytx_endpoint(func = "account", url = "getBlance.wx", action = "queryBlance")]
pub struct QueryBalance;

fn main() {}
