//! Validating what is in memory: a whole [`Dataset`], with findings located by table, record
//! and field; and one record, given as a `serde_json::Value` or as a typed record, with the
//! validator's record-level verdict.

use std::sync::{Arc, Mutex, OnceLock};

use serde_json::Value;

use super::record::{Checks, TableCheck};
use super::{Finding, Options, Report, ValidateError, drive, finding};
use crate::model::{Dataset, Record, RecordRef, Table, TableVisitor};

/// The name the in-memory dataset is validated under; it stands for the dataset in the
/// report's [`super::FileSummary`].
pub const DATASET_NAME: &str = "<dataset>";

/// The name given to the validator: a `.json` extension gives the format, and the stem is no
/// table's name, so the object is read as a whole dataset.
const JSON_NAME: &str = "<dataset>.json";

/// Validates a dataset held in memory, as the validator checks a JSON dataset file: every
/// record on its own (schema, types, record rules such as `basis.missing`, text rules), then
/// keys, references and the cross-record rules across all tables (every table is present, an
/// empty one too, so every reference is checked).
///
/// Findings are located in the dataset, not in a text the caller never wrote: `table`,
/// `record` (1-based index of the row in its table, see [`record_of`]) and `field` (the field
/// name, or `None` for the record as a whole) are set; `file`, `line` and `column` are `None`.
/// A message that names another record (such as the first use of a duplicated id) names it by
/// table, number and id.
///
/// ```
/// use defcoop::model::Dataset;
/// use defcoop::validate::{Options, record_of, validate_dataset};
///
/// let mut dataset: Dataset = defcoop::package::bundled().clone();
/// dataset.delegations[0].head_official_id = "off-nobody".parse()?;
/// let report = validate_dataset(&dataset, &Options::default())?;
/// assert!(!report.valid);
/// let unresolved = report.findings.iter().find(|f| f.code == "key.unresolved").unwrap();
/// assert_eq!(unresolved.table, Some(defcoop::model::Table::Delegations));
/// assert_eq!(unresolved.record, Some(1));
/// assert_eq!(unresolved.field.as_deref(), Some("head_official_id"));
/// assert_eq!(record_of(&dataset, unresolved).unwrap().id(), dataset.delegations[0].id.as_str());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn validate_dataset(dataset: &Dataset, options: &Options) -> Result<Report, ValidateError> {
    let (text, lines) = dataset_text(dataset)?;
    let options = Options {
        table: None,
        ..options.clone()
    };
    let mut report = drive::validate_bytes(JSON_NAME, text.as_bytes(), None, &options)?;
    for file in &mut report.files {
        if file.file == JSON_NAME {
            file.file = DATASET_NAME.to_owned();
        }
    }
    for f in &mut report.findings {
        if f.file.as_deref() != Some(JSON_NAME) {
            continue;
        }
        f.file = None;
        f.line = None;
        f.column = None;
        f.snippet = None;
        if let Some(pointer) = f.field.take() {
            // `/table/index/field` → `field`; `/table/index` → the record as a whole.
            let mut parts = pointer.splitn(4, '/').skip(3);
            f.field = parts
                .next()
                .filter(|p| !p.is_empty())
                .map(|p| p.replace("~1", "/").replace("~0", "~"));
        }
        f.message = name_records(&f.message, dataset, &lines);
    }
    Ok(report)
}

/// The record a finding of [`validate_dataset`] (or of any finding with a table and a record
/// number) is about, in `dataset`.
pub fn record_of<'d>(dataset: &'d Dataset, finding: &Finding) -> Option<RecordRef<'d>> {
    let index = usize::try_from(finding.record?.checked_sub(1)?).ok()?;
    dataset.record(finding.table?, index)
}

/// For each line (0-based) of the JSON text of a dataset, the table and index of the record on
/// it, if any.
type LineRecords = Vec<Option<(Table, usize)>>;

/// The JSON text of `dataset` with one record per line, and the record on each line.
fn dataset_text(dataset: &Dataset) -> Result<(String, LineRecords), ValidateError> {
    struct Rows<'a> {
        dataset: &'a Dataset,
        text: &'a mut String,
        lines: &'a mut LineRecords,
    }
    impl TableVisitor for Rows<'_> {
        type Output = Result<(), serde_json::Error>;
        fn visit<R: Record>(self) -> Self::Output {
            let rows = R::rows(self.dataset);
            for (i, row) in rows.iter().enumerate() {
                self.text.push_str(&serde_json::to_string(row)?);
                self.text
                    .push_str(if i + 1 < rows.len() { ",\n" } else { "\n" });
                self.lines.push(Some((R::TABLE, i)));
            }
            Ok(())
        }
    }
    let mut text = String::from("{\n");
    let mut lines = vec![None];
    for (n, table) in Table::ALL.into_iter().enumerate() {
        text.push_str(&format!("\"{table}\": [\n"));
        lines.push(None);
        table
            .visit(Rows {
                dataset,
                text: &mut text,
                lines: &mut lines,
            })
            .map_err(|e| ValidateError::Internal(format!("a record does not serialize: {e}")))?;
        text.push_str(if n + 1 < Table::ALL.len() {
            "],\n"
        } else {
            "]\n"
        });
        lines.push(None);
    }
    text.push_str("}\n");
    Ok((text, lines))
}

