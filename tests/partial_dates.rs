//! Dates known in part (`2024`, `2024-09`, `2024-09-24`) in the rules that compare dates:
//! `date.order`, `meeting.outside-exhibition` and `agreement.before-meeting` report a violation
//! only when it is certain, in CSV, JSON and JSON Lines files and in the dataset JSON form.

mod validate_support;

use validate_support::*;

const NAMES: &[&str] = &[
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
    "agreement_parties.csv",
];

/// The valid package with `from` replaced by `to` in file `name`, validated in memory.
fn package_with(edits: &[(&str, &str, &str)]) -> Vec<String> {
    let files: Vec<(String, Vec<u8>)> = NAMES
        .iter()
        .map(|name| {
            let mut text = std::fs::read_to_string(fixture(&format!("valid/{name}"))).unwrap();
            for (file, from, to) in edits {
                if file == name {
                    assert!(text.contains(from), "{name} holds no {from}");
                    text = text.replacen(from, to, 1);
                }
            }
            (name.to_string(), text.into_bytes())
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let report =
        defcoop::validate::validate_package_files(&refs, &defcoop::validate::Options::default())
            .unwrap();
    // Some cases move a date past the fixture source's publication on purpose; the warning
    // that gives (`date.after-source`) is tested in tests/issue14.rs, not here.
    summary(&report)
        .into_iter()
        .filter(|f| !f.starts_with("date.after-source@"))
        .collect()
}

const SIGNED: &str = "\"signed_date\": \"2024-09-24\"";
const MEETING: &str = "mtg-hasanov-guler,2024-09-24,";

#[test]
fn an_agreement_signed_in_the_year_of_the_meeting_is_not_before_it() {
    for signed in ["2024", "2024-09", "2024-09-24", "2025", "2024-10"] {
        let to = format!("\"signed_date\": \"{signed}\"");
        assert_eq!(
            package_with(&[("agreements.json", SIGNED, &to)]),
            Vec::<String>::new(),
            "{signed}"
        );
    }
}

#[test]
fn an_agreement_signed_in_an_earlier_year_or_month_is_before_it() {
    for signed in ["2023", "2024-08", "2024-09-23"] {
        let to = format!("\"signed_date\": \"{signed}\"");
        let got = package_with(&[("agreements.json", SIGNED, &to)]);
        assert_eq!(got.len(), 2, "{signed}: {got:?}");
        assert!(
            got.iter()
                .all(|f| f.starts_with("agreement.before-meeting@")),
            "{signed}: {got:?}"
        );
    }
}

#[test]
fn a_meeting_known_to_the_year_is_compared_as_a_year() {
    // A meeting in "2024" may be the day of the signing: no finding either way.
    assert_eq!(
        package_with(&[("meetings.csv", MEETING, "mtg-hasanov-guler,2024,")]),
        Vec::<String>::new()
    );
    // A meeting in "2024-09" may be inside ADEX (24 to 26 September): no finding.
    assert_eq!(
        package_with(&[("meetings.csv", MEETING, "mtg-hasanov-guler,2024-09,")]),
        Vec::<String>::new()
    );
    // A meeting in 2025 is certainly after ADEX 2024, and the 2024-09-24 signing precedes it.
    let got = package_with(&[("meetings.csv", MEETING, "mtg-hasanov-guler,2025,")]);
    assert_eq!(
        got,
        // In reading order: meetings are read before the signings (issue 13, item 7).
        [
            "meeting.outside-exhibition@meetings.csv:2:19:date",
            // The second meeting (2024-09-24) follows this one, now certainly later.
            "meeting.follows-later@meetings.csv:3:53:follows_id",
            "agreement.before-meeting@agreement_signings.jsonl:1:79:/meeting_id",
        ],
    );
}

#[test]
fn an_exhibition_known_to_the_month_holds_its_meetings() {
    let adex = "2024-09-24,2024-09-26,";
    assert_eq!(
        package_with(&[("exhibitions.csv", adex, "2024-09,2024-09,")]),
        Vec::<String>::new()
    );
    let got = package_with(&[("exhibitions.csv", adex, "2024-10,2024-10,")]);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(
        got.iter()
            .all(|f| f.starts_with("meeting.outside-exhibition@"))
    );
}

#[test]
fn date_order_is_checked_on_intervals_in_csv_and_json() {
    let header = "id,name,start_date,end_date,source_id,paragraph,basis\n";
    let row = |start: &str, end: &str| {
        format!("{header}exh-a,A,{start},{end},src-a,1,stated\n").into_bytes()
    };
    let json = |start: &str, end: &str| {
        format!(
            r#"[{{"id": "exh-a", "name": "A", "start_date": "{start}", "end_date": "{end}", "source_id": "src-a", "paragraph": 1, "basis": "stated"}}]"#
        )
        .into_bytes()
    };
    for (start, end) in [
        ("2024", "2024-09-24"),
        ("2024-09-26", "2024"),
        ("2024-09", "2024-09-01"),
        ("2023", "2024"),
    ] {
        assert_eq!(
            bytes_summary("exhibitions.csv", &row(start, end)),
            Vec::<String>::new(),
            "{start} {end}"
        );
        assert_eq!(
            bytes_summary("exhibitions.json", &json(start, end)),
            Vec::<String>::new(),
            "{start} {end}"
        );
    }
    for (start, end) in [
        ("2024", "2023"),
        ("2024-09-26", "2024-08"),
        ("2025-01", "2024-12-31"),
    ] {
        let csv = bytes_summary("exhibitions.csv", &row(start, end));
        assert_eq!(csv.len(), 1, "{start} {end}: {csv:?}");
        assert!(
            csv[0].starts_with("date.order@exhibitions.csv:2:"),
            "{csv:?}"
        );
        let js = bytes_summary("exhibitions.json", &json(start, end));
        assert_eq!(js.len(), 1, "{start} {end}: {js:?}");
        assert!(
            js[0].starts_with("date.order@exhibitions.json:1:"),
            "{js:?}"
        );
    }
}

#[test]
fn a_partial_date_must_be_a_year_month_or_real_day() {
    let header = "id,name,start_date,source_id,paragraph,basis\n";
    for (bad, message) in [
        ("2024-02-30", "is not a day of the calendar"),
        (
            "2024-13",
            "is not a date written YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        ("24", "is not a date written YYYY, YYYY-MM or YYYY-MM-DD"),
        (
            "2024-9",
            "is not a date written YYYY, YYYY-MM or YYYY-MM-DD",
        ),
    ] {
        let csv = format!("{header}exh-a,A,{bad},src-a,1,stated\n");
        let report = defcoop::validate::validate_bytes(
            "exhibitions.csv",
            csv.as_bytes(),
            None,
            &defcoop::validate::Options::default(),
        )
        .unwrap();
        assert_eq!(
            summary(&report),
            ["schema.format@exhibitions.csv:2:9:start_date"],
            "{bad}"
        );
        assert!(
            report.findings[0].message.contains(message),
            "{bad}: {}",
            report.findings[0].message
        );
        let json = format!(
            r#"{{"id": "exh-a", "name": "A", "start_date": "{bad}", "source_id": "src-a", "paragraph": 1, "basis": "stated"}}"#
        );
        let got = bytes_summary("exhibitions.jsonl", json.as_bytes());
        assert_eq!(got.len(), 1, "{bad}: {got:?}");
        assert!(
            got[0].starts_with("schema.format@exhibitions.jsonl:1:"),
            "{got:?}"
        );
    }
}

#[test]
fn the_dataset_json_form_compares_intervals_too() {
    let mut dataset = serde_json::to_value(defcoop::package::bundled()).unwrap();
    let meetings = dataset["meetings"].as_array().unwrap().len();
    assert!(meetings > 0);
    for m in dataset["meetings"].as_array_mut().unwrap() {
        m["date"] = serde_json::json!("2024");
    }
    let bytes = serde_json::to_vec_pretty(&dataset).unwrap();
    assert_eq!(bytes_summary("defcoop.json", &bytes), Vec::<String>::new());
    for a in dataset["agreements"].as_array_mut().unwrap() {
        a["signed_date"] = serde_json::json!("2023");
    }
    let bytes = serde_json::to_vec_pretty(&dataset).unwrap();
    let got = bytes_summary("defcoop.json", &bytes);
    assert!(!got.is_empty());
    assert!(
        got.iter()
            .all(|f| f.starts_with("agreement.before-meeting@defcoop.json:")),
        "{got:?}"
    );
}
