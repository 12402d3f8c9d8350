//! Differences between two versions of the generated JSON Schemas, per table and field, each
//! classified for the two kinds of people a schema change can hurt:
//!
//! - **file authors**: a change is *breaking* for them when a file valid before can now be
//!   refused (a field became required, a value left a list, a bound tightened);
//! - **readers**: a change is *breaking* for them when a program written for the old shape can
//!   now meet something it does not know (a new field, a new list value, a value that can be
//!   empty where it could not).
//!
//! JSON Schema has no general tool for this; this one needs to understand only the flat
//! schemas defcoop generates (`type`, `enum`, `pattern`, `format`, bounds, `required`,
//! `additionalProperties`), and treats any other change it cannot prove harmless as breaking
//! both ways. Descriptions are compared too, and reported as documentation changes that
//! break nobody.
//!
//! ```
//! use defcoop::schema::diff::{Impact, diff_tables};
//! use serde_json::json;
//! use std::collections::BTreeMap;
//!
//! let old = BTreeMap::from([("officials".to_string(), json!({
//!     "properties": {"id": {"type": "string"}, "acting": {"type": "boolean"}},
//!     "required": ["id", "acting"]
//! }))]);
//! let new = BTreeMap::from([("officials".to_string(), json!({
//!     "properties": {"id": {"type": "string"}, "acting": {"type": ["boolean", "null"]}},
//!     "required": ["id"]
//! }))]);
//! let changes = diff_tables(&old, &new);
//! // `acting` may now be left out: old files still pass, old readers may meet an empty value.
//! assert!(changes.iter().all(|c| c.authors == Impact::Compatible));
//! assert!(changes.iter().any(|c| c.readers == Impact::Breaking));
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

/// Whether a change can hurt one kind of user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Nothing that worked before stops working.
    Compatible,
    /// Something that worked before can stop working.
    Breaking,
}

impl Impact {
    /// The stored form: `compatible` or `breaking`.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Compatible => "compatible",
            Impact::Breaking => "breaking",
        }
    }
}

impl fmt::Display for Impact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One difference between the old and the new schemas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The table (the schema file's name without `.schema.json`).
    pub table: String,
    /// The field, or `None` for a change to the table as a whole.
    pub field: Option<String>,
    /// What changed, for a person.
    pub what: String,
    /// Whether a file valid under the old schemas can be refused under the new ones.
    pub authors: Impact,
    /// Whether a reader written for the old shape can meet something it does not know.
    pub readers: Impact,
}

impl Change {
    /// True when the change breaks file authors or readers.
    pub fn is_breaking(&self) -> bool {
        self.authors == Impact::Breaking || self.readers == Impact::Breaking
    }
}

/// Why a folder of schemas could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The folder or a file in it could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The folder or file.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A schema file is not JSON.
    #[error("{path}: not a JSON schema: {source}")]
    Json {
        /// The file.
        path: PathBuf,
        /// The parse error, with its line and column.
        #[source]
        source: serde_json::Error,
    },
    /// The folder holds no `*.schema.json` file (directly or under `json/`).
    #[error(
        "{path}: no `*.schema.json` file here or under `json/`; give a folder of generated schemas such as `schema/`"
    )]
    Empty {
        /// The folder.
        path: PathBuf,
    },
}

/// The table schemas of a folder: `DIR/json/*.schema.json` when `DIR/json` exists (the layout of
/// `schema/`), else `DIR/*.schema.json`; the dataset schema, which only gathers the tables, is
/// left out. Keyed by table name.
pub fn load_dir(dir: &Path) -> Result<BTreeMap<String, Value>, LoadError> {
    let folder = if dir.join("json").is_dir() {
        dir.join("json")
    } else {
        dir.to_path_buf()
    };
    let io = |path: &Path, source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut tables = BTreeMap::new();
    for entry in std::fs::read_dir(&folder).map_err(|e| io(&folder, e))? {
        let path = entry.map_err(|e| io(&folder, e))?.path();
        let Some(table) = table_of_file(&path.file_name().unwrap_or_default().to_string_lossy())
        else {
            continue;
        };
        let text = std::fs::read(&path).map_err(|e| io(&path, e))?;
        let schema = serde_json::from_slice(&text).map_err(|source| LoadError::Json {
            path: path.clone(),
            source,
        })?;
        tables.insert(table, schema);
    }
    if tables.is_empty() {
        return Err(LoadError::Empty { path: folder });
    }
    Ok(tables)
}

