//! The pipeline: inputs to files, files to records, records to findings, findings to a report.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Map, Value};

use super::package::{Fields, Loc, PackageState};
use super::record::{Checks, Issue, TableCheck};
use super::{FileSummary, Finding, Input, Options, Report, Snippet, ValidateError, finding};
use crate::input::json::{self, JsonLimits, Parsed};
use crate::input::{Format, Pos, Problem, csv, descriptor, table_from_name, text};
use crate::model::Table;
use crate::rules::Severity;

/// Where a file's bytes come from.
enum Bytes {
    Loaded(Vec<u8>),
    Borrowed(Arc<[u8]>),
    File(PathBuf),
}

/// One data file to read.
struct Job {
    name: Arc<str>,
    bytes: Bytes,
    format: Option<Format>,
    table: Option<Table>,
    /// A single file (not a package resource): a JSON object in it is a whole dataset.
    single: bool,
}

struct Run<'o> {
    options: &'o Options,
    checks: Checks,
    package: PackageState,
    findings: Vec<Finding>,
    /// Errors and warnings found but no longer kept (past the findings cap).
    dropped: (u64, u64),
    files: Vec<FileSummary>,
}

pub(super) fn validate(inputs: &[Input], options: &Options) -> Result<Report, ValidateError> {
    let mut run = Run::new(options);
    let mut jobs = Vec::new();
    for input in inputs {
        run.plan(input, &mut jobs)?;
    }
    run.execute(jobs)
}

/// Validates one file given as bytes, as if read from standard input under `name` (its
/// extension gives the format, else the bytes are sniffed; its stem or `table` gives the
/// table). The entry for fuzzing and benchmarks.
pub fn validate_bytes(
    name: &str,
    bytes: &[u8],
    table: Option<Table>,
    options: &Options,
) -> Result<Report, ValidateError> {
    let options = Options {
        table: table.or(options.table),
        ..options.clone()
    };
    validate(
        &[Input::Bytes {
            name: name.to_owned(),
            bytes: bytes.to_vec(),
        }],
        &options,
    )
}

/// Validates a package given in memory as (path, bytes) pairs, paths relative to the package
/// folder, one of them `datapackage.json` (the form the bundled package takes). The bytes
/// need not be `'static` (a fuzzer gives them); the resources are copied once.
pub fn validate_package_files(
    files: &[(&str, &[u8])],
    options: &Options,
) -> Result<Report, ValidateError> {
    let mut run = Run::new(options);
    let mut jobs = Vec::new();
    run.plan_memory_package(files, &mut jobs)?;
    run.execute(jobs)
}

fn normalize(path: &str) -> String {
    path.split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect::<Vec<_>>()
        .join("/")
}

fn read_file(path: &Path) -> Result<Vec<u8>, ValidateError> {
    std::fs::read(path).map_err(|source| ValidateError::Io {
        path: path.to_path_buf(),
        source,
    })
}

