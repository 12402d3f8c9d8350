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
        // In reading order, as the human report lists them (issue 13, item 7): the
        // descriptor, then the tables in dependency order.
        [
            "file.duplicate-resource@broken-package/datapackage.json:16:5:/resources/3",
            "key.duplicate@broken-package/officials.csv:5:1:id",
            "key.unresolved@broken-package/positions.csv:3:20:official_id",
            // The meeting's broken date is also after its source's publication (issue 14).
            "date.after-source@broken-package/meetings.csv:3:17:date",
            "meeting.outside-exhibition@broken-package/meetings.csv:3:17:date",
            "citation.paragraph@broken-package/meeting_topics.csv:2:95:paragraph",
            "delegation.head@broken-package/delegations.csv:3:44:head_official_id",
            "delegation.head@broken-package/delegation_members.csv:3:44:role",
            "agreement.before-meeting@broken-package/agreement_signings.jsonl:2:79:/meeting_id",
        ]
    );
    assert!(!report.valid);
    assert_eq!((report.errors, report.warnings), (8, 1));
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
    // Package findings show their line too, read again once the run is over.
    let snippet = duplicate.snippet.as_ref().expect("a snippet");
    let marked: String = snippet
        .text
        .chars()
        .skip(snippet.start)
        .take(snippet.end - snippet.start)
        .collect();
    assert_eq!(marked, "off-zakir-hasanov");
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

macro_rules! files {
    ($($name:literal),*) => {
        &[$(($name, include_bytes!(concat!("fixtures/validate/valid/", $name)) as &'static [u8])),*]
    };
}

#[test]
fn a_package_in_memory_validates_like_on_disk() {
    let files: &[(&str, &'static [u8])] = files!(
        "datapackage.json",
        "sources.csv",
        "organizations.csv",
        "officials.csv",
        "positions.csv",
        "exhibitions.csv",
        "meetings.csv",
        "meeting_topics.csv",
        "delegations.csv",
        "delegation_members.csv",
        "participant_groups.csv",
        "agreements.json",
        "agreement_signings.jsonl",
        "agreement_parties.csv"
    );
    let options = defcoop::validate::Options::default();
    let report = defcoop::validate::validate_package_files(files, &options).unwrap();
    assert_eq!(summary(&report), Vec::<String>::new());
    assert_eq!(report.files.iter().map(|f| f.records).sum::<u64>(), 21);
    // A file the descriptor lists but the package lacks is an I/O error.
    let missing = defcoop::validate::validate_package_files(&files[..3], &options);
    assert!(matches!(
        missing,
        Err(defcoop::validate::ValidateError::Io { .. })
    ));
}

#[test]
fn progress_is_reported() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};

    #[derive(Default)]
    struct Count {
        total: AtomicU64,
        read: AtomicU64,
        finished: AtomicU64,
    }
    impl defcoop::validate::Progress for Count {
        fn start(&self, total: Option<u64>) {
            self.total.store(total.unwrap_or(0), Ordering::SeqCst);
        }
        fn advance(&self, bytes: u64) {
            self.read.fetch_add(bytes, Ordering::SeqCst);
        }
        fn finish(&self) {
            self.finished.fetch_add(1, Ordering::SeqCst);
        }
    }
    let count = Arc::new(Count::default());
    let options = defcoop::validate::Options::default().progress(Some(count.clone()));
    let report = run_paths(&["valid"], &options).unwrap();
    let data_bytes: u64 = report.files.iter().skip(1).map(|f| f.bytes).sum();
    assert_eq!(count.total.load(Ordering::SeqCst), data_bytes);
    assert_eq!(count.read.load(Ordering::SeqCst), data_bytes);
    assert_eq!(count.finished.load(Ordering::SeqCst), 1);
}
