//! Split output for repair: validate, then write the rows that passed every check and the rows
//! that failed into a new folder, byte for byte as they were, with the findings of the failed
//! rows, so a person fixes the failed rows and validates again.
//!
//! ```text
//! OUT/
//!   valid/officials.csv     the header, then every row that passed (a valid package)
//!   valid/datapackage.json  the descriptor, unchanged, when a package was given
//!   invalid/officials.csv   the header, then every row that failed (only files with one)
//!   findings.csv            file,line,column,field,code,severity,message,hint,input_file,input_line
//! ```
//!
//! - **Rows, byte for byte.** A CSV file is cut at its records as the validator reads them
//!   (quoted line breaks stay inside their record); the header (with a byte-order mark, if
//!   any) starts both parts, and each row keeps its quoting and line ending (blank lines go
//!   with the row before them). A JSON Lines file is cut at its lines. A JSON document is not
//!   cut: it goes whole to `invalid/` if anything in it fails.
//! - **Which rows fail.** A row fails when a finding of it is an error (or a warning, with
//!   `deny_warnings`): the finding's line lies in the row. A finding of the whole file (its
//!   encoding, its header, its JSON syntax, a line in the header) fails every row of the
//!   file; `valid/` then holds the file with the table's canonical header and no row (a JSON
//!   document: `[]`), so references into it are still checked and fail.
//! - **The valid part is a valid package.** Taking rows out can break others: a row whose
//!   referenced row failed, a delegation whose head member failed. So the valid part is
//!   validated again, in memory, with the same options, and every row with an error there is
//!   moved to the failed rows too, until a round finds none. Its findings are added to
//!   `findings.csv`, with "(in the valid part, after the failed rows were taken out)".
//! - **`findings.csv`** has one row per finding: `file` and `line` say where the row is in
//!   the output (`invalid/…` for a failed row, `valid/…` for a warning on a row that passed),
//!   `column`, `field`, `code`, `severity`, `message`, `hint` as in the report, and `input_file`,
//!   `input_line` where it was in the input. Messages are the validator's (values left out
//!   under `hide_values`), cleaned of control characters.
//! - **Never into the input.** The output folder must not hold an input nor lie inside a
//!   package folder given; an existing folder that is not empty is refused unless `force`.
//!   Everything is written into a temporary folder beside it, which is then renamed into
//!   place (with `force`, the old folder is renamed away first and removed after).
//!
//! Inputs are files or one package (a folder or a descriptor), not both, and not standard
//! input or the bundled package (there is no file to cut).
//!
//! ```
//! use defcoop::split::split;
//! use defcoop::validate::{Input, Options};
//!
//! let inputs = ["sources.csv", "officials.csv"]
//!     .map(|f| Input::Path(format!("tests/fixtures/cli/broken/{f}").into()));
//! let out = std::env::temp_dir().join(format!("defcoop-split-doc-{}", std::process::id()));
//! let done = split(&inputs, &Options::default(), &out, true)?;
//! assert_eq!(done.report.errors, 3);
//! assert!(done.valid_report.valid);
//! let officials = done.files.iter().find(|f| f.path == "officials.csv").unwrap();
//! assert_eq!((officials.valid_rows, officials.failed_rows), (1, 2));
//! assert!(out.join("invalid/officials.csv").is_file());
//! # std::fs::remove_dir_all(&out)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::input::Format;
use crate::input::csv_records::Reader;
use crate::input::descriptor::is_descriptor;
use crate::model::Table;
use crate::report::text::clean;
use crate::rules::Severity;
use crate::validate::{Finding, Input, Options, Report, ValidateError, validate};

/// The folders and file a split writes inside its output folder.
pub const VALID_DIR: &str = "valid";
/// See [`VALID_DIR`].
pub const INVALID_DIR: &str = "invalid";
/// See [`VALID_DIR`].
pub const FINDINGS_FILE: &str = "findings.csv";

