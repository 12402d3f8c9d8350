//! Regression tests for issue 14 ("close the false accepts, the leaks and the broken
//! promises"): one test (or a few) per item, named after it, each failing on the code before
//! its fix.

use std::path::PathBuf;

use defcoop::validate::{Input, Options, Report, validate};

fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(rel)
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(data(rel)).unwrap()
}

fn bytes(name: &str, text: &str) -> Input {
    Input::Bytes {
        name: name.into(),
        bytes: text.as_bytes().to_vec(),
    }
}

fn run(inputs: &[Input]) -> Report {
    validate(inputs, &Options::default()).unwrap()
}

/// `code` of every finding, with its file's name (the last part of its path).
fn codes(report: &Report) -> Vec<String> {
    report
        .findings
        .iter()
        .map(|f| {
            let file = f.file.as_deref().unwrap_or("-");
            let file = file.rsplit('/').next().unwrap_or(file);
            format!("{}@{file}", f.code)
        })
        .collect()
}

fn count(report: &Report, code: &str) -> usize {
    report.findings.iter().filter(|f| f.code == code).count()
}

/// The header of a table's CSV file in the bundled data.
fn header(table: &str) -> String {
    read(&format!("{table}.csv"))
        .lines()
        .next()
        .unwrap()
        .to_owned()
}

/// The bundled dataset JSON, with `edit` applied.
fn dataset_with(edit: impl FnOnce(&mut serde_json::Map<String, serde_json::Value>)) -> String {
    let mut value: serde_json::Value = serde_json::from_str(&read("defcoop.json")).unwrap();
    edit(value.as_object_mut().unwrap());
    serde_json::to_string_pretty(&value).unwrap()
}

// Item 1: keys across every input, whatever its form.

#[test]
fn item1_keys_across_every_input_dataset_json_with_table_csv() {
    let positions = format!(
        "{}\npos-nobody-x,off-nobody,org-nowhere,Minister,minister,false,2024-09-24,,,,,,,,,src-nothing,1,stated,\n",
        header("positions")
    );
    let report = run(&[
        Input::Path(data("defcoop.json")),
        bytes("positions.csv", &positions),
    ]);
    let unresolved: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.code == "key.unresolved")
        .filter_map(|f| f.value.as_deref())
        .collect();
    assert_eq!(unresolved, ["off-nobody", "org-nowhere", "src-nothing"]);
    assert!(!report.valid);
}

#[test]
fn item1_keys_across_every_input_duplicates_across_forms() {
    let report = run(&[
        Input::Path(data("defcoop.json")),
        Input::Path(data("officials.csv")),
    ]);
    let officials = read("officials.csv").lines().count() - 1;
    assert_eq!(
        count(&report, "key.duplicate"),
        officials,
        "{:?}",
        codes(&report)
    );
    assert!(!report.valid);
}

#[test]
fn item1_keys_across_every_input_head_rule_across_extra_members_file() {
    let members = format!(
        "{}\ndm-extra,del-expanded-az,off-karim-valiyev,head,src-azernews-2024-09-24-hasanov-guler-adex,1,inferred,\n",
        header("delegation_members")
    );
    let report = run(&[
        Input::Path(data("defcoop.json")),
        bytes("delegation_members.csv", &members),
    ]);
    // The second head read (files are read in the tables' order, a dataset last) is the
    // one reported.
    assert_eq!(codes(&report), ["delegation.head@defcoop.json"]);
}

#[test]
fn item1_keys_across_every_input_dataset_without_sources_and_sources_csv() {
    let dataset = dataset_with(|d| {
        d.remove("sources");
    });
    let report = run(&[
        bytes("partial.json", &dataset),
        Input::Path(data("sources.csv")),
    ]);
    assert!(report.findings.is_empty(), "{:?}", codes(&report));
    assert!(report.valid);
}

#[test]
fn item1_keys_across_every_input_broken_dataset_checks_nothing_it_would_hold() {
    // A file that starts like a dataset but is not one holds no table: references from
    // other inputs into tables no input holds stay unchecked, as for a file given alone.
    let report = run(&[
        bytes("broken.json", "{\"officials\": ["),
        Input::Path(data("positions.csv")),
    ]);
    assert_eq!(count(&report, "key.unresolved"), 0, "{:?}", codes(&report));
    assert_eq!(count(&report, "json.syntax"), 1, "{:?}", codes(&report));
}
