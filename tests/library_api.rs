//! The library as another crate uses it: conversions of ids and vocabularies, typed errors,
//! building records, quantities, navigating a dataset, writing and reading JSON forms.

use std::collections::{BTreeMap, HashMap};

use defcoop::model::{
    AgreementKind, Basis, Cite, Dataset, Date, Domain, MeetingKind, MemberRole, NatoRank, Official,
    OfficialId, OrganizationKind, Quantity, QuantityError, QuantityKind, RecordRef, Role, Service,
    Sha256, SourceId, Table, Text, ValueError,
};
use defcoop::schema::record_schema;
use serde::Serialize;
use serde::de::DeserializeOwned;

#[test]
fn ids_convert_from_and_to_text() {
    let id: OfficialId = "off-haluk-gorgun".parse().unwrap();
    assert_eq!(OfficialId::try_from("off-haluk-gorgun").unwrap(), id);
    assert_eq!(
        OfficialId::try_from(String::from("off-haluk-gorgun")).unwrap(),
        id
    );
    assert_eq!(id.to_string(), "off-haluk-gorgun");
    assert_eq!(AsRef::<str>::as_ref(&id), "off-haluk-gorgun");
    assert!(id == "off-haluk-gorgun");
    // A map keyed by ids is looked up by text (Borrow<str>, with Hash and Ord agreeing).
    let mut by_id = HashMap::new();
    by_id.insert(id.clone(), 1);
    assert_eq!(by_id.get("off-haluk-gorgun"), Some(&1));
    let mut sorted = BTreeMap::new();
    sorted.insert(id, 2);
    assert_eq!(sorted.get("off-haluk-gorgun"), Some(&2));
    // The error says what and why, and can be matched.
    let err = "Jane Doe".parse::<OfficialId>().unwrap_err();
    assert!(matches!(&err, ValueError::Id { prefix: "off-", text, .. } if text == "Jane Doe"));
    assert_eq!(err.what(), "official id");
    assert!(
        err.to_string()
            .starts_with("official id: \"Jane Doe\" does not match ^off-")
    );
    assert!(
        "off-x".parse::<SourceId>().is_err(),
        "the prefix is the table's"
    );
}

#[test]
fn value_types_convert_and_refuse_by_kind() {
    assert_eq!(
        "2024-09-24".parse::<Date>().unwrap(),
        Date::from_ymd(2024, 9, 24).unwrap()
    );
    assert!(matches!(
        "2024-02-30".parse::<Date>(),
        Err(ValueError::NoSuchDay { .. })
    ));
    assert!(matches!(
        "24.09.2024".parse::<Date>(),
        Err(ValueError::DateFormat { .. })
    ));
    assert!(matches!(Text::new(""), Err(ValueError::EmptyText)));
    assert!(matches!(
        "XX".parse::<defcoop::model::CountryCode>(),
        Err(ValueError::CountryCode { .. })
    ));
    let hex = "fafae811af89d713b8b449b705e1cc1b1cc3bc8593281f797f7858096872cb29";
    let digest: Sha256 = hex.parse().unwrap();
    assert_eq!(digest.to_string(), hex);
    assert!(matches!(
        "ABC".parse::<Sha256>(),
        Err(ValueError::Sha256 { .. })
    ));
    assert!(matches!(
        Cite::new("src-a".parse().unwrap(), 0, Basis::Stated),
        Err(ValueError::ZeroParagraph)
    ));
    assert_eq!(
        "meeting_topics".parse::<Table>().unwrap(),
        Table::MeetingTopics
    );
    assert!(matches!(
        "people".parse::<Table>(),
        Err(ValueError::UnknownTable { .. })
    ));
    // Every error is a std::error::Error; a count error is the source of a value error.
    let err: ValueError = QuantityError::MinAboveMax.into();
    let source = std::error::Error::source(&err).expect("the count error is the source");
    assert_eq!(source.to_string(), "min is above max");
    assert_eq!(err.to_string(), "count: min is above max");
}

/// Checks a vocabulary: every variant's `as_str`, `Display` and serde form agree and read back,
/// and `ALL` lists exactly the values of the enum's JSON Schema (so no variant is missing).
fn vocabulary<T>(all: &[T], as_str: fn(&T) -> &'static str, table: Table, field: &str)
where
    T: Serialize
        + DeserializeOwned
        + std::str::FromStr
        + std::fmt::Display
        + PartialEq
        + Ord
        + Copy
        + std::fmt::Debug,
    <T as std::str::FromStr>::Err: std::fmt::Debug,
{
    for v in all {
        let stored = as_str(v);
        assert_eq!(serde_json::to_value(v).unwrap(), stored, "{v:?}");
        assert_eq!(v.to_string(), stored);
        assert_eq!(stored.parse::<T>().unwrap(), *v);
        assert_eq!(serde_json::from_value::<T>(stored.into()).unwrap(), *v);
    }
    assert!(
        all.windows(2).all(|w| w[0] < w[1]),
        "Ord follows declaration order"
    );
    let schema = record_schema(table);
    let listed: Vec<&str> = schema["properties"][field]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("{table}.{field} has an enum"))
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    let ours: Vec<&str> = all.iter().map(as_str).collect();
    assert_eq!(ours, listed, "{table}.{field}");
}

