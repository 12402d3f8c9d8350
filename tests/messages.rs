//! Messages that name the cause (issue 13, item 7), on files exported as a spreadsheet user
//! would (the fixtures under `messages/` are written by Python's csv module, see its
//! `make.py`): another separator than commas, an empty row, whole numbers written `1.0`,
//! countries written as names or alpha-3 codes, a refused id and the references to it, the
//! order of the JSON report, joiners inside words.

mod validate_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use defcoop::validate::{Input, Options, validate};
use validate_support::*;

/// The bundled package copied to a fresh folder, for a test to damage.
fn package_copy(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("messages-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir("data").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_owned();
        if name != "defcoop.json" && name != "README.md" {
            std::fs::copy(&path, dir.join(name)).unwrap();
        }
    }
    dir
}

fn codes(dir: &Path) -> Vec<String> {
    let report = validate(
        &[Input::Path(dir.join("datapackage.json"))],
        &Options::default(),
    )
    .unwrap();
    report
        .findings
        .iter()
        .map(|f| {
            let file = f.file.as_deref().unwrap_or("-");
            let file = Path::new(file).file_name().unwrap().to_string_lossy();
            format!("{}@{}:{}", f.code, file, f.line.unwrap_or(0))
        })
        .collect()
}

#[test]
fn a_semicolon_or_tab_export_is_one_finding_that_names_its_separator() {
    for (dir, name) in [("semicolon", "semicolons (`;`)"), ("tab", "tabs (`\\t`)")] {
        let rel = format!("messages/{dir}/officials.csv");
        let report = run(&[&rel]);
        assert_eq!(
            summary(&report),
            [format!("csv.delimiter@{rel}:1:1:-")],
            "{dir}"
        );
        assert!(report.findings[0].message.contains(name), "{dir}");
    }
}

#[test]
fn a_package_with_a_semicolon_table_gets_no_unresolved_keys_into_it() {
    let dir = package_copy("semicolon");
    std::fs::copy(
        fixture("messages/semicolon/officials.csv"),
        dir.join("officials.csv"),
    )
    .unwrap();
    // Before: 7 header errors, a syntax or ragged error on every row, then a key.unresolved
    // for every reference to an official. Now one finding; references into officials are not
    // checked, as when the table is not given.
    assert_eq!(codes(&dir), ["csv.delimiter@officials.csv:1"]);
}

#[test]
fn an_empty_row_is_one_finding_and_blank_lines_are_skipped() {
    let report = run(&["messages/empty-row/officials.csv"]);
    assert_eq!(
        summary(&report),
        ["csv.empty-row@messages/empty-row/officials.csv:3:1:-"]
    );
    // The empty row counts as a record; the line with nothing on it does not.
    assert_eq!(report.files[0].records, 3);
    // The same in JSON Lines: a line with nothing on it is skipped.
    let report = run(&["messages/empty-row/officials.jsonl"]);
    assert!(report.findings.is_empty(), "{:?}", summary(&report));
    assert_eq!(report.files[0].records, 2);
    // With any line end, on the quick path (no quote in the file) and the positioned reader.
    let header = "id,name,name_as_reported,honorific,nationality,nationality_basis,source_id,paragraph,basis,note";
    let row = "off-a,A,A,,AZ,stated,src-a,1,stated,";
    for end in ["\n", "\r\n"] {
        for note in ["", "\"quoted\""] {
            let other = row.replace("off-a", "off-b");
            let text = format!("{header}{end}{row}{note}{end}{end},,,,,,,,,{end}{other}{end}");
            assert_eq!(
                bytes_summary("officials.csv", text.as_bytes()),
                ["csv.empty-row@officials.csv:4:1:-"],
                "{end:?} {note}"
            );
        }
    }
    // A row of empty cells that does not match the header's count is still an empty row.
    let text = format!("{header}\n{row}\n,,,\n");
    assert_eq!(
        bytes_summary("officials.csv", text.as_bytes()),
        ["csv.empty-row@officials.csv:3:1:-"]
    );
}