/// What a split did.
#[derive(Debug, Clone)]
pub struct Split {
    /// The report of the inputs, every finding listed (no `max_findings` cut: each is in
    /// `findings.csv` too).
    pub report: Report,
    /// The report of the valid part as written, validated again: valid unless something
    /// could not be split (a warning under `deny_warnings` on a header-only file).
    pub valid_report: Report,
    /// Per data file, in the report's order.
    pub files: Vec<SplitFile>,
    /// Rounds of validating the valid part again (1 when no row had to move).
    pub rounds: usize,
    /// Rows in `findings.csv`.
    pub findings_written: usize,
}

/// What happened to one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitFile {
    /// The input file, as the report names it.
    pub input: String,
    /// Its path under `valid/` and `invalid/`.
    pub path: String,
    /// Rows written to `valid/`.
    pub valid_rows: u64,
    /// Rows written to `invalid/` (0: no file there).
    pub failed_rows: u64,
    /// Of the failed rows, those that passed their own checks but failed once other rows were
    /// taken out (their reference or their delegation's head failed).
    pub moved_rows: u64,
    /// The whole file failed (a finding of the file, or a JSON document with an error).
    pub whole_file: bool,
}

/// Why a split was not written.
#[derive(Debug, thiserror::Error)]
pub enum SplitError {
    /// Validation could not run (usage or I/O).
    #[error(transparent)]
    Validate(#[from] ValidateError),
    /// The inputs or the output folder cannot be used for a split.
    #[error("{0}")]
    Usage(String),
    /// The package descriptor has errors, so no part of the package can be valid; the report
    /// says what they are.
    #[error("the package descriptor has errors; fix them (see the report) and split again")]
    Descriptor(Box<Report>),
    /// Writing the output failed; nothing was left at the output folder.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What failed.
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> SplitError + '_ {
    move |source| SplitError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Validates `inputs` with `options` and writes the split into the new folder `into`
/// (see the [module docs](self)); `force` replaces an existing folder that is not empty.
pub fn split(
    inputs: &[Input],
    options: &Options,
    into: &Path,
    force: bool,
) -> Result<Split, SplitError> {
    let plan = Plan::new(inputs)?;
    let target = check_target(into, force, &plan)?;
    let unbounded = Options {
        max_findings: usize::MAX,
        ..options.clone()
    };
    let report = validate(inputs, &unbounded)?;
    let unbounded = Options {
        progress: None,
        ..unbounded
    };
    let fails = |f: &Finding| {
        f.severity == Severity::Error || (options.deny_warnings && f.severity == Severity::Warning)
    };
    if let Some(descriptor) = &plan.descriptor {
        if report
            .findings
            .iter()
            .any(|f| f.file.as_deref() == Some(descriptor.shown.as_str()) && fails(f))
        {
            return Err(SplitError::Descriptor(Box::new(report)));
        }
    }

    // Cut every data file of the report into its rows.
    let mut files: Vec<Cut> = Vec::new();
    for summary in &report.files {
        if plan
            .descriptor
            .as_ref()
            .is_some_and(|d| d.shown == summary.file)
        {
            continue;
        }
        let path = plan.out_path(&summary.file)?;
        let bytes = std::fs::read(&summary.file).map_err(io(Path::new(&summary.file)))?;
        let format = plan
            .format_of(&summary.file)
            .or_else(|| Format::from_name(&summary.file))
            .unwrap_or_else(|| Format::sniff(&bytes));
        files.push(Cut::new(
            summary.file.clone(),
            path,
            summary.table.or(options.table),
            format,
            bytes,
        ));
    }
    let index: HashMap<String, usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.input.clone(), i))
        .collect();

    // The findings of the inputs fail their rows, or their whole file.
    let mut notes: Vec<Note> = Vec::new();
    for finding in &report.findings {
        let target = finding.file.as_deref().and_then(|f| index.get(f)).copied();
        let unit = target.and_then(|i| files[i].unit_at(finding));
        if let Some(i) = target {
            if fails(finding) {
                match unit {
                    Some(u) => files[i].failed[u] = true,
                    None => files[i].whole = true,
                }
            }
        }
        notes.push(Note {
            file: target,
            unit,
            finding: finding.clone(),
        });
    }

