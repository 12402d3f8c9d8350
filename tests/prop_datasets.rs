//! Properties of generated valid datasets (`defcoop::synth`, random sizes and seeds, random
//! notes): CSV and JSON round trips are lossless; one corrupted cell of a valid file is
//! reported at that file, line and column; reordering rows never changes the verdict.

use std::path::PathBuf;

use defcoop::model::{Dataset, Text};
use defcoop::package::{dataset_from_csv_files, dataset_to_csv, read_csv_dir};
use defcoop::validate::{Options, Report, validate_bytes, validate_package_files};
use proptest::prelude::*;

/// A synthetic package: `datapackage.json` and one CSV per table, as (path, bytes).
type Files = Vec<(String, Vec<u8>)>;

/// Writes the synthetic package of `rows` officials and `seed` into a folder of its own (tests
/// run in parallel) and reads it back as a dataset and as files.
fn synthetic(test: &str, rows: u64, seed: u64) -> (Dataset, Files) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("prop_datasets")
        .join(format!("{test}-{rows}-{seed}"));
    defcoop::synth::write_package(&dir, rows, seed).expect("write a synthetic package");
    let dataset = read_csv_dir(&dir).expect("the synthetic package reads");
    let mut files: Files = std::fs::read_dir(&dir)
        .expect("list the package")
        .flatten()
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("read a package file");
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    (dataset, files)
}

fn validate(files: &Files) -> Report {
    let borrowed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.as_str(), b.as_slice()))
        .collect();
    validate_package_files(&borrowed, &Options::default()).expect("the package is validated")
}

fn codes(report: &Report) -> Vec<&'static str> {
    let mut codes: Vec<_> = report.findings.iter().map(|f| f.code).collect();
    codes.sort_unstable();
    codes
}

/// Notes with what makes CSV and JSON hard: quotes, commas, line breaks, non-ASCII.
fn any_note() -> impl Strategy<Value = String> {
    "[a-z ,;\"'\\\\\n\r\té😀\u{301}\u{200b}]{1,12}"
}

/// Notes the text rules accept: NFC words separated by single spaces.
fn clean_note() -> impl Strategy<Value = String> {
    proptest::collection::vec("[a-zA-Z0-9,;\"'éğüşə]{1,6}", 1..4).prop_map(|w| w.join(" "))
}

fn with_notes(mut dataset: Dataset, notes: &[String]) -> Dataset {
    for (official, note) in dataset.officials.iter_mut().zip(notes) {
        official.note = Some(Text::new(note.clone()).expect("notes are not empty"));
    }
    dataset
}

/// The package's files with every table written anew from `dataset`.
fn files_of(dataset: &Dataset, files: &Files) -> Files {
    let tables = dataset_to_csv(dataset).expect("write the tables");
    files
        .iter()
        .map(|(path, bytes)| {
            let new = tables.iter().find(|(p, _)| p == path);
            let bytes = new.map_or_else(|| bytes.clone(), |(_, t)| t.clone().into_bytes());
            (path.clone(), bytes)
        })
        .collect()
}

/// The cells of a CSV file, header first.
fn cells(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.expect("a CSV record").iter().map(str::to_owned).collect())
        .collect()
}

fn write_cells(rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    for row in rows {
        w.write_record(row).expect("write a record");
    }
    w.into_inner().expect("flush")
}

/// The 1-based column where cell `c` of `row` starts once written.
fn column_of(row: &[String], c: usize) -> u64 {
    if c == 0 {
        return 1;
    }
    let mut prefix: Vec<String> = row.iter().take(c).cloned().collect();
    prefix.push("x".into());
    let line = String::from_utf8(write_cells(&[prefix])).expect("UTF-8");
    line.trim_end().chars().count() as u64
}

