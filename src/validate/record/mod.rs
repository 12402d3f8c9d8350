//! Record checks: the typed path (deserialize into the table's Rust type, then the typed
//! rules), and, for a record the typed path refuses, the table's JSON Schema (compiled once,
//! formats enforced) to say precisely what is wrong. Text rules run on every text field.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value};

mod hints_country;
mod joiners;
mod typed_rules;
mod v2_rules;

pub(crate) use typed_rules::typed_rules;

use super::cells::{Cells, Row};
use crate::input::Message;
use crate::input::message::msg;
use crate::model::{Record, Table, TableVisitor};
use crate::schema::record_schema;

/// What a field of a table holds, from its JSON Schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldKind {
    /// Free text: the text rules apply.
    Text,
    /// A string under a pattern, a format or a list of values (ids, dates, codes).
    Coded,
    /// A whole number.
    Integer,
    /// `true` or `false`.
    Boolean,
}

/// A field of a table.
#[derive(Debug, Clone)]
pub(crate) struct FieldSpec {
    pub name: String,
    pub kind: FieldKind,
    pub required: bool,
    pub allowed: Vec<String>,
    /// A date known to the year, month or day ([`crate::model::PartialDate`]): its pattern
    /// checks the shape, the type the calendar.
    pub partial_date: bool,
}

/// Everything needed to check one table's records, built once per run.
pub(crate) struct TableCheck {
    pub table: Table,
    pub fields: Vec<FieldSpec>,
    /// The table's JSON Schema, compiled when a record first needs explaining (most files
    /// never do, and a compiled schema holds about half a megabyte).
    validator: std::sync::OnceLock<Result<jsonschema::Validator, String>>,
}

/// A problem in one record, before it is placed in a file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Issue {
    pub code: &'static str,
    /// The field it is about; `None` for the record as a whole.
    pub field: Option<String>,
    /// What is wrong, its values from the input marked (see [`Message`]).
    pub message: Message,
    pub hint: Option<Message>,
    /// The offending value, as text.
    pub value: Option<String>,
}

impl Issue {
    fn new(code: &'static str, field: Option<&str>, message: impl Into<Message>) -> Issue {
        Issue {
            code,
            field: field.map(str::to_owned),
            message: message.into(),
            hint: None,
            value: None,
        }
    }
}

