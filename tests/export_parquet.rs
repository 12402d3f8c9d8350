//! `defcoop export --to parquet` (feature `parquet`): every file read back by pyarrow, DuckDB
//! and DataFusion (pinned in .ci/requirements.txt) gives the package's rows and values; and the
//! key checks written as SQL, run by DataFusion over the export of a package with planted key
//! errors, find exactly what the validator finds.
//!
//! Run by `.ci/run` as `cargo test --features parquet --test export_parquet`.

mod python_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use arrow_schema::DataType;
use assert_cmd::cargo::CommandCargoExt;
use defcoop::export::Package;
use defcoop::export::parquet::{ParquetOptions, arrow_schema, export_parquet};
use defcoop::model::Table;
use defcoop::validate::{Input, Options, validate};
use serde_json::Value;

#[test]
fn schemas_follow_the_table_schemas() {
    let schema = arrow_schema(Table::Positions);
    let field = |name: &str| schema.field_with_name(name).unwrap().clone();
    assert_eq!(field("id").data_type(), &DataType::Utf8);
    assert!(!field("id").is_nullable());
    assert!(matches!(
        field("role").data_type(),
        DataType::Dictionary(..)
    ));
    assert!(matches!(
        field("rank_country").data_type(),
        DataType::Dictionary(..)
    ));
    // A partial date (`2024`, `2024-09`, `2024-09-24`) is text: a Date32 would invent a day.
    assert_eq!(field("as_of").data_type(), &DataType::Utf8);
    assert!(field("as_of").is_nullable());
    // A full date (the day a source was retrieved) is a Date32.
    let sources = arrow_schema(Table::Sources);
    let retrieved = sources.field_with_name("retrieved").unwrap();
    assert_eq!(retrieved.data_type(), &DataType::Date32);
    assert!(retrieved.is_nullable());
    assert_eq!(field("paragraph").data_type(), &DataType::UInt32);
    assert_eq!(field("acting").data_type(), &DataType::Boolean);
    assert_eq!(
        field("official_id").metadata()["description"],
        "Who holds the post."
    );
    assert_eq!(schema.metadata()["defcoop:table"], "positions");
    for table in Table::ALL {
        let names: Vec<String> = arrow_schema(table)
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        assert_eq!(names, defcoop::package::field_names(table), "{table}");
    }
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("defcoop-pq-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn python(bin: &Path, mode: &str, dir: &Path) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/parquet_read.py");
    let out = Command::new(bin.join("python"))
        .arg(script)
        .arg(mode)
        .arg(dir)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "parquet_read.py {mode}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON from parquet_read.py")
}

/// A table's CSV rows as the reader gives them: cell text by field name, an empty cell null;
/// sorted by id.
fn csv_rows(path: &Path) -> Vec<BTreeMap<String, Value>> {
    // An optional table of schema v2 that the package leaves out has no rows.
    if !path.exists() {
        return Vec::new();
    }
    let mut reader = csv::Reader::from_path(path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let mut rows: Vec<BTreeMap<String, Value>> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, c)| {
                    let v = if c.is_empty() {
                        Value::Null
                    } else {
                        Value::String(c.to_owned())
                    };
                    (h.to_owned(), v)
                })
                .collect()
        })
        .collect();
    rows.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    rows
}

fn engine_rows(value: &Value) -> Vec<BTreeMap<String, Value>> {
    let mut rows: Vec<BTreeMap<String, Value>> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r.as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .collect();
    rows.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    rows
}

fn check_rows(bin: &Path, package: &Path, export: &Path) -> usize {
    let read = python(bin, "rows", export);
    let mut total = 0;
    for table in Table::ALL {
        let expected = csv_rows(&package.join(format!("{table}.csv")));
        total += expected.len();
        for engine in ["pyarrow", "duckdb", "datafusion"] {
            let got = engine_rows(&read[engine][table.name()]);
            assert_eq!(got.len(), expected.len(), "{engine} {table}: row count");
            for (g, e) in got.iter().zip(&expected) {
                assert_eq!(g, e, "{engine} {table}: row {:?}", e["id"]);
            }
        }
    }
    total
}

