//! The examples of `docs/converting.md` validate as written: every CSV block marked
//! `<!-- defcoop-example: GROUP/TABLE.csv -->` is written to a folder per group, and the files
//! of each group are validated together (references across them checked) with no finding.

#![cfg(feature = "validate")]

use std::collections::BTreeMap;

use defcoop::validate::{Input, Options, validate};

/// The marked blocks: group → (file name, text).
fn examples() -> BTreeMap<String, Vec<(String, String)>> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/converting.md"))
        .expect("docs/converting.md");
    let mut out: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(path) = line
            .strip_prefix("<!-- defcoop-example: ")
            .and_then(|l| l.strip_suffix(" -->"))
        else {
            continue;
        };
        assert_eq!(lines.next(), Some("```csv"), "{path}: a csv block follows");
        let mut block = String::new();
        for l in lines.by_ref() {
            if l == "```" {
                break;
            }
            block.push_str(l);
            block.push('\n');
        }
        let (group, file) = path.split_once('/').expect("GROUP/TABLE.csv");
        out.entry(group.to_owned())
            .or_default()
            .push((file.to_owned(), block));
    }
    out
}

#[test]
fn every_example_of_the_converting_guide_validates() {
    let groups = examples();
    for group in ["dcad-year", "dataset-row", "official-ids"] {
        assert!(groups.contains_key(group), "no example {group}");
    }
    for (group, files) in &groups {
        let inputs: Vec<Input> = files
            .iter()
            .map(|(name, text)| Input::Bytes {
                name: name.clone(),
                bytes: text.clone().into_bytes(),
            })
            .collect();
        let report = validate(&inputs, &Options::default()).expect("a report");
        assert!(
            report.findings.is_empty(),
            "{group}: {:#?}",
            report.findings
        );
        let records: u64 = report.files.iter().map(|f| f.records).sum();
        assert_eq!(records as usize, files.len(), "{group}: one record a file");
    }
}

/// The same files with a mistake each: the rules the guide names do fire.
#[test]
fn the_guide_s_rules_fire_on_a_broken_example() {
    let groups = examples();
    let broken = |group: &str, file: &str, from: &str, to: &str| -> Vec<String> {
        let inputs: Vec<Input> = groups[group]
            .iter()
            .map(|(name, text)| Input::Bytes {
                name: name.clone(),
                bytes: if name == file {
                    assert!(text.contains(from), "{file}: {from}");
                    text.replacen(from, to, 1).into_bytes()
                } else {
                    text.clone().into_bytes()
                },
            })
            .collect();
        let report = validate(&inputs, &Options::default()).expect("a report");
        report.findings.iter().map(|f| f.code.to_string()).collect()
    };
    assert_eq!(
        broken("official-ids", "identifiers.csv", "Q90001", "Z90001"),
        ["identifier.format"]
    );
    assert_eq!(
        broken("dataset-row", "agreements.csv", ",,row EX-0412,", ",3,,"),
        ["citation.locator"]
    );
    assert_eq!(
        broken("dataset-row", "sources.csv", ",dataset,", ",article,"),
        [
            "citation.locator",
            "identifier.source-kind",
            "citation.locator"
        ]
    );
    assert_eq!(
        broken(
            "official-ids",
            "name_variants.csv",
            ",off-example-minister,",
            ",off-nobody,"
        ),
        ["key.unresolved"]
    );
}
