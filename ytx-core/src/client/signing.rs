//! The signed request: the path with its `Sign`, and the headers, `Authorization` among
//! them, from one timestamp.

use bytes::Bytes;
use http::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, HOST, HeaderValue, PROXY_AUTHORIZATION, USER_AGENT,
};
use http::uri::PathAndQuery;
use http::{Method, Request, Uri};
use http_body_util::Full;
use std::marker::PhantomData;
use ytx_protocol::sign::{self, Timestamp};
use ytx_protocol::{EncodeError, Endpoint, encode_body};

use super::Client;
use crate::error::Error;
use crate::route::{Target, Typed};

const ACCEPT_VALUE: HeaderValue = HeaderValue::from_static("application/json;");
const CONTENT_TYPE_VALUE: HeaderValue = HeaderValue::from_static("application/json;charset=utf-8;");

impl Client {
    /// The signed request `send` would send now, without sending it. For benchmarks of the
    /// per-call work; not a public API (the request carries the Sign and Authorization).
    #[doc(hidden)]
    pub fn __prepare<E: Endpoint>(&self, request: &E) -> Result<Request<Full<Bytes>>, Error> {
        let body = Bytes::from(encode_body(request, &self.app_id)?);
        let timestamp =
            Timestamp::from_utc(self.inner.clock.now()).map_err(EncodeError::Timestamp)?;
        Ok(self
            .signed(&Typed::<E>(PhantomData), body, &timestamp)?
            .map(Full::new))
    }

    /// Builds the signed request: one timestamp for both `Sign` and `Authorization`.
    pub(super) fn signed<T: Target>(
        &self,
        target: &T,
        body: Bytes,
        timestamp: &Timestamp,
    ) -> Result<Request<Bytes>, Error> {
        let route = target.route();
        let config = &self.inner.config;
        let sid = config.account_sid();
        let sign = sign::sign(sid, config.auth_token(), timestamp);

        let base = config.base_url();
        let invalid = || EncodeError::invalid_path(route.func, route.url);
        let forward = self.inner.forward.as_ref();
        let uri = match forward {
            // Origin form (`/201612/sid/…?Sign=…`), as HTTP/1.1 sends it to the platform; the
            // host goes in `Host`.
            None => {
                let mut path = String::from(base.prefix());
                sign::write_request_path(
                    &mut path,
                    route.version,
                    sid,
                    route.func,
                    route.url,
                    &sign,
                );
                Uri::from(PathAndQuery::from_maybe_shared(path).map_err(|_| invalid())?)
            }
            // Absolute form (`http://api.ytx.net/201612/…`), as a forward proxy takes it.
            Some(forward) => {
                let mut url = forward.origin.clone();
                url.push_str(base.prefix());
                sign::write_request_path(
                    &mut url,
                    route.version,
                    sid,
                    route.func,
                    route.url,
                    &sign,
                );
                Uri::try_from(url).map_err(|_| invalid())?
            }
        };

        // Base64 text is always a valid header value; the error arm only keeps this panic-free.
        let authorization = authorization_header(sid, timestamp)
            .ok_or_else(|| EncodeError::json("Authorization", "not a valid header value"))?;
        let mut request = Request::new(body);
        *request.method_mut() = Method::POST;
        *request.uri_mut() = uri;
        let headers = request.headers_mut();
        headers.insert(ACCEPT, ACCEPT_VALUE);
        headers.insert(CONTENT_TYPE, CONTENT_TYPE_VALUE);
        headers.insert(AUTHORIZATION, authorization);
        headers.insert(HOST, self.inner.host.clone());
        headers.insert(USER_AGENT, self.inner.user_agent.clone());
        if let Some(authorization) = forward.and_then(|forward| forward.authorization.clone()) {
            headers.insert(PROXY_AUTHORIZATION, authorization);
        }
        Ok(request)
    }
}

/// The `Authorization` header, marked sensitive, built without intermediate strings. The
/// configuration keeps the account id short enough for that.
fn authorization_header(account_sid: &str, timestamp: &Timestamp) -> Option<HeaderValue> {
    sign::with_authorization(account_sid, timestamp, |text| {
        let mut header = HeaderValue::from_bytes(text).ok()?;
        header.set_sensitive(true);
        Some(header)
    })
    .flatten()
}