#[test]
fn whole_numbers_with_a_fraction_are_schema_type_in_csv_and_whole_in_json() {
    let report = run(&["messages/numbers/officials.csv"]);
    assert_eq!(
        summary(&report),
        [
            "schema.type@messages/numbers/officials.csv:2:104:paragraph",
            "schema.type@messages/numbers/officials.csv:3:100:paragraph",
            "schema.type@messages/numbers/officials.csv:4:104:paragraph",
        ]
    );
    assert!(
        report.findings[0]
            .message
            .contains("should be a whole number, not `1.0`")
    );
    assert!(
        report.findings[1]
            .message
            .contains("should be a whole number, not `1e0`")
    );
    // JSON and JSON Lines: `1.0` and `1e0` are whole numbers, as the JSON Schema says.
    for rel in [
        "messages/numbers/officials.json",
        "messages/numbers/officials.jsonl",
    ] {
        let report = run(&[rel]);
        assert!(report.findings.is_empty(), "{rel}: {:?}", summary(&report));
        assert_eq!(report.files[0].records, 3);
    }
}

#[test]
fn a_country_written_otherwise_gets_its_alpha2_code_and_nothing_unrelated() {
    let report = run(&["messages/country/officials.csv"]);
    let hints: Vec<(String, Option<String>)> = report
        .findings
        .iter()
        .map(|f| (f.value.clone().unwrap_or_default(), f.hint.clone()))
        .collect();
    let code = |c: &str| Some(format!("write the ISO 3166-1 alpha-2 code `{c}`"));
    assert_eq!(
        hints,
        [
            ("Azerbaijan".to_owned(), code("AZ")),
            ("az".to_owned(), code("AZ")),
            ("AZE".to_owned(), code("AZ")),
            ("Türkiye".to_owned(), code("TR")),
            ("TUR".to_owned(), code("TR")),
            // No country: no close spelling (`AX`) either.
            ("XX".to_owned(), None),
        ]
    );
    assert!(report.findings.iter().all(|f| f.code == "schema.enum"));
    // The hint is a value of the data's own: hidden with the values.
    let hidden = validate(
        &[Input::Path(fixture("messages/country/officials.csv"))],
        &Options::default().hide_values(true),
    )
    .unwrap();
    assert!(
        hidden
            .findings
            .iter()
            .filter_map(|f| f.hint.as_deref())
            .all(|h| !h.contains("AZ") && !h.contains("TR"))
    );
}

/// The bundled package with Zakir Hasanov's id written with capitals (refused by its pattern),
/// while positions, delegations and members still name `off-zakir-hasanov`.
fn refused_id_package(name: &str) -> PathBuf {
    let dir = package_copy(name);
    let path = dir.join("officials.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("\noff-zakir-hasanov,", "\noff-Zakir-Hasanov,", 1),
    )
    .unwrap();
    dir
}

#[test]
fn a_refused_id_comes_first_and_is_never_suggested() {
    let dir = refused_id_package("refused-id");
    let report = validate(
        &[Input::Path(dir.join("datapackage.json"))],
        &Options::default(),
    )
    .unwrap();
    let first = &report.findings[0];
    assert_eq!(
        (first.code, first.value.as_deref()),
        ("schema.pattern", Some("off-Zakir-Hasanov"))
    );
    let unresolved: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code == "key.unresolved")
        .collect();
    // Five references by `official_id` and one name variant's `(record_table, record_id)`.
    assert_eq!(unresolved.len(), 6);
    // No "did you mean" the refused id: the hint points at the root cause, naming no value.
    // (The `(record_table, record_id)` reference of schema v2 gets no hint yet: it must at
    // least not suggest the refused id.)
    for f in unresolved {
        let hint = f.hint.as_deref().unwrap_or_default();
        if f.field.as_deref() != Some("record_id") {
            assert!(
                hint.starts_with("a row of officials has a close id that its pattern refuses"),
                "{f:?}"
            );
        }
        assert!(!hint.contains("off-"), "{f:?}");
    }
    // A reference close to no id at all gets no hint.
    let positions = dir.join("positions.csv");
    let text = std::fs::read_to_string(&positions).unwrap();
    std::fs::write(
        &positions,
        text.replacen(",off-zakir-hasanov,", ",off-nobody-at-all,", 1),
    )
    .unwrap();
    let report = validate(
        &[Input::Path(dir.join("datapackage.json"))],
        &Options::default(),
    )
    .unwrap();
    let nobody = report
        .findings
        .iter()
        .find(|f| f.value.as_deref() == Some("off-nobody-at-all"))
        .unwrap();
    assert_eq!(nobody.hint, None);
}

