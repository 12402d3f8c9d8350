//! Helpers shared by the validator tests: run the validator on fixtures and summarize its
//! findings as `code@file:line:column:field` strings, so expectations are exact and short.
#![allow(dead_code)]

use std::path::PathBuf;

use defcoop::validate::{Input, Options, Report, ValidateError, validate};

pub const FIXTURES: &str = "tests/fixtures/validate";

/// The fixture corpus that exercises every rule (paths relative to [`FIXTURES`], one run per
/// entry): `validate_rules.rs` checks that it fires every code, `hide_values.rs` that no value of
/// it shows under `--hide-values`.
pub const RULE_CORPUS: &[&[&str]] = &[
    &["broken-package"],
    &["contradictions"],
    &["missing-table"],
    &["files/encoding/officials.csv"],
    &["files/utf16/officials.csv"],
    &["files/nul/officials.csv"],
    &["files/empty/officials.csv"],
    &["files/quotes/officials.csv"],
    &["files/ragged/officials.csv"],
    &["files/header/officials.csv"],
    &["files/header-only/officials.csv"],
    &["files/people.csv"],
    &["files/json-syntax/officials.json"],
    &["files/json-duplicate/officials.json"],
    &["files/json-shape/dataset.json"],
    &["files/json-empty/officials.json"],
    &["files/jsonl/officials.jsonl"],
    &["records/officials.csv"],
    &["records/positions.csv"],
    &["records/exhibitions.csv"],
    &["records/agreements.csv"],
    &["records/ranks/positions.csv"],
    &["records/sources.csv"],
    &["records/extra/officials.json"],
    &["records/language/sources.csv"],
    &["messages/semicolon/officials.csv"],
    &["messages/empty-row/officials.csv"],
    &["v2"],
];

pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(FIXTURES).join(rel)
}

pub fn run_paths(rels: &[&str], options: &Options) -> Result<Report, ValidateError> {
    let inputs: Vec<Input> = rels.iter().map(|r| Input::Path(fixture(r))).collect();
    validate(&inputs, options)
}

pub fn run(rels: &[&str]) -> Report {
    run_paths(rels, &Options::default()).unwrap_or_else(|e| panic!("{rels:?}: {e}"))
}

/// `code@file:line:column:field`, the file relative to the fixtures folder.
pub fn summary(report: &Report) -> Vec<String> {
    let prefix = format!("{FIXTURES}/");
    report
        .findings
        .iter()
        .map(|f| {
            let file = f.file.as_deref().unwrap_or("-");
            let file = file.strip_prefix(&prefix).unwrap_or(file);
            let opt = |n: Option<u64>| n.map_or("-".to_string(), |n| n.to_string());
            format!(
                "{}@{}:{}:{}:{}",
                f.code,
                file,
                opt(f.line),
                opt(f.column),
                f.field.as_deref().unwrap_or("-")
            )
        })
        .collect()
}

pub fn summarize(rels: &[&str]) -> Vec<String> {
    summary(&run(rels))
}

pub fn bytes_summary(name: &str, bytes: &[u8]) -> Vec<String> {
    let report = defcoop::validate::validate_bytes(name, bytes, None, &Options::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    summary(&report)
}