    // Validate the valid part again until no row of it fails.
    let mut rounds = 0;
    let valid_report = loop {
        rounds += 1;
        let valid_report = plan.validate_part(&files, &unbounded)?;
        // Map every finding to its row first: the lines are those of the part as validated.
        let mut to_move = Vec::new();
        for finding in valid_report.findings.iter().filter(|f| fails(f)) {
            let Some(i) = plan.file_of_part(finding.file.as_deref(), &index) else {
                continue;
            };
            let Some((unit, offset)) = files[i].kept_unit_at(finding) else {
                continue;
            };
            let mut finding = finding.clone();
            // Its line in the input, and the input's name.
            finding.line = Some(files[i].lines[unit].0 + offset);
            finding.file = Some(files[i].input.clone());
            finding
                .message
                .push_str(" (in the valid part, after the failed rows were taken out)");
            to_move.push((i, unit, finding));
        }
        let moved = !to_move.is_empty();
        for (i, unit, finding) in to_move {
            files[i].failed[unit] = true;
            files[i].moved[unit] = true;
            notes.push(Note {
                file: Some(i),
                unit: Some(unit),
                finding,
            });
        }
        if !moved {
            break valid_report;
        }
    };

    // Write everything into a temporary folder beside the target, then rename it into place.
    let findings_written = notes.len();
    let written = files.iter().map(Cut::summary).collect();
    write_atomically(&target, |tmp| {
        let valid = tmp.join(VALID_DIR);
        let invalid = tmp.join(INVALID_DIR);
        std::fs::create_dir_all(&valid).map_err(io(&valid))?;
        if let Some(d) = &plan.descriptor {
            write_file(&valid.join(&d.out_name), &d.valid_bytes(&files)?)?;
        }
        for file in &files {
            if file.in_valid() {
                write_file(&valid.join(file.valid_path()), &file.valid_bytes())?;
            }
            if file.any_failed() {
                write_file(&invalid.join(&file.path), &file.failed_bytes())?;
            }
        }
        write_file(&tmp.join(FINDINGS_FILE), &findings_csv(&files, &notes)?)
    })?;
    Ok(Split {
        report,
        valid_report,
        files: written,
        rounds,
        findings_written,
    })
}

/// A finding with the row it belongs to, for `findings.csv`.
struct Note {
    file: Option<usize>,
    unit: Option<usize>,
    finding: Finding,
}

/// The package given, if any.
struct Descriptor {
    /// The descriptor file.
    path: PathBuf,
    /// Its name in the report.
    shown: String,
    /// Its name under `valid/`.
    out_name: String,
    /// The package folder, as the report's file names start.
    folder: PathBuf,
    /// The resources' formats, by path under the folder.
    formats: HashMap<String, Format>,
}

/// What the inputs are: one package, or loose files.
struct Plan {
    descriptor: Option<Descriptor>,
    /// Loose files: the report's name → the name under `valid/` and `invalid/`.
    loose: HashMap<String, String>,
    /// Folders that hold inputs (the package folder, the folders of loose files).
    folders: Vec<PathBuf>,
    /// The input paths themselves.
    paths: Vec<PathBuf>,
}

