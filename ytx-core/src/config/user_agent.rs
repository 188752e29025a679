//! The `User-Agent` header: the SDK's name and version, then the application's product
//! token.

use http::HeaderValue;

use super::USER_AGENT;
use crate::error::ConfigError;

/// `ytx-rs/<version>`, then `product` if it is one or more `name[/version]` tokens.
pub(super) fn header(product: Option<&str>) -> Result<HeaderValue, ConfigError> {
    let Some(product) = product.map(str::trim).filter(|p| !p.is_empty()) else {
        return Ok(HeaderValue::from_static(USER_AGENT));
    };
    // RFC 9110's `token` characters.
    let tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    let valid = product.split(' ').all(|item| {
        let mut parts = item.splitn(2, '/');
        let name = parts.next().unwrap_or("");
        !name.is_empty()
            && name.bytes().all(tchar)
            && parts
                .next()
                .is_none_or(|version| !version.is_empty() && version.bytes().all(tchar))
    });
    if !valid {
        return Err(ConfigError::Invalid {
            field: "user_agent_product",
            reason: format!(
                "expected `name/version` tokens separated by spaces, such as `billing/1.4`, \
                 got `{product}`"
            ),
        });
    }
    HeaderValue::try_from(format!("{USER_AGENT} {product}")).map_err(|_| ConfigError::Invalid {
        field: "user_agent_product",
        reason: "not a valid header value".into(),
    })
}
