//! Streaming and parallel validation give the report of one thread reading whole files: the
//! same findings, in the same order, at the same positions, whatever the block size (batch
//! boundaries everywhere, quoted line breaks across them) and the number of threads.

use std::path::{Path, PathBuf};

use defcoop::validate::{Input, Options, Report, validate, validate_in_blocks};

fn package(name: &str, rows: u64) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("defcoop-stream-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    defcoop::synth::write_package(&dir, rows, 11).unwrap();
    dir
}

/// Damages every `every`-th row of `file` in several ways, spread through the file.
fn damage(dir: &Path, file: &str, every: usize) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let damaged = match (i > 0 && i % every == 0, (i / every) % 5) {
            (false, _) => line.to_owned(),
            // A bad id pattern (a record finding on the fast path's refusal).
            (true, 0) => line.replacen("off-", "OFF_", 1),
            // A duplicate id (a package finding whose line is read again).
            (true, 1) => {
                let rest = line.split_once(',').map_or("", |(_, r)| r);
                format!("off-1,{rest}")
            }
            // A reference to no row, and a quoted line break in a name.
            (true, 2) => {
                let (id, rest) = line.split_once(',').unwrap_or((line, ""));
                let rest = rest.replacen("src-", "src-zz", 1);
                format!(
                    "{id},\"Line\nBreak\",{}",
                    rest.split_once(',').map_or("", |(_, r)| r)
                )
            }
            // A ragged row.
            (true, 3) => format!("{line},extra"),
            // A quote in an unquoted cell, and an unknown enum value.
            (true, _) => line.replacen(",stated", ",sta\"ted", 1),
        };
        out.push_str(&damaged);
        out.push_str(if i % 7 == 0 { "\r\n" } else { "\n" });
    }
    std::fs::write(&path, out).unwrap();
}

fn run(input: &Path, jobs: usize, block: Option<usize>) -> Report {
    let options = Options::default().jobs(Some(jobs)).max_findings(100_000);
    let inputs = [Input::Path(input.to_path_buf())];
    match block {
        Some(block) => validate_in_blocks(&inputs, &options, block).unwrap(),
        None => validate(&inputs, &options).unwrap(),
    }
}

/// The reports are equal; on a difference, the first differing finding is shown.
fn same(got: &Report, want: &Report, what: &str) {
    for (g, w) in got.findings.iter().zip(&want.findings) {
        assert_eq!(g, w, "{what}");
    }
    assert_eq!(got.findings.len(), want.findings.len(), "{what}");
    assert_eq!(got, want, "{what}");
}

#[test]
fn threads_and_block_sizes_give_the_same_report() {
    let dir = package("same", 3000);
    damage(&dir, "officials.csv", 97);
    damage(&dir, "positions.csv", 89);
    let whole = run(&dir, 1, None);
    assert!(!whole.valid);
    let codes: std::collections::BTreeSet<&str> = whole.findings.iter().map(|f| f.code).collect();
    for code in [
        "schema.pattern",
        "key.duplicate",
        "key.unresolved",
        "text.whitespace",
        "csv.ragged-row",
        "csv.syntax",
    ] {
        assert!(codes.contains(code), "no {code} in {codes:?}");
    }
    assert!(whole.findings.len() > 100, "{}", whole.findings.len());
    // Every package finding shows its line.
    for f in &whole.findings {
        assert!(f.snippet.is_some(), "{f:?}");
    }
    for (jobs, block) in [
        (1, Some(64)),
        (2, Some(64)),
        (2, Some(1000)),
        (3, Some(7)),
        (2, None),
    ] {
        let other = run(&dir, jobs, block);
        same(
            &other,
            &whole,
            &format!("{jobs} threads, blocks of {block:?} bytes"),
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_quoted_line_break_across_a_batch_boundary_is_one_cell() {
    let dir = package("quoted", 10);
    let path = dir.join("officials.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    // A long quoted name holding line breaks, so that every small block cuts inside it.
    let long = format!("\"A{}\"", "\nb".repeat(200));
    let row = lines[3].clone();
    let mut cells: Vec<&str> = row.split(',').collect();
    cells[1] = &long;
    lines[3] = cells.join(",");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let whole = run(&dir, 1, None);
    let found: Vec<(&str, Option<u64>, Option<u64>)> = whole
        .findings
        .iter()
        .map(|f| (f.code, f.line, f.column))
        .collect();
    // The name holds line breaks (one finding); the cells after it are on a later line.
    assert_eq!(found, [("text.whitespace", Some(4), Some(7))], "{found:?}");
    assert_eq!(
        whole
            .files
            .iter()
            .find(|f| f.file.ends_with("officials.csv"))
            .unwrap()
            .records,
        10
    );
    for block in [1, 5, 64, 333] {
        for jobs in [1, 2] {
            let other = run(&dir, jobs, Some(block));
            same(
                &other,
                &whole,
                &format!("blocks of {block}, {jobs} threads"),
            );
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
