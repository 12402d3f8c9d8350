//! `--hide-values` hides every value of the input, in every output format the CLI offers
//! (issue 14, item 8): every rule's fixture (and inputs made to hit the limits, a CSV file
//! without header row, unknown JSON keys, broken JSON) is validated with `--hide-values`
//! in each format, and the output is searched for every value of the input of 3 characters
//! or more that is not a word of the model itself (a table, field or coded value name).

mod validate_support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;
use validate_support::RULE_CORPUS;

const FIXTURES: &str = "tests/fixtures/validate";

/// The formats `defcoop validate --format` accepts, read from its help, so a format added
/// later is tested too.
fn formats() -> Vec<String> {
    let out = cargo_bin_cmd!("defcoop")
        .args(["validate", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    let line = help
        .lines()
        .find(|l| l.trim_start().starts_with("--format"))
        .expect("a --format option");
    let values = line
        .split("[possible values: ")
        .nth(1)
        .and_then(|r| r.split(']').next())
        .expect("the format's possible values");
    let formats: Vec<String> = values.split(", ").map(str::to_owned).collect();
    assert!(formats.len() >= 2, "{formats:?}");
    formats
}

/// Names of the model, which are not values of the input even when a cell holds one: the
/// tables, fields and coded values (enums) of the generated JSON Schemas, and JSON's words.
fn vocabulary() -> BTreeSet<String> {
    fn walk(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    out.insert(k.clone());
                    if k == "enum" || k == "const" {
                        match v {
                            Value::Array(items) => out
                                .extend(items.iter().filter_map(|i| i.as_str().map(str::to_owned))),
                            Value::String(s) => {
                                out.insert(s.clone());
                            }
                            _ => {}
                        }
                    }
                    walk(v, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut words: BTreeSet<String> = ["true", "false", "null"].map(str::to_owned).into();
    for entry in std::fs::read_dir("schema/json").unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        walk(&serde_json::from_str(&text).unwrap(), &mut words);
    }
    for table in defcoop::model::Table::ALL {
        words.insert(table.name().to_owned());
    }
    words
}

/// Every value of a file: CSV cells, JSON keys, strings and numbers (of a JSON text that does
/// not parse, the pieces between quotes and the bare words).
fn values_of(path: &Path) -> BTreeSet<String> {
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8_lossy(&bytes).replace('\0', "");
    let mut out = BTreeSet::new();
    let name = path.to_string_lossy();
    let json_value = |v: &Value, out: &mut BTreeSet<String>| {
        fn walk(v: &Value, out: &mut BTreeSet<String>) {
            match v {
                Value::Object(m) => {
                    for (k, v) in m {
                        out.insert(k.clone());
                        walk(v, out);
                    }
                }
                Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
                Value::String(s) => {
                    out.insert(s.clone());
                }
                Value::Number(n) => {
                    out.insert(n.to_string());
                }
                _ => {}
            }
        }
        walk(v, out);
    };
    if name.ends_with(".csv") {
        let mut reader = defcoop::input::csv_records::Reader::new(&text, usize::MAX, usize::MAX);
        let mut problems = Vec::new();
        while let Some(record) = reader.next_record(&mut problems) {
            out.extend(record.cells.iter().map(|c| c.value.to_string()));
        }
    } else {
        let pieces: Vec<&str> = if name.ends_with(".jsonl") {
            text.lines().collect()
        } else {
            vec![text.as_str()]
        };
        for piece in pieces {
            match serde_json::from_str::<Value>(piece) {
                Ok(v) => json_value(&v, &mut out),
                Err(_) => {
                    // Text that does not parse: pieces between quotes, and bare words.
                    out.extend(piece.split('"').skip(1).step_by(2).map(str::to_owned));
                    out.extend(
                        piece
                            .split(|c: char| c.is_whitespace() || "{}[],:\"".contains(c))
                            .map(str::to_owned),
                    );
                }
            }
        }
    }
    out
}

fn files_under(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            files_under(&entry.unwrap().path(), out);
        }
    } else if path.file_name().is_some_and(|n| n != "datapackage.json")
        && path
            .extension()
            .is_some_and(|e| ["csv", "json", "jsonl"].contains(&&*e.to_string_lossy()))
    {
        out.push(path.to_path_buf());
    }
}

/// Runs `defcoop validate --hide-values` on `args` in every format and checks no value of
/// `inputs` shows in its output (standard output and error).
fn assert_hidden(
    inputs: &[PathBuf],
    args: &[&str],
    formats: &[String],
    vocabulary: &BTreeSet<String>,
) {
    let mut values = BTreeSet::new();
    for input in inputs {
        let mut files = Vec::new();
        files_under(input, &mut files);
        for f in files {
            values.extend(values_of(&f));
        }
    }
    let values: Vec<String> = values
        .into_iter()
        .map(|v| v.trim().to_owned())
        .filter(|v| v.chars().count() >= 3 && !vocabulary.contains(v))
        .collect();
    for format in formats {
        let out = cargo_bin_cmd!("defcoop")
            .env("NO_COLOR", "1")
            .args(["validate", "--hide-values", "--format", format])
            .args(if args.contains(&"--max-findings") {
                &[][..]
            } else {
                &["--max-findings", "100000"][..]
            })
            .args(args)
            .args(inputs)
            .output()
            .unwrap();
        let shown = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{inputs:?} {args:?}: not a report:\n{shown}"
        );
        // File names are the user's, not values: take them out before searching.
        let mut searched = shown.clone();
        for input in inputs {
            let mut files = vec![input.clone()];
            files_under(input, &mut files);
            for f in files {
                searched = searched.replace(&*f.to_string_lossy(), "<file>");
            }
        }
        // The rules catalogue (the SARIF log's `tool.driver.rules`) is the tool's own text, with
        // examples such as rank terms that a fixture may also hold: take it out too.
        for rule in defcoop::rules::RULES {
            let escaped = serde_json::to_string(rule.meaning).unwrap();
            searched = searched.replace(&escaped[1..escaped.len() - 1], "<rule>");
        }
        let leaked: Vec<&String> = values
            .iter()
            .filter(|v| searched.contains(v.as_str()))
            .collect();
        assert!(
            leaked.is_empty(),
            "--format {format} {inputs:?} shows {leaked:?}:\n{shown}"
        );
    }
}

