//! Whole packages: a valid one, and one breaking each package rule.

mod validate_support;

use validate_support::*;

#[test]
fn valid_package_has_no_findings() {
    let report = run(&["valid"]);
    assert_eq!(summary(&report), Vec::<String>::new());
    assert!(report.valid);
    assert_eq!(report.files.len(), 14);
    let records: u64 = report.files.iter().map(|f| f.records).sum();
    assert_eq!(records, 21);
}

#[test]
fn broken_package_reports_each_rule_once_in_place() {
    let report = run(&["broken-package"]);
    assert_eq!(
        summary(&report),
        [
            "agreement.before-meeting@broken-package/agreement_signings.jsonl:2:79:/meeting_id",
            "file.duplicate-resource@broken-package/datapackage.json:16:5:/resources/3",
            "delegation.head@broken-package/delegation_members.csv:3:44:role",
            "delegation.head@broken-package/delegations.csv:3:44:head_official_id",
            "citation.paragraph@broken-package/meeting_topics.csv:2:95:paragraph",
            "meeting.outside-exhibition@broken-package/meetings.csv:3:17:date",
            "key.duplicate@broken-package/officials.csv:5:1:id",
            "key.unresolved@broken-package/positions.csv:3:20:official_id",
        ]
    );
    assert!(!report.valid);
    assert_eq!((report.errors, report.warnings), (8, 0));
    let unresolved = report
        .findings
        .iter()
        .find(|f| f.code == "key.unresolved")
        .unwrap();
    assert_eq!(
        unresolved.hint.as_deref(),
        Some("did you mean `off-yasar-guler`?")
    );
    assert_eq!(unresolved.value.as_deref(), Some("off-yasar-guller"));
    let duplicate = report
        .findings
        .iter()
        .find(|f| f.code == "key.duplicate")
        .unwrap();
    assert!(
        duplicate.message.contains("officials.csv:2"),
        "{}",
        duplicate.message
    );
    assert_eq!(duplicate.snippet, None, "package findings carry no snippet");
}

#[test]
fn dataset_json_checks_references_between_its_tables() {
    let report = run(&["dataset/defcoop.json"]);
    assert_eq!(
        summary(&report),
        ["key.unresolved@dataset/defcoop.json:168:21:/delegations/0/meeting_id"]
    );
    assert_eq!(
        report.findings[0].hint.as_deref(),
        Some("did you mean `mtg-hasanov-ssb`?")
    );
    assert_eq!(report.files[0].records, 21);
}
