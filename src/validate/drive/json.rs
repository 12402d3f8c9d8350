//! One JSON or JSON Lines file read: its records found (an array, a dataset object, a line
//! each), checked, and taken in by the package checks.

use std::borrow::Cow;
use std::sync::Arc;

use serde_json::Value;

use super::{Failure, Job, Run};
use crate::input::json::{self, Parsed};
use crate::input::message::msg;
use crate::input::{Message, Pos, Problem};
use crate::model::Table;
use crate::validate::ValidateError;
use crate::validate::bytes::Decoder;
use crate::validate::check::json_line::DirectLines;
use crate::validate::keys::Loc;
use crate::validate::located::issue_finding;

impl Run<'_> {
    /// Checks one JSON record object found at `base` (a JSON Pointer) in `parsed`.
    #[allow(clippy::too_many_arguments)]
    fn json_record(
        &mut self,
        name: &Arc<str>,
        table: Table,
        text: &str,
        parsed: &Parsed,
        base: &str,
        record_no: u64,
        object: &Value,
    ) -> Result<(), ValidateError> {
        let Value::Object(map) = object else {
            return Ok(());
        };
        let record_pos = parsed.positions.get(base).copied().unwrap_or_default();
        let pointer = |field: &str| {
            let mut p = base.to_owned();
            json::push_pointer(&mut p, field);
            p
        };
        let pos_of = |field: &str| {
            parsed
                .positions
                .get(&pointer(field))
                .copied()
                .unwrap_or(record_pos)
        };
        let issues = self.check(table).check(object, &[]);
        let hide = self.options.hide_values;
        for issue in issues {
            let (pos, field) = match issue.field.as_deref() {
                Some(f) => (pos_of(f), Some(pointer(f))),
                None => (record_pos, Some(base.to_owned())),
            };
            // A missing field is marked at its record, but named by its pointer.
            self.sink.push(issue_finding(
                name, table, hide, text, record_no, pos, field, issue,
            ));
        }
        let file = self.package.file_index(name);
        let offset = self.base_offset;
        let locate = |field: &'static str| {
            let pos = pos_of(field);
            Loc {
                file,
                table,
                line: pos.line,
                column: pos.column,
                record: record_no,
                offset: offset + pos.offset as u64,
                len: pos.len as u32,
                field: Cow::Owned(pointer(field)),
            }
        };
        self.package.add(table, map, &locate, false, &mut self.sink);
        Ok(())
    }

    fn shape(
        &mut self,
        name: &Arc<str>,
        table: Option<Table>,
        text: &str,
        pos: Pos,
        pointer: &str,
        message: Message,
    ) {
        self.push_problem(
            name,
            table,
            text,
            None,
            Problem::new("json.shape", message, pos).with_field(pointer),
        );
    }

    /// A JSON file that holds no record warns, as a CSV file with only its header does.
    fn no_records(&mut self, name: &Arc<str>, table: Option<Table>, text: &str, pos: Pos) {
        self.push_problem(
            name,
            table,
            text,
            None,
            Problem::new(
                "file.no-records",
                "the file holds no record (an empty array, or a dataset whose tables are all empty)",
                pos,
            )
            .with_field(""),
        );
    }

    pub(super) fn json(&mut self, job: &Job, text: &str) -> Result<u64, ValidateError> {
        let name = job.name.clone();
        let parsed = match json::parse(text, self.options.limits.json(3)) {
            Ok(parsed) => parsed,
            Err(failed) => {
                for p in failed.problems.into_iter().chain([*failed.fatal]) {
                    self.push_problem(&name, job.table, text, None, p);
                }
                return Ok(0);
            }
        };
        for p in parsed.problems.clone() {
            self.push_problem(&name, job.table, text, None, p);
        }
        let root_pos = parsed.positions.get("").copied().unwrap_or_default();
        let mut records = 0;
        match &parsed.value {
            Value::Array(items) => {
                let Some(table) = job.table else {
                    self.unknown_table(job);
                    return Ok(0);
                };
                records += self.json_records(&name, table, text, &parsed, "", items)?;
                if items.is_empty() {
                    self.no_records(&name, job.table, text, root_pos);
                }
            }
            Value::Object(tables) if job.single || job.table.is_none() => {
                // A dataset holds every table (one left out is empty), so references into
                // any table are checked, once all of them are read. A planned dataset is
                // expected from the start (see `Job::dataset`).
                self.dataset_read = job.dataset;
                let known = if job.dataset {
                    Vec::new()
                } else {
                    Table::ALL.to_vec()
                };
                for t in &known {
                    self.package.expect_file(*t);
                }
                for (key, rows) in tables {
                    let mut pointer = String::new();
                    json::push_pointer(&mut pointer, key);
                    let pos = parsed.positions.get(&pointer).copied().unwrap_or(root_pos);
                    let Some(table) = Table::from_name(key) else {
                        let mut p = Problem::new(
                            "file.unknown-table",
                            msg!(
                                "`{}` is not a defcoop table; a dataset object has one array per table",
                                v(key)
                            ),
                            pos,
                        )
                        .with_field(pointer.as_str());
                        let names = Table::ALL.iter().map(|t| t.name());
                        p.hint = crate::validate::record::closest(key, names)
                            .map(|c| msg!("did you mean `{}`?", f(c)));
                        self.push_problem(&name, None, text, None, p);
                        continue;
                    };
                    let Value::Array(items) = rows else {
                        self.shape(
                            &name,
                            Some(table),
                            text,
                            pos,
                            &pointer,
                            msg!("`{}` should be an array of records", f(key)),
                        );
                        continue;
                    };
                    records += self.json_records(&name, table, text, &parsed, &pointer, items)?;
                }
                for t in known {
                    self.package.file_done(t);
                }
                if records == 0 {
                    self.no_records(&name, job.table, text, root_pos);
                }
            }
            _ => {
                let message = if job.single {
                    "the file should hold a dataset object (one array per table) or an array of one table's records"
                } else {
                    "the file should hold an array of its table's records"
                };
                self.shape(&name, job.table, text, root_pos, "", message.into());
            }
        }
        Ok(records)
    }

    fn json_records(
        &mut self,
        name: &Arc<str>,
        table: Table,
        text: &str,
        parsed: &Parsed,
        base: &str,
        items: &[Value],
    ) -> Result<u64, ValidateError> {
        for (i, item) in items.iter().enumerate() {
            let pointer = format!("{base}/{i}");
            let record_no = i as u64 + 1;
            match item {
                Value::Object(_) => {
                    self.json_record(name, table, text, parsed, &pointer, record_no, item)?
                }
                _ => {
                    let pos = parsed.positions.get(&pointer).copied().unwrap_or_default();
                    self.shape(
                        name,
                        Some(table),
                        text,
                        pos,
                        &pointer,
                        "a record should be an object of fields".into(),
                    );
                }
            }
        }
        Ok(items.len() as u64)
    }

    pub(super) fn json_lines(
        &mut self,
        job: &Job,
        decoder: &mut Decoder<'_>,
    ) -> Result<u64, Failure> {
        let Some(table) = job.table else {
            while decoder.next_block()?.is_some() {}
            if decoder.not_blank {
                self.unknown_table(job);
            }
            return Ok(0);
        };
        let mut records = 0;
        let mut lines = 0;
        while let Some((at, block)) = decoder.next_block()? {
            self.base_offset = at;
            records = self.json_lines_block(job, table, &block, lines, records)?;
            self.sink.bound(self.file_first, self.options.max_findings);
            lines += memchr::memchr_iter(b'\n', block.as_bytes()).count() as u64;
        }
        self.base_offset = 0;
        Ok(records)
    }

    /// The JSON Lines of one block of text, whose first line is `lines + 1`.
    fn json_lines_block(
        &mut self,
        job: &Job,
        table: Table,
        text: &str,
        lines: u64,
        mut records: u64,
    ) -> Result<u64, ValidateError> {
        let name = job.name.clone();
        let limits = self.options.limits.json(1);
        let max_line = self.options.limits.max_line_bytes;
        let check = self.check(table);
        let fast = self
            .direct_json_lines
            .then(|| DirectLines::new(&check, limits));
        let mut file = None;
        let mut start = 0;
        let mut line_no = lines;
        while start < text.len() {
            line_no += 1;
            let end = text
                .get(start..)
                .and_then(|rest| rest.find('\n'))
                .map_or(text.len(), |i| start + i);
            let (line_start, line_end) = (start, end);
            start = end + 1;
            let line = text.get(line_start..line_end).unwrap_or("");
            if line.trim().is_empty() {
                continue;
            }
            records += 1;
            if line.len() > max_line {
                self.push_problem(
                    &name,
                    Some(table),
                    text,
                    Some(records),
                    Problem::new(
                        "limit.line-size",
                        msg!(
                            "the line is {} bytes, more than the limit of {} bytes; it was not checked",
                            f(line.len()),
                            f(max_line)
                        ),
                        Pos::new(line_no, 1, line_start, 0),
                    ),
                );
                continue;
            }
            if let Some(fields) = fast.as_ref().and_then(|f| f.accept(line)) {
                let file = *file.get_or_insert_with(|| self.package.file_index(&name));
                let at = self.base_offset + line_start as u64;
                let locate = |field| fields.locate(field, (file, table), (line_no, at, records));
                self.package
                    .add(table, &fields, &locate, false, &mut self.sink);
                continue;
            }
            match json::parse_range(text, line_start, line_end, line_no, limits) {
                Err(failed) => {
                    for p in failed.problems.into_iter().chain([*failed.fatal]) {
                        self.push_problem(&name, Some(table), text, Some(records), p);
                    }
                }
                Ok(parsed) => {
                    for p in parsed.problems.clone() {
                        self.push_problem(&name, Some(table), text, Some(records), p);
                    }
                    match &parsed.value {
                        Value::Object(_) => self.json_record(
                            &name,
                            table,
                            text,
                            &parsed,
                            "",
                            records,
                            &parsed.value,
                        )?,
                        _ => {
                            let pos = parsed.positions.get("").copied().unwrap_or_default();
                            self.shape(
                                &name,
                                Some(table),
                                text,
                                pos,
                                "",
                                "a JSON Lines line should be one record object".into(),
                            );
                        }
                    }
                }
            }
        }
        Ok(records)
    }
}