#[test]
fn every_engine_reads_the_package_back() {
    let Some(bin) = python_support::python_bin("every_engine_reads_the_package_back") else {
        return;
    };
    // The bundled package, through the command line.
    let out_dir = temp("bundled");
    let out = Command::cargo_bin("defcoop")
        .unwrap()
        .args(["export", "--to", "parquet"])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    assert!(check_rows(&bin, &data, &out_dir) > 50);

    // The schema: types from the Table Schemas, descriptions in the field metadata.
    let schemas = python(&bin, "schema", &out_dir);
    for table in Table::ALL {
        let ours = arrow_schema(table);
        let theirs = &schemas[table.name()];
        assert_eq!(theirs["metadata"]["defcoop:table"], table.name());
        let fields = theirs["fields"].as_array().unwrap();
        assert_eq!(fields.len(), ours.fields().len());
        for (f, o) in fields.iter().zip(ours.fields()) {
            assert_eq!(f["name"], o.name().as_str());
            assert_eq!(f["nullable"], o.is_nullable(), "{table}.{}", o.name());
            assert_eq!(
                f["metadata"]["description"].as_str(),
                o.metadata().get("description").map(String::as_str),
                "{table}.{}",
                o.name()
            );
            let t = f["type"].as_str().unwrap();
            let expected = match o.data_type() {
                DataType::Utf8 => "string",
                DataType::Date32 => "date32[day]",
                DataType::UInt32 => "uint32",
                DataType::Boolean => "bool",
                _ => "dictionary<values=string, indices=int32, ordered=0>",
            };
            assert_eq!(t, expected, "{table}.{}", o.name());
        }
    }
    // Nothing is overwritten without being asked.
    let again = Command::cargo_bin("defcoop")
        .unwrap()
        .args(["export", "--to", "parquet"])
        .arg(&out_dir)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
    let _ = std::fs::remove_dir_all(&out_dir);

    // A synthetic package in small row groups: many groups per file, read back the same.
    let package = temp("synth");
    defcoop::synth::write_package(&package, 3000, 5).unwrap();
    let out_dir = temp("synth-out");
    let options = ParquetOptions {
        row_group_rows: 257,
        overwrite: false,
    };
    let written = export_parquet(&Package::Path(package.clone()), &out_dir, &options).unwrap();
    assert_eq!(written.len(), Table::ALL.len());
    assert!(written.iter().any(|w| w.rows > 1000));
    assert!(check_rows(&bin, &package, &out_dir) > 10_000);
    let _ = std::fs::remove_dir_all(&out_dir);
    let _ = std::fs::remove_dir_all(&package);
}

/// Plants key errors in a synthetic package: duplicated ids and references to no row.
fn plant_errors(dir: &Path) {
    let edit = |table: &str, f: &dyn Fn(&mut Vec<Vec<String>>)| {
        let path = dir.join(format!("{table}.csv"));
        let mut reader = csv::Reader::from_path(&path).unwrap();
        let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let mut rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect();
        f(&mut rows);
        let mut writer = csv::Writer::from_path(&path).unwrap();
        writer.write_record(&headers).unwrap();
        for row in rows {
            writer.write_record(&row).unwrap();
        }
        writer.flush().unwrap();
    };
    // Two rows repeated in officials (one of them twice), one in meetings.
    edit("officials", &|rows| {
        rows.push(rows[3].clone());
        rows.push(rows[3].clone());
        rows.push(rows[10].clone());
    });
    edit("meetings", &|rows| rows.push(rows[0].clone()));
    // References to no row: a required one, an optional self-reference, and a source.
    edit("positions", &|rows| {
        rows[5][1] = "off-nobody".into();
        rows[7][1] = "off-nobody".into();
    });
    // `follows_id` is the eighth column of meetings (schema v2 put the place before it).
    edit("meetings", &|rows| rows[2][7] = "mtg-never-held".into());
    edit("delegation_members", &|rows| {
        rows[1][1] = "del-ghost".into();
        rows[4][4] = "src-unpublished".into();
    });
}

