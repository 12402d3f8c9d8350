//! Inputs to jobs: the files to read, each with its format and table. Paths, folders,
//! descriptors (every resource path checked before any data file is opened), bytes and the
//! bundled package all become [`Job`]s; the descriptors read become findings and file
//! summaries of their own ([`Plan`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::located::problem_finding;
use super::{FileSummary, Finding, Input, Options, ValidateError, finding};
use crate::input::json::{self, JsonLimits};
use crate::input::message::msg;
use crate::input::{Format, Problem, descriptor, table_from_name, text};
use crate::model::Table;

/// Where a file's bytes come from.
pub(super) enum Bytes {
    Loaded(Vec<u8>),
    Borrowed(Arc<[u8]>),
    File(PathBuf),
}

/// One data file to read.
pub(super) struct Job {
    pub name: Arc<str>,
    pub bytes: Bytes,
    pub format: Option<Format>,
    pub table: Option<Table>,
    /// A single file (not a package resource): a JSON object in it is a whole dataset.
    pub single: bool,
    /// A single JSON file whose text starts with `{`: a whole dataset, which may hold rows of
    /// every table, so every table waits for it (ids kept, references deferred) until it is
    /// read.
    pub dataset: bool,
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

/// What planning gives: the jobs, and what reading the descriptors found.
pub(super) struct Plan {
    pub jobs: Vec<Job>,
    /// Findings of the descriptors (their problems, the tables they leave out).
    pub findings: Vec<Finding>,
    /// A summary for each descriptor read.
    pub files: Vec<FileSummary>,
}

/// Turns inputs into jobs.
pub(super) struct Planner<'o> {
    options: &'o Options,
    jobs: Vec<Job>,
    findings: Vec<Finding>,
    files: Vec<FileSummary>,
    /// Each descriptor read, with the tables its resources hold.
    descriptors: Vec<(Arc<str>, Vec<Table>)>,
}

impl<'o> Planner<'o> {
    pub fn new(options: &'o Options) -> Planner<'o> {
        Planner {
            options,
            jobs: Vec::new(),
            findings: Vec::new(),
            files: Vec::new(),
            descriptors: Vec::new(),
        }
    }

    /// Plans one input.
    pub fn input(&mut self, input: &Input) -> Result<(), ValidateError> {
        let mut jobs = std::mem::take(&mut self.jobs);
        let planned = self.add(input, &mut jobs);
        self.jobs = jobs;
        planned
    }

    /// Plans a package held in memory as (path, bytes) pairs.
    pub fn memory_package(&mut self, files: &[(&str, &[u8])]) -> Result<(), ValidateError> {
        let mut jobs = std::mem::take(&mut self.jobs);
        let planned = self.add_memory_package(files, &mut jobs);
        self.jobs = jobs;
        planned
    }

    /// The plan, the tables the descriptors leave out found.
    pub fn finish(mut self) -> Plan {
        let jobs = std::mem::take(&mut self.jobs);
        self.missing_tables(&jobs);
        Plan {
            jobs,
            findings: self.findings,
            files: self.files,
        }
    }

    /// A reader's problem in a descriptor as a finding.
    fn push_problem(
        &mut self,
        file: &Arc<str>,
        table: Option<Table>,
        text: &str,
        record: Option<u64>,
        p: Problem,
    ) {
        let f = problem_finding(file, table, self.options.hide_values, text, record, p);
        self.findings.push(f);
    }

    pub fn add(&mut self, input: &Input, jobs: &mut Vec<Job>) -> Result<(), ValidateError> {
        match input {
            Input::Bundled => self.add_memory_package(crate::package::bundled_files(), jobs),
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
    pub fn add_memory_package(
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
        let summary = FileSummary::new(name.to_string(), None, 0, bytes.len() as u64);
        self.files.push(summary);
        if text.trim().is_empty() {
            return Vec::new();
        }
        match json::parse(text, self.options.limits.json(3)) {
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
    pub fn missing_tables(&mut self, jobs: &[Job]) {
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
                self.findings.push(f);
            }
        }
    }
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
