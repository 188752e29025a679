//! Endpoints as values: list them, describe them, and call one from a wire JSON object.
//!
//! The CLI and the conformance checks work from these; applications use the typed structs.
//! Every `#[ytx_endpoint]` registers its operation, and [`registered`](crate::registered)
//! lists them all.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use ytx_protocol::{
    Endpoint, FieldInfo, RawJson, ReconciliationKey, RetryClass, encode_body, wire::WireError,
};

use crate::client::Client;
use crate::decode::decode;
use crate::error::Error;
use crate::route::Route;

type Encode = fn(&Map<String, Value>, &str) -> Result<Vec<u8>, OperationError>;
type Describe = fn(&Map<String, Value>) -> Result<String, WireError>;
type Decode = fn(Bytes) -> Result<Value, Error>;
type Verbatim = fn(Bytes) -> Result<RawJson, Error>;
type RequestId = fn(Bytes) -> Result<Option<String>, Error>;

/// The future [`Operation::call`] and [`Operation::call_verbatim`] return.
pub type Call<'a, R> = Pin<Box<dyn Future<Output = Result<R, OperationError>> + Send + 'a>>;

/// Why a call through an [`Operation`] failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum OperationError {
    /// The wire object is not a valid request. Nothing was sent.
    Wire(WireError),
    /// The call itself failed.
    Call(Error),
}

/// Prints what it wraps, and returns that error's own source.
impl fmt::Display for OperationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Wire(err) => err.fmt(f),
            Self::Call(err) => err.fmt(f),
        }
    }
}

impl std::error::Error for OperationError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Wire(err) => err.source(),
            Self::Call(err) => err.source(),
        }
    }
}

/// One endpoint, type-erased.
#[derive(Clone, Copy)]
pub struct Operation {
    name: &'static str,
    path: &'static str,
    func: &'static str,
    url: &'static str,
    action: &'static str,
    version: &'static str,
    retry: RetryClass,
    fields: &'static [FieldInfo],
    /// A side effect with an optional `customParm`.
    keyed: bool,
    encode: Encode,
    debug: Describe,
    decode: Decode,
    verbatim: Verbatim,
    request_id: RequestId,
}

impl Operation {
    /// The operation of endpoint `E`. Only reading, encoding and decoding are made per
    /// endpoint (and decoding per response type); sending is the client's run-time path,
    /// compiled once, which keeps the cost of each registered endpoint small.
    pub const fn of<E>() -> Self
    where
        E: Endpoint + 'static,
        E::Response: Serialize,
    {
        Self {
            name: E::NAME,
            path: E::PATH,
            func: E::FUNC,
            url: E::URL,
            action: E::ACTION,
            version: E::VERSION,
            retry: E::RETRY,
            fields: E::FIELDS,
            keyed: matches!(E::RETRY, RetryClass::SideEffect) && E::HAS_CUSTOM_PARM,
            encode: |fields, app_id| {
                let request = E::from_wire(fields).map_err(OperationError::Wire)?;
                encode_body(&request, app_id).map_err(|err| OperationError::Call(err.into()))
            },
            debug: |fields| E::from_wire(fields).map(|request| format!("{request:?}")),
            decode: decode_value::<E::Response>,
            verbatim: decode_verbatim::<E::Response>,
            request_id: decode_request_id::<E::Response>,
        }
    }

