//! Call records (话单): the answer of `CallCdr.wx` and the body of the two-way call and
//! voice-notice record callbacks.

use std::fmt;

use serde::de::Deserializer;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::{Yuan, lenient};

/// `{"cdr":[…]}`: call records, as answered by `CallCdr.wx` and pushed to callbacks.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CallRecords {
    /// `cdr`: the records.
    #[serde(default)]
    pub cdr: Vec<CallRecord>,
    /// Every other field the platform sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One call record (话单). Fields the platform leaves empty are `None`; numbers are read
/// from numbers or strings. Two-way calls fill `caller`…`calledetime`; voice-notice records
/// fill `tel`, `stime` and `etime` instead.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CallRecord {
    /// `requestid`: the `requestId` of the call's request (note the lower-case `id`).
    #[serde(
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub requestid: Option<String>,
    /// `appid`: the application.
    #[serde(
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub appid: Option<String>,
    /// `fid`: the product, `"4"` for a two-way call.
    #[serde(
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub fid: Option<String>,
    /// `caller`: the first leg's number.
    #[serde(
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub caller: Option<String>,
    /// `called`: the second leg's number.
    #[serde(
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub called: Option<String>,
    /// `callerstime`: first leg start, `yyyy-MM-dd HH:mm:ss` Beijing time.
    #[serde(
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub callerstime: Option<String>,
    /// `calleretime`: first leg end.
    #[serde(
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub calleretime: Option<String>,
    /// `calledstime`: second leg start; `None` when the second leg never answered.
    #[serde(
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub calledstime: Option<String>,
    /// `calledetime`: second leg end.
    #[serde(
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub calledetime: Option<String>,
    /// `tel`: the callee of a voice notice.
    #[serde(
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub tel: Option<String>,
    /// `stime`: a voice notice's start.
    #[serde(
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub stime: Option<String>,
    /// `etime`: a voice notice's end.
    #[serde(
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub etime: Option<String>,
    /// `tapesurl`: the recording, or [`Recording::NoTapes`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tapesurl: Option<Recording>,
    /// `duration`: talk time in seconds.
    #[serde(
        default,
        deserialize_with = "lenient::opt_u64",
        skip_serializing_if = "Option::is_none"
    )]
    pub duration: Option<u64>,
    /// `oriamount`: the charge, in yuan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oriamount: Option<Yuan>,
    /// `customParm`: the request's `customParm`, echoed.
    #[serde(
        rename = "customParm",
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub custom_parm: Option<String>,
    /// `stateDesc`: the outcome, e.g. `应答|正常` (answered, normal), `关机`, `空号`.
    #[serde(
        rename = "stateDesc",
        default,
        deserialize_with = "lenient::opt_nonempty_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub state_desc: Option<String>,
    /// Every other field the platform sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `tapesurl`: a recording's URL, or the platform's literal `NoTapes`.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Recording {
    /// `NoTapes`: the call was not recorded.
    NoTapes,
    /// Where the recording is.
    Url(String),
}

impl Recording {
    /// The recording's URL, if there is one.
    pub fn url(&self) -> Option<&str> {
        match self {
            Self::NoTapes => None,
            Self::Url(url) => Some(url),
        }
    }
}

impl fmt::Debug for Recording {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoTapes => f.write_str("NoTapes"),
            Self::Url(url) => write!(f, "Url({url})"),
        }
    }
}

impl Serialize for Recording {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.url().unwrap_or("NoTapes"))
    }
}

impl<'de> Deserialize<'de> for Recording {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(if text == "NoTapes" {
            Self::NoTapes
        } else {
            Self::Url(text)
        })
    }
}
