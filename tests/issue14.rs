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
/// The sources header of schema v1: rows below are built in its column order (v2 added optional
/// columns, which a file may leave out).
const V1_SOURCES_HEADER: &str =
    "id,title,publisher,syndicator,published,language,url,sha256,paragraphs,note";

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
        "{}\npos-nobody-x,off-nobody,org-nowhere,Minister,minister,false,2024-09-24,,,,,,,,,src-nothing,1,,stated,\n",
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
        "{}\ndm-extra,del-expanded-az,off-haluk-gorgun,head,src-azernews-2024-09-24-hasanov-guler-adex,1,,inferred,\n",
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

// Item 9: promises the README makes.

fn cli() -> assert_cmd::Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("defcoop");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("defcoop-issue14-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn item9_no_stack_overflow_at_any_allowed_depth() {
    // The library takes any depth and holds it at the cap, on a thread with a small stack.
    let deep_array = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let deep_line = format!("{{\"id\": {}{}}}\n", "[".repeat(80_000), "]".repeat(80_000));
    let deep_dataset = format!(
        "{{\"officials\": [{{\"id\": {}{}}}]}}",
        "{\"a\":".repeat(50_000),
        "}".repeat(50_000)
    );
    let at_cap = format!(
        "[{}{}]",
        "[".repeat(defcoop::validate::Limits::DEPTH_CAP - 1),
        "]".repeat(defcoop::validate::Limits::DEPTH_CAP - 1)
    );
    let cases = [
        ("officials.json", deep_array),
        ("officials.jsonl", deep_line),
        ("dataset.json", deep_dataset),
        ("officials.json", at_cap),
    ];
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            for (name, text) in cases {
                let mut options = Options::default();
                options.limits.max_depth = usize::MAX;
                let report =
                    defcoop::validate::validate_bytes(name, text.as_bytes(), None, &options)
                        .unwrap();
                assert!(!report.valid, "{name}");
            }
        })
        .unwrap()
        .join()
        .expect("no overflow");
    // The CLI refuses a depth past the cap, naming it, and holds at the cap.
    let dir = temp_dir("depth");
    let line = dir.join("officials.jsonl");
    std::fs::write(
        &line,
        format!("{{\"id\": {}{}}}\n", "[".repeat(80_000), "]".repeat(80_000)),
    )
    .unwrap();
    let out = cli()
        .args(["validate", "--max-depth", "100000"])
        .arg(&line)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("1024"));
    let out = cli()
        .args(["validate", "--format", "json", "--max-depth", "1024"])
        .arg(&line)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("limit.depth"));
}

#[test]
fn item9_every_message_on_every_stream_is_sanitised() {
    let dir = temp_dir("escape");
    std::fs::write(
        dir.join("datapackage.json"),
        r#"{"name": "x", "resources": [{"name": "officials", "path": "\u001b]0;pwned\u0007\u001b[31mofficials.csv", "format": "csv"}]}"#,
    )
    .unwrap();
    let out = cli().arg("validate").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("officials.csv"), "{stderr}");
    assert!(
        !out.stderr.iter().any(|b| *b == 0x1b || *b == 0x07),
        "{stderr:?}"
    );
}

#[test]
fn item9_max_cell_bytes_has_one_meaning_for_csv_and_json() {
    let value = "12345678901234567890"; // 20 bytes
    let csv = |name: &str| {
        format!(
            "id,name,name_as_reported,source_id,paragraph,basis\noff-a,{name},\"{name}\",src-a,1,stated\n"
        )
    };
    let json = |name: &str| {
        format!(
            r#"[{{"id": "off-a", "name": "{name}", "name_as_reported": "{name}", "source_id": "src-a", "paragraph": 1, "basis": "stated"}}]"#
        )
    };
    let run_limit = |file: &str, text: &str, limit: usize| {
        let mut options = Options::default();
        options.limits.max_cell_bytes = limit;
        let report =
            defcoop::validate::validate_bytes(file, text.as_bytes(), None, &options).unwrap();
        count(&report, "limit.cell-size")
    };
    for limit in [20, 19] {
        let csv_hits = run_limit("officials.csv", &csv(value), limit);
        let json_hits = run_limit("officials.json", &json(value), limit);
        let want = usize::from(limit < 20);
        // Every over-long CSV cell is reported (two), a JSON file stops at its first.
        assert_eq!((csv_hits.min(1), json_hits), (want, want), "limit {limit}");
        assert_eq!(csv_hits, 2 * want, "limit {limit}");
    }
}