impl TableCheck {
    pub fn new(table: Table) -> TableCheck {
        let schema = record_schema(table);
        let required = crate::schema::required_fields(&schema);
        let mut fields = Vec::new();
        if let Some(props) = schema["properties"].as_object() {
            for (name, prop) in props {
                let types: Vec<&str> = match &prop["type"] {
                    Value::String(t) => vec![t.as_str()],
                    Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                    _ => Vec::new(),
                };
                let kind = if types.contains(&"integer") || types.contains(&"number") {
                    FieldKind::Integer
                } else if types.contains(&"boolean") {
                    FieldKind::Boolean
                } else if prop.get("pattern").is_some()
                    || prop.get("enum").is_some()
                    || prop.get("format").is_some()
                {
                    FieldKind::Coded
                } else {
                    FieldKind::Text
                };
                let allowed = prop["enum"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect()
                    })
                    .unwrap_or_default();
                fields.push(FieldSpec {
                    name: name.clone(),
                    kind,
                    required: required.contains(&name.as_str()),
                    allowed,
                    partial_date: prop["pattern"].as_str()
                        == Some(crate::model::PARTIAL_DATE_PATTERN),
                });
            }
        }
        TableCheck {
            table,
            fields,
            validator: std::sync::OnceLock::new(),
        }
    }

    pub fn field(&self, name: &str) -> Option<&FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// A CSV cell as the JSON value its field's type asks for; `None` for an empty cell
    /// (absent). Text that is not of the field's type stays a string, so the schema reports
    /// the same `schema.type` a JSON file with that string would get.
    pub fn cell_value(&self, field: Option<&FieldSpec>, cell: &str) -> Option<Value> {
        if cell.is_empty() {
            return None;
        }
        Some(match field.map(|f| f.kind) {
            Some(FieldKind::Integer) => {
                if let Ok(n) = cell.parse::<u64>() {
                    Value::from(n)
                } else if let Ok(n) = cell.parse::<i64>() {
                    Value::from(n)
                } else if looks_numeric(cell) && !integral_text(cell) {
                    let f = cell.parse::<f64>().unwrap_or(0.0);
                    let f = if f.is_finite() {
                        f
                    } else {
                        f64::MAX.copysign(f)
                    };
                    serde_json::Number::from_f64(f)
                        .map_or(Value::String(cell.into()), Value::Number)
                } else {
                    Value::String(cell.to_owned())
                }
            }
            Some(FieldKind::Boolean) => match cell {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::String(cell.to_owned()),
            },
            _ => Value::String(cell.to_owned()),
        })
    }

    /// Checks one record: typed path first, the JSON Schema to explain a refusal, then the
    /// text rules. `skip_required` names fields whose absence is already reported.
    pub fn check(&self, object: &Value, skip_required: &[&str]) -> Vec<Issue> {
        let empty = Map::new();
        let record = object.as_object().unwrap_or(&empty);
        let mut issues = match self.table.visit(Typed(object)) {
            Ok(issues) => issues,
            Err(typed_error) => {
                let mut issues = self.schema_issues(object, skip_required);
                self.calendar_issues(record, &mut issues);
                // A refusal the schema does not explain is a bug, unless it comes from a
                // field whose absence is already reported (a missing CSV column).
                if issues.is_empty() && skip_required.is_empty() {
                    issues.push(Issue::new(
                        "schema.other",
                        None,
                        msg!("the record does not fit its table: {}", v(typed_error)),
                    ));
                }
                issues
            }
        };
        for field in &self.fields {
            if field.kind != FieldKind::Text {
                continue;
            }
            if let Some(Value::String(text)) = record.get(&field.name) {
                text_issues(&field.name, text, &mut issues);
            }
        }
        issues
    }

    /// Checks a CSV row whose cells are in `row`, under the columns `header`: its cells
    /// straight into the table's type (by position when `by_position`, the columns being the
    /// fields in order, else by the header's names), then the typed and text rules. `None`
    /// when the cells do not read as the type (see [`super::cells`]); [`TableCheck::check`]
    /// on the row's JSON form then says why.
    ///
    /// `text_columns` tells, for each column, whether it holds free text (see
    /// [`TableCheck::text_columns`]).
    pub fn check_cells(
        &self,
        row: Row<'_>,
        header: &[String],
        by_position: bool,
        text_columns: &[bool],
    ) -> Option<Vec<Issue>> {
        let names = (!by_position).then_some(header);
        let mut issues = self.table.visit(TypedCells { row, names })?;
        for (i, (name, text)) in header.iter().zip(text_columns).enumerate() {
            let value = row.get(i).unwrap_or_default();
            if *text && !value.is_empty() {
                text_issues(name, value, &mut issues);
            }
        }
        Some(issues)
    }

    /// Whether the columns of `header` are the table's fields in their order, so a row can be
    /// read by position (see [`TableCheck::check_cells`]).
    pub fn by_position(&self, header: &[String]) -> bool {
        header.len() == self.fields.len()
            && header.iter().zip(&self.fields).all(|(h, f)| *h == f.name)
    }

    /// For each column of a CSV header, whether it is a free-text field of the table.
    pub fn text_columns(&self, header: &[String]) -> Vec<bool> {
        header
            .iter()
            .map(|name| self.field(name).is_some_and(|f| f.kind == FieldKind::Text))
            .collect()
    }

    /// Partial dates of the right shape that name no day of the calendar (`2024-02-30`), which
    /// their pattern cannot tell.
    fn calendar_issues(&self, record: &Map<String, Value>, issues: &mut Vec<Issue>) {
        for field in self.fields.iter().filter(|f| f.partial_date) {
            let Some(Value::String(text)) = record.get(&field.name) else {
                continue;
            };
            if let Err(crate::model::ValueError::NoSuchDay { .. }) =
                crate::model::PartialDate::parse(text)
            {
                let mut i = Issue::new(
                    "schema.format",
                    Some(&field.name),
                    msg!("`{}` is not a day of the calendar", v(text)),
                );
                i.value = Some(text.clone());
                issues.push(i);
            }
        }
    }

    fn schema_issues(&self, object: &Value, skip_required: &[&str]) -> Vec<Issue> {
        use jsonschema::error::ValidationErrorKind as K;
        let mut issues = Vec::new();
        let validator = self.validator.get_or_init(|| {
            jsonschema::options()
                .should_validate_formats(true)
                .build(&record_schema(self.table))
                .map_err(|e| format!("the JSON Schema of {} does not compile: {e}", self.table))
        });
        let validator = match validator {
            Ok(v) => v,
            Err(e) => {
                issues.push(Issue::new("schema.other", None, Message::fixed(e.clone())));
                return issues;
            }
        };
        for error in validator.iter_errors(object) {
            let path = error.instance_path().as_str();
            let field = path
                .strip_prefix('/')
                .map(|f| f.replace("~1", "/").replace("~0", "~"));
            let field_ref = field.as_deref();
            let instance = error.instance();
            let shown = match instance.as_ref() {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let name = field_ref.unwrap_or("");
            let mut issue = match error.kind() {
                K::Required { property } => {
                    let property = property.as_str().unwrap_or_default().to_owned();
                    if skip_required.contains(&property.as_str()) {
                        continue;
                    }
                    let mut i = Issue::new(
                        "schema.required",
                        Some(&property),
                        msg!("`{}` is required and missing; give a value", f(property)),
                    );
                    i.value = None;
                    issues.push(i);
                    continue;
                }
                K::AdditionalProperties { unexpected } => {
                    for extra in unexpected {
                        let mut i = Issue::new(
                            "schema.unknown-field",
                            Some(extra),
                            msg!("`{}` is not a field of {}", v(extra), f(self.table)),
                        );
                        i.hint = closest(extra, self.fields.iter().map(|f| f.name.as_str()))
                            .map(|c| msg!("did you mean `{}`?", f(c)));
                        issues.push(i);
                    }
                    continue;
                }
                K::Type { .. }
                    if instance.is_null() && self.field(name).is_some_and(|f| f.required) =>
                {
                    Issue::new(
                        "schema.required",
                        field_ref,
                        msg!("`{}` is required and null; give a value", f(name)),
                    )
                }
                K::Type { kind } => {
                    let wanted = match self.field(name).map(|f| f.kind) {
                        Some(FieldKind::Integer) => "a whole number".to_owned(),
                        Some(FieldKind::Boolean) => "`true` or `false`".to_owned(),
                        Some(_) => "text".to_owned(),
                        None => format!("{kind:?}").to_lowercase(),
                    };
                    Issue::new(
                        "schema.type",
                        field_ref,
                        msg!("`{}` should be {}, not `{}`", f(name), f(wanted), v(shown)),
                    )
                }
                K::Pattern { pattern } if pattern == crate::model::DATE_YEAR_PATTERN => Issue::new(
                    "schema.format",
                    field_ref,
                    msg!(
                        "`{}` is not a calendar day written YYYY-MM-DD (there is no year 0000)",
                        v(shown)
                    ),
                ),
                K::Pattern { .. } if self.field(name).is_some_and(|f| f.partial_date) => {
                    Issue::new(
                        "schema.format",
                        field_ref,
                        msg!(
                            "`{}` is not a date written YYYY, YYYY-MM or YYYY-MM-DD (a year, a month or a day)",
                            v(shown)
                        ),
                    )
                }
                K::Pattern { pattern } if v2_rules::pattern_message(&shown, pattern).is_some() => {
                    Issue::new(
                        "schema.pattern",
                        field_ref,
                        v2_rules::pattern_message(&shown, pattern)
                            .unwrap_or_else(|| Message::fixed(String::new())),
                    )
                }
                K::Pattern { pattern } => {
                    let mut i = Issue::new(
                        "schema.pattern",
                        field_ref,
                        msg!(
                            "`{}` does not match the pattern {} of `{}`",
                            v(shown),
                            f(pattern),
                            f(name)
                        ),
                    );
                    if pattern.contains("[a-z0-9]+(-[a-z0-9]+)*") {
                        i.hint = Some(
                            "an id is its table's prefix, then lower-case letters and digits in groups joined by single hyphens".into(),
                        );
                    }
                    i
                }
                K::Enum { .. } | K::Constant { .. } => {
                    let allowed = self
                        .field(name)
                        .map(|f| f.allowed.clone())
                        .unwrap_or_default();
                    let mut i = Issue::new(
                        "schema.enum",
                        field_ref,
                        msg!("`{}` is not one of the values of `{}`", v(shown), f(name)),
                    );
                    // A country is hinted by what the value stands for, never by spelling.
                    let country = hints_country::is_country_list(&allowed);
                    let candidates = allowed.iter().filter(|_| !country).map(String::as_str);
                    i.hint = match closest(&shown, candidates) {
                        _ if country => hints_country::country_code_for(&shown)
                            .map(|c| msg!("write the ISO 3166-1 alpha-2 code `{}`", v(c))),
                        Some(c) => Some(msg!("did you mean `{}`?", f(c))),
                        None if allowed.len() <= 12 => {
                            Some(msg!("allowed: {}", f(allowed.join(", "))))
                        }
                        None => None,
                    };
                    i
                }
                K::Format { format } if format == "date" => Issue::new(
                    "schema.format",
                    field_ref,
                    msg!("`{}` is not a calendar day written YYYY-MM-DD", v(shown)),
                ),
                K::Format { format } => Issue::new(
                    "schema.format",
                    field_ref,
                    msg!("`{}` is not a valid {}", v(shown), f(format)),
                ),
                K::Minimum { limit }
                | K::Maximum { limit }
                | K::ExclusiveMinimum { limit }
                | K::ExclusiveMaximum { limit } => {
                    let bound = match error.kind() {
                        K::Minimum { .. } => "at least",
                        K::Maximum { .. } => "at most",
                        K::ExclusiveMinimum { .. } => "above",
                        _ => "below",
                    };
                    Issue::new(
                        "schema.range",
                        field_ref,
                        msg!(
                            "`{}` is {}; it must be {} {}",
                            f(name),
                            v(shown),
                            f(bound),
                            f(limit)
                        ),
                    )
                }
                K::MinLength { .. } => Issue::new(
                    "schema.length",
                    field_ref,
                    msg!(
                        "`{}` is empty; leave an optional field out instead, or give a value",
                        f(name)
                    ),
                ),
                K::MaxLength { limit } => Issue::new(
                    "schema.length",
                    field_ref,
                    msg!("`{}` is longer than {} characters", f(name), f(limit)),
                ),
                // The engine's own wording holds values of the record (numbers, strings).
                _ => Issue::new(
                    "schema.other",
                    field_ref,
                    msg!(
                        "the value does not satisfy the table's schema: {}",
                        v(error)
                    ),
                ),
            };
            issue.value = Some(shown);
            issues.push(issue);
        }
        issues
    }
}

