//! The fast path for JSON Lines (each line straight into its table's type, positions worked
//! out only when asked) gives exactly the report of the positioned reader it falls back to:
//! same findings, codes, order, positions, messages, hints and lines shown. Checked on every
//! JSON Lines fixture, on the CSV record fixtures written as JSON Lines, on lines made to be
//! hard, and on generated packages in JSON Lines with corrupted values, under several options.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use defcoop::model::Table;
use defcoop::validate::{Input, Limits, Options, Report, Tuning, validate_tuned};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Option sets the paths must agree under: defaults, values hidden and few findings kept,
/// small limits (strings, lines, depth), and a depth that refuses every object.
fn option_sets() -> Vec<Options> {
    let small = Limits::default()
        .max_cell_bytes(24)
        .max_line_bytes(300)
        .max_depth(1);
    vec![
        Options::default().max_findings(100_000),
        Options::default().hide_values(true).max_findings(3),
        Options::default().limits(small).max_findings(100_000),
        Options::default().limits(Limits::default().max_depth(0)),
    ]
}

fn run(inputs: &[Input], options: &Options, block: usize, fast: bool) -> Report {
    let tuning = Tuning {
        block,
        direct_json_lines: fast,
        ..Tuning::default()
    };
    validate_tuned(inputs, options, tuning).expect("validation runs")
}

/// Validates `inputs` with and without the fast path under every option set (and with small
/// blocks) and checks that the reports are equal; gives the default report.
fn agree(inputs: &[Input], what: &str) -> Report {
    let mut first = None;
    for (i, options) in option_sets().iter().enumerate() {
        for block in [256 << 10, 64] {
            let slow = run(inputs, options, block, false);
            let fast = run(inputs, options, block, true);
            assert_eq!(
                fast, slow,
                "{what}: the fast path differs (options #{i}, block {block})"
            );
            first.get_or_insert(slow);
        }
    }
    first.expect("at least one option set")
}

