//! What schema v2 adds, as a file author meets it: unknown `acting`, the `language.tag`
//! warning, and v1 files staying valid.

mod validate_support;

use validate_support::*;

const SOURCES: &str =
    "id,title,publisher,syndicator,published,language,url,sha256,paragraphs,note\n";
const DIGEST: &str = "fafae811af89d713b8b449b705e1cc1b1cc3bc8593281f797f7858096872cb29";

fn source(language: &str, published: &str) -> defcoop::validate::Report {
    let csv = format!("{SOURCES}src-a,,AzerNews,,{published},{language},,{DIGEST},7,\n");
    defcoop::validate::validate_bytes(
        "sources.csv",
        csv.as_bytes(),
        None,
        &defcoop::validate::Options::default(),
    )
    .unwrap()
}

#[test]
fn a_language_that_is_no_bcp47_tag_is_a_warning_naming_the_tag() {
    for (given, tag) in [
        ("English", "en"),
        ("Turkish", "tr"),
        ("en_US", "en-US"),
        ("EN", "en"),
    ] {
        let report = source(given, "2024-09-24");
        assert_eq!(
            summary(&report),
            ["language.tag@sources.csv:2:29:language"],
            "{given}"
        );
        assert!(report.valid, "a warning keeps v1 files valid");
        assert_eq!(report.warnings, 1);
        let message = &report.findings[0].message;
        assert!(
            message.contains(&format!("write `{tag}`")),
            "{given}: {message}"
        );
    }
    let report = source("Klingonese", "2024");
    assert_eq!(report.warnings, 1);
    assert!(
        report.findings[0]
            .message
            .contains("is not a BCP 47 language tag")
    );
    for good in ["en", "az-Latn", "tr-TR", "zh-Hant-TW"] {
        assert_eq!(
            summary(&source(good, "2024-09")),
            Vec::<String>::new(),
            "{good}"
        );
    }
    // The same in JSON.
    let json = format!(
        r#"[{{"id": "src-a", "publisher": "AzerNews", "published": "2024", "language": "English", "sha256": "{DIGEST}", "paragraphs": 7}}]"#
    );
    let got = bytes_summary("sources.json", json.as_bytes());
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with("language.tag@sources.json:1:"),
        "{got:?}"
    );
}

#[test]
fn acting_may_be_unknown() {
    let text = std::fs::read_to_string(fixture("valid/positions.csv")).unwrap();
    let unknown = text.replacen(",minister,false,", ",minister,,", 1);
    assert_ne!(unknown, text);
    assert_eq!(
        bytes_summary("positions.csv", unknown.as_bytes()),
        Vec::<String>::new()
    );
    let json = r#"{"id": "pos-a", "official_id": "off-a", "organization_id": "org-a", "title_as_reported": "Commander of the Air Force", "role": "commander", "source_id": "src-a", "paragraph": 2, "basis": "stated"}"#;
    assert_eq!(
        bytes_summary("positions.jsonl", json.as_bytes()),
        Vec::<String>::new()
    );
    let data = defcoop::package::bundled();
    let commander = data
        .positions
        .iter()
        .find(|p| p.id.as_str() == "pos-namig-islamzade-air-force-commander")
        .unwrap();
    assert_eq!(commander.acting, None, "the article does not settle it");
}