impl<'o> Run<'o> {
    fn new(options: &'o Options) -> Run<'o> {
        Run {
            options,
            checks: Checks::default(),
            package: PackageState::new(options.hide_values),
            findings: Vec::new(),
            dropped: (0, 0),
            files: Vec::new(),
        }
    }

    fn json_limits(&self, positions_depth: usize) -> JsonLimits {
        JsonLimits {
            max_depth: self.options.limits.max_depth,
            max_string: self.options.limits.max_cell_bytes,
            positions_depth,
        }
    }

    fn plan(&mut self, input: &Input, jobs: &mut Vec<Job>) -> Result<(), ValidateError> {
        match input {
            Input::Bundled => self.plan_memory_package(crate::package::bundled_files(), jobs),
            Input::Bytes { name, bytes } => {
                let format = Format::from_name(name).unwrap_or_else(|| Format::sniff(bytes));
                if format == Format::Json && looks_like_descriptor(bytes) {
                    return Err(ValidateError::Usage(format!(
                        "{name}: a data package descriptor must be given as a path, so its resources can be found"
                    )));
                }
                jobs.push(Job {
                    name: name.as_str().into(),
                    bytes: Bytes::Borrowed(bytes.as_slice().into()),
                    format: Some(format),
                    table: self.options.table.or_else(|| table_from_name(name)),
                    single: true,
                });
                Ok(())
            }
            Input::Path(path) => {
                let meta = std::fs::metadata(path).map_err(|source| ValidateError::Io {
                    path: path.clone(),
                    source,
                })?;
                if meta.is_dir() {
                    let descriptor = path.join("datapackage.json");
                    if !descriptor.is_file() {
                        return Err(ValidateError::NoDescriptor(path.clone()));
                    }
                    return self.plan_package(&descriptor, read_file(&descriptor)?, jobs);
                }
                let name = path.display().to_string();
                let format = Format::from_name(&name);
                if matches!(format, Some(Format::Json) | None) {
                    let bytes = read_file(path)?;
                    if looks_like_descriptor(&bytes) {
                        return self.plan_package(path, bytes, jobs);
                    }
                    let format = format.unwrap_or_else(|| Format::sniff(&bytes));
                    jobs.push(Job {
                        name: name.as_str().into(),
                        bytes: Bytes::Loaded(bytes),
                        format: Some(format),
                        table: self.options.table.or_else(|| table_from_name(&name)),
                        single: true,
                    });
                    return Ok(());
                }
                jobs.push(Job {
                    name: name.as_str().into(),
                    bytes: Bytes::File(path.clone()),
                    format,
                    table: self.options.table.or_else(|| table_from_name(&name)),
                    single: true,
                });
                Ok(())
            }
        }
    }

    /// Plans a package held in memory as (path, bytes) pairs, such as the bundled package.
    fn plan_memory_package(
        &mut self,
        files: &[(&str, &[u8])],
        jobs: &mut Vec<Job>,
    ) -> Result<(), ValidateError> {
        let Some((_, descriptor_bytes)) = files.iter().find(|(p, _)| *p == "datapackage.json")
        else {
            return Err(ValidateError::Usage(
                "the package files hold no datapackage.json".into(),
            ));
        };
        let resources = self.read_descriptor("datapackage.json", descriptor_bytes);
        let mut planned = Vec::new();
        for r in resources {
            descriptor::check_relative(&r.path).map_err(|reason| ValidateError::UnsafePath {
                descriptor: "datapackage.json".into(),
                path: r.path.clone(),
                reason,
            })?;
            planned.push(r);
        }
        for r in planned {
            let wanted = normalize(&r.path);
            let Some((_, bytes)) = files.iter().find(|(p, _)| normalize(p) == wanted) else {
                return Err(ValidateError::Io {
                    path: r.path.clone().into(),
                    source: std::io::Error::new(std::io::ErrorKind::NotFound, "not in the package"),
                });
            };
            jobs.push(Job {
                name: r.path.as_str().into(),
                bytes: Bytes::Borrowed(Arc::from(*bytes)),
                format: r.format,
                table: r.table,
                single: false,
            });
        }
        Ok(())
    }

    /// Reads a descriptor (its problems become findings) and gives its resources.
    fn read_descriptor(&mut self, name: &str, bytes: &[u8]) -> Vec<descriptor::Resource> {
        let name: Arc<str> = name.into();
        let decoded = text::decode(bytes);
        let text = decoded.text.as_deref().unwrap_or("");
        for p in decoded.problems {
            self.push_problem(&name, None, text, None, p);
        }
        self.files.push(FileSummary {
            file: name.to_string(),
            table: None,
            records: 0,
            bytes: bytes.len() as u64,
        });
        if text.trim().is_empty() {
            return Vec::new();
        }
        match json::parse(text, self.json_limits(3)) {
            Ok(parsed) => {
                for p in parsed.problems.clone() {
                    self.push_problem(&name, None, text, None, p);
                }
                let d = descriptor::read(&parsed);
                for p in d.problems {
                    self.push_problem(&name, None, text, None, p);
                }
                d.resources
            }
            Err(failed) => {
                for p in failed.problems.into_iter().chain([*failed.fatal]) {
                    self.push_problem(&name, None, text, None, p);
                }
                Vec::new()
            }
        }
    }

    fn plan_package(
        &mut self,
        descriptor_path: &Path,
        bytes: Vec<u8>,
        jobs: &mut Vec<Job>,
    ) -> Result<(), ValidateError> {
        let shown = descriptor_path.display().to_string();
        let resources = self.read_descriptor(&shown, &bytes);
        let folder = descriptor_path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let root = folder.canonicalize().map_err(|source| ValidateError::Io {
            path: folder.to_path_buf(),
            source,
        })?;
        // Every path is checked before any data file is opened.
        let mut planned = Vec::new();
        for r in resources {
            let resolved = descriptor::resolve(&root, &r.path).map_err(|reason| {
                ValidateError::UnsafePath {
                    descriptor: descriptor_path.to_path_buf(),
                    path: r.path.clone(),
                    reason,
                }
            })?;
            planned.push((r, resolved));
        }
        // Two paths may lead to one file (a link inside the folder): it is read once.
        let mut seen: HashMap<PathBuf, String> = HashMap::new();
        let descriptor_name: Arc<str> = shown.as_str().into();
        for (r, resolved) in planned {
            let file = resolved.map_err(|source| ValidateError::Io {
                path: folder.join(&r.path),
                source,
            })?;
            if let Some(first) = seen.get(&file) {
                let p = Problem::new(
                    "file.duplicate-resource",
                    format!(
                        "`{}` is the file `{first}` again (through a link); keep one resource per file",
                        r.path
                    ),
                    r.pos,
                )
                .with_field(format!("{}/path", r.pointer));
                self.push_problem(&descriptor_name, None, "", None, p);
                continue;
            }
            seen.insert(file.clone(), r.path.clone());
            let shown = if folder == Path::new(".") {
                r.path.clone()
            } else {
                folder.join(&r.path).display().to_string()
            };
            jobs.push(Job {
                name: shown.as_str().into(),
                bytes: Bytes::File(file),
                format: r.format,
                table: r.table,
                single: false,
            });
        }
        Ok(())
    }

    fn execute(mut self, mut jobs: Vec<Job>) -> Result<Report, ValidateError> {
        // Tables in dependency order, so most references are resolved as they are read.
        jobs.sort_by_key(|j| j.table.map_or(usize::MAX, |t| t as usize));
        for job in &jobs {
            match job.table {
                Some(t) => self.package.expect_file(t),
                None if job.single => {
                    // A JSON file may be a whole dataset; its tables are known once read.
                }
                None => {}
            }
        }
        let progress = self.options.progress.clone();
        if let Some(p) = &progress {
            let total = jobs
                .iter()
                .map(|j| match &j.bytes {
                    Bytes::Loaded(b) => Some(b.len() as u64),
                    Bytes::Borrowed(b) => Some(b.len() as u64),
                    Bytes::File(p) => std::fs::metadata(p).ok().map(|m| m.len()),
                })
                .sum::<Option<u64>>();
            p.start(total);
        }
        for job in jobs {
            let loaded;
            let bytes: &[u8] = match &job.bytes {
                Bytes::Loaded(b) => b,
                Bytes::Borrowed(b) => b,
                Bytes::File(path) => {
                    loaded = read_file(path)?;
                    &loaded
                }
            };
            self.file(&job, bytes)?;
            if let Some(t) = job.table {
                self.package.file_done(t);
            }
            if let Some(p) = &progress {
                p.advance(bytes.len() as u64);
            }
        }
        if let Some(p) = &progress {
            p.finish();
        }
        let mut findings = std::mem::take(&mut self.findings);
        let package = std::mem::take(&mut self.package);
        package.finish(&mut findings);
        Ok(self.report(findings))
    }

    /// Keeps memory bounded whatever the number of problems: past twice the findings cap,
    /// only the first `max_findings` in report order are kept, the others only counted. The
    /// report is the same as if every finding had been kept (those dropped here would be cut
    /// from the sorted list anyway; the sort is stable).
    fn bound_findings(&mut self) {
        let cap = self.options.max_findings;
        if self.findings.len() <= cap.saturating_mul(2).max(1024) {
            return;
        }
        sort_for_report(&mut self.findings);
        for f in self.findings.drain(cap..) {
            match f.severity {
                Severity::Error => self.dropped.0 += 1,
                Severity::Warning => self.dropped.1 += 1,
            }
        }
    }

    fn report(self, mut findings: Vec<Finding>) -> Report {
        sort_for_report(&mut findings);
        let count = |s| findings.iter().filter(|f| f.severity == s).count() as u64;
        let mut errors = count(Severity::Error) + self.dropped.0;
        let mut warnings = count(Severity::Warning) + self.dropped.1;
        let total = findings.len() + (self.dropped.0 + self.dropped.1) as usize;
        if total > self.options.max_findings {
            findings.truncate(self.options.max_findings);
            let f = finding(
                "limit.findings",
                format!(
                    "{total} findings, only the first {} are listed; fix these and run again, or raise --max-findings",
                    self.options.max_findings
                ),
            );
            match f.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
            findings.push(f);
        }
        let valid = errors == 0 && !(self.options.deny_warnings && warnings > 0);
        Report {
            valid,
            errors,
            warnings,
            files: self.files,
            findings,
        }
    }

    /// A reader's problem as a finding in `file`.
    fn push_problem(
        &mut self,
        file: &Arc<str>,
        table: Option<Table>,
        text: &str,
        record: Option<u64>,
        p: Problem,
    ) {
        let mut f = finding(p.code, p.message);
        f.file = Some(file.to_string());
        f.table = table;
        f.line = Some(p.pos.line);
        f.column = Some(p.pos.column);
        f.field = p.field;
        f.hint = p.hint;
        f.record = record;
        f.snippet = self.snippet(text, p.pos);
        self.findings.push(f);
        self.bound_findings();
    }

    fn snippet(&self, text: &str, pos: Pos) -> Option<Snippet> {
        if self.options.hide_values || text.is_empty() {
            return None;
        }
        let (line, start, end) = text::snippet(text, pos.offset, pos.len);
        Some(Snippet {
            text: line,
            start,
            end,
        })
    }

    fn file(&mut self, job: &Job, bytes: &[u8]) -> Result<(), ValidateError> {
        let decoded = text::decode(bytes);
        let body = decoded.text.as_deref().unwrap_or("");
        let empty = decoded.problems.iter().any(|p| p.code == "file.empty");
        for p in decoded.problems {
            self.push_problem(&job.name, job.table, body, None, p);
        }
        let mut summary = FileSummary {
            file: job.name.to_string(),
            table: job.table,
            records: 0,
            bytes: bytes.len() as u64,
        };
        if decoded.text.is_some() && !empty {
            summary.records = match job.format {
                Some(Format::Csv) | None => self.csv(job, body)?,
                Some(Format::Json) => self.json(job, body)?,
                Some(Format::JsonLines) => self.json_lines(job, body)?,
            };
        }
        self.files.push(summary);
        Ok(())
    }

    fn unknown_table(&mut self, job: &Job) {
        let mut f = finding(
            "file.unknown-table",
            format!(
                "the table of `{}` is not known; name the file after its table (such as officials.csv) or give --table",
                job.name
            ),
        );
        f.file = Some(job.name.to_string());
        self.findings.push(f);
        self.bound_findings();
    }

    fn check(&mut self, table: Table) -> Result<&TableCheck, ValidateError> {
        self.checks.get(table).map_err(ValidateError::Internal)
    }

    fn csv(&mut self, job: &Job, text: &str) -> Result<u64, ValidateError> {
        let Some(table) = job.table else {
            self.unknown_table(job);
            return Ok(0);
        };
        let limits = self.options.limits;
        let mut reader = csv::Reader::new(text, limits.max_cell_bytes, limits.max_line_bytes);
        let mut problems = Vec::new();
        let Some(header) = reader.next_record(&mut problems) else {
            return Ok(0);
        };
        let name = job.name.clone();
        for p in problems.drain(..) {
            self.push_problem(&name, Some(table), text, None, p);
        }
        if header.too_big {
            // Reported by the reader; without a header no row can be read.
            return Ok(0);
        }
        if header.cells.len() > limits.max_columns {
            self.push_problem(
                &name,
                Some(table),
                text,
                None,
                Problem::new(
                    "limit.columns",
                    format!(
                        "the header has {} columns, more than the limit of {}; the file was not read further",
                        header.cells.len(),
                        limits.max_columns
                    ),
                    Pos::new(header.line, 1, header.start, 0),
                ),
            );
            return Ok(0);
        }
        // Which field each column holds (`None`: unknown or repeated, not read).
        let check = self.check(table)?;
        let field_names: Vec<String> = check.fields.iter().map(|f| f.name.clone()).collect();
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
                    format!("the column `{title}` is not a field of {table}; remove or rename it"),
                    cell.pos,
                )
                .with_field(title);
                p.hint = super::record::closest(title, field_names.iter().map(String::as_str))
                    .map(|c| format!("did you mean `{c}`?"));
                header_problems.push(p);
                columns.push(None);
            } else if columns.iter().flatten().any(|c| c == title) {
                header_problems.push(
                    Problem::new(
                        "csv.header-duplicate",
                        format!(
                            "the column `{title}` appears twice; keep one (only the first is read)"
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
                        format!("the header has no column `{field}`, a required field of {table}; add it"),
                        Pos::new(header.line, 1, header.start, 0),
                    )
                    .with_field(field.as_str()),
                );
                missing.push(field.clone());
            }
        }
        // A clean header lets rows take the fast path (the `csv` crate's serde straight into
        // the table's type); otherwise rows go through the JSON form and the schema.
        let fast = header_problems.is_empty();
        let typed_header = ::csv::StringRecord::from(
            header
                .cells
                .iter()
                .map(|c| c.value.as_ref())
                .collect::<Vec<&str>>(),
        );
        let mut typed_row = ::csv::StringRecord::new();
        let text_columns = self.check(table)?.text_columns(&typed_header);
        let mut index: HashMap<String, usize> = HashMap::new();
        for (i, column) in columns.iter().enumerate() {
            if let Some(column) = column {
                index.entry(column.clone()).or_insert(i);
            }
        }
        for p in header_problems {
            self.push_problem(&name, Some(table), text, None, p);
        }
        let mut record_no = 0u64;
        while let Some(row) = reader.next_record(&mut problems) {
            record_no += 1;
            for p in problems.drain(..) {
                self.push_problem(&name, Some(table), text, Some(record_no), p);
            }
            if row.too_big {
                continue;
            }
            let ragged = row.cells.len() != header.cells.len();
            if ragged {
                let at = row
                    .cells
                    .get(header.cells.len())
                    .map_or(Pos::new(row.line, 1, row.start, 0), |c| c.pos);
                self.push_problem(
                    &name,
                    Some(table),
                    text,
                    Some(record_no),
                    Problem::new(
                        "csv.ragged-row",
                        format!(
                            "the row has {} cells but the header {}; its cells were not checked",
                            row.cells.len(),
                            header.cells.len()
                        ),
                        Pos { len: 0, ..at },
                    ),
                );
            }
            let check = self.checks.get(table).map_err(ValidateError::Internal)?;
            let fields = CsvRow {
                index: &index,
                cells: &row.cells,
            };
            let issues = if ragged {
                Vec::new()
            } else if fast && !row.cells.iter().any(|c| c.too_big) {
                // The fast path: the row straight into the table's type; the schema only
                // explains a row it refuses.
                typed_row.clear();
                for cell in &row.cells {
                    typed_row.push_field(&cell.value);
                }
                match check.check_csv_row(&typed_row, &typed_header, &text_columns) {
                    Some(issues) => issues,
                    None => check.check(&row_object(check, &columns, &row.cells), &[]),
                }
            } else {
                let mut skip: Vec<&str> = missing.iter().map(String::as_str).collect();
                for (cell, column) in row.cells.iter().zip(&columns) {
                    if let (true, Some(column)) = (cell.too_big, column) {
                        skip.push(column.as_str());
                    }
                }
                check.check(&row_object(check, &columns, &row.cells), &skip)
            };
            let locate_pos = |field: &str| -> Pos {
                index
                    .get(field)
                    .and_then(|i| row.cells.get(*i))
                    .map_or(Pos::new(row.line, 1, row.start, 0), |c| c.pos)
            };
            let mut out = Vec::new();
            for issue in issues {
                let pos = issue
                    .field
                    .as_deref()
                    .map_or(Pos::new(row.line, 1, row.start, 0), locate_pos);
                let field = issue.field.clone();
                out.push(self.issue_finding(&name, table, text, record_no, pos, field, issue));
            }
            let locate = |field: &str| {
                let pos = locate_pos(field);
                Loc {
                    file: name.clone(),
                    table,
                    line: pos.line,
                    column: pos.column,
                    record: record_no,
                    field: field.to_owned(),
                }
            };
            self.package.add(table, &fields, &locate, ragged, &mut out);
            self.findings.append(&mut out);
            self.bound_findings();
        }
        if record_no == 0 {
            self.push_problem(
                &name,
                Some(table),
                text,
                None,
                Problem::new(
                    "csv.header-only",
                    "the file has a header but no records",
                    Pos::new(header.line, 1, header.start, 0),
                ),
            );
        }
        Ok(record_no)
    }

    #[allow(clippy::too_many_arguments)]
    fn issue_finding(
        &self,
        file: &Arc<str>,
        table: Table,
        text: &str,
        record: u64,
        pos: Pos,
        field: Option<String>,
        issue: Issue,
    ) -> Finding {
        let message = match &issue.value {
            Some(v) => super::hide_in(&issue.message, v, self.options.hide_values),
            None => issue.message,
        };
        let mut f = finding(issue.code, message);
        f.file = Some(file.to_string());
        f.table = Some(table);
        f.line = Some(pos.line);
        f.column = Some(pos.column);
        f.field = field;
        f.record = Some(record);
        f.value = issue
            .value
            .as_deref()
            .map(|v| super::shown_value(v, self.options.hide_values));
        f.hint = issue.hint;
        f.snippet = self.snippet(text, pos);
        f
    }

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
        let issues = self.check(table)?.check(object, &[]);
        let mut out = Vec::new();
        for issue in issues {
            let (pos, field) = match issue.field.as_deref() {
                Some(f) => (pos_of(f), Some(pointer(f))),
                None => (record_pos, Some(base.to_owned())),
            };
            // A missing field is marked at its record, but named by its pointer.
            out.push(self.issue_finding(name, table, text, record_no, pos, field, issue));
        }
        let locate = |field: &str| {
            let pos = pos_of(field);
            Loc {
                file: name.clone(),
                table,
                line: pos.line,
                column: pos.column,
                record: record_no,
                field: pointer(field),
            }
        };
        self.package.add(table, map, &locate, false, &mut out);
        self.findings.append(&mut out);
        self.bound_findings();
        Ok(())
    }

    fn shape(
        &mut self,
        name: &Arc<str>,
        table: Option<Table>,
        text: &str,
        pos: Pos,
        pointer: &str,
        message: String,
    ) {
        self.push_problem(
            name,
            table,
            text,
            None,
            Problem::new("json.shape", message, pos).with_field(pointer),
        );
    }

    fn json(&mut self, job: &Job, text: &str) -> Result<u64, ValidateError> {
        let name = job.name.clone();
        let parsed = match json::parse(text, self.json_limits(3)) {
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
            }
            Value::Object(tables) if job.single || job.table.is_none() => {
                // A dataset holds every table (one left out is empty), so references into
                // any table are checked, once all of them are read.
                let known = Table::ALL;
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
                            format!("`{key}` is not a defcoop table; a dataset object has one array per table"),
                            pos,
                        )
                        .with_field(pointer.as_str());
                        let names = Table::ALL.iter().map(|t| t.name());
                        p.hint = super::record::closest(key, names)
                            .map(|c| format!("did you mean `{c}`?"));
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
                            format!("`{key}` should be an array of records"),
                        );
                        continue;
                    };
                    records += self.json_records(&name, table, text, &parsed, &pointer, items)?;
                }
                for t in known {
                    self.package.file_done(t);
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

    fn json_lines(&mut self, job: &Job, text: &str) -> Result<u64, ValidateError> {
        let name = job.name.clone();
        let Some(table) = job.table else {
            self.unknown_table(job);
            return Ok(0);
        };
        let limits = self.json_limits(1);
        let max_line = self.options.limits.max_line_bytes;
        let mut records = 0;
        let mut start = 0;
        let mut line_no = 0u64;
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
                        format!(
                            "the line is {} bytes, more than the limit of {max_line} bytes; it was not checked",
                            line.len()
                        ),
                        Pos::new(line_no, 1, line_start, 0),
                    ),
                );
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

