//! A seeded generator of synthetic, valid packages, for benchmarks, tests and fuzzing seeds.
//! Every row is built from the typed records, so it is valid by construction; the tables are
//! scaled with the number of officials (one position and one delegation membership each, a
//! meeting per ten officials, an organization and an agreement per hundred, a source per
//! thousand, an exhibition per ten thousand).
//!
//! ```
//! let dir = std::env::temp_dir().join(format!("defcoop-synth-doc-{}", std::process::id()));
//! defcoop::synth::write_package(&dir, 50, 7).unwrap();
//! assert!(dir.join("datapackage.json").exists());
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

use std::error::Error;
use std::num::NonZeroU32;
use std::path::Path;

use crate::model::*;

/// splitmix64: a small, well-known generator; enough for synthetic data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const GIVEN: &[&str] = &[
    "Ayşe", "Mehmet", "Elif", "Kərim", "Leyla", "Orhan", "Nərgiz", "Selim", "Zeynep", "Tural",
    "Anna", "Jonas", "Maria", "Pedro", "Olga", "Ivan", "Sofia", "Lukas", "Emma", "Noah",
];
const FAMILY: &[&str] = &[
    "Yılmaz",
    "Kaya",
    "Demir",
    "Əliyev",
    "Həsənli",
    "Şahin",
    "Çelik",
    "Məmmədov",
    "Öztürk",
    "Aydın",
    "Novak",
    "Silva",
    "Berg",
    "Costa",
    "Horvat",
    "Nowak",
    "Larsen",
    "Rossi",
];
const COUNTRIES: &[&str] = &["AZ", "TR", "PL", "DE", "FR", "GB", "US", "KZ", "GE", "PK"];
const PARAGRAPHS: u32 = 12;

fn id<T>(make: fn(String) -> Result<T, ValueError>, prefix: &str, n: u64) -> T {
    make(format!("{prefix}{n}")).expect("synthetic ids are well formed")
}

fn text(s: impl Into<String>) -> Text {
    Text::new(s).expect("synthetic text is not empty")
}

fn writer(dir: &Path, table: Table) -> Result<csv::Writer<std::fs::File>, Box<dyn Error>> {
    Ok(csv::Writer::from_path(
        dir.join(format!("{}.csv", table.name())),
    )?)
}