fn bytes(name: &str, text: &str) -> Input {
    Input::Bytes {
        name: name.to_owned(),
        bytes: text.as_bytes().to_vec(),
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("list a fixture folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn every_json_lines_fixture() {
    let mut files = Vec::new();
    files_under(&fixtures(), &mut files);
    let mut seen = 0;
    for path in &files {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext == "jsonl" || ext == "ndjson" {
            agree(&[Input::Path(path.clone())], &path.display().to_string());
            seen += 1;
        }
        // Packages with a JSON Lines resource: the package checks take the fast path's
        // fields and positions.
        if path.file_name().is_some_and(|n| n == "datapackage.json") {
            let dir = path.parent().expect("a fixture folder");
            let text = std::fs::read_to_string(path).unwrap_or_default();
            if text.contains(".jsonl") {
                agree(
                    &[Input::Path(dir.to_path_buf())],
                    &dir.display().to_string(),
                );
                seen += 1;
            }
        }
    }
    assert!(seen >= 4, "only {seen} JSON Lines fixtures found");
}

/// A CSV cell as the JSON value its field's type takes (as a person would write it).
fn json_cell(schema: &Value, field: &str, cell: &str) -> Value {
    let types = schema["properties"][field]["type"].to_string();
    if types.contains("integer") {
        if let Ok(n) = cell.parse::<i64>() {
            return Value::from(n);
        }
    }
    if types.contains("boolean") && (cell == "true" || cell == "false") {
        return Value::Bool(cell == "true");
    }
    Value::String(cell.to_owned())
}

/// The rows of a CSV fixture as JSON Lines (empty cells left out).
fn csv_as_json_lines(table: Table, text: &str) -> String {
    let schema = defcoop::schema::record_schema(table);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader.headers().expect("a header").clone();
    let mut out = String::new();
    for row in reader.records().flatten() {
        let mut map = Map::new();
        for (name, cell) in header.iter().zip(row.iter()) {
            if !cell.is_empty() {
                map.insert(name.to_owned(), json_cell(&schema, name, cell));
            }
        }
        out.push_str(&Value::Object(map).to_string());
        out.push('\n');
    }
    out
}

#[test]
fn csv_record_fixtures_as_json_lines() {
    let mut files = Vec::new();
    files_under(&fixtures().join("validate"), &mut files);
    let mut seen = 0;
    for path in &files {
        let Some(table) = path
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(Table::from_name)
        else {
            continue;
        };
        if path.extension().is_none_or(|e| e != "csv") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let lines = csv_as_json_lines(table, &text);
        let name = format!("{}.jsonl", table.name());
        agree(&[bytes(&name, &lines)], &path.display().to_string());
        seen += 1;
    }
    assert!(seen >= 10, "only {seen} CSV fixtures found");
}

/// Lines made to be hard: each is checked alone, after a good line, and twice (a duplicate id).
const HARD: &[&str] = &[
    r#"{"id": "off-a", "name": "A", "name_as_reported": "A", "source_id": "src-a", "paragraph": 1, "basis": "stated"}"#,
    "  {\"id\":\"off-a\",\"name\":\"A\",\"name_as_reported\":\"A\",\"source_id\":\"src-a\",\"paragraph\":1,\"basis\":\"stated\"} \r",
    r#"{"name": "Ağa Ümid 😀", "id": "off-ümid", "name_as_reported": "A", "source_id": "src-a", "paragraph": 1, "basis": "stated"}"#,
    r#"{"name": "Ağa Ümid 😀", "id": "off-umid", "name_as_reported": "A", "source_id": "src-a", "paragraph": 1, "basis": "stated"}"#,
    r#"{"id": "off-a", "id": "off-b", "name": "A", "name_as_reported": "A", "source_id": "src-a", "paragraph": 1, "basis": "stated"}"#,
    r#"{"\u0069d": "off-a", "name": "A", "name_as_reported": "A", "source_id": "src-a", "paragraph": 1, "basis": "stated"}"#,
    r#"{"id": "off-a", "name": "A\ud800", "name_as_reported": "A", "source_id": "src-a", "paragraph": 1, "basis": "stated"}"#,
    r#"{"id": "off-a", "name": "A\ud83d\ude00\n", "name_as_reported": "A\"\\\/\b\f\r\t\u00e9", "source_id": "src-a", "paragraph": 1, "basis": "stated"}"#,
    r#"{"id": "off-a", "name": "A", "name_as_reported": "e\u0301", "source_id": "src-a", "paragraph": 1, "basis": "stated"}"#,
    r#"{"id": "off-a", "name": "A", "name_as_reported": "A", "source_id": "src-a", "paragraph": -0, "basis": "stated"}"#,
    r#"{"id": "off-a", "name": "A", "name_as_reported": "A", "source_id": "src-a", "paragraph": 1.0, "basis": "stated"}"#,
    r#"{"id": "off-a", "name": "A", "name_as_reported": "A", "source_id": "src-a", "paragraph": 1e400, "basis": "stated"}"#,
    r#"{"id": "off-a", "name": "A", "name_as_reported": "A", "source_id": "src-a", "paragraph": 99999999999999999999999, "basis": "stated"}"#,
    r#"{"id": "off-a", "name": "A", "name_as_reported": "A", "source_id": "src-a", "paragraph": 1, "basis": "stated", "extra": [[[[1]]]]}"#,
    r#"{"id": "off-a", "name": "A", "name_as_reported": "A", "source_id": "src-a", "paragraph": 1, "basis": "stated", "note": null, "honorific": null}"#,
    r#"{"id": "off-a", "name": "A", "name_as_reported": "A", "source_id": "src-a", "paragraph": 1, "basis": "stated", "nationality": "TR"}"#,
    r#"{"id": "off-a", "name": "A", "name_as_reported": "A", "source_id": "src-a", "paragraph": 1, "basis": "stated"} x"#,
    r#"{"id": "off-a", "name": "A", "name_as_reported": "A", "source_id": "src-a", "paragraph": 1, "basis": "stated""#,
    "{\"id\": \"off-a\", \"name\": \"A\u{feff}\", \"name_as_reported\": \"A\", \"source_id\": \"src-a\", \"paragraph\": 1, \"basis\": \"stated\"}",
    "\u{feff}{\"id\": \"off-a\", \"name\": \"A\", \"name_as_reported\": \"A\", \"source_id\": \"src-a\", \"paragraph\": 1, \"basis\": \"stated\"}",
    r#"{"id": "off-a", "name": "A very long name that is longer than the small limit", "name_as_reported": "A", "source_id": "src-a", "paragraph": 1, "basis": "stated"}"#,
    r#"{"id": "off-a", "name": "A", "name_as_reported": "A", "source_id": "src-a", "paragraph": 1, "basis": "stated", "note": "a note long enough to pass the small line size limit when the line is read with the small limits of the option sets, which are three hundred bytes, so this goes on for a while longer still"}"#,
    r#"{}"#,
    r#"[1]"#,
    r#""off-a""#,
    r#"{"id": "off-a"}"#,
];

#[test]
fn hard_lines() {
    let good = HARD[0];
    for line in HARD {
        for text in [
            format!("{line}\n"),
            format!("{good}\n{line}\n"),
            format!("{line}\n\n{line}\n{good}"),
        ] {
            agree(&[bytes("officials.jsonl", &text)], line);
        }
    }
}

/// A generated package (`defcoop::synth`) with every table as JSON Lines: each record as the
/// (key, value) pairs of its JSON object, as written.
fn synthetic(rows: u64, seed: u64) -> Tables {
    static MADE: Mutex<Vec<((u64, u64), Tables)>> = Mutex::new(Vec::new());
    let mut made = MADE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, tables)) = made.iter().find(|(k, _)| *k == (rows, seed)) {
        return tables.clone();
    }
    let tables = write_synthetic(rows, seed);
    made.push(((rows, seed), tables.clone()));
    tables
}

