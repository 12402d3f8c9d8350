//! `--format sarif`: the log validates against the SARIF 2.1.0 schema (vendored in
//! tests/fixtures/sarif), carries the rules catalogue, one result per finding with a region
//! that marks the value, fingerprints that survive moved lines, and says when it was cut.

use std::path::Path;

use assert_cmd::Command;
use defcoop::report::{RenderOptions, sarif};
use defcoop::rules::RULES;
use defcoop::validate::{Input, Options, Report, validate, validate_bytes};
use serde_json::Value;

fn validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif/sarif-2.1.0.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn assert_valid_sarif(text: &str) -> Value {
    let log: Value = serde_json::from_str(text).expect("the log is JSON");
    let errors: Vec<String> = validator()
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "not valid SARIF 2.1.0: {errors:#?}");
    log
}

fn broken() -> Vec<Input> {
    ["sources.csv", "officials.csv"]
        .iter()
        .map(|f| Input::Path(format!("tests/fixtures/cli/broken/{f}").into()))
        .collect()
}

fn run_cli(args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("defcoop")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn the_cli_writes_a_valid_log_of_the_broken_package() {
    let (code, text) = run_cli(&[
        "validate",
        "--format",
        "sarif",
        "tests/fixtures/cli/broken/sources.csv",
        "tests/fixtures/cli/broken/officials.csv",
    ]);
    assert_eq!(code, 1);
    let log = assert_valid_sarif(&text);
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), RULES.len());
    for (rule, catalogued) in rules.iter().zip(RULES) {
        assert_eq!(rule["id"], catalogued.code);
        assert_eq!(rule["shortDescription"]["text"], catalogued.meaning);
        assert_eq!(
            rule["defaultConfiguration"]["level"],
            catalogued.severity.as_str()
        );
    }
    let results = run["results"].as_array().unwrap();
    let codes: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["schema.enum", "key.unresolved", "text.whitespace"]);
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(RULES[index].code, r["ruleId"]);
        let location = &r["locations"][0]["physicalLocation"];
        assert_eq!(
            location["artifactLocation"]["uri"],
            "tests/fixtures/cli/broken/officials.csv"
        );
    }
    // The region marks the value, in code points, end exclusive.
    let line = std::fs::read_to_string("tests/fixtures/cli/broken/officials.csv").unwrap();
    let line: Vec<char> = line.lines().nth(2).unwrap().chars().collect();
    let region = &results[1]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 3);
    let start = region["startColumn"].as_u64().unwrap() as usize;
    let end = region["endColumn"].as_u64().unwrap() as usize;
    let marked: String = line[start - 1..end - 1].iter().collect();
    assert_eq!(marked, "src-missing-news");
    assert_eq!(run["properties"]["errors"], 3);
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    // The schema check can fail: a region at line 0 or a run without a tool is refused.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!validator().is_valid(&broken));
    let mut broken = log.clone();
    broken["runs"][0].as_object_mut().unwrap().remove("tool");
    assert!(!validator().is_valid(&broken));
}

#[test]
fn columns_count_code_points_past_wide_characters() {
    let csv = "id,name,name_as_reported,honorific,nationality,nationality_basis,source_id,paragraph,basis,note\n\
               off-zoe,Zoë 😀,Zoë,,QQ,stated,src-x,1,stated,\n";
    let report =
        validate_bytes("officials.csv", csv.as_bytes(), None, &Options::default()).unwrap();
    let log = assert_valid_sarif(&sarif::render(&report, &RenderOptions::default()));
    let result = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "schema.enum")
        .expect("the bad nationality is found");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    let chars: Vec<char> = csv.lines().nth(1).unwrap().chars().collect();
    let start = region["startColumn"].as_u64().unwrap() as usize;
    let end = region["endColumn"].as_u64().unwrap() as usize;
    assert_eq!(chars[start - 1..end - 1].iter().collect::<String>(), "QQ");
}

