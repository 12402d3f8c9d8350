//! What the validator reports: findings with positions, and the report that gathers them.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

use crate::model::Table;
use crate::rules::{Rule, Severity};

/// One problem found in the data, with where it is and what to do about it.
// It deserializes from its JSON form (a finding of `defcoop validate --format json`); a code
// that is not in `rules::RULES` is refused, so `code` is always a catalogue code. (Kept out of
// the doc comment, which is the description in `schema/report.schema.json`.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Finding {
    /// How bad it is (taken from the rule of `code`).
    pub severity: Severity,
    /// Stable code of the rule, see [`crate::rules::RULES`].
    pub code: &'static str,
    /// What is wrong and what to do, for a person.
    pub message: String,
    /// The file, as given by the user or relative to the package folder; `None` for problems
    /// of no single file.
    pub file: Option<String>,
    /// The table the record belongs to, when known.
    #[serde(serialize_with = "table_name")]
    #[schemars(with = "Option<String>")]
    pub table: Option<Table>,
    /// 1-based physical line in the file (quoted newlines in CSV counted).
    pub line: Option<u64>,
    /// 1-based column, in characters, of the offending value on that line.
    pub column: Option<u64>,
    /// The field: a CSV column name, or a JSON Pointer into the file (`/officials/3/name`).
    pub field: Option<String>,
    /// 1-based number of the record in its table's file (not counting the CSV header).
    pub record: Option<u64>,
    /// The offending value as text, unless values are hidden.
    pub value: Option<String>,
    /// A suggestion, such as a close id ("did you mean `off-zakir-hasanov`?").
    pub hint: Option<String>,
    /// The text of the offending line and the span of the bad value in it (0-based character
    /// offsets, end excluded), for showing the line with the value marked.
    #[serde(skip)]
    #[schemars(skip)]
    pub snippet: Option<Snippet>,
}

/// The offending line of a finding and the span to mark in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The line's text, without its line ending (possibly cut short around the span).
    pub text: String,
    /// 0-based character offset where the marked span starts.
    pub start: usize,
    /// 0-based character offset where the marked span ends (excluded).
    pub end: usize,
}

fn table_name<S: serde::Serializer>(table: &Option<Table>, s: S) -> Result<S::Ok, S::Error> {
    match table {
        Some(t) => s.serialize_some(t.name()),
        None => s.serialize_none(),
    }
}

/// The JSON form of a [`Finding`] as read back, its code still text.
#[derive(Deserialize)]
struct FindingForm {
    severity: Severity,
    code: String,
    message: String,
    file: Option<String>,
    #[serde(deserialize_with = "table_of_name")]
    table: Option<Table>,
    line: Option<u64>,
    column: Option<u64>,
    field: Option<String>,
    record: Option<u64>,
    value: Option<String>,
    hint: Option<String>,
}

impl<'de> Deserialize<'de> for Finding {
    /// Keeps only a code of the catalogue, as the catalogue's own string.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Finding, D::Error> {
        let f = FindingForm::deserialize(d)?;
        let code = crate::rules::rule(&f.code).map(|r| r.code).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{}` is not a code of the rule catalogue (rules::RULES)",
                f.code
            ))
        })?;
        Ok(Finding {
            severity: f.severity,
            code,
            message: f.message,
            file: f.file,
            table: f.table,
            line: f.line,
            column: f.column,
            field: f.field,
            record: f.record,
            value: f.value,
            hint: f.hint,
            snippet: None,
        })
    }
}

/// A table read back from its name.
fn table_of_name<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Table>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(name) => name.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

impl Finding {
    /// The rule of the finding's code.
    pub fn rule(&self) -> Option<&'static Rule> {
        crate::rules::rule(self.code)
    }

    /// A finding under `rule` with `message` and no position yet.
    pub fn new(rule: &'static Rule, message: impl Into<String>) -> Finding {
        Finding {
            severity: rule.severity,
            code: rule.code,
            message: message.into(),
            file: None,
            table: None,
            line: None,
            column: None,
            field: None,
            record: None,
            value: None,
            hint: None,
            snippet: None,
        }
    }
}

/// Counts per file, for the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct FileSummary {
    /// The file.
    pub file: String,
    /// Its table, when known.
    #[serde(serialize_with = "table_name", deserialize_with = "table_of_name")]
    #[schemars(with = "Option<String>")]
    pub table: Option<Table>,
    /// Records read.
    pub records: u64,
    /// Bytes read.
    pub bytes: u64,
}

/// The outcome of a validation run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    /// True when there is no error (and no warning when warnings are denied).
    pub valid: bool,
    /// Number of errors found (including those past `--max-findings`).
    pub errors: u64,
    /// Number of warnings found (including those past `--max-findings`).
    pub warnings: u64,
    /// The files read.
    pub files: Vec<FileSummary>,
    /// The findings in reading order (files in the order they were read, tables in dependency
    /// order; within a file by line and column), as every report format lists them; at most
    /// `--max-findings` of them.
    pub findings: Vec<Finding>,
}
