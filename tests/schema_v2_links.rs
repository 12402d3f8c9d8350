//! Schema v2's sources of every kind, citation locators and the three linking tables
//! (`citations`, `identifiers`, `name_variants`): each rule on the fixture
//! `tests/fixtures/validate/v2` where it should fire and nowhere else, the same in the CSV
//! package and in its JSON dataset form, and the library's types and lookups.

#![cfg(feature = "validate")]

use defcoop::model::{
    Basis, Cite, Dataset, Doi, IdentifiedTable, Identifier, IdentifierScheme, Locator, NameKind,
    NameVariant, NamedTable, RecordCitation, SourceKind, Table, Text,
};
use defcoop::validate::{Input, Options, validate, validate_dataset};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/validate/v2");

/// Every finding of the fixture, as `code@file:line`.
const EXPECTED: &[&str] = &[
    "citation.locator@officials.csv:4",
    "citation.locator@officials.csv:5",
    "citation.place@officials.csv:3",
    "citation.uncounted@officials.csv:6",
    "identifier.duplicate@identifiers.csv:4",
    "identifier.format@identifiers.csv:2",
    "identifier.format@identifiers.csv:9",
    "identifier.source-kind@identifiers.csv:7",
    "identifier.source@identifiers.csv:6",
    "key.unresolved@citations.csv:3",
    "key.unresolved@identifiers.csv:5",
    "language.tag@name_variants.csv:2",
    "schema.pattern@name_variants.csv:3",
    "schema.pattern@officials.csv:9",
    "schema.pattern@sources.csv:5",
];

#[test]
fn each_v2_rule_fires_where_it_should_in_a_csv_package() {
    let report = validate(&[Input::Path(FIXTURE.into())], &Options::default()).unwrap();
    let mut got: Vec<String> = report
        .findings
        .iter()
        .map(|f| {
            let file = f
                .file
                .as_deref()
                .unwrap_or("")
                .rsplit('/')
                .next()
                .unwrap_or("");
            format!("{}@{}:{}", f.code, file, f.line.unwrap_or(0))
        })
        .collect();
    got.sort();
    assert_eq!(got, EXPECTED);
    // The messages name what is wrong in the words of the scheme.
    let message = |code: &str| {
        report
            .findings
            .iter()
            .find(|f| f.code == code)
            .map(|f| f.message.clone())
            .unwrap_or_default()
    };
    assert!(message("identifier.format").contains("is not a Wikidata id"));
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.message.contains("is not a DOI"))
    );
    assert!(message("key.unresolved").contains("names no row of organizations"));
}

/// The fixture read into a dataset (the JSON form), validated in memory: the same codes.
#[test]
fn the_json_form_gets_the_same_findings() {
    let mut data = Dataset::default();
    let read = |t: &str| std::fs::read_to_string(format!("{FIXTURE}/{t}.csv")).unwrap();
    // The fixture's records that are well formed (the ones with a bad pattern are left out:
    // a Rust dataset cannot hold them).
    let rows = |t: &str| -> Vec<serde_json::Value> {
        let text = read(t);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header = reader.headers().unwrap().clone();
        reader
            .records()
            .map(|r| {
                let r = r.unwrap();
                let mut o = serde_json::Map::new();
                for (h, c) in header.iter().zip(r.iter()) {
                    if c.is_empty() {
                        continue;
                    }
                    let v = match h {
                        "paragraph" | "paragraphs" => serde_json::json!(c.parse::<u32>().unwrap()),
                        _ => serde_json::json!(c),
                    };
                    o.insert(h.to_owned(), v);
                }
                serde_json::Value::Object(o)
            })
            .collect()
    };
    let json = serde_json::json!({
        "sources": rows("sources"), "organizations": rows("organizations"),
        "officials": rows("officials"), "citations": rows("citations"),
        "identifiers": rows("identifiers"), "name_variants": rows("name_variants"),
    });
    let report = validate(
        &[Input::Bytes {
            name: "dataset.json".into(),
            bytes: json.to_string().into_bytes(),
        }],
        &Options::default(),
    )
    .unwrap();
    let mut codes: Vec<&str> = report.findings.iter().map(|f| f.code).collect();
    codes.sort();
    let mut expected: Vec<&str> = EXPECTED
        .iter()
        .map(|e| e.split('@').next().unwrap())
        .collect();
    expected.sort();
    assert_eq!(codes, expected);
    // In memory, from typed records: only the well-formed ones can be built.
    for table in ["sources", "officials", "organizations"] {
        let mut well_formed: Vec<serde_json::Value> = rows(table);
        well_formed.retain(|r| {
            serde_json::from_value::<Dataset>(serde_json::json!({ table: [r] })).is_ok()
        });
        let one: Dataset =
            serde_json::from_value(serde_json::json!({ table: well_formed })).unwrap();
        match table {
            "sources" => data.sources = one.sources,
            "officials" => data.officials = one.officials,
            _ => data.organizations = one.organizations,
        }
    }
    let report = validate_dataset(&data, &Options::default()).unwrap();
    let mut codes: Vec<&str> = report.findings.iter().map(|f| f.code).collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            "citation.locator",
            "citation.locator",
            "citation.place",
            "citation.uncounted",
            // `src-report`, left out for its bad DOI, is cited by `off-g`.
            "key.unresolved"
        ]
    );
}

