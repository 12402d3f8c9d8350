//! What each fuzz target does with its input, and the invariants it checks.
//!
//! The targets in `fuzz_targets/` are one line each: they call the function of the same name
//! here. `tests/fuzz_regressions.rs` of the main crate includes this file too (by path), so
//! every saved crash input and seed is replayed by `cargo test` on stable Rust, through the
//! very code the fuzzer ran, with no fuzzer installed.
//!
//! Every function panics only when an invariant is broken (a bug the fuzzer then reports):
//! the validator itself must never panic, whatever the bytes.

use defcoop::input::json::{self, JsonLimits};
use defcoop::input::{Pos, csv_records, descriptor, text};
use defcoop::model::Table;
use defcoop::report::{RenderOptions, human, json as json_report};
use defcoop::validate::{
    Input, Limits, Options, Report, Tuning, ValidateError, validate_bytes, validate_package_files,
    validate_tuned,
};

/// Small limits, so the fuzzer reaches every limit with small inputs.
pub fn small_limits() -> Limits {
    Limits::default()
        .max_cell_bytes(40)
        .max_line_bytes(400)
        .max_depth(6)
        .max_columns(16)
}

/// The table and limits a leading control byte stands for: the low four bits pick the table
/// (past the last table: none, so the name decides), bit 7 picks the small limits.
pub fn control(byte: u8) -> (Option<Table>, Options) {
    let table = Table::ALL.get(usize::from(byte & 0x0F)).copied();
    let limits = if byte & 0x80 != 0 {
        small_limits()
    } else {
        Limits::default()
    };
    let options = Options::default()
        .limits(limits)
        .max_findings(if byte & 0x40 != 0 { 5 } else { 1000 })
        .hide_values(byte & 0x20 != 0);
    (table, options)
}

/// The number of physical lines of `text` as the readers count them: LF, CRLF and a lone CR
/// each end a line.
pub fn line_count(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let mut lines = 1;
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'\n' => lines += 1,
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => lines += 1,
            _ => {}
        }
    }
    lines
}

/// A package path without empty and `.` components, as the validator matches them.
fn normalize(path: &str) -> String {
    path.split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect::<Vec<_>>()
        .join("/")
}

fn decoded_text(bytes: &[u8]) -> String {
    text::decode(bytes)
        .text
        .map(|t| t.into_owned())
        .unwrap_or_default()
}

fn check_pos(what: &str, pos: &Pos, text: &str, lines: u64) {
    assert!(
        pos.line >= 1 && pos.line <= lines,
        "{what}: line {} of {lines}",
        pos.line
    );
    assert!(pos.column >= 1, "{what}: column 0");
    assert!(
        pos.offset <= text.len(),
        "{what}: offset {} past {}",
        pos.offset,
        text.len()
    );
}

/// Invariants of any report on the given files (name, bytes): findings are placed on lines
/// that exist in a file that was given, counts agree with the verdict, the cap holds, and
/// both renderings succeed.
pub fn check_report(report: &Report, files: &[(&str, &[u8])], options: &Options) {
    let lines: Vec<u64> = files
        .iter()
        .map(|(_, bytes)| line_count(&decoded_text(bytes)))
        .collect();
    for f in &report.findings {
        assert!(f.line.is_none_or(|l| l >= 1), "{f:?}");
        assert!(f.column.is_none_or(|c| c >= 1), "{f:?}");
        if let (Some(file), Some(line)) = (&f.file, f.line) {
            let given = files
                .iter()
                .position(|(name, _)| normalize(name) == normalize(file));
            let Some(lines) = given.and_then(|i| lines.get(i)) else {
                panic!("a finding in a file that was not given: {f:?}");
            };
            assert!(line <= *lines, "line {line} of {lines}: {f:?}");
        }
        if let Some(s) = &f.snippet {
            assert!(s.start <= s.end, "{f:?}");
            assert!(s.end <= s.text.chars().count(), "{f:?}");
        }
        if options.hide_values {
            assert!(f.snippet.is_none(), "a snippet with values hidden: {f:?}");
        }
    }
    assert!(report.findings.len() <= options.max_findings);
    assert!(report.findings.len() as u64 <= report.errors + report.warnings);
    assert_eq!(report.valid, report.errors == 0, "{report:?}");
    let _ = json_report::render(report);
    let _ = human::render(
        report,
        &RenderOptions {
            color: true,
            hide_values: options.hide_values,
        },
    );
}