/// A cell such as `1.0` or `1e0`: a whole number to JSON, but not written as one. In a CSV
/// integer column it stays text, so the schema reports it as `schema.type` at its cell (a JSON
/// number `1.0` is a whole number, and the typed path takes it).
fn integral_text(cell: &str) -> bool {
    cell.contains(['.', 'e', 'E'])
        && cell
            .parse::<f64>()
            .is_ok_and(|f| f.is_finite() && f.fract() == 0.0)
}

fn looks_numeric(cell: &str) -> bool {
    let b = cell.as_bytes();
    let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
    digits > 0
        && b.iter()
            .all(|c| c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E'))
        && cell.parse::<f64>().is_ok()
}

/// The candidate closest to `text`, when close enough to be a likely typo (of equally close
/// ones, the first in alphabetical order, so the hint does not depend on the candidates' order).
pub(crate) fn closest<'c>(
    text: &str,
    candidates: impl Iterator<Item = &'c str>,
) -> Option<&'c str> {
    if text.len() > 200 {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if let Some(d) = typo_distance(text, c) {
            if best.is_none_or(|b| (d, c) < b) {
                best = Some((d, c));
            }
        }
    }
    best.map(|(_, c)| c)
}

/// [`closest`] over owned candidates.
pub(crate) fn closest_owned(
    text: &str,
    candidates: impl Iterator<Item = String>,
) -> Option<String> {
    if text.len() > 200 {
        return None;
    }
    let mut best: Option<(usize, String)> = None;
    for c in candidates {
        if let Some(d) = typo_distance(text, &c) {
            if best
                .as_ref()
                .is_none_or(|(bd, bc)| (d, c.as_str()) < (*bd, bc.as_str()))
            {
                best = Some((d, c));
            }
        }
    }
    best.map(|(_, c)| c)
}

