//! The records of one batch of a CSV file checked on their own, on any thread: cells read
//! with their positions, the typed fast path (the JSON Schema explains a refused row), the
//! text rules, and the few cells the package checks need, kept for them to take in batch
//! order.

use crate::input::message::msg;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::input::{Pos, Problem, csv_records, csv_scan, text};
use crate::model::Table;
use crate::validate::cells::Row;
use crate::validate::keys::{Fields, Lookups, fields_read};
use crate::validate::located::{issue_finding, problem_finding};
use crate::validate::record::TableCheck;
use crate::validate::{Finding, Limits};

/// What every batch of one CSV file shares: the header read once.
pub(crate) struct CsvContext {
    pub name: Arc<str>,
    pub table: Table,
    pub check: Arc<TableCheck>,
    pub header_len: usize,
    /// Line and byte offset (in its batch) of the header.
    pub header_line: u64,
    pub header_start: usize,
    /// Which field each column holds (`None`: unknown or repeated, not read).
    pub columns: Vec<Option<String>>,
    pub index: HashMap<String, usize>,
    /// Required fields with no column (already reported).
    pub missing: Vec<String>,
    /// The header is clean: rows take the fast path.
    pub clean_header: bool,
    /// Rows with no quote try the plain path (the header is clean and the run allows it).
    pub plain_rows: bool,
    /// The header's column names, as written.
    pub header: Vec<String>,
    pub text_columns: Vec<bool>,
    /// The columns are the fields in order: rows are deserialized by position.
    pub by_position: bool,
    /// The columns the package checks read, by field name.
    pub key_columns: Vec<(&'static str, usize)>,
    pub hide_values: bool,
    pub limits: Limits,
    /// The reference and citation checks a worker can make on its own.
    pub lookups: Lookups,
    /// Emptied batch results, their room kept for the next batches (growing fresh vectors
    /// for every batch costs more than checking some of them).
    pub spare: std::sync::Mutex<Vec<BatchOut>>,
}

impl CsvContext {
    /// The columns the package checks of `table` read (as the cross-record rules declare
    /// them, see `keys/declared.rs`).
    pub fn key_columns(table: Table, index: &HashMap<String, usize>) -> Vec<(&'static str, usize)> {
        fields_read(table)
            .into_iter()
            .filter_map(|n| index.get(n).map(|i| (n, *i)))
            .collect()
    }
}

/// A cell kept for the package checks, in 28 bytes: its value is in [`BatchOut::values`]
/// from its row's first value on, and its place is counted from its row's start. Records are
/// at most [`u32::MAX`] bytes long (the limits are held below that), so every part fits.
pub(crate) struct KeyCell {
    /// Index of its field in [`CsvContext::key_columns`].
    pub key: u8,
    pub too_big: bool,
    /// The value: its offset from the row's first value, and its length.
    pub value_at: u32,
    pub value_len: u32,
    /// Lines after the row's first line, column, offset from the row's start, and length.
    pub line: u32,
    pub column: u32,
    pub offset: u32,
    pub len: u32,
}

impl KeyCell {
    /// The cell's position in its batch's text.
    pub fn pos(&self, row: &RowKeys) -> Pos {
        Pos {
            line: row.line + u64::from(self.line),
            column: u64::from(self.column),
            offset: row.start + self.offset as usize,
            len: self.len as usize,
        }
    }
}

/// A row as the package checks see it.
pub(crate) struct RowKeys {
    pub record: u64,
    pub line: u64,
    pub start: usize,
    pub ragged: bool,
    pub cells: Range<usize>,
    /// Where the values of its key cells start in [`BatchOut::values`].
    pub values: usize,
    /// The package checks that passed on the worker (see [`Lookups::passed`]), worked out
    /// once the batch is read.
    pub passed: u32,
}

/// What checking a batch gives: its findings (in reading order), and its rows' key cells.
#[derive(Default)]
pub(crate) struct BatchOut {
    pub findings: Vec<Finding>,
    pub rows: Vec<RowKeys>,
    pub cells: Vec<KeyCell>,
    /// The values of the key cells, one after the other.
    pub values: String,
    /// Records read.
    pub records: u64,
}

/// The key cells of one row, for [`crate::validate::keys::PackageState::add`].
pub(crate) struct RowFields<'a> {
    pub cells: &'a [KeyCell],
    /// The row's values (from its first on).
    pub values: &'a str,
    /// The names of the key columns ([`CsvContext::key_columns`]).
    pub names: &'a [(&'static str, usize)],
}

