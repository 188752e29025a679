//! `signing/<case>/`: a golden signing vector, every intermediate string in its own file, so
//! a failure names the step.

use serde::Deserialize;

use crate::error::SpecError;
use crate::parse;

/// One signing case.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SigningVector {
    /// The folder's name, e.g. `leading-zero-digest`.
    pub name: String,
    /// `input.json`.
    pub input: SigningInput,
    /// `sign-plain.txt`: accountSID + authToken + timestamp.
    pub sign_plain: String,
    /// `sign.txt`: the MD5 of the plain text, 32 hex digits.
    pub sign: String,
    /// `authorization-plain.txt`: accountSID + `|` + timestamp.
    pub authorization_plain: String,
    /// `authorization.txt`: the base64 of the plain text.
    pub authorization: String,
    /// `url.txt`: the request's path and query.
    pub url: String,
}

/// `input.json` of a signing case.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SigningInput {
    /// The account id.
    pub account_sid: String,
    /// The auth token (made up).
    pub auth_token: String,
    /// The instant, RFC 3339 in UTC.
    pub utc_instant: String,
    /// The instant in Beijing time, `yyyyMMddHHmmss`.
    pub timestamp: String,
    /// The version path segment.
    pub version: String,
    /// The func path segment.
    pub func: String,
    /// The url path segment.
    pub url: String,
}

/// The files of one case, each named by its path under `signing/`.
pub(crate) struct CaseFiles<'a> {
    pub(crate) name: &'a str,
    pub(crate) file: &'a dyn Fn(&str) -> Option<&'a str>,
}

impl SigningVector {
    pub(crate) fn read(case: &CaseFiles<'_>) -> Result<Self, SpecError> {
        let path = |file: &str| format!("spec/signing/{}/{file}", case.name);
        let text = |file: &str| {
            (case.file)(file)
                .map(|text| text.trim_end_matches(['\n', '\r']).to_owned())
                .ok_or_else(|| SpecError::missing_file(path(file)))
        };
        let input_path = path("input.json");
        let input = parse::json(&input_path, &text("input.json")?)?;
        Ok(Self {
            name: case.name.to_owned(),
            input,
            sign_plain: text("sign-plain.txt")?,
            sign: text("sign.txt")?,
            authorization_plain: text("authorization-plain.txt")?,
            authorization: text("authorization.txt")?,
            url: text("url.txt")?,
        })
    }
}