impl Plan {
    fn new(inputs: &[Input]) -> Result<Plan, SplitError> {
        let mut plan = Plan {
            descriptor: None,
            loose: HashMap::new(),
            folders: Vec::new(),
            paths: Vec::new(),
        };
        let mut loose_names: HashMap<String, String> = HashMap::new();
        for input in inputs {
            let path = match input {
                Input::Path(path) => path,
                Input::Bytes { name, .. } => {
                    return Err(SplitError::Usage(format!(
                        "{name}: a split needs files to cut, not standard input"
                    )));
                }
                Input::Bundled => {
                    return Err(SplitError::Usage(
                        "a split needs files to cut; give a package folder or data files".into(),
                    ));
                }
            };
            let descriptor = if path.is_dir() {
                let descriptor = path.join("datapackage.json");
                if !descriptor.is_file() {
                    return Err(ValidateError::NoDescriptor(path.clone()).into());
                }
                Some(descriptor)
            } else if looks_like_descriptor(path) {
                Some(path.clone())
            } else {
                None
            };
            plan.paths.push(path.clone());
            match descriptor {
                Some(descriptor) => {
                    if plan.descriptor.is_some() || !loose_names.is_empty() {
                        return Err(SplitError::Usage(
                            "a split takes one package, or data files, not both: split them one at a time".into(),
                        ));
                    }
                    plan.descriptor = Some(read_descriptor(&descriptor)?);
                    if let Some(d) = &plan.descriptor {
                        plan.folders.push(d.folder.clone());
                    }
                }
                None => {
                    if plan.descriptor.is_some() {
                        return Err(SplitError::Usage(
                            "a split takes one package, or data files, not both: split them one at a time".into(),
                        ));
                    }
                    let shown = path.display().to_string();
                    let name = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_else(|| shown.clone());
                    if let Some(other) = loose_names.insert(name.clone(), shown.clone()) {
                        return Err(SplitError::Usage(format!(
                            "{other} and {shown} have the same name `{name}`: split them one at a time"
                        )));
                    }
                    plan.loose.insert(shown, name);
                    let folder = path
                        .parent()
                        .filter(|p| !p.as_os_str().is_empty())
                        .unwrap_or(Path::new("."));
                    plan.folders.push(folder.to_path_buf());
                }
            }
        }
        Ok(plan)
    }

    /// The path under `valid/` and `invalid/` of a data file the report names.
    fn out_path(&self, shown: &str) -> Result<String, SplitError> {
        let out = match &self.descriptor {
            Some(d) => {
                let path = Path::new(shown);
                let inside = if d.folder == Path::new(".") {
                    path
                } else {
                    path.strip_prefix(&d.folder).unwrap_or(path)
                };
                normalize(inside)
            }
            None => self.loose.get(shown).cloned(),
        };
        out.ok_or_else(|| {
            SplitError::Usage(format!(
                "{shown}: cannot place this file inside the output folder"
            ))
        })
    }

    fn format_of(&self, shown: &str) -> Option<Format> {
        let d = self.descriptor.as_ref()?;
        d.formats.get(&self.out_path(shown).ok()?).copied()
    }

    /// Validates the valid part in memory, named as the inputs were (a package: by its
    /// resource paths), with the same options.
    fn validate_part(&self, all: &[Cut], options: &Options) -> Result<Report, SplitError> {
        let files: Vec<&Cut> = all.iter().filter(|f| f.in_valid()).collect();
        let parts: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|f| (f.valid_path(), f.valid_bytes()))
            .collect();
        Ok(match &self.descriptor {
            Some(d) => {
                let descriptor = d.valid_bytes(all)?;
                let mut memory: Vec<(&str, &[u8])> = vec![("datapackage.json", &descriptor)];
                memory.extend(parts.iter().map(|(p, b)| (p.as_str(), b.as_slice())));
                crate::validate::validate_package_files(&memory, options)?
            }
            None => {
                let inputs: Vec<Input> = files
                    .iter()
                    .zip(parts)
                    .map(|(f, (_, bytes))| Input::Bytes {
                        name: if f.stands_in() {
                            let stem = f
                                .input
                                .rsplit_once('.')
                                .map_or(f.input.as_str(), |(s, _)| s);
                            format!("{stem}.csv")
                        } else {
                            f.input.clone()
                        },
                        bytes,
                    })
                    .collect();
                validate(&inputs, options)?
            }
        })
    }

    /// The data file a finding of the valid part is about.
    fn file_of_part(&self, file: Option<&str>, index: &HashMap<String, usize>) -> Option<usize> {
        let file = file?;
        // A stand-in has no row to move: its findings are not about rows.
        match &self.descriptor {
            None => index.get(file).copied(),
            Some(d) => {
                let wanted = normalize(Path::new(file))?;
                index
                    .iter()
                    .find(|(shown, _)| {
                        let path = Path::new(shown.as_str());
                        let inside = if d.folder == Path::new(".") {
                            path
                        } else {
                            path.strip_prefix(&d.folder).unwrap_or(path)
                        };
                        normalize(inside).as_deref() == Some(wanted.as_str())
                    })
                    .map(|(_, i)| *i)
            }
        }
    }
}