/// The table a schema file name stands for (`officials.schema.json` → `officials`), or `None`
/// for any other file and for the dataset schema.
pub fn table_of_file(name: &str) -> Option<String> {
    let table = name.strip_suffix(".schema.json")?;
    (table != "dataset" && !table.is_empty()).then(|| table.to_string())
}

/// Every difference between two sets of table schemas, tables and fields in name order.
pub fn diff_tables(old: &BTreeMap<String, Value>, new: &BTreeMap<String, Value>) -> Vec<Change> {
    let mut changes = Vec::new();
    let names: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for name in names {
        match (old.get(name), new.get(name)) {
            (Some(_), None) => changes.push(Change {
                table: name.clone(),
                field: None,
                what: "table removed".into(),
                authors: Impact::Breaking,
                readers: Impact::Compatible,
            }),
            // A reader of the old shape can meet rows of a table it does not know (in the
            // dataset's JSON form, a key its dataset refuses), as with an added field.
            (None, Some(_)) => changes.push(Change {
                table: name.clone(),
                field: None,
                what: "table added".into(),
                authors: Impact::Compatible,
                readers: Impact::Breaking,
            }),
            (Some(a), Some(b)) => diff_table(name, a, b, &mut changes),
            (None, None) => {}
        }
    }
    changes
}

fn diff_table(table: &str, old: &Value, new: &Value, out: &mut Vec<Change>) {
    let mut push = |field: Option<&str>, what: String, authors, readers| {
        out.push(Change {
            table: table.to_string(),
            field: field.map(str::to_string),
            what,
            authors,
            readers,
        })
    };
    use Impact::{Breaking, Compatible};
    if old.get("$id") != new.get("$id") {
        push(
            None,
            format!(
                "schema id {} → {}",
                shown(old.get("$id")),
                shown(new.get("$id"))
            ),
            Compatible,
            Compatible,
        );
    }
    let closed = |s: &Value| s.get("additionalProperties") == Some(&Value::Bool(false));
    match (closed(old), closed(new)) {
        (true, false) => push(
            None,
            "fields not listed are now allowed".into(),
            Compatible,
            Breaking,
        ),
        (false, true) => push(
            None,
            "fields not listed are now refused".into(),
            Breaking,
            Compatible,
        ),
        _ => {}
    }
    if old.get("description") != new.get("description") {
        push(None, "description changed".into(), Compatible, Compatible);
    }
    let required = |s: &Value| -> BTreeSet<String> {
        s.get("required")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let (old_required, new_required) = (required(old), required(new));
    let empty = serde_json::Map::new();
    fn props<'a>(
        s: &'a Value,
        empty: &'a serde_json::Map<String, Value>,
    ) -> &'a serde_json::Map<String, Value> {
        s.get("properties")
            .and_then(Value::as_object)
            .unwrap_or(empty)
    }
    let (old_props, new_props) = (props(old, &empty), props(new, &empty));
    let fields: BTreeSet<&String> = old_props.keys().chain(new_props.keys()).collect();
    for field in fields {
        let f = Some(field.as_str());
        let was_required = old_required.contains(field);
        let is_required = new_required.contains(field);
        match (old_props.get(field), new_props.get(field)) {
            (Some(_), None) => push(
                f,
                format!(
                    "field removed (was {})",
                    if was_required { "required" } else { "optional" }
                ),
                if closed(new) { Breaking } else { Compatible },
                if was_required { Breaking } else { Compatible },
            ),
            (None, Some(_)) if is_required => {
                push(f, "required field added".into(), Breaking, Breaking)
            }
            (None, Some(_)) => push(
                f,
                "optional field added".into(),
                Compatible,
                if closed(old) { Breaking } else { Compatible },
            ),
            (Some(a), Some(b)) => {
                match (was_required, is_required) {
                    (false, true) => push(f, "now required".into(), Breaking, Compatible),
                    (true, false) => push(
                        f,
                        "now optional (may be left out)".into(),
                        Compatible,
                        Breaking,
                    ),
                    _ => {}
                }
                diff_field(a, b, &mut |what, authors, readers| {
                    push(f, what, authors, readers)
                });
            }
            (None, None) => {}
        }
    }
}

/// The JSON types a field's value may have (`null` included when it may be empty).
fn types(field: &Value) -> BTreeSet<String> {
    match field.get("type") {
        Some(Value::String(t)) => BTreeSet::from([t.clone()]),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => BTreeSet::new(),
    }
}