/// The CSV reader alone (positions inside the text, progress), then the whole validation of
/// the bytes as one table's CSV file. The first byte is the [`control`] byte.
pub fn csv(data: &[u8]) {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let (table, options) = control(first);
    let text = decoded_text(bytes);
    let lines = line_count(&text);
    let mut reader = csv_records::Reader::new(
        &text,
        options.limits.max_cell_bytes,
        options.limits.max_line_bytes,
    );
    let mut problems = Vec::new();
    let mut last_end = 0;
    while let Some(record) = reader.next_record(&mut problems) {
        // Every record moves on, so reading ends.
        assert!(record.start >= last_end && record.end > record.start);
        assert!(record.end <= text.len());
        assert!(record.line >= 1 && record.line <= lines);
        last_end = record.end;
        for cell in &record.cells {
            check_pos("cell", &cell.pos, &text, lines);
            assert!(cell.pos.offset + cell.pos.len <= text.len());
            assert!(cell.value.len() <= cell.pos.len, "{cell:?}");
            assert!(!cell.too_big || cell.value.is_empty());
        }
    }
    for p in &problems {
        check_pos(p.code, &p.pos, &text, lines);
    }
    let name = match table {
        Some(t) => format!("{}.csv", t.name()),
        None => "<stdin>.csv".to_owned(),
    };
    let report = validate_bytes(&name, bytes, table, &options).expect("a CSV file is validated");
    check_report(&report, &[(name.as_str(), bytes)], &options);
    // The quick path for rows with no quote gives the report of the positioned reader.
    let tuning = Tuning {
        block: 256 << 10,
        plain_csv_rows: false,
        ..Tuning::default()
    };
    let slow = validate_bytes_tuned(&name, bytes, table, &options, tuning);
    assert_eq!(report, slow, "the quick CSV path differs");
}

/// The JSON reader alone (positions and pointers), then the whole validation of the bytes as
/// one table's JSON file, JSON Lines file, or a dataset object. The first byte is the
/// [`control`] byte; its bit 4 picks JSON Lines.
/// [`validate_bytes`] read as `tuning` says (for comparing the validator's paths).
fn validate_bytes_tuned(
    name: &str,
    bytes: &[u8],
    table: Option<Table>,
    options: &Options,
    tuning: Tuning,
) -> Report {
    let options = options.clone().table(table.or(options.table));
    let input = Input::Bytes {
        name: name.to_owned(),
        bytes: bytes.to_vec(),
    };
    validate_tuned(&[input], &options, tuning).expect("validated once already")
}

/// [`validate_bytes`] with every JSON Lines line read by the positioned reader (no fast path).
fn slow_json_lines(name: &str, bytes: &[u8], table: Option<Table>, options: &Options) -> Report {
    let tuning = Tuning {
        block: 256 << 10,
        direct_json_lines: false,
        ..Tuning::default()
    };
    validate_bytes_tuned(name, bytes, table, options, tuning)
}

pub fn json(data: &[u8]) {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let (table, options) = control(first);
    let lines_format = first & 0x10 != 0;
    let text = decoded_text(bytes);
    let lines = line_count(&text);
    let limits = JsonLimits {
        max_depth: options.limits.max_depth,
        max_string: options.limits.max_cell_bytes,
        positions_depth: 3,
    };
    match json::parse(&text, limits) {
        Ok(parsed) => {
            assert!(parsed.positions.contains_key(""), "no root position");
            // A repeated key replaces its value, and the positions inside the first value
            // stay (harmless: the validator only asks for values that exist, whose positions
            // the second value wrote over).
            let replaced = parsed
                .problems
                .iter()
                .any(|p| p.code == "json.duplicate-key");
            for (pointer, pos) in &parsed.positions {
                check_pos(pointer, pos, &text, lines);
                assert!(pos.offset + pos.len <= text.len(), "{pointer}: {pos:?}");
                assert!(
                    replaced || parsed.value.pointer(pointer).is_some(),
                    "a position for `{pointer}`, which is no value"
                );
            }
            for p in &parsed.problems {
                check_pos(p.code, &p.pos, &text, lines);
            }
        }
        Err(failed) => {
            for p in failed.problems.iter().chain([&*failed.fatal]) {
                check_pos(p.code, &p.pos, &text, lines);
            }
        }
    }
    let ext = if lines_format { "jsonl" } else { "json" };
    let name = match table {
        Some(t) => format!("{}.{ext}", t.name()),
        None => format!("defcoop.{ext}"),
    };
    match validate_bytes(&name, bytes, table, &options) {
        Ok(report) => {
            check_report(&report, &[(name.as_str(), bytes)], &options);
            if lines_format {
                // The fast path for JSON Lines gives the report of the positioned reader.
                let slow = slow_json_lines(&name, bytes, table, &options);
                assert_eq!(report, slow, "{name}: the JSON Lines fast path differs");
            }
        }
        // A descriptor given as bytes is refused (its resources could not be found).
        Err(ValidateError::Usage(_)) if !lines_format => {
            let limits = JsonLimits {
                max_depth: 64,
                max_string: 1 << 20,
                positions_depth: 0,
            };
            let parsed = json::parse(&text, limits).expect("a refused descriptor parses");
            assert!(descriptor::is_descriptor(&parsed.value));
        }
        Err(e) => panic!("{name}: {e}"),
    }
}

