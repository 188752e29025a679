//! The platform's checks, in the order a request meets them. Each failure is the status
//! code the platform documents for it.

use std::net::IpAddr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use ytx_protocol::ApiCode;
use ytx_protocol::sign::{Timestamp, parse_authorization, verify_sign};

use ytx_spec::{Catalog, EndpointSpec, Format, WireType};

use crate::accounts::{Account, App};
use crate::phone;

/// A request that passed every check.
pub(crate) struct Accepted<'a> {
    pub(crate) account: &'a Account,
    pub(crate) app: &'a App,
    pub(crate) endpoint: &'a EndpointSpec,
    pub(crate) body: Map<String, Value>,
}

/// Why a request is refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// Not a platform path at all: HTTP 404.
    NotFound,
    /// A platform status code.
    Api(ApiCode),
}

/// What the judge reads off a request.
pub(crate) struct Incoming<'a> {
    pub(crate) path: &'a str,
    pub(crate) query: Option<&'a str>,
    pub(crate) authorization: Option<&'a [u8]>,
    pub(crate) body: &'a [u8],
    pub(crate) peer: IpAddr,
}

/// The platform's view: accounts, the endpoints it serves and the clock's present.
pub(crate) struct Platform<'a> {
    pub(crate) accounts: &'a std::collections::HashMap<String, Account>,
    pub(crate) catalog: &'a Catalog,
    pub(crate) now: DateTime<Utc>,
    pub(crate) window: Duration,
}

/// `/{version}/sid/{accountSID}/{func}/{url}` split into its parts.
pub(crate) struct Route<'a> {
    pub(crate) version: &'a str,
    pub(crate) sid: &'a str,
    pub(crate) func: &'a str,
    pub(crate) url: &'a str,
}

pub(crate) fn route(path: &str) -> Option<Route<'_>> {
    let rest = path.strip_prefix('/')?;
    // The four `/` between the five segments, in one pass over the bytes (`/` is ASCII, so
    // each cut is a character boundary).
    let mut cuts = [0usize; 4];
    let mut found = 0;
    for (index, byte) in rest.bytes().enumerate() {
        if byte == b'/' {
            *cuts.get_mut(found)? = index;
            found += 1;
        }
    }
    if found != 4 {
        return None;
    }
    let [a, b, c, d] = cuts;
    let (version, sid_literal, sid) = (rest.get(..a)?, rest.get(a + 1..b)?, rest.get(b + 1..c)?);
    let (func, url) = (rest.get(c + 1..d)?, rest.get(d + 1..)?);
    if sid_literal != "sid" || sid.is_empty() || url.is_empty() {
        return None;
    }
    Some(Route {
        version,
        sid,
        func,
        url,
    })
}