#[test]
fn the_library_builds_and_finds_the_linked_records() {
    let mut data = defcoop::package::bundled().clone();
    // A dataset source cited by row, with a version and a retrieval day.
    let dataset_source = defcoop::model::Source::document(
        "src-example-dataset".parse().unwrap(),
        Text::new("Example Research Project").unwrap(),
        Text::new("en").unwrap(),
    )
    .with_kind(SourceKind::Dataset)
    .with_version(Text::new("v1.0").unwrap())
    .with_retrieved(defcoop::model::Date::from_ymd(2025, 1, 15).unwrap())
    .with_doi(Doi::new("10.1000/182").unwrap());
    data.sources.push(dataset_source);
    let row: Locator = "row EX-0412".parse().unwrap();
    data.citations.push(RecordCitation::new(
        "cit-example".parse().unwrap(),
        defcoop::model::CitedTable::Agreements,
        "agr-adex-2024-military-technical-contracts"
            .parse()
            .unwrap(),
        Cite::at(
            "src-example-dataset".parse().unwrap(),
            row.clone(),
            Basis::Stated,
        ),
    ));
    data.identifiers.push(
        Identifier::new(
            "xid-example".parse().unwrap(),
            IdentifiedTable::Agreements,
            "agr-adex-2024-military-technical-contracts"
                .parse()
                .unwrap(),
            IdentifierScheme::Dataset,
            Text::new("EX-0412").unwrap(),
            Basis::Stated,
        )
        .with_cite(Cite::at(
            "src-example-dataset".parse().unwrap(),
            row,
            Basis::Stated,
        )),
    );
    let report = validate_dataset(&data, &Options::default()).unwrap();
    assert_eq!(report.findings, vec![], "the extended dataset is valid");

    let index = data.index();
    let variant = index
        .name_variant(&"nam-zakir-hasanov-z-hasanov".parse().unwrap())
        .expect("the bundled name variant");
    assert_eq!(variant.kind, NameKind::ShortForm);
    assert_eq!(variant.name.as_str(), "Z.Hasanov");
    let zakir = index
        .target(variant.record_table.table(), &variant.record_id)
        .expect("its official");
    assert_eq!(zakir.table(), Table::Officials);
    let names: Vec<&NameVariant> = data
        .name_variants_of(Table::Officials, "off-zakir-hasanov")
        .collect();
    assert_eq!(names.len(), 1);
    assert_eq!(
        data.citations_of(
            Table::Agreements,
            "agr-adex-2024-military-technical-contracts"
        )
        .count(),
        1
    );
    let ids: Vec<&Identifier> = data
        .identifiers_of(
            Table::Agreements,
            "agr-adex-2024-military-technical-contracts",
        )
        .collect();
    assert_eq!(ids.len(), 1);
    assert!(ids[0].is_well_formed());
    assert_eq!(NamedTable::Organizations.table(), Table::Organizations);
    // Locators and DOIs read and print as written, and refuse other text.
    for text in ["page 12", "section 3.2", "row DCAD-0412", "#career"] {
        assert_eq!(text.parse::<Locator>().unwrap().to_string(), text);
    }
    assert!("p. 12".parse::<Locator>().is_err());
    assert!(Doi::new("https://doi.org/10.1000/182").is_err());
}