impl CsvContext {
    /// An empty batch result, with room from an earlier batch when one was given back.
    fn take_spare(&self) -> BatchOut {
        let spare = self.spare.lock().ok().and_then(|mut s| s.pop());
        spare.unwrap_or_default()
    }

    /// Gives back a batch result that was taken in, for its room.
    pub fn give_back(&self, mut out: BatchOut) {
        out.findings.clear();
        out.rows.clear();
        out.cells.clear();
        out.values.clear();
        out.records = 0;
        if let Ok(mut spare) = self.spare.lock() {
            // A few suffice to recycle most batches; more would only hold memory.
            if spare.len() < 4 {
                spare.push(out);
            }
        }
    }
}

impl<'a> RowFields<'a> {
    /// The key cells of `row`, whose cells and values are in `cells` and `values` (those of
    /// its [`BatchOut`]).
    pub fn of(
        cells: &'a [KeyCell],
        values: &'a str,
        row: &RowKeys,
        names: &'a [(&'static str, usize)],
    ) -> RowFields<'a> {
        RowFields {
            cells: cells.get(row.cells.clone()).unwrap_or_default(),
            values: values.get(row.values..).unwrap_or_default(),
            names,
        }
    }

    /// [`Fields::text`], borrowed from the batch rather than from `self`.
    pub fn value(&self, name: &str) -> Option<&'a str> {
        let cell = self.cell(name)?;
        let at = cell.value_at as usize;
        let value = self.values.get(at..at + cell.value_len as usize)?;
        (!cell.too_big && !value.is_empty()).then_some(value)
    }

    /// The cell of field `name`.
    pub fn cell(&self, name: &str) -> Option<&'a KeyCell> {
        // Field names are short: compared byte by byte in place, not by a call to `memcmp`
        // (several lookups a row, each against several names, made that call a hot spot).
        let same = |n: &str| {
            n.len() == name.len()
                && (std::ptr::eq(n, name) || n.bytes().zip(name.bytes()).all(|(a, b)| a == b))
        };
        self.cells
            .iter()
            .find(|c| self.names.get(c.key as usize).is_some_and(|(n, _)| same(n)))
    }
}

impl Fields for RowFields<'_> {
    fn text(&self, name: &str) -> Option<&str> {
        self.value(name)
    }
    fn number(&self, name: &str) -> Option<u64> {
        self.text(name)?.parse().ok()
    }
}

/// Checks the records of `text` from byte `start` (on line `line`), the first being record
/// number `first_record` of the file.
///
/// A row with no quote, within the size limits, with as many cells as the header and no
/// issue takes the plain path: split at its commas, deserialized, its key cells kept, no
/// cell of it stored. Any other row is read again by the positioned reader
/// ([`csv_records::Reader`]) and checked as before, so the findings are the same either way.
pub(crate) fn check_batch(
    ctx: &CsvContext,
    text: &str,
    start: usize,
    line: u64,
    first_record: u64,
) -> BatchOut {
    let mut out = ctx.take_spare();
    let mut scratch = Scratch {
        problems: Vec::new(),
        bounds: Vec::new(),
    };
    let bytes = text.as_bytes();
    let mut at = start.min(text.len());
    let mut line = line;
    let mut record_no = first_record.saturating_sub(1);
    loop {
        // Blank lines are skipped, as the reader skips them.
        match bytes.get(at) {
            None => break,
            Some(b'\n') => {
                at += 1;
                line += 1;
                continue;
            }
            Some(b'\r') => {
                at += 1;
                if bytes.get(at) == Some(&b'\n') {
                    at += 1;
                }
                line += 1;
                continue;
            }
            Some(_) => {}
        }
        record_no += 1;
        out.records += 1;
        if ctx.plain_rows {
            if let Some(next) = plain_row(ctx, text, at, line, record_no, &mut scratch, &mut out) {
                at = next;
                line += 1;
                continue;
            }
        }
        let mut reader = csv_records::Reader::starting_at(
            text,
            at,
            line,
            ctx.limits.max_cell_bytes,
            ctx.limits.max_line_bytes,
        );
        let Some(row) = reader.next_record(&mut scratch.problems) else {
            // Not reached: the text at `at` is not blank.
            break;
        };
        slow_row(ctx, text, row, record_no, &mut scratch, &mut out);
        at = reader.offset().max(at + 1);
        line = reader.line();
    }
    // The reference checks, for the whole batch at once: the ids' slots are fetched first,
    // all together, rather than one cache miss after another. A ragged row passes none.
    let BatchOut {
        rows,
        cells,
        values,
        ..
    } = &mut out;
    let names = &ctx.key_columns;
    let whole: Vec<RowFields<'_>> = rows
        .iter()
        .filter(|r| !r.ragged)
        .map(|row| RowFields::of(cells, values, row, names))
        .collect();
    let mut homes = Vec::new();
    ctx.lookups.prefetch(&whole, &mut homes);
    for (row, fields) in rows.iter_mut().filter(|r| !r.ragged).zip(&whole) {
        row.passed = ctx.lookups.passed(fields);
    }
    out
}

