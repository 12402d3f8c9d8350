//! The quick path for CSV rows (a row with no quote split at its commas, no cell kept unless
//! a check needs it) gives exactly the report of the positioned reader it falls back to: same
//! findings, codes, order, positions, messages, hints and lines shown. Checked on every CSV
//! file and package among the fixtures, on rows made to be hard, and on generated packages
//! with damaged rows, under several options and batch sizes.

use std::path::{Path, PathBuf};

use defcoop::validate::{Input, Limits, Options, Report, Tuning, validate_tuned};
use proptest::prelude::*;

/// Option sets the paths must agree under: defaults, values hidden and few findings kept,
/// and small limits on cells and lines.
fn option_sets() -> Vec<Options> {
    vec![
        Options::default().max_findings(100_000),
        Options::default().hide_values(true).max_findings(3),
        Options::default()
            .limits(Limits::default().max_cell_bytes(12).max_line_bytes(90))
            .max_findings(100_000),
    ]
}

/// The report, or the error that stopped the run (as its debug form, for comparing).
fn run(inputs: &[Input], options: &Options, block: usize, quick: bool) -> Result<Report, String> {
    let tuning = Tuning {
        block,
        plain_csv_rows: quick,
        ..Tuning::default()
    };
    validate_tuned(inputs, options, tuning).map_err(|e| format!("{e:?}"))
}