/// Writes a valid package of `rows` officials into `dir` (created if needed): one CSV per
/// table, every other table scaled with `rows`, and `datapackage.json`. The same `rows` and
/// `seed` always give the same bytes.
pub fn write_package(dir: &Path, rows: u64, seed: u64) -> Result<(), Box<dyn Error>> {
    std::fs::create_dir_all(dir)?;
    let mut rng = Rng(seed);
    let n_sources = (rows / 1000).max(1);
    let n_orgs = (rows / 100).max(1);
    let n_exhibitions = (rows / 10_000).max(1);
    let n_meetings = (rows / 10).max(1);
    let n_agreements = (rows / 100).max(1);
    let paragraph = NonZeroU32::new(1).expect("1 is not zero");
    let cite = |rng: &mut Rng| {
        (
            id(SourceId::new, "src-", rng.below(n_sources)),
            NonZeroU32::new(1 + rng.below(PARAGRAPHS as u64) as u32).unwrap_or(paragraph),
        )
    };
    let day = |n: u64| {
        PartialDate::parse(&format!("2024-{:02}-{:02}", 1 + (n % 12), 1 + (n % 28)))
            .expect("a real day")
    };

    let mut w = writer(dir, Table::Sources)?;
    for i in 0..n_sources {
        w.serialize(Source {
            id: id(SourceId::new, "src-", i),
            title: Some(text(format!("Synthetic report {i}"))),
            publisher: text("Synthetic Press"),
            syndicator: None,
            // Published after every event it reports (all in 2024).
            published: Some(
                Date::parse(&format!("2025-{:02}-{:02}", 1 + (i % 12), 1 + (i % 28)))
                    .expect("a real day")
                    .into(),
            ),
            language: text("en"),
            url: None,
            doi: None,
            kind: None,
            version: None,
            retrieved: None,
            sha256: Some(Sha256::new(format!("{:064x}", i)).expect("64 hex digits")),
            paragraphs: Some(NonZeroU32::new(PARAGRAPHS).unwrap_or(paragraph)),
            note: None,
        })?;
    }
    w.flush()?;

    let mut w = writer(dir, Table::Organizations)?;
    for i in 0..n_orgs {
        let (source_id, paragraph) = cite(&mut rng);
        w.serialize(Organization {
            id: id(OrganizationId::new, "org-", i),
            name: text(format!("Ministry of Defense {i}")),
            name_as_reported: None,
            acronym: None,
            kind: OrganizationKind::Ministry,
            country: Some(CountryCode::new(*rng.pick(COUNTRIES))?),
            parent_id: (i > 0 && i % 5 == 0).then(|| id(OrganizationId::new, "org-", i - 1)),
            source_id,
            paragraph: Some(paragraph),
            locator: None,
            basis: Basis::Stated,
            note: None,
        })?;
    }
    w.flush()?;

    let mut officials = writer(dir, Table::Officials)?;
    let mut positions = writer(dir, Table::Positions)?;
    for i in 0..rows {
        let name = format!("{} {}", rng.pick(GIVEN), rng.pick(FAMILY));
        let (source_id, paragraph) = cite(&mut rng);
        let known = rng.below(3) == 0;
        officials.serialize(Official {
            id: id(OfficialId::new, "off-", i),
            name: text(name.clone()),
            name_as_reported: text(name),
            honorific: (i % 4 == 0).then(|| text("Mr.")),
            nationality: if known {
                Some(CountryCode::new(*rng.pick(COUNTRIES))?)
            } else {
                None
            },
            nationality_basis: known.then_some(Basis::Inferred),
            source_id: source_id.clone(),
            paragraph: Some(paragraph),
            locator: None,
            basis: Basis::Stated,
            note: None,
        })?;
        positions.serialize(Position {
            id: id(PositionId::new, "pos-", i),
            official_id: id(OfficialId::new, "off-", i),
            organization_id: id(OrganizationId::new, "org-", rng.below(n_orgs)),
            title_as_reported: text("Deputy Minister of Defense"),
            role: Role::DeputyMinister,
            acting: Some(i % 17 == 0),
            as_of: Some(day(i)),
            start_date: None,
            end_date: None,
            rank_as_reported: (i % 3 == 0).then(|| text("Lieutenant General")),
            rank_native: None,
            rank_country: None,
            rank_service: None,
            rank_nato: None,
            rank_basis: None,
            source_id,
            paragraph: Some(paragraph),
            locator: None,
            basis: Basis::Stated,
            note: None,
        })?;
    }
    officials.flush()?;
    positions.flush()?;

    let mut w = writer(dir, Table::Exhibitions)?;
    for i in 0..n_exhibitions {
        let (source_id, paragraph) = cite(&mut rng);
        w.serialize(Exhibition {
            id: id(ExhibitionId::new, "exh-", i),
            name: text(format!("Defense Exhibition {i}")),
            acronym: Some(text("DEX")),
            edition: NonZeroU32::new(1 + i as u32),
            edition_as_reported: None,
            city: Some(text("Baku")),
            country: Some(CountryCode::new("AZ")?),
            venue_as_reported: None,
            start_date: Some(PartialDate::parse("2024-01-01")?),
            end_date: Some(PartialDate::parse("2024-12-31")?),
            source_id,
            paragraph: Some(paragraph),
            locator: None,
            basis: Basis::Stated,
            note: None,
        })?;
    }
    w.flush()?;

    // Each meeting has two delegations (one when there is a single official); every official is in exactly one, the first member
    // of each delegation being its head.
    let mut meetings = writer(dir, Table::Meetings)?;
    let mut topics = writer(dir, Table::MeetingTopics)?;
    let mut delegations = writer(dir, Table::Delegations)?;
    let mut members = writer(dir, Table::DelegationMembers)?;
    // One official cannot head both sides of a meeting: with a single official, a meeting
    // has one delegation.
    let sides: u64 = if rows < 2 { 1 } else { 2 };
    let n_delegations = n_meetings * sides;
    for m in 0..n_meetings {
        let (source_id, paragraph) = cite(&mut rng);
        meetings.serialize(Meeting {
            id: id(MeetingId::new, "mtg-", m),
            date: Some(day(m)),
            exhibition_id: Some(id(ExhibitionId::new, "exh-", rng.below(n_exhibitions))),
            city: None,
            country: None,
            venue_as_reported: None,
            kind: if m % 2 == 0 {
                MeetingKind::Expanded
            } else {
                MeetingKind::Delegation
            },
            follows_id: (m % 2 == 1).then(|| id(MeetingId::new, "mtg-", m - 1)),
            source_id: source_id.clone(),
            paragraph: Some(paragraph),
            locator: None,
            basis: Basis::Stated,
            note: None,
        })?;
        topics.serialize(MeetingTopic {
            id: id(MeetingTopicId::new, "top-", m),
            meeting_id: id(MeetingId::new, "mtg-", m),
            domain: Domain::MilitaryTechnical,
            topic_as_reported: text("military-technical cooperation"),
            source_id: source_id.clone(),
            paragraph: Some(paragraph),
            locator: None,
            basis: Basis::Stated,
            note: None,
        })?;
        for side in 0..sides {
            let d = m * sides + side;
            // Officials d, d + n_delegations, d + 2 n_delegations, ... belong to delegation d.
            let head = d.min(rows.saturating_sub(1));
            delegations.serialize(Delegation {
                id: id(DelegationId::new, "del-", d),
                meeting_id: id(MeetingId::new, "mtg-", m),
                side: CountryCode::new(COUNTRIES[side as usize])?,
                organization_id: Some(id(OrganizationId::new, "org-", rng.below(n_orgs))),
                head_official_id: id(OfficialId::new, "off-", head),
                source_id: source_id.clone(),
                paragraph: Some(paragraph),
                locator: None,
                basis: Basis::Stated,
                note: None,
            })?;
        }
    }
    for o in 0..rows {
        let d = o % n_delegations;
        let is_head = o < n_delegations;
        let (source_id, paragraph) = cite(&mut rng);
        members.serialize(DelegationMember {
            id: id(DelegationMemberId::new, "dm-", o),
            delegation_id: id(DelegationId::new, "del-", d),
            official_id: id(OfficialId::new, "off-", o),
            role: if is_head {
                MemberRole::Head
            } else {
                MemberRole::Member
            },
            source_id,
            paragraph: Some(paragraph),
            locator: None,
            basis: Basis::Inferred,
            note: None,
        })?;
    }
    // With fewer officials than delegations, the last official heads the rest as well.
    for d in rows..n_delegations {
        let (source_id, paragraph) = cite(&mut rng);
        members.serialize(DelegationMember {
            id: id(DelegationMemberId::new, "dm-", rows + d),
            delegation_id: id(DelegationId::new, "del-", d),
            official_id: id(OfficialId::new, "off-", rows.saturating_sub(1)),
            role: MemberRole::Head,
            source_id,
            paragraph: Some(paragraph),
            locator: None,
            basis: Basis::Inferred,
            note: None,
        })?;
    }
    meetings.flush()?;
    topics.flush()?;
    delegations.flush()?;
    members.flush()?;

    let mut groups = writer(dir, Table::ParticipantGroups)?;
    let mut agreements = writer(dir, Table::Agreements)?;
    let mut signings = writer(dir, Table::AgreementSignings)?;
    let mut parties = writer(dir, Table::AgreementParties)?;
    for a in 0..n_agreements {
        let (source_id, paragraph) = cite(&mut rng);
        let meeting = rng.below(n_meetings);
        groups.serialize(ParticipantGroup {
            id: id(ParticipantGroupId::new, "grp-", a),
            meeting_id: id(MeetingId::new, "mtg-", meeting),
            delegation_id: Some(id(DelegationId::new, "del-", meeting * sides)),
            country: None,
            description: text("heads of defense companies"),
            count_kind: QuantityKind::Vague,
            count_min: Some(2),
            count_max: None,
            count_term: Some(text("several")),
            source_id: source_id.clone(),
            paragraph: Some(paragraph),
            locator: None,
            basis: Basis::Stated,
            note: None,
        })?;
        agreements.serialize(Agreement {
            id: id(AgreementId::new, "agr-", a),
            kind: AgreementKind::Contract,
            domain: Domain::MilitaryTechnical,
            title: None,
            signed_date: Some(day(meeting)),
            count_kind: QuantityKind::Exact,
            count_min: Some(1),
            count_max: Some(1),
            count_term: None,
            source_id: source_id.clone(),
            paragraph: Some(paragraph),
            locator: None,
            basis: Basis::Stated,
            note: None,
        })?;
        signings.serialize(AgreementSigning {
            id: id(AgreementSigningId::new, "sig-", a),
            agreement_id: id(AgreementId::new, "agr-", a),
            meeting_id: id(MeetingId::new, "mtg-", meeting),
            source_id: source_id.clone(),
            paragraph: Some(paragraph),
            locator: None,
            basis: Basis::Stated,
            note: None,
        })?;
        for side in 0..2u64 {
            parties.serialize(AgreementParty {
                id: id(AgreementPartyId::new, "pty-", a * 2 + side),
                agreement_id: id(AgreementId::new, "agr-", a),
                country: Some(CountryCode::new(COUNTRIES[side as usize])?),
                organization_id: None,
                source_id: source_id.clone(),
                paragraph: Some(paragraph),
                locator: None,
                basis: Basis::Inferred,
                note: None,
            })?;
        }
    }
    groups.flush()?;
    agreements.flush()?;
    signings.flush()?;
    parties.flush()?;

    write_descriptor(dir, rows)
}

fn write_descriptor(dir: &Path, rows: u64) -> Result<(), Box<dyn Error>> {
    // The package has the tables of schema v1 only (the optional v2 tables are left out).
    let resources: Vec<serde_json::Value> = Table::ALL
        .iter()
        .filter(|t| !t.optional())
        .map(|t| {
            serde_json::json!({
                "name": t.name(),
                "path": format!("{}.csv", t.name()),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": crate::schema::table_schema(*t),
            })
        })
        .collect();
    let descriptor = serde_json::json!({
        "profile": "tabular-data-package",
        "name": format!("defcoop-synthetic-{rows}"),
        "title": "Synthetic defcoop package (benchmarks and tests)",
        "resources": resources,
    });
    std::fs::write(
        dir.join("datapackage.json"),
        serde_json::to_string_pretty(&descriptor)?,
    )?;
    Ok(())
}
