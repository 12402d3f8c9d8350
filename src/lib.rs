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
//! ## The model
//!
//! A dataset ([`model::Dataset`]) is thirteen tables ([`model::Table::ALL`]); a row of each is a
//! flat struct in [`model`] ([`model::Official`], [`model::Delegation`], [`model::Exhibition`],
//! [`model::Agreement`], and the [`model::Source`]s, [`model::Organization`]s,
//! [`model::Meeting`]s ... they need). Flat means a record is the same thing as a CSV row and as
//! a JSON object, with the same field names.
//!
//! - **Keys.** Every row has a typed, stable `id` with its table's prefix (`off-`, `del-`, ...);
//!   a field ending in `_id` refers to a row of another table, or of its own
//!   ([`model::Table::foreign_keys`]).
//! - **Citations and basis.** Every row but a source cites a source and a paragraph of it
//!   ([`model::Record::citation`]) and says on what [`model::Basis`] it is asserted: `stated`,
//!   `inferred`, `normalized` or `external`. What the source does not state stays empty.
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
//! assert_eq!(official.citation().unwrap().paragraph.get(), 5);
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
//! ([`generated`]).
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
//! [`rules::RULES`], a severity and a position. The library never writes, and never touches
//! the network.
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
//! `defcoop validate`, `defcoop schema`, `defcoop docs`, and `defcoop export` ([`export`]:
//! FollowTheMoney entities, Parquet files with the `parquet` feature, the key checks as SQL).
#![deny(missing_docs)]

#[cfg(feature = "validate")]
pub mod docs;
#[cfg(feature = "validate")]
pub mod export;
pub mod generated;
#[cfg(feature = "validate")]
pub mod input;
pub mod model;
pub mod package;
#[cfg(feature = "validate")]
pub mod report;
pub mod rules;
pub mod schema;
#[cfg(feature = "validate")]
pub mod synth;
#[cfg(feature = "validate")]
pub mod validate;