/// A value no field accepts: it breaks every id and code pattern, every enum, number, date and
/// boolean, and the whitespace rule of free text.
const BROKEN: &str = " ?!";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn csv_round_trips_are_lossless(
        rows in 1u64..60,
        seed in any::<u64>(),
        notes in proptest::collection::vec(any_note(), 0..60),
    ) {
        let (dataset, _) = synthetic("csv", rows, seed);
        let dataset = with_notes(dataset, &notes);
        let written = dataset_to_csv(&dataset).expect("write");
        let read = dataset_from_csv_files(&written).expect("read back");
        prop_assert_eq!(&read, &dataset);
        prop_assert_eq!(dataset_to_csv(&read).expect("write again"), written);
    }

    #[test]
    fn json_round_trips_are_lossless(
        rows in 1u64..60,
        seed in any::<u64>(),
        notes in proptest::collection::vec(any_note(), 0..60),
    ) {
        let (dataset, _) = synthetic("json", rows, seed);
        let dataset = with_notes(dataset, &notes);
        let text = serde_json::to_string_pretty(&dataset).expect("write");
        let read: Dataset = serde_json::from_str(&text).expect("read back");
        prop_assert_eq!(&read, &dataset);
    }

    /// The validator agrees: a valid dataset stays valid, record for record, written as CSV
    /// files of a package or as one dataset JSON file.
    #[test]
    fn written_datasets_validate(
        rows in 1u64..40,
        seed in any::<u64>(),
        notes in proptest::collection::vec(clean_note(), 0..40),
    ) {
        let (dataset, files) = synthetic("valid", rows, seed);
        let dataset = with_notes(dataset, &notes);
        let files = files_of(&dataset, &files);
        let report = validate(&files);
        prop_assert!(report.valid && report.findings.is_empty(), "{:?}", report.findings);
        let csv_rows: u64 = report.files.iter().map(|f| f.records).sum();
        let json = serde_json::to_vec(&dataset).expect("write");
        let report = validate_bytes("defcoop.json", &json, None, &Options::default())
            .expect("validated");
        prop_assert!(report.valid && report.findings.is_empty(), "{:?}", report.findings);
        prop_assert_eq!(report.files[0].records, csv_rows);
    }

    #[test]
    fn one_corrupted_cell_is_reported_where_it_is(
        rows in 1u64..40,
        seed in any::<u64>(),
        pick in any::<(usize, usize, usize)>(),
    ) {
        let (_, mut files) = synthetic("corrupt", rows, seed);
        let csv_files: Vec<usize> = (0..files.len())
            .filter(|i| files[*i].0.ends_with(".csv") && cells(&files[*i].1).len() > 1)
            .collect();
        let file = csv_files[pick.0 % csv_files.len()];
        let mut table = cells(&files[file].1);
        let row = 1 + pick.1 % (table.len() - 1);
        let column = pick.2 % table[0].len();
        table[row][column] = BROKEN.to_owned();
        // Synthetic cells hold no line breaks: row `r` is on line `r + 1`.
        let at = (row as u64 + 1, column_of(&table[row], column));
        files[file].1 = write_cells(&table);
        let report = validate(&files);
        prop_assert!(!report.valid);
        let name = files[file].0.clone();
        let found = report.findings.iter().any(|f| {
            f.file.as_deref() == Some(name.as_str())
                && (f.line, f.column) == (Some(at.0), Some(at.1))
                && f.field.as_deref() == Some(table[0][column].as_str())
        });
        prop_assert!(found, "{}:{}:{} ({}) not reported: {:#?}", name, at.0, at.1, table[0][column], report.findings);
    }

    /// Shuffling the rows of every table (after an optional corruption and a repeated row)
    /// keeps the verdict: the valid flag and the multiset of finding codes.
    #[test]
    fn reordering_rows_keeps_the_verdict(
        rows in 1u64..40,
        seed in any::<u64>(),
        corrupt in proptest::option::of(any::<(usize, usize, usize)>()),
        repeat in proptest::option::of(any::<(usize, usize)>()),
        order in any::<u64>(),
    ) {
        let (_, mut files) = synthetic("reorder", rows, seed);
        let csv_files: Vec<usize> = (0..files.len())
            .filter(|i| files[*i].0.ends_with(".csv") && cells(&files[*i].1).len() > 1)
            .collect();
        if let Some((f, r, c)) = corrupt {
            let file = csv_files[f % csv_files.len()];
            let mut table = cells(&files[file].1);
            let row = 1 + r % (table.len() - 1);
            let column = c % table[0].len();
            table[row][column] = BROKEN.to_owned();
            files[file].1 = write_cells(&table);
        }
        if let Some((f, r)) = repeat {
            let file = csv_files[f % csv_files.len()];
            let mut table = cells(&files[file].1);
            let row = table[1 + r % (table.len() - 1)].clone();
            table.push(row);
            files[file].1 = write_cells(&table);
        }
        let before = validate(&files);
        let mut rng = order;
        for i in &csv_files {
            let mut table = cells(&files[*i].1);
            let body = &mut table[1..];
            // Fisher-Yates with a splitmix64 stream.
            for j in (1..body.len()).rev() {
                rng = rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = rng;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                body.swap(j, ((z ^ (z >> 31)) % (j as u64 + 1)) as usize);
            }
            files[*i].1 = write_cells(&table);
        }
        let after = validate(&files);
        prop_assert_eq!(before.valid, after.valid);
        prop_assert_eq!(codes(&before), codes(&after));
        prop_assert_eq!((before.errors, before.warnings), (after.errors, after.warnings));
    }

    /// The same for a dataset JSON file (one record per line): a corrupted value is reported
    /// at its line and column, under its JSON Pointer.
    #[test]
    fn one_corrupted_json_value_is_reported_where_it_is(
        rows in 1u64..30,
        seed in any::<u64>(),
        pick in any::<(usize, usize, usize)>(),
    ) {
        let (dataset, _) = synthetic("corrupt-json", rows, seed);
        let serde_json::Value::Object(tables) = serde_json::to_value(&dataset).expect("to JSON")
        else {
            panic!("a dataset is an object");
        };
        let tables: Vec<(String, Vec<serde_json::Value>)> = tables
            .into_iter()
            .filter_map(|(name, rows)| match rows {
                serde_json::Value::Array(rows) if !rows.is_empty() => Some((name, rows)),
                _ => None,
            })
            .collect();
        let (t, r) = (pick.0 % tables.len(), pick.1);
        let r = r % tables[t].1.len();
        let record = tables[t].1[r].as_object().expect("a record object").clone();
        let keys: Vec<&String> = record.keys().collect();
        let key = keys[pick.2 % keys.len()].clone();
        // One record per line: `{"table": [` then each record, then `], ...`.
        let mut text = String::from("{\n");
        let mut at = (0, 0);
        let mut line = 2u64;
        for (i, (name, rows)) in tables.iter().enumerate() {
            text.push_str(&format!("\"{name}\": [\n"));
            line += 1;
            for (j, row) in rows.iter().enumerate() {
                let mut row = row.clone();
                if (i, j) == (t, r) {
                    row[&key] = serde_json::Value::from(BROKEN);
                }
                let written = serde_json::to_string(&row).expect("a record");
                if (i, j) == (t, r) {
                    let needle = format!("{}:", serde_json::Value::from(key.as_str()));
                    let byte = written.find(&needle).expect("the key") + needle.len();
                    at = (line, written[..byte].chars().count() as u64 + 1);
                }
                let comma = if j + 1 < rows.len() { "," } else { "" };
                text.push_str(&format!("{written}{comma}\n"));
                line += 1;
            }
            let comma = if i + 1 < tables.len() { "," } else { "" };
            text.push_str(&format!("]{comma}\n"));
            line += 1;
        }
        text.push_str("}\n");
        let report = validate_bytes("defcoop.json", text.as_bytes(), None, &Options::default())
            .expect("validated");
        prop_assert!(!report.valid);
        let pointer = format!("/{}/{r}/{key}", tables[t].0);
        let found = report.findings.iter().any(|f| {
            (f.line, f.column) == (Some(at.0), Some(at.1)) && f.field.as_deref() == Some(pointer.as_str())
        });
        prop_assert!(found, "{} at {}:{} not reported: {:#?}", pointer, at.0, at.1, report.findings);
    }
}
