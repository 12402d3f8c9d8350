//! Writing a dataset: as a data package (CSV tables and `datapackage.json`, feature `write`),
//! as one JSON file, and a table as JSON Lines. Every write is atomic: a file is written under
//! a temporary name in its folder and renamed into place; a package is written in a temporary
//! folder next to its destination and renamed into place.

use std::path::{Path, PathBuf};

use crate::model::{Dataset, Record};

#[cfg(feature = "write")]
use super::PackageMeta;
#[cfg(feature = "write")]
use super::csv_tables::CsvError;

/// Why a dataset could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// A file or folder could not be created, written or renamed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What failed.
        #[source]
        source: std::io::Error,
    },
    /// A record could not be written as JSON.
    #[error("{}: cannot write JSON: {source}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// What failed.
        #[source]
        source: serde_json::Error,
    },
    /// A table could not be written as CSV.
    #[cfg(feature = "write")]
    #[error(transparent)]
    Csv(#[from] CsvError),
    /// The destination exists and is not a package folder (it holds no `datapackage.json`), so
    /// it is not replaced.
    #[error(
        "{}: exists and is not a data package folder; give a new folder or a package folder to replace",
        path.display()
    )]
    NotAPackage {
        /// The destination.
        path: PathBuf,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `contents` to `path` atomically ([`crate::atomic`]). The folder must exist.
fn write_file(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    crate::atomic::write_file(path, contents).map_err(io(path))
}

/// The JSON form of a dataset (`{"sources": [...], ...}`, every table, pretty-printed with a
/// final newline): the form of `data/defcoop.json`, which the validator and
/// `serde_json::from_str::<Dataset>` read back.
pub fn to_json(dataset: &Dataset) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(dataset)?;
    text.push('\n');
    Ok(text)
}

/// Rows of one table as JSON Lines: one record object per line, each line ending with `\n`.
pub fn to_json_lines<R: Record>(rows: &[R]) -> Result<String, serde_json::Error> {
    let mut text = String::new();
    for row in rows {
        text.push_str(&serde_json::to_string(row)?);
        text.push('\n');
    }
    Ok(text)
}

/// Writes `dataset` to `path` as one JSON file ([`to_json`]), atomically.
pub fn write_json(dataset: &Dataset, path: &Path) -> Result<(), WriteError> {
    let text = to_json(dataset).map_err(|source| WriteError::Json {
        path: path.to_path_buf(),
        source,
    })?;
    write_file(path, text.as_bytes())
}

/// Writes the rows of one table to `path` as JSON Lines ([`to_json_lines`]), atomically; name
/// the file after the table (`officials.jsonl`) so the validator knows its table.
pub fn write_json_lines<R: Record>(rows: &[R], path: &Path) -> Result<(), WriteError> {
    let text = to_json_lines(rows).map_err(|source| WriteError::Json {
        path: path.to_path_buf(),
        source,
    })?;
    write_file(path, text.as_bytes())
}

/// Writes `dataset` as a data package in the folder `dir`: one CSV file per table
/// (`officials.csv`, ...; an empty table is a file with its header only) and the descriptor
/// `datapackage.json` ([`super::descriptor_with`]) with the name, title, licences and sources
/// of `meta`.
///
/// The package is written in a temporary folder next to `dir`, then renamed to `dir`, so a
/// reader never sees half a package. When `dir` already exists it must be a package folder
/// (it holds a `datapackage.json`), which is replaced whole: it is moved aside, the new one
/// renamed into place, then the old one removed. Any other existing path is refused.
///
/// What this writes, [`super::read_csv_dir`] reads back and the validator passes with no
/// finding (when the records are valid).
#[cfg(feature = "write")]
pub fn write_package(dataset: &Dataset, meta: &PackageMeta, dir: &Path) -> Result<(), WriteError> {
    if dir.exists() && !dir.join("datapackage.json").is_file() {
        return Err(WriteError::NotAPackage {
            path: dir.to_path_buf(),
        });
    }
    crate::atomic::replace_dir(
        dir,
        |tmp| {
            for (name, contents) in super::dataset_to_csv(dataset)? {
                write_file(&tmp.join(name), contents.as_bytes())?;
            }
            let descriptor = super::descriptor_with(dataset, meta);
            let mut text =
                serde_json::to_string_pretty(&descriptor).map_err(|source| WriteError::Json {
                    path: dir.join("datapackage.json"),
                    source,
                })?;
            text.push('\n');
            write_file(&tmp.join("datapackage.json"), text.as_bytes())
        },
        |path, e| io(path)(e),
    )
}