#[test]
fn vocabularies_have_one_stored_form() {
    vocabulary(Basis::ALL, |v| v.as_str(), Table::Officials, "basis");
    vocabulary(
        QuantityKind::ALL,
        |v| v.as_str(),
        Table::Agreements,
        "count_kind",
    );
    vocabulary(
        OrganizationKind::ALL,
        |v| v.as_str(),
        Table::Organizations,
        "kind",
    );
    vocabulary(Role::ALL, |v| v.as_str(), Table::Positions, "role");
    vocabulary(
        Service::ALL,
        |v| v.as_str(),
        Table::Positions,
        "rank_service",
    );
    vocabulary(NatoRank::ALL, |v| v.as_str(), Table::Positions, "rank_nato");
    vocabulary(MeetingKind::ALL, |v| v.as_str(), Table::Meetings, "kind");
    vocabulary(Domain::ALL, |v| v.as_str(), Table::Agreements, "domain");
    vocabulary(
        MemberRole::ALL,
        |v| v.as_str(),
        Table::DelegationMembers,
        "role",
    );
    vocabulary(
        AgreementKind::ALL,
        |v| v.as_str(),
        Table::Agreements,
        "kind",
    );
    assert_eq!(NatoRank::Of8.to_string(), "OF-8");
    assert_eq!(
        format!("{}", Role::FirstDeputyMinister),
        "first_deputy_minister"
    );
    let err = "Minister".parse::<Role>().unwrap_err();
    assert!(matches!(err, ValueError::Vocabulary { what: "role", .. }));
    assert!(
        err.to_string().contains("minister, first_deputy_minister"),
        "{err}"
    );
}

