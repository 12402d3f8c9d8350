//! One CSV file read: its header, then its batches checked (on the workers when there are
//! some, see [`super::super::ordered`]) and taken in by the package checks in file order.

use std::borrow::Cow;
use std::sync::Arc;

use super::{Failure, Job, Run};
use crate::input::{Pos, Problem};
use crate::validate::ValidateError;
use crate::validate::bytes::{Batch, Batcher, Decoder};
use crate::validate::check::csv_batch::{self, BatchOut, CsvContext, RowFields};
use crate::validate::check::csv_header::{Header, read_header};
use crate::validate::keys::{Loc, PackageState};
use crate::validate::located::problem_finding;
use crate::validate::ordered::{self, Stop};
use crate::validate::sink::{DeferredSnippet, Sink};

impl Run<'_> {
    pub(super) fn csv(&mut self, job: &Job, decoder: &mut Decoder<'_>) -> Result<u64, Failure> {
        let Some(table) = job.table else {
            while decoder.next_block()?.is_some() {}
            if decoder.not_blank {
                self.unknown_table(job);
            }
            return Ok(0);
        };
        let file = self.package.file_index(&job.name);
        let mut batcher = Batcher::new(self.block);
        // Text that is all white space is held back: an empty file is not read as CSV.
        let mut held: Vec<Batch> = Vec::new();
        let mut next =
            |decoder: &mut Decoder<'_>, held: &mut Vec<Batch>| -> Result<Option<Batch>, Failure> {
                loop {
                    if decoder.not_blank {
                        if let Some(b) = (!held.is_empty()).then(|| held.remove(0)) {
                            return Ok(Some(b));
                        }
                    }
                    match decoder.next_block()? {
                        Some((at, block)) => {
                            if let Some(b) = batcher.push(at, block) {
                                held.push(b);
                            }
                        }
                        None => {
                            held.extend(batcher.finish());
                            if !decoder.not_blank {
                                return Ok(None);
                            }
                            return Ok((!held.is_empty()).then(|| held.remove(0)));
                        }
                    }
                }
            };
        // The header, from the first batch holding a record.
        let (ctx, first) = loop {
            let Some(batch) = next(decoder, &mut held)? else {
                return Ok(0);
            };
            let mut problems = Vec::new();
            let header = read_header(
                &job.name,
                table,
                &batch,
                self.checks.get(table),
                self.options.limits,
                self.plain_csv_rows,
                self.options.hide_values,
                self.package.lookups(table),
                &mut problems,
            );
            for p in problems {
                self.push_problem(&job.name, Some(table), &batch.text, None, p);
            }
            match header {
                Header::Blank => continue,
                Header::Stop => return Ok(0),
                Header::Withdrawn => {
                    self.package.withdraw_file(table);
                    return Ok(0);
                }
                Header::Read { ctx, start, line } => break (ctx, (batch, start, line)),
            }
        };
        let ctx: Arc<CsvContext> = Arc::from(ctx);
        let header_pos = first.0.offset;
        let (batch, start, line) = first;
        // The first batch holds the header: its first row is record 1. The others are
        // checked whole, by `check`.
        let out = csv_batch::check_batch(&ctx, &batch.text, start, line, 1);
        // Room for the file's ids at once, from the size of the first rows (growing the set
        // step by step would copy it, and hold two copies while it does).
        let read = batch.text.len().saturating_sub(start) as u64;
        if read > 0 && out.records > 0 && self.file_size > batch.text.len() as u64 {
            let estimate = self.file_size.saturating_sub(header_pos) / read.div_ceil(out.records);
            self.package
                .expect_rows(table, usize::try_from(estimate).unwrap_or(usize::MAX));
        }
        let check = |b: Batch| {
            let out = csv_batch::check_batch(&ctx, &b.text, 0, b.line, b.records_before);
            (b.offset, out)
        };
        let mut intake = Intake {
            package: &mut self.package,
            sink: &mut self.sink,
            ctx: &ctx,
            file,
            file_first: self.file_first,
            max_findings: self.options.max_findings,
            records: 0,
        };
        intake.take((batch.offset, out));
        drop(batch);
        match self.pool.take() {
            None => {
                while let Some(batch) = next(decoder, &mut held)? {
                    intake.take(check(batch));
                }
            }
            Some(pool) => {
                // Batches are checked on the workers while this thread reads the next ones
                // and takes in the checked ones in batch order (the package state stays on
                // it), so the findings are those of one thread.
                let done = ordered::map_in_order(
                    &pool,
                    || next(decoder, &mut held),
                    &check,
                    |checked| intake.take(checked),
                );
                self.pool = Some(pool);
                match done {
                    Ok(()) => {}
                    Err(Stop::Next(e)) => return Err(e),
                    Err(Stop::Panicked) => {
                        return Err(Failure::Stop(ValidateError::Internal(
                            "checking a batch of records failed".into(),
                        )));
                    }
                }
            }
        }
        let records = intake.records;
        // An empty table of a package is a table with no rows, as a package the crate writes
        // has (`package::write_package`); only a file given on its own is suspicious.
        if records == 0 && job.single {
            let f = problem_finding(
                &job.name,
                Some(table),
                true,
                "",
                None,
                Problem::new(
                    "csv.header-only",
                    "the file has a header but no records",
                    Pos::new(ctx.header_line, 1, 0, 0),
                ),
            );
            if self.options.hide_values {
                self.sink.push(f);
            } else {
                let snippet = DeferredSnippet {
                    file,
                    offset: header_pos + ctx.header_start as u64,
                    len: 0,
                };
                self.sink.push_deferred(f, snippet);
            }
        }
        Ok(records)
    }
}

