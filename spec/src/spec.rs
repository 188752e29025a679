//! The built-in spec: every file under `spec/`, embedded at build time by `build.rs` and read
//! once.

use std::sync::OnceLock;

use crate::callback::CallbackSpec;
use crate::catalog::Catalog;
use crate::endpoint::EndpointSpec;
use crate::error::SpecError;
use crate::parse;
use crate::signing::{CaseFiles, SigningVector};
use crate::status::StatusCodeSpec;

/// Every embedded file: its path under `spec/` and its text.
const FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/files.rs"));

/// The whole spec: endpoints, callbacks, status codes and signing vectors.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    endpoints: Catalog,
    callbacks: Vec<CallbackSpec>,
    status_codes: Vec<StatusCodeSpec>,
    signing: Vec<SigningVector>,
}

impl Spec {
    /// The endpoints.
    pub fn endpoints(&self) -> &Catalog {
        &self.endpoints
    }

    /// The entry for `func/url` and `action`.
    pub fn endpoint(&self, func: &str, url: &str, action: &str) -> Option<&EndpointSpec> {
        self.endpoints.get(func, url, action)
    }

    /// The callbacks (状态回推).
    pub fn callbacks(&self) -> &[CallbackSpec] {
        &self.callbacks
    }

    /// The documented status codes.
    pub fn status_codes(&self) -> &[StatusCodeSpec] {
        &self.status_codes
    }

    /// The golden signing vectors, in name order.
    pub fn signing_vectors(&self) -> &[SigningVector] {
        &self.signing
    }

    /// The signing vector named `name` (its folder under `signing/`).
    pub fn signing_vector(&self, name: &str) -> Option<&SigningVector> {
        self.signing.iter().find(|case| case.name == name)
    }

    fn read(files: &[(&str, &str)]) -> Result<Self, SpecError> {
        let mut spec = Spec {
            endpoints: Catalog::new(),
            callbacks: Vec::new(),
            status_codes: Vec::new(),
            signing: Vec::new(),
        };
        let mut cases: Vec<&str> = Vec::new();
        for &(path, text) in files {
            // Named as in the repository, so an error points at the file to mend.
            let name = format!("spec/{path}");
            match path.split('/').collect::<Vec<_>>().as_slice() {
                ["endpoints", .., file] if file.ends_with(".json") => {
                    spec.endpoints
                        .insert(&name, parse::endpoint(&name, text)?)?;
                }
                ["callbacks", file] if file.ends_with(".json") => {
                    spec.callbacks.push(parse::json(&name, text)?);
                }
                ["status-codes.json"] => spec.status_codes = parse::json(&name, text)?,
                ["signing", case, _] => {
                    if !cases.contains(case) {
                        cases.push(case);
                    }
                }
                _ => {
                    return Err(SpecError::new(
                        name,
                        "not a spec file: expected endpoints/<func>/<name>.json, \
                         callbacks/<name>.json, status-codes.json or signing/<case>/<file>",
                    ));
                }
            }
        }
        for name in cases {
            let prefix = format!("signing/{name}/");
            let file = |file: &str| {
                files
                    .iter()
                    .find(|(path, _)| path.strip_prefix(&prefix) == Some(file))
                    .map(|(_, text)| *text)
            };
            spec.signing
                .push(SigningVector::read(&CaseFiles { name, file: &file })?);
        }
        Ok(spec)
    }
}

/// The spec as this crate was built with it. Read on first use; a file that does not fit the
/// model is an error naming the file and the field (the crate's tests read every file, so a
/// release never carries one).
pub fn builtin() -> Result<&'static Spec, SpecError> {
    static SPEC: OnceLock<Result<Spec, SpecError>> = OnceLock::new();
    SPEC.get_or_init(|| Spec::read(FILES))
        .as_ref()
        .map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_file_is_read() {
        let spec = builtin().unwrap_or_else(|err| panic!("{err}"));
        let endpoint_files = FILES
            .iter()
            .filter(|(path, _)| path.starts_with("endpoints/"))
            .count();
        assert_eq!(spec.endpoints().len(), endpoint_files);
        assert_eq!(spec.callbacks().len(), 5);
        assert!(spec.status_codes().iter().any(|code| code.code == "-205"));
        assert!(spec.signing_vector("doc-meeting-query").is_some());
    }

    #[test]
    fn every_file_on_disk_is_embedded() {
        fn count(dir: &std::path::Path) -> usize {
            std::fs::read_dir(dir)
                .unwrap()
                .map(|entry| entry.unwrap().path())
                .map(|path| if path.is_dir() { count(&path) } else { 1 })
                .sum()
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let on_disk: usize = ["endpoints", "callbacks", "signing"]
            .iter()
            .map(|dir| count(&root.join(dir)))
            .sum::<usize>()
            + 1;
        assert_eq!(FILES.len(), on_disk);
    }

    #[test]
    fn a_duplicate_endpoint_names_both_files() {
        let (_, text) = FILES
            .iter()
            .find(|(path, _)| path.ends_with("meeting-query.json"))
            .unwrap();
        let err = Spec::read(&[
            ("endpoints/call/meeting-query.json", text),
            ("endpoints/call/copy.json", text),
        ])
        .unwrap_err();
        assert_eq!(err.file(), "spec/endpoints/call/copy.json");
        assert!(
            err.message()
                .contains("spec/endpoints/call/meeting-query.json"),
            "{err}"
        );
        assert!(
            err.message().contains("call/MeetingQuery.wx queryMeeting"),
            "{err}"
        );
    }

    #[test]
    fn a_stray_file_is_refused() {
        let err = Spec::read(&[("endpoints/notes.txt", "")]).unwrap_err();
        assert_eq!(err.file(), "spec/endpoints/notes.txt");
    }

    #[test]
    fn a_signing_case_without_a_file_says_which() {
        let err = Spec::read(&[("signing/case/input.json", "{}")]).unwrap_err();
        assert!(err.file().starts_with("spec/signing/case/"), "{err}");
    }
}