#[test]
fn item9_max_findings_lists_at_most_n() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/validate/records");
    let all = validate(
        &[Input::Path(dir.join("officials.csv"))],
        &Options::default(),
    )
    .unwrap();
    assert!(all.findings.len() > 3);
    for n in [0, 1, 2, 3] {
        let options = Options::default().max_findings(n);
        let report = validate(&[Input::Path(dir.join("officials.csv"))], &options).unwrap();
        assert_eq!(report.findings.len(), n, "--max-findings {n}");
        // The counts are the data's, the notice not among them.
        assert_eq!((report.errors, report.warnings), (all.errors, all.warnings));
        if n > 0 {
            assert_eq!(report.findings[n - 1].code, "limit.findings");
            assert_eq!(report.findings[..n - 1], all.findings[..n - 1]);
        }
    }
}

#[test]
fn item9_colour_code_and_readme_agree() {
    // An explicit flag wins over NO_COLOR (the README says so), and `--color never` holds for
    // argument errors too, even where colour is forced.
    let broken = "tests/fixtures/cli/broken/officials.csv";
    let out = cli()
        .env("NO_COLOR", "1")
        .args(["validate", "--color", "always", broken])
        .output()
        .unwrap();
    assert!(out.stdout.contains(&0x1b), "--color always colours");
    let out = cli()
        .args(["validate", broken])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!out.stdout.contains(&0x1b));
    let out = cli()
        .env("CLICOLOR_FORCE", "1")
        .args(["validate", "--color", "never", "--no-such-flag"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!out.stderr.is_empty());
    assert!(
        !out.stderr.contains(&0x1b),
        "{:?}",
        String::from_utf8_lossy(&out.stderr)
    );
    let readme =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    assert!(readme.contains("`--color always` and `--color never` win over both"));
}

// Item 2: contradictions the data model forbids, each on CSV and on JSON.

/// The bundled package with `edits` (table, text to find, its replacement) applied, as CSV
/// files (with the descriptor) in a folder, and as one dataset JSON file made from those CSV
/// files: the two forms of the same data.
fn edited_package(name: &str, edits: &[(&str, &str, &str)]) -> (PathBuf, PathBuf) {
    let dir = temp_dir(name);
    let csv_dir = dir.join("csv");
    std::fs::create_dir_all(&csv_dir).unwrap();
    let mut dataset = serde_json::Map::new();
    for entry in std::fs::read_dir(data("")).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        if !(file.ends_with(".csv") || file == "datapackage.json") {
            continue;
        }
        let mut text = std::fs::read_to_string(&path).unwrap();
        let table = file.trim_end_matches(".csv");
        for (t, from, to) in edits {
            if *t == table {
                assert!(text.contains(from), "{table}: {from}");
                text = text.replacen(from, to, 1);
            }
        }
        std::fs::write(csv_dir.join(&file), &text).unwrap();
        if !file.ends_with(".csv") {
            continue;
        }
        let mut reader = defcoop::input::csv_records::Reader::new(&text, usize::MAX, usize::MAX);
        let mut problems = Vec::new();
        let header: Vec<String> = reader
            .next_record(&mut problems)
            .unwrap()
            .cells
            .iter()
            .map(|c| c.value.to_string())
            .collect();
        let mut rows = Vec::new();
        while let Some(record) = reader.next_record(&mut problems) {
            let mut row = serde_json::Map::new();
            for (name, cell) in header.iter().zip(&record.cells) {
                let value = cell.value.as_ref();
                if value.is_empty() {
                    continue;
                }
                let json = match name.as_str() {
                    "edition" | "count_min" | "count_max" | "paragraph" | "paragraphs" => {
                        serde_json::Value::from(value.parse::<u64>().unwrap())
                    }
                    "acting" => serde_json::Value::Bool(value == "true"),
                    _ => serde_json::Value::from(value),
                };
                row.insert(name.clone(), json);
            }
            rows.push(serde_json::Value::Object(row));
        }
        dataset.insert(table.to_owned(), serde_json::Value::Array(rows));
    }
    let json = dir.join("dataset.json");
    std::fs::write(&json, serde_json::to_string_pretty(&dataset).unwrap()).unwrap();
    (csv_dir, json)
}