/// The descriptor reader alone (every resource it gives has a path and a table), then the
/// bytes as the `datapackage.json` of the bundled package's data files.
pub fn descriptor(data: &[u8]) {
    let text = decoded_text(data);
    let limits = JsonLimits {
        max_depth: 64,
        max_string: 1 << 20,
        positions_depth: 3,
    };
    let mut safe = true;
    if let Ok(parsed) = json::parse(&text, limits) {
        let d = descriptor::read(&parsed);
        let lines = line_count(&text);
        for r in &d.resources {
            assert!(r.table.is_some());
            check_pos(&r.pointer, &r.pos, &text, lines);
            safe &= descriptor::check_relative(&r.path).is_ok();
        }
        for p in &d.problems {
            check_pos(p.code, &p.pos, &text, lines);
        }
    }
    let mut files: Vec<(&str, &[u8])> = defcoop::package::bundled_files()
        .iter()
        .filter(|(path, _)| *path != "datapackage.json")
        .map(|(path, bytes)| (*path, *bytes))
        .collect();
    files.push(("datapackage.json", data));
    match validate_package_files(&files, &Options::default()) {
        Ok(report) => {
            assert!(safe, "an unsafe resource path was read");
            check_report(&report, &files, &Options::default());
        }
        Err(ValidateError::UnsafePath { path, .. }) => {
            assert!(descriptor::check_relative(&path).is_err(), "{path} refused");
        }
        // A resource that is not among the files.
        Err(ValidateError::Io { .. }) => {}
        Err(e) => panic!("{e}"),
    }
}

/// Splits a package written as one text: `--- path` lines start each file, the bytes before
/// the first such line are the `datapackage.json`.
pub fn split_package(data: &[u8]) -> Vec<(String, &[u8])> {
    let mut files = Vec::new();
    let mut name = "datapackage.json".to_owned();
    let mut start = 0;
    let mut i = 0;
    while i < data.len() {
        let at_line_start = i == 0 || data.get(i - 1) == Some(&b'\n');
        if at_line_start && data.get(i..).is_some_and(|d| d.starts_with(b"--- ")) {
            let end = data
                .get(i..)
                .and_then(|d| d.iter().position(|b| *b == b'\n'))
                .map_or(data.len(), |n| i + n);
            files.push((name, data.get(start..i).unwrap_or_default()));
            name = String::from_utf8_lossy(data.get(i + 4..end).unwrap_or_default())
                .trim()
                .to_owned();
            start = (end + 1).min(data.len());
            i = start;
            continue;
        }
        i += 1;
    }
    files.push((name, data.get(start..).unwrap_or_default()));
    files
}

/// A whole package from one text (see [`split_package`]), validated from memory.
pub fn package(data: &[u8]) {
    let files = split_package(data);
    let files: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    let options = Options::default();
    match validate_package_files(&files, &options) {
        Ok(report) => check_report(&report, &files, &options),
        Err(
            ValidateError::UnsafePath { .. } | ValidateError::Io { .. } | ValidateError::Usage(_),
        ) => {}
        Err(e) => panic!("{e}"),
    }
}