/// `message` with every `<dataset>.json:LINE` naming the record on that line instead.
fn name_records(message: &str, dataset: &Dataset, lines: &[Option<(Table, usize)>]) -> String {
    let marker = format!("{JSON_NAME}:");
    let mut out = String::new();
    let mut rest = message;
    while let Some(at) = rest.find(&marker) {
        out.push_str(&rest[..at]);
        let after = &rest[at + marker.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let record = after[..digits]
            .parse::<usize>()
            .ok()
            .and_then(|line| lines.get(line.checked_sub(1)?).copied().flatten());
        match record.and_then(|(t, i)| Some((t, i, dataset.record(t, i)?))) {
            Some((table, i, r)) => {
                out.push_str(&format!("{table} record {} (`{}`)", i + 1, r.id()));
            }
            None => out.push_str(DATASET_NAME),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

/// The record checks of every table, built once per process.
fn table_check(table: Table) -> Arc<TableCheck> {
    static CHECKS: OnceLock<Mutex<Checks>> = OnceLock::new();
    let checks = CHECKS.get_or_init(Default::default);
    match checks.lock() {
        Ok(mut checks) => checks.get(table),
        // A panic while building a check poisoned the lock; build this one afresh.
        Err(_) => Arc::new(TableCheck::new(table)),
    }
}

/// The validator's verdict on one record of `table` given as JSON: what it reports for the
/// record on its own, whatever file it came in: the table's JSON Schema and types
/// (`schema.*`, formats such as dates always checked), the record rules (`basis.missing`,
/// `quantity.inconsistent`, `date.order`, `rank.*`) and the text rules (`text.*`). An empty
/// list means the record passes.
///
/// What it cannot see is what needs other records: unique ids, references, and the package
/// rules (`key.*`, `delegation.head`, `meeting.outside-exhibition`,
/// `agreement.before-meeting`, `citation.paragraph`); [`validate_dataset`] checks those.
///
/// The published JSON Schemas (`schema/json/*.schema.json`) alone check less: a JSON Schema
/// validator leaves `format` unchecked unless told to (so it takes `2024-02-30` as a date), and
/// a JSON Schema holds none of the record rules and text rules above.
///
/// The findings have `table`, `field` (the field name, or `None` for the record as a whole),
/// `value` and `hint` set, and no file, line or record number.
///
/// ```
/// use defcoop::model::Table;
/// use defcoop::validate::check_record;
/// use serde_json::json;
///
/// let official = json!({
///     "id": "off-jane-doe", "name": "Jane Doe", "name_as_reported": "Jane Doe",
///     "nationality": "AZ", "source_id": "src-a", "paragraph": 1, "basis": "stated"
/// });
/// let findings = check_record(Table::Officials, &official);
/// assert_eq!(findings[0].code, "basis.missing");
/// assert_eq!(findings[0].field.as_deref(), Some("nationality_basis"));
///
/// let position = json!({"id": "pos-x", "official_id": "off-x", "organization_id": "org-x",
///     "title_as_reported": "Minister", "role": "minister", "acting": false,
///     "as_of": "2024-02-30", "source_id": "src-a", "paragraph": 1, "basis": "stated"});
/// assert_eq!(check_record(Table::Positions, &position)[0].code, "schema.format");
/// ```
pub fn check_record(table: Table, record: &Value) -> Vec<Finding> {
    let check = table_check(table);
    check
        .check(record, &[])
        .into_iter()
        .map(|issue| {
            let mut f = finding(issue.code, issue.message.render(false));
            f.table = Some(table);
            f.field = issue.field;
            f.value = issue.value;
            f.hint = issue.hint.map(|h| h.render(false));
            f
        })
        .collect()
}

/// [`check_record`] on a typed record: the record rules and text rules (a typed record always
/// fits its schema and types).
///
/// ```
/// use defcoop::model::{Basis, Cite, Official, Text};
/// use defcoop::validate::check_typed;
///
/// let cite = Cite::new("src-a".parse()?, 1, Basis::Stated)?;
/// let mut official = Official::new("off-x".parse()?, Text::new("X  Y")?, Text::new("X Y")?, cite);
/// assert_eq!(check_typed(&official)[0].code, "text.whitespace");
/// official.name = Text::new("X Y")?;
/// assert!(check_typed(&official).is_empty());
/// # Ok::<(), defcoop::model::ValueError>(())
/// ```
pub fn check_typed<R: Record>(record: &R) -> Vec<Finding> {
    match serde_json::to_value(record) {
        Ok(value) => check_record(R::TABLE, &value),
        Err(e) => vec![finding(
            "schema.other",
            format!("the record does not serialize: {e}"),
        )],
    }
}