/// `(file, line, column)` of each finding of a human report, from its `-->` lines.
fn human_places(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix("--> "))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_json_report_lists_findings_in_the_human_order() {
    let dir = refused_id_package("json-order");
    // A second file with findings, read before officials (sources) and one after (meetings).
    let sources = dir.join("sources.csv");
    let text = std::fs::read_to_string(&sources).unwrap();
    std::fs::write(&sources, text.replacen(",en,", ",English,", 1)).unwrap();
    let meetings = dir.join("meetings.csv");
    let text = std::fs::read_to_string(&meetings).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[1] = lines[1].replacen("mtg-", "mtg-X", 1);
    std::fs::write(&meetings, lines.join("\n") + "\n").unwrap();
    let run = |format: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_defcoop"))
            .args(["validate", "--color", "never", "--format", format])
            .arg(dir.join("datapackage.json"))
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let human = human_places(&run("human"));
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let from_json: Vec<String> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{}",
                f["file"].as_str().unwrap(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap()
            )
        })
        .collect();
    assert!(human.len() >= 8, "{human:?}");
    assert_eq!(from_json, human);
    // Several files, the first read (sources) first, and the refused id before its references.
    let files: Vec<&str> = from_json
        .iter()
        .map(|p| p.rsplitn(3, ':').nth(2).unwrap())
        .collect();
    assert!(files[0].ends_with("sources.csv"), "{files:?}");
    let officials = files.iter().position(|f| f.ends_with("officials.csv"));
    let positions = files.iter().position(|f| f.ends_with("positions.csv"));
    assert!(officials < positions, "{files:?}");
    assert!(
        files.iter().any(|f| f.ends_with("meetings.csv")),
        "{files:?}"
    );
}

#[test]
fn joiners_inside_words_of_joining_scripts_are_not_stray() {
    // Persian (ZWNJ), Devanagari (ZWJ) and an emoji sequence pass; a ZWNJ between Latin
    // letters is still reported.
    assert_eq!(
        summarize(&["messages/joiners/officials.csv"]),
        ["text.invisible@messages/joiners/officials.csv:5:11:name"]
    );
}

#[test]
fn a_refused_id_comes_before_an_earlier_line_of_its_own_file_that_names_it() {
    // `messages/self-reference/`: the meeting on line 2 follows `mtg-talks-first-day`, whose
    // row (line 5) writes its id `mtg-talks-First-day`, refused by the pattern. Line 3 follows
    // a meeting that no id is close to, line 4 has a bad `kind`: they keep their places. (In
    // JSON Lines, line 1 is a meeting with no finding, so the lines are those of the CSV.)
    let cases = [
        (
            "messages/self-reference/meetings.csv",
            ["5:1:id", "2:47:follows_id", "3:46:follows_id", "4:37:kind"],
        ),
        (
            "messages/self-reference/meetings.jsonl",
            [
                "5:8:/id",
                "2:89:/follows_id",
                "3:88:/follows_id",
                "4:62:/kind",
            ],
        ),
    ];
    let codes = [
        "schema.pattern",
        "key.unresolved",
        "key.unresolved",
        "schema.enum",
    ];
    for (rel, places) in cases {
        let expected: Vec<String> = codes
            .iter()
            .zip(places)
            .map(|(code, place)| format!("{code}@{rel}:{place}"))
            .collect();
        assert_eq!(summarize(&[rel]), expected, "{rel}");
        // The reference explained by the refused id says so; the other gets no hint.
        let report = run(&[rel]);
        let hint = |i: usize| report.findings[i].hint.clone().unwrap_or_default();
        assert!(hint(1).starts_with("a row of meetings has a close id that its pattern refuses"));
        assert_eq!(hint(2), "");
        // The human and the JSON report list them in this order, values hidden or not.
        for hide in [false, true] {
            let run = |format: &str| {
                let mut cmd = Command::new(env!("CARGO_BIN_EXE_defcoop"));
                cmd.args(["validate", "--color", "never", "--format", format]);
                if hide {
                    cmd.arg("--hide-values");
                }
                let out = cmd.arg(fixture(rel)).output().unwrap();
                String::from_utf8(out.stdout).unwrap()
            };
            let human: Vec<String> = human_places(&run("human"))
                .iter()
                .map(|p| p.rsplitn(3, ':').take(2).collect::<Vec<_>>().join(":"))
                .collect();
            let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
            let from_json: Vec<String> = json["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| format!("{}:{}", f["column"], f["line"]))
                .collect();
            let lines: Vec<String> = places
                .iter()
                .map(|p| {
                    let mut parts = p.split(':');
                    let (line, column) = (parts.next().unwrap(), parts.next().unwrap());
                    format!("{column}:{line}")
                })
                .collect();
            assert_eq!(human, lines, "{rel}, hidden: {hide}");
            assert_eq!(from_json, lines, "{rel}, hidden: {hide}");
        }
    }
}