/// The codes found in the CSV form and in the JSON form of the edited package: the same.
fn codes_in_both_forms(name: &str, edits: &[(&str, &str, &str)]) -> Vec<&'static str> {
    let (csv, json) = edited_package(name, edits);
    let of = |input: Input| {
        let mut codes: Vec<&'static str> = run(&[input]).findings.iter().map(|f| f.code).collect();
        codes.sort_unstable();
        codes
    };
    let from_csv = of(Input::Path(csv));
    let from_json = of(Input::Path(json));
    assert_eq!(from_csv, from_json, "{name}: CSV and JSON disagree");
    from_csv
}

#[test]
fn item2_contradictions_agreement_party_with_neither_country_nor_organization() {
    let codes = codes_in_both_forms(
        "party",
        &[(
            "agreement_parties",
            "pty-military-technical-contracts-az,agr-adex-2024-military-technical-contracts,AZ,",
            "pty-military-technical-contracts-az,agr-adex-2024-military-technical-contracts,,",
        )],
    );
    assert_eq!(codes, ["agreement.party-empty"]);
}

#[test]
fn item2_contradictions_agreement_signed_twice_at_one_meeting() {
    let codes = codes_in_both_forms(
        "signed-twice",
        &[(
            "agreement_signings",
            "sig-ssb-military-technical-contracts,agr-adex-2024-military-technical-contracts,mtg-adex-2024-ssb-delegation",
            "sig-ssb-military-technical-contracts,agr-adex-2024-military-technical-contracts,mtg-adex-2024-expanded",
        )],
    );
    assert_eq!(codes, ["agreement.signed-twice"]);
}

#[test]
fn item2_contradictions_group_delegation_of_another_meeting() {
    let codes = codes_in_both_forms(
        "group",
        &[(
            "participant_groups",
            "grp-expanded-other-officials,mtg-adex-2024-expanded,,",
            "grp-expanded-other-officials,mtg-adex-2024-expanded,del-ssb-az,",
        )],
    );
    assert_eq!(codes, ["delegation.other-meeting"]);
}

#[test]
fn item2_contradictions_one_official_heads_both_sides() {
    let codes = codes_in_both_forms(
        "both-sides",
        &[(
            "delegations",
            "del-expanded-tr,mtg-adex-2024-expanded,TR,org-tr-mod,off-yasar-guler",
            "del-expanded-tr,mtg-adex-2024-expanded,TR,org-tr-mod,off-zakir-hasanov",
        )],
    );
    // The delegation's head row in delegation_members no longer names its head, too.
    assert_eq!(codes, ["delegation.head", "delegation.head-both-sides"]);
}

#[test]
fn item2_contradictions_member_listed_twice() {
    let codes = codes_in_both_forms(
        "member-twice",
        &[(
            "delegation_members",
            "dm-expanded-az-agil-gurbanov,del-expanded-az,off-agil-gurbanov,member",
            "dm-expanded-az-agil-gurbanov,del-expanded-az,off-karim-valiyev,member",
        )],
    );
    assert_eq!(codes, ["delegation.member-twice"]);
}

#[test]
fn item2_contradictions_organization_parents() {
    let own = codes_in_both_forms(
        "own-parent",
        &[(
            "organizations",
            "org-az-air-force,Azerbaijan Air Force,Air Force,,service_branch,AZ,",
            "org-az-air-force,Azerbaijan Air Force,Air Force,,service_branch,AZ,org-az-air-force",
        )],
    );
    assert_eq!(own, ["organization.parent-cycle"]);
    let cycle = codes_in_both_forms(
        "parent-cycle",
        &[(
            "organizations",
            "org-az-mod,Ministry of Defense of the Republic of Azerbaijan,,,ministry,AZ,",
            "org-az-mod,Ministry of Defense of the Republic of Azerbaijan,,,ministry,AZ,org-az-general-staff",
        )],
    );
    assert_eq!(
        cycle,
        ["organization.parent-cycle", "organization.parent-cycle"]
    );
}

