//! The real Frictionless tool and defcoop reach the same verdict on the same package.
//!
//! Each case copies the bundled package, changes one thing (a cell of each column type against
//! each constraint, booleans, dates, reordered, missing and added columns, foreign keys, the
//! CSV's own structure), and validates the copy with both tools: the published Table Schemas
//! must say exactly what defcoop accepts. The cases where defcoop checks what a Table Schema
//! cannot express (Unicode form, spacing, invisible characters, rules across fields and
//! records) are listed with the reason, and there the test requires defcoop to refuse what
//! Frictionless accepts, so the exception is itself checked. Frictionless runs once for all
//! cases, from the venv that `.ci/run` installs (`.ci/requirements.txt` pins its version).

mod python_support;

use std::path::{Path, PathBuf};
use std::process::Command;

use defcoop::validate::{Input, Options, validate};

/// What a case changes in its copy of the package.
enum Edit {
    /// Nothing: the bundled package as it is.
    None,
    /// Sets one cell: table, 1-based data row, column, new value.
    Cell(&'static str, usize, &'static str, &'static str),
    /// Sets several cells of one row: table, 1-based data row, (column, new value) pairs.
    Cells(&'static str, usize, &'static [(&'static str, &'static str)]),
    /// Reverses the order of a table's columns.
    Reverse(&'static str),
    /// Removes a column of a table.
    DropColumn(&'static str, &'static str),
    /// Adds a column (name, value in every row) at the end of a table.
    AddColumn(&'static str, &'static str),
    /// Renames a column in a table's header.
    RenameColumn(&'static str, &'static str, &'static str),
    /// Copies a data row (1-based) to the end of a table.
    DuplicateRow(&'static str, usize),
    /// Keeps only the header of a table.
    HeaderOnly(&'static str),
    /// Appends raw text (its own line ending included) to a table's file.
    AppendRaw(&'static str, &'static str),
}

/// How the two verdicts must relate.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Expect {
    /// Both valid.
    Valid,
    /// Both invalid.
    Invalid,
    /// A rule only defcoop has: defcoop refuses, Frictionless accepts. The reason is the text.
    DefcoopOnly(&'static str),
}

struct Case {
    name: &'static str,
    edit: Edit,
    expect: Expect,
}

const NFC: &str = "Unicode form: a Table Schema has no NFC constraint";
const SPACES: &str = "spacing: a Table Schema cannot forbid leading, trailing or doubled spaces";
const CALENDAR: &str = "a partial date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) is a string under a pattern \
                        in the Table Schema, which cannot tell whether a day is in the calendar";
const CROSS_FIELD: &str = "a rule across the fields of a record";
const CROSS_RECORD: &str = "a rule across records";
const SCHEME: &str = "an identifier's shape depends on its scheme, another column; a Table Schema's \
                      pattern is one per column (and cannot compute an LEI's check digits)";
const POLYMORPHIC: &str = "a reference whose table is named in another column (`record_table`, \
                           `record_id`); a Table Schema's foreign key names one table";

fn cases() -> Vec<Case> {
    use Edit::*;
    use Expect::*;
    let case = |name, edit, expect| Case { name, edit, expect };
    vec![
        case("bundled package", None, Valid),
        // Strings: pattern, length, enum, required.
        case(
            "id off pattern",
            Cell("officials", 1, "id", "Off-Bad"),
            Invalid,
        ),
        case(
            "id past maxLength",
            Cell(
                "sources",
                1,
                "id",
                "src-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            ),
            Invalid,
        ),
        case(
            "required name empty",
            Cell("officials", 2, "name", ""),
            Invalid,
        ),
        case(
            "optional honorific set",
            Cell("officials", 2, "honorific", "Mr."),
            Valid,
        ),
        case(
            "country code not in list",
            Cell("officials", 1, "nationality", "QQ"),
            Invalid,
        ),
        case(
            "country code in lower case",
            Cell("officials", 1, "nationality", "az"),
            Invalid,
        ),
        case(
            "basis not in list",
            Cell("officials", 1, "basis", "maybe"),
            Invalid,
        ),
        case(
            "organization kind not in list",
            Cell("organizations", 1, "kind", "club"),
            Invalid,
        ),
        case(
            "rank code not in list",
            Cell("positions", 1, "rank_nato", "OF-11"),
            Invalid,
        ),
        case(
            "digest one character short",
            Cell(
                "sources",
                1,
                "sha256",
                "fafae811af89d713b8b449b705e1cc1b1cc3bc8593281f797f7858096872cb2",
            ),
            Invalid,
        ),
        case(
            "digest in upper case",
            Cell(
                "sources",
                1,
                "sha256",
                "FAFAE811AF89D713B8B449B705E1CC1B1CC3BC8593281F797F7858096872CB29",
            ),
            Invalid,
        ),
        case(
            "required language empty",
            Cell("sources", 1, "language", ""),
            Invalid,
        ),
        // Integers: type and bounds.
        case(
            "paragraph zero",
            Cell("officials", 1, "paragraph", "0"),
            Invalid,
        ),
        case(
            "paragraph not a number",
            Cell("officials", 1, "paragraph", "abc"),
            Invalid,
        ),
        case(
            "paragraph with a fraction",
            Cell("officials", 1, "paragraph", "1.5"),
            Invalid,
        ),
        case(
            "paragraph negative",
            Cell("officials", 1, "paragraph", "-1"),
            Invalid,
        ),
        case(
            "paragraph past 32 bits",
            Cell("officials", 1, "paragraph", "99999999999"),
            Invalid,
        ),
        case(
            "paragraphs of a source zero",
            Cell("sources", 1, "paragraphs", "0"),
            Invalid,
        ),
        case(
            "count minimum negative",
            Cell("agreements", 1, "count_min", "-1"),
            Invalid,
        ),
        case(
            "edition zero",
            Cell("exhibitions", 1, "edition", "0"),
            Invalid,
        ),
        // Booleans: spelled `true` or `false` only.
        case(
            "boolean TRUE",
            Cell("positions", 1, "acting", "TRUE"),
            Invalid,
        ),
        case(
            "boolean True",
            Cell("positions", 1, "acting", "True"),
            Invalid,
        ),
        case("boolean 1", Cell("positions", 1, "acting", "1"), Invalid),
        case(
            "boolean yes",
            Cell("positions", 1, "acting", "yes"),
            Invalid,
        ),
        case(
            "boolean true",
            Cell("positions", 1, "acting", "true"),
            Valid,
        ),
        // Dates: a year, a month or a real calendar day (YYYY, YYYY-MM, YYYY-MM-DD).
        case(
            "date month 13",
            Cell("positions", 1, "as_of", "2024-13-01"),
            Invalid,
        ),
        case(
            "date February 30",
            Cell("positions", 1, "as_of", "2024-02-30"),
            DefcoopOnly(CALENDAR),
        ),
        case(
            "partial date: a year",
            Cell("agreements", 1, "signed_date", "2024"),
            Valid,
        ),
        case(
            "partial date: a month",
            Cell("meetings", 1, "date", "2024-09"),
            Valid,
        ),
        case(
            "partial date: a year of publication",
            Cell("sources", 1, "published", "2024"),
            Valid,
        ),
        case(
            "partial date: month 13",
            Cell("positions", 1, "start_date", "2024-13"),
            Invalid,
        ),
        case(
            "date in year 0000",
            Cell("positions", 1, "as_of", "0000-01-01"),
            Invalid,
        ),
        case(
            "partial date: two-digit year",
            Cell("exhibitions", 1, "start_date", "24"),
            Invalid,
        ),
        case(
            "partial date: month without padding",
            Cell("agreements", 1, "signed_date", "2024-9"),
            Invalid,
        ),
        case(
            "partial date: signed a year before the meeting",
            Cell("agreements", 1, "signed_date", "2023"),
            DefcoopOnly(CROSS_RECORD),
        ),
        case(
            "date day first",
            Cell("positions", 1, "as_of", "24-09-2024"),
            Invalid,
        ),
        case(
            "date with a time",
            Cell("positions", 1, "as_of", "2024-09-24T00:00:00"),
            Invalid,
        ),
        case(
            "date without padding",
            Cell("sources", 1, "published", "2024-9-24"),
            Invalid,
        ),
        case("meeting date empty", Cell("meetings", 1, "date", ""), Valid),
        case(
            "exhibition start day set",
            Cell("exhibitions", 1, "start_date", "2024-09-24"),
            Valid,
        ),
        // Columns: matched by name, optional ones may be left out, none added.
        case("officials columns reversed", Reverse("officials"), Valid),
        case("positions columns reversed", Reverse("positions"), Valid),
        case(
            "optional column honorific left out",
            DropColumn("officials", "honorific"),
            Valid,
        ),
        case(
            "optional column end_date left out",
            DropColumn("positions", "end_date"),
            Valid,
        ),
        case(
            "optional column note left out",
            DropColumn("sources", "note"),
            Valid,
        ),
        case(
            "required column name left out",
            DropColumn("officials", "name"),
            Invalid,
        ),
        case(
            "required column source_id left out",
            DropColumn("positions", "source_id"),
            Invalid,
        ),
        case("column added", AddColumn("officials", "nickname"), Invalid),
        case(
            "column name in upper case",
            RenameColumn("officials", "id", "ID"),
            Invalid,
        ),
        // Keys.
        case("id repeated", DuplicateRow("officials", 2), Invalid),
        case(
            "reference to no source",
            Cell("officials", 1, "source_id", "src-nothing"),
            Invalid,
        ),
        case(
            "reference to no official",
            Cell("positions", 1, "official_id", "off-nobody"),
            Invalid,
        ),
        case(
            "reference to no organization",
            Cell("positions", 1, "organization_id", "org-nowhere"),
            Invalid,
        ),
        case(
            "reference within a table to no row",
            Cell("organizations", 1, "parent_id", "org-nowhere"),
            Invalid,
        ),
        case(
            "reference to no exhibition",
            Cell("meetings", 1, "exhibition_id", "exh-nowhere"),
            Invalid,
        ),
        case(
            "reference to no agreement",
            Cell("agreement_parties", 1, "agreement_id", "agr-nowhere"),
            Invalid,
        ),
        // The CSV itself.
        case(
            "table with only its header",
            HeaderOnly("meeting_topics"),
            Valid,
        ),
        case(
            "row with a cell too few",
            AppendRaw("meeting_topics", "mt-x,mtg-adex-2024-expanded\n"),
            Invalid,
        ),
        case(
            "row with a cell too many",
            AppendRaw(
                "officials",
                "off-x,X,X,,,,src-azernews-2024-09-24-hasanov-guler-adex,1,,stated,,extra\n",
            ),
            Invalid,
        ),
        // Schema v2: locators, sources of every kind, the linking tables.
        case(
            "locator page beside the paragraph",
            Cell("officials", 1, "locator", "page 3"),
            Valid,
        ),
        case(
            "locator off pattern",
            Cell("officials", 1, "locator", "p. 3"),
            Invalid,
        ),
        case(
            "locator fragment in place of the paragraph",
            Cells("officials", 1, &[("paragraph", ""), ("locator", "#para-1")]),
            Valid,
        ),
        case(
            "neither paragraph nor locator",
            Cell("officials", 1, "paragraph", ""),
            DefcoopOnly(CROSS_FIELD),
        ),
        case(
            "row cited in an article",
            Cells("officials", 1, &[("paragraph", ""), ("locator", "row X-1")]),
            DefcoopOnly(CROSS_RECORD),
        ),
        case(
            "source with a DOI",
            Cell("sources", 1, "doi", "10.1000/182"),
            Valid,
        ),
        case(
            "DOI with its resolver",
            Cell("sources", 1, "doi", "https://doi.org/10.1000/182"),
            Invalid,
        ),
        case(
            "source without date, digest or paragraph count",
            Cells(
                "sources",
                1,
                &[("published", ""), ("sha256", ""), ("paragraphs", "")],
            ),
            Valid,
        ),
        case(
            "identifier from Wikidata",
            AppendRaw(
                "identifiers",
                "xid-x,officials,off-zakir-hasanov,wikidata,Q90001,,,,external,\n",
            ),
            Valid,
        ),
        case(
            "identifier scheme not in list",
            AppendRaw(
                "identifiers",
                "xid-x,officials,off-zakir-hasanov,isbn,Q90001,,,,external,\n",
            ),
            Invalid,
        ),
        case(
            "identifier of a table that has none",
            AppendRaw(
                "identifiers",
                "xid-x,positions,pos-zakir-hasanov-minister,wikidata,Q90001,,,,external,\n",
            ),
            Invalid,
        ),
        case(
            "identifier source to no source",
            AppendRaw(
                "identifiers",
                "xid-x,officials,off-zakir-hasanov,wikidata,Q90001,src-nowhere,,,external,\n",
            ),
            Invalid,
        ),
        case(
            "Wikidata id off its shape",
            AppendRaw(
                "identifiers",
                "xid-x,officials,off-zakir-hasanov,wikidata,Z123,,,,external,\n",
            ),
            DefcoopOnly(SCHEME),
        ),
        case(
            "LEI with wrong check digits",
            AppendRaw(
                "identifiers",
                "xid-x,organizations,org-az-mod,lei,506700GE1G29325QX364,,,,external,\n",
            ),
            DefcoopOnly(SCHEME),
        ),
        case(
            "identifier of no official",
            AppendRaw(
                "identifiers",
                "xid-x,officials,off-nobody,wikidata,Q90001,,,,external,\n",
            ),
            DefcoopOnly(POLYMORPHIC),
        ),
        case(
            "name variant script off pattern",
            Cell("name_variants", 1, "script", "LATN"),
            Invalid,
        ),
        case(
            "name variant kind not in list",
            Cell("name_variants", 1, "kind", "nickname"),
            Invalid,
        ),
        case(
            "name variant of no organization",
            Cell("name_variants", 1, "record_table", "organizations"),
            DefcoopOnly(POLYMORPHIC),
        ),
        case(
            "name variant with a language name (a warning)",
            Cell("name_variants", 1, "language", "English"),
            Valid,
        ),
        case(
            "citation to no source",
            Cell("citations", 1, "source_id", "src-nowhere"),
            Invalid,
        ),
        case(
            "citation of no exhibition",
            Cell("citations", 1, "record_id", "exh-nowhere"),
            DefcoopOnly(POLYMORPHIC),
        ),
        case(
            "citation by row of an article",
            Cells("citations", 1, &[("paragraph", ""), ("locator", "row X-1")]),
            DefcoopOnly(CROSS_RECORD),
        ),
        case(
            "optional v2 table with only its header",
            HeaderOnly("name_variants"),
            Valid,
        ),
        // What only defcoop checks.
        case(
            "name not in NFC",
            Cell("officials", 1, "name", "Zakir Ha\u{0306}sa\u{0306}nov"),
            DefcoopOnly(NFC),
        ),
        case(
            "name with a leading space",
            Cell("officials", 2, "name", " Yaşar Güler"),
            DefcoopOnly(SPACES),
        ),
        case(
            "name with a doubled space",
            Cell("officials", 2, "name", "Yaşar  Güler"),
            DefcoopOnly(SPACES),
        ),
        case(
            "nationality basis without nationality",
            Cell("officials", 1, "nationality", ""),
            DefcoopOnly(CROSS_FIELD),
        ),
        case(
            "end date before start date",
            Cells(
                "positions",
                1,
                &[("start_date", "2024-09-24"), ("end_date", "2024-01-01")],
            ),
            DefcoopOnly(CROSS_FIELD),
        ),
        case(
            "count maximum below its minimum",
            Cell("agreements", 1, "count_max", "1"),
            DefcoopOnly(CROSS_FIELD),
        ),
        case(
            "cited paragraph past the source's last",
            Cell("officials", 1, "paragraph", "99"),
            DefcoopOnly(CROSS_RECORD),
        ),
        case(
            "meeting after its exhibition ended",
            Cell("exhibitions", 1, "end_date", "2024-09-01"),
            DefcoopOnly(CROSS_RECORD),
        ),
    ]
}

fn read_table(dir: &Path, table: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(dir.join(format!("{table}.csv")))
        .expect("a bundled table");
    reader
        .records()
        .map(|r| {
            r.expect("a bundled row")
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

fn write_table(dir: &Path, table: &str, rows: &[Vec<String>]) {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(dir.join(format!("{table}.csv")))
        .expect("a table to write");
    for row in rows {
        writer.write_record(row).expect("a row written");
    }
    writer.flush().expect("a table flushed");
}

fn column(rows: &[Vec<String>], table: &str, name: &str) -> usize {
    rows[0]
        .iter()
        .position(|c| c == name)
        .unwrap_or_else(|| panic!("{table} has no column {name}"))
}

/// The rows of a table's file (header first), changed by `change`, written back.
fn edit_rows(dir: &Path, table: &str, change: impl FnOnce(&mut Vec<Vec<String>>)) {
    let mut rows = read_table(dir, table);
    change(&mut rows);
    write_table(dir, table, &rows);
}

fn apply(dir: &Path, edit: &Edit) {
    match *edit {
        Edit::None => {}
        Edit::Cell(table, row, name, value) => edit_rows(dir, table, |rows| {
            let i = column(rows, table, name);
            rows[row][i] = value.to_owned();
        }),
        Edit::Cells(table, row, cells) => edit_rows(dir, table, |rows| {
            for (name, value) in cells {
                let i = column(rows, table, name);
                rows[row][i] = (*value).to_owned();
            }
        }),
        Edit::Reverse(table) => edit_rows(dir, table, |rows| {
            rows.iter_mut().for_each(|r| r.reverse());
        }),
        Edit::DropColumn(table, name) => edit_rows(dir, table, |rows| {
            let i = column(rows, table, name);
            rows.iter_mut().for_each(|r| {
                r.remove(i);
            });
        }),
        Edit::AddColumn(table, name) => edit_rows(dir, table, |rows| {
            rows[0].push(name.to_owned());
            rows.iter_mut().skip(1).for_each(|r| r.push("x".to_owned()));
        }),
        Edit::RenameColumn(table, from, to) => edit_rows(dir, table, |rows| {
            let i = column(rows, table, from);
            rows[0][i] = to.to_owned();
        }),
        Edit::DuplicateRow(table, row) => edit_rows(dir, table, |rows| {
            let copy = rows[row].clone();
            rows.push(copy);
        }),
        Edit::HeaderOnly(table) => edit_rows(dir, table, |rows| rows.truncate(1)),
        Edit::AppendRaw(table, text) => {
            let path = dir.join(format!("{table}.csv"));
            let mut bytes = std::fs::read(&path).expect("a bundled table");
            bytes.extend_from_slice(text.as_bytes());
            std::fs::write(&path, bytes).expect("a table written");
        }
    }
}

fn copy_package(to: &Path) {
    std::fs::create_dir_all(to).expect("a case folder");
    for entry in std::fs::read_dir("data").expect("data/") {
        let path = entry.expect("an entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".csv") || name == "datapackage.json" {
            std::fs::copy(&path, to.join(&name)).expect("a file copied");
        }
    }
}

const FRICTIONLESS_SCRIPT: &str = r#"
import json, sys
from frictionless import validate
verdicts = {}
for folder in sys.argv[1:]:
    report = validate(folder + "/datapackage.json")
    types = sorted({e.type for t in report.tasks for e in t.errors} | {e.type for e in report.errors})
    verdicts[folder] = {"valid": report.valid, "errors": types}
print(json.dumps(verdicts))
"#;

#[test]
fn frictionless_and_defcoop_agree_on_mutated_packages() {
    let Some(bin) =
        python_support::python_bin("frictionless_and_defcoop_agree_on_mutated_packages")
    else {
        return;
    };
    let cases = cases();
    assert!(cases.len() >= 50, "the issue asks for at least 50 cases");
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("frictionless-agreement");
    let _ = std::fs::remove_dir_all(&root);
    let mut folders = Vec::new();
    let mut defcoop_verdicts = Vec::new();
    for (n, case) in cases.iter().enumerate() {
        let dir = root.join(format!("case-{n:02}"));
        copy_package(&dir);
        apply(&dir, &case.edit);
        let report = validate(&[Input::Path(dir.clone())], &Options::default())
            .unwrap_or_else(|e| panic!("{}: defcoop failed: {e}", case.name));
        let codes: Vec<String> = report.findings.iter().map(|f| f.code.to_string()).collect();
        defcoop_verdicts.push((report.errors == 0, codes.join(",")));
        folders.push(dir.to_string_lossy().into_owned());
    }
    let script = root.join("verdicts.py");
    std::fs::write(&script, FRICTIONLESS_SCRIPT).expect("the script written");
    let output = Command::new(bin.join("python"))
        .arg(&script)
        .args(&folders)
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "frictionless failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let verdicts: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("frictionless's verdicts as JSON");
    let mut wrong = Vec::new();
    for ((case, folder), (defcoop_valid, codes)) in
        cases.iter().zip(&folders).zip(&defcoop_verdicts)
    {
        let theirs = &verdicts[folder.as_str()];
        let frictionless_valid = theirs["valid"].as_bool().expect("a verdict");
        let (want_defcoop, want_frictionless) = match case.expect {
            Expect::Valid => (true, true),
            Expect::Invalid => (false, false),
            Expect::DefcoopOnly(_) => (false, true),
        };
        if (*defcoop_valid, frictionless_valid) != (want_defcoop, want_frictionless) {
            wrong.push(format!(
                "{}: expected {:?}; defcoop valid={defcoop_valid} [{codes}], frictionless valid={frictionless_valid} {}",
                case.name, case.expect, theirs["errors"]
            ));
        }
    }
    assert!(wrong.is_empty(), "verdicts differ:\n{}", wrong.join("\n"));
}
