//! # defcoop
//!
//! The reference schema and validated data package for records of defense-cooperation events:
//! the officials who meet, the delegations they form, the exhibitions where they meet and the
//! agreements they sign, with the organizations, meetings and sources these cannot be stated
//! without.
//!
//! The crate has three parts: the **model** (one Rust type per table, from which every schema
//! and doc is generated), the **bundled data** (a small dataset compiled into the crate) and the
//! **validator** (checks third-party CSV, JSON and JSON Lines files against the same model).
//! People who write their own files rather than Rust read the generated schema docs:
//! `schema/docs/README.md` in the repository (an overview, an entity-relationship diagram and
//! a page per table).
//!
//! ## Four everyday tasks
//!
//! Each is also a runnable example under `examples/` (`bundled`, `write_package`,
//! `validate_memory`, `read_report`), which `tests/examples.rs` runs.
//!
//! **Query the bundled data.** Lookups by id go through an [`model::Index`] built once; ids
//! parse from text and compare with it; vocabularies print as stored.
//!
//! ```
//! use defcoop::model::{OfficialId, RecordRef};
//!
//! let data = defcoop::package::bundled();
//! let index = data.index();
//! for d in &data.delegations {
//!     let head = index.official(&d.head_official_id).expect("every head is an official");
//!     println!("{} ({}): {} led the {} side", d.meeting_id, d.basis, head.name, d.side);
//! }
//! let gorgun: OfficialId = "off-haluk-gorgun".parse()?;
//! let posts: Vec<_> = data.positions.iter().filter(|p| p.official_id == gorgun).collect();
//! assert_eq!(posts[0].role.to_string(), "agency_head");
//! // Every record of every table, as one iterator.
//! let cited_in_paragraph_7 = data
//!     .records()
//!     .filter(|r| r.citation().is_some_and(|c| c.paragraph.is_some_and(|p| p.get() == 7)))
//!     .count();
//! assert!(cited_in_paragraph_7 > 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **Build a dataset in code and write it as a package** (feature `write`, which brings only
//! the `csv` crate). Each record has a constructor taking its required fields, the citation
//! as one [`model::Cite`], and `with_*` methods for the optional fields.
//!
//! ```
//! # #[cfg(feature = "write")] {
//! use defcoop::model::{Basis, Cite, Dataset, Date, Official, Sha256, Source, Text, paragraph};
//! use defcoop::package::{License, PackageMeta, read_csv_dir, write_package};
//!
//! let mut data = Dataset::default();
//! data.sources.push(Source::new(
//!     "src-example-wire-2025-03-02".parse()?,
//!     Text::new("Example Wire")?,
//!     Date::from_ymd(2025, 3, 2)?,
//!     Text::new("en")?,
//!     Sha256::new("9f2b5c0e0c9a4f6d8e7a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e")?,
//!     paragraph(3)?,
//! ));
//! let cite = Cite::new("src-example-wire-2025-03-02".parse()?, 1, Basis::Stated)?;
//! data.officials.push(
//!     Official::new("off-jane-roe".parse()?, Text::new("Jane Roe")?, Text::new("Jane Roe")?, cite)
//!         .with_nationality("AZ".parse()?, Basis::Inferred),
//! );
//! let meta = PackageMeta::new("example-wire-2025", "Example Wire: defense meetings")?
//!     .with_license(License::new("CC-BY-4.0"));
//! let dir = std::env::temp_dir().join(format!("defcoop-doc-{}", std::process::id()));
//! write_package(&data, &meta, &dir)?; // CSV tables and datapackage.json, atomically
//! assert_eq!(read_csv_dir(&dir)?, data);
//! # std::fs::remove_dir_all(&dir)?;
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **Validate a dataset in memory and read the findings** (feature `validate`), located by
//! table, record and field rather than by lines of a text one never wrote; or get the
//! validator's verdict on one record.
//!
//! ```
//! # #[cfg(feature = "validate")] {
//! use defcoop::model::Table;
//! use defcoop::validate::{Options, check_record, validate_dataset};
//!
//! let mut data = defcoop::package::bundled().clone();
//! data.officials[0].nationality_basis = None;
//! let report = validate_dataset(&data, &Options::default())?;
//! let f = &report.findings[0];
//! assert_eq!((f.code, f.table, f.record), ("basis.missing", Some(Table::Officials), Some(1)));
//! assert_eq!(f.field.as_deref(), Some("nationality_basis"));
//!
//! let one = serde_json::to_value(&data.officials[0])?;
//! assert_eq!(check_record(Table::Officials, &one)[0].code, "basis.missing");
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! **Read a `--format json` report back** into the crate's types (a finding under a code the
//! catalogue [`rules::RULES`] does not know is refused).
//!
//! ```
//! # #[cfg(feature = "validate")] {
//! use defcoop::validate::{Input, Options, Report, validate};
//!
//! let report = validate(&[Input::Bundled], &Options::default())?;
//! let json = defcoop::report::json::render(&report); // what `defcoop validate --format json` prints
//! let back: Report = serde_json::from_str(&json)?;
//! assert_eq!(back, report);
//! let unknown = json.replace("\"findings\": []", r#""findings": [{"severity": "error",
//!     "code": "no.such-rule", "message": "", "file": null, "table": null, "line": null,
//!     "column": null, "field": null, "record": null, "value": null, "hint": null}]"#);
//! assert!(serde_json::from_str::<Report>(&unknown).is_err());
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## The model
//!
//! A dataset ([`model::Dataset`]) is sixteen tables ([`model::Table::ALL`]); a row of each is a
//! flat struct in [`model`] ([`model::Official`], [`model::Delegation`], [`model::Exhibition`],
//! [`model::Agreement`], and the [`model::Source`]s, [`model::Organization`]s,
//! [`model::Meeting`]s ... they need). Flat means a record is the same thing as a CSV row and as
//! a JSON object, with the same field names.
//!
//! - **Keys.** Every row has a typed, stable `id` with its table's prefix (`off-`, `del-`, ...);
//!   a field ending in `_id` refers to a row of another table, or of its own
//!   ([`model::Table::foreign_keys`]).
//! - **Citations and basis.** Every row but a source cites a source and a place in it, a
//!   paragraph or a [`model::Locator`] (`page 12`, `row DCAD-0412`) ([`model::Record::citation`]),
//!   and says on what [`model::Basis`] it is asserted: `stated`, `inferred`, `normalized` or
//!   `external`; further sources go into `citations`. What the source does not state stays
//!   empty.
//! - **Quantities.** A count the source gives loosely ("several contracts") is a
//!   [`model::Quantity`] kept in flat `count_kind`, `count_min`, `count_max`, `count_term`
//!   fields, never invented rows.
//!
//! Values are checked when they are built, so a record that exists is well formed:
//!
//! ```
//! use defcoop::model::{Agreement, Basis, Official, Quantity, Record};
//!
//! let official: Official = serde_json::from_str(r#"{
//!     "id": "off-haluk-gorgun",
//!     "name": "Haluk Görgün",
//!     "name_as_reported": "Haluk Gorgun",
//!     "source_id": "src-azernews-2024-09-24",
//!     "paragraph": 5,
//!     "basis": "normalized"
//! }"#)?;
//! assert_eq!(official.id(), "off-haluk-gorgun");
//! assert_eq!(official.basis, Basis::Normalized);
//! assert_eq!(official.citation().unwrap().paragraph.map(|p| p.get()), Some(5));
//! assert_eq!(official.nationality, None); // unknown stays unknown
//!
//! // An id without its table's prefix is refused, with a reason.
//! let wrong = r#"{"id": "Haluk Gorgun", "name": "Haluk Görgün", "name_as_reported": "Haluk Gorgun",
//!     "source_id": "src-azernews-2024-09-24", "paragraph": 5, "basis": "stated"}"#;
//! assert!(serde_json::from_str::<Official>(wrong).is_err());
//!
//! // "Several contracts": a vague count that implies at least two, not two invented rows.
//! let contracts: Agreement = serde_json::from_str(r#"{
//!     "id": "agr-adex-2024-contracts", "kind": "contract", "domain": "military_technical",
//!     "count_kind": "vague", "count_min": 2, "count_term": "several",
//!     "source_id": "src-azernews-2024-09-24", "paragraph": 7, "basis": "stated"
//! }"#)?;
//! let count = contracts.count()?;
//! assert!(matches!(count, Quantity::Vague { .. }));
//! assert_eq!(count.least(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Generated schemas and docs
//!
//! [`schema`] turns the types into a flat JSON Schema (draft 2020-12) per table and for the whole
//! dataset, and a Frictionless Table Schema per table with its primary and foreign keys. The
//! schema docs (`docs`, with the `validate` feature) are generated from the same schemas, the
//! keys and the [`rules`] catalogue. All of them are committed under `schema/`, written by
//! `defcoop schema` and `defcoop docs`, and a test fails when they drift from the types
//! (`generated`).
//!
//! ## What is public API
//!
//! [`model`], [`schema`], [`rules`], [`package`], [`report`] (the report types, and their
//! renderings with the `validate` feature), `validate` (with an [`Options`](crate::validate)
//! builder) and `export`. The input readers (`input`), generated-file writing (`generated`),
//! docs generation (`docs`) and the synthetic packages (`synth`) are the crate's internals:
//! public only with the non-default `internals` feature, which the command line, the
//! benchmarks and the fuzz targets turn on, and without any stability promise.
//!
//! ```
//! use defcoop::model::Table;
//! use defcoop::schema;
//!
//! let officials = schema::record_schema(Table::Officials);
//! assert_eq!(officials["properties"]["id"]["pattern"], "^off-[a-z0-9]+(-[a-z0-9]+)*$");
//! // Enum meanings travel with the schema, from the doc comments of the Rust enums.
//! assert!(officials["properties"]["basis"]["x-enumDescriptions"]["inferred"].is_string());
//!
//! let positions = schema::table_schema(Table::Positions);
//! assert_eq!(positions["primaryKey"][0], "id");
//! assert_eq!(positions["foreignKeys"][0]["reference"]["resource"], "officials");
//! ```
//!
//! ## The bundled data
//!
//! [`package::bundled`] gives a small, exact dataset compiled into the crate (the meetings of
//! Azerbaijan's and Türkiye's defense officials at ADEX 2024, derived from one article), as
//! typed records, so another crate needs no file at run time; `data/` holds the same data as
//! CSV tables with a Frictionless descriptor.
//!
//! ```
//! let dataset: &defcoop::model::Dataset = defcoop::package::bundled();
//! let ssb = dataset
//!     .delegations
//!     .iter()
//!     .find(|d| d.id.as_str() == "del-ssb-tr")
//!     .expect("the Turkish defense-industry delegation");
//! assert_eq!(ssb.head_official_id.as_str(), "off-haluk-gorgun");
//! assert_eq!(dataset.officials.len(), 12);
//! ```
//!
//! ## Validation
//!
//! With the `validate` feature (on by default), `validate::validate` checks files, whole
//! packages or the bundled data in three stages, file, record and package, and reports every
//! problem found rather than stopping at the first. Each finding carries a stable code from
//! [`rules::RULES`], a severity and a position. The validator never writes, and nothing in the
//! crate touches the network.
//!
//! What the published JSON Schemas (`schema/json/`) check on their own is less than what the
//! validator checks: a JSON Schema validator leaves `format` unchecked unless it is told to
//! check formats (so `2024-02-30` passes as a date), and no JSON Schema holds the record
//! rules (`basis.missing`, `quantity.inconsistent`, `date.order`, `rank.*`), the text rules
//! (`text.*`) or anything across records (unique ids, references, `delegation.head`, ...).
//! For the validator's verdict on one record, call `validate::check_record` (or
//! `validate::check_typed`); for a whole dataset in memory, `validate::validate_dataset`.
//!
//! ```
//! # #[cfg(feature = "validate")] {
//! use defcoop::validate::{Input, Options, validate};
//!
//! let report = validate(&[Input::Bundled], &Options::default())?;
//! assert!(report.valid, "the bundled data is valid");
//! for finding in &report.findings {
//!     eprintln!("{finding:?}");
//! }
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ```
//! use defcoop::rules::{self, Severity};
//!
//! let rule = rules::rule("key.unresolved").unwrap();
//! assert_eq!(rule.severity, Severity::Error);
//! assert!(rules::rule("no.such-rule").is_none());
//! ```
//!
//! The `defcoop` command line (feature `cli`) is a thin shell over the same library:
//! `defcoop validate`, `defcoop schema`, `defcoop docs`, `defcoop completions`, `defcoop man`,
//! and `defcoop export` ([`export`]: FollowTheMoney entities, Parquet files with the `parquet`
//! feature, the key checks as SQL).
#![deny(missing_docs)]

mod atomic;

/// Declares a module that is not public API: public with the `internals` feature (which the
/// command line, the benchmarks and the fuzz targets turn on), crate-private otherwise.
macro_rules! internal {
    ($(#[$attr:meta])* mod $name:ident;) => {
        $(#[$attr])*
        #[cfg(feature = "internals")]
        pub mod $name;
        $(#[$attr])*
        #[cfg(not(feature = "internals"))]
        #[allow(dead_code, unused_imports)]
        mod $name;
    };
}

internal! {
    #[cfg(feature = "validate")]
    mod docs;
}
#[cfg(feature = "validate")]
pub mod export;
internal! {
    mod generated;
}
internal! {
    #[cfg(feature = "write")]
    mod input;
}
pub mod model;
pub mod package;
pub mod report;
pub mod rules;
pub mod schema;
#[cfg(feature = "validate")]
pub mod split;
internal! {
    #[cfg(feature = "validate")]
    mod synth;
}
#[cfg(feature = "validate")]
pub mod validate;
