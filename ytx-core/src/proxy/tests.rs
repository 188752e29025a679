use http::StatusCode;
use http::header::{HeaderMap, HeaderValue};

use super::env::no_proxy_matches;
use super::*;
use crate::config::BaseUrl;

fn chosen(base: &str, vars: &[(&str, &str)]) -> Option<String> {
    let lookup = |name: &str| {
        vars.iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| (*value).to_owned())
    };
    from_lookup(&BaseUrl::parse(base).unwrap(), &lookup)
        .unwrap()
        .map(|proxy| proxy.to_string())
}

#[test]
fn the_scheme_picks_the_variable() {
    let vars = [
        ("HTTP_PROXY", "http://plain:3128"),
        ("HTTPS_PROXY", "http://tls:3128"),
        ("ALL_PROXY", "http://all:3128"),
    ];
    assert_eq!(
        chosen("http://api.ytx.net", &vars).unwrap(),
        "http://plain:3128"
    );
    if cfg!(feature = "rustls") {
        assert_eq!(
            chosen("https://api.ytx.net", &vars).unwrap(),
            "http://tls:3128"
        );
    }
    assert_eq!(
        chosen("http://api.ytx.net", &[("ALL_PROXY", "http://all:3128")]).unwrap(),
        "http://all:3128"
    );
    // Lowercase first, as curl reads them.
    let both = [
        ("http_proxy", "http://lower:1"),
        ("HTTP_PROXY", "http://upper:1"),
    ];
    assert_eq!(
        chosen("http://api.ytx.net", &both).unwrap(),
        "http://lower:1"
    );
    assert_eq!(chosen("http://api.ytx.net", &[]), None);
    assert_eq!(chosen("http://api.ytx.net", &[("HTTP_PROXY", " ")]), None);
}

#[test]
fn ytx_proxy_overrides_the_others_and_no_proxy() {
    let vars = [
        ("YTX_PROXY", "http://ytx:8080"),
        ("HTTP_PROXY", "http://plain:3128"),
        ("NO_PROXY", "*"),
    ];
    assert_eq!(
        chosen("http://api.ytx.net", &vars).unwrap(),
        "http://ytx:8080"
    );
    // Even for this machine: it is asked for by name.
    assert_eq!(
        chosen("http://127.0.0.1:9", &vars).unwrap(),
        "http://ytx:8080"
    );
    let off = [("YTX_PROXY", "NONE"), ("HTTP_PROXY", "http://plain:3128")];
    assert_eq!(chosen("http://api.ytx.net", &off), None);
}

#[test]
fn no_proxy_and_loopback_exempt_the_shell_wide_proxy() {
    let proxy = ("HTTP_PROXY", "http://plain:3128");
    assert_eq!(chosen("http://127.0.0.1:8080", &[proxy]), None);
    assert_eq!(chosen("http://localhost:8080", &[proxy]), None);
    assert_eq!(chosen("http://[::1]:8080", &[proxy]), None);
    assert_eq!(
        chosen("http://api.ytx.net", &[proxy, ("NO_PROXY", "ytx.net")]),
        None
    );
    assert_eq!(
        chosen("http://api.ytx.net", &[proxy, ("no_proxy", ".ytx.net")]),
        None
    );
    assert!(chosen("http://api.ytx.net", &[proxy, ("NO_PROXY", "other.net")]).is_some());
}

#[test]
fn no_proxy_entries() {
    assert!(no_proxy_matches("*", "api.ytx.net"));
    assert!(no_proxy_matches("ytx.net", "ytx.net"));
    assert!(no_proxy_matches("ytx.net", "api.ytx.net"));
    assert!(no_proxy_matches(" foo , .ytx.net", "API.ytx.net"));
    assert!(no_proxy_matches("*.ytx.net", "api.ytx.net"));
    assert!(no_proxy_matches("api.ytx.net:80", "api.ytx.net"));
    assert!(!no_proxy_matches("ytx.net", "notytx.net"));
    assert!(!no_proxy_matches("api.ytx.net", "ytx.net"));
    assert!(!no_proxy_matches("", "ytx.net"));
    assert!(!no_proxy_matches(".", "ytx.net"));
    assert!(no_proxy_matches("10.0.0.0/8", "10.1.2.3"));
    assert!(!no_proxy_matches("10.0.0.0/8", "11.1.2.3"));
    assert!(no_proxy_matches("10.1.2.3/32", "10.1.2.3"));
    assert!(!no_proxy_matches("10.1.2.3/32", "10.1.2.4"));
    assert!(no_proxy_matches("0.0.0.0/0", "192.168.1.1"));
    assert!(!no_proxy_matches("10.0.0.0/33", "10.1.2.3"));
    assert!(!no_proxy_matches("10.0.0.0/8", "ytx.net"));
    assert!(no_proxy_matches("192.168.1.1", "192.168.1.1"));
    assert!(!no_proxy_matches("192.168.1.1", "192.168.1.2"));
    assert!(no_proxy_matches("[::1]:80", "[::1]"));
    // A bare IPv6 address is not `host:port`.
    assert!(no_proxy_matches("fd00::1", "[fd00::1]"));
    assert!(!no_proxy_matches("fd00::1", "[fd00::2]"));
    // Nor is a name with something else after a colon.
    assert!(!no_proxy_matches("ytx.net:abc", "ytx.net"));
    assert!(no_proxy_matches("fd00::/8", "[fd12::1]"));
    assert!(!no_proxy_matches("fd00::/8", "[fe12::1]"));
}

