//! Runs the examples under `examples/` (cargo only compiles them in `cargo test`): each is
//! included as a module and its entry called, and what it gives back is checked.
#![cfg(feature = "validate")]

#[path = "../examples/bundled.rs"]
mod bundled;
#[path = "../examples/read_report.rs"]
mod read_report;
#[path = "../examples/validate_memory.rs"]
mod validate_memory;
#[path = "../examples/write_package.rs"]
mod write_package;

use defcoop::model::Table;
use defcoop::validate::{Input, Options, validate};

#[test]
fn bundled_lists_the_meetings_with_their_heads() {
    let lines = bundled::lines();
    assert!(
        lines.iter().any(|l| l.contains("led by Haluk Görgün")),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("(expanded, 2024-09-24 at ADEX)")),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("several military_technical contract")),
        "{lines:#?}"
    );
}

#[test]
fn a_package_written_in_code_reads_back_and_validates_without_a_finding() {
    let dir = std::env::temp_dir().join(format!("defcoop-examples-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let data = write_package::run(&dir).unwrap();
    // Some tables are empty: written with their header only, and neither an error nor a warning.
    assert!(data.exhibitions.is_empty() && data.participant_groups.is_empty());
    let report = validate(&[Input::Path(dir.clone())], &Options::default()).unwrap();
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    let tables = report.files.iter().filter(|f| f.table.is_some()).count();
    assert_eq!(tables, Table::ALL.len(), "{:#?}", report.files);
    // The descriptor is the importer's, not the bundled data's.
    let descriptor: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("datapackage.json")).unwrap()).unwrap();
    assert_eq!(descriptor["name"], "example-wire-2025");
    assert_eq!(descriptor["licenses"][0]["name"], "CC-BY-4.0");
    assert_eq!(descriptor["sources"][0]["title"], "Example Wire archive");
    assert!(
        descriptor["sources"][1]["title"]
            .as_str()
            .unwrap()
            .starts_with("Example Wire, published 2025-03-02")
    );
    // Writing again replaces the package whole, leaving nothing else in its folder's parent.
    write_package::run(&dir).unwrap();
    let leftovers: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(&format!(".{}.", dir.file_name().unwrap().to_string_lossy()))
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn validating_in_memory_locates_findings_by_table_record_and_field() {
    let findings = validate_memory::run().unwrap();
    let got: Vec<_> = findings
        .iter()
        .map(|f| {
            (
                f.code,
                f.table.map(Table::name),
                f.record,
                f.field.as_deref(),
                f.line,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "basis.missing",
                Some("officials"),
                Some(3),
                Some("nationality_basis"),
                None
            ),
            (
                "key.duplicate",
                Some("positions"),
                Some(2),
                Some("id"),
                None
            ),
            (
                "key.unresolved",
                Some("delegations"),
                Some(1),
                Some("head_official_id"),
                None
            ),
            (
                "delegation.head",
                Some("delegation_members"),
                Some(1),
                Some("role"),
                None
            ),
        ]
    );
    // A message naming another record names it in the dataset, not at a line of a text.
    let duplicate = &findings[1];
    assert!(
        duplicate
            .message
            .contains("positions record 1 (`pos-zakir-hasanov-minister`)"),
        "{}",
        duplicate.message
    );
    assert!(
        findings
            .iter()
            .all(|f| f.file.is_none() && f.column.is_none())
    );
}

#[test]
fn a_json_report_reads_back_into_the_crates_types() {
    let json = read_report::broken_report().unwrap();
    let counts = read_report::run(&json).unwrap();
    assert_eq!(
        counts.get(&("key.unresolved", Some(Table::Delegations))),
        Some(&1),
        "{counts:?}"
    );
    // A report naming a code the catalogue does not know is refused.
    let unknown = json.replacen("\"key.unresolved\"", "\"key.no-such-rule\"", 1);
    assert!(read_report::run(&unknown).is_err());
}
