//! File-level problems: encoding, line ends, CSV structure, headers, empty files, JSON syntax
//! and shape, with the position a person can act on.

mod validate_support;

use validate_support::*;

#[test]
fn invalid_utf8_is_located_and_the_rest_still_checked() {
    assert_eq!(
        summarize(&["files/encoding/officials.csv"]),
        ["file.encoding@files/encoding/officials.csv:3:8:-"]
    );
}

#[test]
fn utf16_is_refused_at_once() {
    assert_eq!(
        summarize(&["files/utf16/officials.csv"]),
        ["file.encoding@files/utf16/officials.csv:1:1:-"]
    );
}

#[test]
fn nul_byte_is_located() {
    assert_eq!(
        summarize(&["files/nul/officials.csv"]),
        // The cell holding it is named too (`text.control`, issue 14).
        [
            "text.control@files/nul/officials.csv:3:7:name",
            "file.nul-byte@files/nul/officials.csv:3:8:-"
        ]
    );
}

#[test]
fn empty_file() {
    assert_eq!(
        summarize(&["files/empty/officials.csv"]),
        ["file.empty@files/empty/officials.csv:1:1:-"]
    );
}

#[test]
fn bom_and_crlf_are_fine_and_quoted_newlines_count() {
    let report = run(&["files/crlf-bom/officials.csv"]);
    assert_eq!(
        summary(&report),
        ["text.whitespace@files/crlf-bom/officials.csv:3:7:name"]
    );
    assert_eq!(report.files[0].records, 2);
}

#[test]
fn quote_mistakes() {
    assert_eq!(
        summarize(&["files/quotes/officials.csv"]),
        [
            "csv.syntax@files/quotes/officials.csv:2:9:-",
            "csv.syntax@files/quotes/officials.csv:3:10:-",
            "csv.ragged-row@files/quotes/officials.csv:4:1:-",
            "csv.syntax@files/quotes/officials.csv:4:7:-",
        ]
    );
}

#[test]
fn ragged_rows() {
    assert_eq!(
        summarize(&["files/ragged/officials.csv"]),
        [
            "csv.ragged-row@files/ragged/officials.csv:3:30:-",
            "csv.ragged-row@files/ragged/officials.csv:4:1:-",
        ]
    );
}

#[test]
fn header_problems() {
    assert_eq!(
        summarize(&["files/header/officials.csv"]),
        [
            "csv.header-missing@files/header/officials.csv:1:1:name_as_reported",
            "csv.header-unknown@files/header/officials.csv:1:9:nmae",
            "csv.header-duplicate@files/header/officials.csv:1:14:name",
        ]
    );
}

#[test]
fn close_names_are_suggested() {
    let report = run(&["files/header/officials.csv"]);
    let unknown = report
        .findings
        .iter()
        .find(|f| f.code == "csv.header-unknown")
        .unwrap();
    assert_eq!(unknown.hint.as_deref(), Some("did you mean `name`?"));
    let report = run(&["files/json-shape/dataset.json"]);
    let unknown = report
        .findings
        .iter()
        .find(|f| f.code == "file.unknown-table")
        .unwrap();
    assert_eq!(unknown.hint.as_deref(), Some("did you mean `officials`?"));
}

#[test]
fn header_only_is_a_warning() {
    let report = run(&["files/header-only/officials.csv"]);
    assert_eq!(
        summary(&report),
        ["csv.header-only@files/header-only/officials.csv:1:1:-"]
    );
    assert!(report.valid);
    assert_eq!(report.warnings, 1);
}

#[test]
fn unknown_table() {
    assert_eq!(
        summarize(&["files/people.csv"]),
        ["file.unknown-table@files/people.csv:-:-:-"]
    );
}

#[test]
fn table_given_by_option() {
    let options =
        defcoop::validate::Options::default().table(Some(defcoop::model::Table::Officials));
    let report = run_paths(&["files/people.csv"], &options).unwrap();
    assert_eq!(summary(&report), Vec::<String>::new());
}

#[test]
fn json_syntax_error_has_line_and_column() {
    assert_eq!(
        summarize(&["files/json-syntax/officials.json"]),
        ["json.syntax@files/json-syntax/officials.json:2:31:/0"]
    );
}

#[test]
fn json_duplicate_key() {
    assert_eq!(
        summarize(&["files/json-duplicate/officials.json"]),
        ["json.duplicate-key@files/json-duplicate/officials.json:3:61:/0/name"]
    );
}

#[test]
fn json_shape_and_unknown_tables_in_a_dataset() {
    assert_eq!(
        summarize(&["files/json-shape/dataset.json"]),
        [
            "json.shape@files/json-shape/dataset.json:2:17:/officials/0",
            "key.unresolved@files/json-shape/dataset.json:2:87:/officials/1/source_id",
            "file.unknown-table@files/json-shape/dataset.json:3:15:/oficials",
            "json.shape@files/json-shape/dataset.json:4:14:/sources",
        ]
    );
}

#[test]
fn json_lines_go_on_after_a_bad_line() {
    let report = run(&["files/jsonl/officials.jsonl"]);
    assert_eq!(
        summary(&report),
        [
            "json.syntax@files/jsonl/officials.jsonl:3:25:/name",
            "json.shape@files/jsonl/officials.jsonl:4:1:",
            "key.duplicate@files/jsonl/officials.jsonl:5:8:/id",
        ]
    );
    assert_eq!(report.files[0].records, 4);
}