/// The edit distance from `text` to `c`, when small enough to be a likely typo.
fn typo_distance(text: &str, c: &str) -> Option<usize> {
    if c.len().abs_diff(text.len()) > 3 {
        return None;
    }
    // Optimal string alignment: a swap of two letters (`nmae`) counts as one edit.
    let d = strsim::osa_distance(text, c);
    let bound = (text.chars().count().max(c.chars().count()) / 4).clamp(1, 3);
    (d <= bound).then_some(d)
}

/// Characters that show nothing and change how text compares: zero-width spaces and
/// joiners, direction marks and overrides, the byte-order mark, soft hyphens.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{115F}' | '\u{1160}' | '\u{180E}' | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}'
        | '\u{3164}' | '\u{FEFF}' | '\u{FFA0}' | '\u{E0000}'..='\u{E007F}')
}

/// Characters that break a line: besides `\n` and `\r`, NEL and the Unicode line and
/// paragraph separators.
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{0085}' | '\u{2028}' | '\u{2029}')
}

/// Control characters other than tabs and line breaks (reported as white space): the rest of
/// C0, DEL and C1, NUL included.
fn is_control(c: char) -> bool {
    c.is_control() && c != '\t' && !is_line_break(c)
}

pub(crate) fn text_issues(field: &str, text: &str, issues: &mut Vec<Issue>) {
    let bytes = text.as_bytes();
    let ascii = bytes.is_ascii();
    let breaks = memchr::memchr3(b'\n', b'\r', b'\t', bytes).is_some()
        || (!ascii && text.chars().any(is_line_break));
    // Two spaces of any kind in a row (a no-break space and a space, two no-break spaces).
    let doubled = if ascii {
        memchr::memchr_iter(b' ', bytes).any(|i| bytes.get(i + 1) == Some(&b' '))
    } else {
        let mut previous = false;
        text.chars().any(|c| {
            let space = c.is_whitespace() && c != '\t' && !is_line_break(c);
            let pair = space && previous;
            previous = space;
            pair
        })
    };
    let problem = if text.starts_with(char::is_whitespace) {
        Some("starts with a space")
    } else if text.ends_with(char::is_whitespace) {
        Some("ends with a space")
    } else if doubled {
        Some("holds a doubled space")
    } else if breaks {
        Some("holds a line break or a tab")
    } else {
        None
    };
    if let Some(problem) = problem {
        let mut i = Issue::new(
            "text.whitespace",
            Some(field),
            msg!("`{}` {}; remove it", f(field), f(problem)),
        );
        i.value = Some(text.to_owned());
        issues.push(i);
    }
    let control = if ascii {
        bytes
            .iter()
            .find(|b| (**b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || **b == 0x7f)
            .map(|b| char::from(*b))
    } else {
        text.chars().find(|c| is_control(*c))
    };
    if let Some(c) = control {
        let mut i = Issue::new(
            "text.control",
            Some(field),
            msg!(
                "`{}` holds the control character U+{}; remove it",
                f(field),
                f(format!("{:04X}", c as u32))
            ),
        );
        i.value = Some(text.to_owned());
        issues.push(i);
    }
    if ascii {
        // ASCII text is in NFC and holds no invisible character.
        return;
    }
    if text
        .chars()
        .all(|c| is_invisible(c) || c.is_whitespace() || is_control(c))
    {
        let mut i = Issue::new(
            "text.empty",
            Some(field),
            msg!(
                "`{}` holds only invisible or filler characters: it is empty text; leave an optional field out, or give a value",
                f(field)
            ),
        );
        i.value = Some(text.to_owned());
        issues.push(i);
        return;
    }
    if !unicode_normalization::is_nfc(text) {
        let mut i = Issue::new(
            "text.not-nfc",
            Some(field),
            msg!(
                "`{}` is not in Unicode form NFC (a letter and its accent are stored apart)",
                f(field)
            ),
        );
        i.hint = Some("normalize the text to NFC; most editors and `uconv -x nfc` can".into());
        i.value = Some(text.to_owned());
        issues.push(i);
    }
    if let Some(c) = joiners::first_stray(text, is_invisible) {
        let mut i = Issue::new(
            "text.invisible",
            Some(field),
            msg!(
                "`{}` holds the invisible character U+{}; remove it",
                f(field),
                f(format!("{:04X}", c as u32))
            ),
        );
        i.value = Some(text.to_owned());
        issues.push(i);
    }
}

/// Deserializes a record into its table's type and runs the typed rules on it.
struct Typed<'a>(&'a Value);