#[test]
fn item2_contradictions_meeting_follows() {
    let own = codes_in_both_forms(
        "follows-itself",
        &[(
            "meetings",
            "mtg-adex-2024-ssb-delegation,,exh-adex-2024,,,,delegation,mtg-adex-2024-expanded,",
            "mtg-adex-2024-ssb-delegation,,exh-adex-2024,,,,delegation,mtg-adex-2024-ssb-delegation,",
        )],
    );
    assert_eq!(own, ["meeting.follows-cycle"]);
    let cycle = codes_in_both_forms(
        "follows-cycle",
        &[(
            "meetings",
            "mtg-adex-2024-expanded,2024-09-24,exh-adex-2024,,,,expanded,,",
            "mtg-adex-2024-expanded,2024-09-24,exh-adex-2024,,,,expanded,mtg-adex-2024-ssb-delegation,",
        )],
    );
    assert_eq!(cycle, ["meeting.follows-cycle", "meeting.follows-cycle"]);
    let later = codes_in_both_forms(
        "follows-later",
        &[(
            "meetings",
            "mtg-adex-2024-ssb-delegation,,exh-adex-2024",
            "mtg-adex-2024-ssb-delegation,2024-09-23,exh-adex-2024",
        )],
    );
    assert_eq!(later, ["meeting.follows-later"]);
}

// Item 7: `--table` applies only to inputs whose table cannot be told.

#[test]
fn item7_table_option_only_for_inputs_whose_table_cannot_be_told() {
    let officials = read("officials.csv");
    let out = cli()
        .args(["validate", "--format", "json", "--table", "officials", "-"])
        .arg(data("sources.csv"))
        .write_stdin(officials)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["errors"], 0, "{report}");
    let tables: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["table"].as_str())
        .collect();
    assert_eq!(tables, ["sources", "officials"]);
    assert_eq!(out.status.code(), Some(0));
}

// Item 6: one rule for empty input, whatever the form.

#[test]
fn item6_empty_input_warns_in_every_form() {
    let csv_header_only = format!("{}\n", header("officials"));
    let cases = [
        ("officials.csv", csv_header_only.as_str(), "csv.header-only"),
        ("officials.json", "[]", "file.no-records"),
        ("dataset.json", "{}", "file.no-records"),
        (
            "dataset.json",
            "{\"officials\": [], \"sources\": []}",
            "file.no-records",
        ),
    ];
    for (name, text, code) in cases {
        let report = run(&[bytes(name, text)]);
        assert_eq!(codes(&report), [format!("{code}@{name}")], "{name}: {text}");
        assert_eq!((report.errors, report.warnings), (0, 1), "{name}: {text}");
        assert!(report.valid);
    }
}

// Item 5: text that is not what it looks like, on CSV, JSON and JSON Lines alike.

#[test]
fn item5_text_that_is_not_what_it_looks_like() {
    let sha = "a".repeat(64);
    let cases: &[(&str, &str, &str)] = &[
        ("title", "Line\u{2028}break", "text.whitespace"),
        ("title", "Para\u{2029}break", "text.whitespace"),
        ("title", "Next\u{0085}line", "text.whitespace"),
        ("title", "Two\u{a0}\u{a0}spaces", "text.whitespace"),
        ("title", "\u{3164}", "text.empty"),
        ("title", "\u{e0041}\u{e0042}", "text.empty"),
        ("title", "\u{200b}\u{200b}", "text.empty"),
        ("title", "Nul\u{0}inside", "text.control"),
        ("url", "javascript:alert(1)", "text.url"),
        ("url", "example.org/report", "text.url"),
        ("url", "https://", "text.url"),
    ];
    for (field, value, code) in cases {
        let mut record = serde_json::json!({
            "id": "src-a", "title": "Report", "publisher": "Press", "published": "2024-09-24",
            "language": "en", "sha256": sha, "paragraphs": 3
        });
        record[*field] = serde_json::Value::from(*value);
        let json = serde_json::to_string(&serde_json::Value::Array(vec![record.clone()])).unwrap();
        let jsonl = format!("{}\n", serde_json::to_string(&record).unwrap());
        // A raw NUL in CSV is also a file.nul-byte; the cell is named all the same.
        let csv_value = value.to_string();
        let mut row = vec![
            "src-a".to_owned(),
            "Report".into(),
            "Press".into(),
            String::new(),
            "2024-09-24".into(),
            "en".into(),
            String::new(),
            sha.clone(),
            "3".into(),
            String::new(),
        ];
        let at = if *field == "title" { 1 } else { 6 };
        row[at] = csv_value;
        let csv = format!("{V1_SOURCES_HEADER}\n{}\n", row.join(","));
        for (name, text) in [
            ("sources.json", json),
            ("sources.jsonl", jsonl),
            ("sources.csv", csv),
        ] {
            let report = run(&[bytes(name, &text)]);
            let found: Vec<&str> = report
                .findings
                .iter()
                .map(|f| f.code)
                .filter(|c| *c != "file.nul-byte")
                .collect();
            assert_eq!(found, [*code], "{name}: {field} = {value:?}");
        }
    }
    // A good URL passes.
    let good = format!(
        "{V1_SOURCES_HEADER}\nsrc-a,Report,Press,,2024-09-24,en,https://example.org/a?b=c#d,{sha},3,\n"
    );
    assert!(run(&[bytes("sources.csv", &good)]).findings.is_empty());
}

