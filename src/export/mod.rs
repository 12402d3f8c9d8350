//! Exports of a valid package to the formats other tools read: FollowTheMoney entities for
//! investigators ([`ftm`]), Parquet files for analysts (`parquet`, with the feature
//! `parquet`), and the key checks of the validator as SQL over those files ([`sql`]), for an
//! engine that scales past one machine.
//!
//! An export reads a [`Package`]: the bundled one, or a folder (or `datapackage.json`) whose
//! resources are CSV tables. [`require_valid`] validates it first and refuses an invalid one
//! with its report; the exporters themselves read every row into its typed record, so a row
//! that does not parse stops the export with its file and line rather than writing bad data.
//!
//! Every file is written atomically: into a temporary file in the same folder, then renamed.

pub mod ftm;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod sql;

use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

use crate::model::{Dataset, Record, Table, TableVisitor};
use crate::package::{CsvError, CsvRows, bundled_files};
use crate::validate::{Input, Options, Report, ValidateError, validate};

/// Why an export failed, with what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The package does not validate; the report says why.
    #[error("the package is invalid ({} error(s)); fix it before exporting", .0.errors)]
    Invalid(Box<Report>),
    /// The package could not be validated at all (such as a missing folder).
    #[error("{0}")]
    Validate(#[from] ValidateError),
    /// A table could not be read.
    #[error("{0}")]
    Csv(#[from] CsvError),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// An output file exists already and overwriting was not asked for.
    #[error("{0} exists already; remove it or allow overwriting (`--force`)")]
    Exists(PathBuf),
    /// The package holds something the export cannot read.
    #[error("{0}")]
    Unsupported(String),
    /// Writing a Parquet file failed.
    #[error("{path}: {message}")]
    Parquet {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

impl ExportError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> ExportError {
        ExportError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// The package an export reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Package {
    /// The data package bundled in the crate.
    Bundled,
    /// A folder holding `datapackage.json`, or the descriptor itself.
    Path(PathBuf),
}

/// One CSV file of a table.
enum TableFile {
    Bundled(&'static str, &'static [u8]),
    Disk(PathBuf),
}

impl TableFile {
    fn label(&self) -> String {
        match self {
            TableFile::Bundled(name, _) => (*name).to_owned(),
            TableFile::Disk(path) => path.display().to_string(),
        }
    }

    fn open(&self) -> Result<Box<dyn Read + '_>, ExportError> {
        Ok(match self {
            TableFile::Bundled(_, bytes) => Box::new(*bytes),
            TableFile::Disk(path) => Box::new(BufReader::with_capacity(
                1 << 16,
                File::open(path).map_err(|e| ExportError::io(path, e))?,
            )),
        })
    }
}

/// The CSV files of every table of a package, in table order; a table the package leaves out
/// has none (and is exported empty).
struct TableFiles(Vec<(Table, Vec<TableFile>)>);

impl Package {
    fn files(&self) -> Result<TableFiles, ExportError> {
        let mut out: Vec<(Table, Vec<TableFile>)> =
            Table::ALL.iter().map(|&t| (t, Vec::new())).collect();
        match self {
            Package::Bundled => {
                for &(name, bytes) in bundled_files() {
                    if let Some(table) = name.strip_suffix(".csv").and_then(Table::from_name) {
                        out[table_index(table)]
                            .1
                            .push(TableFile::Bundled(name, bytes));
                    }
                }
            }
            Package::Path(path) => {
                let descriptor = if path.is_dir() {
                    path.join("datapackage.json")
                } else {
                    path.clone()
                };
                let root = descriptor
                    .parent()
                    .unwrap_or(Path::new("."))
                    .canonicalize()
                    .map_err(|e| ExportError::io(path, e))?;
                let text = std::fs::read_to_string(&descriptor)
                    .map_err(|e| ExportError::io(&descriptor, e))?;
                let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
                    ExportError::Unsupported(format!(
                        "{}: not a JSON data package descriptor: {e}",
                        descriptor.display()
                    ))
                })?;
                let resources = value["resources"].as_array().ok_or_else(|| {
                    ExportError::Unsupported(format!(
                        "{}: the descriptor has no `resources` list",
                        descriptor.display()
                    ))
                })?;
                for (i, resource) in resources.iter().enumerate() {
                    let at = || format!("{}: resource {}", descriptor.display(), i + 1);
                    let Some(rel) = resource["path"].as_str() else {
                        return Err(ExportError::Unsupported(format!(
                            "{}: the export reads resources with one `path`",
                            at()
                        )));
                    };
                    let table = resource["name"]
                        .as_str()
                        .and_then(Table::from_name)
                        .or_else(|| crate::input::table_from_name(rel));
                    let Some(table) = table else {
                        return Err(ExportError::Unsupported(format!(
                            "{}: `{rel}` is no table of the model",
                            at()
                        )));
                    };
                    let format = resource["format"].as_str().map(str::to_ascii_lowercase);
                    let is_csv = format.as_deref() == Some("csv")
                        || (format.is_none() && rel.to_ascii_lowercase().ends_with(".csv"));
                    if !is_csv {
                        return Err(ExportError::Unsupported(format!(
                            "{}: `{rel}` is not CSV; the export reads CSV resources only \
                             (write the package as CSV, such as with `defcoop schema`'s layout)",
                            at()
                        )));
                    }
                    let file = match crate::input::descriptor::resolve(&root, rel) {
                        Ok(Ok(file)) => file,
                        Ok(Err(e)) => return Err(ExportError::io(&root.join(rel), e)),
                        Err(unsafe_path) => {
                            return Err(ExportError::Unsupported(format!(
                                "{}: `{rel}` is refused: {unsafe_path}",
                                at()
                            )));
                        }
                    };
                    out[table_index(table)].1.push(TableFile::Disk(file));
                }
            }
        }
        Ok(TableFiles(out))
    }

    /// The validator's input for this package.
    pub fn input(&self) -> Input {
        match self {
            Package::Bundled => Input::Bundled,
            Package::Path(path) => Input::Path(path.clone()),
        }
    }

    /// Reads every table of the package into memory (the FollowTheMoney export needs the
    /// whole graph to name and link entities).
    pub fn read_dataset(&self) -> Result<Dataset, ExportError> {
        if *self == Package::Bundled {
            return Ok(crate::package::bundled().clone());
        }
        struct ReadAll<'a> {
            files: &'a [TableFile],
            dataset: &'a mut Dataset,
        }
        impl TableVisitor for ReadAll<'_> {
            type Output = Result<(), ExportError>;
            fn visit<R: Record>(self) -> Self::Output {
                for file in self.files {
                    let rows = R::rows_mut(self.dataset);
                    for row in CsvRows::<R, _>::new(file.open()?, &file.label())? {
                        rows.push(row?);
                    }
                }
                Ok(())
            }
        }
        let mut dataset = Dataset::default();
        for (table, files) in &self.files()?.0 {
            table.visit(ReadAll {
                files,
                dataset: &mut dataset,
            })?;
        }
        Ok(dataset)
    }
}

