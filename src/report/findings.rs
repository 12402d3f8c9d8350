//! What the validator reports: findings with positions, and the report that gathers them.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

use crate::model::Table;
use crate::rules::{Rule, Severity};

/// One problem found in the data, with where it is and what to do about it.
// It deserializes from its JSON form (a finding of `defcoop validate --format json`); a code
// that is not in `rules::RULES` is refused, so `code` is always a catalogue code. (Kept out of
// the doc comment, which is the description in `schema/report.schema.json`.)
//
// `#[non_exhaustive]`: a program outside the crate builds one with `Finding::new` and the
// `with_*` methods, so a field added later breaks no importer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[non_exhaustive]
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
///
/// ```
/// use defcoop::report::Snippet;
///
/// let snippet = Snippet::new("off-jane-doe,Jane Doe,org-nowhere", 22, 33);
/// assert_eq!(snippet.text.chars().skip(snippet.start).take(snippet.end - snippet.start).collect::<String>(), "org-nowhere");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
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

impl Snippet {
    /// The line `text` with the characters `start..end` (0-based character offsets, `end`
    /// excluded) to mark.
    pub fn new(text: impl Into<String>, start: usize, end: usize) -> Snippet {
        Snippet {
            text: text.into(),
            start,
            end,
        }
    }
}

impl Finding {
    /// The rule of the finding's code.
    pub fn rule(&self) -> Option<&'static Rule> {
        crate::rules::rule(self.code)
    }

    /// A finding under `rule` with `message` and no position yet; its severity is the
    /// rule's. The `with_*` methods add the optional parts:
    ///
    /// ```
    /// use defcoop::model::Table;
    /// use defcoop::report::Finding;
    /// use defcoop::rules::rule;
    ///
    /// let rule = rule("key.unresolved").expect("a code of the catalogue");
    /// let finding = Finding::new(rule, "`org-nowhere` names no row of organizations")
    ///     .with_file("officials.csv")
    ///     .with_table(Table::Officials)
    ///     .with_line(3)
    ///     .with_column(25)
    ///     .with_field("organization_id")
    ///     .with_record(2)
    ///     .with_value("org-nowhere")
    ///     .with_hint("did you mean `org-somewhere`?");
    /// assert_eq!((finding.code, finding.line, finding.column), ("key.unresolved", Some(3), Some(25)));
    /// ```
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

    /// The file, as given by the user or relative to the package folder.
    pub fn with_file(mut self, file: impl Into<String>) -> Finding {
        self.file = Some(file.into());
        self
    }

    /// The table the record belongs to.
    pub fn with_table(mut self, table: Table) -> Finding {
        self.table = Some(table);
        self
    }

    /// The 1-based physical line in the file.
    pub fn with_line(mut self, line: u64) -> Finding {
        self.line = Some(line);
        self
    }

    /// The 1-based column, in characters, of the offending value on its line.
    pub fn with_column(mut self, column: u64) -> Finding {
        self.column = Some(column);
        self
    }

    /// The field: a CSV column name, or a JSON Pointer into the file.
    pub fn with_field(mut self, field: impl Into<String>) -> Finding {
        self.field = Some(field.into());
        self
    }

    /// The 1-based number of the record in its table's file.
    pub fn with_record(mut self, record: u64) -> Finding {
        self.record = Some(record);
        self
    }

    /// The offending value as text (leave it out to hide values).
    pub fn with_value(mut self, value: impl Into<String>) -> Finding {
        self.value = Some(value.into());
        self
    }

    /// A suggestion for a person.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Finding {
        self.hint = Some(hint.into());
        self
    }

    /// The offending line and the span to mark in it (shown by the human report only).
    pub fn with_snippet(mut self, snippet: Snippet) -> Finding {
        self.snippet = Some(snippet);
        self
    }
}

/// Counts per file, for the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
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

impl FileSummary {
    /// The summary of `file`, holding `records` records of `table` (when known) in `bytes`
    /// bytes.
    pub fn new(file: impl Into<String>, table: Option<Table>, records: u64, bytes: u64) -> Self {
        FileSummary {
            file: file.into(),
            table,
            records,
            bytes,
        }
    }
}

/// The outcome of a validation run.
// `#[non_exhaustive]`: a program outside the crate builds one with `Report::new` (and reads
// one back from JSON), so a field added later breaks no importer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
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
    /// order; within a file by line and column, except that an id refused by its pattern comes
    /// before the earlier lines whose references it leaves unresolved), as every report format
    /// lists them; at most `--max-findings` of them.
    pub findings: Vec<Finding>,
    /// The references that were not checked, by the table they point into: when files are
    /// given alone (not a whole package), a reference into a table that no input holds
    /// cannot be checked. Each non-empty reference cell is counted (foreign keys, and the
    /// `record_id` of a `(record_table, record_id)` link); empty (`{}`) when every reference
    /// was checked. Always written; a report without it (written before it existed) reads
    /// as empty.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, u64>")]
    pub unchecked_references: BTreeMap<Table, u64>,
}

impl Report {
    /// The report of `findings` in `files`, the findings listed as given (every format
    /// renders them in this order): `errors` and `warnings` count the findings of each
    /// severity (the `limit.findings` notice, which is about the report, not the data, is
    /// counted in neither), and it is valid when there is no error. Set `errors`, `warnings`
    /// or `valid` afterwards when findings were left out or warnings are denied.
    ///
    /// ```
    /// use defcoop::model::Table;
    /// use defcoop::report::{FileSummary, Finding, Report};
    /// use defcoop::rules::rule;
    ///
    /// let files = vec![FileSummary::new("officials.csv", Some(Table::Officials), 12, 900)];
    /// let finding = Finding::new(rule("schema.pattern").unwrap(), "`Off-1` is not an id")
    ///     .with_file("officials.csv")
    ///     .with_line(2);
    /// let report = Report::new(files, vec![finding]);
    /// assert_eq!((report.errors, report.warnings, report.valid), (1, 0, false));
    /// ```
    pub fn new(files: Vec<FileSummary>, findings: Vec<Finding>) -> Report {
        let count = |severity: Severity| {
            findings
                .iter()
                .filter(|f| f.severity == severity && f.code != "limit.findings")
                .count() as u64
        };
        let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
        Report {
            valid: errors == 0,
            errors,
            warnings,
            files,
            findings,
            unchecked_references: BTreeMap::new(),
        }
    }

    /// How many references were not checked, into every table (see
    /// [`Report::unchecked_references`]).
    pub fn unchecked_total(&self) -> u64 {
        self.unchecked_references.values().sum()
    }
}