/// Takes in a file's checked batches, in file order, on the thread that holds the package
/// state: their findings into the sink (bounded after each), their key cells into the
/// package checks; counts the records.
struct Intake<'a> {
    package: &'a mut PackageState,
    sink: &'a mut Sink,
    ctx: &'a CsvContext,
    file: u32,
    /// Where the file's findings start in the sink, and how many of them are kept.
    file_first: usize,
    max_findings: usize,
    records: u64,
}

impl Intake<'_> {
    /// Takes in a checked batch, with its offset in the file.
    fn take(&mut self, (offset, out): (u64, BatchOut)) {
        self.records += out.records;
        take_in_batch(self.package, self.sink, self.ctx, self.file, offset, out);
        self.sink.bound(self.file_first, self.max_findings);
    }
}

/// Takes in the findings and key cells of a checked batch (at `offset` in the file), in
/// reading order.
fn take_in_batch(
    package: &mut PackageState,
    sink: &mut Sink,
    ctx: &CsvContext,
    file: u32,
    offset: u64,
    mut out: BatchOut,
) {
    sink.extend(out.findings.drain(..));
    let table = ctx.table;
    let fields_of = |row| RowFields::of(&out.cells, &out.values, row, &ctx.key_columns);
    // The slots of the ids about to be added, fetched all together (see `IdSet::prefetch`).
    package.prefetch_ids(
        table,
        out.rows.iter().filter_map(|row| fields_of(row).value("id")),
        &mut Vec::new(),
    );
    for row in &out.rows {
        let fields = fields_of(row);
        let locate = |field: &'static str| {
            let pos = fields
                .cell(field)
                .map_or(Pos::new(row.line, 1, row.start, 0), |c| c.pos(row));
            Loc {
                file,
                table,
                line: pos.line,
                column: pos.column,
                record: row.record,
                offset: offset + pos.offset as u64,
                len: pos.len as u32,
                field: Cow::Borrowed(field),
            }
        };
        package.add_checked(table, &fields, &locate, row.ragged, row.passed, sink);
    }
    ctx.give_back(out);
}