/// Buffers reused from row to row.
struct Scratch {
    problems: Vec<Problem>,
    /// The plain path's cells: start and end, counted from the row's start.
    bounds: Vec<(usize, usize)>,
}

/// Keeps a key cell for the package checks: its value after those of its row (which start
/// at `values` in `out`), and its place counted from its row (lines after the row's first,
/// column, offset from the row's start, length). Parts of a record, at most `u32::MAX`
/// bytes, so they fit; saturated all the same.
fn keep_cell(
    out: &mut BatchOut,
    values: usize,
    key: usize,
    value: &str,
    too_big: bool,
    (line, column, offset, len): (u64, u64, usize, usize),
) {
    let small = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    out.cells.push(KeyCell {
        key: key as u8,
        too_big,
        value_at: small((out.values.len() - values) as u64),
        value_len: small(value.len() as u64),
        line: small(line),
        column: small(column),
        offset: small(offset as u64),
        len: small(len as u64),
    });
    out.values.push_str(value);
}

/// Checks the row at byte `at` of `text` on the plain path; the offset of the next row, or
/// `None` (nothing kept) when the row must be read by the positioned reader.
fn plain_row(
    ctx: &CsvContext,
    text: &str,
    at: usize,
    line: u64,
    record_no: u64,
    scratch: &mut Scratch,
    out: &mut BatchOut,
) -> Option<usize> {
    // Where the row ends, as every CSV path decides it (`input::csv_scan`); a row with a
    // quote goes to the positioned reader.
    let row_end = csv_scan::record_end(text.as_bytes(), at);
    if row_end.has_quote || row_end.end - at > ctx.limits.max_line_bytes {
        return None;
    }
    let end = row_end.content_end - at;
    let row = text.as_bytes().get(at..row_end.content_end)?;
    let bounds = &mut scratch.bounds;
    bounds.clear();
    let mut from = 0;
    for comma in memchr::memchr_iter(b',', row) {
        bounds.push((from, comma));
        from = comma + 1;
    }
    bounds.push((from, end));
    let max_cell = ctx.limits.max_cell_bytes;
    if bounds.len() != ctx.header_len || bounds.iter().any(|(s, e)| e - s > max_cell) {
        return None;
    }
    // Commas are ASCII, so every bound is a character boundary.
    let row_text = text.get(at..at + end)?;
    let issues = ctx.check.check_cells(
        Row::Split(row_text, bounds),
        &ctx.header,
        ctx.by_position,
        &ctx.text_columns,
    )?;
    if !issues.is_empty() {
        return None;
    }
    let first = out.cells.len();
    let values = out.values.len();
    let ascii = row.is_ascii();
    for (key, (_, i)) in ctx.key_columns.iter().enumerate() {
        let Some(&(s, e)) = bounds.get(*i) else {
            continue;
        };
        let before = row.get(..s).unwrap_or_default();
        // Columns count characters: in ASCII, bytes.
        let column = 1 + if ascii {
            before.len() as u64
        } else {
            text::char_count(before)
        };
        let value = row_text.get(s..e).unwrap_or_default();
        keep_cell(out, values, key, value, false, (0, column, s, e - s));
    }
    out.rows.push(RowKeys {
        record: record_no,
        line,
        start: at,
        ragged: false,
        cells: first..out.cells.len(),
        values,
        passed: 0,
    });
    Some(row_end.end)
}

