//! The journal's connection: made again, with a growing pause, when the server goes away
//! (a restart, `pg_ctl stop -m immediate`, a failover), for up to [`RECONNECT_FOR`] per
//! statement. A statement is sent again once connected: each is written to be safe to
//! repeat, and a claim whose answer was lost is found and released by the worker
//! ([`PgJournal::release_unsent`](super::PgJournal)).

use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, Config, Row};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::{PgError, schema};

/// How long a statement waits for the server to come back.
pub(crate) const RECONNECT_FOR: Duration = Duration::from_secs(60);

pub(crate) struct Connection {
    config: Config,
    tls: MakeRustlsConnect,
    client: Option<Client>,
    connected_once: bool,
    reconnected: bool,
    /// Statements sent (round trips to the server), retries included.
    pub(crate) statements: u64,
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The configuration holds the password: not shown.
        f.debug_struct("Connection")
            .field("connected", &self.client.is_some())
            .finish_non_exhaustive()
    }
}

/// An error in words, with the server's code where it sent one.
pub(crate) fn describe(err: &tokio_postgres::Error) -> String {
    match err.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => err.to_string(),
    }
}

/// `url` without an `sslrootcert=PATH` parameter (which tokio-postgres does not read), and
/// the path: a PEM file of certificates to trust besides the webpki roots (a company's own
/// CA). Only the URL form (`postgres://…?sslrootcert=…`) carries it.
fn split_root_cert(url: &str) -> (String, Option<String>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_owned(), None);
    };
    let mut path = None;
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| match pair.strip_prefix("sslrootcert=") {
            Some(value) => {
                path = Some(value.to_owned());
                false
            }
            None => true,
        })
        .collect();
    if kept.is_empty() {
        (base.to_owned(), path)
    } else {
        (format!("{base}?{}", kept.join("&")), path)
    }
}

/// TLS for `sslmode=prefer|require`: rustls on ring, with the webpki roots and those of
/// `root_cert` (a PEM file). Certificates are always checked.
fn tls(root_cert: Option<&str>) -> Result<MakeRustlsConnect, PgError> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(path) = root_cert {
        let unusable = |why: String| PgError::Url(format!("sslrootcert {path}: {why}"));
        let certs = CertificateDer::pem_file_iter(path).map_err(|err| unusable(err.to_string()))?;
        for cert in certs {
            let cert = cert.map_err(|err| unusable(err.to_string()))?;
            roots.add(cert).map_err(|err| unusable(err.to_string()))?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|err| PgError::Url(format!("TLS: {err}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

/// Whether `err` means the connection is gone (rather than a statement the server refused).
fn lost(err: &tokio_postgres::Error, client: &Client) -> bool {
    if client.is_closed() || err.is_closed() {
        return true;
    }
    match err.code() {
        // 08: connection exceptions; 57P: the server shutting down or restarting.
        Some(code) => code.code().starts_with("08") || code.code().starts_with("57P"),
        None => err.as_db_error().is_none(),
    }
}

impl Connection {
    pub(crate) async fn open(url: &str) -> Result<Self, PgError> {
        // The URL is not repeated in the error: it may hold a password.
        let (url, root_cert) = split_root_cert(url);
        let config = Config::from_str(&url).map_err(|err| PgError::Url(err.to_string()))?;
        let mut connection = Self {
            config,
            tls: tls(root_cert.as_deref())?,
            client: None,
            connected_once: false,
            reconnected: false,
            statements: 0,
        };
        // The first connection is not retried for long: a wrong URL says so at once.
        connection.connect().await.map_err(PgError::Connect)?;
        Ok(connection)
    }

    async fn connect(&mut self) -> Result<(), tokio_postgres::Error> {
        let (client, connection) = self.config.connect(self.tls.clone()).await?;
        tokio::spawn(async move {
            // Its end is seen by the client's next statement.
            let _ = connection.await;
        });
        self.client = Some(client);
        if self.connected_once {
            self.reconnected = true;
        }
        self.connected_once = true;
        Ok(())
    }

    /// The client, connecting again (with pauses) until `deadline` if it was lost.
    async fn client(&mut self, deadline: Instant) -> Result<&Client, PgError> {
        let mut pause = Duration::from_millis(100);
        loop {
            if self
                .client
                .as_ref()
                .is_some_and(|client| !client.is_closed())
            {
                break;
            }
            self.client = None;
            match self.connect().await {
                Ok(()) => break,
                Err(err) if Instant::now() + pause > deadline => return Err(PgError::Connect(err)),
                Err(_) => {
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_secs(2));
                }
            }
        }
        self.client
            .as_ref()
            .ok_or_else(|| PgError::Url("no connection".into()))
    }

    pub(crate) fn take_reconnected(&mut self) -> bool {
        std::mem::take(&mut self.reconnected)
    }

    pub(crate) async fn query(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, PgError> {
        let deadline = Instant::now() + RECONNECT_FOR;
        loop {
            self.statements += 1;
            let client = self.client(deadline).await?;
            match client.query(sql, params).await {
                Ok(rows) => return Ok(rows),
                Err(err) if lost(&err, client) => {
                    self.client = None;
                    if Instant::now() > deadline {
                        return Err(PgError::Connect(err));
                    }
                }
                Err(err) => return Err(PgError::Query(err)),
            }
        }
    }

    pub(crate) async fn query_one(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Row, PgError> {
        let mut rows = self.query(sql, params).await?;
        match rows.len() {
            1 => Ok(rows.remove(0)),
            n => Err(PgError::Url(format!(
                "a statement gave {n} rows where it gives one"
            ))),
        }
    }

    pub(crate) async fn execute(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<u64, PgError> {
        let deadline = Instant::now() + RECONNECT_FOR;
        loop {
            self.statements += 1;
            let client = self.client(deadline).await?;
            match client.execute(sql, params).await {
                Ok(count) => return Ok(count),
                Err(err) if lost(&err, client) => {
                    self.client = None;
                    if Instant::now() > deadline {
                        return Err(PgError::Connect(err));
                    }
                }
                Err(err) => return Err(PgError::Query(err)),
            }
        }
    }

    pub(crate) async fn schema_version(&mut self) -> Result<i32, PgError> {
        let client = self.client(Instant::now() + RECONNECT_FOR).await?;
        schema::version(client).await.map_err(PgError::Query)
    }

    pub(crate) async fn migrate(&mut self) -> Result<(), PgError> {
        self.client(Instant::now() + RECONNECT_FOR).await?;
        let client = self
            .client
            .as_mut()
            .ok_or_else(|| PgError::Url("no connection".into()))?;
        schema::migrate(client).await.map_err(PgError::Query)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_root_certificate_is_taken_out_of_the_url() {
        let split = super::split_root_cert;
        assert_eq!(
            split("postgres://u@h/db?sslmode=require&sslrootcert=/ca.pem"),
            (
                "postgres://u@h/db?sslmode=require".to_owned(),
                Some("/ca.pem".to_owned())
            )
        );
        assert_eq!(
            split("postgres://u@h/db?sslrootcert=/ca.pem"),
            ("postgres://u@h/db".to_owned(), Some("/ca.pem".to_owned()))
        );
        assert_eq!(
            split("postgres://u@h/db"),
            ("postgres://u@h/db".to_owned(), None)
        );
    }
}
