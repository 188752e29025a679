//! The proxy the environment names for a base URL.
//!
//! - `YTX_PROXY`, this SDK's own, overrides the others for every host: a URL, or `none` for
//!   none.
//! - Else the shell-wide ones: the scheme's `https_proxy` / `HTTPS_PROXY` or `http_proxy` /
//!   `HTTP_PROXY`, then `all_proxy` / `ALL_PROXY`; unless `NO_PROXY` / `no_proxy` names the
//!   host, or the host is this machine's loopback (`localhost`, `127.0.0.0/8`, `::1`: an
//!   emulator or a test server here is reached directly, whatever the shell exports).

use std::net::IpAddr;

use super::Proxy;
use crate::config::BaseUrl;
use crate::error::ConfigError;
use crate::net::Network;

/// `YTX_PROXY`'s value that turns the environment's proxies off for this SDK.
const NONE: &str = "none";

/// The proxy the variables `lookup` reads name for `base`, if any.
pub(crate) fn from_lookup(
    base: &BaseUrl,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<Proxy>, ConfigError> {
    let get = |name: &'static str| {
        lookup(name)
            .filter(|value| !value.trim().is_empty())
            .map(|value| (name, value))
    };
    let host = base.authority().host();
    let by_scheme: [&'static str; 4] = if base.scheme() == &http::uri::Scheme::HTTPS {
        ["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"]
    } else {
        ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"]
    };
    match get("YTX_PROXY") {
        Some((_, value)) if value.trim().eq_ignore_ascii_case(NONE) => return Ok(None),
        Some((name, url)) => return Proxy::parse_as(name, &url).map(Some),
        None => {}
    }
    let Some((name, url)) = by_scheme.into_iter().find_map(get) else {
        return Ok(None);
    };
    let exempt = is_loopback(host)
        || get("NO_PROXY")
            .or_else(|| get("no_proxy"))
            .is_some_and(|(_, list)| no_proxy_matches(&list, host));
    if exempt {
        return Ok(None);
    }
    Proxy::parse_as(name, &url).map(Some)
}

/// Whether `host` is this machine's loopback.
fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    match host.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => {
            let host = host.trim_end_matches('.').to_ascii_lowercase();
            host == "localhost" || host.ends_with(".localhost")
        }
    }
}

/// Whether a `NO_PROXY` list names `host`: `*` names every host; `example.com`,
/// `.example.com` and `*.example.com` name that domain and the names under it; an IP
/// address names itself and `10.0.0.0/8` a network. A `:port` on an entry is ignored.
pub(crate) fn no_proxy_matches(list: &str, host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let ip = host.parse::<IpAddr>().ok();
    list.split([',', ' ', '\t'])
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .any(|entry| {
            if entry == "*" {
                return true;
            }
            if entry.contains('/') {
                return ip.is_some_and(|ip| Network::parse(entry).is_some_and(|n| n.contains(ip)));
            }
            let entry = strip_port(entry);
            if let (Some(ip), Ok(listed)) = (ip, entry.parse::<IpAddr>()) {
                return ip == listed;
            }
            let domain = entry
                .trim_start_matches("*.")
                .trim_start_matches('.')
                .trim_end_matches('.')
                .to_ascii_lowercase();
            !domain.is_empty()
                && (host == domain
                    || host
                        .strip_suffix(domain.as_str())
                        .is_some_and(|rest| rest.ends_with('.')))
        })
}

/// `entry` without a `:port` (and without the brackets of an IPv6 address).
fn strip_port(entry: &str) -> &str {
    if let Some(inner) = entry.strip_prefix('[') {
        return inner.split(']').next().unwrap_or(inner);
    }
    match entry.rsplit_once(':') {
        // One colon: `host:port`. More: a bare IPv6 address.
        Some((host, port)) if !host.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => {
            host
        }
        _ => entry,
    }
}
