//! The client: one generic `send` for every endpoint.
//!
//! `send` encodes the body, takes one timestamp from the clock, signs, builds
//! `POST {base}/{version}/sid/{accountSID}/{func}/{url}?Sign={Sign}`, sends it over the
//! pooled connection under the request deadline, and decodes the answer.

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use http::{Method, Request, Uri};
use http_body_util::Full;

use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::encode::encode_body;
use crate::endpoint::Endpoint;
use crate::error::{EncodeError, Error, TimeoutPhase};
use crate::sign::{self, Timestamp};
use crate::transport::{self, Http};

const ACCEPT_VALUE: HeaderValue = HeaderValue::from_static("application/json;");
const CONTENT_TYPE_VALUE: HeaderValue = HeaderValue::from_static("application/json;charset=utf-8;");

/// A YTX API client. Cheap to clone (one `Arc`), `Send + Sync`; clones share one connection
/// pool.
///
/// ```no_run
/// # async fn run() -> Result<(), ytx_core::Error> {
/// let client = ytx_core::Client::from_env()?;
/// # let _ = client;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    app_id: Arc<str>,
}

struct Inner {
    config: Config,
    clock: Arc<dyn Clock>,
    http: Http,
}

impl Client {
    /// A client with the system clock.
    pub fn new(config: Config) -> Self {
        Self::builder(config).build()
    }

    /// A client configured from `YTX_*` environment variables (see [`Config::from_env`]).
    pub fn from_env() -> Result<Self, Error> {
        Ok(Self::new(Config::from_env()?))
    }

    /// Starts a client with non-default parts (a fixed clock for tests).
    pub fn builder(config: Config) -> ClientBuilder {
        ClientBuilder {
            config,
            clock: Arc::new(SystemClock),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The application id this client puts in request bodies.
    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// A client for another application of the same account, sharing the connection pool.
    pub fn with_app_id(&self, app_id: impl Into<String>) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            app_id: Arc::from(app_id.into()),
        }
    }

    /// Sends a request and decodes its answer.
    pub async fn send<E: Endpoint>(&self, request: E) -> Result<E::Response, Error> {
        self.send_ref(&request).await
    }

    /// Like [`Client::send`], borrowing the request.
    pub async fn send_ref<E: Endpoint>(&self, request: &E) -> Result<E::Response, Error> {
        let config = &self.inner.config;
        if self.app_id.is_empty() {
            return Err(EncodeError::EmptyRequired { field: "appid" }.into());
        }
        let body = Bytes::from(encode_body(request, &self.app_id)?);
        let http_request = self.signed::<E>(body)?;
        let deadline = config.request_timeout();
        let exchange = transport::exchange(&self.inner.http, http_request, config);
        let received = tokio::time::timeout(deadline, exchange)
            .await
            .map_err(|_| Error::Timeout {
                phase: TimeoutPhase::Request,
                after: deadline,
            })??;
        if !received.status.is_success() {
            return Err(Error::HttpStatus {
                status: received.status,
                body: received.body,
            });
        }
        crate::decode::decode(received.body)
    }

    /// Builds the signed request: one timestamp for both `Sign` and `Authorization`.
    fn signed<E: Endpoint>(&self, body: Bytes) -> Result<Request<Full<Bytes>>, Error> {
        let config = &self.inner.config;
        let timestamp =
            Timestamp::from_utc(self.inner.clock.now()).map_err(EncodeError::Timestamp)?;
        let sid = config.account_sid();
        let sign = sign::sign(sid, config.auth_token(), &timestamp);
        let authorization = sign::authorization(sid, &timestamp);

        let base = config.base_url();
        let mut path = String::from(base.prefix());
        sign::write_request_path(&mut path, E::VERSION, sid, E::FUNC, E::URL, &sign);
        let uri = Uri::builder()
            .scheme(base.scheme().clone())
            .authority(base.authority().clone())
            .path_and_query(path)
            .build()
            .map_err(|_| EncodeError::InvalidPath {
                func: E::FUNC,
                url: E::URL,
            })?;

        // Base64 text is always a valid header value; the error arm only keeps this panic-free.
        let mut authorization =
            HeaderValue::from_str(authorization.as_str()).map_err(|_| EncodeError::Json {
                field: "Authorization",
                reason: "not a valid header value".into(),
            })?;
        authorization.set_sensitive(true);
        let mut request = Request::new(Full::new(body));
        *request.method_mut() = Method::POST;
        *request.uri_mut() = uri;
        let headers = request.headers_mut();
        headers.insert(ACCEPT, ACCEPT_VALUE);
        headers.insert(CONTENT_TYPE, CONTENT_TYPE_VALUE);
        headers.insert(AUTHORIZATION, authorization);
        Ok(request)
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .field("app_id", &self.app_id)
            .field("clock", &self.inner.clock)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`] with non-default parts.
#[derive(Debug)]
pub struct ClientBuilder {
    config: Config,
    clock: Arc<dyn Clock>,
}

impl ClientBuilder {
    /// The clock requests are timestamped from. Default: [`SystemClock`].
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Builds the client and its connection pool.
    pub fn build(self) -> Client {
        let app_id = Arc::from(self.config.app_id());
        let http = transport::build(&self.config);
        Client {
            inner: Arc::new(Inner {
                config: self.config,
                clock: self.clock,
                http,
            }),
            app_id,
        }
    }
}
