//! Safe by default: resource paths stay inside the package folder, I/O problems are errors
//! (exit 2), and hostile input (huge cells and lines, deep nesting, huge numbers) gives
//! findings, never a crash.

mod validate_support;

use defcoop::input::descriptor::UnsafePath;
use defcoop::validate::{Input, Limits, Options, ValidateError, validate, validate_bytes};
use validate_support::*;

fn unsafe_reason(rel: &str) -> (String, UnsafePath) {
    match run_paths(&[rel], &Options::default()) {
        Err(ValidateError::UnsafePath { path, reason, .. }) => (path, reason),
        other => panic!("{rel}: expected an unsafe path error, got {other:?}"),
    }
}

#[test]
fn absolute_paths_are_refused() {
    let (path, reason) = unsafe_reason("unsafe/absolute");
    assert_eq!(
        (path.as_str(), reason),
        ("/etc/passwd", UnsafePath::Absolute)
    );
}

#[test]
fn parent_escapes_are_refused_before_any_lookup() {
    // The target exists; it is refused by its text, not by a failed lookup.
    let (path, reason) = unsafe_reason("unsafe/parent/datapackage.json");
    assert_eq!(
        (path.as_str(), reason),
        ("../../outside/officials.csv", UnsafePath::ParentDir)
    );
}

#[test]
fn urls_are_refused() {
    let (_, reason) = unsafe_reason("unsafe/url");
    assert_eq!(reason, UnsafePath::Url);
}

#[test]
fn links_out_of_the_folder_are_refused() {
    let (path, reason) = unsafe_reason("unsafe/symlink");
    assert_eq!(path, "officials.csv");
    assert!(
        matches!(reason, UnsafePath::Outside(ref p) if p.ends_with("outside/officials.csv")),
        "{reason:?}"
    );
    let message = ValidateError::UnsafePath {
        descriptor: "datapackage.json".into(),
        path,
        reason,
    }
    .to_string();
    assert!(
        message.contains("leads outside the package folder"),
        "{message}"
    );
}

#[test]
fn links_inside_the_folder_are_followed() {
    let report = run(&["unsafe/symlink-inside"]);
    // The package holds officials only: its missing sources table is reported (issue 14),
    // nothing else.
    assert_eq!(
        summary(&report),
        ["file.missing-table@unsafe/symlink-inside/datapackage.json:-:-:/resources"]
    );
    assert_eq!(report.files[1].records, 1);
}

#[test]
fn missing_files_are_io_errors() {
    assert!(matches!(
        run_paths(&["missing"], &Options::default()),
        Err(ValidateError::Io { .. })
    ));
    assert!(matches!(
        run_paths(&["no-such-file.csv"], &Options::default()),
        Err(ValidateError::Io { .. })
    ));
    assert!(matches!(
        run_paths(&["no-descriptor"], &Options::default()),
        Err(ValidateError::NoDescriptor(_))
    ));
}

#[test]
fn the_bundled_package_is_valid_with_no_findings() {
    let report = validate(&[Input::Bundled], &Options::default()).expect("validate bundled");
    assert!(report.valid);
    assert_eq!(report.findings, vec![], "the bundled data has findings");
    let tables = report.files.iter().filter(|f| f.table.is_some()).count();
    assert_eq!(tables, 16, "every table of the bundled package is read");
    let records: u64 = report.files.iter().map(|f| f.records).sum();
    // 79 records of schema v1, a further citation and a name variant.
    assert_eq!(records, 81);
}

#[test]
fn a_descriptor_on_standard_input_is_refused() {
    let input = Input::Bytes {
        name: "<stdin>".into(),
        bytes: br#"{"resources": [{"name": "officials", "path": "/etc/passwd"}]}"#.to_vec(),
    };
    assert!(matches!(
        validate(&[input], &Options::default()),
        Err(ValidateError::Usage(_))
    ));
}

const HEADER: &str = "id,name,name_as_reported,honorific,nationality,nationality_basis,source_id,paragraph,basis,note\n";

#[test]
fn huge_cell_is_a_finding() {
    let mut csv = HEADER.to_string();
    csv.push_str(&format!(
        "off-a,{},A,,,,src-a,1,stated,\n",
        "x".repeat(3 << 20)
    ));
    csv.push_str("off-b,B,B,,,,src-a,1,stated,\n");
    assert_eq!(
        bytes_summary("officials.csv", csv.as_bytes()),
        ["limit.cell-size@officials.csv:2:7:-"]
    );
}