pub(crate) fn judge<'a>(
    platform: &Platform<'a>,
    incoming: &Incoming<'_>,
) -> Result<Accepted<'a>, Refusal> {
    let route = route(incoming.path).ok_or(Refusal::NotFound)?;
    let refuse = |code: ApiCode| Refusal::Api(code);

    // -200: the account in the path.
    let account = platform
        .accounts
        .get(route.sid)
        .ok_or(refuse(ApiCode::NoSuchAccount))?;

    // -202: Authorization = base64(sid|timestamp), a real time within the window.
    let timestamp = authorization_timestamp(incoming.authorization, route.sid)
        .ok_or(refuse(ApiCode::AuthorizationInvalid))?;
    let skew = (platform.now - timestamp.to_utc())
        .abs()
        .to_std()
        .unwrap_or(Duration::MAX);
    if skew > platform.window {
        return Err(refuse(ApiCode::AuthorizationInvalid));
    }

    // -203: Sign = MD5(sid + token + the Authorization's timestamp), either case.
    let sign = query_param(incoming.query, "Sign").ok_or(refuse(ApiCode::SignInvalid))?;
    if !verify_sign(route.sid, &account.token, &timestamp, sign) {
        return Err(refuse(ApiCode::SignInvalid));
    }

    // -4: the body is a JSON object, whatever the Content-Type says.
    let body = match serde_json::from_slice::<Value>(incoming.body) {
        Ok(Value::Object(body)) => body,
        _ => return Err(refuse(ApiCode::InvalidJson)),
    };

    // -3: an action this url serves, exactly as spelled, under the right version.
    let action = body
        .get("action")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let endpoint = platform
        .catalog
        .at(route.func, route.url)
        .find(|spec| spec.action == action)
        .ok_or(refuse(ApiCode::InvalidAction))?;
    if endpoint.version != route.version {
        return Err(refuse(ApiCode::InvalidAction));
    }

    // -2 / -205: the app id is present, belongs to the account and admits the caller.
    let app_id = body
        .get("appid")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if app_id.is_empty() {
        return Err(refuse(ApiCode::MissingParameter));
    }
    let app = account.apps.iter().find(|app| app.id == app_id);
    let app = app.ok_or(refuse(ApiCode::AppValidationFailed))?;
    if !app.whitelist.is_empty() && !app.whitelist.contains(&incoming.peer) {
        return Err(refuse(ApiCode::AppValidationFailed));
    }

    // -2: every field the spec marks required is present and not empty.
    if endpoint
        .required()
        .any(|field| is_empty(body.get(&field.wire)))
    {
        return Err(refuse(ApiCode::MissingParameter));
    }

    // -102: phone numbers are well-formed.
    for field in &endpoint.request {
        let (Some(format), Some(value)) = (field.format, body.get(&field.wire)) else {
            continue;
        };
        let text = text_of(value);
        let valid = match format {
            // A comma-joined list of numbers: each item is checked.
            Format::Phone if field.wire_type == Some(WireType::CommaJoined) => {
                phone::is_valid_list(&text)
            }
            Format::Phone => phone::is_valid(&text),
            // A format this emulator does not know yet is not checked.
            _ => true,
        };
        if !valid {
            return Err(refuse(ApiCode::IllegalPhoneNumber));
        }
    }

    Ok(Accepted {
        account,
        app,
        endpoint,
        body,
    })
}

/// The timestamp of an `Authorization` made for account `sid`.
fn authorization_timestamp(header: Option<&[u8]>, sid: &str) -> Option<Timestamp> {
    let (header_sid, timestamp) = parse_authorization(header?).ok()?;
    (header_sid == sid).then_some(timestamp)
}

fn query_param<'q>(query: Option<&'q str>, name: &str) -> Option<&'q str> {
    query?.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name && !value.is_empty()).then_some(value)
    })
}

fn is_empty(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(Value::String(text)) => text.trim().is_empty(),
        Some(Value::Array(items)) => items.is_empty(),
        Some(_) => false,
    }
}

/// A field's text, a number's digits alike (numbers may be sent either way); `""` for
/// anything else. The SDK's one reading of "a string or a number".
pub(crate) fn text_of(value: &Value) -> String {
    ytx_protocol::lenient::text(value)
        .map(std::borrow::Cow::into_owned)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_need_all_five_segments() {
        let route = route("/201612/sid/abc/call/MeetingQuery.wx").unwrap();
        assert_eq!(
            (route.version, route.sid, route.func, route.url),
            ("201612", "abc", "call", "MeetingQuery.wx")
        );
        for path in [
            "/",
            "/201612/sid/abc/call",
            "/201612/SID/abc/call/x.wx",
            "/201612/sid/abc/call/x.wx/more",
        ] {
            assert!(super::route(path).is_none(), "{path}");
        }
    }

    #[test]
    fn sign_is_read_from_the_query() {
        assert_eq!(query_param(Some("a=1&Sign=ABC"), "Sign"), Some("ABC"));
        assert_eq!(query_param(Some("sign=ABC"), "Sign"), None);
        assert_eq!(query_param(Some("Sign="), "Sign"), None);
        assert_eq!(query_param(None, "Sign"), None);
    }
}
