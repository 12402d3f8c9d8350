//! Files given alone: references into tables that no input holds are not checked, and the
//! report says how many, into which tables (`unchecked_references` in the JSON report and in
//! SARIF's run properties, a note in the human and GitHub reports). The counts expected are
//! computed here on their own: the non-empty reference cells of each file, read with the `csv`
//! crate, the references taken from the published Table Schemas (and the `(record_table,
//! record_id)` links of schema v2).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use defcoop::report::Report;
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The references of `table`: (column, target table), from `schema/table/<table>.json`.
fn foreign_keys(table: &str) -> Vec<(String, String)> {
    let path = root().join(format!("schema/table/{table}.json"));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let keys = schema["foreignKeys"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    keys.iter()
        .map(|k| {
            let target = k["reference"]["resource"].as_str().unwrap();
            // Frictionless names a reference into the same table with "".
            let target = if target.is_empty() { table } else { target };
            (k["fields"].as_str().unwrap().to_owned(), target.to_owned())
        })
        .collect()
}

/// The references of the bundled tables `given` that point into tables not given, by table.
fn expected(given: &[&str]) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    let held: BTreeSet<&str> = given.iter().copied().collect();
    for table in given {
        let path = root().join(format!("data/{table}.csv"));
        let mut reader = csv::Reader::from_path(path).unwrap();
        let headers = reader.headers().unwrap().clone();
        let column = |name: &str| headers.iter().position(|h| h == name);
        let keys = foreign_keys(table);
        for row in reader.records() {
            let row = row.unwrap();
            let cell = |i: Option<usize>| i.and_then(|i| row.get(i)).filter(|c| !c.is_empty());
            for (field, target) in &keys {
                if cell(column(field)).is_some() && !held.contains(target.as_str()) {
                    *counts.entry(target.clone()).or_default() += 1;
                }
            }
            if let (Some(target), Some(_)) =
                (cell(column("record_table")), cell(column("record_id")))
            {
                if !held.contains(target) {
                    *counts.entry(target.to_owned()).or_default() += 1;
                }
            }
        }
    }
    counts
}

fn defcoop(args: &[&str], files: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_defcoop"))
        .current_dir(root())
        .args(["validate", "--color", "never"])
        .args(args)
        .args(files.iter().map(|t| format!("data/{t}.csv")))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The JSON report's `unchecked_references`, checked to read back into `Report` alike.
fn unchecked(files: &[&str]) -> BTreeMap<String, u64> {
    let text = defcoop(&["--format", "json"], files);
    let value: Value = serde_json::from_str(&text).unwrap();
    let counts: BTreeMap<String, u64> =
        serde_json::from_value(value["unchecked_references"].clone()).unwrap();
    let report: Report = serde_json::from_str(&text).unwrap();
    let read_back: BTreeMap<String, u64> = report
        .unchecked_references
        .iter()
        .map(|(t, n)| (t.name().to_owned(), *n))
        .collect();
    assert_eq!(read_back, counts);
    counts
}

#[test]
fn a_file_alone_counts_every_reference_it_could_not_check() {
    let counts = unchecked(&["delegations"]);
    assert_eq!(counts, expected(&["delegations"]));
    // Every reference of the file is into another table: all of them are counted.
    for table in ["meetings", "organizations", "officials", "sources"] {
        assert!(counts.get(table).is_some_and(|n| *n > 0), "{counts:?}");
    }
    // The human report says it in one note, before the summary line; the numbers add up.
    let human = defcoop(&[], &["delegations"]);
    let total: u64 = counts.values().sum();
    let note = human
        .lines()
        .find(|l| l.starts_with("note: ") && l.contains("not checked"))
        .unwrap_or_else(|| panic!("no note in:\n{human}"));
    assert!(
        note.starts_with(&format!("note: {total} references not checked: ")),
        "{note}"
    );
    for (table, n) in &counts {
        assert!(note.contains(&format!("{n} into `{table}`")), "{note}");
    }
    assert!(
        note.ends_with("(give those tables to check them)"),
        "{note}"
    );
    assert!(
        human.ends_with("0 errors, 0 warnings in 1 file (4 records): valid\n"),
        "{human}"
    );
}

#[test]
fn files_given_together_check_each_other() {
    // Delegations point into meetings, meetings into themselves (`follows_id`): both checked
    // now. Citations add a `(record_table, record_id)` link into exhibitions, not given.
    let given = ["delegations", "meetings", "citations"];
    let counts = unchecked(&given);
    assert_eq!(counts, expected(&given));
    assert!(!counts.contains_key("meetings"), "{counts:?}");
    assert!(
        counts.get("exhibitions").is_some_and(|n| *n > 0),
        "{counts:?}"
    );
    // SARIF's run properties say the same; so does the GitHub report, in a line of its own.
    let sarif: Value = serde_json::from_str(&defcoop(&["--format", "sarif"], &given)).unwrap();
    let from_sarif: BTreeMap<String, u64> =
        serde_json::from_value(sarif["runs"][0]["properties"]["uncheckedReferences"].clone())
            .unwrap();
    assert_eq!(from_sarif, counts);
    let github = defcoop(&["--format", "github"], &given);
    let total: u64 = counts.values().sum();
    let prefix = format!("defcoop: {total} references not checked: ");
    assert!(github.lines().any(|l| l.starts_with(&prefix)), "{github}");
}

#[test]
fn a_whole_package_leaves_no_reference_unchecked() {
    let out = Command::new(env!("CARGO_BIN_EXE_defcoop"))
        .current_dir(root())
        .args(["validate", "--format", "json", "data/datapackage.json"])
        .output()
        .unwrap();
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    // Always written, empty when everything was checked.
    assert_eq!(value["unchecked_references"], serde_json::json!({}));
    let human = Command::new(env!("CARGO_BIN_EXE_defcoop"))
        .current_dir(root())
        .args(["validate", "--color", "never", "data/datapackage.json"])
        .output()
        .unwrap();
    let human = String::from_utf8(human.stdout).unwrap();
    assert!(!human.contains("not checked"), "{human}");
}

#[test]
fn a_report_written_before_the_count_existed_still_reads() {
    let old = r#"{"valid": true, "errors": 0, "warnings": 0, "files": [], "findings": []}"#;
    let report: Report = serde_json::from_str(old).unwrap();
    assert!(report.unchecked_references.is_empty());
}
