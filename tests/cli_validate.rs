//! `defcoop validate`, run as the real binary: exit codes, the JSON report, standard input,
//! colour, hidden values.
//!
//! Tests marked `needs the validator pipeline` check findings on real files; they are enabled
//! once the validator reports them.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/cli")
        .join(path)
}

fn defcoop(args: &[&str]) -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("defcoop");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .args(args);
    cmd
}

fn run(args: &[&str]) -> Output {
    defcoop(args).output().expect("the binary runs")
}

fn code(output: &Output) -> i32 {
    output
        .status
        .code()
        .expect("exited, not killed by a signal")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 on stdout")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 on stderr")
}

fn report_schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/report.schema.json"),
    )
    .unwrap();
    jsonschema::draft202012::new(&serde_json::from_str(&text).unwrap()).unwrap()
}

/// Parses the JSON report on stdout and checks it against the published schema.
fn json_report(output: &Output) -> Value {
    let text = stdout(output);
    let value: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("stdout is not one JSON value ({e}):\n{text}"));
    let errors: Vec<String> = report_schema()
        .iter_errors(&value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "the report breaks its schema: {errors:#?}"
    );
    value
}

#[test]
fn help_exits_0_and_lists_the_options() {
    let out = run(&["validate", "--help"]);
    assert_eq!(code(&out), 0);
    let help = stdout(&out);
    for option in [
        "--table",
        "--format",
        "--max-findings",
        "--hide-values",
        "--deny-warnings",
        "--jobs",
        "--color",
        "--max-cell-bytes",
        "--max-line-bytes",
        "--max-depth",
        "--max-columns",
        "--no-progress",
        "Exit status",
    ] {
        assert!(help.contains(option), "{option} missing from:\n{help}");
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["validate", "--no-such-option"][..],
        &["validate", "--format", "xml"],
        &["validate", "--jobs", "0"],
        &["validate", "--max-findings", "-1"],
        &["validate", "--color", "sometimes"],
        &["validate", "-", "-"],
    ] {
        let out = run(args);
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?} printed a report");
        assert!(!stderr(&out).is_empty(), "{args:?} said nothing");
    }
}

#[test]
fn standard_input_twice_is_refused_with_a_reason() {
    let out = run(&["validate", "-", "-"]);
    assert_eq!(code(&out), 2);
    assert_eq!(
        stderr(&out),
        "defcoop: `-` (standard input) can be given only once\n"
    );
}

#[test]
fn a_missing_file_exits_2_naming_it() {
    let out = run(&[
        "validate",
        "tests/fixtures/cli/valid/sources.csv",
        "tests/fixtures/cli/no-such-file.csv",
    ]);
    assert_eq!(code(&out), 2);
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(
        err.starts_with("defcoop: tests/fixtures/cli/no-such-file.csv: "),
        "{err}"
    );
}