#[test]
fn key_checks_on_datafusion_equal_the_validators() {
    let Some(bin) = python_support::python_bin("key_checks_on_datafusion_equal_the_validators")
    else {
        return;
    };
    let package = temp("keys");
    defcoop::synth::write_package(&package, 2000, 9).unwrap();
    plant_errors(&package);

    // The validator's key findings.
    let options = Options::default().max_findings(usize::MAX);
    let report = validate(&[Input::Path(package.clone())], &options).unwrap();
    let mut ours: Vec<(String, String, String, String)> = report
        .findings
        .iter()
        .filter(|f| f.code == "key.duplicate" || f.code == "key.unresolved")
        .map(|f| {
            (
                f.code.to_owned(),
                f.table.map(|t| t.name().to_owned()).unwrap_or_default(),
                f.field.clone().unwrap_or_default(),
                f.value.clone().unwrap_or_default(),
            )
        })
        .collect();
    ours.sort();
    assert!(ours.iter().any(|f| f.0 == "key.duplicate"));
    assert!(ours.iter().any(|f| f.0 == "key.unresolved"));
    // Four repeats and five references to no row were planted.
    assert_eq!(ours.len(), 9, "{ours:?}");

    // The same keys on DataFusion, over the Parquet export (written without validation: the
    // rows parse, only the keys are wrong).
    let out_dir = temp("keys-out");
    let out = Command::cargo_bin("defcoop")
        .unwrap()
        .args(["export", "--to", "parquet", "--no-validate", "--package"])
        .arg(&package)
        .arg(&out_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results = python(&bin, "keys", &out_dir);
    let mut theirs: Vec<(String, String, String, String)> = Vec::new();
    for row in results.as_array().unwrap() {
        let s = |k: &str| row[k].as_str().unwrap_or_default().to_owned();
        let code = s("code");
        // The validator reports each repeat of an id after its first row: n - 1 findings.
        let repeats = if code == "key.duplicate" {
            s("occurrences").parse::<usize>().unwrap() - 1
        } else {
            1
        };
        for _ in 0..repeats {
            theirs.push((code.clone(), s("table_name"), s("field"), s("value")));
        }
    }
    theirs.sort();
    assert_eq!(theirs, ours, "DataFusion and the validator disagree");
    let _ = std::fs::remove_dir_all(&out_dir);
    let _ = std::fs::remove_dir_all(&package);
}

#[test]
fn a_failed_export_leaves_no_file_behind() {
    let package = temp("broken");
    defcoop::synth::write_package(&package, 40, 2).unwrap();
    // A cell of a late table that does not parse: the earlier tables are written first.
    let path = package.join("agreement_parties.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let mut cells: Vec<String> = lines[1].split(',').map(String::from).collect();
    let paragraph = lines[0].split(',').position(|h| h == "paragraph").unwrap();
    cells[paragraph] = "many".into();
    // The cell's column: the characters of the cells before it and their commas, plus one.
    let column: usize = cells[..paragraph]
        .iter()
        .map(|c| c.chars().count() + 1)
        .sum::<usize>()
        + 1;
    lines[1] = cells.join(",");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let out_dir = temp("broken-out");
    let err = export_parquet(
        &Package::Path(package.clone()),
        &out_dir,
        &ParquetOptions::default(),
    )
    .unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains(&format!(
            "agreement_parties.csv:2:{column}: field `paragraph`"
        )),
        "{message}"
    );
    assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), 0);
    let _ = std::fs::remove_dir_all(&out_dir);
    let _ = std::fs::remove_dir_all(&package);
}