#[test]
fn hidden_values_stay_out_of_the_log() {
    let (code, text) = run_cli(&[
        "validate",
        "--format",
        "sarif",
        "--hide-values",
        "tests/fixtures/cli/broken/sources.csv",
        "tests/fixtures/cli/broken/officials.csv",
    ]);
    assert_eq!(code, 1);
    assert_valid_sarif(&text);
    for value in ["QQ", "src-missing-news", "Secretperson"] {
        assert!(!text.contains(value), "`{value}` leaked into the log");
    }
}

fn fingerprints(report: &Report) -> Vec<String> {
    let log: Value =
        serde_json::from_str(&sarif::render(report, &RenderOptions::default())).unwrap();
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["partialFingerprints"][sarif::FINGERPRINT_KEY]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[test]
fn fingerprints_survive_moved_lines_and_tell_findings_apart() {
    let header = "id,name,name_as_reported,honorific,nationality,nationality_basis,source_id,paragraph,basis,note\n";
    let bad = "off-bad,Bad,Bad,,QQ,stated,src-x,1,stated,\n";
    let good = "off-good,Good,Good,,,,src-x,1,stated,\n";
    let before = format!("{header}{bad}");
    let after = format!("{header}{good}{good}{bad}");
    let options = Options::default();
    let first = validate_bytes("officials.csv", before.as_bytes(), None, &options).unwrap();
    let second = validate_bytes("officials.csv", after.as_bytes(), None, &options).unwrap();
    let first = fingerprints(&first);
    assert!(!first.is_empty());
    // The moved row keeps its fingerprints; the duplicate good rows add a key.duplicate.
    let second = fingerprints(&second);
    for f in &first {
        assert!(
            second.contains(f),
            "{f} lost after the line moved: {second:?}"
        );
    }
    let mut unique = second.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        second.len(),
        "fingerprints collide: {second:?}"
    );
}

#[test]
fn the_log_says_when_results_were_cut() {
    let mut csv = String::from(
        "id,name,name_as_reported,honorific,nationality,nationality_basis,source_id,paragraph,basis,note\n",
    );
    for i in 0..30 {
        csv.push_str(&format!("off-p{i},P,P,,QQ,stated,src-x,1,stated,\n"));
    }
    let report =
        validate_bytes("officials.csv", csv.as_bytes(), None, &Options::default()).unwrap();
    let listed = report.findings.len();
    assert!(listed >= 30);
    let log = assert_valid_sarif(&sarif::render_capped(
        &report,
        &RenderOptions::default(),
        10,
    ));
    let run = &log["runs"][0];
    assert_eq!(run["results"].as_array().unwrap().len(), 10);
    let total = report.errors + report.warnings;
    assert_eq!(run["properties"]["resultsOmitted"], total - 10);
    let note = run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
        .as_str()
        .unwrap();
    assert!(
        note.contains(&format!("10 of {total} findings written")),
        "{note}"
    );
    // Uncut, every listed finding is a result and nothing is said.
    let log = assert_valid_sarif(&sarif::render(&report, &RenderOptions::default()));
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), listed);
    assert!(log["runs"][0]["invocations"][0]["toolExecutionNotifications"].is_null());
    assert_eq!(sarif::MAX_RESULTS, 25_000);
}

#[test]
fn findings_past_max_findings_are_noted() {
    let options = Options::default().max_findings(1);
    let report = validate(&broken(), &options).unwrap();
    let log = assert_valid_sarif(&sarif::render(&report, &RenderOptions::default()));
    let run = &log["runs"][0];
    let note = run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
        .as_str()
        .unwrap();
    assert!(note.contains("raise --max-findings"), "{note}");
    assert!(run["properties"]["resultsOmitted"].as_u64().unwrap() > 0);
}

#[test]
fn the_bundled_package_gives_a_valid_empty_run() {
    let report = validate(&[Input::Bundled], &Options::default()).unwrap();
    let log = assert_valid_sarif(&sarif::render(&report, &RenderOptions::default()));
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 0);
    assert_eq!(log["runs"][0]["properties"]["valid"], true);
}