#[test]
fn item8_hide_values_every_rule_fixture_every_format() {
    let formats = formats();
    let vocabulary = vocabulary();
    let extra: &[&[&str]] = &[
        &["records/officials.json"],
        &["records/positions.json"],
        &["records/participant_groups.csv"],
    ];
    let fixtures: Vec<&[&str]> = RULE_CORPUS.iter().chain(extra).copied().collect();
    for rels in fixtures {
        let inputs: Vec<PathBuf> = rels.iter().map(|r| Path::new(FIXTURES).join(r)).collect();
        assert_hidden(&inputs, &[], &formats, &vocabulary);
    }
    // The limits, which stop a file or skip a cell, line or record.
    let limited: &[(&str, &[&str])] = &[
        ("records/officials.json", &["--max-cell-bytes", "12"]),
        ("records/officials.json", &["--max-depth", "1"]),
        ("records/officials.csv", &["--max-cell-bytes", "12"]),
        ("records/officials.csv", &["--max-line-bytes", "60"]),
        ("records/officials.csv", &["--max-columns", "3"]),
        ("files/jsonl/officials.jsonl", &["--max-line-bytes", "60"]),
        ("records/officials.csv", &["--max-findings", "2"]),
    ];
    for (rel, args) in limited {
        assert_hidden(
            &[Path::new(FIXTURES).join(rel)],
            args,
            &formats,
            &vocabulary,
        );
    }
}

#[test]
fn item8_hide_values_leaks_named_in_the_issue() {
    let formats = formats();
    let vocabulary = vocabulary();
    let dir = std::env::temp_dir().join(format!("defcoop-hide-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let data = Path::new("data");
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    };
    // A CSV file without its header row: its first row is read as column names.
    let rows: Vec<String> = std::fs::read_to_string(data.join("officials.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(str::to_owned)
        .collect();
    let headerless = write(
        "headerless/officials.csv",
        &format!("{}\n", rows.join("\n")),
    );
    assert_hidden(&[headerless], &[], &formats, &vocabulary);
    // Messages with ids, dates, counts and ranks: date.order, meeting.outside-exhibition,
    // agreement.before-meeting, delegation.head, citation.paragraph, rank.nato-mismatch.
    let package = dir.join("package");
    std::fs::create_dir_all(&package).unwrap();
    for entry in std::fs::read_dir(data).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, package.join(path.file_name().unwrap())).unwrap();
    }
    let edit = |file: &str, from: &str, to: &str| {
        let path = package.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}: {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "positions.csv",
        "general-polkovnik,AZ,joint,OF-8",
        "general-polkovnik,AZ,joint,OF-3",
    );
    edit(
        "delegation_members.csv",
        "dm-expanded-az-karim-valiyev,del-expanded-az,off-karim-valiyev,member",
        "dm-expanded-az-karim-valiyev,del-expanded-az,off-karim-valiyev,head",
    );
    // An exhibition ending before it starts (date.order) and its meetings outside it.
    edit(
        "exhibitions.csv",
        ",Baku Center,,,",
        ",Baku Center,2024-09-30,2024-09-20,",
    );
    // A cited paragraph past the source's count.
    edit("delegation_members.csv", ",1,,inferred,", ",99,,inferred,");
    // An agreement signed before the meeting it was signed at.
    edit(
        "agreements.csv",
        "agr-adex-2024-military-technical-contracts,contract,military_technical,,,",
        "agr-adex-2024-military-technical-contracts,contract,military_technical,,2001-01-01,",
    );
    let out = cargo_bin_cmd!("defcoop")
        .args(["validate", "--format", "json"])
        .arg(&package)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    for code in [
        "agreement.before-meeting",
        "date.order",
        "meeting.outside-exhibition",
        "delegation.head",
        "citation.paragraph",
        "rank.nato-mismatch",
    ] {
        assert!(codes.contains(code), "{code} not made: {codes:?}");
    }
    assert_hidden(std::slice::from_ref(&package), &[], &formats, &vocabulary);
    // Unknown JSON keys, a broken JSON text, and a number out of its range.
    let json = write(
        "json/officials.json",
        "[{\"id\": \"off-secret-agent\", \"name\": \"Secret Agent\", \"name_as_reported\": \"Secret Agent\", \"source_id\": \"src-hidden-source\", \"paragraph\": 12345, \"basis\": \"stated\", \"private_key\": \"swordfish\"}]",
    );
    assert_hidden(&[json], &[], &formats, &vocabulary);
    let broken = write(
        "broken/officials.json",
        "[{\"id\": \"off-secret\", \"name\": swordfish}]",
    );
    assert_hidden(&[broken], &[], &formats, &vocabulary);
    let _ = std::fs::remove_dir_all(&dir);
}