impl Descriptor {
    /// The descriptor of the valid part: the input's bytes, unless a resource's file stands
    /// in as CSV (see [`Cut::stands_in`]), whose `path` and `format` are then changed.
    fn valid_bytes(&self, files: &[Cut]) -> Result<Vec<u8>, SplitError> {
        let bytes = std::fs::read(&self.path).map_err(io(&self.path))?;
        let standing: HashMap<String, String> = files
            .iter()
            .filter(|f| f.stands_in())
            .map(|f| (f.path.clone(), f.valid_path()))
            .collect();
        if standing.is_empty() {
            return Ok(bytes);
        }
        let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
            return Ok(bytes);
        };
        if let Some(resources) = value["resources"].as_array_mut() {
            for r in resources {
                let Some(path) = r["path"].as_str().and_then(|p| normalize(Path::new(p))) else {
                    continue;
                };
                if let Some(new) = standing.get(&path) {
                    r["path"] = new.clone().into();
                    r["format"] = "csv".into();
                }
            }
        }
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        Ok(text.into_bytes())
    }
}

fn looks_like_descriptor(path: &Path) -> bool {
    if Format::from_name(&path.display().to_string()) != Some(Format::Json) {
        return false;
    }
    std::fs::read(path)
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .is_some_and(|v| is_descriptor(&v))
}

fn read_descriptor(path: &Path) -> Result<Descriptor, SplitError> {
    let bytes = std::fs::read(path).map_err(io(path))?;
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let mut formats = HashMap::new();
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes) {
        for r in value["resources"].as_array().into_iter().flatten() {
            let (Some(p), Some(f)) = (
                r["path"].as_str(),
                r["format"].as_str().and_then(Format::from_resource_format),
            ) else {
                continue;
            };
            if let Some(p) = normalize(Path::new(p)) {
                formats.insert(p, f);
            }
        }
    }
    Ok(Descriptor {
        path: path.to_path_buf(),
        shown: path.display().to_string(),
        out_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "datapackage.json".into()),
        folder,
        formats,
    })
}

