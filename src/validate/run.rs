//! The pipeline: inputs to files, files to records, records to findings, findings to a report.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use super::csv_batch::{self, BatchOut, CsvContext, RowFields};
use super::json_fast::FastLines;
use super::package::{LateSnippet, Loc, Out, PackageState};
use super::record::{Checks, TableCheck};
use super::stream::{self, Batch, Batcher, Decoder, Source};
use super::{FileSummary, Finding, Input, Options, Report, Snippet, ValidateError, finding};
use crate::input::Message;
use crate::input::json::{self, JsonLimits, Parsed};
use crate::input::message::msg;
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
    /// A single JSON file whose text starts with `{`: a whole dataset, which may hold rows of
    /// every table, so every table waits for it (ids kept, references deferred) until it is
    /// read.
    dataset: bool,
}

/// Whether a single JSON file's bytes start (after white space and a byte-order mark) with
/// `{`: a whole dataset rather than an array of one table's records.
fn starts_with_object(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'{')
}

struct Run<'o> {
    options: &'o Options,
    checks: Checks,
    package: PackageState,
    out: Out,
    files: Vec<FileSummary>,
    /// Bytes read at a time, about the size of a batch of records.
    block: usize,
    /// Offset in its file of the text being read (JSON Lines are read a block at a time).
    base_offset: u64,
    /// Worker threads for the record checks; `None` checks on the calling thread.
    pool: Option<rayon::ThreadPool>,
    /// Size in bytes of the file being read.
    file_size: u64,
    /// Index of the first finding made while reading the file being read.
    file_first: usize,
    /// JSON Lines lines try the fast path ([`super::json_fast`]) first.
    fast_json_lines: bool,
    /// CSV rows with no quote try the quick path ([`csv_batch::check_batch`]) first.
    quick_csv_rows: bool,
    /// The file being read was read as a dataset object (see `Job::dataset`).
    dataset_read: bool,
    /// Each descriptor read, with the tables its resources hold.
    descriptors: Vec<(Arc<str>, Vec<Table>)>,
}

pub(super) fn validate(inputs: &[Input], options: &Options) -> Result<Report, ValidateError> {
    validate_in_blocks(inputs, options, stream::BLOCK)
}

/// [`super::validate`] reading `block` bytes at a time and checking batches of about that
/// size: small blocks put batch boundaries everywhere, for tests.
#[doc(hidden)]
pub fn validate_in_blocks(
    inputs: &[Input],
    options: &Options,
    block: usize,
) -> Result<Report, ValidateError> {
    validate_tuned(
        inputs,
        options,
        Tuning {
            block,
            ..Tuning::default()
        },
    )
}

/// How [`validate_tuned`] reads: knobs for tests that compare the validator's paths.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tuning {
    /// Bytes read at a time (and the size of a batch of CSV records).
    pub block: usize,
    /// Whether JSON Lines lines try the fast path first; without it every line goes through
    /// the positioned reader (the report is the same either way).
    pub fast_json_lines: bool,
    /// Whether CSV rows with no quote try the quick path first (split at their commas, no
    /// cell kept unless a check needs it); without it every row goes through the positioned
    /// reader (the report is the same either way).
    pub quick_csv_rows: bool,
    /// Findings are let go (counted, not kept) only past twice this many made in one file
    /// (see `Out::bound`); `usize::MAX` keeps them all (the report is the same either way).
    pub findings_bound: usize,
}

impl Default for Tuning {
    fn default() -> Tuning {
        Tuning {
            block: stream::BLOCK,
            fast_json_lines: true,
            quick_csv_rows: true,
            findings_bound: super::package::BOUND_MIN,
        }
    }
}

/// [`super::validate`] with the reading set by `tuning`, for tests.
#[doc(hidden)]
pub fn validate_tuned(
    inputs: &[Input],
    options: &Options,
    tuning: Tuning,
) -> Result<Report, ValidateError> {
    run_tuned(inputs, options, tuning).map(|(report, _)| report)
}