/// The records of every table, each as the (key, value) pairs of its JSON object.
type Tables = Vec<(Table, Vec<Vec<(String, String)>>)>;

fn write_synthetic(rows: u64, seed: u64) -> Tables {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("json_lines_paths")
        .join(format!("csv-{rows}-{seed}"));
    defcoop::synth::write_package(&dir, rows, seed).expect("write a synthetic package");
    let dataset = defcoop::package::read_csv_dir(&dir).expect("the synthetic package reads");
    let Value::Object(tables) = serde_json::to_value(&dataset).expect("a dataset is JSON") else {
        panic!("a dataset is an object");
    };
    tables
        .into_iter()
        .filter_map(|(name, rows)| {
            let table = Table::from_name(&name)?;
            let records = rows
                .as_array()?
                .iter()
                .filter_map(Value::as_object)
                .map(|o| {
                    o.iter()
                        .map(|(k, v)| (Value::from(k.as_str()).to_string(), v.to_string()))
                        .collect()
                })
                .collect();
            Some((table, records))
        })
        // The optional tables of schema v2 that the synthetic package leaves out.
        .filter(|(_, records): &(Table, Vec<Vec<(String, String)>>)| !records.is_empty())
        .collect()
}

/// Values that break something (or nothing): types, patterns, text rules, escapes, limits,
/// references to no row, numbers the two readers might read differently.
const VALUES: &[&str] = &[
    "null",
    "1",
    "2",
    "999",
    "0",
    "-0",
    "1.0",
    "1e400",
    "-1",
    "4294967296",
    "true",
    "[]",
    "{}",
    "[[[1]]]",
    r#""""#,
    r#"" x""#,
    r#""x  y""#,
    r#""a\tb""#,
    r#""e\u0301""#,
    r#""a\u200bb""#,
    r#""\ud800""#,
    r#""\u0041\"\\""#,
    r#""Ağa Görgün 😀""#,
    r#""OFF-x""#,
    r#""src-zz""#,
    r#""off-zz""#,
    r#""2024-02-30""#,
    r#""2024-09-24""#,
    r#""1900-01-01""#,
    r#""head""#,
    r#""member""#,
    r#""stated""#,
    r#""TR""#,
    r#""a string long enough to pass the small cell size limit""#,
];

/// One damage to a generated JSON Lines file.
#[derive(Debug, Clone)]
enum Edit {
    /// The `field`-th field's value becomes `VALUES[value]`.
    Value {
        line: usize,
        field: usize,
        value: usize,
    },
    /// The value is that of the same field on another line (a duplicate id, a reference).
    Copy {
        line: usize,
        field: usize,
        from: usize,
    },
    /// The field is written twice, with its value and then `VALUES[value]`.
    Twice {
        line: usize,
        field: usize,
        value: usize,
    },
    /// The field is renamed (unknown), escaped (`\u0069d`), or left out.
    Key { line: usize, field: usize, how: u8 },
    /// The line is cut, blanked, or given text before or after it.
    Line { line: usize, how: u8 },
}

fn edit() -> impl Strategy<Value = Edit> {
    let (l, f, v) = (0..64usize, 0..32usize, 0..VALUES.len());
    prop_oneof![
        (l.clone(), f.clone(), v.clone()).prop_map(|(line, field, value)| Edit::Value {
            line,
            field,
            value
        }),
        (l.clone(), f.clone(), 0..64usize).prop_map(|(line, field, from)| Edit::Copy {
            line,
            field,
            from
        }),
        (l.clone(), f.clone(), v).prop_map(|(line, field, value)| Edit::Twice {
            line,
            field,
            value
        }),
        (l.clone(), f, 0..3u8).prop_map(|(line, field, how)| Edit::Key { line, field, how }),
        (l, 0..6u8).prop_map(|(line, how)| Edit::Line { line, how }),
    ]
}

