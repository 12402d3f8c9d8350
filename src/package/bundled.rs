//! The bundled dataset, compiled into the crate.

use std::sync::OnceLock;

use crate::model::Dataset;

/// The JSON form of the bundled dataset, generated from the CSV tables.
const DATASET_JSON: &str = include_str!("../../data/defcoop.json");

/// The published files of the bundled package, paths relative to `data/`.
const FILES: &[(&str, &[u8])] = &[
    (
        "datapackage.json",
        include_bytes!("../../data/datapackage.json"),
    ),
    ("sources.csv", include_bytes!("../../data/sources.csv")),
    (
        "organizations.csv",
        include_bytes!("../../data/organizations.csv"),
    ),
    ("officials.csv", include_bytes!("../../data/officials.csv")),
    ("positions.csv", include_bytes!("../../data/positions.csv")),
    (
        "exhibitions.csv",
        include_bytes!("../../data/exhibitions.csv"),
    ),
    ("meetings.csv", include_bytes!("../../data/meetings.csv")),
    (
        "meeting_topics.csv",
        include_bytes!("../../data/meeting_topics.csv"),
    ),
    (
        "delegations.csv",
        include_bytes!("../../data/delegations.csv"),
    ),
    (
        "delegation_members.csv",
        include_bytes!("../../data/delegation_members.csv"),
    ),
    (
        "participant_groups.csv",
        include_bytes!("../../data/participant_groups.csv"),
    ),
    (
        "agreements.csv",
        include_bytes!("../../data/agreements.csv"),
    ),
    (
        "agreement_signings.csv",
        include_bytes!("../../data/agreement_signings.csv"),
    ),
    (
        "agreement_parties.csv",
        include_bytes!("../../data/agreement_parties.csv"),
    ),
    ("citations.csv", include_bytes!("../../data/citations.csv")),
    (
        "identifiers.csv",
        include_bytes!("../../data/identifiers.csv"),
    ),
    (
        "name_variants.csv",
        include_bytes!("../../data/name_variants.csv"),
    ),
];

/// The bundled dataset as typed records, parsed once from the JSON compiled into the crate.
///
/// The records come from one article (AzerNews via MENAFN, 24 September 2024): every record
/// cites its paragraph and says whether the article states it or the dataset infers or
/// normalizes it.
///
/// ```
/// use defcoop::model::{MemberRole, Official};
/// use defcoop::package::bundled;
///
/// let data = bundled();
/// let name_of = |id: &str| -> &str {
///     data.officials.iter().find(|o| o.id.as_str() == id).map_or("?", |o| o.name.as_str())
/// };
/// // Who led each side of each meeting.
/// for delegation in &data.delegations {
///     println!("{} {}: {}", delegation.meeting_id, delegation.side,
///              name_of(delegation.head_official_id.as_str()));
/// }
/// let ssb = data.delegations.iter().find(|d| d.id.as_str() == "del-ssb-tr").unwrap();
/// assert_eq!(name_of(ssb.head_official_id.as_str()), "Haluk Görgün");
///
/// // Names are kept both in native spelling and as the article reports them.
/// let gorgun: &Official = data.officials.iter().find(|o| o.id == ssb.head_official_id).unwrap();
/// assert_eq!(gorgun.name_as_reported.as_str(), "Haluk Gorgun");
///
/// // Every delegation's head is also one of its members, with the role `head`.
/// assert!(data.delegation_members.iter().any(|m| m.delegation_id == ssb.id
///     && m.official_id == ssb.head_official_id && m.role == MemberRole::Head));
///
/// // "Several contracts": a vague count, never invented individual rows.
/// let contracts = &data.agreements[0];
/// assert_eq!(contracts.count().unwrap().least(), 2);
/// ```
pub fn bundled() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| {
        // Not input: the JSON is generated, compiled in, and parsed by tests/bundled_data.rs.
        serde_json::from_str(DATASET_JSON)
            .expect("data/defcoop.json is checked by tests/bundled_data.rs")
    })
}

/// The files of the bundled package as published: `datapackage.json` and one CSV per table,
/// each with its path relative to `data/`. This lets the package be validated from memory,
/// exactly as it is shipped.
///
/// ```
/// let files = defcoop::package::bundled_files();
/// assert_eq!(files[0].0, "datapackage.json");
/// assert!(files.iter().any(|(path, _)| *path == "officials.csv"));
/// ```
pub fn bundled_files() -> &'static [(&'static str, &'static [u8])] {
    FILES
}
