//! The driver: jobs to findings. Files are read one after the other, tables in dependency
//! order (so most references are resolved as they are read), each block by block
//! ([`csv`]: CSV files, [`json`]: JSON and JSON Lines files), with progress reported; the
//! package checks run once every file is read, and the sink becomes the report
//! ([`super::assemble`]).

mod csv;
mod json;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::assemble::assemble;
use super::bytes::{self, Decoder, Source};
use super::keys::PackageState;
use super::located::problem_finding;
use super::plan::{Bytes, Job, Plan, Planner};
use super::record::{Checks, TableCheck};
use super::sink::{DeferredSnippet, Sink};
use super::{FileSummary, Input, Options, Report, ValidateError, finding};
use crate::input::{Format, Problem};
use crate::model::Table;

struct Run<'o> {
    options: &'o Options,
    checks: Checks,
    package: PackageState,
    sink: Sink,
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
    /// JSON Lines lines try the fast path ([`super::check::json_line`]) first.
    direct_json_lines: bool,
    /// CSV rows with no quote try the plain path ([`csv_batch::check_batch`]) first.
    plain_csv_rows: bool,
    /// The file being read was read as a dataset object (see `Job::dataset`).
    dataset_read: bool,
}

pub(super) fn validate(inputs: &[Input], options: &Options) -> Result<Report, ValidateError> {
    validate_in_blocks(inputs, options, bytes::BLOCK)
}

/// [`super::validate`] reading `block` bytes at a time and checking batches of about that
/// size: small blocks put batch boundaries everywhere, for tests.
#[doc(hidden)]
#[cfg_attr(not(feature = "internals"), allow(dead_code))]
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
    pub direct_json_lines: bool,
    /// Whether CSV rows with no quote try the plain path first (split at their commas, no
    /// cell kept unless a check needs it); without it every row goes through the positioned
    /// reader (the report is the same either way).
    pub plain_csv_rows: bool,
    /// Findings are let go (counted, not kept) only past twice this many made in one file
    /// (see `Sink::bound`); `usize::MAX` keeps them all (the report is the same either way).
    pub findings_bound: usize,
}

impl Default for Tuning {
    fn default() -> Tuning {
        Tuning {
            block: bytes::BLOCK,
            direct_json_lines: true,
            plain_csv_rows: true,
            findings_bound: super::sink::BOUND_MIN,
        }
    }
}

/// [`super::validate`] with the reading set by `tuning`, for tests.
#[doc(hidden)]
#[cfg_attr(not(feature = "internals"), allow(dead_code))]
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
#[cfg_attr(not(feature = "internals"), allow(dead_code))]
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
    let mut planner = Planner::new(options);
    for input in inputs {
        planner.input(input)?;
    }
    let run = Run::new(options, tuning);
    run.execute(planner.finish())
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
    let mut planner = Planner::new(options);
    planner.memory_package(files)?;
    Run::new(options, Tuning::default())
        .execute(planner.finish())
        .map(|(report, _)| report)
}

impl<'o> Run<'o> {
    fn new(options: &'o Options, tuning: Tuning) -> Run<'o> {
        Run {
            options,
            checks: Checks::default(),
            package: PackageState::new(options.hide_values),
            sink: Sink::with_bound_min(tuning.findings_bound),
            files: Vec::new(),
            block: tuning.block.max(1),
            base_offset: 0,
            pool: worker_pool(options.jobs),
            file_size: 0,
            file_first: 0,
            direct_json_lines: tuning.direct_json_lines,
            plain_csv_rows: tuning.plain_csv_rows,
            dataset_read: false,
        }
    }

    /// Reads every job; gives the report and the most bytes the kept state held at the end of
    /// a file (see [`validate_measured`]).
    fn execute(mut self, plan: Plan) -> Result<(Report, usize), ValidateError> {
        let Plan {
            mut jobs,
            findings,
            files,
        } = plan;
        self.sink.extend(findings);
        self.files = files;
        // Tables in dependency order, so most references are resolved as they are read.
        jobs.sort_by_key(|j| j.table.map_or(usize::MAX, |t| t as usize));
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
        let unchecked = package.finish(&mut self.sink);
        // No bound across files here: `assemble` keeps the first findings in reading order.
        let sink = std::mem::take(&mut self.sink);
        let mut report = assemble(sink, self.options, self.files, &files, &jobs);
        report.unchecked_references = unchecked;
        Ok((report, key_peak))
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
        let f = problem_finding(file, table, self.options.hide_values, text, record, p);
        self.sink.push(f);
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
        let first = self.sink.len();
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
        let mut made = Vec::new();
        for p in problems {
            let snippet = (!self.options.hide_values).then_some(DeferredSnippet {
                file,
                offset: p.pos.offset as u64,
                len: p.pos.len as u32,
            });
            made.push((
                problem_finding(&job.name, job.table, true, "", None, p),
                snippet,
            ));
        }
        self.sink.insert_at(first, made);
        let summary = FileSummary::new(job.name.to_string(), job.table, records, size);
        self.files.push(summary);
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
        self.sink.push(f);
    }

    fn check(&mut self, table: Table) -> Arc<TableCheck> {
        self.checks.get(table)
    }
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