/// A relative path without `.`, as `/`-joined names; `None` for one that climbs out or is
/// absolute.
fn normalize(path: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(n) => parts.push(n.to_string_lossy().into_owned()),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// One data file cut into its header and its units (CSV records, JSON Lines lines, or the
/// whole JSON document).
struct Cut {
    input: String,
    path: String,
    table: Option<Table>,
    format: Format,
    bytes: Vec<u8>,
    /// Bytes before the first unit (the CSV header, a byte-order mark, leading blank lines).
    head: usize,
    /// Byte ranges of the units, in order; each runs to the next one's start.
    units: Vec<(usize, usize)>,
    /// First physical line of each unit, and the first line past it.
    lines: Vec<(u64, u64)>,
    /// Which units failed.
    failed: Vec<bool>,
    /// Which units failed only in a round of the valid part.
    moved: Vec<bool>,
    /// Every unit failed: the file itself has a finding, or it could not be cut.
    whole: bool,
}

impl Cut {
    fn new(
        input: String,
        path: String,
        table: Option<Table>,
        format: Format,
        bytes: Vec<u8>,
    ) -> Cut {
        let mut cut = Cut {
            input,
            path,
            table,
            format,
            bytes,
            head: 0,
            units: Vec::new(),
            lines: Vec::new(),
            failed: Vec::new(),
            moved: Vec::new(),
            whole: false,
        };
        let bom = if cut.bytes.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        match (format, std::str::from_utf8(&cut.bytes[bom..])) {
            (Format::Csv, Ok(text)) => {
                let mut reader = Reader::new(text, usize::MAX, usize::MAX);
                let mut problems = Vec::new();
                let mut starts: Vec<(usize, u64)> = Vec::new();
                while let Some(record) = reader.next_record(&mut problems) {
                    starts.push((bom + record.start, record.line));
                }
                let mut starts = starts.into_iter();
                // The header is the first record; everything up to the second is the head.
                let _header = starts.next();
                cut.set_units(starts.collect());
            }
            (Format::JsonLines, Ok(text)) => {
                let mut starts = Vec::new();
                let mut offset = 0;
                for (i, line) in text.split_inclusive('\n').enumerate() {
                    if !line.trim().is_empty() {
                        starts.push((bom + offset, i as u64 + 1));
                    }
                    offset += line.len();
                }
                cut.set_units(starts);
            }
            // A JSON document is one unit; bytes that are not UTF-8 cannot be cut.
            (Format::Json, Ok(_)) => {
                cut.head = 0;
                cut.units = vec![(0, cut.bytes.len())];
                cut.lines = vec![(1, u64::MAX)];
            }
            (_, Err(_)) => {
                cut.whole = true;
                cut.head = cut.bytes.len();
            }
        }
        cut.failed = vec![false; cut.units.len()];
        cut.moved = vec![false; cut.units.len()];
        cut
    }

    /// Sets the units from their (start byte, start line): each runs to the next start.
    fn set_units(&mut self, starts: Vec<(usize, u64)>) {
        self.head = starts.first().map_or(self.bytes.len(), |s| s.0);
        for (i, &(start, line)) in starts.iter().enumerate() {
            let end = starts.get(i + 1).map_or(self.bytes.len(), |s| s.0);
            let end_line = starts.get(i + 1).map_or(u64::MAX, |s| s.1);
            self.units.push((start, end));
            self.lines.push((line, end_line));
        }
    }

    /// The unit an input finding is about: the one whose lines hold the finding's line
    /// (`None`: a finding of the whole file).
    fn unit_at(&self, finding: &Finding) -> Option<usize> {
        if self.whole || self.format == Format::Json {
            return None;
        }
        let line = finding.line?;
        self.lines
            .iter()
            .position(|(from, to)| *from <= line && line < *to)
    }

    /// The unit a finding of the valid part is about (its line counted in the valid part),
    /// and the finding's line offset inside the unit.
    fn kept_unit_at(&self, finding: &Finding) -> Option<(usize, u64)> {
        if self.whole || self.format == Format::Json {
            return None;
        }
        let line = finding.line?;
        let mut at = 1 + count_breaks(&self.bytes[..self.head]);
        for (u, &(start, end)) in self.units.iter().enumerate() {
            if self.failed[u] {
                continue;
            }
            let span = count_breaks(&self.bytes[start..end]);
            if at <= line && (line < at + span || (span == 0 && line == at)) {
                return Some((u, line - at));
            }
            at += span;
        }
        None
    }

    /// A JSON Lines file with no line that passed cannot be empty (an empty file is an
    /// error): its valid part is its table's canonical header as a CSV file beside it.
    fn stands_in(&self) -> bool {
        self.format == Format::JsonLines
            && self.table.is_some()
            && (self.whole || self.failed.iter().all(|f| *f))
    }

    /// Whether the valid part has this file: not when it failed whole and its table is not
    /// known (no header to give it), unless it is a JSON document (`{}` or `[]`).
    fn in_valid(&self) -> bool {
        !(self.whole && self.table.is_none() && self.format != Format::Json)
    }

    /// The file's path under `valid/`.
    fn valid_path(&self) -> String {
        if self.stands_in() {
            let stem = self
                .path
                .rsplit_once('.')
                .map_or(self.path.as_str(), |(s, _)| s);
            format!("{stem}.csv")
        } else {
            self.path.clone()
        }
    }

    fn any_failed(&self) -> bool {
        self.whole || self.failed.iter().any(|f| *f)
    }

    fn head_bytes(&self) -> &[u8] {
        &self.bytes[..self.head]
    }

    /// The valid part: the head and the units that passed; for a file that failed whole, the
    /// table's canonical header (CSV) or an empty array (JSON), so references into it fail.
    fn valid_bytes(&self) -> Vec<u8> {
        if self.whole || self.stands_in() {
            return match (self.format, self.table) {
                (Format::Csv | Format::JsonLines, Some(table)) => {
                    let mut header = canonical_header(table).join(",");
                    header.push('\n');
                    header.into_bytes()
                }
                (Format::Json, _) if self.bytes.trim_ascii_start().starts_with(b"{") => {
                    b"{}\n".to_vec()
                }
                (Format::Json, _) => b"[]\n".to_vec(),
                _ => Vec::new(),
            };
        }
        let mut out = self.head_bytes().to_vec();
        for (u, &(start, end)) in self.units.iter().enumerate() {
            if !self.failed[u] {
                out.extend_from_slice(&self.bytes[start..end]);
            }
        }
        out
    }

    /// The failed part: the head and the units that failed (the whole file when it failed
    /// whole).
    fn failed_bytes(&self) -> Vec<u8> {
        if self.whole {
            return self.bytes.clone();
        }
        let mut out = self.head_bytes().to_vec();
        for (u, &(start, end)) in self.units.iter().enumerate() {
            if self.failed[u] {
                out.extend_from_slice(&self.bytes[start..end]);
            }
        }
        out
    }

    /// Where unit `u` starts in its output file (1-based line), and the output's folder.
    fn out_line(&self, u: usize) -> (&'static str, u64) {
        let into_failed = self.whole || self.failed[u];
        let mut at = 1 + count_breaks(&self.bytes[..self.head]);
        for (v, &(start, end)) in self.units.iter().enumerate().take(u) {
            if (self.whole || self.failed[v]) == into_failed {
                at += count_breaks(&self.bytes[start..end]);
            }
        }
        (if into_failed { INVALID_DIR } else { VALID_DIR }, at)
    }

    fn summary(&self) -> SplitFile {
        let failed = if self.whole {
            self.units.len() as u64
        } else {
            self.failed.iter().filter(|f| **f).count() as u64
        };
        SplitFile {
            input: self.input.clone(),
            path: self.path.clone(),
            valid_rows: self.units.len() as u64 - failed,
            failed_rows: failed,
            moved_rows: self.moved.iter().filter(|m| **m).count() as u64,
            whole_file: self.whole,
        }
    }
}

/// Line breaks in `bytes`, counted as the validator counts lines: CRLF, LF or a lone CR.
fn count_breaks(bytes: &[u8]) -> u64 {
    let mut n = 0;
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'\n' => n += 1,
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => n += 1,
            _ => {}
        }
    }
    n
}

