//! The state kept across records (what `validate_measured` reports, and the benchmark compares
//! memory growth with) is counted, and grows with the ids a package holds.

use std::path::Path;

use defcoop::validate::{Input, Options, validate_measured};

fn kept(rows: u64) -> usize {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("kept_state")
        .join(rows.to_string());
    defcoop::synth::write_package(&dir, rows, 7).expect("write a synthetic package");
    let (report, kept) =
        validate_measured(&[Input::Path(dir)], &Options::default()).expect("validation runs");
    assert!(report.valid, "{:#?}", report.findings);
    kept
}

#[test]
fn the_kept_state_grows_with_the_ids() {
    let (small, big) = (kept(500), kept(5000));
    // A package of 5000 officials holds more than 15,000 ids (officials, positions, members,
    // delegations...), each taking a few bytes at least.
    assert!(big > 15_000 * 4, "{big} bytes kept for 5000 officials");
    assert!(big < 5000 * 2000, "{big} bytes kept for 5000 officials");
    assert!(
        big > 5 * small,
        "tenfold rows, kept state from {small} to {big} bytes"
    );
}
