//! The limits that keep memory and time bounded, through the library: the findings cap keeps
//! memory bounded without changing the report, and every limit can be set to any value
//! (zero included) without a panic.

use defcoop::validate::{Limits, Options, Report, validate_bytes};

const HEADER: &str = "id,name,name_as_reported,honorific,nationality,nationality_basis,source_id,paragraph,basis,note\n";

/// `rows` officials, every one with two errors (a bad id and paragraph 0), every tenth one
/// repeating an id (a package finding).
fn many_errors(rows: usize) -> String {
    let mut csv = HEADER.to_owned();
    for i in 0..rows {
        let id = if i % 10 == 9 { i - 1 } else { i };
        csv.push_str(&format!("off-A{id},N{i},N{i},,,,src-a,0,stated,\n"));
    }
    csv
}

fn report(csv: &str, max_findings: usize) -> Report {
    let options = Options::default().max_findings(max_findings);
    validate_bytes("officials.csv", csv.as_bytes(), None, &options).expect("validated")
}

#[test]
fn the_findings_cap_bounds_memory_but_not_the_report() {
    let csv = many_errors(3000);
    let all = report(&csv, usize::MAX);
    assert_eq!(all.errors, 6000 + 300);
    for cap in [0, 1, 7, 500, 2000] {
        let capped = report(&csv, cap);
        // At most `cap` listed, the notice the last of them and not counted (issue 14).
        assert_eq!((capped.errors, capped.warnings), (all.errors, all.warnings));
        assert_eq!(capped.findings.len(), cap);
        if cap == 0 {
            continue;
        }
        assert_eq!(
            capped.findings[..cap - 1],
            all.findings[..cap - 1],
            "cap {cap}"
        );
        let last = capped.findings.last().expect("the cap finding");
        assert_eq!(last.code, "limit.findings");
        assert!(
            last.message.starts_with("6300 findings"),
            "{}",
            last.message
        );
    }
}

#[test]
fn every_limit_may_be_zero() {
    let csv = many_errors(3);
    let json = r#"[{"id": "off-a", "name": "A"}]"#;
    let jsonl = "{\"id\": \"off-a\"}\n";
    let options = Options::default().max_findings(0).limits(
        Limits::default()
            .max_cell_bytes(0)
            .max_line_bytes(0)
            .max_depth(0)
            .max_columns(0),
    );
    for (name, bytes) in [
        ("officials.csv", csv.as_bytes()),
        ("officials.json", json.as_bytes()),
        ("officials.jsonl", jsonl.as_bytes()),
    ] {
        let report = validate_bytes(name, bytes, None, &options).expect("validated");
        assert!(!report.valid, "{name}");
        // `--max-findings 0` lists nothing, not even the notice; the counts remain.
        assert_eq!(report.findings.len(), 0, "{name}");
        assert!(report.errors > 0, "{name}");
    }
}

/// The README's table of limits gives the defaults the code has.
#[test]
fn the_readme_documents_the_defaults() {
    let readme = include_str!("../README.md");
    let row = |flag: &str| -> usize {
        let line = readme
            .lines()
            .find(|l| l.starts_with('|') && l.contains(&format!("`{flag}`")))
            .unwrap_or_else(|| panic!("no row for {flag}"));
        let cell = line.split('|').nth(3).expect("a default column").trim();
        let number = cell.split_whitespace().next().expect("a number");
        number.parse().unwrap_or_else(|_| panic!("{flag}: {cell}"))
    };
    let limits = Limits::default();
    assert_eq!(row("--max-cell-bytes"), limits.max_cell_bytes);
    assert_eq!(row("--max-line-bytes"), limits.max_line_bytes);
    assert_eq!(row("--max-depth"), limits.max_depth);
    assert_eq!(row("--max-columns"), limits.max_columns);
    assert_eq!(row("--max-findings"), Options::default().max_findings);
}

/// Many references into a big table that all miss: every one is reported, but the search for a
/// "did you mean" hint (which reads every id of the table) stops after a bounded amount of work,
/// so the run stays linear instead of quadratic.
#[test]
fn hints_for_unresolved_references_are_bounded() {
    use defcoop::validate::{Input, validate};
    let n = 3000;
    let mut officials = HEADER.to_owned();
    let mut positions = "id,official_id,organization_id,title_as_reported,role,acting,as_of,start_date,end_date,rank_as_reported,rank_native,rank_country,rank_service,rank_nato,rank_basis,source_id,paragraph,basis,note\n".to_owned();
    for i in 0..n {
        officials.push_str(&format!("off-{i},N{i},N{i},,,,src-a,1,stated,\n"));
        positions.push_str(&format!(
            "pos-{i},off-x{i},org-a,Minister of Defense,minister,false,2024-02-02,,,,,,,,,src-a,1,stated,\n"
        ));
    }
    let inputs = [
        Input::Bytes {
            name: "officials.csv".into(),
            bytes: officials.into_bytes(),
        },
        Input::Bytes {
            name: "positions.csv".into(),
            bytes: positions.into_bytes(),
        },
    ];
    let options = Options::default().max_findings(usize::MAX);
    let report = validate(&inputs, &options).expect("validated");
    let unresolved: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code == "key.unresolved")
        .collect();
    assert_eq!(unresolved.len(), n, "every reference is reported");
    let hinted = unresolved.iter().filter(|f| f.hint.is_some()).count();
    // One million ids compared at most: 333 searches through 3000 officials.
    assert!((1..=1_000_000 / n).contains(&hinted), "{hinted} hints");
}