fn table_index(table: Table) -> usize {
    Table::ALL
        .iter()
        .position(|&t| t == table)
        .unwrap_or_default()
}

/// Validates the package with `options` and gives back its report when it is valid; an
/// invalid package is refused with [`ExportError::Invalid`], which carries the report.
pub fn require_valid(package: &Package, options: &Options) -> Result<Report, ExportError> {
    let report = validate(&[package.input()], options)?;
    if report.valid {
        Ok(report)
    } else {
        Err(ExportError::Invalid(Box::new(report)))
    }
}

/// Writes `path` atomically: `write` fills a temporary file in the same folder, which is then
/// renamed over `path`. Unless `overwrite`, an existing `path` is refused before anything is
/// written.
pub(crate) fn write_atomically(
    path: &Path,
    overwrite: bool,
    write: impl FnOnce(File) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    if !overwrite && path.exists() {
        return Err(ExportError::Exists(path.to_path_buf()));
    }
    crate::atomic::replace_file(
        path,
        |file| {
            write(file)?;
            // Checked again: the file may have appeared while this one was written.
            if !overwrite && path.exists() {
                return Err(ExportError::Exists(path.to_path_buf()));
            }
            Ok(())
        },
        ExportError::io,
    )
}

/// Writes `bytes` to `path` atomically: into a temporary file in the same folder, then renamed
/// over `path`. Unless `overwrite`, an existing `path` is refused before anything is written.
pub fn write_file(path: &Path, overwrite: bool, bytes: &[u8]) -> Result<(), ExportError> {
    write_atomically(path, overwrite, |mut file| {
        file.write_all(bytes).map_err(|e| ExportError::io(path, e))
    })
}