/// The order of a report: findings of no file last, then by file, line and column (stable,
/// so findings at one place keep the order they were found in).
fn sort_for_report(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.file.is_none(), &a.file, a.line, a.column).cmp(&(
            b.file.is_none(),
            &b.file,
            b.line,
            b.column,
        ))
    });
}

fn looks_like_descriptor(bytes: &[u8]) -> bool {
    let decoded = text::decode(bytes);
    let Some(text) = decoded.text else {
        return false;
    };
    let limits = JsonLimits {
        max_depth: 64,
        max_string: 1 << 20,
        positions_depth: 0,
    };
    json::parse(&text, limits).is_ok_and(|p| descriptor::is_descriptor(&p.value))
}

/// A CSV row as the JSON object its cells stand for (typed by the table's schema; empty cells,
/// cells past the size limit and unread columns left out).
fn row_object(check: &TableCheck, columns: &[Option<String>], cells: &[csv::Cell<'_>]) -> Value {
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

/// The cells of a CSV row by column name, for the package checks.
struct CsvRow<'a> {
    index: &'a HashMap<String, usize>,
    cells: &'a [csv::Cell<'a>],
}

impl Fields for CsvRow<'_> {
    fn text(&self, name: &str) -> Option<&str> {
        let cell = self.cells.get(*self.index.get(name)?)?;
        (!cell.too_big && !cell.value.is_empty()).then_some(cell.value.as_ref())
    }
    fn number(&self, name: &str) -> Option<u64> {
        self.text(name)?.parse().ok()
    }
}
