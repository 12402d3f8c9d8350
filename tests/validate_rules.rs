//! The catalogue of rules and the validator agree: every code the validator can emit is in
//! the catalogue, and the fixture corpus exercises every code of the catalogue.

mod validate_support;

use std::collections::BTreeSet;

use defcoop::rules::RULES;
use validate_support::*;

const AREAS: &[&str] = &[
    "file",
    "csv",
    "json",
    "limit",
    "schema",
    "text",
    "quantity",
    "date",
    "basis",
    "rank",
    "key",
    "delegation",
    "meeting",
    "agreement",
    "citation",
    "organization",
    "language",
    "identifier",
];

/// Quoted `area.kind` literals in the validator's sources.
fn codes_in_sources() -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    let mut stack = vec![std::path::PathBuf::from("src/validate"), "src/input".into()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for piece in text.split('"').skip(1).step_by(2) {
                if let Some((area, kind)) = piece.split_once('.') {
                    if AREAS.contains(&area)
                        && !kind.is_empty()
                        && kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
                    {
                        codes.insert(piece.to_string());
                    }
                }
            }
        }
    }
    codes
}

#[test]
fn every_code_used_is_in_the_catalogue() {
    let catalogue: BTreeSet<String> = RULES.iter().map(|r| r.code.to_string()).collect();
    let used = codes_in_sources();
    assert!(used.len() > 30, "{used:?}");
    let missing: Vec<_> = used.difference(&catalogue).collect();
    assert!(
        missing.is_empty(),
        "codes used but not in the catalogue: {missing:?}"
    );
}

#[test]
fn codes_are_unique_and_well_formed() {
    let mut seen = BTreeSet::new();
    for rule in RULES {
        assert!(seen.insert(rule.code), "{} twice", rule.code);
        let (area, kind) = rule.code.split_once('.').unwrap();
        assert!(AREAS.contains(&area), "{}", rule.code);
        assert!(kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
    }
}

#[test]
fn the_corpus_exercises_every_rule() {
    let mut seen = BTreeSet::new();
    let fixtures = RULE_CORPUS;
    for rels in fixtures {
        for f in run(rels).findings {
            seen.insert(f.code);
        }
    }
    // The limits are exercised with generated input in validate_safety.rs; `schema.other`
    // marks a disagreement between the typed path and the schema, which a property test
    // keeps from happening.
    let elsewhere = [
        "limit.depth",
        "limit.cell-size",
        "limit.line-size",
        "limit.columns",
        "limit.findings",
        "schema.other",
    ];
    let unexercised: Vec<_> = RULES
        .iter()
        .map(|r| r.code)
        .filter(|c| !seen.contains(c) && !elsewhere.contains(c))
        .collect();
    assert!(
        unexercised.is_empty(),
        "no fixture triggers {unexercised:?}"
    );
}

#[test]
fn unknown_fields_empty_text_and_nulls_in_json() {
    assert_eq!(
        summarize(&["records/extra/officials.json"]),
        [
            "schema.length@records/extra/officials.json:2:27:/0/name",
            "schema.unknown-field@records/extra/officials.json:2:121:/0/nick",
            "schema.unknown-field@records/extra/officials.json:3:121:/1/nme",
            "schema.required@records/extra/officials.json:4:27:/2/name",
            "schema.type@records/extra/officials.json:4:128:/2/honorific",
        ]
    );
}
