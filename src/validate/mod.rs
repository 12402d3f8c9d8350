//! Validation of files and packages: file checks, record checks (JSON Schema and typed rules),
//! package checks (keys, references, cross-record rules). Reports every problem, never stops at
//! the first, never writes, never touches the network.
//!
//! Data flows one way: bytes → text ([`crate::input::text`]) → records with positions
//! ([`crate::input::csv`], [`crate::input::json`]) → findings → [`Report`].
//!
//! - **File checks**: encoding (UTF-8, a byte-order mark allowed), NUL bytes, empty files, CSV
//!   quotes and ragged rows, the CSV header against the table's fields, JSON syntax, shape and
//!   duplicate keys, and the [`Limits`].
//! - **Record checks**: each record is first deserialized into its table's Rust type and the
//!   typed rules run on it; only a record the typed path refuses goes through the table's JSON
//!   Schema (compiled once per table, formats enforced), whose errors are mapped to stable
//!   `schema.*` codes with the field's position. CSV cells are typed by the schema first (whole
//!   numbers, `true`/`false`, an empty cell is absent), so the same mistake in CSV and in JSON
//!   gives the same code. Text rules (`text.*`) run on every free-text field. A JSON Lines
//!   line is first read by `serde_json` straight into its table's type, positions worked out
//!   only when a finding needs one; a line it does not take whole (anything wrong, a limit
//!   near) is read by the positioned reader instead, which gives the same report.
//! - **Package checks**: ids and references are remembered (not records) with where they were
//!   read; files are read in the tables' dependency order, so most references are checked as
//!   they are read. A reference into a table that no input holds is not checked. The lines of
//!   package findings are read again from their files once the run is over.
//!
//! Files are never read whole: text comes in blocks (the encoding checks give the findings of
//! a whole-file check), CSV text is cut into batches at record boundaries (quotes followed as
//! the reader does), batches are checked on worker threads and their key cells taken in by
//! the package checks in file order, so every run gives the same report.
//!
//! What stops a run is a [`ValidateError`] (exit code 2): a file that cannot be read, a folder
//! without descriptor, and an unsafe resource path (all paths of a descriptor are checked
//! before any data file is opened). A missing resource file is an I/O error, as the issue
//! asks, not a finding. Everything else is a [`Finding`].

mod cells;
mod compact;
mod csv_batch;
mod delimiter;
mod empty_row;
mod finding;
mod hints_country;
mod joiners;
mod json_fast;
mod kept;
mod keys;
mod memory;
mod package;
mod reading_order;
mod record;
mod refused_ids;
mod run;
mod stream;

pub use finding::*;
pub use memory::{DATASET_NAME, check_record, check_typed, record_of, validate_dataset};
#[doc(hidden)]
pub use run::{Tuning, validate_in_blocks, validate_measured, validate_tuned};
pub use run::{validate_bytes, validate_package_files};

use std::path::PathBuf;
use std::sync::Arc;

use crate::input::descriptor::UnsafePath;
use crate::model::Table;
use crate::rules::{Severity, rule};

/// What to validate.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Input {
    /// A `datapackage.json`, a folder holding one, or a single CSV, JSON or JSON Lines file.
    Path(PathBuf),
    /// Bytes read from standard input; `name` stands for the file in findings (such as `<stdin>`).
    Bytes {
        /// Name used in findings and to infer the format and table.
        name: String,
        /// The bytes.
        bytes: Vec<u8>,
    },
    /// The data package bundled in the crate ([`crate::package::bundled_files`]), validated
    /// from memory like any other package.
    Bundled,
}

/// How to validate.
#[derive(Debug, Clone)]
pub struct Options {
    /// The table of single files (CSV, JSON array, JSON Lines) whose table their name does not
    /// tell (such as standard input); a file named after its table (`sources.csv`) is read
    /// as that table whatever this says. Not used for package resources, whose table the
    /// descriptor gives.
    pub table: Option<Table>,
    /// Most findings kept in the report (counts still include all).
    pub max_findings: usize,
    /// Keep every value of the input out of findings, for personal data: messages show
    /// `<hidden>` in their value slots (see [`crate::input::Message`]), fields that are no
    /// name of the model and hints naming a value are hidden, no line is kept, and `value`
    /// gives only the value's length.
    pub hide_values: bool,
    /// Treat warnings as making the data invalid.
    pub deny_warnings: bool,
    /// Worker threads checking the records of a CSV file (in batches, the package checks
    /// taking them in order, so the report is the one of a single thread); `None` uses every
    /// core, `Some(1)` checks on the calling thread.
    pub jobs: Option<usize>,
    /// Bounds that keep memory and time in check on hostile input.
    pub limits: Limits,
    /// Told how far reading has come, for a progress bar; `None` for no progress reports.
    pub progress: Option<Arc<dyn Progress>>,
}

/// Bounds on input size; going past one is a finding (`limit.*`), never a crash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest cell or JSON string, in bytes.
    pub max_cell_bytes: usize,
    /// Largest physical line or CSV record, in bytes.
    pub max_line_bytes: usize,
    /// Deepest JSON nesting of arrays and objects; at most [`Limits::DEPTH_CAP`] (a larger
    /// value is taken as the cap).
    pub max_depth: usize,
    /// Most columns in a CSV header.
    pub max_columns: usize,
}

