//! The endpoints the emulator serves, read from `spec/endpoints/` (embedded at build time),
//! so it validates exactly what the spec says: version, action, required fields, phones.

use std::sync::OnceLock;

use serde_json::Value;

/// The spec files, one per endpoint.
const SPEC: &[&str] = &[
    include_str!("../../spec/endpoints/call/dailback-call.json"),
    include_str!("../../spec/endpoints/call/code-call-out.json"),
    include_str!("../../spec/endpoints/call/notice-call.json"),
    include_str!("../../spec/endpoints/call/cdr-by-res-id.json"),
    include_str!("../../spec/endpoints/call/cdr-by-time.json"),
    include_str!("../../spec/endpoints/call/create-meeting.json"),
    include_str!("../../spec/endpoints/call/meeting-query.json"),
    include_str!("../../spec/endpoints/sms/template-sms.json"),
    include_str!("../../spec/endpoints/traffic/flow-order.json"),
    include_str!("../../spec/endpoints/traffic/traffic-result.json"),
    include_str!("../../spec/endpoints/account/query-balance.json"),
];

/// How a phone field is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PhoneFormat {
    /// One number.
    One,
    /// Comma-separated numbers.
    List,
}

/// One endpoint as the emulator needs it.
#[derive(Debug)]
pub(crate) struct EndpointSpec {
    pub(crate) func: String,
    pub(crate) url: String,
    pub(crate) action: String,
    pub(crate) version: String,
    pub(crate) required: Vec<String>,
    pub(crate) phones: Vec<(String, PhoneFormat)>,
}

/// Every endpoint in the spec.
pub(crate) fn endpoints() -> &'static [EndpointSpec] {
    static CATALOG: OnceLock<Vec<EndpointSpec>> = OnceLock::new();
    CATALOG.get_or_init(|| SPEC.iter().filter_map(|text| parse(text)).collect())
}

/// The endpoints at `func/url` (several actions can share a url).
pub(crate) fn at(func: &str, url: &str) -> impl Iterator<Item = &'static EndpointSpec> {
    let (func, url) = (func.to_owned(), url.to_owned());
    endpoints()
        .iter()
        .filter(move |spec| spec.func == func && spec.url == url)
}

fn parse(text: &str) -> Option<EndpointSpec> {
    let spec: Value = serde_json::from_str(text).ok()?;
    let string = |key: &str| spec[key].as_str().map(str::to_owned);
    let fields = spec["request"].as_array()?;
    let required = fields
        .iter()
        .filter(|field| field["required"] == true)
        .filter_map(|field| field["wire"].as_str().map(str::to_owned))
        .collect();
    let phones = fields
        .iter()
        .filter_map(|field| {
            let format = match field["format"].as_str()? {
                "phone" => PhoneFormat::One,
                "phone-list" => PhoneFormat::List,
                _ => return None,
            };
            Some((field["wire"].as_str()?.to_owned(), format))
        })
        .collect();
    Some(EndpointSpec {
        func: string("func")?,
        url: string("url")?,
        action: string("action")?,
        version: string("version")?,
        required,
        phones,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spec_file_parses() {
        assert_eq!(endpoints().len(), SPEC.len());
    }

    #[test]
    fn every_spec_file_is_embedded() {
        fn count(dir: &std::path::Path) -> usize {
            std::fs::read_dir(dir)
                .unwrap()
                .map(|entry| entry.unwrap().path())
                .map(|path| {
                    if path.is_dir() {
                        count(&path)
                    } else {
                        usize::from(path.extension().is_some_and(|e| e == "json"))
                    }
                })
                .sum()
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/endpoints");
        assert_eq!(count(&dir), SPEC.len(), "add the new spec file to SPEC");
    }

    #[test]
    fn shared_urls_hold_several_actions() {
        let actions: Vec<&str> = at("call", "CallCdr.wx")
            .map(|s| s.action.as_str())
            .collect();
        assert_eq!(actions, ["getCdrByResId", "getCdrByTime"]);
    }

    #[test]
    fn required_fields_and_phones_come_from_the_spec() {
        let call = at("call", "DailbackCall.wx").next().unwrap();
        assert_eq!(call.required, ["src", "dst"]);
        assert_eq!(call.phones.len(), 2);
        let sms = at("sms", "TemplateSMS.wx").next().unwrap();
        assert_eq!(sms.phones, [("mobile".to_owned(), PhoneFormat::List)]);
    }
}
