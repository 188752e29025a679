//! [`decode`]: a 2xx body into the endpoint's response, with the runtime's [`Error`].

use bytes::Bytes;
use serde::de::DeserializeOwned;

use crate::error::Error;

/// Decodes a 2xx body: [`ytx_protocol::decode`], its refusals as [`Error::Api`] and
/// [`Error::Decode`].
#[inline]
pub fn decode<R: DeserializeOwned>(body: Bytes) -> Result<R, Error> {
    ytx_protocol::decode(body).map_err(Error::from)
}
