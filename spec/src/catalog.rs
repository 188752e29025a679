//! A set of endpoint entries, no two with the same func, url and action, each remembered
//! with the file it came from.

use std::path::Path;

use crate::endpoint::EndpointSpec;
use crate::error::SpecError;
use crate::parse;

/// Endpoint entries keyed by func, url and action, in the order they were added.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    entries: Vec<(String, EndpointSpec)>,
}

impl Catalog {
    /// An empty catalog.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `spec`, read from `file`. An entry with the same func, url and action is an error
    /// naming both files.
    pub fn insert(&mut self, file: impl Into<String>, spec: EndpointSpec) -> Result<(), SpecError> {
        let file = file.into();
        if let Some((first, _)) = self.entries.iter().find(|(_, known)| {
            known.func == spec.func && known.url == spec.url && known.action == spec.action
        }) {
            return Err(SpecError::new(
                file,
                format!(
                    "`{}` is already declared by {first}: each func, url and action has one entry",
                    spec.key()
                ),
            )
            .at_field("action"));
        }
        self.entries.push((file, spec));
        Ok(())
    }

    /// Reads one endpoint file and adds it.
    pub fn load_file(&mut self, path: impl AsRef<Path>) -> Result<&EndpointSpec, SpecError> {
        let path = path.as_ref();
        let spec = endpoint_file(path)?;
        self.insert(path.display().to_string(), spec)?;
        Ok(&self.entries[self.entries.len() - 1].1)
    }

    /// Reads every `.json` file at or below `dir` (in name order) and adds each; returns how
    /// many were added. Nothing is added unless every file is good; the error then has every
    /// problem of every file ([`SpecError::problems`]).
    pub fn load_dir(&mut self, dir: impl AsRef<Path>) -> Result<usize, SpecError> {
        let dir = dir.as_ref();
        let mut files = Vec::new();
        json_files(dir, &mut files)?;
        if files.is_empty() {
            return Err(SpecError::new(
                dir.display().to_string(),
                "no endpoint files (`*.json`) in this directory",
            ));
        }
        let mut added = self.clone();
        let mut problems = Vec::new();
        for file in &files {
            if let Err(err) = added.load_file(file) {
                problems.push(err);
            }
        }
        match SpecError::all(problems) {
            Some(err) => Err(err),
            None => {
                *self = added;
                Ok(files.len())
            }
        }
    }

    /// Every entry, in the order added.
    pub fn iter(&self) -> impl Iterator<Item = &EndpointSpec> {
        self.entries.iter().map(|(_, spec)| spec)
    }

    /// Every entry with the file it came from.
    pub fn files(&self) -> impl Iterator<Item = (&str, &EndpointSpec)> {
        self.entries
            .iter()
            .map(|(file, spec)| (file.as_str(), spec))
    }

    /// The entry for `func/url` and `action`.
    pub fn get(&self, func: &str, url: &str, action: &str) -> Option<&EndpointSpec> {
        self.iter()
            .find(|spec| spec.func == func && spec.url == url && spec.action == action)
    }

    /// The entries at `func/url` (several actions can share a url, as `CallCdr.wx` does).
    pub fn at<'a>(&'a self, func: &str, url: &str) -> impl Iterator<Item = &'a EndpointSpec> {
        self.iter()
            .filter(move |spec| spec.func == func && spec.url == url)
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds every entry of `other`; a clash is an error naming both files.
    pub fn extend(&mut self, other: Catalog) -> Result<(), SpecError> {
        for (file, spec) in other.entries {
            self.insert(file, spec)?;
        }
        Ok(())
    }
}

/// Reads an endpoint file's `text`, named `file` in errors.
///
/// Every problem in the file is reported at once ([`SpecError::problems`]), each with its
/// field and line.
pub fn endpoint_text(file: &str, text: &str) -> Result<EndpointSpec, SpecError> {
    parse::endpoint(file, text)
}

/// Reads one endpoint file (the format of `spec/endpoints/`).
pub fn endpoint_file(path: impl AsRef<Path>) -> Result<EndpointSpec, SpecError> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|err| SpecError::new(name.clone(), format!("cannot read it: {err}")))?;
    parse::endpoint(&name, &text)
}

fn json_files(dir: &Path, found: &mut Vec<std::path::PathBuf>) -> Result<(), SpecError> {
    let unreadable = |err: std::io::Error| {
        SpecError::new(dir.display().to_string(), format!("cannot read it: {err}"))
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(unreadable)?
        .map(|entry| entry.map(|entry| entry.path()))
        .collect::<Result<_, _>>()
        .map_err(unreadable)?;
    paths.sort();
    for path in paths {
        if path.is_dir() {
            json_files(&path, found)?;
        } else if path.extension().is_some_and(|ext| ext == "json") {
            found.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_with_bad_files_adds_nothing_and_names_every_problem() {
        let dir = std::env::temp_dir().join(format!("ytx-spec-catalog-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let good = r#"{"func": "call", "url": "A.wx", "action": "a", "version": "201612",
            "retry": "safe", "request": []}"#;
        std::fs::write(dir.join("a.json"), good).unwrap();
        std::fs::write(dir.join("b.json"), good.replace("\"safe\"", "\"never\"")).unwrap();
        std::fs::write(dir.join("c.json"), good.replace("\"A.wx\"", "1")).unwrap();
        let mut catalog = Catalog::new();
        let err = catalog.load_dir(&dir).unwrap_err();
        let files: Vec<&str> = err.problems().map(SpecError::file).collect();
        assert_eq!(files.len(), 2, "{err}");
        assert!(
            files[0].ends_with("b.json") && files[1].ends_with("c.json"),
            "{err}"
        );
        assert!(
            catalog.is_empty(),
            "nothing is added unless every file is good"
        );
        std::fs::remove_file(dir.join("b.json")).unwrap();
        std::fs::remove_file(dir.join("c.json")).unwrap();
        assert_eq!(catalog.load_dir(&dir).unwrap(), 1);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