// Item 3: rank checks that cannot be dodged, on CSV and JSON.

#[test]
fn item3_rank_checks_that_cannot_be_dodged() {
    let cases: &[(&str, &str, &str, &str, &[&str])] = &[
        (
            "General-Leytenant",
            "AZ",
            "joint",
            "OF-3",
            &["rank.nato-mismatch"],
        ),
        (
            "general leytenant",
            "AZ",
            "joint",
            "OF-3",
            &["rank.nato-mismatch"],
        ),
        ("General-Leytenant", "AZ", "joint", "OF-7", &[]),
        ("Oramiral", "TR", "army", "OF-9", &["rank.service-mismatch"]),
        (
            "Generalissimo",
            "TR",
            "army",
            "OF-9",
            &["rank.unknown-term"],
        ),
        ("generał", "PL", "army", "OF-9", &[]),
    ];
    for (native, country, service, nato, want) in cases {
        let edits = [(
            "positions",
            "general-polkovnik,AZ,joint,OF-8",
            &*format!("{native},{country},{service},{nato}"),
        )];
        let (csv, json) = edited_package(&format!("rank-{}", native.len()), &edits);
        for input in [Input::Path(csv), Input::Path(json)] {
            let report = run(std::slice::from_ref(&input));
            let found: Vec<&str> = report.findings.iter().map(|f| f.code).collect();
            assert_eq!(
                found, *want,
                "{native} {country} {service} {nato} {input:?}"
            );
        }
    }
}

// Item 4: impossible dates, on CSV and JSON.

#[test]
fn item4_impossible_dates() {
    let position = (
        "positions",
        "minister,false,2024-09-24,,,",
        "minister,false,2024-09-24,,2024-01-01,",
    );
    assert_eq!(
        codes_in_both_forms("end-before-as-of", &[position]),
        ["date.order"]
    );
    // After its source's publication: a warning, the data still valid.
    let meeting = (
        "meetings",
        "mtg-adex-2024-expanded,2024-09-24,",
        "mtg-adex-2024-expanded,2024-10-01,",
    );
    assert_eq!(
        codes_in_both_forms("after-source", &[meeting]),
        ["date.after-source"]
    );
    let (csv, _) = edited_package("after-source-valid", &[meeting]);
    let report = run(&[Input::Path(csv)]);
    assert!(report.valid && report.warnings == 1, "{report:?}");
    let year_zero = (
        "exhibitions",
        ",Baku Center,,,",
        ",Baku Center,0000-09-24,,",
    );
    assert_eq!(
        codes_in_both_forms("year-zero", &[year_zero]),
        ["schema.format"]
    );
}

// Issue 13's items, done here: a package leaving out a table its tables refer to.

#[test]
fn issue13_package_without_a_referenced_table_is_refused() {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/validate/missing-table");
    let report = run(&[Input::Path(dir)]);
    let missing: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.code == "file.missing-table")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(missing.len(), 3, "{missing:?}");
    assert!(
        missing[0].contains("no resource for sources, which positions refer to"),
        "{missing:?}"
    );
    assert!(missing.iter().any(|m| m.contains("for officials")));
    assert!(missing.iter().any(|m| m.contains("for organizations")));
    assert!(!report.valid);
}
