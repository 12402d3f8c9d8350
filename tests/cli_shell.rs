//! `defcoop completions SHELL` and `defcoop man`: the scripts parse in their shell (bash here)
//! and complete the real subcommands and flags; the manual page renders with nroff and
//! documents every flag of `validate`, formats included.

use std::io::Write;
use std::process::{Command as Process, Stdio};

use assert_cmd::Command;

fn defcoop(args: &[&str]) -> (i32, String) {
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
fn completion_scripts_name_the_subcommands_and_flags() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (code, script) = defcoop(&["completions", shell]);
        assert_eq!(code, 0, "{shell}");
        // Fish names long flags without their dashes (`-l format`).
        for word in [
            "validate",
            "completions",
            "format",
            "hide-values",
            "split-into",
            "sarif",
            "github",
        ] {
            assert!(script.contains(word), "{shell} script lacks {word}");
        }
    }
    let (code, _) = defcoop(&["completions", "tcsh"]);
    assert_ne!(code, 0, "an unknown shell is a usage error");
}

#[test]
fn the_bash_script_parses_and_completes() {
    let (_, script) = defcoop(&["completions", "bash"]);
    let dir = std::env::temp_dir().join(format!("defcoop-completions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("defcoop.bash");
    std::fs::write(&path, &script).unwrap();
    // Source the script and ask it what follows `defcoop validate --for`.
    let probe = format!(
        "source {}\nCOMP_WORDS=(defcoop validate --for)\nCOMP_CWORD=2\nCOMP_LINE='defcoop validate --for'\nCOMP_POINT=${{#COMP_LINE}}\n_defcoop defcoop --for validate\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\nCOMP_WORDS=(defcoop validate --format '')\nCOMP_CWORD=3\n_defcoop defcoop '' --format\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        path.display()
    );
    let out = Process::new("bash")
        .arg("--norc")
        .arg("-c")
        .arg(&probe)
        .output()
        .expect("bash runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.lines().any(|l| l == "--format"), "{text}");
    for format in ["human", "json", "sarif", "github"] {
        assert!(
            text.lines().any(|l| l == format),
            "{format} not offered: {text}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_manual_page_renders_and_documents_the_flags() {
    let (code, page) = defcoop(&["man"]);
    assert_eq!(code, 0);
    assert!(page.contains(".TH defcoop 1"), "{page}");
    for word in ["validate", "completions", "man"] {
        assert!(page.contains(word), "main page lacks {word}");
    }
    let (code, page) = defcoop(&["man", "validate"]);
    assert_eq!(code, 0);
    assert!(page.contains(".TH defcoop-validate 1"), "{page}");
    let rendered = nroff(&page);
    for word in [
        "defcoop-validate",
        "--format",
        "--hide-values",
        "--split-into",
        "sarif",
        "github",
        "Exit status",
    ] {
        assert!(
            rendered.contains(word),
            "validate page lacks {word}:\n{rendered}"
        );
    }
    let (code, _) = defcoop(&["man", "nope"]);
    assert_eq!(code, 2);
}

/// The page as `man` shows it, plain text (nroff is in the project's machine image).
fn nroff(page: &str) -> String {
    let mut child = match Process::new("nroff")
        .args(["-man", "-Tutf8"])
        .env("GROFF_NO_SGR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "nroff is missing under CI: {e}"
            );
            eprintln!("nroff missing ({e}); checking the roff source instead");
            return page
                .replace("\\-", "-")
                .replace("\\fB", "")
                .replace("\\fR", "")
                .replace("\\fI", "");
        }
    };
    child
        .stdin
        .take()
        .unwrap()
        .write_all(page.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    // Strip backspace overstrikes (bold, underline) and hyphen glyphs.
    let text = String::from_utf8_lossy(&out.stdout).replace(['\u{2010}', '\u{2212}'], "-");
    let mut plain = String::new();
    for c in text.chars() {
        if c == '\u{8}' {
            plain.pop();
        } else {
            plain.push(c);
        }
    }
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}