/// Checks a row read by the positioned reader: its reading problems, its shape, its cells
/// (typed, or through the JSON Schema when they do not deserialize), and keeps its key cells.
fn slow_row(
    ctx: &CsvContext,
    text: &str,
    row: csv_records::Record<'_>,
    record_no: u64,
    scratch: &mut Scratch,
    out: &mut BatchOut,
) {
    let (name, table, check) = (&ctx.name, ctx.table, &*ctx.check);
    let hide = ctx.hide_values;
    let finding = |p| problem_finding(name, Some(table), hide, text, Some(record_no), p);
    out.findings.extend(scratch.problems.drain(..).map(finding));
    if row.too_big {
        return;
    }
    // A row of empty cells: one finding, and nothing of it checked or kept.
    if let Some(p) = super::empty_row::empty_row(&row) {
        out.findings.push(finding(p));
        let keys = out.cells.len()..out.cells.len();
        let values = out.values.len();
        out.rows.push(RowKeys {
            record: record_no,
            line: row.line,
            start: row.start,
            ragged: true,
            cells: keys,
            values,
            passed: 0,
        });
        return;
    }
    let ragged = row.cells.len() != ctx.header_len;
    if ragged {
        let at = row
            .cells
            .get(ctx.header_len)
            .map_or(Pos::new(row.line, 1, row.start, 0), |c| c.pos);
        out.findings.push(finding(Problem::new(
            "csv.ragged-row",
            msg!(
                "the row has {} cells but the header {}; its cells were not checked",
                f(row.cells.len()),
                f(ctx.header_len)
            ),
            Pos { len: 0, ..at },
        )));
    }
    let issues = if ragged {
        Vec::new()
    } else if ctx.clean_header && !row.cells.iter().any(|c| c.too_big) {
        // The fast path: the row straight into the table's type; the schema only
        // explains a row it refuses.
        match check.check_cells(
            Row::Read(&row.cells),
            &ctx.header,
            ctx.by_position,
            &ctx.text_columns,
        ) {
            Some(issues) => issues,
            None => check.check(&row_object(check, &ctx.columns, &row.cells), &[]),
        }
    } else {
        let mut skip: Vec<&str> = ctx.missing.iter().map(String::as_str).collect();
        for (cell, column) in row.cells.iter().zip(&ctx.columns) {
            if let (true, Some(column)) = (cell.too_big, column) {
                skip.push(column.as_str());
            }
        }
        check.check(&row_object(check, &ctx.columns, &row.cells), &skip)
    };
    let row_pos = Pos::new(row.line, 1, row.start, 0);
    for issue in issues {
        let pos = issue
            .field
            .as_deref()
            .and_then(|f| ctx.index.get(f))
            .and_then(|i| row.cells.get(*i))
            .map_or(row_pos, |c| c.pos);
        let field = issue.field.clone();
        out.findings.push(issue_finding(
            name, table, hide, text, record_no, pos, field, issue,
        ));
    }
    let first = out.cells.len();
    let values = out.values.len();
    for (key, (_, i)) in ctx.key_columns.iter().enumerate() {
        if let Some(cell) = row.cells.get(*i) {
            let place = (
                cell.pos.line.saturating_sub(row.line),
                cell.pos.column,
                cell.pos.offset.saturating_sub(row.start),
                cell.pos.len,
            );
            keep_cell(out, values, key, &cell.value, cell.too_big, place);
        }
    }
    out.rows.push(RowKeys {
        record: record_no,
        line: row.line,
        start: row.start,
        ragged,
        cells: first..out.cells.len(),
        values,
        passed: 0,
    });
}

/// A CSV row as the JSON object its cells stand for (typed by the table's schema; empty cells,
/// cells past the size limit and unread columns left out).
pub(crate) fn row_object(
    check: &TableCheck,
    columns: &[Option<String>],
    cells: &[csv_records::Cell<'_>],
) -> Value {
    let mut map = Map::new();
    for (cell, column) in cells.iter().zip(columns) {
        let Some(column) = column else { continue };
        if cell.too_big || map.contains_key(column) {
            continue;
        }
        if let Some(v) = check.cell_value(check.field(column), &cell.value) {
            map.insert(column.clone(), v);
        }
    }
    Value::Object(map)
}
