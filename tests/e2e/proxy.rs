//! Through a forward proxy (a real tinyproxy): http targets in absolute form, https targets
//! in a CONNECT tunnel, and "was it sent" kept exact: what the proxy refused is never sent;
//! what it may have forwarded stays unknown.

use ytx_call::{DailbackCall, Error, MeetingQuery};
use ytx_core::{Client, Config, ProxyError};

use crate::support::{APP_ID, Reply, SID, Server, TOKEN};
use crate::tinyproxy::Tinyproxy;

const OK: &str = r#"{"statusCode":"0","statusMsg":"提交成功","data":[]}"#;

fn config(base_url: String) -> ytx_core::ConfigBuilder {
    crate::support::config_for(base_url)
}

/// The `ProxyError` behind a connect error, if that is what it is.
fn proxy_error(err: &Error) -> Option<&ProxyError> {
    let Error::Connect(source) = err else {
        return None;
    };
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(source.as_ref());
    while let Some(err) = cause {
        if let Some(proxy) = err.downcast_ref::<ProxyError>() {
            return Some(proxy);
        }
        cause = err.source();
    }
    None
}

/// A two-way call through `client` that fails: the error.
async fn failed_call(client: &Client) -> Error {
    client
        .send(DailbackCall::new("13911281234", "13522855865"))
        .await
        .unwrap_err()
}

/// A side effect that was provably never sent: not unknown, nothing at the server.
fn assert_never_sent(err: &Error, server: Option<&Server>) {
    assert!(!err.may_have_reached_platform(), "{err:?}");
    assert!(!err.is_outcome_unknown(), "{err:?}");
    if let Some(server) = server {
        assert!(server.requests().is_empty(), "the server got a request");
    }
}

#[tokio::test]
async fn an_http_target_goes_through_the_proxy_in_absolute_form() {
    let proxy = Tinyproxy::start(&[]);
    let server = Server::start(Reply::json(OK)).await;
    let client = Client::new(
        config(server.base_url())
            .proxy(proxy.url())
            .build()
            .unwrap(),
    );
    client.send(MeetingQuery::new(1)).await.unwrap();
    client
        .send(DailbackCall::new("13911281234", "13522855865"))
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        // tinyproxy took the absolute form and forwarded it in origin form, saying so.
        assert!(request.target.starts_with("/20"), "{}", request.target);
        assert!(request.target.contains("/sid/"), "{}", request.target);
        let via = request.header("via").unwrap_or_default();
        assert!(
            via.contains("tinyproxy"),
            "not through the proxy: via `{via}`"
        );
        let agent = request.header("user-agent").unwrap_or_default();
        assert_eq!(agent, ytx_core::USER_AGENT);
    }
}

#[tokio::test]
async fn side_effects_through_a_proxy_that_closes_its_connections_are_never_unknown() {
    // tinyproxy answers HTTP/1.1 without `Connection: close` and closes the connection
    // anyway: a request written to it again would have an unknown fate.
    let proxy = Tinyproxy::start(&[]);
    let server = Server::start(Reply::json(OK)).await;
    let client = Client::new(
        config(server.base_url())
            .proxy(proxy.url())
            .build()
            .unwrap(),
    );
    let calls = (0..16).map(|_| {
        let client = client.clone();
        tokio::spawn(async move {
            for _ in 0..10 {
                client
                    .send(DailbackCall::new("13911281234", "13522855865"))
                    .await
                    .unwrap();
            }
        })
    });
    for call in calls.collect::<Vec<_>>() {
        call.await.unwrap();
    }
    assert_eq!(server.requests().len(), 160);
}

