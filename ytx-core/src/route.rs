//! Where a call goes and how it may be retried: for an endpoint type its constants, folded
//! into the code generated for it; for a raw request or an [`Operation`](crate::Operation),
//! values read at run time.

use std::marker::PhantomData;

use ytx_protocol::RawRequest;
use ytx_protocol::{Endpoint, RetryClass};

/// What a call is sent for: an endpoint type, whose route is its constants, or a route read
/// at run time (a [`RawRequest`]'s, an `Operation`'s).
pub(crate) trait Target {
    fn route(&self) -> Route<'_>;

    /// Whether the body carries its own `appid`, so the client's may be empty.
    fn names_its_app(&self) -> bool {
        false
    }
}

/// An endpoint type as a [`Target`].
pub(crate) struct Typed<E>(pub(crate) PhantomData<E>);

impl<E: Endpoint> Target for Typed<E> {
    #[inline]
    fn route(&self) -> Route<'_> {
        Route::of::<E>()
    }
}

impl Target for RawRequest {
    fn route(&self) -> Route<'_> {
        Route {
            name: "RawRequest",
            func: self.func(),
            url: self.url(),
            action: self.action(),
            version: self.version_segment(),
            retry: self.retry_class(),
        }
    }

    fn names_its_app(&self) -> bool {
        self.body_fields().contains_key("appid")
    }
}

impl Target for Route<'_> {
    fn route(&self) -> Route<'_> {
        *self
    }
}

/// Where a call goes and how it may be retried.
#[derive(Clone, Copy)]
pub(crate) struct Route<'a> {
    /// The struct's name, or `RawRequest`.
    pub(crate) name: &'static str,
    pub(crate) func: &'a str,
    pub(crate) url: &'a str,
    pub(crate) action: &'a str,
    pub(crate) version: &'a str,
    pub(crate) retry: RetryClass,
}

impl Route<'static> {
    pub(crate) fn of<E: Endpoint>() -> Self {
        Self {
            name: E::NAME,
            func: E::FUNC,
            url: E::URL,
            action: E::ACTION,
            version: E::VERSION,
            retry: E::RETRY,
        }
    }
}
