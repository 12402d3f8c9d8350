//! The human report, rendered from hand-built reports: exact text with colour off, grouping and
//! sorting, the summary wording, hidden values, cleaning of terminal escapes, and colour on.

use defcoop::model::Table;
use defcoop::report::{RenderOptions, human};
use defcoop::rules::rule;
use defcoop::validate::{FileSummary, Finding, Report, Snippet};

fn finding(code: &str, message: &str) -> Finding {
    Finding::new(rule(code).expect("a known rule code"), message)
}

fn file(name: &str, table: Table, records: u64) -> FileSummary {
    FileSummary {
        file: name.into(),
        table: Some(table),
        records,
        bytes: records * 50,
    }
}

const OFFICIALS_LINE: &str = "off-jane-doe,Jane Doe,,,org-nowhere,src-azernews,2";

/// An unresolved reference in a CSV cell, with its line, column and a hint.
fn unresolved() -> Finding {
    let start = OFFICIALS_LINE.find("org-nowhere").unwrap();
    Finding {
        file: Some("officials.csv".into()),
        table: Some(Table::Officials),
        line: Some(3),
        column: Some(start as u64 + 1),
        field: Some("organization_id".into()),
        record: Some(2),
        value: Some("org-nowhere".into()),
        hint: Some("did you mean `org-somewhere`?".into()),
        snippet: Some(Snippet {
            text: OFFICIALS_LINE.into(),
            start,
            end: start + "org-nowhere".len(),
        }),
        ..finding(
            "key.unresolved",
            "organization `org-nowhere` does not exist in organizations",
        )
    }
}

fn report(findings: Vec<Finding>, files: Vec<FileSummary>) -> Report {
    let errors = findings
        .iter()
        .filter(|f| f.severity == defcoop::rules::Severity::Error)
        .count() as u64;
    let warnings = findings.len() as u64 - errors;
    Report {
        valid: errors == 0,
        errors,
        warnings,
        files,
        findings,
    }
}

fn plain(report: &Report) -> String {
    human::render(report, &RenderOptions::default())
}

#[test]
fn a_finding_shows_its_line_with_the_value_underlined() {
    let r = report(vec![unresolved()], vec![file("officials.csv", Table::Officials, 12)]);
    let expected = "\
error[key.unresolved]: organization `org-nowhere` does not exist in organizations
 --> officials.csv:3:25
  |
3 | off-jane-doe,Jane Doe,,,org-nowhere,src-azernews,2
  |                         ^^^^^^^^^^^ column organization_id
  |
  = hint: did you mean `org-somewhere`?

1 error, 0 warnings in 1 file (12 records): invalid
";
    assert_eq!(plain(&r), expected);
}
