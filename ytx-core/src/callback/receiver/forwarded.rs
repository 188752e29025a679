//! Who sent a request that came through the application's own proxies (nginx, an ingress):
//! the `Forwarded` (RFC 7239) or `X-Forwarded-For` header, read only when the connection's
//! peer is a trusted proxy, from the nearest hop outwards, skipping the hops that are
//! trusted proxies too. Anyone else can write those headers, so from anyone else they are
//! ignored.

use std::net::IpAddr;

use http::HeaderMap;
use http::header::FORWARDED;

use crate::net::Network;

const X_FORWARDED_FOR: &str = "x-forwarded-for";

/// The caller of a request whose connection came from `peer`: `peer` itself unless it is
/// trusted; else the nearest untrusted address the trusted hops recorded (the farthest if
/// all are trusted, `peer` if they recorded none). `None` when a hop that must be read
/// recorded no address (`unknown`, an obfuscated name, a malformed entry).
pub(super) fn caller(peer: IpAddr, headers: &HeaderMap, trusted: &[Network]) -> Option<IpAddr> {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|network| network.contains(ip));
    let peer = peer.to_canonical();
    if !is_trusted(peer) {
        return Some(peer);
    }
    let hops: Vec<Option<IpAddr>> = if headers.contains_key(FORWARDED) {
        headers
            .get_all(FORWARDED)
            .iter()
            .flat_map(|value| split(value.to_str().ok()))
            .map(forwarded_for)
            .collect()
    } else {
        headers
            .get_all(X_FORWARDED_FOR)
            .iter()
            .flat_map(|value| split(value.to_str().ok()))
            .map(address)
            .collect()
    };
    let mut farthest = peer;
    for hop in hops.into_iter().rev() {
        let ip = hop?.to_canonical();
        if !is_trusted(ip) {
            return Some(ip);
        }
        farthest = ip;
    }
    Some(farthest)
}

/// A header's comma-separated elements; a value that is not text is one bad element.
fn split(value: Option<&str>) -> Vec<&str> {
    match value {
        Some(value) => value.split(',').map(str::trim).collect(),
        None => vec![""],
    }
}

/// The `for=` of one `Forwarded` element.
fn forwarded_for(element: &str) -> Option<IpAddr> {
    let value = element.split(';').find_map(|pair| {
        let (name, value) = pair.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("for")
            .then(|| value.trim().trim_matches('"'))
    })?;
    address(value)
}

/// An address, with or without a port (`10.0.0.1`, `10.0.0.1:4711`, `[2001:db8::1]:4711`,
/// `2001:db8::1`).
fn address(text: &str) -> Option<IpAddr> {
    let text = text.trim();
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Some(rest) = text.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    let (host, port) = text.rsplit_once(':')?;
    port.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| host.parse().ok())
        .flatten()
}