#[test]
fn huge_line_is_a_finding() {
    let options = Options::default().limits(Limits::default().max_line_bytes(1000));
    let mut csv = HEADER.to_string();
    csv.push_str(&format!(
        "off-a,\"{}\",A,,,,src-a,1,stated,\n",
        "x, ".repeat(500)
    ));
    let report = validate_bytes("officials.csv", csv.as_bytes(), None, &options).unwrap();
    assert_eq!(summary(&report), ["limit.line-size@officials.csv:2:1:-"]);
    let jsonl = format!("{{\"id\": \"{}\"}}\n", "x".repeat(2000));
    let report = validate_bytes("officials.jsonl", jsonl.as_bytes(), None, &options).unwrap();
    assert_eq!(summary(&report), ["limit.line-size@officials.jsonl:1:1:-"]);
}

#[test]
fn deep_json_is_a_finding() {
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    assert_eq!(
        bytes_summary("officials.json", deep.as_bytes()),
        [
            "limit.depth@officials.json:1:65:/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0"
        ]
    );
    let deep_lines = format!("{}\n", "{\"a\":".repeat(100_000));
    assert_eq!(
        bytes_summary("officials.jsonl", deep_lines.as_bytes())[0]
            .split(':')
            .take(3)
            .collect::<Vec<_>>(),
        ["limit.depth@officials.jsonl", "1", "321"]
    );
}

#[test]
fn huge_numbers_are_out_of_range_not_a_panic() {
    let json = br#"[{"id": "off-a", "name": "A", "name_as_reported": "A", "source_id": "src-a",
  "paragraph": 123456789012345678901234567890, "basis": "stated"}]"#;
    assert_eq!(
        bytes_summary("officials.json", json),
        ["schema.range@officials.json:2:16:/0/paragraph"]
    );
    let csv = format!("{HEADER}off-a,A,A,,,,src-a,123456789012345678901234567890,stated,\n");
    assert_eq!(
        bytes_summary("officials.csv", csv.as_bytes()),
        ["schema.range@officials.csv:2:20:paragraph"]
    );
}

#[test]
fn standard_input_is_sniffed() {
    let csv = format!("{HEADER}off-a,A,A,,,,src-a,1,stated,\n");
    let options = Options::default().table(Some(defcoop::model::Table::Officials));
    for bytes in [
        csv.into_bytes(),
        br#"[{"id": "off-a", "name": "A", "name_as_reported": "A", "source_id": "src-a", "paragraph": 1, "basis": "stated"}]"#.to_vec(),
        b"{\"id\": \"off-a\", \"name\": \"A\", \"name_as_reported\": \"A\", \"source_id\": \"src-a\", \"paragraph\": 1, \"basis\": \"stated\"}\n{\"id\": \"off-b\", \"name\": \"B\", \"name_as_reported\": \"B\", \"source_id\": \"src-a\", \"paragraph\": 1, \"basis\": \"stated\"}\n".to_vec(),
    ] {
        let report = validate_bytes("<stdin>", &bytes, None, &options).unwrap();
        assert_eq!(summary(&report), Vec::<String>::new());
        assert!(report.files[0].records >= 1);
    }
}

#[test]
fn findings_are_capped_but_counted() {
    let options = Options::default().max_findings(3);
    let report = run_paths(&["records/officials.csv"], &options).unwrap();
    // At most 3 listed, the notice the last (issue 14), and not counted.
    assert_eq!(report.findings.len(), 3);
    assert_eq!(report.findings[2].code, "limit.findings");
    assert_eq!((report.errors, report.warnings), (10, 1));
    assert!(!report.valid);
}

#[test]
fn warnings_can_be_denied() {
    let options = Options::default().deny_warnings(true);
    let report = run_paths(&["files/header-only/officials.csv"], &options).unwrap();
    assert!(!report.valid);
}

#[test]
fn several_inputs_share_keys() {
    // The same id in two single files of one table is a duplicate across files.
    let report = run(&["records/officials.csv", "records/officials.json"]);
    let duplicates = report
        .findings
        .iter()
        .filter(|f| f.code == "key.duplicate")
        .count();
    assert_eq!(duplicates, 12);
}

#[test]
fn too_many_columns_or_a_huge_header_stop_the_file() {
    let options = Options::default().limits(Limits::default().max_columns(5).max_line_bytes(200));
    let report = validate_bytes("officials.csv", HEADER.as_bytes(), None, &options).unwrap();
    assert_eq!(summary(&report), ["limit.columns@officials.csv:1:1:-"]);
    let wide = format!("{}\noff-a\n", "id,".repeat(100));
    let report = validate_bytes("officials.csv", wide.as_bytes(), None, &options).unwrap();
    assert_eq!(summary(&report), ["limit.line-size@officials.csv:1:1:-"]);
}
