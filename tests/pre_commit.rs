//! The repository's `.pre-commit-hooks.yaml`, run by the real pre-commit (pinned in
//! `.ci/requirements.txt`) with `pre-commit try-repo` on a throwaway git repository: a valid
//! package and valid files pass (exit 0), an invalid package and invalid files fail (exit 1,
//! the findings shown).
//!
//! pre-commit builds the hook with `cargo install --bins --path .` from a clone of this
//! repository. The build goes to `target/pre-commit` (kept between runs) with the release
//! profile lowered to a debug-speed build, so a first run costs one unoptimized build and
//! later runs little; all runs of this test share one pre-commit home, so it installs once.

mod python_support;

use std::path::{Path, PathBuf};
use std::process::Command;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

struct TryRepo {
    pre_commit: PathBuf,
    home: PathBuf,
    repo: PathBuf,
}

impl TryRepo {
    /// Runs `pre-commit try-repo <this repository> ARGS...` (every hook) in the throwaway
    /// repository.
    fn run(&self, args: &[&str]) -> (i32, String) {
        let manifest = env!("CARGO_MANIFEST_DIR");
        let out = Command::new(&self.pre_commit)
            .current_dir(&self.repo)
            .arg("try-repo")
            .arg(manifest)
            .args(args)
            .env("PRE_COMMIT_HOME", &self.home)
            .env("PRE_COMMIT_COLOR", "never")
            .env(
                "CARGO_TARGET_DIR",
                Path::new(manifest).join("target/pre-commit"),
            )
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
            .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
            .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256")
            .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "true")
            .env("CARGO_TERM_COLOR", "never")
            .env("GIT_AUTHOR_NAME", "defcoop test")
            .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
            .env("GIT_COMMITTER_NAME", "defcoop test")
            .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
            .env_remove("GIT_DIR")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("GIT_WORK_TREE")
            .output()
            .expect("pre-commit runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code().unwrap_or(-1), text)
    }
}

fn git(repo: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(repo)
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn the_hooks_pass_valid_data_and_fail_invalid_data() {
    let Some(bin) = python_support::python_bin("pre_commit") else {
        return;
    };
    let pre_commit = bin.join("pre-commit");
    let dir = std::env::temp_dir().join(format!("defcoop-pre-commit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let repo = dir.join("repo");
    // The repository root is a valid package; good/ and bad/ hold loose table files.
    copy_dir(Path::new("tests/fixtures/validate/valid"), &repo);
    copy_dir(Path::new("tests/fixtures/cli/valid"), &repo.join("good"));
    copy_dir(Path::new("tests/fixtures/cli/broken"), &repo.join("bad"));
    git(&repo, &["init", "-q", "."]);
    git(&repo, &["add", "."]);
    let runner = TryRepo {
        pre_commit,
        home: dir.join("home"),
        repo: repo.clone(),
    };

    // Both hooks at once (each try-repo installs the hook anew, so runs are few): the
    // package at the root and the changed files pass; a file naming no table is not checked
    // by the files hook.
    std::fs::write(repo.join("notes.csv"), "a,b\n1,2\n").unwrap();
    let (code, out) = runner.run(&[
        "--files",
        "good/sources.csv",
        "good/officials.csv",
        "notes.csv",
    ]);
    println!("{out}");
    assert_eq!(code, 0, "{out}");
    for hook in [
        "defcoop validate (data package)",
        "defcoop validate (changed table files)",
    ] {
        let line = out
            .lines()
            .find(|l| l.starts_with(hook))
            .unwrap_or_else(|| panic!("{hook} did not run: {out}"));
        assert!(line.ends_with("Passed"), "{line}");
    }

    // Break the package (a position naming an official that does not exist) and change the
    // invalid files: both hooks fail, with exit code 1 and the findings shown.
    let positions = repo.join("positions.csv");
    let text = std::fs::read_to_string(&positions).unwrap();
    std::fs::write(
        &positions,
        text.replacen("off-yasar-guler", "off-yasar-guller", 1),
    )
    .unwrap();
    let (code, out) = runner.run(&[
        "--files",
        "bad/sources.csv",
        "bad/officials.csv",
        "positions.csv",
    ]);
    println!("{out}");
    assert_eq!(code, 1, "{out}");
    for hook in [
        "defcoop validate (data package)",
        "defcoop validate (changed table files)",
    ] {
        let line = out
            .lines()
            .find(|l| l.starts_with(hook))
            .unwrap_or_else(|| panic!("{hook} did not run: {out}"));
        assert!(line.ends_with("Failed"), "{line}");
    }
    assert_eq!(out.matches("- exit code: 1").count(), 2, "{out}");
    // The package hook: the broken reference, with its hint.
    assert!(
        out.contains("error[key.unresolved]: `off-yasar-guller` names no row of officials"),
        "{out}"
    );
    assert!(out.contains("did you mean `off-yasar-guler`?"), "{out}");
    assert!(
        out.contains("1 error, 0 warnings in 14 files (21 records): invalid"),
        "{out}"
    );
    // The files hook: the findings of the bad files, positions checked against them.
    assert!(
        out.contains("error[schema.enum]") && out.contains("bad/officials.csv:3:45"),
        "{out}"
    );
    assert!(out.contains("in 3 files"), "{out}");

    std::fs::remove_dir_all(&dir).unwrap();
}
