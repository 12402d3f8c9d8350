//! `--split-into`: the rows that passed and the rows that failed, written apart byte for byte,
//! the valid part a valid package (rows that failed a key check across files, and rows whose
//! referenced row failed, moved too), findings keyed to the failed rows, and a folder that is
//! never the input's, never a non-empty one unless forced, written whole or not at all.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

const FIXTURE: &str = "tests/fixtures/validate/valid";

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("defcoop-split-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

fn append(path: &Path, text: &str) {
    let mut bytes = std::fs::read(path).unwrap();
    bytes.extend_from_slice(text.as_bytes());
    std::fs::write(path, bytes).unwrap();
}

fn defcoop(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("defcoop")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The rows of a CSV text after its first line, as byte strings ending with their line end.
fn rows_after_header(text: &str) -> Vec<String> {
    let mut rows: Vec<String> = text.split_inclusive('\n').map(str::to_owned).collect();
    rows.remove(0);
    rows
}

/// A package with a problem of each stage, in the rows below.
fn damaged_package(dir: &Path) -> PathBuf {
    let pkg = dir.join("pkg");
    copy_dir(Path::new(FIXTURE), &pkg);
    // Record stage: a source with an impossible date.
    append(
        &pkg.join("sources.csv"),
        "src-bad,A bad source,Example,,2024-13-45,en,,fafae811af89d713b8b449b705e1cc1b1cc3bc8593281f797f7858096872cb29,3,\n",
    );
    // Package stage through a failed row: it cites the bad source (valid on its own).
    // Package stage across files: it cites a source no file has.
    // File stage, one row: too few cells. A valid row with a quoted comma and CRLF stays.
    append(
        &pkg.join("officials.csv"),
        "off-cites-bad,Cites Bad,Cites Bad,,,,src-bad,1,stated,\r\n\
         off-nowhere,No Where,No Where,,,,src-nowhere,1,stated,\r\n\
         off-ragged,Ragged,Ragged\r\n\
         off-quoted,\"Quoted, Person\",Quoted Person,,,,src-azernews-2024-09-24,2,stated,\r\n\
         off-cites-bad-too,Cites Bad Too,Cites Bad Too,,,,src-bad,1,stated,\r\n",
    );
    // Two steps from the failed source: a position of the official citing it.
    append(
        &pkg.join("positions.csv"),
        "pos-cites-bad,off-cites-bad,org-az-mod,Adviser,advisor,false,2024-09-24,,,,,,,,,src-azernews-2024-09-24,1,stated,\n",
    );
    // A JSON Lines line of the wrong type.
    append(
        &pkg.join("agreement_signings.jsonl"),
        "{\"id\": \"sig-bad\", \"agreement_id\": \"agr-adex-2024-contracts\", \"meeting_id\": \"mtg-hasanov-guler\", \"source_id\": \"src-azernews-2024-09-24\", \"paragraph\": \"seven\", \"basis\": \"stated\"}\n",
    );
    // File stage, whole file: a header with an unknown column.
    let topics = pkg.join("meeting_topics.csv");
    let text = std::fs::read_to_string(&topics).unwrap();
    std::fs::write(&topics, text.replacen("domain,", "domian,", 1)).unwrap();
    pkg
}

#[test]
fn a_package_with_errors_of_each_stage_splits_into_a_valid_package_and_its_failed_rows() {
    let dir = temp("stages");
    let pkg = damaged_package(&dir);
    let out = dir.join("out");
    let (code, _, stderr) = defcoop(&[
        "validate",
        pkg.to_str().unwrap(),
        "--split-into",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("split written to"), "{stderr}");

    // The valid part is a valid package, as a user would check it.
    let (code, report, _) = defcoop(&[
        "validate",
        out.join("valid").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "the valid part is not valid:\n{report}");

    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    // Every row is in exactly one part, byte for byte, in order, under the same header.
    for file in [
        "sources.csv",
        "officials.csv",
        "positions.csv",
        "agreement_signings.jsonl",
    ] {
        let input = std::fs::read_to_string(pkg.join(file)).unwrap();
        let valid = read(&format!("valid/{file}"));
        let invalid = std::fs::read_to_string(out.join("invalid").join(file)).unwrap_or_default();
        let is_csv = file.ends_with(".csv");
        let rows = |t: &str| {
            if is_csv {
                rows_after_header(t)
            } else {
                t.split_inclusive('\n').map(str::to_owned).collect()
            }
        };
        if is_csv {
            let header = input.split_inclusive('\n').next().unwrap();
            assert!(valid.starts_with(header), "{file}");
            assert!(invalid.is_empty() || invalid.starts_with(header), "{file}");
        }
        let mut both = rows(&valid);
        both.extend(rows(&invalid));
        let mut all = rows(&input);
        both.sort();
        all.sort();
        assert_eq!(both, all, "{file}: the parts do not hold the input's rows");
    }
    assert!(read("invalid/sources.csv").contains("src-bad,"));
    let officials = read("invalid/officials.csv");
    for id in [
        "off-cites-bad",
        "off-nowhere",
        "off-ragged",
        "off-cites-bad-too",
    ] {
        assert!(
            officials.contains(&format!("{id},")),
            "{id} not failed: {officials}"
        );
    }
    assert!(officials.contains("\r\n"), "line endings kept");
    assert!(read("valid/officials.csv").contains(
        "off-quoted,\"Quoted, Person\",Quoted Person,,,,src-azernews-2024-09-24,2,stated,\r\n"
    ));
    assert!(read("invalid/positions.csv").contains("pos-cites-bad,"));
    assert!(read("invalid/agreement_signings.jsonl").contains("sig-bad"));
    // The file whose header failed is whole in invalid/; valid/ has its table's header only.
    assert_eq!(
        read("invalid/meeting_topics.csv"),
        std::fs::read_to_string(pkg.join("meeting_topics.csv")).unwrap()
    );
    assert_eq!(read("valid/meeting_topics.csv").lines().count(), 1);
    assert_eq!(
        read("valid/datapackage.json"),
        std::fs::read_to_string(pkg.join("datapackage.json")).unwrap()
    );
    // Untouched files are copied whole.
    assert_eq!(
        read("valid/agreements.json"),
        std::fs::read_to_string(pkg.join("agreements.json")).unwrap()
    );
    assert!(!out.join("invalid/agreements.json").exists());

    // findings.csv: each finding keyed to its row in the output.
    let findings = read("findings.csv");
    let mut reader = csv_rows(&findings);
    let header = reader.remove(0);
    assert_eq!(
        header,
        [
            "file",
            "line",
            "column",
            "field",
            "code",
            "severity",
            "message",
            "hint",
            "input_file",
            "input_line"
        ]
    );
    let find = |code: &str, file: &str| {
        reader
            .iter()
            .filter(|r| r[4] == code && r[0] == file)
            .cloned()
            .collect::<Vec<_>>()
    };
    let moved = find("key.unresolved", "invalid/officials.csv");
    assert!(
        moved
            .iter()
            .any(|r| r[6].contains("src-bad") && r[6].contains("in the valid part")),
        "{findings}"
    );
    assert!(
        moved
            .iter()
            .any(|r| r[6].contains("src-nowhere") && !r[6].contains("in the valid part")),
        "{findings}"
    );
    assert!(
        !find("key.unresolved", "invalid/positions.csv").is_empty(),
        "{findings}"
    );
    assert!(
        !find("csv.ragged-row", "invalid/officials.csv").is_empty(),
        "{findings}"
    );
    assert!(
        !find("csv.header-unknown", "invalid/meeting_topics.csv").is_empty(),
        "{findings}"
    );
    // Each keyed line of a failed file holds the row the finding names.
    for row in &reader {
        if !row[0].starts_with("invalid/") || row[1].is_empty() {
            continue;
        }
        let text = read(&row[0]);
        let line: usize = row[1].parse().unwrap();
        let at = text
            .lines()
            .nth(line - 1)
            .unwrap_or_else(|| panic!("no line {line} in {}", row[0]));
        let input = std::fs::read_to_string(pkg.join(row[8].rsplit('/').next().unwrap())).unwrap();
        let input_line: usize = row[9].parse().unwrap();
        assert_eq!(at, input.lines().nth(input_line - 1).unwrap(), "{row:?}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    // A small RFC 4180 reader for the test: quoted cells, doubled quotes.
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\r') => {}
            (false, c) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

#[test]
fn a_failed_json_document_takes_the_rows_that_refer_to_it() {
    let dir = temp("json");
    let pkg = dir.join("pkg");
    copy_dir(Path::new(FIXTURE), &pkg);
    let agreements = pkg.join("agreements.json");
    let text = std::fs::read_to_string(&agreements).unwrap();
    std::fs::write(
        &agreements,
        text.replacen("\"contract\"", "\"handshake\"", 1),
    )
    .unwrap();
    let out = dir.join("out");
    let (code, _, stderr) = defcoop(&[
        "validate",
        pkg.to_str().unwrap(),
        "--split-into",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(out.join("invalid/agreements.json")).unwrap(),
        text.replacen("\"contract\"", "\"handshake\"", 1)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("valid/agreements.json")).unwrap(),
        "[]\n"
    );
    // The signings and parties of the failed agreement failed with it.
    for file in ["agreement_signings.jsonl", "agreement_parties.csv"] {
        assert!(out.join("invalid").join(file).exists(), "{file}: {stderr}");
    }
    let (code, report, _) = defcoop(&["validate", out.join("valid").to_str().unwrap()]);
    assert_eq!(code, 0, "{report}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn loose_files_split_by_name_and_the_valid_ones_validate_together() {
    let dir = temp("loose");
    let out = dir.join("out");
    let (code, stdout, stderr) = defcoop(&[
        "validate",
        "tests/fixtures/cli/broken/sources.csv",
        "tests/fixtures/cli/broken/officials.csv",
        "--split-into",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(stdout.contains("3 errors"), "{stdout}");
    assert!(
        stderr.contains("officials.csv: 1 valid, 2 failed"),
        "{stderr}"
    );
    let input = std::fs::read_to_string("tests/fixtures/cli/broken/officials.csv").unwrap();
    let lines: Vec<&str> = input.split_inclusive('\n').collect();
    assert_eq!(
        std::fs::read_to_string(out.join("valid/officials.csv")).unwrap(),
        format!("{}{}", lines[0], lines[1])
    );
    assert_eq!(
        std::fs::read_to_string(out.join("invalid/officials.csv")).unwrap(),
        format!("{}{}{}", lines[0], lines[2], lines[3])
    );
    assert_eq!(
        std::fs::read_to_string(out.join("findings.csv")).unwrap(),
        "file,line,column,field,code,severity,message,hint,input_file,input_line\n\
         invalid/officials.csv,2,45,nationality,schema.enum,error,`QQ` is not one of the values of `nationality`,,tests/fixtures/cli/broken/officials.csv,3\n\
         invalid/officials.csv,2,55,source_id,key.unresolved,error,`src-missing-news` names no row of sources; add the row or correct the id,,tests/fixtures/cli/broken/officials.csv,3\n\
         invalid/officials.csv,3,17,name,text.whitespace,error,`name` starts with a space; remove it,,tests/fixtures/cli/broken/officials.csv,4\n"
    );
    let (code, report, _) = defcoop(&[
        "validate",
        out.join("valid/sources.csv").to_str().unwrap(),
        out.join("valid/officials.csv").to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{report}");
    // --hide-values keeps the values out of findings.csv (the rows themselves are the data).
    let hidden = dir.join("hidden");
    let (code, _, stderr) = defcoop(&[
        "validate",
        "tests/fixtures/cli/broken/sources.csv",
        "tests/fixtures/cli/broken/officials.csv",
        "--hide-values",
        "--split-into",
        hidden.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{stderr}");
    let findings = std::fs::read_to_string(hidden.join("findings.csv")).unwrap();
    assert_eq!(findings.lines().count(), 4, "{findings}");
    for value in ["QQ", "src-missing-news", "Secretperson"] {
        assert!(!findings.contains(value), "`{value}` leaked: {findings}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_output_folder_is_new_never_the_inputs_and_written_whole() {
    let dir = temp("refuse");
    let pkg = dir.join("pkg");
    copy_dir(Path::new(FIXTURE), &pkg);
    let pkg_s = pkg.to_str().unwrap();
    // Into the package folder, or a folder inside it, or a folder holding it: refused.
    for into in [pkg.clone(), pkg.join("split"), dir.clone()] {
        let (code, _, stderr) =
            defcoop(&["validate", pkg_s, "--split-into", into.to_str().unwrap()]);
        assert_eq!(code, 2, "{}: {stderr}", into.display());
        assert!(stderr.contains("--split-into"), "{stderr}");
    }
    assert!(!pkg.join("split").exists());
    // Beside a loose file, into its own folder: refused.
    let (code, _, stderr) = defcoop(&[
        "validate",
        "tests/fixtures/cli/broken/officials.csv",
        "--split-into",
        "tests/fixtures/cli/broken",
    ]);
    assert_eq!(code, 2, "{stderr}");
    // An existing folder that is not empty: refused and untouched, unless --force.
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("keep.txt"), "mine").unwrap();
    let (code, _, stderr) = defcoop(&["validate", pkg_s, "--split-into", out.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("not empty") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("keep.txt")).unwrap(),
        "mine"
    );
    let (code, _, stderr) = defcoop(&[
        "validate",
        pkg_s,
        "--split-into",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!out.join("keep.txt").exists());
    assert!(out.join("valid/officials.csv").exists());
    assert!(
        !out.join("invalid").exists(),
        "a valid package has no failed rows"
    );
    // No temporary folder is left beside it.
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Standard input cannot be split.
    let (code, _, stderr) = defcoop(&["validate", "--split-into", dir.join("x").to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    // --force alone is a usage error.
    let (code, _, _) = defcoop(&["validate", pkg_s, "--force"]);
    assert_eq!(code, 2);
    std::fs::remove_dir_all(&dir).unwrap();
}