#[test]
fn an_unknown_table_exits_2_listing_the_tables() {
    let out = run(&["validate", "--table", "people", "-"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("'people'"), "{err}");
    for table in defcoop::model::Table::ALL {
        assert!(
            err.contains(table.name()),
            "{} not listed in:\n{err}",
            table.name()
        );
    }
}

#[test]
fn the_bundled_package_is_valid() {
    let out = run(&["validate"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    assert!(text.ends_with(": valid\n"), "{text}");
    assert!(!text.contains('\x1b'), "colour on a pipe:\n{text}");
}

#[test]
fn the_json_report_of_the_bundled_package_has_every_key_and_fits_its_schema() {
    let out = run(&["validate", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let report = json_report(&out);
    for key in ["valid", "errors", "warnings", "files", "findings"] {
        assert!(report.get(key).is_some(), "no `{key}` in {report}");
    }
    assert_eq!(report["valid"], Value::Bool(true));
    assert_eq!(report["errors"], 0);
}

#[test]
fn standard_input_is_read_with_table() {
    let sources = std::fs::read(fixture("valid/sources.csv")).unwrap();
    let out = defcoop(&["validate", "-", "--table", "sources", "--format", "json"])
        .write_stdin(sources)
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    json_report(&out);
}

#[test]
fn colour_follows_the_color_option() {
    let always = run(&["validate", "--color", "always"]);
    assert!(stdout(&always).contains("\x1b["), "{}", stdout(&always));
    // An explicit choice overrides NO_COLOR, as no-color.org asks.
    let forced = defcoop(&["validate", "--color", "always"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(stdout(&forced).contains("\x1b["));
    for args in [&["validate"][..], &["validate", "--color", "never"]] {
        let out = run(args);
        assert!(!stdout(&out).contains('\x1b'), "{args:?}");
    }
}

/// Runs `defcoop` with standard output and error on a pseudo-terminal (util-linux `script`)
/// and returns what the terminal showed.
fn on_a_terminal(args: &str, env: &[(&str, &str)]) -> String {
    let bin = assert_cmd::cargo::cargo_bin!("defcoop");
    let mut cmd = std::process::Command::new("script");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"])
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CI");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd
        .output()
        .expect("`script` (util-linux) runs commands on a pseudo-terminal");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn on_a_terminal_colour_is_on_unless_no_color_is_set() {
    let coloured = on_a_terminal("validate", &[]);
    assert!(
        coloured.contains("\x1b["),
        "no colour on a terminal: {coloured:?}"
    );
    assert!(coloured.contains("valid"), "{coloured:?}");
    let plain = on_a_terminal("validate", &[("NO_COLOR", "1")]);
    assert!(plain.contains("valid"), "{plain:?}");
    assert!(
        !plain.contains('\x1b'),
        "colour despite NO_COLOR: {plain:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// These need the validator to report findings.

const BROKEN: [&str; 2] = [
    "tests/fixtures/cli/broken/sources.csv",
    "tests/fixtures/cli/broken/officials.csv",
];

#[test]
fn valid_files_exit_0() {
    let out = run(&[
        "validate",
        "tests/fixtures/cli/valid/sources.csv",
        "tests/fixtures/cli/valid/officials.csv",
    ]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert_eq!(
        stdout(&out),
        "0 errors, 0 warnings in 2 files (3 records): valid\n"
    );
}

#[test]
fn an_invalid_file_exits_1_showing_the_line_and_the_column() {
    let out = run(&["validate", BROKEN[0], BROKEN[1]]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("error[key.unresolved]: "), "{text}");
    assert!(
        text.contains("--> tests/fixtures/cli/broken/officials.csv:3:"),
        "{text}"
    );
    assert!(text.contains("column source_id"), "{text}");
    assert!(
        text.contains("^^^^^^^^^^^^^^^^"),
        "no `src-missing-news` marked: {text}"
    );
    assert!(text.contains(" Secretperson Example"), "{text}");
    assert!(text.ends_with(": invalid\n"), "{text}");
}

#[test]
fn the_json_report_gives_every_finding_its_position() {
    let out = run(&["validate", "--format", "json", BROKEN[0], BROKEN[1]]);
    assert_eq!(code(&out), 1);
    let report = json_report(&out);
    assert_eq!(report["valid"], Value::Bool(false));
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        for key in ["severity", "code", "message", "file", "line", "field"] {
            assert!(f.get(key).is_some(), "no `{key}` in {f}");
        }
    }
    let unresolved = findings
        .iter()
        .find(|f| f["code"] == "key.unresolved")
        .expect("the missing source is reported");
    assert_eq!(unresolved["file"], BROKEN[1]);
    assert_eq!(unresolved["line"], 3);
    assert_eq!(unresolved["field"], "source_id");
    assert_eq!(unresolved["value"], "src-missing-news");
}

#[test]
fn hidden_values_appear_in_neither_report() {
    let shown = run(&["validate", BROKEN[0], BROKEN[1]]);
    assert!(stdout(&shown).contains("Secretperson"));
    for format in ["human", "json"] {
        let out = run(&[
            "validate",
            "--hide-values",
            "--format",
            format,
            BROKEN[0],
            BROKEN[1],
        ]);
        assert_eq!(code(&out), 1);
        let text = stdout(&out);
        for secret in ["Secretperson", "src-missing-news", "QQ"] {
            assert!(!text.contains(secret), "{format} shows `{secret}`:\n{text}");
        }
    }
}

#[test]
fn max_findings_limits_the_list_not_the_counts() {
    let out = run(&[
        "validate",
        "--format",
        "json",
        "--max-findings",
        "2",
        BROKEN[0],
        BROKEN[1],
    ]);
    assert_eq!(code(&out), 1);
    let report = json_report(&out);
    // One finding, then the note that the list was cut (`limit.findings`): two in all.
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2, "{report}");
    assert_eq!(findings[1]["code"], "limit.findings");
    assert!(report["errors"].as_u64().unwrap() > 1, "{report}");
}

#[test]
fn warnings_pass_unless_denied() {
    let file = "tests/fixtures/cli/header-only/officials.csv";
    let out = run(&["validate", file]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).contains("warning[csv.header-only]"));
    let denied = run(&["validate", "--deny-warnings", file]);
    assert_eq!(code(&denied), 1, "{}", stdout(&denied));
    assert!(stdout(&denied).ends_with(": invalid (warnings denied)\n"));
}

#[test]
fn standard_input_findings_name_stdin() {
    let officials = std::fs::read(fixture("broken/officials.csv")).unwrap();
    let out = defcoop(&["validate", "-", "--table", "officials", "--format", "json"])
        .write_stdin(officials)
        .output()
        .unwrap();
    assert_eq!(code(&out), 1);
    let report = json_report(&out);
    assert_eq!(report["files"][0]["file"], "<stdin>");
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["file"] == "<stdin>" && f["line"] == 4)
    );
}

#[test]
fn a_large_input_shows_a_progress_bar_on_a_terminal_only() {
    let dir = std::env::temp_dir().join(format!("defcoop-progress-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("sources.csv");
    let header_and_row = std::fs::read_to_string(fixture("valid/sources.csv")).unwrap();
    let mut lines = header_and_row.lines();
    let header = lines.next().unwrap();
    let row = lines.next().unwrap();
    let mut text = format!("{header}\n");
    let mut i = 0u64;
    while text.len() < 9 << 20 {
        text.push_str(&row.replacen("src-example-news", &format!("src-n{i}"), 1));
        text.push('\n');
        i += 1;
    }
    std::fs::write(&big, text).unwrap();
    let path = big.display().to_string();
    let with_bar = on_a_terminal(&format!("validate {path}"), &[]);
    assert!(with_bar.contains("validating"), "{with_bar:?}");
    let without = on_a_terminal(&format!("validate --no-progress {path}"), &[]);
    assert!(!without.contains("validating"), "{without:?}");
    let piped = run(&["validate", &path]);
    assert!(!stderr(&piped).contains("validating"));
    std::fs::remove_dir_all(&dir).unwrap();
}