#[tokio::test]
async fn an_https_target_goes_through_a_connect_tunnel_checked_against_its_name() {
    let proxy = Tinyproxy::start(&[]);
    let (server, cert) = Server::start_tls(Reply::json(OK)).await;
    let base = format!("https://localhost:{}", server.addr.port());
    let trusted = config(base.clone())
        .proxy(proxy.url())
        .add_root_certificate_der(cert)
        .build()
        .unwrap();
    Client::new(trusted)
        .send(MeetingQuery::new(1))
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    // TLS end to end: the proxy saw only the tunnel, so it added no `Via`.
    assert_eq!(requests[0].header("via"), None);

    // Without the test root, the certificate is refused inside the tunnel: nothing sent.
    let untrusted = Client::new(config(base).proxy(proxy.url()).build().unwrap());
    let err = failed_call(&untrusted).await;
    assert!(matches!(err, Error::Connect(_)), "{err:?}");
    assert_never_sent(&err, None);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_refused_connect_is_never_sent() {
    // Tunnels to port 443 only: the test server's port is refused with a 403.
    let proxy = Tinyproxy::start(&["ConnectPort 443"]);
    let (server, cert) = Server::start_tls(Reply::json(OK)).await;
    let base = format!("https://localhost:{}", server.addr.port());
    let client = Client::new(
        config(base)
            .proxy(proxy.url())
            .add_root_certificate_der(cert)
            .build()
            .unwrap(),
    );
    let err = failed_call(&client).await;
    assert_eq!(
        proxy_error(&err),
        Some(&ProxyError::TunnelRefused {
            status: http::StatusCode::FORBIDDEN
        }),
        "{err:?}"
    );
    assert_never_sent(&err, Some(&server));
}

#[tokio::test]
async fn the_proxys_own_error_before_forwarding_is_never_sent() {
    let proxy = Tinyproxy::start(&[]);
    // Nothing listens there: tinyproxy answers 500 "Unable to connect" itself.
    let closed = Server::start(Reply::json(OK)).await;
    let base = closed.base_url();
    drop(closed);
    let client = Client::new(
        config(base)
            .proxy(proxy.url())
            .retry(ytx_core::RetryPolicy::never())
            .build()
            .unwrap(),
    );
    let err = failed_call(&client).await;
    let Some(ProxyError::NotForwarded { status, .. }) = proxy_error(&err) else {
        panic!("not the proxy's own refusal: {err:?}");
    };
    assert_eq!(status.as_u16(), 500);
    assert_never_sent(&err, None);
}

#[tokio::test]
async fn a_502_the_proxy_forwarded_stays_unknown() {
    let proxy = Tinyproxy::start(&[]);
    let server = Server::start(Reply::Http {
        status: 502,
        content_type: "text/html",
        body: b"bad gateway, behind the platform's front".to_vec(),
    })
    .await;
    let client = Client::new(
        config(server.base_url())
            .proxy(proxy.url())
            .build()
            .unwrap(),
    );
    let err = failed_call(&client).await;
    assert!(err.is_outcome_unknown(), "{err:?}");
    assert_eq!(
        server.requests().len(),
        1,
        "a side effect is not sent twice"
    );
}

#[tokio::test]
async fn a_502_with_a_proxy_status_before_forwarding_is_never_sent() {
    // A proxy that answers everything with its own 502 and RFC 9209's `Proxy-Status`.
    let gateway = Server::start(Reply::Raw(
        b"HTTP/1.1 502 Bad Gateway\r\nProxy-Status: edge; error=connection_refused\r\n\
          Content-Length: 0\r\nConnection: close\r\n\r\n"
            .to_vec(),
    ))
    .await;
    let client = Client::new(
        config("http://api.ytx.net".into())
            .proxy(gateway.base_url())
            .retry(ytx_core::RetryPolicy::never())
            .build()
            .unwrap(),
    );
    let err = failed_call(&client).await;
    assert_eq!(
        proxy_error(&err),
        Some(&ProxyError::NotForwarded {
            status: http::StatusCode::BAD_GATEWAY,
            evidence: "connection_refused"
        }),
        "{err:?}"
    );
    assert_never_sent(&err, None);
    // It went to the proxy in absolute form.
    let requests = gateway.requests();
    assert!(
        requests[0]
            .target
            .starts_with("http://api.ytx.net/201512/sid/"),
        "{}",
        requests[0].target
    );
}

#[tokio::test]
async fn proxy_credentials_are_sent_and_never_shown() {
    let proxy = Tinyproxy::start(&["BasicAuth ytx s3cret-proxy-pw"]);
    let server = Server::start(Reply::json(OK)).await;
    let with = format!("http://ytx:s3cret-proxy-pw@127.0.0.1:{}", proxy.port);
    let config_with = config(server.base_url()).proxy(with).build().unwrap();
    for shown in [
        format!("{config_with:?}"),
        format!("{:?}", config_with.proxy()),
    ] {
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("***@127.0.0.1"), "{shown}");
    }
    Client::new(config_with)
        .send(MeetingQuery::new(1))
        .await
        .unwrap();
    // tinyproxy keeps the credentials to itself.
    assert_eq!(server.requests()[0].header("proxy-authorization"), None);

    let without = Client::new(
        config(server.base_url())
            .proxy(proxy.url())
            .build()
            .unwrap(),
    );
    let err = failed_call(&without).await;
    assert_eq!(
        proxy_error(&err).and_then(ProxyError::status),
        Some(http::StatusCode::PROXY_AUTHENTICATION_REQUIRED),
        "{err:?}"
    );
    let hint = proxy_error(&err)
        .map(ToString::to_string)
        .unwrap_or_default();
    assert!(hint.contains("give them in its URL"), "{hint}");
    assert_never_sent(&err, None);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn the_environments_proxy_is_used_unless_no_proxy_names_the_host() {
    let proxy = Tinyproxy::start(&[]);
    // A name that does not resolve: through the proxy, its own 500; direct, a DNS error.
    let base = "http://ytx-proxy-test.invalid";
    let env = |no_proxy: Option<&str>| {
        let mut vars = vec![
            ("YTX_ACCOUNT_SID", SID.to_owned()),
            ("YTX_AUTH_TOKEN", TOKEN.to_owned()),
            ("YTX_APP_ID", APP_ID.to_owned()),
            ("YTX_BASE_URL", base.to_owned()),
            ("HTTP_PROXY", proxy.url()),
        ];
        if let Some(list) = no_proxy {
            vars.push(("NO_PROXY", list.to_owned()));
        }
        move |name: &str| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.clone())
        }
    };
    let through = Config::from_lookup(env(None)).unwrap();
    assert_eq!(through.proxy().map(|p| p.port()), Some(proxy.port));
    let err = Client::new(through)
        .send(MeetingQuery::new(1))
        .await
        .unwrap_err();
    assert!(
        proxy_error(&err).is_some(),
        "not through the proxy: {err:?}"
    );

    let direct = Config::from_lookup(env(Some("localhost,.invalid"))).unwrap();
    assert_eq!(direct.proxy(), None);
}
