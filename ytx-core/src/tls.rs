//! TLS for `https://` base URLs (feature `rustls`): rustls with the ring provider, the
//! webpki (Mozilla) roots plus any roots the configuration adds. There is no switch to turn
//! certificate checks off.

use std::sync::Arc;

use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use rustls::pki_types::CertificateDer;
use rustls::{ClientConfig, RootCertStore};

use crate::error::ConfigError;

/// Builds the TLS settings once, when the configuration is built.
pub(crate) fn client_config(extra_roots: &[Vec<u8>]) -> Result<Arc<ClientConfig>, ConfigError> {
    let invalid = |reason: String| ConfigError::Invalid {
        field: "root_certificate",
        reason,
    };
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for der in extra_roots {
        roots
            .add(CertificateDer::from(der.clone()))
            .map_err(|err| invalid(format!("not a usable DER certificate: {err}")))?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|err| invalid(err.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// Wraps the TCP connector: `https://` gets TLS, `http://` stays plain.
pub(crate) fn connector(
    config: &ClientConfig,
    mut http: HttpConnector,
) -> HttpsConnector<HttpConnector> {
    http.enforce_http(false);
    connector_over(config, http)
}

/// TLS over the streams `inner` opens (a proxy's tunnel): the certificate is checked
/// against the target's name.
pub(crate) fn connector_over<C>(config: &ClientConfig, inner: C) -> HttpsConnector<C> {
    HttpsConnectorBuilder::new()
        .with_tls_config(config.clone())
        .https_or_http()
        .enable_http1()
        .wrap_connector(inner)
}
