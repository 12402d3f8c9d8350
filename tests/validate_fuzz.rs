//! The readers never panic: random bytes, and valid files with random damage, always give a
//! report (findings), never a crash. A cheap stand-in for the fuzzing of issue 7.

use defcoop::validate::{Limits, Options, validate_bytes};
use proptest::prelude::*;

const VALID_CSV: &str = include_str!("fixtures/validate/valid/officials.csv");
const VALID_JSON: &str = include_str!("fixtures/validate/valid/agreements.json");
const VALID_JSONL: &str = include_str!("fixtures/validate/valid/agreement_signings.jsonl");

fn options() -> Options {
    Options::default().limits(
        Limits::default()
            .max_depth(8)
            .max_cell_bytes(64)
            .max_line_bytes(512)
            .max_columns(32),
    )
}

fn damaged(base: &str, edits: &[(usize, u8)]) -> Vec<u8> {
    let mut bytes = base.as_bytes().to_vec();
    for &(at, b) in edits {
        if bytes.is_empty() {
            break;
        }
        let i = at % bytes.len();
        match b % 3 {
            0 => bytes[i] = b,
            1 => {
                bytes.remove(i);
            }
            _ => bytes.insert(i, b),
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        for name in ["officials.csv", "officials.json", "officials.jsonl", "<stdin>"] {
            let report = validate_bytes(name, &bytes, None, &options());
            prop_assert!(report.is_ok());
        }
    }

    #[test]
    fn damaged_files_never_panic(edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..12)) {
        for (name, base) in [
            ("officials.csv", VALID_CSV),
            ("agreements.json", VALID_JSON),
            ("agreement_signings.jsonl", VALID_JSONL),
        ] {
            let bytes = damaged(base, &edits);
            let report = validate_bytes(name, &bytes, None, &options()).unwrap();
            // Every finding is placed in the file, on a line that exists.
            let lines = bytes.iter().filter(|b| **b == b'\n').count() as u64 + 1;
            for f in &report.findings {
                prop_assert!(f.line.is_none_or(|l| l >= 1 && l <= lines), "{f:?}");
                // The schema explains every record the typed path refuses.
                prop_assert!(f.code != "schema.other", "{f:?}");
            }
        }
    }
}

#[test]
fn the_valid_files_are_valid_alone() {
    for (name, base) in [
        ("officials.csv", VALID_CSV),
        ("agreements.json", VALID_JSON),
        ("agreement_signings.jsonl", VALID_JSONL),
    ] {
        let report = validate_bytes(name, base.as_bytes(), None, &Options::default()).unwrap();
        assert!(report.findings.is_empty(), "{name}: {:?}", report.findings);
    }
}
