//! The data package descriptor (`datapackage.json`): its resources, the table each one holds,
//! and the containment of their paths in the package folder.
//!
//! A resource path is trusted only when it is relative, has no `..` component, is no URL,
//! and (symbolic links followed) stays inside the package folder; anything else is refused
//! before the file is opened. Frictionless checks the first two by pattern only; the last one
//! closes the way out through links.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use super::json::Parsed;
use super::message::msg;
use super::{Format, Message, Pos, Problem, table_from_name};
use crate::model::Table;

/// One resource of a descriptor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// The resource's `name`, if given.
    pub name: Option<String>,
    /// The table it holds: from its name, else its path's file name.
    pub table: Option<Table>,
    /// Its path, as written (relative to the package folder).
    pub path: String,
    /// Its format: from `format`, else the path's extension.
    pub format: Option<Format>,
    /// JSON Pointer of the resource in the descriptor (`/resources/2`).
    pub pointer: String,
    /// Where the path is written in the descriptor.
    pub pos: Pos,
}

/// What a descriptor says, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Descriptor {
    /// The resources whose table is known and path is given, in order.
    pub resources: Vec<Resource>,
    /// Problems in the descriptor itself.
    pub problems: Vec<Problem>,
}

/// True when a parsed JSON file is a descriptor: an object with a `resources` member.
pub fn is_descriptor(value: &Value) -> bool {
    value
        .as_object()
        .is_some_and(|o| o.contains_key("resources"))
}

/// Reads the resources of a parsed descriptor.
pub fn read(parsed: &Parsed) -> Descriptor {
    let mut out = Descriptor::default();
    let pos_of = |pointer: &str| -> Pos {
        parsed
            .positions
            .get(pointer)
            .copied()
            .unwrap_or_else(|| Pos::new(1, 1, 0, 0))
    };
    let shape = |pointer: &str, message: Message| {
        Problem::new("json.shape", message, pos_of(pointer)).with_field(pointer)
    };
    let Some(resources) = parsed.value.get("resources").and_then(Value::as_array) else {
        out.problems.push(shape(
            "/resources",
            "`resources` is not an array of resources; list each table's file as {\"name\": ..., \"path\": ...}".into(),
        ));
        return out;
    };
    let mut tables: HashMap<Table, String> = HashMap::new();
    let mut paths: HashMap<String, String> = HashMap::new();
    for (i, resource) in resources.iter().enumerate() {
        let pointer = format!("/resources/{i}");
        let Some(obj) = resource.as_object() else {
            out.problems.push(shape(
                &pointer,
                "a resource is an object with a `name` and a `path`".into(),
            ));
            continue;
        };
        let name = obj.get("name").and_then(Value::as_str).map(str::to_owned);
        let path_pointer = format!("{pointer}/path");
        let path = match obj.get("path") {
            Some(Value::String(p)) => p.clone(),
            Some(Value::Array(_)) => {
                out.problems.push(shape(
                    &path_pointer,
                    "a resource split over several files is not supported; give one path".into(),
                ));
                continue;
            }
            _ if obj.contains_key("data") => {
                out.problems.push(shape(
                    &pointer,
                    "inline `data` is not supported; put the records in a file and give its `path`"
                        .into(),
                ));
                continue;
            }
            _ => {
                out.problems.push(shape(
                    &pointer,
                    "the resource has no `path`; give the file's path relative to the package folder".into(),
                ));
                continue;
            }
        };
        let table = name
            .as_deref()
            .and_then(Table::from_name)
            .or_else(|| table_from_name(&path));
        let Some(table) = table else {
            let at = if name.is_some() {
                format!("{pointer}/name")
            } else {
                path_pointer.clone()
            };
            out.problems.push(
                Problem::new(
                    "file.unknown-table",
                    msg!(
                        "the resource `{}` is no defcoop table; name it after its table (one of: {})",
                        f(name.as_deref().unwrap_or(&path)),
                        f(table_list())
                    ),
                    pos_of(&at),
                )
                .with_field(at),
            );
            continue;
        };
        let format = obj
            .get("format")
            .and_then(Value::as_str)
            .and_then(Format::from_resource_format)
            .or_else(|| Format::from_name(&path));
        if let Some(first) = tables.get(&table) {
            out.problems.push(
                Problem::new(
                    "file.duplicate-resource",
                    msg!(
                        "the table `{}` is listed twice (first at {}); keep one resource per table",
                        f(table),
                        f(first)
                    ),
                    pos_of(&pointer),
                )
                .with_field(pointer.clone()),
            );
            continue;
        }
        // `./a.csv`, `a.csv` and `x//a.csv`-style spellings of one file are the same file.
        let file_key = same_file_key(&path);
        if let Some(first) = paths.get(&file_key) {
            out.problems.push(
                Problem::new(
                    "file.duplicate-resource",
                    msg!(
                        "the file `{}` is listed twice (first at {}); keep one resource per file",
                        f(path),
                        f(first)
                    ),
                    pos_of(&path_pointer),
                )
                .with_field(path_pointer.clone()),
            );
            continue;
        }
        tables.insert(table, pointer.clone());
        paths.insert(file_key, pointer.clone());
        out.resources.push(Resource {
            name,
            table: Some(table),
            path,
            format,
            pos: pos_of(&path_pointer),
            pointer,
        });
    }
    out
}