impl TableVisitor for Typed<'_> {
    type Output = Result<Vec<Issue>, String>;
    fn visit<R: Record>(self) -> Self::Output {
        let record = R::deserialize(self.0).map_err(|e| e.to_string())?;
        Ok(typed_rules(&record))
    }
}

/// Reads a row's cells into its table's type (see [`super::cells`]) and runs the typed
/// rules on it.
struct TypedCells<'a> {
    row: Row<'a>,
    /// The header, unless its columns are the fields in their order: the row is then read
    /// by position, which gives the same record without matching names.
    names: Option<&'a [String]>,
}

impl TableVisitor for TypedCells<'_> {
    type Output = Option<Vec<Issue>>;
    fn visit<R: Record>(self) -> Self::Output {
        let record: R = Cells::new(self.row, self.names).read()?;
        Some(typed_rules(&record))
    }
}

/// The checks of every table, built when first needed.
#[derive(Default)]
pub(crate) struct Checks {
    tables: HashMap<Table, Arc<TableCheck>>,
}

impl Checks {
    pub fn get(&mut self, table: Table) -> Arc<TableCheck> {
        self.tables
            .entry(table)
            .or_insert_with(|| Arc::new(TableCheck::new(table)))
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn codes(table: Table, record: Value) -> Vec<(&'static str, Option<String>)> {
        let check = TableCheck::new(table);
        check
            .check(&record, &[])
            .into_iter()
            .map(|i| (i.code, i.field))
            .collect()
    }

    #[test]
    fn schema_explains_a_refused_record() {
        let got = codes(
            Table::Officials,
            json!({"id": "off-A", "name": " X", "name_as_reported": "X", "nationality": "ZZ",
                   "source_id": "src-a", "paragraph": 0, "basis": "statd", "extra": 1}),
        );
        let want = [
            ("schema.unknown-field", Some("extra".to_owned())),
            ("schema.pattern", Some("id".to_owned())),
            ("schema.enum", Some("nationality".to_owned())),
            ("schema.range", Some("paragraph".to_owned())),
            ("schema.enum", Some("basis".to_owned())),
            ("text.whitespace", Some("name".to_owned())),
        ];
        let mut got = got;
        got.sort();
        let mut want = want.to_vec();
        want.sort();
        assert_eq!(got, want);
    }

    /// Every row of the record fixtures: the fast path and the JSON-form path agree, and the
    /// fast path refuses exactly the rows the schema finds fault with.
    #[test]
    fn fast_path_agrees_with_the_json_form() {
        let files = [
            (
                Table::Officials,
                include_str!("../../../tests/fixtures/validate/records/officials.csv"),
            ),
            (
                Table::Positions,
                include_str!("../../../tests/fixtures/validate/records/positions.csv"),
            ),
            (
                Table::Agreements,
                include_str!("../../../tests/fixtures/validate/records/agreements.csv"),
            ),
            (
                Table::Officials,
                include_str!("../../../tests/fixtures/validate/valid/officials.csv"),
            ),
            (
                Table::Positions,
                include_str!("../../../tests/fixtures/validate/valid/positions.csv"),
            ),
        ];
        let mut fast_taken = 0;
        for (table, text) in files {
            let check = TableCheck::new(table);
            let mut reader = crate::input::csv_records::Reader::new(text, 1 << 20, 1 << 20);
            let mut problems = Vec::new();
            let header = reader.next_record(&mut problems).unwrap();
            let names: Vec<&str> = header.cells.iter().map(|c| c.value.as_ref()).collect();
            let header: Vec<String> = names.iter().map(|n| n.to_string()).collect();
            while let Some(row) = reader.next_record(&mut problems) {
                let values: Vec<&str> = row.cells.iter().map(|c| c.value.as_ref()).collect();
                let mut map = Map::new();
                for (name, value) in names.iter().zip(&values) {
                    if let Some(v) = check.cell_value(check.field(name), value) {
                        map.insert(name.to_string(), v);
                    }
                }
                let slow = check.check(&Value::Object(map), &[]);
                let text_columns = check.text_columns(&header);
                let by_position = check.by_position(&header);
                let cells = Row::Read(&row.cells);
                match check.check_cells(cells, &header, by_position, &text_columns) {
                    Some(fast) => {
                        fast_taken += 1;
                        assert_eq!(fast, slow, "{values:?}");
                    }
                    None => assert!(
                        slow.iter().any(|i| i.code.starts_with("schema.")),
                        "{values:?}: {slow:?}"
                    ),
                }
            }
        }
        assert!(
            fast_taken >= 10,
            "the fast path was taken {fast_taken} times"
        );
    }

    #[test]
    fn typed_rules_run_on_good_records() {
        let got = codes(
            Table::Exhibitions,
            json!({"id": "exh-a", "name": "A", "start_date": "2024-09-26", "end_date": "2024-09-24",
                   "source_id": "src-a", "paragraph": 1, "basis": "stated"}),
        );
        assert_eq!(got, [("date.order", Some("end_date".to_owned()))]);
    }
}