    /// The struct's name, e.g. `MeetingQuery`.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The struct's path, e.g. `ytx_call::meeting_query::MeetingQuery`.
    pub fn path(&self) -> &'static str {
        self.path
    }

    /// The family, which is the func: `call`, `sms`, `traffic`, `account`.
    pub fn family(&self) -> &'static str {
        self.func
    }

    /// The url path segment, e.g. `MeetingQuery.wx`.
    pub fn url(&self) -> &'static str {
        self.url
    }

    /// The body's `action`.
    pub fn action(&self) -> &'static str {
        self.action
    }

    /// The version path segment.
    pub fn version(&self) -> &'static str {
        self.version
    }

    /// The retry class.
    pub fn retry(&self) -> RetryClass {
        self.retry
    }

    /// The request fields.
    pub fn fields(&self) -> &'static [FieldInfo] {
        self.fields
    }

    /// Whether a request of this endpoint sent without a `customParm` gets a generated
    /// [`ReconciliationKey`]: a side effect with an optional `customParm`.
    pub fn takes_key(&self) -> bool {
        self.keyed
    }

    /// Puts a generated [`ReconciliationKey`] in `fields` (wire names) as `customParm`, and
    /// returns it, when this endpoint takes one, `client` generates them, and `fields` has
    /// no `customParm` of its own. [`call`](Operation::call) does it by itself; call it
    /// first to know the key, or to keep it with what you send (a batch journals it).
    pub fn add_key(
        &self,
        client: &Client,
        fields: &mut Map<String, Value>,
    ) -> Option<ReconciliationKey> {
        let own = fields
            .get("customParm")
            .is_some_and(|value| !value.is_null());
        if !self.keyed || !client.config().reconciliation_keys() || own {
            return None;
        }
        let key = crate::key::new_reconciliation_key();
        fields.insert("customParm".to_owned(), Value::from(key.as_str()));
        Some(key)
    }

    /// The CLI subcommand: the name in kebab-case (`MeetingQuery` → `meeting-query`).
    pub fn subcommand(&self) -> String {
        kebab_case(self.name)
    }

    /// `{family, subcommand, func, url, action, version, retry, reconciliation_key,
    /// fields:[{wire, type, required, as_string, comma_joined, secret, doc}]}`.
    pub fn describe(&self) -> Value {
        let fields: Vec<Value> = self
            .fields
            .iter()
            .map(|field| {
                json!({
                    "wire": field.wire,
                    "type": field.value_type(),
                    "required": field.required,
                    "as_string": field.as_string,
                    "comma_joined": field.comma_joined,
                    "secret": field.secret,
                    "doc": field.doc,
                })
            })
            .collect();
        json!({
            "family": self.func,
            "subcommand": format!("{} {}", self.func, self.subcommand()),
            "name": self.name,
            "func": self.func,
            "url": self.url,
            "action": self.action,
            "version": self.version,
            "retry": self.retry.as_str(),
            "reconciliation_key": self.keyed,
            "fields": fields,
        })
    }

    /// Whether `fields` (wire names) make a valid request, without sending anything.
    pub fn check(&self, fields: &Map<String, Value>) -> Result<(), WireError> {
        // Reading the fields is encoding's first step; one function per endpoint does both.
        match (self.encode)(fields, "") {
            Err(OperationError::Wire(err)) => Err(err),
            _ => Ok(()),
        }
    }

    /// The `Debug` of the request `fields` (wire names) make, as its struct prints it: its
    /// `#[ytx(secret)]` fields masked.
    pub fn debug_request(&self, fields: &Map<String, Value>) -> Result<String, WireError> {
        (self.debug)(fields)
    }

    /// The request body `fields` (wire names) make, as it would be sent with `app_id`.
    pub fn encode(
        &self,
        fields: &Map<String, Value>,
        app_id: &str,
    ) -> Result<Vec<u8>, OperationError> {
        (self.encode)(fields, app_id)
    }

    /// Decodes an answer's body with the endpoint's response type, back to JSON.
    pub fn decode(&self, body: Bytes) -> Result<Value, Error> {
        (self.decode)(body)
    }

    /// Builds the request from `fields` (wire names), sends it, and returns the answer as
    /// JSON. A side effect sent without a `customParm` gets a generated key
    /// ([`add_key`](Operation::add_key)).
    pub fn call<'a>(&self, client: &'a Client, fields: Map<String, Value>) -> Call<'a, Value> {
        self.send(client, fields, self.decode)
    }

    /// As [`call`](Operation::call), but the answer is returned exactly as the platform sent
    /// it (keys in its order, numbers with every digit), once the endpoint's response type
    /// has accepted it: what `ytx` prints.
    pub fn call_verbatim<'a>(
        &self,
        client: &'a Client,
        fields: Map<String, Value>,
    ) -> Call<'a, RawJson> {
        self.send(client, fields, self.verbatim)
    }

    /// Sends a body made by [`encode`](Operation::encode) (with `client`'s app id) and
    /// returns the answer's `requestId`, once the endpoint's response type has accepted the
    /// answer: for callers that check a request once and keep what they send, such as a
    /// batch that journals each row before it goes and its `requestId` after. The answer is
    /// not built again as JSON.
    pub fn call_encoded<'a>(&self, client: &'a Client, body: Vec<u8>) -> Call<'a, Option<String>> {
        let operation = *self;
        Box::pin(async move {
            client
                .send_dynamic(operation.route(), body, operation.request_id)
                .await
                .map_err(OperationError::Call)
        })
    }

    fn send<'a, R: Send + 'a>(
        &self,
        client: &'a Client,
        mut fields: Map<String, Value>,
        decode: fn(Bytes) -> Result<R, Error>,
    ) -> Call<'a, R> {
        let operation = *self;
        operation.add_key(client, &mut fields);
        Box::pin(async move {
            // A wire error is told apart, and nothing is sent.
            let body = operation.encode(&fields, client.app_id())?;
            client
                .send_dynamic(operation.route(), body, decode)
                .await
                .map_err(OperationError::Call)
        })
    }

    fn route(&self) -> Route<'static> {
        Route {
            name: self.name,
            func: self.func,
            url: self.url,
            action: self.action,
            version: self.version,
            retry: self.retry,
        }
    }
}

impl fmt::Debug for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Operation")
            .field("name", &self.name)
            .field("func", &self.func)
            .field("url", &self.url)
            .field("action", &self.action)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

/// Decodes an answer with the endpoint's response type, back to JSON.
fn decode_value<R: DeserializeOwned + Serialize>(body: Bytes) -> Result<Value, Error> {
    let response: R = decode(body)?;
    // Response types are plain data; serializing them to a `Value` cannot fail.
    Ok(serde_json::to_value(&response).unwrap_or(Value::Null))
}

/// Decodes an answer with the endpoint's response type, and returns its `requestId`.
fn decode_request_id<R: DeserializeOwned>(body: Bytes) -> Result<Option<String>, Error> {
    let _: R = decode(body.clone())?;
    Ok(ytx_protocol::request_id(&body))
}

/// Decodes an answer with the endpoint's response type, and returns it as it was sent.
fn decode_verbatim<R: DeserializeOwned>(body: Bytes) -> Result<RawJson, Error> {
    let _: R = decode(body.clone())?;
    decode(body)
}

fn kebab_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.char_indices() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::kebab_case;

    #[test]
    fn subcommands_are_kebab_case() {
        assert_eq!(kebab_case("MeetingQuery"), "meeting-query");
        assert_eq!(kebab_case("DailbackCall"), "dailback-call");
        assert_eq!(kebab_case("TemplateSms"), "template-sms");
    }
}
