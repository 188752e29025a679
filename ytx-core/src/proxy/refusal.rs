//! Whether an error answer to an absolute-form request is the proxy's own, given before it
//! forwarded anything. Only what a proxy says about itself counts: an answer without such
//! a mark may have come from the platform, or from a proxy after forwarding, and stays an
//! answer that may have had effect.

use http::header::{CONNECTION, HeaderMap, SERVER, VIA};
use http::{HeaderName, StatusCode};

/// RFC 9209's `Proxy-Status`.
const PROXY_STATUS: HeaderName = HeaderName::from_static("proxy-status");
/// The pre-standard header some proxies answer keep-alive in.
const PROXY_CONNECTION: HeaderName = HeaderName::from_static("proxy-connection");
/// Squid's mark on the error pages it makes itself.
const X_SQUID_ERROR: HeaderName = HeaderName::from_static("x-squid-error");

/// RFC 9209 §2.3 error types that happen before the request is sent on: the next hop was
/// not reached, or the proxy would not send to it.
const BEFORE_FORWARDING: [&str; 17] = [
    "dns_timeout",
    "dns_error",
    "destination_not_found",
    "destination_unavailable",
    "destination_ip_prohibited",
    "destination_ip_unroutable",
    "connection_refused",
    "connection_timeout",
    "connection_limit_reached",
    "tls_protocol_error",
    "tls_certificate_error",
    "tls_alert_received",
    "http_request_error",
    "http_request_denied",
    "http_upgrade_failed",
    "proxy_configuration_error",
    "proxy_loop_detected",
];

/// Squid error pages that mean the request was not sent on.
const SQUID_BEFORE_FORWARDING: [&str; 8] = [
    "ERR_CONNECT_FAIL",
    "ERR_DNS_FAIL",
    "ERR_ACCESS_DENIED",
    "ERR_CANNOT_FORWARD",
    "ERR_FORWARDING_DENIED",
    "ERR_INVALID_REQ",
    "ERR_INVALID_URL",
    "ERR_TOO_BIG",
];

/// Whether a forward proxy's answer says it keeps the connection open:
/// `Connection: keep-alive` or `Proxy-Connection: keep-alive`.
pub(crate) fn keeps_alive(headers: &HeaderMap) -> bool {
    [CONNECTION, PROXY_CONNECTION].iter().any(|name| {
        headers.get_all(name).iter().any(|value| {
            value.to_str().is_ok_and(|value| {
                value
                    .split(',')
                    .any(|token| token.trim().eq_ignore_ascii_case("keep-alive"))
            })
        })
    })
}

/// How the proxy said an error answer is its own and given before forwarding, if it did.
pub(crate) fn not_forwarded(status: StatusCode, headers: &HeaderMap) -> Option<&'static str> {
    if !(status.is_client_error() || status.is_server_error()) {
        return None;
    }
    // Only a proxy answers 407: it is about the proxy's own credentials.
    if status == StatusCode::PROXY_AUTHENTICATION_REQUIRED {
        return Some("407 from the proxy");
    }
    // Any intermediary that did not forward kept the request from the platform.
    for value in headers.get_all(PROXY_STATUS) {
        let Ok(value) = value.to_str() else { continue };
        for member in value.split(',') {
            let kind = member
                .split(';')
                .skip(1)
                .filter_map(|param| param.trim().strip_prefix("error="))
                .next()
                .map(|kind| kind.trim_matches('"'));
            if let Some(kind) = kind.and_then(|kind| BEFORE_FORWARDING.iter().find(|k| **k == kind))
            {
                return Some(kind);
            }
        }
    }
    if let Some(value) = headers.get(X_SQUID_ERROR).and_then(|v| v.to_str().ok()) {
        let code = value.split_whitespace().next().unwrap_or("");
        if let Some(code) = SQUID_BEFORE_FORWARDING.iter().find(|k| **k == code) {
            return Some(code);
        }
    }
    // tinyproxy names itself in `Server` on its own pages and adds `Via` to what it
    // forwards.
    let tinyproxy = headers
        .get(SERVER)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|server| server.starts_with("tinyproxy/"));
    if tinyproxy && !headers.contains_key(VIA) {
        return Some("tinyproxy's own error page");
    }
    None
}
