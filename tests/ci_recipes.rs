//! The README's CI recipes (a GitHub workflow, a GitLab job) run as written: every `run:` step
//! of the workflow and every `script:` line of the job, in bash, from the repository root,
//! `cargo install --locked --path .` included (into a temporary root, so later commands use
//! the installed binary, as a CI job does). The SARIF log they write validates against the
//! SARIF 2.1.0 schema, the JSON report parses.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The YAML blocks of the README.
fn yaml_blocks() -> Vec<String> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```yaml") => current = Some(String::new()),
            (Some(_), "```") => blocks.extend(current.take()),
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

/// The commands of a GitHub workflow: its `run:` values.
fn github_commands(block: &str) -> Vec<String> {
    block
        .lines()
        .filter_map(|l| l.split_once("run: ").map(|(_, c)| c.trim().to_owned()))
        .collect()
}

/// The commands of a GitLab job: the items under `script:`.
fn gitlab_commands(block: &str) -> Vec<String> {
    let mut commands = Vec::new();
    let mut indent = None;
    for line in block.lines() {
        let depth = line.len() - line.trim_start().len();
        if line.trim() == "script:" {
            indent = Some(depth);
            continue;
        }
        if let Some(d) = indent {
            match line.trim_start().strip_prefix("- ") {
                Some(command) if depth > d => commands.push(command.trim().to_owned()),
                _ => indent = None,
            }
        }
    }
    commands
}

fn run(command: &str, root: &Path, install: &Path) -> (i32, String) {
    let path = format!(
        "{}:{}",
        install.join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .args(["-eo", "pipefail", "-c", command])
        .current_dir(root)
        .env("PATH", path)
        .env("CARGO_INSTALL_ROOT", install)
        .env("CARGO_TARGET_DIR", root.join("target/pre-commit"))
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256")
        .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "true")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("bash runs");
    (
        out.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn the_readme_recipes_run_as_written() {
    let blocks = yaml_blocks();
    let github: Vec<String> = blocks
        .iter()
        .filter(|b| b.contains("runs-on:"))
        .flat_map(|b| github_commands(b))
        .collect();
    let gitlab: Vec<String> = blocks
        .iter()
        .filter(|b| b.contains("script:"))
        .flat_map(|b| gitlab_commands(b))
        .collect();
    assert!(
        github.iter().any(|c| c.contains("--format github")),
        "{github:?}"
    );
    assert!(
        github.iter().any(|c| c.contains("--format sarif")),
        "{github:?}"
    );
    assert!(
        gitlab.iter().any(|c| c.contains("defcoop validate")),
        "{gitlab:?}"
    );
    for commands in [&github, &gitlab] {
        assert!(
            commands[0].starts_with("cargo install --locked --path ."),
            "{commands:?}"
        );
    }

    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let install = std::env::temp_dir().join(format!("defcoop-recipes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&install);
    let outputs = ["defcoop.sarif", "defcoop-report.json"];
    for (name, commands) in [("GitHub", &github), ("GitLab", &gitlab)] {
        for command in commands.iter() {
            let (code, out) = run(command, &root, &install);
            assert_eq!(code, 0, "{name}: `{command}` failed:\n{out}");
        }
        assert!(
            install.join("bin/defcoop").exists(),
            "{name}: nothing installed"
        );
        let sarif: Value =
            serde_json::from_str(&std::fs::read_to_string(root.join("defcoop.sarif")).unwrap())
                .unwrap();
        assert_valid_sarif(&sarif);
        assert_eq!(sarif["runs"][0]["properties"]["valid"], true);
        if name == "GitLab" {
            let report: Value = serde_json::from_str(
                &std::fs::read_to_string(root.join("defcoop-report.json")).unwrap(),
            )
            .unwrap();
            assert_eq!(report["valid"], true);
        }
        for output in outputs {
            let _ = std::fs::remove_file(root.join(output));
        }
    }
    std::fs::remove_dir_all(&install).unwrap();
}

fn assert_valid_sarif(log: &Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif/sarif-2.1.0.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator.iter_errors(log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_recipe_parsers_find_the_commands() {
    let github = github_commands("steps:\n  - run: a b\n  - if: x\n    run: c\n");
    assert_eq!(github, ["a b", "c"]);
    let gitlab = gitlab_commands("job:\n  script:\n    - one\n    - two\n  artifacts:\n    - no\n");
    assert_eq!(gitlab, ["one", "two"]);
}
