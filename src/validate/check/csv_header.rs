//! A CSV file's header read: which field each column holds, the problems of the header, and
//! the [`CsvContext`] every batch of the file is checked with.

use std::collections::HashMap;
use std::sync::Arc;

use super::csv_batch::CsvContext;
use crate::input::message::msg;
use crate::input::{Pos, Problem, csv_records};
use crate::model::Table;
use crate::validate::Limits;
use crate::validate::bytes::Batch;
use crate::validate::keys::Lookups;
use crate::validate::record::TableCheck;

/// The outcome of reading a CSV header.
pub(crate) enum Header {
    /// The text holds no record yet.
    Blank,
    /// The file cannot be read further.
    Stop,
    /// The file is not a comma-separated table (see [`super::delimiter`]): it cannot be read
    /// further, and its table counts as not given.
    Withdrawn,
    /// The header, and where the first row starts.
    Read {
        ctx: Box<CsvContext>,
        start: usize,
        line: u64,
    },
}

/// Reads the header of the CSV file `name` from the first record of `batch`; its problems go
/// to `problems`, all at `batch`'s text, of no record.
#[allow(clippy::too_many_arguments)]
pub(crate) fn read_header(
    name: &Arc<str>,
    table: Table,
    batch: &Batch,
    check: Arc<TableCheck>,
    mut limits: Limits,
    plain_rows: bool,
    hide_values: bool,
    lookups: Lookups,
    problems: &mut Vec<Problem>,
) -> Header {
    // A record is read in at most `u32::MAX` bytes (see [`csv_batch::KeyCell`]).
    limits.max_line_bytes = limits.max_line_bytes.min(u32::MAX as usize);
    limits.max_cell_bytes = limits.max_cell_bytes.min(u32::MAX as usize);
    let text = batch.text.as_str();
    let mut reader = csv_records::Reader::starting_at(
        text,
        0,
        batch.line,
        limits.max_cell_bytes,
        limits.max_line_bytes,
    );
    let Some(header) = reader.next_record(problems) else {
        return Header::Blank;
    };
    let name = name.clone();
    if header.too_big {
        // Reported by the reader; without a header no row can be read.
        return Header::Stop;
    }
    if header.cells.len() > limits.max_columns {
        problems.push(Problem::new(
                "limit.columns",
                msg!(
                    "the header has {} columns, more than the limit of {}; the file was not read further",
                    f(header.cells.len()),
                    f(limits.max_columns)
                ),
                Pos::new(header.line, 1, header.start, 0),
            ));
        return Header::Stop;
    }
    // Which field each column holds (`None`: unknown or repeated, not read).
    let field_names: Vec<String> = check.fields.iter().map(|f| f.name.clone()).collect();
    // Another separator than commas: one finding, and the table counts as not given.
    if let Some(p) = super::delimiter::sniff(&header, table, &field_names) {
        problems.push(p);
        return Header::Withdrawn;
    }
    let required: Vec<String> = check
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name.clone())
        .collect();
    let mut columns: Vec<Option<String>> = Vec::new();
    let mut header_problems = Vec::new();
    for cell in &header.cells {
        let title = cell.value.as_ref();
        if !field_names.iter().any(|f| f == title) {
            let mut p = Problem::new(
                "csv.header-unknown",
                msg!(
                    "the column `{}` is not a field of {}; remove or rename it",
                    v(title),
                    f(table)
                ),
                cell.pos,
            )
            .with_field(title);
            p.hint =
                crate::validate::record::closest(title, field_names.iter().map(String::as_str))
                    .map(|c| msg!("did you mean `{}`?", f(c)));
            header_problems.push(p);
            columns.push(None);
        } else if columns.iter().flatten().any(|c| c == title) {
            header_problems.push(
                Problem::new(
                    "csv.header-duplicate",
                    msg!(
                        "the column `{}` appears twice; keep one (only the first is read)",
                        f(title)
                    ),
                    cell.pos,
                )
                .with_field(title),
            );
            columns.push(None);
        } else {
            columns.push(Some(title.to_owned()));
        }
    }
    let mut missing: Vec<String> = Vec::new();
    for field in &required {
        if !columns.iter().flatten().any(|c| c == field) {
            header_problems.push(
                Problem::new(
                    "csv.header-missing",
                    msg!(
                        "the header has no column `{}`, a required field of {}; add it",
                        f(field),
                        f(table)
                    ),
                    Pos::new(header.line, 1, header.start, 0),
                )
                .with_field(field.as_str()),
            );
            missing.push(field.clone());
        }
    }
    // A clean header lets rows take the fast path (their cells straight into the table's
    // type, see `cells`); otherwise rows go through the JSON form and the schema.
    let clean_header = header_problems.is_empty();
    let header_names: Vec<String> = header.cells.iter().map(|c| c.value.to_string()).collect();
    let text_columns = check.text_columns(&header_names);
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, column) in columns.iter().enumerate() {
        if let Some(column) = column {
            index.entry(column.clone()).or_insert(i);
        }
    }
    problems.extend(header_problems);
    let key_columns = CsvContext::key_columns(table, &index);
    let ctx = CsvContext {
        name,
        table,
        by_position: check.by_position(&header_names),
        check,
        header_len: header.cells.len(),
        header_line: header.line,
        header_start: header.start,
        columns,
        index,
        missing,
        clean_header,
        plain_rows: clean_header && plain_rows,
        header: header_names,
        text_columns,
        key_columns,
        hide_values,
        limits,
        lookups,
        spare: std::sync::Mutex::new(Vec::new()),
    };
    Header::Read {
        ctx: Box::new(ctx),
        start: reader.offset(),
        line: reader.line(),
    }
}
