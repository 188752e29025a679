//! 余额查询 (`xunzhong.queryBlance`): the account's balance.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use ytx_core::{Yuan, lenient, ytx_endpoint};

/// 余额查询 (`xunzhong.queryBlance`, page `FileGetBlance`): the account's balance.
///
/// `POST /201612/sid/{accountSID}/account/getBlance.wx`, action `queryBlance` (the
/// platform's spelling). The answer has no envelope: `{"AccountSID":"…","Blance":7.08}`.
/// A query: safe to retry.
///
/// ```
/// use ytx_account::QueryBalance;
///
/// let query = QueryBalance::new();
/// # let _ = query;
/// ```
#[ytx_endpoint(
    func = "account",
    url = "getBlance.wx",
    action = "queryBlance",
    version = "201612",
    response = Balance,
    retry = "safe"
)]
#[derive(Clone, Default, PartialEq, Eq)]
pub struct QueryBalance {}

/// `{"AccountSID":"…","Blance":7.08}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Balance {
    /// `AccountSID`: the account.
    #[serde(
        rename = "AccountSID",
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub account_sid: Option<String>,
    /// `Blance`: the balance in yuan, exactly as sent.
    #[serde(rename = "Blance", default, skip_serializing_if = "Option::is_none")]
    pub balance: Option<Yuan>,
    /// Every other field the platform sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
