//! Validates a dataset held in memory and reads the findings, located by table, record and
//! field; then asks for the validator's verdict on single records.
//!
//! Run with `cargo run --example validate_memory` (feature `validate`). `tests/examples.rs`
//! runs it.

use std::error::Error;

use defcoop::model::{Basis, CountryCode, Dataset, Table};
use defcoop::validate::{Finding, Options, check_record, check_typed, record_of, validate_dataset};

/// Breaks a copy of the bundled data in three ways, validates it in memory and returns the
/// findings.
pub fn run() -> Result<Vec<Finding>, Box<dyn Error>> {
    let mut data: Dataset = defcoop::package::bundled().clone();
    // A nationality without the basis it is asserted on (a record rule).
    data.officials[2].nationality = Some(CountryCode::new("TR")?);
    data.officials[2].nationality_basis = None;
    // A reference to no official (a package rule).
    data.delegations[0].head_official_id = "off-nobody".parse()?;
    // A duplicated id.
    data.positions[1].id = data.positions[0].id.clone();

    let report = validate_dataset(&data, &Options::default())?;
    println!("{} errors, {} warnings", report.errors, report.warnings);
    for f in &report.findings {
        let record = record_of(&data, f).map_or("-", |r| r.id());
        println!(
            "{} {} record {} ({record}) field {}: {}",
            f.code,
            f.table.map_or("-", Table::name),
            f.record.unwrap_or(0),
            f.field.as_deref().unwrap_or("-"),
            f.message
        );
    }

    // One record, as JSON: the verdict the validator gives it, formats and record rules too.
    let value = serde_json::json!({
        "id": "pos-x", "official_id": "off-x", "organization_id": "org-x",
        "title_as_reported": "Minister", "role": "minister", "acting": false,
        "as_of": "2024-02-30", "rank_nato": "OF-8",
        "source_id": "src-x", "paragraph": 1, "basis": "stated"
    });
    for f in check_record(Table::Positions, &value) {
        println!(
            "one record: {} {}: {}",
            f.code,
            f.field.as_deref().unwrap_or("-"),
            f.message
        );
    }
    // One typed record: the record rules and text rules.
    let mut official = data.officials[0].clone();
    official.nationality_basis = None;
    let typed = check_typed(&official);
    assert_eq!(typed[0].code, "basis.missing");
    official.nationality_basis = Some(Basis::Stated);
    assert!(check_typed(&official).is_empty());
    Ok(report.findings)
}

#[allow(dead_code)] // `tests/examples.rs` calls `run`, not `main`.
fn main() -> Result<(), Box<dyn Error>> {
    run()?;
    Ok(())
}