/// Validates `inputs` with and without the quick path under every option set (and with
/// small batches) and checks that the reports (or errors) are equal; gives the default one.
fn agree(inputs: &[Input], what: &str) -> Result<Report, String> {
    let mut first = None;
    for (i, options) in option_sets().iter().enumerate() {
        for block in [256 << 10, 64] {
            let slow = run(inputs, options, block, false);
            let quick = run(inputs, options, block, true);
            assert_eq!(
                quick, slow,
                "{what}: the quick path differs (options #{i}, block {block})"
            );
            first.get_or_insert(slow);
        }
    }
    first.expect("at least one option set")
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            out.push(path.clone());
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn every_csv_fixture_and_package() {
    let mut paths = Vec::new();
    files_under(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
        &mut paths,
    );
    let (mut files, mut packages) = (0, 0);
    for path in paths {
        let csv = path.extension().is_some_and(|e| e == "csv");
        let package = path.is_dir() && path.join("datapackage.json").is_file();
        if csv || package {
            // Some fixtures stop the run (an unsafe path): the two paths must stop alike.
            let _ = agree(&[Input::Path(path.clone())], &path.display().to_string());
            files += usize::from(csv);
            packages += usize::from(package);
        }
    }
    assert!(files >= 20, "only {files} CSV fixtures found");
    assert!(packages >= 5, "only {packages} package fixtures found");
}

#[test]
fn the_bundled_package() {
    let report = agree(&[Input::Bundled], "the bundled package").expect("validation runs");
    assert!(report.valid, "{:#?}", report.findings);
}

const HEADER: &str = "id,name,name_as_reported,honorific,nationality,nationality_basis,source_id,paragraph,basis,note";
const GOOD: &str = "off-a,Ada Berg,Ada Berg,Ms.,,,src-a,1,stated,";

/// Rows made to be hard: each is checked alone, after a good row, and twice (a duplicate id),
/// with LF, CRLF and lone CR line ends.
const HARD: &[&str] = &[
    GOOD,
    "off-b,Ağa Ümid 😀,Ağa Ümid,,TR,stated,src-a,1,stated,",
    "off-b,Ağa Ümid 😀,Ağa Ümid,,TR,stated,src-a,1,stated,a note",
    "off-c,\"Berg, Ada\",Ada Berg,,,,src-a,1,stated,",
    "off-c,\"Berg \"\"Ada\"\"\",Ada Berg,,,,src-a,1,stated,",
    "off-c,Berg \"Ada\",Ada Berg,,,,src-a,1,stated,",
    "off-c,\"Berg\" Ada,Ada Berg,,,,src-a,1,stated,",
    "off-c,\"Berg\nAda\",Ada Berg,,,,src-a,1,stated,",
    "off-d,Ada  Berg,Ada Berg,,,,src-a,1,stated,",
    "off-d, Ada Berg,Ada Berg,,,,src-a,1,stated,",
    "off-d,Ada Berg\t,Ada Berg,,,,src-a,1,stated,",
    "off-d,Ade\u{301} Berg,Ada Berg,,,,src-a,1,stated,",
    "off-d,Ada\u{200b}Berg,Ada Berg,,,,src-a,1,stated,",
    "off-e,Ada Berg,Ada Berg,,,,src-a,1,stated",
    "off-e,Ada Berg,Ada Berg,,,,src-a,1,stated,,",
    "off-e",
    ",,,,,,,,,",
    "OFF-e,Ada Berg,Ada Berg,,,,src-a,1,stated,",
    "off-e,Ada Berg,Ada Berg,,tr,stated,src-a,1,stated,",
    "off-e,Ada Berg,Ada Berg,,TR,,src-a,1,stated,",
    "off-e,Ada Berg,Ada Berg,,,,src-a,0,stated,",
    "off-e,Ada Berg,Ada Berg,,,,src-a,1.0,stated,",
    "off-e,Ada Berg,Ada Berg,,,,src-a,99999999999999999999,stated,",
    "off-e,Ada Berg,Ada Berg,,,,src-a,0x1,stated,",
    "off-e,\"Berg, Ada\",Ada Berg,,,,src-a,0x1,stated,",
    "off-e,Ada Berg,Ada Berg,,,,src-zz,1,stated,",
    "off-e,Ada Berg,Ada Berg,,,,src-a,1,guessed,",
    "off-e,A name long enough to pass the cell limit,Ada Berg,,,,src-a,1,stated,",
    "off-e,Ada Berg,Ada Berg,,,,src-a,1,stated,a note long enough to pass the small line size limit of the options",
    "off-é,Ada Berg,Ada Berg,,,,src-a,1,stated,",
    "\u{feff}off-f,Ada Berg,Ada Berg,,,,src-a,1,stated,",
];

#[test]
fn hard_rows() {
    let sources = "id,title,publisher,syndicator,published,language,url,sha256,paragraphs,note\nsrc-a,T,P,,2024-01-01,en,,,3,\n";
    for row in HARD {
        for end in ["\n", "\r\n", "\r"] {
            for text in [
                format!("{HEADER}{end}{row}{end}"),
                format!("{HEADER}{end}{GOOD}{end}{row}"),
                format!("{HEADER}{end}{row}{end}{end}{row}{end}{GOOD}{end}"),
            ] {
                let inputs = [Input::Bytes {
                    name: "officials.csv".into(),
                    bytes: text.clone().into_bytes(),
                }];
                agree(&inputs, &format!("{text:?}")).expect("validation runs");
                // In a package, where references and citations are checked too.
                let dir = write_package(
                    "hard",
                    &[("sources.csv", sources.to_owned()), ("officials.csv", text)],
                );
                agree(&[Input::Path(dir)], row).expect("validation runs");
            }
        }
    }
}

/// The `csv` crate reads `0x1` as a number; both paths leave it to the schema, which refuses it.
#[test]
fn hexadecimal_numbers_are_refused_on_both_paths() {
    // The columns in the table's order (cells read by position), and with the first two
    // swapped (cells read by the header's names).
    let swapped = "name,id,name_as_reported,honorific,nationality,nationality_basis,source_id,paragraph,basis,note";
    for (header, row) in [
        (HEADER, "off-e,Ada Berg,Ada Berg,,,,src-a,0x1,stated,"),
        (HEADER, "off-e,\"Berg, Ada\",Ada Berg,,,,src-a,0x1,stated,"),
        (swapped, "Ada Berg,off-e,Ada Berg,,,,src-a,0x1,stated,"),
        (swapped, "\"Berg, Ada\",off-e,Ada Berg,,,,src-a,0x1,stated,"),
    ] {
        let inputs = [Input::Bytes {
            name: "officials.csv".into(),
            bytes: format!("{header}\n{row}\n").into_bytes(),
        }];
        let report = agree(&inputs, row).expect("validation runs");
        let found: Vec<(&str, Option<&str>)> = report
            .findings
            .iter()
            .map(|f| (f.code, f.field.as_deref()))
            .collect();
        assert!(
            found.contains(&("schema.type", Some("paragraph"))),
            "{row}: {found:?}"
        );
        assert!(!report.valid);
    }
}

/// Writes the files as a package folder (descriptor from the names) and gives its path.
fn write_package(name: &str, files: &[(&str, String)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("csv_paths")
        .join(name);
    std::fs::create_dir_all(&dir).expect("create the package folder");
    let resources: Vec<serde_json::Value> = files
        .iter()
        .map(|(f, _)| {
            let table = f.trim_end_matches(".csv");
            serde_json::json!({"name": table, "path": f, "format": "csv"})
        })
        .collect();
    let descriptor = serde_json::json!({"name": "rows", "resources": resources});
    std::fs::write(dir.join("datapackage.json"), descriptor.to_string()).expect("descriptor");
    for (f, text) in files {
        std::fs::write(dir.join(f), text).expect("a table");
    }
    dir
}

/// The CSV files of a generated package (`defcoop::synth`), by name, as text.
fn synthetic(rows: u64, seed: u64) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("csv_paths")
        .join(format!("synth-{rows}-{seed}"));
    defcoop::synth::write_package(&dir, rows, seed).expect("write a synthetic package");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("the package folder")
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_owned();
            let text = std::fs::read_to_string(e.path()).ok()?;
            name.ends_with(".csv").then_some((name, text))
        })
        .collect();
    files.sort();
    files
}

