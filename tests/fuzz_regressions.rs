//! Replays the fuzz inputs kept in the repository through the very functions the fuzz targets
//! call (`fuzz/src/lib.rs`, included here by path), on stable Rust and with no fuzzer: every
//! crash the fuzzer found (`tests/fixtures/fuzz-regressions/<target>/`) and every seed of its
//! corpus (`fuzz/seeds/<target>/`). A panic in any of them fails the test, naming the file.

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod harness;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in [
        root.join("tests/fixtures/fuzz-regressions").join(target),
        root.join("fuzz/seeds").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        files.extend(entries.flatten().map(|e| e.path()).filter(|p| p.is_file()));
    }
    files.sort();
    files
}

fn replay(target: &str, run: fn(&[u8])) {
    let files = inputs(target);
    assert!(!files.is_empty(), "no inputs for the {target} target");
    let mut failed = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).expect("read a fuzz input");
        if catch_unwind(AssertUnwindSafe(|| run(&bytes))).is_err() {
            failed.push(file.display().to_string());
        }
    }
    assert!(failed.is_empty(), "{target}: panicked on {failed:#?}");
}

#[test]
fn csv_inputs() {
    replay("csv", harness::csv);
}

#[test]
fn json_inputs() {
    replay("json", harness::json);
}

#[test]
fn descriptor_inputs() {
    replay("descriptor", harness::descriptor);
}

#[test]
fn package_inputs() {
    replay("package", harness::package);
}

#[test]
fn packages_are_split_on_marker_lines() {
    let files = harness::split_package(b"{}\n--- officials.csv\nid\n--- a/b.csv\n");
    let names: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    assert_eq!(
        names,
        [
            ("datapackage.json", &b"{}\n"[..]),
            ("officials.csv", b"id\n"),
            ("a/b.csv", b""),
        ]
    );
}
