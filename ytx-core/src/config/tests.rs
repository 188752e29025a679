//! Tests of the configuration: builder, environment, base URLs, redaction.

use super::*;

const TOKEN: &str = "tok3n-that-must-not-leak";

fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |name| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    }
}

const BASE: [(&str, &str); 3] = [
    ("YTX_ACCOUNT_SID", "abc123"),
    ("YTX_AUTH_TOKEN", TOKEN),
    ("YTX_APP_ID", "app1"),
];

#[test]
fn from_env_defaults_to_production() {
    let config = Config::from_lookup(vars(&BASE)).unwrap();
    assert_eq!(config.base_url().to_string(), "http://api.ytx.net");
    assert_eq!(config.connect_timeout(), DEFAULT_CONNECT_TIMEOUT);
}

#[test]
fn from_env_reads_sandbox_and_base_url() {
    let sandbox = Config::from_lookup(vars(&[BASE[0], BASE[1], BASE[2], ("YTX_ENV", "sandbox")]));
    assert_eq!(
        sandbox.unwrap().base_url().to_string(),
        "http://sandbox.ytx.net"
    );
    let local = [
        BASE[0],
        BASE[1],
        BASE[2],
        ("YTX_BASE_URL", "http://127.0.0.1:9/p/"),
    ];
    assert_eq!(
        Config::from_lookup(vars(&local))
            .unwrap()
            .base_url()
            .to_string(),
        "http://127.0.0.1:9/p"
    );
}

#[test]
fn from_env_names_the_missing_variable() {
    let err = Config::from_lookup(vars(&[BASE[0], BASE[2]])).unwrap_err();
    assert_eq!(
        err,
        ConfigError::Missing {
            name: "YTX_AUTH_TOKEN"
        }
    );
}

#[test]
fn from_env_rejects_unknown_env_and_both_targets() {
    let bad = Config::from_lookup(vars(&[BASE[0], BASE[1], BASE[2], ("YTX_ENV", "prod")]));
    assert!(bad.unwrap_err().to_string().contains("`prod`"));
    let both = [
        BASE[0],
        BASE[1],
        BASE[2],
        ("YTX_ENV", "sandbox"),
        ("YTX_BASE_URL", "http://x"),
    ];
    assert!(Config::from_lookup(vars(&both)).is_err());
}

#[test]
fn https_needs_the_rustls_feature() {
    assert_eq!(
        BaseUrl::parse("https://api.ytx.net").is_ok(),
        cfg!(feature = "rustls")
    );
}

#[test]
fn base_url_must_be_http_without_query() {
    assert!(BaseUrl::parse("ftp://api.ytx.net").is_err());
    assert!(BaseUrl::parse("api.ytx.net").is_err());
    assert!(BaseUrl::parse("http://api.ytx.net/?x=1").is_err());
    assert!(BaseUrl::parse("http://u:p@api.ytx.net").is_err());
}

#[test]
fn account_sid_must_fit_in_a_path_segment() {
    let config = Config::builder()
        .account_sid("a/b")
        .auth_token(TOKEN)
        .app_id("x")
        .build();
    assert!(matches!(
        config,
        Err(ConfigError::Invalid {
            field: "account_sid",
            ..
        })
    ));
}

#[test]
fn debug_never_shows_the_token() {
    let config = Config::from_lookup(vars(&BASE)).unwrap();
    let builder = Config::builder().auth_token(TOKEN);
    for text in [
        format!("{config:?}"),
        format!("{config:#?}"),
        format!("{builder:?}"),
    ] {
        assert!(!text.contains(TOKEN), "{text}");
        assert!(text.contains("AuthToken(***)"), "{text}");
    }
}

#[test]
fn limits_out_of_range_are_refused_by_name() {
    let base = || {
        Config::builder()
            .account_sid("sid")
            .auth_token("token")
            .app_id("app")
    };
    for rate in [0.0, -1.0, f64::NAN, f64::INFINITY, 1e-300] {
        let err = base().rate_limit(rate).build().unwrap_err();
        assert!(err.to_string().contains("rate_limit"), "{rate}: {err}");
    }
    let err = base().max_in_flight(0).build().unwrap_err();
    assert!(err.to_string().contains("max_in_flight"), "{err}");
    let config = base().rate_limit(0.001).max_in_flight(1).build().unwrap();
    assert_eq!(
        (config.rate_limit(), config.max_in_flight()),
        (Some(0.001), Some(1))
    );
    assert_eq!(base().build().unwrap().rate_limit(), None, "off by default");
}