#[test]
fn quantities_build_serialize_and_refuse_by_kind() {
    let several = Quantity::vague(Text::new("several").unwrap(), Some(2), None).unwrap();
    let json = serde_json::to_string(&several).unwrap();
    assert_eq!(json, r#"{"kind":"vague","min":2,"term":"several"}"#);
    assert_eq!(serde_json::from_str::<Quantity>(&json).unwrap(), several);
    for q in [
        Quantity::Exact(3),
        Quantity::AtLeast(1),
        Quantity::range(2, 4).unwrap(),
        Quantity::Unknown,
    ] {
        let back: Quantity = serde_json::from_str(&serde_json::to_string(&q).unwrap()).unwrap();
        assert_eq!(back, q);
    }
    assert_eq!(Quantity::range(5, 2), Err(QuantityError::MinAboveMax));
    assert_eq!(
        Quantity::from_parts(QuantityKind::Vague, Some(2), None, None),
        Err(QuantityError::VagueNeedsTerm)
    );
    assert!(serde_json::from_str::<Quantity>(r#"{"kind":"exact","min":2}"#).is_err());
    // A record's count set from a quantity reads back as the same quantity.
    let mut contracts = defcoop::package::bundled().agreements[0].clone();
    contracts.set_count(Quantity::Exact(4));
    assert_eq!(
        (
            contracts.count_kind,
            contracts.count_min,
            contracts.count_max
        ),
        (QuantityKind::Exact, Some(4), Some(4))
    );
    assert_eq!(contracts.count().unwrap(), Quantity::Exact(4));
}

#[test]
fn constructors_rebuild_the_bundled_records() {
    // An official built with the constructor equals the one read from the bundled data.
    let data = defcoop::package::bundled();
    let read = data.get::<Official>("off-zakir-hasanov").unwrap();
    let cite = Cite::new(
        read.source_id.clone(),
        read.paragraph.unwrap().get(),
        read.basis,
    )
    .unwrap();
    let built = Official::new(
        read.id.clone(),
        read.name.clone(),
        read.name_as_reported.clone(),
        cite,
    )
    .with_nationality("AZ".parse().unwrap(), Basis::Inferred)
    .with_note(read.note.clone().unwrap());
    assert_eq!(&built, read);
}

#[test]
fn a_dataset_is_navigated_by_id_and_as_one_iterator() {
    let data = defcoop::package::bundled();
    let index = data.index();
    for d in &data.delegations {
        let head = index.official(&d.head_official_id).unwrap();
        assert_eq!(head.id, d.head_official_id);
        assert!(index.meeting(&d.meeting_id).is_some());
    }
    assert!(index.get::<Official>("off-nobody").is_none());
    assert_eq!(
        index
            .record(Table::Officials, "off-haluk-gorgun")
            .unwrap()
            .table(),
        Table::Officials
    );
    // One iterator over every record of every table, in table order.
    let total: usize = Table::ALL.iter().map(|&t| data.len_of(t)).sum();
    assert_eq!(data.records().count(), total);
    let tables: Vec<Table> = data.records().map(RecordRef::table).collect();
    assert!(tables.windows(2).all(|w| w[0] <= w[1]));
    for r in data.records() {
        assert_eq!(index.record(r.table(), r.id()), Some(r));
        for (key, id) in r.references() {
            assert!(
                index.contains(key.table, id),
                "{} {} -> {id}",
                r.table(),
                r.id()
            );
        }
    }
    // A reference serializes as its record.
    let first = data.records().next().unwrap();
    assert_eq!(
        serde_json::to_value(first).unwrap(),
        serde_json::to_value(&data.sources[0]).unwrap()
    );
}

#[test]
fn json_and_json_lines_written_read_back() {
    let data = defcoop::package::bundled();
    assert_eq!(
        defcoop::package::to_json(data).unwrap(),
        include_str!("../data/defcoop.json")
    );
    let dir = std::env::temp_dir().join(format!("defcoop-json-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let json = dir.join("dataset.json");
    defcoop::package::write_json(data, &json).unwrap();
    let back: Dataset = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(&back, data);
    let lines = dir.join("officials.jsonl");
    defcoop::package::write_json_lines(&data.officials, &lines).unwrap();
    let text = std::fs::read_to_string(&lines).unwrap();
    let officials: Vec<Official> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(officials, data.officials);
    #[cfg(feature = "validate")]
    {
        use defcoop::validate::{Input, Options, validate};
        let report = validate(&[Input::Path(json.clone())], &Options::default()).unwrap();
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
        let report = validate(&[Input::Path(lines.clone())], &Options::default()).unwrap();
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(feature = "write")]
#[test]
fn the_bundled_descriptor_is_the_bundled_metadata_and_others_get_their_own() {
    use defcoop::package::{License, PackageMeta, descriptor, descriptor_with};
    let data = defcoop::package::bundled();
    let bundled: serde_json::Value =
        serde_json::from_str(include_str!("../data/datapackage.json")).unwrap();
    assert_eq!(descriptor(data), bundled);
    let meta = PackageMeta::new("acme", "ACME")
        .unwrap()
        .with_license(License::new("ODbL-1.0"));
    let own = descriptor_with(data, &meta);
    assert_eq!(own["name"], "acme");
    assert_eq!(own["licenses"], serde_json::json!([{"name": "ODbL-1.0"}]));
    assert!(own.get("version").is_none());
    assert_eq!(own["resources"], bundled["resources"]);
    assert!(matches!(
        PackageMeta::new("ACME", "x"),
        Err(ValueError::PackageName { .. })
    ));
}

#[cfg(feature = "write")]
#[test]
fn a_folder_that_is_not_a_package_is_not_replaced() {
    use defcoop::package::{PackageMeta, WriteError, write_package};
    let dir = std::env::temp_dir().join(format!("defcoop-not-a-package-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let meta = PackageMeta::new("x", "x").unwrap();
    let err = write_package(defcoop::package::bundled(), &meta, &dir).unwrap_err();
    assert!(matches!(err, WriteError::NotAPackage { .. }), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "mine"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(feature = "write")]
#[test]
fn csv_errors_have_a_kind_and_their_io_source() {
    use defcoop::package::{CsvErrorKind, dataset_from_csv_files, read_csv_dir};
    let err = read_csv_dir(std::path::Path::new("no/such/folder")).unwrap_err();
    assert_eq!(err.kind, CsvErrorKind::Io);
    let source = std::error::Error::source(&err).expect("the I/O error is the source");
    assert!(source.downcast_ref::<std::io::Error>().is_some());
    let none: &[(&str, &[u8])] = &[];
    assert_eq!(
        dataset_from_csv_files(none).unwrap_err().kind,
        CsvErrorKind::MissingTable
    );
    let mut files: Vec<(&str, &[u8])> = defcoop::package::bundled_files().to_vec();
    for (path, bytes) in &mut files {
        if *path == "officials.csv" {
            *bytes = b"name,id\n";
        }
    }
    let err = dataset_from_csv_files(&files).unwrap_err();
    assert_eq!(
        (err.kind, err.line),
        (CsvErrorKind::Header, Some(1)),
        "{err}"
    );
}
