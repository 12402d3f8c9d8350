//! `--format github`: GitHub Actions workflow commands that no value from the data can turn
//! into another command. Cells holding `%0A`, `%25`, `\r\n::add-mask::x`, `::set-output` and
//! `::stop-commands::` come out escaped on the line of their finding.

use assert_cmd::Command;
use defcoop::model::Table;
use defcoop::report::github;
use defcoop::rules::rule;
use defcoop::validate::{FileSummary, Finding, Report, Snippet};

const HOSTILE: [&str; 5] = [
    "%0A",
    "%25",
    "\r\n::add-mask::x",
    "::set-output name=leak::1",
    "::stop-commands::token",
];

/// The runner reads a command from any line that starts with `::`; ours start with one of
/// these, and the summary with `defcoop: `.
fn assert_inert(out: &str, findings: usize) {
    assert!(!out.contains('\r'), "a raw CR reached the log: {out:?}");
    let lines: Vec<&str> = out.lines().collect();
    let commands = lines
        .iter()
        .filter(|l| l.starts_with("::error ") || l.starts_with("::warning "))
        .count();
    assert_eq!(commands, findings, "one command per finding: {out}");
    for line in &lines {
        assert!(
            line.starts_with("::error ")
                || line.starts_with("::warning ")
                || line.starts_with("defcoop: "),
            "a line the runner could take for another command: {line:?}"
        );
        // The properties are the ones the renderer writes: no separator came from the data.
        let Some(command) = line.strip_prefix("::") else {
            continue;
        };
        let (head, _message) = command.split_once("::").expect("a command has a message");
        let properties = head.split_once(' ').map_or("", |(_, p)| p);
        for property in properties.split(',') {
            assert!(
                property.split_once('=').is_some_and(|(k, _)| {
                    ["file", "line", "col", "endColumn", "title"].contains(&k)
                }),
                "a property the renderer did not write: {property:?} in {line:?}"
            );
        }
    }
    assert!(
        lines.last().unwrap().starts_with("defcoop: "),
        "summary last"
    );
}

/// Undoes GitHub's escaping of a command's message, as the runner does.
fn unescape(text: &str) -> String {
    text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

#[test]
fn hostile_text_in_every_part_of_a_finding_is_escaped() {
    let findings: Vec<Finding> = HOSTILE
        .iter()
        .map(|h| {
            Finding::new(
                rule("schema.enum").unwrap(),
                format!("`{h}` is not a value"),
            )
            .with_file(format!("dir,x:y/{h}.csv"))
            .with_table(Table::Officials)
            .with_line(2)
            .with_column(3)
            .with_field(format!("field{h}"))
            .with_hint(format!("hint{h}"))
            .with_snippet(Snippet::new(format!("a,{h}"), 2, 2 + h.chars().count()))
        })
        .collect();
    let files = vec![FileSummary::new(
        "officials.csv",
        Some(Table::Officials),
        1,
        10,
    )];
    let report = Report::new(files, findings);
    let out = github::render(&report);
    assert_inert(&out, HOSTILE.len());
    for (line, h) in out.lines().zip(HOSTILE) {
        let message = line.split_once("::").unwrap().1.split_once("::").unwrap().1;
        assert_eq!(
            unescape(message),
            format!("`{h}` is not a value\nfield: field{h}\nhint: hint{h}"),
            "the runner would show the message as it was"
        );
    }
    assert!(out.contains("file=dir%2Cx%3Ay/%250A.csv,"), "{out}");
    assert!(out.contains("::`%250A` is not a value"), "{out}");
    assert!(
        out.contains("`%0D%0A::add-mask::x` is not a value"),
        "{out}"
    );
}

#[test]
fn hostile_cells_read_by_the_cli_come_out_inert() {
    let dir = std::env::temp_dir().join(format!("defcoop-github-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut csv = String::from(
        "id,name,name_as_reported,honorific,nationality,nationality_basis,source_id,paragraph,basis,note\n",
    );
    for (i, h) in HOSTILE.iter().enumerate() {
        let quoted = format!("\"{}\"", h.replace('"', "\"\""));
        csv.push_str(&format!(
            "off-p{i},{quoted},P,,{quoted},stated,{quoted},1,stated,\n"
        ));
    }
    let file = dir.join("officials.csv");
    std::fs::write(&file, &csv).unwrap();
    for hide in [false, true] {
        let mut args = vec!["validate", "--format", "github"];
        if hide {
            args.push("--hide-values");
        }
        let file = file.to_str().unwrap();
        args.push(file);
        let out = Command::cargo_bin("defcoop")
            .unwrap()
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let text = String::from_utf8(out.stdout).unwrap();
        let commands = text.lines().filter(|l| l.starts_with("::")).count();
        assert!(commands >= HOSTILE.len(), "{text}");
        assert_inert(&text, commands);
        if hide {
            for h in ["add-mask", "set-output", "stop-commands"] {
                assert!(!text.contains(h), "--hide-values leaked `{h}`: {text}");
            }
        } else {
            // The values are shown, escaped.
            assert!(text.contains("%0D%0A::add-mask::x"), "{text}");
            assert!(text.contains("%250A"), "{text}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_broken_fixture_gives_one_annotation_a_finding_and_a_summary() {
    let out = Command::cargo_bin("defcoop")
        .unwrap()
        .args([
            "validate",
            "--format",
            "github",
            "tests/fixtures/cli/broken/sources.csv",
            "tests/fixtures/cli/broken/officials.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "::error file=tests/fixtures/cli/broken/officials.csv,line=3,col=45,endColumn=47,title=schema.enum::`QQ` is not one of the values of `nationality`%0Afield: nationality\n\
         ::error file=tests/fixtures/cli/broken/officials.csv,line=3,col=55,endColumn=71,title=key.unresolved::`src-missing-news` names no row of sources; add the row or correct the id%0Afield: source_id\n\
         ::error file=tests/fixtures/cli/broken/officials.csv,line=4,col=17,endColumn=38,title=text.whitespace::`name` starts with a space; remove it%0Afield: name\n\
         defcoop: 3 errors, 0 warnings in 2 files (4 records): invalid\n"
    );
}