#[test]
fn a_proxy_url_is_parsed_and_its_credentials_hidden() {
    let proxy = Proxy::parse("http://us%40er:p%3Ass@proxy.corp:3128/").unwrap();
    assert_eq!((proxy.host(), proxy.port()), ("proxy.corp", 3128));
    assert!(proxy.has_credentials());
    assert_eq!(proxy.to_string(), "http://***@proxy.corp:3128");
    assert_eq!(format!("{proxy:?}"), "Proxy(http://***@proxy.corp:3128)");
    let header = proxy.authorization().unwrap();
    assert!(header.is_sensitive());
    // base64("us@er:p:ss")
    assert_eq!(header, "Basic dXNAZXI6cDpzcw==");

    let bare = Proxy::parse("10.0.0.1").unwrap();
    assert_eq!(
        (bare.host(), bare.port(), bare.has_credentials()),
        ("10.0.0.1", 80, false)
    );
    assert_eq!(Proxy::parse("http://[::1]").unwrap().port(), 80);
    assert_eq!(Proxy::parse("HTTP://[::1]:8080").unwrap().port(), 8080);
}

#[test]
fn unusable_proxy_urls_are_refused_without_showing_credentials() {
    for url in [
        "https://proxy:443",
        "socks5://proxy:1080",
        "http://proxy:3128/path",
        "http://",
        "http://user:pw@",
        "http://proxy:notaport",
        "http://us%zzer:secret-pw@proxy:1",
        "http://u:secret-pw@proxy:1/x",
    ] {
        let err = Proxy::parse(url).unwrap_err().to_string();
        assert!(!err.contains("secret-pw"), "{err}");
        assert!(err.contains("`proxy`"), "{err}");
    }
}

fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
    pairs
        .iter()
        .map(|(name, value)| {
            (
                http::HeaderName::from_static(name),
                HeaderValue::from_static(value),
            )
        })
        .collect()
}

#[test]
fn only_a_proxy_that_says_so_did_not_forward() {
    let bad_gateway = StatusCode::BAD_GATEWAY;
    let refused = headers(&[("proxy-status", "edge; error=connection_refused")]);
    assert_eq!(
        not_forwarded(bad_gateway, &refused),
        Some("connection_refused")
    );
    // Any intermediary that did not forward: the second of two here.
    let chain = headers(&[(
        "proxy-status",
        "edge, inner; error=\"dns_error\"; rcode=NXDOMAIN",
    )]);
    assert_eq!(not_forwarded(bad_gateway, &chain), Some("dns_error"));
    // After forwarding: the platform may have it.
    let late = headers(&[("proxy-status", "edge; error=http_response_timeout")]);
    assert_eq!(not_forwarded(StatusCode::GATEWAY_TIMEOUT, &late), None);
    // A success is never a refusal, whatever it carries.
    assert_eq!(not_forwarded(StatusCode::OK, &refused), None);
    assert_eq!(
        not_forwarded(StatusCode::PROXY_AUTHENTICATION_REQUIRED, &HeaderMap::new()),
        Some("407 from the proxy")
    );
    let squid = headers(&[("x-squid-error", "ERR_CONNECT_FAIL 111")]);
    assert_eq!(
        not_forwarded(StatusCode::SERVICE_UNAVAILABLE, &squid),
        Some("ERR_CONNECT_FAIL")
    );
    let squid_late = headers(&[("x-squid-error", "ERR_READ_TIMEOUT 0")]);
    assert_eq!(
        not_forwarded(StatusCode::GATEWAY_TIMEOUT, &squid_late),
        None
    );
    let tiny = headers(&[("server", "tinyproxy/1.11.1")]);
    assert_eq!(
        not_forwarded(StatusCode::INTERNAL_SERVER_ERROR, &tiny),
        Some("tinyproxy's own error page")
    );
    let forwarded = headers(&[
        ("server", "tinyproxy/1.11.1"),
        ("via", "1.1 host (tinyproxy/1.11.1)"),
    ]);
    assert_eq!(not_forwarded(StatusCode::BAD_GATEWAY, &forwarded), None);
    // A bare 502: it may be the platform's front.
    assert_eq!(not_forwarded(bad_gateway, &HeaderMap::new()), None);
}

#[test]
fn a_proxys_connection_is_kept_only_when_it_says_so() {
    assert!(!keeps_alive(&HeaderMap::new()));
    assert!(keeps_alive(&headers(&[("connection", "Keep-Alive")])));
    assert!(keeps_alive(&headers(&[("proxy-connection", "keep-alive")])));
    assert!(keeps_alive(&headers(&[(
        "connection",
        "upgrade, keep-alive"
    )])));
    assert!(!keeps_alive(&headers(&[("connection", "close")])));
}

#[test]
fn a_password_with_a_raw_slash_is_still_hidden() {
    // Not percent-encoded, as people write them: everything before the last `@` is
    // credentials, wherever a `/` falls.
    let proxy = Proxy::parse("http://user:pa/ss@proxy.corp:3128").unwrap();
    assert_eq!((proxy.host(), proxy.port()), ("proxy.corp", 3128));
    assert_eq!(proxy.authorization().unwrap(), "Basic dXNlcjpwYS9zcw==");
    let err = Proxy::parse("http://user:se/cret-pw@proxy.corp:x").unwrap_err();
    assert!(!err.to_string().contains("cret-pw"), "{err}");
}