/// The JSON Lines text of `records` after `edits` (those that fall on this table).
fn damaged(records: &[Vec<(String, String)>], edits: &[(usize, Edit)], table: usize) -> String {
    let mut records = records.to_vec();
    let mut line_edits = Vec::new();
    let n = records.len();
    if n > 0 {
        for (t, e) in edits {
            if *t != table {
                continue;
            }
            match e.clone() {
                Edit::Value { line, field, value } => {
                    let r = &mut records[line % n];
                    if !r.is_empty() {
                        let len = r.len();
                        r[field % len].1 = VALUES[value].to_owned();
                    }
                }
                Edit::Copy { line, field, from } => {
                    let source = records[from % n].clone();
                    let r = &mut records[line % n];
                    if !r.is_empty() {
                        let len = r.len();
                        let key = r[field % len].0.clone();
                        if let Some((_, v)) = source.iter().find(|(k, _)| *k == key) {
                            r[field % len].1 = v.clone();
                        }
                    }
                }
                Edit::Twice { line, field, value } => {
                    let r = &mut records[line % n];
                    if !r.is_empty() {
                        let key = r[field % r.len()].0.clone();
                        r.push((key, VALUES[value].to_owned()));
                    }
                }
                Edit::Key { line, field, how } => {
                    let r = &mut records[line % n];
                    if !r.is_empty() {
                        let i = field % r.len();
                        match how {
                            0 => r[i].0 = r[i].0.replacen('"', "\"x", 1),
                            1 => r[i].0 = r[i].0.replacen('i', "\\u0069", 1),
                            _ => {
                                r.remove(i);
                            }
                        }
                    }
                }
                Edit::Line { line, how } => line_edits.push((line % n, how)),
            }
        }
    }
    let mut out = String::new();
    for (i, r) in records.iter().enumerate() {
        let sep = if i % 2 == 0 { ", " } else { "," };
        let fields: Vec<String> = r.iter().map(|(k, v)| format!("{k}:{v}")).collect();
        let mut line = format!("{{{}}}", fields.join(sep));
        for (_, how) in line_edits.iter().filter(|(l, _)| *l == i) {
            line = match how {
                0 => line.chars().take(line.chars().count() / 2).collect(),
                1 => String::new(),
                2 => format!("  {line}\t"),
                3 => format!("{line} {line}"),
                4 => format!("[{line}]"),
                _ => format!("{line}\r"),
            };
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Writes the tables as a package of JSON Lines files and gives its folder.
fn write_package(name: &str, tables: &[(Table, String)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("json_lines_paths")
        .join(name);
    std::fs::create_dir_all(&dir).expect("create the package folder");
    let resources: Vec<Value> = tables
        .iter()
        .map(|(t, _)| serde_json::json!({"name": t.name(), "path": format!("{}.jsonl", t.name())}))
        .collect();
    let descriptor = serde_json::json!({ "name": "lines", "resources": resources });
    std::fs::write(dir.join("datapackage.json"), descriptor.to_string()).expect("descriptor");
    for (t, text) in tables {
        std::fs::write(dir.join(format!("{}.jsonl", t.name())), text).expect("a table");
    }
    dir
}

#[test]
fn a_clean_generated_package_takes_the_fast_path_and_agrees() {
    let tables: Vec<(Table, String)> = synthetic(12, 3)
        .iter()
        .enumerate()
        .map(|(i, (t, records))| (*t, damaged(records, &[], i)))
        .collect();
    let dir = write_package("clean", &tables);
    let report = agree(&[Input::Path(dir)], "a clean generated package");
    assert!(report.valid, "{:#?}", report.findings);
    assert!(report.files.iter().map(|f| f.records).sum::<u64>() > 40);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// A generated package in JSON Lines with damaged lines: the paths agree, whatever the
    /// damage, under every option set.
    #[test]
    fn damaged_generated_packages(
        seed in 0..3u64,
        edits in proptest::collection::vec((0..13usize, edit()), 1..12),
    ) {
        let base = synthetic(6, seed);
        let tables: Vec<(Table, String)> = base
            .iter()
            .enumerate()
            .map(|(i, (t, records))| (*t, damaged(records, &edits, i)))
            .collect();
        let dir = write_package(&format!("damaged-{}", std::process::id()), &tables);
        let report = agree(&[Input::Path(dir.clone())], &format!("{edits:?}"));
        // A single table validated alone takes the same path.
        if let Some((t, text)) = tables.iter().find(|(_, text)| !text.is_empty()) {
            agree(&[bytes(&format!("{}.jsonl", t.name()), text)], &format!("{edits:?}"));
        }
        prop_assert!(!report.files.is_empty());
    }
}
