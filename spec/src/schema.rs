//! The endpoint files' JSON Schema, and the check a file is held to before it is read: every
//! way the file differs from the schema at once, each with the path where it is.
//!
//! The check reads the subset of JSON Schema that schemars makes of the file model: `type`,
//! `properties`, `required`, `additionalProperties`, `items`, `$ref` into `$defs`, `anyOf`,
//! `oneOf` and `const`. A test holds the embedded schema to the model.

use std::sync::OnceLock;

use serde_json::{Map, Value};

use crate::locate::Segment;

/// The JSON Schema of an endpoint file (`spec/schema/endpoint.json`), made from
/// [`EndpointSpec`](crate::EndpointSpec) with schemars. Endpoint files name it with
/// `"$schema"`; an editor then completes and checks them.
pub const ENDPOINT_SCHEMA: &str = include_str!("../schema/endpoint.json");

/// A place in a file that breaks the schema, and how.
pub(crate) struct Violation {
    /// Where: the value's path, or for a missing key the object's path and the key.
    pub(crate) path: Vec<Segment>,
    /// Whether the key at the end of `path` is absent (so its object is what to point at).
    pub(crate) missing: bool,
    pub(crate) message: String,
}

fn endpoint_schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        // A test reads the same text; an unreadable one cannot be released.
        serde_json::from_str(ENDPOINT_SCHEMA).unwrap_or(Value::Bool(true))
    })
}

/// Every way `file` breaks the endpoint schema, in file order.
pub(crate) fn check_endpoint(file: &Value) -> Vec<Violation> {
    check_against(endpoint_schema(), file)
}

/// Every way `value` breaks the schema `root`.
fn check_against(root: &Value, file: &Value) -> Vec<Violation> {
    let mut check = Check {
        root,
        path: Vec::new(),
        found: Vec::new(),
    };
    check.value(root, file);
    check.found
}

struct Check<'s> {
    root: &'s Value,
    path: Vec<Segment>,
    found: Vec<Violation>,
}

impl<'s> Check<'s> {
    fn report(&mut self, message: String) {
        self.found.push(Violation {
            path: self.path.clone(),
            missing: false,
            message,
        });
    }

    /// The schema `$ref` names, or `schema` itself.
    fn resolve(&self, schema: &'s Value) -> &'s Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => reference
                .strip_prefix("#/$defs/")
                .and_then(|name| self.root.get("$defs")?.get(name))
                .unwrap_or(&Value::Bool(true)),
            None => schema,
        }
    }

    fn value(&mut self, schema: &'s Value, value: &Value) {
        let schema = self.resolve(schema);
        let Value::Object(rules) = schema else {
            if schema == &Value::Bool(false) {
                self.report("no value is allowed here".into());
            }
            return;
        };
        if let Some(kinds) = rules.get("type")
            && !type_matches(kinds, value)
        {
            self.report(format!(
                "expected {}, found {}",
                expected(kinds),
                found(value)
            ));
            return;
        }
        if let Some(allowed) = rules.get("const")
            && allowed != value
        {
            self.report(format!("expected {allowed}, found {value}"));
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(Value::Array(branches)) = rules.get(key) {
                self.branches(branches, value);
            }
        }
        match value {
            Value::Object(members) => self.object(rules, members),
            Value::Array(items) => {
                if let Some(item) = rules.get("items") {
                    for (index, value) in items.iter().enumerate() {
                        self.path.push(Segment::Index(index));
                        self.value(item, value);
                        self.path.pop();
                    }
                }
            }
            _ => {}
        }
    }

    /// One of `branches` must hold. Constants are named together; otherwise the branch that
    /// fits best says what is wrong.
    fn branches(&mut self, branches: &'s [Value], value: &Value) {
        let mut best: Option<Vec<Violation>> = None;
        for branch in branches {
            let mut trial = Check {
                root: self.root,
                path: self.path.clone(),
                found: Vec::new(),
            };
            trial.value(branch, value);
            if trial.found.is_empty() {
                return;
            }
            if best
                .as_ref()
                .is_none_or(|best| trial.found.len() < best.len())
            {
                best = Some(trial.found);
            }
        }
        let constants: Vec<String> = branches
            .iter()
            .flat_map(|branch| self.constants(branch))
            .collect();
        if !constants.is_empty() && !matches!(value, Value::Object(_) | Value::Array(_)) {
            self.report(format!("{value} is not one of {}", constants.join(", ")));
        } else {
            self.found.extend(best.unwrap_or_default());
        }
    }

    /// The constants a branch allows (`null` for a `type: null` branch).
    fn constants(&self, branch: &'s Value) -> Vec<String> {
        let branch = self.resolve(branch);
        if let Some(constant) = branch.get("const") {
            return vec![constant.to_string()];
        }
        if branch.get("type") == Some(&Value::from("null")) {
            return vec!["null".into()];
        }
        match branch.get("oneOf").or_else(|| branch.get("anyOf")) {
            Some(Value::Array(inner)) => inner.iter().flat_map(|b| self.constants(b)).collect(),
            _ => Vec::new(),
        }
    }

    fn object(&mut self, rules: &'s Map<String, Value>, members: &Map<String, Value>) {
        let properties = rules.get("properties").and_then(Value::as_object);
        for (key, value) in members {
            self.path.push(Segment::Key(key.clone()));
            match properties.and_then(|known| known.get(key)) {
                Some(schema) => self.value(schema, value),
                None if rules.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    let known: Vec<&str> = properties
                        .map(|known| known.keys().map(String::as_str).collect())
                        .unwrap_or_default();
                    self.report(format!(
                        "unknown key `{key}`; expected one of {}",
                        known.join(", ")
                    ));
                }
                None => {}
            }
            self.path.pop();
        }
        for key in rules
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if !members.contains_key(key) {
                let mut path = self.path.clone();
                path.push(Segment::Key(key.to_owned()));
                self.found.push(Violation {
                    path,
                    missing: true,
                    message: format!("missing: `{key}` is required"),
                });
            }
        }
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(number) if number.is_i64() || number.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn type_matches(kinds: &Value, value: &Value) -> bool {
    let actual = kind(value);
    let fits = |name: &Value| {
        name.as_str()
            .is_some_and(|name| name == actual || (name == "number" && actual == "integer"))
    };
    match kinds {
        Value::Array(names) => names.iter().any(fits),
        name => fits(name),
    }
}

