//! Record-level rules: the JSON Schema of each table and the typed rules, with the same code
//! for the same mistake in CSV and in JSON.

mod validate_support;

use defcoop::validate::Report;
use validate_support::*;

/// (code, record, field name) with the JSON Pointer reduced to its last segment.
fn by_record(report: &Report) -> Vec<(String, u64, String)> {
    let mut out: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            let field = f.field.as_deref().unwrap_or("-");
            let field = field.rsplit('/').next().unwrap_or(field);
            (f.code.to_string(), f.record.unwrap_or(0), field.to_string())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn officials_csv() {
    assert_eq!(
        summarize(&["records/officials.csv"]),
        [
            "schema.pattern@records/officials.csv:3:1:id",
            "text.whitespace@records/officials.csv:4:10:name",
            "text.not-nfc@records/officials.csv:5:9:name",
            "text.invisible@records/officials.csv:6:8:name",
            "basis.missing@records/officials.csv:7:17:nationality_basis",
            "schema.enum@records/officials.csv:8:18:nationality",
            "schema.range@records/officials.csv:9:23:paragraph",
            "schema.type@records/officials.csv:10:23:paragraph",
            "schema.enum@records/officials.csv:11:26:basis",
            "schema.required@records/officials.csv:12:12:name",
            "text.whitespace@records/officials.csv:13:15:name_as_reported",
        ]
    );
}

#[test]
fn same_mistake_same_code_in_csv_and_json() {
    for table in ["officials", "positions"] {
        let csv = run(&[&format!("records/{table}.csv")]);
        let json = run(&[&format!("records/{table}.json")]);
        assert!(!csv.findings.is_empty());
        assert_eq!(by_record(&csv), by_record(&json), "{table}");
    }
}

#[test]
fn json_findings_point_at_the_value() {
    let report = run(&["records/officials.json"]);
    let lines = summary(&report);
    assert!(
        lines.contains(&"schema.range@records/officials.json:9:39:/7/paragraph".to_string()),
        "{lines:#?}"
    );
    // A missing field is marked at its record and named by its pointer.
    assert!(
        lines.contains(&"schema.required@records/officials.json:12:3:/10/name".to_string()),
        "{lines:#?}"
    );
}

#[test]
fn finding_details() {
    let report = run(&["records/officials.csv"]);
    let basis = report
        .findings
        .iter()
        .find(|f| f.code == "schema.enum" && f.field.as_deref() == Some("basis"))
        .unwrap();
    assert_eq!(basis.hint.as_deref(), Some("did you mean `stated`?"));
    assert_eq!(basis.value.as_deref(), Some("statd"));
    assert_eq!(basis.record, Some(10));
    let snippet = basis.snippet.as_ref().unwrap();
    assert_eq!(&snippet.text[snippet.start..snippet.end], "statd");
    let invisible = report
        .findings
        .iter()
        .find(|f| f.code == "text.invisible")
        .unwrap();
    assert_eq!(invisible.severity, defcoop::rules::Severity::Warning);
}

#[test]
fn hidden_values() {
    let options = defcoop::validate::Options::default().hide_values(true);
    let report = run_paths(&["records/officials.csv"], &options).unwrap();
    let basis = report
        .findings
        .iter()
        .find(|f| f.field.as_deref() == Some("basis"))
        .unwrap();
    assert_eq!(basis.value.as_deref(), Some("<hidden, 5 chars>"));
    assert!(!basis.message.contains("statd"), "{}", basis.message);
    for f in &report.findings {
        for secret in ["Lead", "Go\u{308}rgu\u{308}n", "off-Bad", "XX"] {
            assert!(!f.message.contains(secret), "{}", f.message);
        }
    }
    assert!(report.findings.iter().all(|f| f.snippet.is_none()));
}

#[test]
fn positions_rules() {
    assert_eq!(
        summarize(&["records/positions.csv"]),
        [
            "date.order@records/positions.csv:2:59:end_date",
            "rank.unkeyed@records/positions.csv:3:56:rank_nato",
            "basis.missing@records/positions.csv:4:77:rank_basis",
            "schema.type@records/positions.csv:5:42:acting",
            "schema.format@records/positions.csv:6:45:as_of",
            "rank.nato-mismatch@records/positions.csv:7:105:rank_nato",
        ]
    );
}

#[test]
fn quantities_and_dates() {
    assert_eq!(
        summarize(&[
            "records/exhibitions.csv",
            "records/agreements.csv",
            "records/participant_groups.csv"
        ]),
        // In reading order: tables in dependency order (issue 13, item 7).
        [
            "date.order@records/exhibitions.csv:2:20:end_date",
            "quantity.inconsistent@records/participant_groups.csv:2:20:count_kind",
            "quantity.inconsistent@records/agreements.csv:2:25:count_kind",
            "quantity.inconsistent@records/agreements.csv:3:25:count_kind",
        ]
    );
}
