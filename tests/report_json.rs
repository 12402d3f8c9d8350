//! The JSON report is the serde form of `Report`, and it validates against the published
//! `schema/report.schema.json`.

use std::path::Path;

use defcoop::model::Table;
use defcoop::report::json;
use defcoop::rules::{RULES, rule};
use defcoop::validate::{FileSummary, Finding, Report, Snippet};
use serde_json::{Value, json};

fn published_schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/report.schema.json");
    let text = std::fs::read_to_string(&path).expect("schema/report.schema.json is committed");
    serde_json::from_str(&text).expect("the report schema is JSON")
}

fn validator() -> jsonschema::Validator {
    let schema = published_schema();
    jsonschema::meta::validate(&schema).expect("the report schema is a valid JSON Schema");
    jsonschema::draft202012::new(&schema).expect("the report schema compiles")
}

fn sample() -> Report {
    let full = Finding::new(
        rule("key.unresolved").unwrap(),
        "organization `org-nowhere` does not exist",
    )
    .with_file("officials.csv")
    .with_table(Table::Officials)
    .with_line(3)
    .with_column(25)
    .with_field("organization_id")
    .with_record(2)
    .with_value("org-nowhere")
    .with_hint("did you mean `org-somewhere`?")
    .with_snippet(Snippet::new("off-jane-doe,Jane Doe,,,org-nowhere", 24, 35));
    let bare = Finding::new(rule("limit.findings").unwrap(), "stopped at 2 findings");
    let files = vec![
        FileSummary::new("officials.csv", Some(Table::Officials), 12, 900),
        FileSummary::new("<stdin>", None, 0, 0),
    ];
    let mut report = Report::new(files, vec![full, bare]);
    // A sample as a hand-made report may be: the notice counted among the warnings.
    report.warnings = 1;
    report
}

#[test]
fn the_json_report_is_the_serde_form_of_the_report() {
    let text = json::render(&sample());
    assert!(text.ends_with("}\n"));
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value, serde_json::to_value(sample()).unwrap());
    assert_eq!(value["valid"], json!(false));
    assert_eq!(value["errors"], json!(1));
    assert_eq!(value["warnings"], json!(1));
    let first = &value["findings"][0];
    assert_eq!(first["severity"], json!("error"));
    assert_eq!(first["code"], json!("key.unresolved"));
    assert_eq!(first["file"], json!("officials.csv"));
    assert_eq!(first["table"], json!("officials"));
    assert_eq!(first["line"], json!(3));
    assert_eq!(first["column"], json!(25));
    assert_eq!(first["field"], json!("organization_id"));
    assert_eq!(first["value"], json!("org-nowhere"));
    // The snippet is for people only.
    assert!(first.get("snippet").is_none());
    // Missing positions are null, never absent.
    let second = &value["findings"][1];
    for key in [
        "file", "table", "line", "column", "field", "record", "value", "hint",
    ] {
        assert_eq!(second[key], Value::Null, "{key}");
    }
}

#[test]
fn rendered_reports_validate_against_the_published_schema() {
    let validator = validator();
    let empty = Report::new(vec![], vec![]);
    for report in [sample(), empty] {
        let value: Value = serde_json::from_str(&json::render(&report)).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
    // A finding of every code and every table is allowed.
    let mut every = sample();
    every.findings = RULES
        .iter()
        .zip(Table::ALL.iter().cycle())
        .map(|(r, t)| Finding::new(r, r.meaning).with_table(*t))
        .collect();
    let value: Value = serde_json::from_str(&json::render(&every)).unwrap();
    assert!(validator.is_valid(&value));
}

#[test]
fn the_schema_rejects_what_a_report_never_holds() {
    let validator = validator();
    let good: Value = serde_json::from_str(&json::render(&sample())).unwrap();
    let broken = |path: &str, replacement: Value| {
        let mut v = good.clone();
        *v.pointer_mut(path).unwrap() = replacement;
        v
    };
    for bad in [
        broken("/findings/0/code", json!("no.such-code")),
        broken("/findings/0/severity", json!("fatal")),
        broken("/findings/0/line", json!(0)),
        broken("/findings/0/table", json!("people")),
        broken("/files/0/records", json!(-1)),
        broken("/valid", json!("yes")),
    ] {
        assert!(!validator.is_valid(&bad), "accepted {bad}");
    }
    let mut missing = good.clone();
    missing["findings"][0]
        .as_object_mut()
        .unwrap()
        .remove("line");
    assert!(
        !validator.is_valid(&missing),
        "a finding without `line` was accepted"
    );
}