fn expected(kinds: &Value) -> String {
    let a = |name: &str| match name {
        "array" | "integer" | "object" => format!("an {name}"),
        "null" => "null".to_owned(),
        other => format!("a {other}"),
    };
    match kinds {
        Value::Array(names) => names
            .iter()
            .filter_map(Value::as_str)
            .map(a)
            .collect::<Vec<_>>()
            .join(" or "),
        name => a(name.as_str().unwrap_or("value")),
    }
}

fn found(value: &Value) -> String {
    match value {
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn messages(schema: Value, value: Value) -> Vec<String> {
        check_against(&schema, &value)
            .into_iter()
            .map(|violation| violation.message)
            .collect()
    }

    #[test]
    fn integers_and_numbers_are_told_apart() {
        let integer = json!({"type": "integer"});
        assert!(messages(integer.clone(), json!(3)).is_empty());
        assert!(messages(integer.clone(), json!(-3)).is_empty());
        assert_eq!(
            messages(integer, json!(1.5)),
            ["expected an integer, found 1.5"]
        );
        assert!(messages(json!({"type": "number"}), json!(3)).is_empty());
        assert_eq!(
            messages(json!({"type": "string"}), json!(3)),
            ["expected a string, found 3"]
        );
    }

    #[test]
    fn a_choice_of_constants_names_them_null_included() {
        let spec = endpoint_schema();
        let file = json!({"func": "call", "url": "X.wx", "action": "x", "version": "201612",
            "retry": "safe", "request": [{"wire": "a", "type": "string", "format": "fax"}]});
        let found: Vec<String> = check_against(spec, &file)
            .into_iter()
            .map(|v| v.message)
            .collect();
        assert_eq!(found, [r#""fax" is not one of "phone", null"#]);
        // An object where a constant goes is told what type it should be.
        let file = json!({"func": "call", "url": "X.wx", "action": "x", "version": "201612",
            "retry": {"safe": true}, "request": []});
        let found: Vec<String> = check_against(spec, &file)
            .into_iter()
            .map(|v| v.message)
            .collect();
        assert_eq!(found, ["expected a string, found an object"]);
    }

    #[test]
    fn of_several_branches_the_closest_one_explains() {
        let schema = json!({"anyOf": [
            {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
             "required": ["a", "b"], "additionalProperties": false},
            {"type": "null"}
        ]});
        assert_eq!(
            messages(schema.clone(), json!({"a": "x"})),
            ["missing: `b` is required"]
        );
        assert!(messages(schema, Value::Null).is_empty());
    }
}
