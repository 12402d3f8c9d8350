//! Memory held by findings stays flat when a file has very many of them: past a bound the
//! findings made in a file are sorted and only the first `--max-findings` kept, the rest
//! counted. The report must be exactly the one kept without the bound: same counts, same
//! findings listed, same lines shown. Checked here with the bound set very low, on a package
//! with record, reference, duplicate and rule findings in CSV and JSON Lines, under several
//! option sets, thread counts and batch sizes.

use std::path::{Path, PathBuf};

use defcoop::validate::{Input, Options, Report, Tuning, validate_tuned};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("defcoop-bound-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Rewrites every line (past the header) of `file` with `change(line number, line)`.
fn rewrite(file: &Path, change: impl Fn(usize, &str) -> String) {
    let text = std::fs::read_to_string(file).expect("read");
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        out.push_str(&if i == 0 {
            line.to_owned()
        } else {
            change(i, line)
        });
        out.push('\n');
    }
    std::fs::write(file, out).expect("write");
}

/// A generated package with thousands of findings of every stage.
fn damaged_package(name: &str, rows: u64) -> PathBuf {
    let dir = temp_dir(name);
    defcoop::synth::write_package(&dir, rows, 11).expect("synthetic package");
    // Bad ids (a record finding, and unresolved references from other tables), doubled
    // spaces (a warning).
    rewrite(&dir.join("officials.csv"), |i, line| match i % 3 {
        0 => line.replacen("off-", "OFF_", 1),
        1 => line.replacen(' ', "  ", 1),
        _ => line.to_owned(),
    });
    // Duplicate ids.
    rewrite(&dir.join("delegation_members.csv"), |i, line| {
        if i % 4 == 0 {
            let rest = line.split_once(',').map_or("", |(_, r)| r);
            format!("dm-1,{rest}")
        } else {
            line.to_owned()
        }
    });
    dir
}

fn run(inputs: &[Input], options: &Options, block: usize, bound: usize) -> Report {
    let tuning = Tuning {
        block,
        findings_bound: bound,
        ..Tuning::default()
    };
    validate_tuned(inputs, options, tuning).expect("validation runs")
}

fn option_sets() -> Vec<Options> {
    let mut sets = Vec::new();
    for max_findings in [0, 3, 250] {
        for jobs in [1, 2] {
            sets.push(
                Options::default()
                    .max_findings(max_findings)
                    .jobs(Some(jobs))
                    .hide_values(max_findings == 3),
            );
        }
    }
    sets
}

fn agree(inputs: &[Input], what: &str) {
    for options in option_sets() {
        for block in [4 << 10, 64 << 10] {
            let whole = run(inputs, &options, block, usize::MAX);
            let bounded = run(inputs, &options, block, 2);
            assert!(
                whole.errors + whole.warnings > 600,
                "{what}: the input has too few findings to test the bound"
            );
            assert_eq!(
                serde_json::to_value(&bounded).unwrap(),
                serde_json::to_value(&whole).unwrap(),
                "{what}: max {} jobs {:?} block {block}",
                options.max_findings,
                options.jobs
            );
        }
    }
}

#[test]
fn a_bounded_package_report_is_the_whole_report() {
    let dir = damaged_package("package", 700);
    agree(&[Input::Path(dir.clone())], "package");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_bounded_json_lines_report_is_the_whole_report() {
    let dir = damaged_package("jsonl", 2_000);
    let text = std::fs::read_to_string(dir.join("officials.csv")).expect("read");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let mut jsonl = String::new();
    for (i, line) in lines.enumerate() {
        // A bad id on every other line, besides the damage above.
        let line = if i % 2 == 0 {
            line.replacen("off-", "OFF_", 1)
        } else {
            line.to_owned()
        };
        let object: serde_json::Map<String, serde_json::Value> = header
            .iter()
            .zip(line.split(','))
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| {
                let value = v
                    .parse::<u64>()
                    .map_or_else(|_| serde_json::Value::from(v), serde_json::Value::from);
                (k.to_string(), value)
            })
            .collect();
        jsonl.push_str(&serde_json::to_string(&object).expect("json"));
        jsonl.push('\n');
    }
    let input = Input::Bytes {
        name: "officials.jsonl".into(),
        bytes: jsonl.into_bytes(),
    };
    agree(&[input], "JSON Lines");
    let _ = std::fs::remove_dir_all(dir);
}
