//! The human report, rendered from hand-built reports: exact text with colour off, the order
//! of the report kept, the summary wording, hidden values, cleaning of terminal escapes, and colour on.

use defcoop::model::Table;
use defcoop::report::{RenderOptions, human};
use defcoop::rules::rule;
use defcoop::validate::{FileSummary, Finding, Report, Snippet};

fn finding(code: &str, message: &str) -> Finding {
    Finding::new(rule(code).expect("a known rule code"), message)
}

fn file(name: &str, table: Table, records: u64) -> FileSummary {
    FileSummary::new(name, Some(table), records, records * 50)
}

const OFFICIALS_LINE: &str = "off-jane-doe,Jane Doe,,,org-nowhere,src-azernews,2";

/// An unresolved reference in a CSV cell, with its line, column and a hint.
fn unresolved() -> Finding {
    let start = OFFICIALS_LINE.find("org-nowhere").unwrap();
    finding(
        "key.unresolved",
        "organization `org-nowhere` does not exist in organizations",
    )
    .with_file("officials.csv")
    .with_table(Table::Officials)
    .with_line(3)
    .with_column(start as u64 + 1)
    .with_field("organization_id")
    .with_record(2)
    .with_value("org-nowhere")
    .with_hint("did you mean `org-somewhere`?")
    .with_snippet(Snippet::new(
        OFFICIALS_LINE,
        start,
        start + "org-nowhere".len(),
    ))
}

fn report(findings: Vec<Finding>, files: Vec<FileSummary>) -> Report {
    let errors = findings
        .iter()
        .filter(|f| f.severity == defcoop::rules::Severity::Error)
        .count() as u64;
    let warnings = findings.len() as u64 - errors;
    let mut report = Report::new(files, findings);
    // The `limit.findings` notice counted too, as these reports always have.
    (report.errors, report.warnings) = (errors, warnings);
    report
}

fn plain(report: &Report) -> String {
    human::render(report, &RenderOptions::default())
}