/// [`super::validate`], also giving the most bytes the state kept across records (id sets,
/// delegations, references and dates waiting for their target) held at the end of any file:
/// what the benchmark compares the growth of peak memory with.
#[doc(hidden)]
pub fn validate_measured(
    inputs: &[Input],
    options: &Options,
) -> Result<(Report, usize), ValidateError> {
    run_tuned(inputs, options, Tuning::default())
}

/// Plans and reads `inputs`; the report, and the peak of the kept state (see
/// [`validate_measured`]).
fn run_tuned(
    inputs: &[Input],
    options: &Options,
    tuning: Tuning,
) -> Result<(Report, usize), ValidateError> {
    let mut run = Run::new(options);
    run.block = tuning.block.max(1);
    run.fast_json_lines = tuning.fast_json_lines;
    run.quick_csv_rows = tuning.quick_csv_rows;
    run.out.bound_min = tuning.findings_bound;
    let mut jobs = Vec::new();
    for input in inputs {
        run.plan(input, &mut jobs)?;
    }
    run.execute(jobs)
}

/// Validates one file given as bytes, as if read from standard input under `name` (its
/// extension gives the format, else the bytes are sniffed; its stem, else `table`, gives the
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
/// folder, one of them `datapackage.json` (the form the bundled package takes).
pub fn validate_package_files(
    files: &[(&str, &[u8])],
    options: &Options,
) -> Result<Report, ValidateError> {
    let mut run = Run::new(options);
    let mut jobs = Vec::new();
    run.plan_memory_package(files, &mut jobs)?;
    run.execute(jobs).map(|(report, _)| report)
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
            out: Out::default(),
            files: Vec::new(),
            block: stream::BLOCK,
            base_offset: 0,
            pool: worker_pool(options.jobs),
            file_size: 0,
            file_first: 0,
            fast_json_lines: true,
            quick_csv_rows: true,
            dataset_read: false,
            descriptors: Vec::new(),
        }
    }

    fn json_limits(&self, positions_depth: usize) -> JsonLimits {
        JsonLimits {
            max_depth: self.options.limits.max_depth.min(super::Limits::DEPTH_CAP),
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
                    table: table_from_name(name).or(self.options.table),
                    single: true,
                    dataset: format == Format::Json && starts_with_object(bytes),
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
                    let dataset = format == Format::Json && starts_with_object(&bytes);
                    jobs.push(Job {
                        name: name.as_str().into(),
                        bytes: Bytes::Loaded(bytes),
                        format: Some(format),
                        table: table_from_name(&name).or(self.options.table),
                        single: true,
                        dataset,
                    });
                    return Ok(());
                }
                jobs.push(Job {
                    name: name.as_str().into(),
                    bytes: Bytes::File(path.clone()),
                    format,
                    table: table_from_name(&name).or(self.options.table),
                    single: true,
                    dataset: false,
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
        self.descriptors.push((
            "datapackage.json".into(),
            resources.iter().filter_map(|r| r.table).collect(),
        ));
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
                dataset: false,
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
        self.descriptors.push((
            shown.as_str().into(),
            resources.iter().filter_map(|r| r.table).collect(),
        ));
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
                    msg!(
                        "`{}` is the file `{}` again (through a link); keep one resource per file",
                        f(r.path),
                        f(first)
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
                dataset: false,
            });
        }
        Ok(())
    }

    /// A package whose descriptor leaves out a table its tables refer to cannot have its
    /// references checked: each table missing from every input is a finding on the
    /// descriptor, naming it and the tables that refer to it.
    fn missing_tables(&mut self, jobs: &[Job]) {
        let held = |t: Table| jobs.iter().any(|j| j.table == Some(t) || j.dataset);
        for (descriptor, tables) in std::mem::take(&mut self.descriptors) {
            let mut missing: Vec<(Table, Vec<Table>)> = Vec::new();
            for table in &tables {
                for fk in table.foreign_keys() {
                    if held(fk.table) {
                        continue;
                    }
                    match missing.iter_mut().find(|(t, _)| *t == fk.table) {
                        Some((_, from)) => {
                            if !from.contains(table) {
                                from.push(*table);
                            }
                        }
                        None => missing.push((fk.table, vec![*table])),
                    }
                }
            }
            missing.sort_by_key(|(t, _)| *t as usize);
            for (table, from) in missing {
                let from: Vec<&str> = from.iter().map(|t| t.name()).collect();
                let mut f = finding(
                    "file.missing-table",
                    format!(
                        "the package has no resource for {table}, which {} refer to; add it, so their references can be checked",
                        from.join(", ")
                    ),
                );
                f.file = Some(descriptor.to_string());
                f.field = Some("/resources".into());
                self.out.findings.push(f);
            }
        }
    }

    /// Reads every job; gives the report and the most bytes the kept state held at the end of
    /// a file (see [`validate_measured`]).
    fn execute(mut self, mut jobs: Vec<Job>) -> Result<(Report, usize), ValidateError> {
        // Tables in dependency order, so most references are resolved as they are read.
        jobs.sort_by_key(|j| j.table.map_or(usize::MAX, |t| t as usize));
        self.missing_tables(&jobs);
        for job in &jobs {
            if let Some(t) = job.table {
                self.package.expect_file(t);
            }
            if job.dataset {
                // A whole dataset may hold rows of any table: every table waits for it, so
                // keys, duplicates and cross-record rules see its rows with those of the
                // other inputs.
                for t in Table::ALL {
                    self.package.expect_file(t);
                }
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
        let mut key_peak = 0;
        for job in &jobs {
            self.dataset_read = false;
            let bytes = self.file(job)?;
            // The kept state only grows while a file is read: its peak is at a file's end.
            key_peak = key_peak.max(self.package.key_bytes());
            if let Some(t) = job.table {
                self.package.file_done(t);
            }
            if job.dataset {
                for t in Table::ALL {
                    if self.dataset_read {
                        self.package.file_done(t);
                    } else {
                        // Not a dataset after all (broken, blank or no object): the tables
                        // it was to hold have no rows from it.
                        self.package.withdraw_file(t);
                    }
                }
            }
            if let Some(p) = &progress {
                p.advance(bytes);
            }
        }
        if let Some(p) = &progress {
            p.finish();
        }
        let package = std::mem::take(&mut self.package);
        let files = package.file_names();
        package.finish(&mut self.out);
        // No bound across files here: `report` keeps the first findings in reading order.
        let out = std::mem::take(&mut self.out);
        Ok((self.report(out, &files, &jobs), key_peak))
    }

    fn report(self, out: Out, files: &[Arc<str>], jobs: &[Job]) -> Report {
        let mut late: Vec<Option<LateSnippet>> = vec![None; out.findings.len()];
        for l in out.late {
            if let Some(slot) = late.get_mut(l.finding) {
                *slot = Some(l);
            }
        }
        let mut findings: Vec<(Finding, Option<LateSnippet>)> =
            out.findings.into_iter().zip(late).collect();
        super::reading_order::sort(&mut findings, &self.files, |(f, _)| f);
        let count = |s| findings.iter().filter(|(f, _)| f.severity == s).count() as u64;
        let errors = count(Severity::Error) + out.dropped_errors;
        let warnings = count(Severity::Warning) + out.dropped_warnings;
        let total = findings.len() + (out.dropped_errors + out.dropped_warnings) as usize;
        // At most `max_findings` are listed: when there are more, the last place goes to the
        // `limit.findings` notice (counted in neither `errors` nor `warnings`, which count the
        // data's findings).
        let cut = total > self.options.max_findings;
        let listed = if cut {
            self.options.max_findings.saturating_sub(1)
        } else {
            self.options.max_findings
        };
        findings.truncate(listed);
        // The lines of the kept findings made after their records were gone, read again.
        let mut wanted: HashMap<u32, Vec<(u64, usize, usize)>> = HashMap::new();
        for (i, (_, l)) in findings.iter().enumerate() {
            if let Some(l) = l {
                wanted
                    .entry(l.file)
                    .or_default()
                    .push((l.offset, l.len as usize, i));
            }
        }
        for (file, mut want) in wanted {
            let Some(name) = files.get(file as usize) else {
                continue;
            };
            let Some(job) = jobs.iter().find(|j| j.name == *name) else {
                continue;
            };
            want.sort_unstable();
            let at: Vec<(u64, usize)> = want.iter().map(|(o, l, _)| (*o, *l)).collect();
            let source = match &job.bytes {
                Bytes::Loaded(b) => Source::Memory(b),
                Bytes::Borrowed(b) => Source::Memory(b),
                Bytes::File(p) => match std::fs::File::open(p) {
                    Ok(f) => Source::File(f),
                    Err(_) => continue,
                },
            };
            // A file that cannot be read again keeps its findings without a line shown.
            let Ok(snippets) = stream::snippets_at(source, &at) else {
                continue;
            };
            for ((text, start, end), (_, _, i)) in snippets.into_iter().zip(&want) {
                if let Some((f, _)) = findings.get_mut(*i) {
                    f.snippet = Some(Snippet { text, start, end });
                }
            }
        }
        let mut findings: Vec<Finding> = findings.into_iter().map(|(f, _)| f).collect();
        if cut && self.options.max_findings > 0 {
            findings.push(finding(
                "limit.findings",
                format!(
                    "{total} findings, only the first {listed} are listed (this notice takes the last of the {} places and is not counted); fix these and run again, or raise --max-findings",
                    self.options.max_findings
                ),
            ));
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
        let f = csv_batch::problem_finding(file, table, self.options.hide_values, text, record, p);
        self.out.findings.push(f);
    }

    /// Reads one file block by block; gives the number of bytes read.
    fn file(&mut self, job: &Job) -> Result<u64, ValidateError> {
        let io = |path: &Path, source| ValidateError::Io {
            path: path.to_path_buf(),
            source,
        };
        let (source, size) = match &job.bytes {
            Bytes::Loaded(b) => (Source::Memory(b), b.len() as u64),
            Bytes::Borrowed(b) => (Source::Memory(b), b.len() as u64),
            Bytes::File(path) => {
                let file = std::fs::File::open(path).map_err(|e| io(path, e))?;
                let size = file.metadata().map_err(|e| io(path, e))?.len();
                (Source::File(file), size)
            }
        };
        let path = match &job.bytes {
            Bytes::File(path) => path.clone(),
            _ => PathBuf::from(&*job.name),
        };
        let mut decoder = Decoder::new(source, self.block);
        self.file_size = size;
        let first = self.out.findings.len();
        self.file_first = first;
        let records = match job.format {
            Some(Format::Csv) | None => self.csv(job, &mut decoder),
            Some(Format::Json) => {
                let mut text = String::new();
                while let Some((_, block)) = decoder.next_block().map_err(|e| io(&path, e))? {
                    text.push_str(&block);
                }
                if decoder.not_blank {
                    self.json(job, &text).map_err(Failure::Stop)
                } else {
                    Ok(0)
                }
            }
            Some(Format::JsonLines) => self.json_lines(job, &mut decoder),
        };
        let records = records.map_err(|e| match e {
            Failure::Io(e) => io(&path, e),
            Failure::Stop(e) => e,
        })?;
        // The encoding checks need every byte, even of a file not read further.
        while decoder.next_block().map_err(|e| io(&path, e))?.is_some() {}
        // Encoding problems come first, as a check of the whole file before reading it gives.
        let problems = decoder.problems();
        let file = self.package.file_index(&job.name);
        let shift = problems.len();
        for l in &mut self.out.late {
            if l.finding >= first {
                l.finding += shift;
            }
        }
        let mut made = Vec::new();
        for (k, p) in problems.into_iter().enumerate() {
            if !self.options.hide_values {
                self.out.late.push(LateSnippet {
                    finding: first + k,
                    file,
                    offset: p.pos.offset as u64,
                    len: p.pos.len as u32,
                });
            }
            made.push(csv_batch::problem_finding(
                &job.name, job.table, true, "", None, p,
            ));
        }
        self.out.findings.splice(first..first, made);
        self.files.push(FileSummary {
            file: job.name.to_string(),
            table: job.table,
            records,
            bytes: size,
        });
        Ok(size)
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
        self.out.findings.push(f);
    }

    fn check(&mut self, table: Table) -> Arc<TableCheck> {
        self.checks.get(table)
    }

    fn csv(&mut self, job: &Job, decoder: &mut Decoder<'_>) -> Result<u64, Failure> {
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
            match self.csv_header(job, table, &batch)? {
                Header::Blank => continue,
                Header::Stop => return Ok(0),
                Header::Read { ctx, start, line } => break (ctx, (batch, start, line)),
            }
        };
        let ctx: Arc<CsvContext> = Arc::from(ctx);
        let mut records = 0u64;
        let header_pos = first.0.offset;
        let (batch, start, line) = first;
        // The first batch holds the header: its first row is record 1.
        let out = csv_batch::check_batch(&ctx, &batch.text, start, line, 1);
        // Room for the file's ids at once, from the size of the first rows (growing the set
        // step by step would copy it, and hold two copies while it does).
        let read = batch.text.len().saturating_sub(start) as u64;
        if read > 0 && out.records > 0 && self.file_size > batch.text.len() as u64 {
            let estimate = self.file_size.saturating_sub(header_pos) / read.div_ceil(out.records);
            self.package
                .expect_rows(table, usize::try_from(estimate).unwrap_or(usize::MAX));
        }
        records += out.records;
        apply(
            &mut self.package,
            &mut self.out,
            &ctx,
            file,
            batch.offset,
            out,
        );
        drop(batch);
        match self.pool.take() {
            None => {
                while let Some(batch) = next(decoder, &mut held)? {
                    let out = csv_batch::check_batch(
                        &ctx,
                        &batch.text,
                        0,
                        batch.line,
                        batch.records_before,
                    );
                    records += out.records;
                    apply(
                        &mut self.package,
                        &mut self.out,
                        &ctx,
                        file,
                        batch.offset,
                        out,
                    );
                    self.out.bound(self.file_first, self.options.max_findings);
                }
            }
            Some(pool) => {
                // Batches are checked on the workers while this thread reads the next ones
                // and takes in the checked ones in batch order (the package state stays on
                // it), so the findings are those of one thread. When the workers have enough
                // queued, this thread checks a batch itself rather than wait, up to a few
                // batches ahead of the oldest one not yet taken in: with fewer, it waits for
                // the workers while it could check; with more, batches held cost memory. Four
                // queued per worker keep a worker busy while this thread takes results in.
                let workers = pool.current_num_threads();
                let queue_max = 4 * workers;
                let in_flight_max = (queue_max + 2) as u64;
                // A worker's result, or `None` if checking its batch panicked (a bug: the run
                // stops with an internal error rather than wait for it forever).
                let (done_tx, done_rx) = std::sync::mpsc::channel::<(u64, u64, Option<BatchOut>)>();
                let (package, sink) = (&mut self.package, &mut self.out);
                let (file_first, max_findings) = (self.file_first, self.options.max_findings);
                let mut failure = None;
                pool.in_place_scope(|scope| {
                    let mut sent = 0u64;
                    let mut applied = 0u64;
                    // Batches given to the workers and not yet back.
                    let mut queued = 0usize;
                    let mut waiting: std::collections::BTreeMap<u64, (u64, BatchOut)> =
                        std::collections::BTreeMap::new();
                    let mut reading = true;
                    // Takes a worker's result in; an error when checking its batch panicked.
                    let take = |(seq, offset, out): (u64, u64, Option<BatchOut>),
                                waiting: &mut std::collections::BTreeMap<_, _>|
                     -> Result<(), Failure> {
                        let out = out.ok_or_else(|| {
                            Failure::Stop(ValidateError::Internal(
                                "checking a batch of records failed".into(),
                            ))
                        })?;
                        waiting.insert(seq, (offset, out));
                        Ok(())
                    };
                    loop {
                        let taken: Result<(), Failure> = done_rx.try_iter().try_for_each(|got| {
                            queued -= 1;
                            take(got, &mut waiting)
                        });
                        if let Err(e) = taken {
                            failure = Some(e);
                            break;
                        }
                        let before = applied;
                        while let Some((offset, out)) = waiting.remove(&applied) {
                            records += out.records;
                            apply(package, sink, &ctx, file, offset, out);
                            sink.bound(file_first, max_findings);
                            applied += 1;
                        }
                        if !reading && applied == sent {
                            break;
                        }
                        if reading && sent - applied < in_flight_max {
                            match next(decoder, &mut held) {
                                Ok(Some(b)) if queued < queue_max => {
                                    let (ctx, tx, seq) = (ctx.clone(), done_tx.clone(), sent);
                                    scope.spawn(move |_| {
                                        let out = std::panic::catch_unwind(
                                            std::panic::AssertUnwindSafe(|| {
                                                csv_batch::check_batch(
                                                    &ctx,
                                                    &b.text,
                                                    0,
                                                    b.line,
                                                    b.records_before,
                                                )
                                            }),
                                        );
                                        // The receiver outlives the scope.
                                        let _ = tx.send((seq, b.offset, out.ok()));
                                    });
                                    queued += 1;
                                    sent += 1;
                                }
                                Ok(Some(b)) => {
                                    let out = csv_batch::check_batch(
                                        &ctx,
                                        &b.text,
                                        0,
                                        b.line,
                                        b.records_before,
                                    );
                                    waiting.insert(sent, (b.offset, out));
                                    sent += 1;
                                }
                                Ok(None) => reading = false,
                                Err(e) => {
                                    failure = Some(e);
                                    reading = false;
                                }
                            }
                            continue;
                        }
                        if applied == before && queued > 0 {
                            // Nothing to do but wait for the workers.
                            let Ok(got) = done_rx.recv() else {
                                break;
                            };
                            queued -= 1;
                            if let Err(e) = take(got, &mut waiting) {
                                failure = Some(e);
                                break;
                            }
                        }
                    }
                });
                self.pool = Some(pool);
                if let Some(e) = failure {
                    return Err(e);
                }
            }
        }
        // An empty table of a package is a table with no rows, as a package the crate writes
        // has (`package::write_package`); only a file given on its own is suspicious.
        if records == 0 && job.single {
            let f = csv_batch::problem_finding(
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
            if !self.options.hide_values {
                self.out.late.push(LateSnippet {
                    finding: self.out.findings.len(),
                    file,
                    offset: header_pos + ctx.header_start as u64,
                    len: 0,
                });
            }
            self.out.findings.push(f);
        }
        Ok(records)
    }

    /// Reads the header from the first record of `batch`.
    fn csv_header(&mut self, job: &Job, table: Table, batch: &Batch) -> Result<Header, Failure> {
        let mut limits = self.options.limits;
        // A record is read in at most `u32::MAX` bytes (see [`csv_batch::KeyCell`]).
        limits.max_line_bytes = limits.max_line_bytes.min(u32::MAX as usize);
        limits.max_cell_bytes = limits.max_cell_bytes.min(u32::MAX as usize);
        let text = batch.text.as_str();
        let mut reader = csv::Reader::starting_at(
            text,
            0,
            batch.line,
            limits.max_cell_bytes,
            limits.max_line_bytes,
        );
        let mut problems = Vec::new();
        let Some(header) = reader.next_record(&mut problems) else {
            return Ok(Header::Blank);
        };
        let name = job.name.clone();
        for p in problems.drain(..) {
            self.push_problem(&name, Some(table), text, None, p);
        }
        if header.too_big {
            // Reported by the reader; without a header no row can be read.
            return Ok(Header::Stop);
        }
        if header.cells.len() > limits.max_columns {
            self.push_problem(
                &name,
                Some(table),
                text,
                None,
                Problem::new(
                    "limit.columns",
                    msg!(
                        "the header has {} columns, more than the limit of {}; the file was not read further",
                        f(header.cells.len()),
                        f(limits.max_columns)
                    ),
                    Pos::new(header.line, 1, header.start, 0),
                ),
            );
            return Ok(Header::Stop);
        }
        // Which field each column holds (`None`: unknown or repeated, not read).
        let check = self.checks.get(table);
        let field_names: Vec<String> = check.fields.iter().map(|f| f.name.clone()).collect();
        // Another separator than commas: one finding, and the table counts as not given.
        if let Some(p) = super::delimiter::sniff(&header, table, &field_names) {
            self.push_problem(&name, Some(table), text, None, p);
            self.package.withdraw_file(table);
            return Ok(Header::Stop);
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
                p.hint = super::record::closest(title, field_names.iter().map(String::as_str))
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
        let fast = header_problems.is_empty();
        let header_names: Vec<String> = header.cells.iter().map(|c| c.value.to_string()).collect();
        let text_columns = check.text_columns(&header_names);
        let mut index: HashMap<String, usize> = HashMap::new();
        for (i, column) in columns.iter().enumerate() {
            if let Some(column) = column {
                index.entry(column.clone()).or_insert(i);
            }
        }
        for p in header_problems {
            self.push_problem(&name, Some(table), text, None, p);
        }
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
            fast,
            quick: fast && self.quick_csv_rows,
            header: header_names,
            text_columns,
            key_columns,
            hide_values: self.options.hide_values,
            limits,
            lookups: self.package.lookups(table),
            spare: std::sync::Mutex::new(Vec::new()),
        };
        Ok(Header::Read {
            ctx: Box::new(ctx),
            start: reader.offset(),
            line: reader.line(),
        })
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
        let issues = self.check(table).check(object, &[]);
        let hide = self.options.hide_values;
        for issue in issues {
            let (pos, field) = match issue.field.as_deref() {
                Some(f) => (pos_of(f), Some(pointer(f))),
                None => (record_pos, Some(base.to_owned())),
            };
            // A missing field is marked at its record, but named by its pointer.
            self.out.findings.push(csv_batch::issue_finding(
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
        self.package.add(table, map, &locate, false, &mut self.out);
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
                        p.hint = super::record::closest(key, names)
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

    fn json_lines(&mut self, job: &Job, decoder: &mut Decoder<'_>) -> Result<u64, Failure> {
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
            self.out.bound(self.file_first, self.options.max_findings);
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
        let limits = self.json_limits(1);
        let max_line = self.options.limits.max_line_bytes;
        let check = self.check(table);
        let fast = self.fast_json_lines.then(|| FastLines::new(&check, limits));
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
                    .add(table, &fields, &locate, false, &mut self.out);
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

/// Takes in the findings and key cells of a checked batch (at `offset` in the file), in
/// reading order.
fn apply(
    package: &mut PackageState,
    sink: &mut Out,
    ctx: &CsvContext,
    file: u32,
    offset: u64,
    mut out: BatchOut,
) {
    sink.findings.append(&mut out.findings);
    let table = ctx.table;
    let fields_of = |row| RowFields::of(&out.cells, &out.values, row, &ctx.key_columns);
    // The slots of the ids about to be added, fetched all together (see `IdSet::warm`).
    package.warm_ids(
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

/// Why reading a file stopped.
enum Failure {
    Io(std::io::Error),
    Stop(ValidateError),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::Io(e)
    }
}

impl From<ValidateError> for Failure {
    fn from(e: ValidateError) -> Failure {
        Failure::Stop(e)
    }
}

/// The outcome of reading a CSV header.
enum Header {
    /// The text holds no record yet.
    Blank,
    /// The file cannot be read further.
    Stop,
    /// The header, and where the first row starts.
    Read {
        ctx: Box<CsvContext>,
        start: usize,
        line: u64,
    },
}

/// The workers for `jobs` threads (`None`: every core); none for one thread.
fn worker_pool(jobs: Option<usize>) -> Option<rayon::ThreadPool> {
    let threads = jobs
        .filter(|n| *n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    if threads <= 1 {
        return None;
    }
    // The calling thread reads, takes in results and checks batches too: one thread fewer.
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads - 1)
        .thread_name(|i| format!("defcoop-check-{i}"))
        .build()
        .ok()
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
