//! Builds a small dataset in code, as an importer would from their own source, and writes it
//! as a data package of their own (CSV tables and `datapackage.json`), then reads it back.
//!
//! Run with `cargo run --example write_package -- OUT_DIR` (feature `write`; without
//! `OUT_DIR` the package goes to a fresh folder under the system's temporary folder).
//! `tests/examples.rs` runs it.

use std::error::Error;
use std::path::{Path, PathBuf};

use defcoop::model::{
    Agreement, AgreementKind, AgreementSigning, Basis, Cite, CountryCode, Dataset, Date,
    Delegation, DelegationMember, Domain, Meeting, MeetingKind, MemberRole, Official, Organization,
    OrganizationKind, Position, Quantity, Role, Sha256, Source, Text, ValueError, paragraph,
};
use defcoop::package::{License, PackageMeta, PackageSource, read_csv_dir, write_package};

/// Shorthand for a checked text.
fn text(s: &str) -> Result<Text, ValueError> {
    Text::new(s)
}

/// A dataset of one (made-up) wire report of a meeting of two ministers, built with the
/// records' constructors; tables it has nothing for stay empty.
pub fn build() -> Result<Dataset, ValueError> {
    let src = "src-example-wire-2025-03-02".parse()?;
    let p1 = Cite::new(src, 1, Basis::Stated)?;
    let p2 = Cite::new("src-example-wire-2025-03-02".parse()?, 2, Basis::Stated)?;
    let az: CountryCode = "AZ".parse()?;
    let tr: CountryCode = "TR".parse()?;

    let mut data = Dataset::default();
    data.sources.push(
        Source::new(
            "src-example-wire-2025-03-02".parse()?,
            text("Example Wire")?,
            Date::from_ymd(2025, 3, 2)?,
            text("en")?,
            Sha256::new("9f2b5c0e0c9a4f6d8e7a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e")?,
            paragraph(3)?,
        )
        .with_title(text("Ministers meet in Baku")?)
        .with_note(text("A made-up report, for the example.")?),
    );
    data.organizations.push(
        Organization::new(
            "org-az-mod".parse()?,
            text("Ministry of Defense of the Republic of Azerbaijan")?,
            OrganizationKind::Ministry,
            p1.with_basis(Basis::Inferred),
        )
        .with_country(az.clone()),
    );
    data.organizations.push(
        Organization::new(
            "org-tr-mod".parse()?,
            text("Ministry of National Defense of the Republic of Türkiye")?,
            OrganizationKind::Ministry,
            p1.clone(),
        )
        .with_country(tr.clone()),
    );
    data.officials.push(
        Official::new(
            "off-zakir-hasanov".parse()?,
            text("Zakir Həsənov")?,
            text("Zakir Hasanov")?,
            p1.with_basis(Basis::Normalized),
        )
        .with_nationality(az.clone(), Basis::Inferred),
    );
    data.officials.push(Official::new(
        "off-yasar-guler".parse()?,
        text("Yaşar Güler")?,
        text("Yasar Guler")?,
        p1.with_basis(Basis::Normalized),
    ));
    data.positions.push(
        Position::new(
            "pos-zakir-hasanov-minister".parse()?,
            "off-zakir-hasanov".parse()?,
            "org-az-mod".parse()?,
            text("Minister of Defense")?,
            Role::Minister,
            false,
            p1.clone(),
        )
        .with_as_of(Date::from_ymd(2025, 3, 1)?)
        .with_rank_as_reported(text("Colonel General")?)
        // The NATO code (OF-8) comes from the reference table, keyed by country and service.
        .with_rank(
            text("general-polkovnik")?,
            az.clone(),
            defcoop::model::Service::Joint,
            Basis::Normalized,
        ),
    );
    data.positions.push(Position::new(
        "pos-yasar-guler-minister".parse()?,
        "off-yasar-guler".parse()?,
        "org-tr-mod".parse()?,
        text("Minister of National Defense")?,
        Role::Minister,
        false,
        p1.clone(),
    ));
    data.meetings.push(
        Meeting::new(
            "mtg-baku-2025-03-01".parse()?,
            MeetingKind::Bilateral,
            p1.clone(),
        )
        .with_date(Date::from_ymd(2025, 3, 1)?),
    );
    for (side, country, org, head) in [
        ("az", &az, "org-az-mod", "off-zakir-hasanov"),
        ("tr", &tr, "org-tr-mod", "off-yasar-guler"),
    ] {
        let delegation = format!("del-baku-2025-{side}");
        data.delegations.push(
            Delegation::new(
                delegation.parse()?,
                "mtg-baku-2025-03-01".parse()?,
                country.clone(),
                head.parse()?,
                p1.with_basis(Basis::Inferred),
            )
            .with_organization_id(org.parse()?),
        );
        data.delegation_members.push(DelegationMember::new(
            format!("dm-baku-2025-{side}-head").parse()?,
            delegation.parse()?,
            head.parse()?,
            MemberRole::Head,
            p1.with_basis(Basis::Inferred),
        ));
    }
    // "Several contracts": a vague count of at least two, one row.
    data.agreements.push(Agreement::new(
        "agr-baku-2025-contracts".parse()?,
        AgreementKind::Contract,
        Domain::MilitaryTechnical,
        Quantity::vague(text("several")?, Some(2), None)?,
        p2.clone(),
    ));
    data.agreement_signings.push(AgreementSigning::new(
        "sig-baku-2025-contracts".parse()?,
        "agr-baku-2025-contracts".parse()?,
        "mtg-baku-2025-03-01".parse()?,
        p2,
    ));
    Ok(data)
}

/// The importer's own package metadata.
pub fn meta() -> Result<PackageMeta, ValueError> {
    Ok(
        PackageMeta::new("example-wire-2025", "Example Wire: defense meetings, 2025")?
            .with_description("Records derived from Example Wire's reports.")
            .with_version("0.1.0")
            .with_license(
                License::new("CC-BY-4.0")
                    .with_path("https://creativecommons.org/licenses/by/4.0/")
                    .with_title("Creative Commons Attribution 4.0"),
            )
            .with_source(
                PackageSource::new("Example Wire archive").with_path("https://example.org/wire"),
            ),
    )
}

/// Builds the dataset, writes it to `dir` and reads it back.
pub fn run(dir: &Path) -> Result<Dataset, Box<dyn Error>> {
    let data = build()?;
    write_package(&data, &meta()?, dir)?;
    let back = read_csv_dir(dir)?;
    assert_eq!(back, data, "the package reads back as written");
    println!(
        "wrote {} records in {} tables to {}",
        data.records().count(),
        defcoop::model::Table::ALL.len(),
        dir.display()
    );
    Ok(data)
}

#[allow(dead_code)] // `tests/examples.rs` calls `run`, not `main`.
fn main() -> Result<(), Box<dyn Error>> {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::temp_dir().join(format!("defcoop-example-{}", std::process::id()))
        });
    run(&dir)?;
    Ok(())
}