/// A resource path with its empty and `.` components dropped, so two spellings of one file
/// compare equal.
fn same_file_key(path: &str) -> String {
    path.split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect::<Vec<_>>()
        .join("/")
}

fn table_list() -> String {
    Table::ALL
        .iter()
        .map(|t| t.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why a resource path was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnsafePath {
    /// The path is a URL; the validator never fetches anything.
    #[error(
        "it is a URL; the validator never fetches anything, give a file inside the package folder"
    )]
    Url,
    /// The path is absolute.
    #[error("it is absolute; give a path relative to the package folder")]
    Absolute,
    /// The path has a `..` component.
    #[error("it has a `..` component; a resource must stay inside the package folder")]
    ParentDir,
    /// The path is empty, or names the folder itself.
    #[error("it names no file")]
    Empty,
    /// The path (links followed) leads outside the package folder.
    #[error("it leads outside the package folder (to {0})")]
    Outside(PathBuf),
}

/// Checks the text of a resource path, before anything is looked up on disk.
pub fn check_relative(path: &str) -> Result<(), UnsafePath> {
    let scheme_len = path.find(':').filter(|&i| {
        i > 0
            && path.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
            && path.get(..i).is_some_and(|s| {
                s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+.-".contains(&b))
            })
    });
    if let Some(i) = scheme_len {
        // `C:\...` and `C:/...` are absolute Windows paths, anything else with a scheme a URL.
        return Err(if i == 1 {
            UnsafePath::Absolute
        } else {
            UnsafePath::Url
        });
    }
    if path.starts_with('/') || path.starts_with('\\') || Path::new(path).is_absolute() {
        return Err(UnsafePath::Absolute);
    }
    let mut any = false;
    for part in path.split(['/', '\\']) {
        match part {
            ".." => return Err(UnsafePath::ParentDir),
            "" | "." => {}
            _ => any = true,
        }
    }
    if !any {
        return Err(UnsafePath::Empty);
    }
    Ok(())
}

/// Resolves a resource path against the canonical package folder: the textual checks of
/// [`check_relative`], then the canonical path (links followed) must stay inside `root`.
/// An I/O error (such as a missing file) is given back as is.
pub fn resolve(root: &Path, path: &str) -> Result<Result<PathBuf, std::io::Error>, UnsafePath> {
    check_relative(path)?;
    let joined = Path::new(path)
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .fold(root.to_path_buf(), |acc, c| acc.join(c));
    match joined.canonicalize() {
        Ok(canonical) if canonical.starts_with(root) => Ok(Ok(canonical)),
        Ok(canonical) => Err(UnsafePath::Outside(canonical)),
        Err(e) => {
            // A link whose target is missing still must not point outside.
            if let Ok(target) = std::fs::read_link(&joined) {
                let target = if target.is_absolute() {
                    target
                } else {
                    joined.parent().unwrap_or(root).join(target)
                };
                if !target.starts_with(root)
                    || target.components().any(|c| c == Component::ParentDir)
                {
                    return Err(UnsafePath::Outside(target));
                }
            }
            Ok(Err(e))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_file_spelled_two_ways_is_listed_twice() {
        let text = r#"{"resources": [
            {"name": "officials", "path": "data/officials.csv"},
            {"name": "sources", "path": "./data//officials.csv"}
        ]}"#;
        let limits = super::super::json::JsonLimits {
            max_depth: 64,
            max_string: 1000,
            positions_depth: 3,
        };
        let parsed = super::super::json::parse(text, limits).unwrap();
        let d = read(&parsed);
        assert_eq!(d.resources.len(), 1);
        assert_eq!(d.problems.len(), 1);
        assert_eq!(d.problems[0].code, "file.duplicate-resource");
        assert_eq!(d.problems[0].pos.line, 3);
    }

    #[test]
    fn textual_checks() {
        assert_eq!(check_relative("officials.csv"), Ok(()));
        assert_eq!(check_relative("./data/officials.csv"), Ok(()));
        assert_eq!(check_relative("../x.csv"), Err(UnsafePath::ParentDir));
        assert_eq!(check_relative("a/../../x.csv"), Err(UnsafePath::ParentDir));
        assert_eq!(check_relative("a\\..\\x.csv"), Err(UnsafePath::ParentDir));
        assert_eq!(check_relative("/etc/passwd"), Err(UnsafePath::Absolute));
        assert_eq!(check_relative("C:\\x.csv"), Err(UnsafePath::Absolute));
        assert_eq!(
            check_relative("https://example.org/x.csv"),
            Err(UnsafePath::Url)
        );
        assert_eq!(check_relative("file:x.csv"), Err(UnsafePath::Url));
        assert_eq!(check_relative("."), Err(UnsafePath::Empty));
    }
}
