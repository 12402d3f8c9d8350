//! The hostile corpus, run through the real binary: every case gives a report (exit 1 with its
//! findings, or exit 0 when the input is fine) or a refusal (exit 2 with a message), never a
//! crash. Small cases are files under `tests/fixtures/hostile/<case>/`; big ones (a 50 MB cell,
//! a 100,000-column header, 200,000-deep JSON) are written at test time, not committed.
//!
//! A finding is written `code@line:column`, in report order.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(case)
}

/// Writes a generated case into the test's scratch folder and gives its path.
fn generated(case: &str, file: &str, bytes: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile")
        .join(case);
    std::fs::create_dir_all(&dir).expect("create the case folder");
    let path = dir.join(file);
    std::fs::write(&path, bytes).expect("write the case");
    path
}

fn validate(path: &Path, args: &[&str]) -> Output {
    cargo_bin_cmd!("defcoop")
        .arg("validate")
        .arg(path)
        .args(["--format", "json"])
        .args(args)
        .output()
        .expect("the binary runs")
}

/// The exit code and the findings of a run (none when it was refused).
fn outcome(out: &Output) -> (i32, Vec<String>) {
    let code = out.status.code().expect("exited, not killed by a signal");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    if code == 2 {
        assert!(out.stdout.is_empty(), "a refusal prints no report");
        return (code, Vec::new());
    }
    let report: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    let findings = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{}@{}:{}",
                f["code"].as_str().unwrap_or("?"),
                f["line"],
                f["column"]
            )
        })
        .collect();
    assert_eq!(report["valid"].as_bool(), Some(code == 0), "{report}");
    (code, findings)
}

