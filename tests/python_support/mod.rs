//! Finding the real Python tools that interop tests run (frictionless, pre-commit, pyarrow, ...).
//!
//! `.ci/run` installs the pinned versions of `.ci/requirements.txt` into a venv and sets
//! `DEFCOOP_PYTHON_BIN` to its `bin` folder. Under CI (`CI` set) a missing tool fails the test,
//! so a check that CI is meant to run can never pass by skipping; on a developer's machine
//! without the venv the test says it skipped and returns.
#![allow(dead_code)]

use std::path::PathBuf;

/// The `bin` folder of the interop venv, or `None` (after saying so) where a developer has none.
///
/// # Panics
/// Under CI, when the venv is not there: the test it guards must run.
pub fn python_bin(test: &str) -> Option<PathBuf> {
    let from_env = std::env::var_os("DEFCOOP_PYTHON_BIN").map(PathBuf::from);
    let local = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/ci-venv/bin");
    let found = from_env
        .filter(|p| p.join("python").exists())
        .or_else(|| local.join("python").exists().then_some(local));
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: CI must run this test, but DEFCOOP_PYTHON_BIN names no venv (see .ci/run)"
        );
        eprintln!(
            "{test}: skipped: no interop venv (run `bash .ci/run` once, or set DEFCOOP_PYTHON_BIN)"
        );
    }
    found
}