/// A type set with `integer` standing also for its values inside `number`.
fn accepts_all(wide: &BTreeSet<String>, narrow: &BTreeSet<String>) -> bool {
    narrow
        .iter()
        .all(|t| wide.contains(t) || (t == "integer" && wide.contains("number")))
}

fn diff_field(old: &Value, new: &Value, push: &mut dyn FnMut(String, Impact, Impact)) {
    use Impact::{Breaking, Compatible};
    let known = [
        "type",
        "enum",
        "pattern",
        "format",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "description",
        "x-enumDescriptions",
    ];
    let (old_types, new_types) = (types(old), types(new));
    if old_types != new_types {
        let joined = |t: &BTreeSet<String>| t.iter().cloned().collect::<Vec<_>>().join(" or ");
        let what = format!("type {} → {}", joined(&old_types), joined(&new_types));
        // Wider types keep old files valid; a reader may then meet a type it does not know.
        let authors = if accepts_all(&new_types, &old_types) {
            Compatible
        } else {
            Breaking
        };
        let readers = if accepts_all(&old_types, &new_types) {
            Compatible
        } else {
            Breaking
        };
        push(what, authors, readers);
    }
    let values = |s: &Value| -> Option<BTreeSet<String>> {
        s.get("enum").and_then(Value::as_array).map(|a| {
            a.iter()
                .filter(|v| !v.is_null())
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                .collect()
        })
    };
    match (values(old), values(new)) {
        (Some(a), Some(b)) => {
            let added: Vec<_> = b.difference(&a).cloned().collect();
            let removed: Vec<_> = a.difference(&b).cloned().collect();
            if !added.is_empty() {
                push(
                    format!("values added: {}", added.join(", ")),
                    Compatible,
                    Breaking,
                );
            }
            if !removed.is_empty() {
                push(
                    format!("values removed: {}", removed.join(", ")),
                    Breaking,
                    Compatible,
                );
            }
        }
        (None, Some(b)) => push(
            format!("now limited to a list of {} values", b.len()),
            Breaking,
            Compatible,
        ),
        (Some(_), None) => push(
            "no longer limited to a list of values".into(),
            Compatible,
            Breaking,
        ),
        (None, None) => {}
    }
    // A full date (`format: date`) widened to a partial date (year, month or day): every day
    // that was valid still is (its calendar check moved from the format to the type), and a
    // reader of the old shape can meet a year or a month.
    let widened_to_partial_date = old.get("format") == Some(&Value::from("date"))
        && old.get("pattern").is_none()
        && new.get("format").is_none()
        && new.get("pattern").and_then(Value::as_str) == Some(crate::model::PARTIAL_DATE_PATTERN);
    if widened_to_partial_date {
        push(
            "date → partial date (a year, a month or a day: `2010`, `2024-09`, `2024-09-24`)"
                .into(),
            Compatible,
            Breaking,
        );
    }
    // A widening to a partial date was reported whole above.
    let keys: &[&str] = if widened_to_partial_date {
        &[]
    } else {
        &["pattern", "format"]
    };
    for &key in keys {
        match (old.get(key), new.get(key)) {
            (a, b) if a == b => {}
            (None, Some(b)) => push(
                format!("{key} {} added", shown(Some(b))),
                Breaking,
                Compatible,
            ),
            (Some(a), None) => push(
                format!("{key} {} removed", shown(Some(a))),
                Compatible,
                Breaking,
            ),
            // Whether one pattern or format accepts all the other did is not decided here.
            (a, b) => push(
                format!("{key} {} → {}", shown(a), shown(b)),
                Breaking,
                Breaking,
            ),
        }
    }
    // Lower bounds: raising one refuses old values; upper bounds: lowering one does.
    for (key, lower) in [
        ("minLength", true),
        ("minimum", true),
        ("maxLength", false),
        ("maximum", false),
    ] {
        let (a, b) = (
            old.get(key).and_then(Value::as_f64),
            new.get(key).and_then(Value::as_f64),
        );
        if a == b {
            continue;
        }
        let tighter = match (a, b) {
            (None, Some(_)) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => {
                if lower {
                    b > a
                } else {
                    b < a
                }
            }
            (None, None) => continue,
        };
        let what = format!("{key} {} → {}", shown(old.get(key)), shown(new.get(key)));
        if tighter {
            push(what, Breaking, Compatible);
        } else {
            push(what, Compatible, Breaking);
        }
    }
    if old.get("description") != new.get("description")
        || old.get("x-enumDescriptions") != new.get("x-enumDescriptions")
    {
        push("description changed".into(), Compatible, Compatible);
    }
    // Annotations (JSON Schema 2020-12, meta-data vocabulary): they describe, they never
    // change which values are valid, so they break nobody.
    let annotations: Vec<&str> = ANNOTATIONS
        .iter()
        .copied()
        .filter(|k| old.get(*k) != new.get(*k))
        .collect();
    if !annotations.is_empty() {
        push(
            format!("annotation changed: {}", annotations.join(", ")),
            Compatible,
            Compatible,
        );
    }
    let other = |s: &Value| -> BTreeMap<String, Value> {
        s.as_object()
            .map(|o| {
                o.iter()
                    .filter(|(k, _)| {
                        !known.contains(&k.as_str()) && !ANNOTATIONS.contains(&k.as_str())
                    })
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (old_other, new_other) = (other(old), other(new));
    if old_other != new_other {
        let keys: BTreeSet<&String> = old_other.keys().chain(new_other.keys()).collect();
        let keys: Vec<&str> = keys
            .into_iter()
            .filter(|k| old_other.get(*k) != new_other.get(*k))
            .map(String::as_str)
            .collect();
        push(
            format!(
                "{} changed (not analysed: treated as breaking)",
                keys.join(", ")
            ),
            Breaking,
            Breaking,
        );
    }
}

/// The meta-data keywords of JSON Schema 2020-12: annotations that do not take part in
/// validation.
const ANNOTATIONS: [&str; 7] = [
    "title",
    "default",
    "examples",
    "$comment",
    "deprecated",
    "readOnly",
    "writeOnly",
];

fn shown(value: Option<&Value>) -> String {
    match value {
        None => "none".into(),
        Some(Value::String(s)) => format!("`{s}`"),
        Some(v) => v.to_string(),
    }
}

/// The changes as a person reads them: one block per table, a line per change with its two
/// impacts, then a summary line.
pub fn render(changes: &[Change]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let mut table = None;
    for c in changes {
        if table != Some(&c.table) {
            table = Some(&c.table);
            let _ = writeln!(out, "{}", c.table);
        }
        let place = c
            .field
            .as_deref()
            .map_or_else(|| "(table)".to_string(), str::to_string);
        let _ = writeln!(
            out,
            "  {place}: {}  [file authors: {}; readers: {}]",
            c.what, c.authors, c.readers
        );
    }
    let authors = changes
        .iter()
        .filter(|c| c.authors == Impact::Breaking)
        .count();
    let readers = changes
        .iter()
        .filter(|c| c.readers == Impact::Breaking)
        .count();
    let _ = writeln!(
        out,
        "{} changes: {authors} breaking for file authors, {readers} breaking for readers",
        changes.len()
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one(old: Value, new: Value) -> Vec<(String, Impact, Impact)> {
        let wrap = |props: Value, required: Value| {
            BTreeMap::from([(
                "t".to_string(),
                json!({"additionalProperties": false, "properties": props, "required": required}),
            )])
        };
        diff_tables(
            &wrap(json!({"f": old}), json!(["f"])),
            &wrap(json!({"f": new}), json!(["f"])),
        )
        .into_iter()
        .map(|c| (c.what, c.authors, c.readers))
        .collect()
    }

    use Impact::{Breaking as B, Compatible as C};

    #[test]
    fn enum_values_added_break_readers_removed_break_authors() {
        let changes = one(json!({"enum": ["a", "b"]}), json!({"enum": ["b", "c"]}));
        assert_eq!(
            changes,
            vec![
                ("values added: c".into(), C, B),
                ("values removed: a".into(), B, C)
            ]
        );
    }

    #[test]
    fn bounds_tightened_break_authors_loosened_break_readers() {
        assert_eq!(
            one(json!({"maxLength": 100}), json!({"maxLength": 50}))[0].1,
            B
        );
        assert_eq!(
            one(json!({"maxLength": 100}), json!({"maxLength": 200}))[0].2,
            B
        );
        assert_eq!(
            one(json!({"minimum": 1}), json!({"minimum": 0}))[0],
            ("minimum 1 → 0".into(), C, B)
        );
        assert_eq!(one(json!({}), json!({"minLength": 1}))[0].1, B);
    }

    #[test]
    fn types_widened_and_narrowed() {
        assert_eq!(
            one(json!({"type": "integer"}), json!({"type": "number"}))[0].1,
            C
        );
        assert_eq!(
            one(json!({"type": "integer"}), json!({"type": "number"}))[0].2,
            B
        );
        assert_eq!(
            one(json!({"type": "string"}), json!({"type": "integer"}))[0].1,
            B
        );
        assert_eq!(
            one(
                json!({"type": "string"}),
                json!({"type": ["string", "null"]})
            )[0]
            .1,
            C
        );
    }

    #[test]
    fn a_date_widened_to_a_partial_date_breaks_readers_only() {
        let got = one(
            json!({"type": "string", "format": "date"}),
            json!({"type": "string", "pattern": crate::model::PARTIAL_DATE_PATTERN}),
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].0.starts_with("date → partial date"), "{got:?}");
        assert_eq!((got[0].1, got[0].2), (Impact::Compatible, Impact::Breaking));
        // Any other pattern replacing the format is not taken for it.
        let other = one(
            json!({"type": "string", "format": "date"}),
            json!({"type": "string", "pattern": "^[0-9]{4}$"}),
        );
        assert!(other.iter().any(|c| c.1 == Impact::Breaking), "{other:?}");
    }

    #[test]
    fn patterns_and_unknown_keywords_are_breaking_both_ways() {
        assert_eq!(
            one(json!({"pattern": "^a$"}), json!({"pattern": "^b$"}))[0].1,
            B
        );
        assert_eq!(
            one(json!({"pattern": "^a$"}), json!({"pattern": "^b$"}))[0].2,
            B
        );
        let other = one(json!({"oneOf": [1]}), json!({"oneOf": [2]}));
        assert_eq!(
            other,
            vec![(
                "oneOf changed (not analysed: treated as breaking)".into(),
                B,
                B
            )]
        );
    }

    #[test]
    fn same_schemas_have_no_change_and_descriptions_break_nobody() {
        assert!(one(json!({"type": "string"}), json!({"type": "string"})).is_empty());
        assert_eq!(
            one(json!({"description": "x"}), json!({"description": "y"})),
            vec![("description changed".into(), C, C)]
        );
        // An annotation such as `default` never changes which values are valid.
        assert_eq!(
            one(
                json!({"type": ["integer", "null"]}),
                json!({"type": ["integer", "null"], "default": null})
            ),
            vec![("annotation changed: default".into(), C, C)]
        );
        // Any other keyword is not analysed and counts as breaking.
        assert_eq!(
            one(
                json!({"type": "string"}),
                json!({"type": "string", "const": "a"})
            ),
            vec![(
                "const changed (not analysed: treated as breaking)".into(),
                B,
                B
            )]
        );
    }

    #[test]
    fn fields_and_tables_added_and_removed() {
        let t = |props: Value, required: Value| json!({"additionalProperties": false, "properties": props, "required": required});
        let old = BTreeMap::from([
            ("a".to_string(), t(json!({"x": {}, "y": {}}), json!(["x"]))),
            ("gone".to_string(), t(json!({}), json!([]))),
        ]);
        let new = BTreeMap::from([
            (
                "a".to_string(),
                t(json!({"x": {}, "z": {}, "w": {}}), json!(["x", "w"])),
            ),
            ("new".to_string(), t(json!({}), json!([]))),
        ]);
        let got: Vec<_> = diff_tables(&old, &new)
            .into_iter()
            .map(|c| (c.table, c.field, c.what, c.authors, c.readers))
            .collect();
        let s = |x: &str| x.to_string();
        assert_eq!(
            got,
            vec![
                (s("a"), Some(s("w")), s("required field added"), B, B),
                (
                    s("a"),
                    Some(s("y")),
                    s("field removed (was optional)"),
                    B,
                    C
                ),
                (s("a"), Some(s("z")), s("optional field added"), C, B),
                (s("gone"), None, s("table removed"), B, C),
                (s("new"), None, s("table added"), C, B),
            ]
        );
    }

    #[test]
    fn the_committed_schemas_do_not_differ_from_themselves() {
        let here = load_dir(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/schema")))
            .expect("the committed schemas");
        assert_eq!(here.len(), crate::model::Table::ALL.len());
        assert!(diff_tables(&here, &here).is_empty());
    }
}