#[test]
fn a_finding_shows_its_line_with_the_value_underlined() {
    let r = report(
        vec![unresolved()],
        vec![file("officials.csv", Table::Officials, 12)],
    );
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

#[test]
fn hidden_values_show_neither_the_line_nor_the_value() {
    let mut f = unresolved();
    f.message = "the organization does not exist in organizations".into();
    let r = report(vec![f], vec![file("officials.csv", Table::Officials, 12)]);
    let options = RenderOptions {
        color: false,
        hide_values: true,
    };
    let expected = "\
error[key.unresolved]: the organization does not exist in organizations
 --> officials.csv:3:25
  = field: organization_id
  = hint: did you mean `org-somewhere`?

1 error, 0 warnings in 1 file (12 records): invalid
";
    let text = human::render(&r, &options);
    assert_eq!(text, expected);
    assert!(!text.contains("Jane Doe") && !text.contains("org-nowhere"));
}

#[test]
fn a_finding_without_a_line_shows_its_field_value_and_record() {
    let f = finding("schema.format", "`2024-02-30` is not a calendar day")
        .with_file("defcoop.json")
        .with_table(Table::Meetings)
        .with_field("/meetings/0/date")
        .with_record(1)
        .with_value("2024-02-30");
    let r = report(vec![f], vec![file("defcoop.json", Table::Meetings, 3)]);
    let expected = "\
error[schema.format]: `2024-02-30` is not a calendar day
 --> defcoop.json
  = field: /meetings/0/date
  = value: `2024-02-30`
  = record: 1

1 error, 0 warnings in 1 file (3 records): invalid
";
    assert_eq!(plain(&r), expected);
}

#[test]
fn a_json_pointer_is_labelled_as_a_place_and_an_empty_cell_gets_one_caret() {
    let line = r#"{"id": "mtg-1", "date": ""}"#;
    let start = line.find(r#""""#).unwrap();
    let f = finding("schema.required", "`date` is empty")
        .with_file("meetings.jsonl")
        .with_line(7)
        .with_column(start as u64 + 2)
        .with_field("/date")
        .with_snippet(Snippet::new(line, start + 1, start + 1));
    let r = report(vec![f], vec![file("meetings.jsonl", Table::Meetings, 9)]);
    let expected = "\
error[schema.required]: `date` is empty
 --> meetings.jsonl:7:26
  |
7 | {\"id\": \"mtg-1\", \"date\": \"\"}
  |                          ^ at /date

1 error, 0 warnings in 1 file (9 records): invalid
";
    assert_eq!(plain(&r), expected);
}

#[test]
fn a_line_cut_short_by_the_validator_is_not_shown_under_a_wrong_column() {
    // The snippet starts at the span, but the finding says column 1000: the text is a piece of
    // the line, so the renderer shows the position and the value, not a misleading snippet.
    let mut f = unresolved();
    f.column = Some(1000);
    let r = report(vec![f], vec![file("officials.csv", Table::Officials, 12)]);
    let text = plain(&r);
    assert!(text.contains(" --> officials.csv:3:1000\n"), "{text}");
    assert!(text.contains("  = value: `org-nowhere`\n"), "{text}");
    assert!(!text.contains("Jane Doe"), "{text}");
}

#[test]
fn findings_are_rendered_in_the_order_the_report_lists_them() {
    // The validator puts a report in reading order (`validate::reading_order`, tested there),
    // with a root cause before an earlier line it explains: the renderer keeps that order, as
    // the JSON report does, and renders a hand-built report as built.
    let at = |file: Option<&str>, line: Option<u64>, column: Option<u64>, code: &str| {
        let mut f = finding(code, &format!("{file:?} {line:?} {column:?}"));
        (f.file, f.line, f.column) = (file.map(Into::into), line, column);
        f
    };
    let findings = vec![
        at(Some("m.csv"), Some(5), Some(1), "schema.pattern"),
        at(Some("m.csv"), Some(2), Some(47), "key.unresolved"),
        at(Some("a.csv"), None, None, "csv.header-unknown"),
        at(None, None, None, "limit.findings"),
    ];
    let files = vec![
        file("m.csv", Table::Meetings, 10),
        file("a.csv", Table::Organizations, 10),
    ];
    let text = plain(&report(findings, files));
    let titles: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("error") || l.starts_with("warning"))
        .collect();
    assert_eq!(
        titles,
        [
            "error[schema.pattern]: Some(\"m.csv\") Some(5) Some(1)",
            "error[key.unresolved]: Some(\"m.csv\") Some(2) Some(47)",
            "error[csv.header-unknown]: Some(\"a.csv\") None None",
            "warning[limit.findings]: None None None",
        ]
    );
}

#[test]
fn the_summary_counts_and_judges() {
    let summary = |valid, errors, warnings, files: Vec<FileSummary>| {
        let mut r = Report::new(files, vec![]);
        (r.valid, r.errors, r.warnings) = (valid, errors, warnings);
        human::summary(&r, false)
    };
    assert_eq!(
        summary(true, 0, 0, vec![]),
        "0 errors, 0 warnings in 0 files (0 records): valid"
    );
    assert_eq!(
        summary(true, 0, 1, vec![file("a.csv", Table::Sources, 1)]),
        "0 errors, 1 warning in 1 file (1 record): valid"
    );
    assert_eq!(
        summary(
            false,
            3,
            2,
            vec![
                file("a.csv", Table::Sources, 1),
                file("b.csv", Table::Officials, 40)
            ]
        ),
        "3 errors, 2 warnings in 2 files (41 records): invalid"
    );
    assert_eq!(
        summary(false, 0, 2, vec![]),
        "0 errors, 2 warnings in 0 files (0 records): invalid (warnings denied)"
    );
}

#[test]
fn a_clean_report_is_one_valid_line() {
    let r = report(vec![], vec![file("officials.csv", Table::Officials, 12)]);
    assert_eq!(
        plain(&r),
        "0 errors, 0 warnings in 1 file (12 records): valid\n"
    );
}

#[test]
fn findings_left_out_are_announced_before_the_summary() {
    let mut r = report(
        vec![unresolved()],
        vec![file("officials.csv", Table::Officials, 12)],
    );
    r.errors = 1500;
    r.warnings = 2;
    let text = plain(&r);
    assert!(
        text.ends_with(
            "\n\nnote: 1 of 1502 findings shown; raise --max-findings to see the rest\n\
             1500 errors, 2 warnings in 1 file (12 records): invalid\n"
        ),
        "{text}"
    );
}

#[test]
fn escape_sequences_from_the_data_never_reach_the_terminal() {
    let evil = "\x1b]0;owned\x07\x1b[2J\x1b[31m\u{9b}31m\u{202e}";
    let mut f = unresolved();
    f.message = format!("bad value {evil}");
    f.file = Some(format!("x{evil}.csv"));
    f.field = Some(format!("col{evil}"));
    f.hint = Some(format!("hint{evil}"));
    f.snippet = Some(Snippet::new(
        format!("a,{evil},b"),
        2,
        2 + evil.chars().count(),
    ));
    f.column = Some(3);
    let mut g = f.clone();
    g.snippet = None;
    g.value = Some(evil.into());
    let r = report(vec![f, g], vec![]);
    let plain_text = plain(&r);
    for c in plain_text.chars() {
        assert!(
            !c.is_control() || c == '\n',
            "control character {c:?} in:\n{plain_text}"
        );
        assert!(
            !('\u{202a}'..='\u{202e}').contains(&c),
            "bidi override in:\n{plain_text}"
        );
    }
    // In colour, the only escapes are the renderer's own: without them the text is the plain one.
    let coloured = human::render(
        &r,
        &RenderOptions {
            color: true,
            hide_values: false,
        },
    );
    assert_eq!(strip_sgr(&coloured), plain_text);
}

#[test]
fn colour_is_only_styling_around_the_plain_text() {
    let r = report(
        vec![unresolved(), finding("limit.findings", "stopped")],
        vec![file("officials.csv", Table::Officials, 12)],
    );
    let coloured = human::render(
        &r,
        &RenderOptions {
            color: true,
            hide_values: false,
        },
    );
    assert!(coloured.contains("\x1b["), "no colour in:\n{coloured}");
    assert_eq!(strip_sgr(&coloured), plain(&r));
    let clean = report(vec![], vec![]);
    let valid = human::render(
        &clean,
        &RenderOptions {
            color: true,
            hide_values: false,
        },
    );
    assert_eq!(
        valid,
        "0 errors, 0 warnings in 0 files (0 records): \x1b[1m\x1b[92mvalid\x1b[0m\n"
    );
}

/// Removes SGR sequences (`ESC [ ... m`), the only escapes the renderer itself writes.
fn strip_sgr(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' && chars.peek() == Some(&'[') {
            for d in chars.by_ref() {
                if d == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
