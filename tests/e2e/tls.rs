//! `https://` through the `rustls` feature: certificates are checked, always.

use ytx_call::{DailbackCall, Error, MeetingQuery};
use ytx_core::Client;

use crate::support::{Reply, Server};

const OK: &str = r#"{"statusCode":"0","statusMsg":"提交成功","data":[]}"#;

fn config(base_url: String) -> ytx_core::ConfigBuilder {
    crate::support::config_for(base_url)
}

#[tokio::test]
async fn https_works_with_a_trusted_root() {
    let (server, cert) = Server::start_tls(Reply::json(OK)).await;
    let base = format!("https://localhost:{}", server.addr.port());
    let client = Client::new(config(base).add_root_certificate_der(cert).build().unwrap());
    client.send(MeetingQuery::new(1)).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert!(
        requests[0].target.starts_with("/201612/sid/"),
        "{}",
        requests[0].target
    );
}

#[tokio::test]
async fn an_untrusted_certificate_is_refused_before_anything_is_sent() {
    let (server, _) = Server::start_tls(Reply::json(OK)).await;
    let base = format!("https://localhost:{}", server.addr.port());
    let client = Client::new(config(base).build().unwrap());
    let err = client
        .send(DailbackCall::new("13911281234", "13522855865"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Connect(_)), "{err:?}");
    assert!(
        !err.may_have_reached_platform(),
        "not an unknown outcome: nothing was sent"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn a_certificate_for_another_name_is_refused() {
    let (server, cert) = Server::start_tls(Reply::json(OK)).await;
    let base = format!("https://127.0.0.1:{}", server.addr.port());
    let client = Client::new(config(base).add_root_certificate_der(cert).build().unwrap());
    let err = client.send(MeetingQuery::new(1)).await.unwrap_err();
    assert!(matches!(err, Error::Connect(_)), "{err:?}");
    assert!(server.requests().is_empty());
}

#[test]
fn a_root_that_is_not_a_certificate_is_a_configuration_error() {
    let err = config("https://localhost:1".into())
        .add_root_certificate_der(b"not DER".to_vec())
        .build();
    assert!(
        matches!(
            err,
            Err(ytx_core::ConfigError::Invalid {
                field: "root_certificate",
                ..
            })
        ),
        "{err:?}"
    );
}
