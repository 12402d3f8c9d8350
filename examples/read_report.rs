//! Reads a `defcoop validate --format json` report back into the crate's types and answers
//! questions with them: which rules fired, on which tables, and what each rule means.
//!
//! Run with `defcoop validate DATA --format json > report.json; cargo run --example read_report
//! -- report.json` (feature `validate`); without an argument it makes a report of a broken copy
//! of the bundled package first. `tests/examples.rs` runs it.

use std::collections::BTreeMap;
use std::error::Error;

use defcoop::model::Table;
use defcoop::validate::{Input, Options, Report, validate};

/// The JSON report of a copy of the bundled package with one unresolved reference, as
/// `defcoop validate --format json` prints it.
pub fn broken_report() -> Result<String, Box<dyn Error>> {
    let mut files: Vec<(String, Vec<u8>)> = defcoop::package::bundled_files()
        .iter()
        .map(|(p, b)| (p.to_string(), b.to_vec()))
        .collect();
    for (path, bytes) in &mut files {
        if path == "delegations.csv" {
            let text = String::from_utf8(bytes.clone())?;
            *bytes = text
                .replacen("off-zakir-hasanov", "off-zakir-hasan", 1)
                .into_bytes();
        }
    }
    let borrowed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    let report = defcoop::validate::validate_package_files(&borrowed, &Options::default())?;
    Ok(defcoop::report::json::render(&report))
}

/// Findings counted by code and table.
pub type Counts = BTreeMap<(&'static str, Option<Table>), usize>;

/// Reads `json` as a report and counts its findings by code and table.
pub fn run(json: &str) -> Result<Counts, Box<dyn Error>> {
    let report: Report = serde_json::from_str(json)?;
    println!(
        "valid: {}, {} errors, {} warnings",
        report.valid, report.errors, report.warnings
    );
    let mut counts = BTreeMap::new();
    for f in &report.findings {
        *counts.entry((f.code, f.table)).or_insert(0) += 1;
    }
    for ((code, table), n) in &counts {
        // The code is always one of the catalogue: unknown codes are refused when reading.
        let meaning = defcoop::rules::rule(code).map_or("", |r| r.meaning);
        println!(
            "{n} × {code} in {}: {meaning}",
            table.map_or("-", Table::name)
        );
    }
    Ok(counts)
}

#[allow(dead_code)] // `tests/examples.rs` calls `run`, not `main`.
fn main() -> Result<(), Box<dyn Error>> {
    let json = match std::env::args_os().nth(1) {
        Some(path) => std::fs::read_to_string(path)?,
        None => broken_report()?,
    };
    run(&json)?;
    // The bundled package itself gives a report with no finding.
    let clean = validate(&[Input::Bundled], &Options::default())?;
    assert!(clean.findings.is_empty());
    Ok(())
}