fn check(path: &Path, args: &[&str], exit: i32, findings: &[&str]) {
    let out = validate(path, args);
    let (code, got) = outcome(&out);
    let got: Vec<&str> = got.iter().map(String::as_str).collect();
    assert_eq!(
        (code, got.as_slice()),
        (exit, findings),
        "{} {args:?}\nstderr: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The small cases: (folder under `tests/fixtures/hostile/`, file, exit code, findings).
const CASES: &[(&str, &str, i32, &[&str])] = &[
    // Encodings and bytes.
    ("invalid-utf8", "officials.csv", 1, &["file.encoding@3:8"]),
    ("utf16-bom", "officials.csv", 1, &["file.encoding@1:1"]),
    ("utf16be-bom", "officials.csv", 1, &["file.encoding@1:1"]),
    // UTF-16 with no byte-order mark is told by its NUL bytes, and stops the file.
    ("utf16-no-bom", "officials.csv", 1, &["file.encoding@1:1"]),
    ("utf8-bom", "officials.csv", 0, &[]),
    // The cell holding the NUL is named too (`text.control`, issue 14).
    (
        "nul-bytes",
        "officials.csv",
        1,
        &["text.control@3:7", "file.nul-byte@3:8"],
    ),
    // A lone UTF-16 surrogate escape is read as U+FFFD, and said.
    ("lone-surrogate", "officials.json", 1, &["json.syntax@1:28"]),
    // LF, CRLF and a lone CR all end a line; the bad paragraph is on physical line 4.
    (
        "mixed-line-endings",
        "officials.csv",
        1,
        &["schema.range@4:20"],
    ),
    ("mixed-line-endings-valid", "officials.csv", 0, &[]),
    ("cr-line-endings", "officials.csv", 0, &[]),
    (
        "crlf-json-lines",
        "officials.jsonl",
        1,
        &["schema.range@2:90"],
    ),
    // The quote opened on line 3 runs to the end: one cell, so the row is ragged too.
    (
        "unbalanced-quote",
        "officials.csv",
        1,
        &["csv.ragged-row@3:1", "csv.syntax@3:7"],
    ),
    // A header with no rows is a warning; an empty or blank file an error.
    ("header-only", "officials.csv", 0, &["csv.header-only@1:1"]),
    ("empty", "officials.csv", 1, &["file.empty@1:1"]),
    ("blank", "officials.csv", 1, &["file.empty@1:1"]),
    // Numbers beyond 64 bits (and beyond f64) are out of range, in JSON and in CSV.
    ("huge-number", "officials.json", 1, &["schema.range@2:16"]),
    (
        "negative-huge-number",
        "officials.json",
        1,
        &["schema.range@2:16"],
    ),
    (
        "huge-number-csv",
        "officials.csv",
        1,
        &["schema.range@2:20"],
    ),
    // Calendar days: 2024-02-30 and 2023-02-29 do not exist, 2024-02-29 and 2000-02-29 do,
    // 2100-02-29 does not (not a leap year).
    (
        "impossible-date",
        "exhibitions.csv",
        1,
        &["schema.format@2:102"],
    ),
    ("leap-day", "exhibitions.csv", 0, &[]),
    (
        "not-a-leap-day",
        "exhibitions.csv",
        1,
        &["schema.format@2:102"],
    ),
    (
        "century-leap-day",
        "exhibitions.csv",
        1,
        &["schema.format@2:113"],
    ),
    // Names: decomposed letters are not NFC (an error); a zero-width space is a warning in a
    // name and breaks the pattern of an id.
    ("non-nfc-name", "officials.csv", 1, &["text.not-nfc@2:17"]),
    (
        "zero-width-name",
        "officials.csv",
        0,
        &["text.invisible@2:17"],
    ),
    ("zero-width-id", "officials.csv", 1, &["schema.pattern@2:1"]),
    (
        "duplicate-key",
        "officials.json",
        1,
        &["json.duplicate-key@2:38"],
    ),
    // Descriptors: one file listed twice (also spelled `./officials.csv`), one table twice.
    (
        "descriptor-same-file-twice",
        "datapackage.json",
        1,
        // The package has officials only: no sources for them (issue 14).
        &[
            "file.missing-table@null:null",
            "file.duplicate-resource@3:31",
        ],
    ),
    (
        "descriptor-same-file-twice-dot",
        "datapackage.json",
        1,
        // The package has officials only: no sources for them (issue 14).
        &[
            "file.missing-table@null:null",
            "file.duplicate-resource@3:31",
        ],
    ),
    (
        "descriptor-same-table-twice",
        "datapackage.json",
        1,
        &[
            "file.missing-table@null:null",
            "file.duplicate-resource@3:3",
        ],
    ),
    // Unsafe resource paths are refused before any data file is opened.
    ("descriptor-absolute", "datapackage.json", 2, &[]),
    ("descriptor-parent", "datapackage.json", 2, &[]),
    ("descriptor-url", "datapackage.json", 2, &[]),
    ("descriptor-windows-absolute", "datapackage.json", 2, &[]),
];

#[test]
fn the_small_cases() {
    for (case, file, exit, findings) in CASES {
        check(&fixture(case).join(file), &[], *exit, findings);
    }
    // Every folder of the corpus is a case above.
    let listed: Vec<&str> = CASES.iter().map(|c| c.0).collect();
    for entry in std::fs::read_dir(fixture("")).expect("the corpus folder") {
        let name = entry.expect("an entry").file_name();
        let name = name.to_string_lossy();
        assert!(
            listed.contains(&name.as_ref()),
            "{name} has no expected outcome"
        );
    }
}

#[test]
fn refusals_say_why() {
    for (case, reason) in [
        ("descriptor-absolute", "it is absolute"),
        ("descriptor-parent", "it has a `..` component"),
        ("descriptor-url", "it is a URL"),
        ("descriptor-windows-absolute", "it is absolute"),
    ] {
        let out = validate(&fixture(case).join("datapackage.json"), &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(reason), "{case}: {stderr}");
    }
}

#[test]
fn warnings_can_make_the_corpus_invalid() {
    check(
        &fixture("header-only/officials.csv"),
        &["--deny-warnings"],
        1,
        &["csv.header-only@1:1"],
    );
    check(
        &fixture("zero-width-name/officials.csv"),
        &["--deny-warnings"],
        1,
        &["text.invisible@2:17"],
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_package_is_refused() {
    let outside = generated("symlink-target", "officials.csv", b"id\n");
    let descriptor = generated(
        "descriptor-symlink",
        "datapackage.json",
        br#"{"resources": [{"name": "officials", "path": "officials.csv"}]}"#,
    );
    let link = descriptor.with_file_name("officials.csv");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(&outside, &link).expect("make the link");
    let out = validate(&descriptor, &[]);
    assert_eq!(outcome(&out), (2, Vec::new()));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("leads outside the package folder"),
        "{stderr}"
    );
}

const HEADER: &str = "id,name,name_as_reported,honorific,nationality,nationality_basis,source_id,paragraph,basis,note\n";

#[test]
fn a_50_mb_cell() {
    let mut csv = HEADER.as_bytes().to_vec();
    csv.extend_from_slice(b"off-a,");
    csv.resize(csv.len() + (50 << 20), b'x');
    csv.extend_from_slice(b",A,,,,src-a,1,stated,\noff-b,B,B,,,,src-a,1,stated,\n");
    let path = generated("huge-cell", "officials.csv", &csv);
    // The cell is past the cell limit (1 MiB) and its record past the line limit (8 MiB);
    // the next row is read as usual.
    check(
        &path,
        &[],
        1,
        &["limit.line-size@2:1", "limit.cell-size@2:7"],
    );
    // With a line limit above the cell, only the cell is reported.
    check(
        &path,
        &["--max-line-bytes", "100000000"],
        1,
        &["limit.cell-size@2:7"],
    );
    let mut json = br#"[{"id": "off-a", "name": ""#.to_vec();
    json.resize(json.len() + (50 << 20), b'x');
    json.extend_from_slice(b"\"}]\n");
    let path = generated("huge-string", "officials.json", &json);
    check(&path, &[], 1, &["limit.cell-size@1:26"]);
}

#[test]
fn a_100_000_column_header() {
    let header: Vec<String> = (0..100_000).map(|i| format!("c{i}")).collect();
    let csv = format!("{}\n{}\n", header.join(","), ",".repeat(99_999));
    let path = generated("wide-header", "officials.csv", csv.as_bytes());
    check(&path, &[], 1, &["limit.columns@1:1"]);
}

#[test]
fn json_nested_200_000_deep() {
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let path = generated("deep", "officials.json", deep.as_bytes());
    check(&path, &[], 1, &["limit.depth@1:65"]);
    let deep = format!("{}1{}\n", "{\"a\":".repeat(200_000), "}".repeat(200_000));
    let path = generated("deep", "officials.jsonl", deep.as_bytes());
    // Past the line limit? No: 1.2 MB; the depth stops it at the 65th object.
    check(&path, &[], 1, &["limit.depth@1:321"]);
    let path = generated("deep", "datapackage.json", deep.as_bytes());
    check(&path, &[], 1, &["limit.depth@1:321"]);
}

/// Every limit is reachable from the command line, and going past it is a finding (exit 1).
#[test]
fn every_limit_has_a_flag() {
    let valid = fixture("mixed-line-endings-valid/officials.csv");
    check(
        &valid,
        &["--max-cell-bytes", "20"],
        1,
        // The source ids, 23 bytes each.
        &["limit.cell-size@2:60", "limit.cell-size@3:44"],
    );
    check(
        &valid,
        &["--max-line-bytes", "60"],
        1,
        &["limit.line-size@1:1"],
    );
    check(&valid, &["--max-columns", "9"], 1, &["limit.columns@1:1"]);
    check(
        &fixture("huge-number/officials.json"),
        &["--max-depth", "1"],
        1,
        &["limit.depth@1:2"],
    );
    let jsonl = generated(
        "long-line",
        "officials.jsonl",
        format!("{{\"id\": \"{}\"}}\n", "x".repeat(2000)).as_bytes(),
    );
    check(
        &jsonl,
        &["--max-line-bytes", "1000"],
        1,
        &["limit.line-size@1:1"],
    );
    check(
        &fixture("mixed-line-endings/officials.csv"),
        &["--max-cell-bytes", "20", "--max-findings", "2"],
        1,
        // Three findings: two places, the first finding and the notice (issue 14).
        &["limit.cell-size@2:60", "limit.findings@null:null"],
    );
}

#[test]
fn limits_that_are_no_number_are_usage_errors() {
    let valid = fixture("leap-day/exhibitions.csv");
    for flag in [
        "--max-cell-bytes",
        "--max-line-bytes",
        "--max-depth",
        "--max-columns",
        "--max-findings",
    ] {
        for bad in ["-1", "many", "99999999999999999999999"] {
            let out = validate(&valid, &[flag, bad]);
            assert_eq!(out.status.code(), Some(2), "{flag} {bad}");
        }
    }
}

#[cfg(unix)]
#[test]
fn one_file_through_a_link_is_listed_twice() {
    let descriptor = generated(
        "descriptor-same-file-linked",
        "datapackage.json",
        br#"{"resources": [
  {"name": "officials", "path": "officials.csv"},
  {"name": "sources", "path": "alias.csv"}
]}"#,
    );
    let official = "off-zakir-hasanov,Zakir Hasanov,Zakir Hasanov,,AZ,external,src-azernews-2024-09-24,1,stated,\n";
    generated(
        "descriptor-same-file-linked",
        "officials.csv",
        format!("{HEADER}{official}").as_bytes(),
    );
    let link = descriptor.with_file_name("alias.csv");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink("officials.csv", &link).expect("make the link");
    check(
        &descriptor,
        &[],
        1,
        &[
            "file.missing-table@null:null",
            "file.duplicate-resource@3:31",
        ],
    );
}