/// Cell values that break something (or nothing): quoting, separators, text rules, types,
/// patterns, references to no row, limits.
const CELLS: &[&str] = &[
    "",
    "1",
    "0",
    "-1",
    "1.0",
    "x",
    " x",
    "x  y",
    "\"a, b\"",
    "\"a \"\"b\"\"\"",
    "a\"b",
    "\"a\"b",
    "\"a\nb\"",
    "e\u{301}",
    "a\u{200b}b",
    "Ağa Görgün 😀",
    "OFF-x",
    "src-zz",
    "off-zz",
    "2024-02-30",
    "2024-09-24",
    "head",
    "member",
    "stated",
    "TR",
    "a cell long enough to pass the small cell limit",
];

/// One damage to a row of a generated CSV file.
#[derive(Debug, Clone)]
enum Edit {
    /// The `cell`-th cell becomes `CELLS[value]`.
    Cell {
        row: usize,
        cell: usize,
        value: usize,
    },
    /// The cell is that of the same column on another row (a duplicate id, a reference).
    Copy {
        row: usize,
        cell: usize,
        from: usize,
    },
    /// The row loses its last cell, gains one, is blanked, cut, or ends with CR or CRLF.
    Row { row: usize, how: u8 },
}

fn edit() -> impl Strategy<Value = Edit> {
    let (r, c) = (0..64usize, 0..16usize);
    prop_oneof![
        (r.clone(), c.clone(), 0..CELLS.len()).prop_map(|(row, cell, value)| Edit::Cell {
            row,
            cell,
            value
        }),
        (r.clone(), c, 0..64usize).prop_map(|(row, cell, from)| Edit::Copy { row, cell, from }),
        (r, 0..6u8).prop_map(|(row, how)| Edit::Row { row, how }),
    ]
}

/// The text of a CSV file after the edits that fall on it (its header left alone). Cells
/// are split at commas: the generated files quote nothing.
fn damaged(text: &str, edits: &[(usize, Edit)], file: usize) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    let Some(header) = (!lines.is_empty()).then(|| lines.remove(0)) else {
        return text.to_owned();
    };
    let mut rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect();
    let mut ends: Vec<&str> = vec!["\n"; rows.len()];
    let n = rows.len();
    if n > 0 {
        for (f, e) in edits {
            if *f != file {
                continue;
            }
            match e.clone() {
                Edit::Cell { row, cell, value } => {
                    let r = &mut rows[row % n];
                    if !r.is_empty() {
                        let len = r.len();
                        r[cell % len] = CELLS[value].to_owned();
                    }
                }
                Edit::Copy { row, cell, from } => {
                    let source = rows[from % n].clone();
                    let r = &mut rows[row % n];
                    if !r.is_empty() {
                        let i = cell % r.len();
                        if let Some(v) = source.get(i) {
                            r[i] = v.clone();
                        }
                    }
                }
                Edit::Row { row, how } => {
                    let r = &mut rows[row % n];
                    match how {
                        0 => {
                            r.pop();
                        }
                        1 => r.push("extra".into()),
                        2 => r.clear(),
                        3 => r.truncate(r.len() / 2),
                        4 => ends[row % n] = "\r",
                        _ => ends[row % n] = "\r\n",
                    }
                }
            }
        }
    }
    let mut out = format!("{header}\n");
    for (r, end) in rows.iter().zip(ends) {
        out.push_str(&r.join(","));
        out.push_str(end);
    }
    out
}

#[test]
fn a_clean_generated_package_agrees() {
    let files = synthetic(12, 3);
    let files: Vec<(&str, String)> = files.iter().map(|(f, t)| (f.as_str(), t.clone())).collect();
    let dir = write_package("clean", &files);
    let report = agree(&[Input::Path(dir)], "a clean generated package").expect("validation runs");
    assert!(report.valid, "{:#?}", report.findings);
    assert!(report.files.iter().map(|f| f.records).sum::<u64>() > 40);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// A generated package with damaged rows: the paths agree, whatever the damage, under
    /// every option set.
    #[test]
    fn damaged_generated_packages_agree(
        seed in 0..4u64,
        edits in prop::collection::vec((0..16usize, edit()), 1..12),
    ) {
        let files = synthetic(6, seed);
        let count = files.len();
        let edits: Vec<(usize, Edit)> = edits.into_iter().map(|(f, e)| (f % count, e)).collect();
        let texts: Vec<(&str, String)> = files
            .iter()
            .enumerate()
            .map(|(i, (f, t))| (f.as_str(), damaged(t, &edits, i)))
            .collect();
        let dir = write_package("damaged", &texts);
        let report = agree(&[Input::Path(dir)], &format!("{edits:?}")).expect("validation runs");
        for (name, _) in &files {
            prop_assert!(report.files.iter().any(|f| f.file.ends_with(name.as_str())), "{name} not read");
        }
    }
}
