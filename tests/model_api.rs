//! The model's API for importers (issue 13, items 4 and 5): every vocabulary has `as_str()`,
//! `Table` reads and writes as its package name (`FromStr`, `Display`, serde), and no public
//! function returns a bare `String` as its error.

use std::collections::BTreeMap;
use std::path::Path;

use defcoop::model::*;

/// For each value of a vocabulary: `as_str` is the stored form serde writes, and reads back.
macro_rules! check_vocabularies {
    ($($vocabulary:ty),* $(,)?) => {$(
        assert!(!<$vocabulary>::ALL.is_empty());
        for value in <$vocabulary>::ALL {
            let text: &'static str = value.as_str();
            assert_eq!(serde_json::to_value(value).unwrap(), serde_json::json!(text));
            assert_eq!(text.parse::<$vocabulary>().unwrap(), *value);
            assert_eq!(value.to_string(), text);
        }
        assert!("no such value".parse::<$vocabulary>().is_err());
    )*};
}

#[test]
fn every_vocabulary_has_as_str() {
    check_vocabularies!(
        Basis,
        QuantityKind,
        SourceKind,
        OrganizationKind,
        Role,
        Service,
        NatoRank,
        MeetingKind,
        Domain,
        MemberRole,
        AgreementKind,
    );
    assert_eq!(Role::Minister.as_str(), "minister");
    assert_eq!(NatoRank::ALL[0].as_str(), "OF-1");
}

#[test]
fn a_table_reads_and_writes_as_its_package_name() {
    for table in Table::ALL {
        let name = table.name();
        assert_eq!(name.parse::<Table>().unwrap(), table);
        assert_eq!(table.to_string(), name);
        let json = serde_json::to_string(&table).unwrap();
        assert_eq!(json, format!("\"{name}\""));
        assert_eq!(serde_json::from_str::<Table>(&json).unwrap(), table);
    }
    assert_eq!(
        serde_json::to_string(&Table::MeetingTopics).unwrap(),
        "\"meeting_topics\""
    );
    // As a map key, and in a list.
    let counts: BTreeMap<Table, u32> = [(Table::Officials, 2), (Table::MeetingTopics, 1)].into();
    let json = serde_json::to_string(&counts).unwrap();
    assert_eq!(json, r#"{"officials":2,"meeting_topics":1}"#);
    assert_eq!(
        serde_json::from_str::<BTreeMap<Table, u32>>(&json).unwrap(),
        counts
    );
    // Unknown names are refused, by FromStr and by serde, naming the tables.
    assert!("Officials".parse::<Table>().is_err());
    let e = serde_json::from_str::<Table>("\"people\"").unwrap_err();
    assert!(e.to_string().contains("unknown table `people`"), "{e}");
    assert!(e.to_string().contains("meeting_topics"), "{e}");
    assert!(serde_json::from_str::<Table>("3").is_err());
}

/// The signatures of public functions in `text` whose error type is a bare `String`.
fn string_errors(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("pub fn ") {
        let tail = &rest[at..];
        let end = tail.find(['{', ';']).unwrap_or(tail.len());
        let signature: String = tail[..end].split_whitespace().collect::<Vec<_>>().join(" ");
        let returns = signature.split("->").nth(1).unwrap_or("");
        if returns.contains("Result<") && returns.trim_end().ends_with(", String>") {
            found.push(signature);
        }
        rest = &tail[end..];
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_public_function_returns_a_string_error() {
    // The scan finds what it looks for.
    assert_eq!(
        string_errors(
            "pub fn f(x: u8)\n    -> Result<Vec<u8>, String> {}\nfn g() -> Result<(), String>;"
        ),
        ["pub fn f(x: u8) -> Result<Vec<u8>, String>"]
    );
    assert!(string_errors("pub fn f() -> Result<String, Error> {}").is_empty());
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    let mut found = Vec::new();
    for file in files {
        // The binary's command-line parsers are no library API.
        if file.starts_with("src/cli") {
            continue;
        }
        for signature in string_errors(&std::fs::read_to_string(&file).unwrap()) {
            found.push(format!("{}: {signature}", file.display()));
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}