impl Limits {
    /// The deepest JSON nesting any run reads, whatever `max_depth` says: deeper values are
    /// refused (`limit.depth`) before anything walks them, so no part of the validator (the
    /// reader, the schema engine, dropping a value) can run out of stack. A defcoop record
    /// nests 3 deep; 1024 leaves room for any honest file and stays well inside a 2 MiB
    /// thread stack (`tests/issue14.rs` checks it on such a thread).
    pub const DEPTH_CAP: usize = crate::input::json::DEPTH_CAP;
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_cell_bytes: 1 << 20,
            max_line_bytes: 8 << 20,
            max_depth: 64,
            max_columns: 1024,
        }
    }
}

/// Receives progress while inputs are read (implemented by the CLI's progress bar).
pub trait Progress: Send + Sync {
    /// Reading starts; `total_bytes` is the size of every input, when known.
    fn start(&self, total_bytes: Option<u64>);
    /// `bytes` more bytes were read.
    fn advance(&self, bytes: u64);
    /// Reading is done.
    fn finish(&self);
}

impl std::fmt::Debug for dyn Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            table: None,
            max_findings: 1000,
            hide_values: false,
            deny_warnings: false,
            jobs: None,
            limits: Limits::default(),
            progress: None,
        }
    }
}

/// A problem that stops validation: usage or I/O (exit code 2), not bad data.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ValidateError {
    /// A file could not be read (missing, unreadable), including a resource a descriptor
    /// lists.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
    /// A descriptor lists a resource path that is absolute, climbs out with `..`, is a URL, or
    /// leads out of the package folder through a link; nothing of the package was read.
    #[error("{descriptor}: the resource path `{path}` is refused: {reason}")]
    UnsafePath {
        /// The descriptor.
        descriptor: PathBuf,
        /// The path as written in it.
        path: String,
        /// Why it is refused.
        reason: UnsafePath,
    },
    /// A folder was given that holds no `datapackage.json`.
    #[error("{0}: the folder holds no datapackage.json; give the descriptor or a data file")]
    NoDescriptor(PathBuf),
    /// Input that cannot be validated as given.
    #[error("{0}")]
    Usage(String),
    /// A bug: a generated JSON Schema did not compile.
    #[error("internal error: {0}")]
    Internal(String),
}

/// Validates the inputs together (keys are checked across all of them) and reports every
/// problem found.
///
/// The stages run in order for every file: file checks (encoding, CSV or JSON structure,
/// header), record checks (typed rules; the table's JSON Schema explains a record the typed
/// path refuses), and, once every file is read, the package checks (keys, references,
/// cross-record rules). A descriptor's resource paths are all checked before any data file is
/// opened.
///
/// Files are streamed, a block at a time: memory holds the ids and references the key checks
/// need, never the records. Files are read one after the other (tables in dependency order);
/// the records of a CSV file are checked on `options.jobs` threads.
pub fn validate(inputs: &[Input], options: &Options) -> Result<Report, ValidateError> {
    run::validate(inputs, options)
}

/// A finding under `code`, with the severity of its rule.
pub(crate) fn finding(code: &'static str, message: impl Into<String>) -> Finding {
    match rule(code) {
        Some(r) => Finding::new(r, message),
        // Every code used is in the catalogue (a test checks it); stay an error otherwise.
        None => {
            let mut f = Finding::new(&FALLBACK_RULE, message);
            f.code = code;
            f
        }
    }
}

const FALLBACK_RULE: crate::rules::Rule = crate::rules::Rule {
    code: "schema.other",
    severity: Severity::Error,
    stage: crate::rules::Stage::Record,
    tables: &[],
    meaning: "",
};

/// A value as shown in a finding: as is, or only its length when values are hidden.
pub(crate) fn shown_value(value: &str, hide: bool) -> String {
    if hide {
        format!("<hidden, {} chars>", value.chars().count())
    } else {
        value.to_owned()
    }
}

/// A hint as shown: with its values, or, when values are hidden, left out if it holds one
/// (a "did you mean" naming a close id says nothing once the id is hidden).
pub(crate) fn shown_hint(hint: Option<crate::input::Message>, hide: bool) -> Option<String> {
    let hint = hint?;
    if hide && hint.has_values() {
        None
    } else {
        Some(hint.render(false))
    }
}

/// The names a field may be given by without naming a value of the input: the tables, their
/// fields and the descriptor's keys.
fn known_names() -> &'static std::collections::HashSet<String> {
    static NAMES: std::sync::OnceLock<std::collections::HashSet<String>> =
        std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: std::collections::HashSet<String> = ["resources", "path", "name", "format"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        for t in Table::ALL {
            names.insert(t.name().to_owned());
            names.extend(
                record::TableCheck::new(t)
                    .fields
                    .into_iter()
                    .map(|f| f.name),
            );
        }
        names
    })
}

/// A finding's field as shown: as is, or, when values are hidden, with every part that is
/// not a name of the model (a CSV column or a JSON key read from the data, such as the first
/// row of a file without header) replaced by [`crate::input::message::HIDDEN`]; array indexes
/// of a JSON Pointer are positions and stay.
pub(crate) fn shown_field(field: Option<String>, hide: bool) -> Option<String> {
    let field = field?;
    if !hide {
        return Some(field);
    }
    let names = known_names();
    let part = |p: &str| {
        let unescaped = p.replace("~1", "/").replace("~0", "~");
        if p.is_empty() || p.bytes().all(|b| b.is_ascii_digit()) || names.contains(&unescaped) {
            p.to_owned()
        } else {
            crate::input::message::HIDDEN.to_owned()
        }
    };
    Some(match field.strip_prefix('/') {
        Some(pointer) => pointer
            .split('/')
            .map(|p| format!("/{}", part(p)))
            .collect(),
        None => part(&field),
    })
}