/// The field names of a table's CSV header, in the Table Schema's order.
fn canonical_header(table: Table) -> Vec<String> {
    crate::schema::table_schema(table)["fields"]
        .as_array()
        .map(|fields| {
            fields
                .iter()
                .filter_map(|f| f["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn findings_csv(files: &[Cut], notes: &[Note]) -> Result<Vec<u8>, SplitError> {
    let mut out = ::csv::Writer::from_writer(Vec::new());
    let fail = |e: ::csv::Error| SplitError::Io {
        path: FINDINGS_FILE.into(),
        source: std::io::Error::other(e),
    };
    out.write_record([
        "file",
        "line",
        "column",
        "field",
        "code",
        "severity",
        "message",
        "hint",
        "input_file",
        "input_line",
    ])
    .map_err(fail)?;
    // Failed rows first, in file and line order, then the rest.
    let mut rows: Vec<(u8, usize, String, u64, u64, Vec<String>)> = Vec::new();
    for note in notes {
        let f = &note.finding;
        let (file, line, input_line, input_file) = match note.file.map(|i| &files[i]) {
            Some(cut) => {
                let (dir, file_line) = match note.unit {
                    Some(u) => {
                        let (dir, start) = cut.out_line(u);
                        let offset = f
                            .line
                            .unwrap_or(cut.lines[u].0)
                            .saturating_sub(cut.lines[u].0);
                        (dir, Some(start + offset))
                    }
                    None => {
                        let dir = if cut.any_failed() {
                            INVALID_DIR
                        } else {
                            VALID_DIR
                        };
                        (dir, f.line)
                    }
                };
                let input_line = f.line;
                (
                    format!("{dir}/{}", cut.path),
                    file_line,
                    input_line,
                    cut.input.clone(),
                )
            }
            None => (
                String::new(),
                None,
                f.line,
                f.file.clone().unwrap_or_default(),
            ),
        };
        let number = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_default();
        let order = u8::from(!file.starts_with(INVALID_DIR));
        rows.push((
            order,
            note.file.unwrap_or(usize::MAX),
            file.clone(),
            line.unwrap_or(0),
            f.column.unwrap_or(0),
            vec![
                clean(&file),
                number(line),
                number(f.column),
                clean(f.field.as_deref().unwrap_or("")),
                f.code.to_owned(),
                f.severity.as_str().to_owned(),
                clean(&f.message),
                clean(f.hint.as_deref().unwrap_or("")),
                clean(&input_file),
                number(input_line),
            ],
        ));
    }
    rows.sort_by(|a, b| (a.0, a.1, &a.2, a.3, a.4).cmp(&(b.0, b.1, &b.2, b.3, b.4)));
    for row in rows {
        out.write_record(&row.5).map_err(fail)?;
    }
    out.into_inner().map_err(|e| SplitError::Io {
        path: FINDINGS_FILE.into(),
        source: std::io::Error::other(e.to_string()),
    })
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), SplitError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    std::fs::write(path, bytes).map_err(io(path))
}

/// The output folder, absolute, once it is known to be a place a split may write: it holds
/// no input, lies in no package folder given, and is empty or missing (or `force`).
fn check_target(into: &Path, force: bool, plan: &Plan) -> Result<PathBuf, SplitError> {
    let name = into.file_name().ok_or_else(|| {
        SplitError::Usage(format!(
            "{}: name a new folder for the split",
            into.display()
        ))
    })?;
    let parent = into
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io(parent))?;
    let target = parent.canonicalize().map_err(io(parent))?.join(name);
    let refuse = |why: String| Err(SplitError::Usage(format!("{}: {why}", into.display())));
    for folder in &plan.folders {
        let folder = folder.canonicalize().map_err(io(folder))?;
        if folder == target || folder.starts_with(&target) {
            return refuse("it holds an input; write the split to a new folder elsewhere".into());
        }
        if plan.descriptor.is_some() && target.starts_with(&folder) {
            return refuse(format!(
                "it lies inside the package folder {}; write the split outside it",
                folder.display()
            ));
        }
    }
    for path in &plan.paths {
        let path = path.canonicalize().map_err(io(path))?;
        if path.starts_with(&target) {
            return refuse("it holds an input; write the split to a new folder elsewhere".into());
        }
    }
    match std::fs::symlink_metadata(&target) {
        Ok(meta) if !meta.is_dir() => refuse("it exists and is not a folder".into()),
        Ok(_) => {
            let empty = std::fs::read_dir(&target)
                .map_err(io(&target))?
                .next()
                .is_none();
            if empty || force {
                Ok(target)
            } else {
                refuse("the folder exists and is not empty; give --force to replace it".into())
            }
        }
        Err(_) => Ok(target),
    }
}

/// Writes the output into a fresh folder beside `target` and renames it into place
/// ([`crate::atomic::replace_dir`]); on any failure `target` is left as it was. An existing
/// `target` was already checked to be empty, or `force` given ([`check_target`]).
fn write_atomically(
    target: &Path,
    write: impl FnOnce(&Path) -> Result<(), SplitError>,
) -> Result<(), SplitError> {
    crate::atomic::replace_dir(target, write, |path, e| io(path)(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_count_crlf_lf_and_lone_cr_once_each() {
        assert_eq!(count_breaks(b"a\r\nb\nc\rd"), 3);
        assert_eq!(count_breaks(b""), 0);
    }

    #[test]
    fn paths_normalize_or_are_refused() {
        assert_eq!(
            normalize(Path::new("./a/./b.csv")).as_deref(),
            Some("a/b.csv")
        );
        assert_eq!(normalize(Path::new("../a.csv")), None);
        assert_eq!(normalize(Path::new("/a.csv")), None);
    }

    #[test]
    fn the_canonical_header_starts_with_the_id() {
        assert_eq!(canonical_header(Table::Officials)[0], "id");
    }
}
