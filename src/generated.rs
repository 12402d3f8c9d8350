//! The files generated from the types (schemas, data package descriptor, the JSON form of the
//! bundled data, docs), written atomically and checked for staleness.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::model::Table;
use crate::schema;

pub use crate::atomic::GeneratedFile;

/// Why generated files could not be written or checked.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
    /// The CSV tables of the bundled package could not be read.
    #[cfg(feature = "validate")]
    #[error("{0}")]
    Data(#[from] crate::package::CsvError),
    /// The schema docs could not be generated (an example of the bundled data is invalid).
    #[cfg(feature = "validate")]
    #[error("{0}")]
    Docs(#[from] crate::docs::DocsError),
    /// A generated JSON value could not be serialized.
    #[error("{path}: {source}")]
    Json {
        /// The file being generated.
        path: String,
        /// What failed.
        source: serde_json::Error,
    },
}

/// A committed file that differs from what the types generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// The file, relative to the project root.
    pub path: String,
    /// `missing` or `differs`.
    pub why: &'static str,
}

impl fmt::Display for Stale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is stale ({})", self.path, self.why)
    }
}

/// Pretty JSON with a final newline, the form of every generated JSON file.
pub fn to_json_text(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("a JSON value always serializes");
    text.push('\n');
    text
}

/// The generated schema files: a JSON Schema per table, one for the dataset, a Frictionless
/// Table Schema per table, and (with the `validate` feature) the JSON Schema of the
/// validation report.
pub fn schema_files() -> Vec<GeneratedFile> {
    let mut files = Vec::new();
    for table in Table::ALL {
        files.push(GeneratedFile {
            path: format!("schema/json/{}.schema.json", table.name()),
            contents: to_json_text(&schema::record_schema(table)),
        });
    }
    files.push(GeneratedFile {
        path: "schema/json/dataset.schema.json".into(),
        contents: to_json_text(&schema::dataset_schema()),
    });
    for table in Table::ALL {
        files.push(GeneratedFile {
            path: format!("schema/table/{}.json", table.name()),
            contents: to_json_text(&schema::table_schema(table)),
        });
    }
    #[cfg(feature = "validate")]
    files.push(GeneratedFile {
        path: "schema/report.schema.json".into(),
        contents: to_json_text(&schema::report_schema()),
    });
    files
}

/// The schema docs under `schema/docs/`, with examples from the bundled data.
#[cfg(feature = "validate")]
pub fn docs_files() -> Result<Vec<GeneratedFile>, crate::docs::DocsError> {
    crate::docs::files(crate::package::bundled())
}

/// The files generated from the bundled package's CSV tables under `root/data/`: its JSON form
/// `data/defcoop.json` and its Frictionless descriptor `data/datapackage.json`. Reading CSV
/// needs the `validate` feature.
#[cfg(feature = "validate")]
pub fn data_files(root: &Path) -> Result<Vec<GeneratedFile>, GenerateError> {
    let dataset = crate::package::read_csv_dir(&root.join("data"))?;
    let json = |path: &str, value: Result<serde_json::Value, serde_json::Error>| {
        value
            .map(|v| GeneratedFile {
                path: path.to_owned(),
                contents: to_json_text(&v),
            })
            .map_err(|source| GenerateError::Json {
                path: path.to_owned(),
                source,
            })
    };
    Ok(vec![
        json("data/defcoop.json", serde_json::to_value(&dataset))?,
        json(
            "data/datapackage.json",
            Ok(crate::package::descriptor(&dataset)),
        )?,
    ])
}

/// Every generated file of the project: schemas, and with the `validate` feature the data
/// files ([`data_files`], read from the CSV tables under `root`) and the schema docs.
pub fn all_files(root: &Path) -> Result<Vec<GeneratedFile>, GenerateError> {
    #[cfg(feature = "validate")]
    {
        let mut files = schema_files();
        files.extend(data_files(root)?);
        files.extend(docs_files()?);
        Ok(files)
    }
    #[cfg(not(feature = "validate"))]
    {
        let _ = root;
        Ok(schema_files())
    }
}

/// Writes `contents` to `path` atomically: a temporary file in the same folder, synced, then
/// renamed over the target, so a reader never sees half a file.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), GenerateError> {
    let io = |source| GenerateError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    crate::atomic::write_file(path, contents).map_err(io)
}

/// Writes every file whose contents changed; returns the paths written.
pub fn write_files(root: &Path, files: &[GeneratedFile]) -> Result<Vec<String>, GenerateError> {
    let mut written = Vec::new();
    for file in files {
        let path = root.join(&file.path);
        if std::fs::read(&path).ok().as_deref() != Some(file.contents.as_bytes()) {
            write_atomic(&path, file.contents.as_bytes())?;
            written.push(file.path.clone());
        }
    }
    Ok(written)
}

/// The files under `root` that are missing or differ from `files`.
pub fn check_files(root: &Path, files: &[GeneratedFile]) -> Vec<Stale> {
    files
        .iter()
        .filter_map(|file| match std::fs::read(root.join(&file.path)) {
            Err(_) => Some(Stale {
                path: file.path.clone(),
                why: "missing",
            }),
            Ok(bytes) if bytes != file.contents.as_bytes() => Some(Stale {
                path: file.path.clone(),
                why: "differs from what the types generate",
            }),
            Ok(_) => None,
        })
        .collect()
}
