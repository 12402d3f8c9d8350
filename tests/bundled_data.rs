//! The bundled dataset says what the article says: content checks on the records, plus the
//! checks that its CSV, JSON and descriptor forms agree and that every reference resolves.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use defcoop::model::{
    AgreementKind, Basis, Dataset, Domain, MeetingKind, MemberRole, QuantityKind, Record, Table,
    TableVisitor, nato_rank,
};
use defcoop::package::{bundled, bundled_files};
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

const SOURCE: &str = "src-azernews-2024-09-24-hasanov-guler-adex";
const ARTICLE_SHA256: &str = "fafae811af89d713b8b449b705e1cc1b1cc3bc8593281f797f7858096872cb29";

fn data_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data"))
}

fn ids<R: Record>(rows: &[R]) -> Vec<&str> {
    rows.iter().map(Record::id).collect()
}

#[test]
fn one_source_with_its_digest_and_paragraph_count() {
    let data = bundled();
    assert_eq!(data.sources.len(), 1);
    let source = &data.sources[0];
    assert_eq!(source.id.as_str(), SOURCE);
    assert_eq!(source.sha256.as_ref().unwrap().as_str(), ARTICLE_SHA256);
    assert_eq!(source.paragraphs.map(|p| p.get()), Some(7));
    assert_eq!(source.publisher.as_str(), "AzerNews");
    assert_eq!(
        source.syndicator.as_ref().map(|s| s.as_str()),
        Some("MENAFN")
    );
    assert_eq!(source.published.unwrap().to_string(), "2024-09-24");
    assert_eq!(source.title, None);
    assert_eq!(source.url, None);
}

#[test]
fn twelve_named_officials_in_native_and_reported_spelling() {
    let data = bundled();
    assert_eq!(data.officials.len(), 12);
    let names: HashMap<&str, (&str, &str)> = data
        .officials
        .iter()
        .map(|o| {
            (
                o.id.as_str(),
                (o.name.as_str(), o.name_as_reported.as_str()),
            )
        })
        .collect();
    for (id, name, reported) in [
        ("off-zakir-hasanov", "Zakir Həsənov", "Zakir Hasanov"),
        ("off-yasar-guler", "Yaşar Güler", "Yaşar Güler"),
        ("off-karim-valiyev", "Kərim Vəliyev", "Karim Valiyev"),
        ("off-agil-gurbanov", "Aqil Qurbanov", "Agil Gurbanov"),
        ("off-namig-islamzade", "Namiq İslamzadə", "Namig Islamzade"),
        ("off-bakhtiyar-ersay", "Bahtiyar Ersay", "Bakhtiyar Ersay"),
        ("off-metin-gurak", "Metin Gürak", "Metin Gürak"),
        (
            "off-ercument-tatlioglu",
            "Ercüment Tatlıoğlu",
            "Ercüment Tatlıoğlu",
        ),
        (
            "off-selcuk-bayraktaroglu",
            "Selçuk Bayraktaroğlu",
            "Selçuk Bayraktaroğlu",
        ),
        (
            "off-ziya-cemal-kadioglu",
            "Ziya Cemal Kadıoğlu",
            "Ziya Cemal Kadıoğlu",
        ),
        ("off-cahit-bagci", "Cahit Bağcı", "Cahit Bagci"),
        ("off-haluk-gorgun", "Haluk Görgün", "Haluk Gorgun"),
    ] {
        assert_eq!(names.get(id), Some(&(name, reported)), "{id}");
    }
    // Where the canonical spelling differs from the reported one, the record says it was
    // normalized, or taken from outside the article (a spelling no transliteration gives).
    for o in &data.officials {
        if o.name != o.name_as_reported {
            assert!(
                matches!(o.basis, Basis::Normalized | Basis::External),
                "{}",
                o.id
            );
        }
    }
    let external: Vec<&str> = data
        .officials
        .iter()
        .filter(|o| o.basis == Basis::External)
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(external, ["off-bakhtiyar-ersay"]);
    // Names and words that the article does not give are marked as outside knowledge.
    for id in ["org-tr-ssb", "org-az-general-staff"] {
        let org = data
            .organizations
            .iter()
            .find(|o| o.id.as_str() == id)
            .unwrap();
        assert_eq!(org.basis, Basis::External, "{id}");
        assert!(
            org.note
                .as_ref()
                .is_some_and(|n| n.as_str().contains("outside the article")),
            "{id}"
        );
    }
}

#[test]
fn nationality_only_where_known_and_never_as_stated() {
    let data = bundled();
    for o in &data.officials {
        assert_eq!(
            o.nationality.is_some(),
            o.nationality_basis.is_some(),
            "{}: nationality and its basis go together",
            o.id
        );
        // The article states no one's nationality: a post makes it inferred at most.
        assert_ne!(o.nationality_basis, Some(Basis::Stated), "{}", o.id);
    }
    let ersay = data
        .officials
        .iter()
        .find(|o| o.id.as_str() == "off-bakhtiyar-ersay")
        .unwrap();
    assert_eq!(ersay.nationality, None, "side is not nationality");
    assert_eq!(ersay.nationality_basis, None);
}

#[test]
fn the_exhibition_is_the_fifth_adex_with_unknown_dates() {
    let data = bundled();
    assert_eq!(data.exhibitions.len(), 1);
    let adex = &data.exhibitions[0];
    assert_eq!(adex.acronym.as_ref().map(|a| a.as_str()), Some("ADEX"));
    assert_eq!(adex.edition.map(|e| e.get()), Some(5));
    assert_eq!(
        adex.edition_as_reported.as_ref().map(|e| e.as_str()),
        Some("5th Anniversary")
    );
    assert_eq!(adex.country.as_ref().map(|c| c.as_str()), Some("AZ"));
    assert_eq!(adex.start_date, None);
    assert_eq!(adex.end_date, None);
    assert_eq!(adex.basis, Basis::Normalized);
}

#[test]
fn two_meetings_in_order() {
    let data = bundled();
    assert_eq!(
        ids(&data.meetings),
        ["mtg-adex-2024-expanded", "mtg-adex-2024-ssb-delegation"]
    );
    let (first, second) = (&data.meetings[0], &data.meetings[1]);
    assert_eq!(first.kind, MeetingKind::Expanded);
    assert_eq!(
        first.date.map(|d| d.to_string()).as_deref(),
        Some("2024-09-24")
    );
    assert_eq!(first.follows_id, None);
    assert_eq!(second.kind, MeetingKind::Delegation);
    assert_eq!(second.follows_id.as_ref(), Some(&first.id), "\"Then\"");
    assert_eq!(
        second.date, None,
        "the article does not date the second meeting"
    );
    assert_eq!(second.basis, Basis::Inferred);
    // Topics of both meetings, in the normalized domains.
    let domains = |m: &str| -> HashSet<Domain> {
        data.meeting_topics
            .iter()
            .filter(|t| t.meeting_id.as_str() == m)
            .map(|t| t.domain)
            .collect()
    };
    let first_domains = domains("mtg-adex-2024-expanded");
    for d in [
        Domain::Military,
        Domain::MilitaryTechnical,
        Domain::MilitaryEducational,
        Domain::MilitaryMedical,
        Domain::BilateralRelations,
        Domain::RegionalSecurity,
    ] {
        assert!(first_domains.contains(&d), "{d:?}");
    }
    assert!(domains("mtg-adex-2024-ssb-delegation").contains(&Domain::MilitaryTechnical));
}

#[test]
fn each_delegation_has_its_head_as_its_one_head_member() {
    let data = bundled();
    let expected = [
        (
            "del-expanded-az",
            "mtg-adex-2024-expanded",
            "AZ",
            "off-zakir-hasanov",
        ),
        (
            "del-expanded-tr",
            "mtg-adex-2024-expanded",
            "TR",
            "off-yasar-guler",
        ),
        (
            "del-ssb-az",
            "mtg-adex-2024-ssb-delegation",
            "AZ",
            "off-zakir-hasanov",
        ),
        (
            "del-ssb-tr",
            "mtg-adex-2024-ssb-delegation",
            "TR",
            "off-haluk-gorgun",
        ),
    ];
    assert_eq!(data.delegations.len(), expected.len());
    for (id, meeting, side, head) in expected {
        let d = data
            .delegations
            .iter()
            .find(|d| d.id.as_str() == id)
            .unwrap_or_else(|| panic!("no delegation {id}"));
        assert_eq!(d.meeting_id.as_str(), meeting, "{id}");
        assert_eq!(d.side.as_str(), side, "{id}");
        assert_eq!(d.head_official_id.as_str(), head, "{id}");
    }
    let ssb = data
        .delegations
        .iter()
        .find(|d| d.id.as_str() == "del-ssb-tr");
    assert_eq!(
        ssb.and_then(|d| d.organization_id.as_ref())
            .map(|o| o.as_str()),
        Some("org-tr-ssb")
    );
    for d in &data.delegations {
        let heads: Vec<_> = data
            .delegation_members
            .iter()
            .filter(|m| m.delegation_id == d.id && m.role == MemberRole::Head)
            .collect();
        assert_eq!(heads.len(), 1, "{}: exactly one head", d.id);
        assert_eq!(heads[0].official_id, d.head_official_id, "{}", d.id);
    }
    // No official is listed twice in one delegation.
    let mut seen = HashSet::new();
    for m in &data.delegation_members {
        assert!(seen.insert((&m.delegation_id, &m.official_id)), "{}", m.id);
    }
    // The eleven officials of the expanded meeting, split by side; the advisor sits on the
    // Azerbaijani side.
    let members = |d: &str| -> HashSet<&str> {
        data.delegation_members
            .iter()
            .filter(|m| m.delegation_id.as_str() == d)
            .map(|m| m.official_id.as_str())
            .collect()
    };
    assert_eq!(
        members("del-expanded-az"),
        HashSet::from([
            "off-zakir-hasanov",
            "off-karim-valiyev",
            "off-agil-gurbanov",
            "off-namig-islamzade",
            "off-bakhtiyar-ersay"
        ])
    );
    assert_eq!(
        members("del-expanded-tr"),
        HashSet::from([
            "off-yasar-guler",
            "off-metin-gurak",
            "off-ercument-tatlioglu",
            "off-selcuk-bayraktaroglu",
            "off-ziya-cemal-kadioglu",
            "off-cahit-bagci"
        ])
    );
    // The side of a listed official is only implied by his post.
    for m in &data.delegation_members {
        if m.role == MemberRole::Member {
            assert_eq!(m.basis, Basis::Inferred, "{}", m.id);
        }
    }
}

#[test]
fn compound_titles_are_separate_posts_and_ranks_follow_the_reference_table() {
    let data = bundled();
    let posts = |official: &str| -> Vec<&defcoop::model::Position> {
        data.positions
            .iter()
            .filter(|p| p.official_id.as_str() == official)
            .collect()
    };
    assert_eq!(posts("off-karim-valiyev").len(), 2);
    assert_eq!(posts("off-agil-gurbanov").len(), 2);
    let islamzade = posts("off-namig-islamzade");
    assert_eq!(islamzade.len(), 2);
    let acting: Vec<Option<bool>> = islamzade.iter().map(|p| p.acting).collect();
    assert_eq!(
        acting,
        [Some(true), None],
        "acting applies to the deputy-minister post; the article does not settle the other"
    );
    assert!(
        islamzade
            .iter()
            .all(|p| p.rank_nato.map(|r| serde_json::to_value(r).unwrap())
                == Some(Value::from("OF-7"))),
        "Lieutenant General in Azerbaijan is OF-7"
    );
    let ersay = posts("off-bakhtiyar-ersay");
    assert_eq!(ersay.len(), 1);
    assert_eq!(
        ersay[0].rank_as_reported.as_ref().map(|r| r.as_str()),
        Some("Colonel General")
    );
    assert_eq!(ersay[0].rank_native, None, "rank system not stated");
    // Colonel General is OF-8 under either reading (Azerbaijan's general-polkovnik,
    // Türkiye's Korgeneral): the code is given, on an external basis.
    assert_eq!(
        ersay[0].rank_nato.map(|r| serde_json::to_value(r).unwrap()),
        Some(Value::from("OF-8"))
    );
    assert_eq!(ersay[0].rank_basis, Some(Basis::External));
    for p in &data.positions {
        let native_given = p.rank_native.is_some() || p.rank_nato.is_some();
        assert_eq!(native_given, p.rank_basis.is_some(), "{}", p.id);
        if let (Some(native), Some(country), Some(service)) =
            (&p.rank_native, &p.rank_country, p.rank_service)
        {
            assert_eq!(
                p.rank_nato,
                nato_rank(country.as_str(), service, native.as_str()),
                "{}",
                p.id
            );
            assert!(p.rank_as_reported.is_some(), "{}", p.id);
        } else if p.rank_nato.is_some() {
            // Without its key, a code only where every reading of the label agrees, on an
            // external basis (Ersay's Colonel General).
            assert_eq!(
                p.rank_nato,
                p.rank_as_reported
                    .as_ref()
                    .and_then(|l| defcoop::model::nato_rank_of_label(l.as_str())),
                "{}: a NATO code needs its key",
                p.id
            );
            assert_eq!(p.rank_basis, Some(Basis::External), "{}", p.id);
        }
    }
}

#[test]
fn unnamed_participants_are_groups_with_vague_counts() {
    let data = bundled();
    assert_eq!(data.participant_groups.len(), 2);
    let others = &data.participant_groups[0];
    assert_eq!(others.meeting_id.as_str(), "mtg-adex-2024-expanded");
    assert_eq!(others.count_kind, QuantityKind::Vague);
    assert_eq!(others.country, None, "their side is not stated");
    assert_eq!(others.delegation_id, None);
    assert_eq!(others.count_min, None);
    let heads = &data.participant_groups[1];
    assert_eq!(heads.meeting_id.as_str(), "mtg-adex-2024-ssb-delegation");
    assert_eq!(heads.country.as_ref().map(|c| c.as_str()), Some("TR"));
    assert_eq!(
        heads.count_term.as_ref().map(|t| t.as_str()),
        Some("several")
    );
    assert_eq!(heads.count().unwrap().least(), 2);
    // The unnamed companies are not invented as organizations.
    assert!(
        data.organizations
            .iter()
            .all(|o| o.kind != defcoop::model::OrganizationKind::Company)
    );
}

#[test]
fn several_contracts_are_one_vague_row_signed_at_both_meetings() {
    let data = bundled();
    assert_eq!(data.agreements.len(), 1);
    let a = &data.agreements[0];
    assert_eq!(a.kind, AgreementKind::Contract);
    assert_eq!(a.domain, Domain::MilitaryTechnical);
    assert_eq!(a.count_kind, QuantityKind::Vague);
    assert_eq!(a.count_term.as_ref().map(|t| t.as_str()), Some("several"));
    assert_eq!(a.count().unwrap().least(), 2);
    assert_eq!(a.count_max, None);
    assert_eq!(a.signed_date, None);
    assert_eq!(a.paragraph.map(|p| p.get()), Some(7));
    let meetings: HashSet<&str> = data
        .agreement_signings
        .iter()
        .filter(|s| s.agreement_id == a.id)
        .map(|s| s.meeting_id.as_str())
        .collect();
    assert_eq!(data.agreement_signings.len(), 2);
    assert_eq!(
        meetings,
        HashSet::from(["mtg-adex-2024-expanded", "mtg-adex-2024-ssb-delegation"])
    );
    for p in &data.agreement_parties {
        assert_eq!(
            p.basis,
            Basis::Inferred,
            "the parties are not named: {}",
            p.id
        );
    }
}

/// Every record's citation: `(table, id, source id, paragraph)`.
fn citations(data: &Dataset) -> Vec<(Table, String, String, u32)> {
    struct Cite<'a>(&'a Dataset, &'a mut Vec<(Table, String, String, u32)>);
    impl TableVisitor for Cite<'_> {
        type Output = ();
        fn visit<R: Record>(self) {
            for r in R::rows(self.0) {
                if let Some(c) = r.citation() {
                    self.1.push((
                        R::TABLE,
                        r.id().to_owned(),
                        c.source_id.as_str().to_owned(),
                        c.paragraph.map_or(0, |p| p.get()),
                    ));
                }
            }
        }
    }
    let mut out = Vec::new();
    for t in Table::ALL {
        t.visit(Cite(data, &mut out));
    }
    out
}

#[test]
fn every_citation_points_to_an_existing_paragraph() {
    let data = bundled();
    let paragraphs: HashMap<&str, u32> = data
        .sources
        .iter()
        .map(|s| (s.id.as_str(), s.paragraphs.map_or(0, |p| p.get())))
        .collect();
    let cites = citations(data);
    // Every table but sources has rows, and every row cites.
    let cited_rows: usize = Table::ALL
        .iter()
        .filter(|t| **t != Table::Sources)
        .map(|t| data.len_of(*t))
        .sum();
    assert_eq!(cites.len(), cited_rows);
    for (table, id, source, paragraph) in &cites {
        let count = paragraphs.get(source.as_str());
        assert!(count.is_some(), "{table} {id}: unknown source {source}");
        assert!(
            (1..=count.copied().unwrap_or(0)).contains(paragraph),
            "{table} {id}: paragraph {paragraph} is not in {source}"
        );
    }
    // Every paragraph of the article is used by some record.
    let used: HashSet<u32> = cites.iter().map(|c| c.3).collect();
    assert_eq!(used, (1..=7).collect());
}

#[test]
fn every_table_has_rows_unique_ids_and_resolving_references() {
    struct Collect<'a>(&'a Dataset, &'a mut HashMap<Table, HashSet<String>>);
    impl TableVisitor for Collect<'_> {
        type Output = ();
        fn visit<R: Record>(self) {
            let rows = R::rows(self.0);
            let ids: HashSet<String> = rows.iter().map(|r| r.id().to_owned()).collect();
            assert_eq!(ids.len(), rows.len(), "{}: duplicate id", R::TABLE);
            self.1.insert(R::TABLE, ids);
        }
    }
    struct Resolve<'a>(
        &'a Dataset,
        &'a HashMap<Table, HashSet<String>>,
        &'a mut usize,
    );
    impl TableVisitor for Resolve<'_> {
        type Output = ();
        fn visit<R: Record>(self) {
            for r in R::rows(self.0) {
                for (i, fk) in R::FOREIGN_KEYS.iter().enumerate() {
                    if let Some(target) = r.reference(i) {
                        *self.2 += 1;
                        assert!(
                            self.1[&fk.table].contains(target),
                            "{} {}: {} = {target} does not resolve in {}",
                            R::TABLE,
                            r.id(),
                            fk.field,
                            fk.table
                        );
                    }
                }
            }
        }
    }
    let data = bundled();
    let mut ids = HashMap::new();
    for t in Table::ALL {
        // No external identifier could be checked against a stored page (see
        // data/README.md), so `identifiers` is the one table left empty.
        assert!(
            data.len_of(t) > 0 || t == Table::Identifiers,
            "{t} is empty"
        );
        t.visit(Collect(data, &mut ids));
    }
    let mut checked = 0;
    for t in Table::ALL {
        t.visit(Resolve(data, &ids, &mut checked));
    }
    assert!(checked > 100, "only {checked} references checked");
}

fn walk_strings<'a>(value: &'a Value, path: String, out: &mut Vec<(String, &'a str)>) {
    match value {
        Value::String(s) => out.push((path, s)),
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk_strings(v, format!("{path}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                walk_strings(v, format!("{path}/{k}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn all_text_is_nfc_and_trimmed() {
    let value = serde_json::to_value(bundled()).unwrap();
    let mut strings = Vec::new();
    walk_strings(&value, String::new(), &mut strings);
    assert!(strings.len() > 500);
    for (path, s) in strings {
        assert_eq!(s.nfc().collect::<String>(), s, "{path} is not NFC");
        assert_eq!(s.trim(), s, "{path} has leading or trailing space");
        assert!(!s.contains("  "), "{path} has a doubled space");
        assert!(!s.is_empty(), "{path} is empty");
    }
}

#[test]
fn json_form_validates_against_the_dataset_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &str| -> Value {
        serde_json::from_slice(&std::fs::read(root.join(p)).unwrap()).unwrap()
    };
    let schema = read("schema/json/dataset.schema.json");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let instance = read("data/defcoop.json");
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // The validator does reject a broken copy (so the check above can fail).
    let mut broken = instance.clone();
    broken["officials"][0]["nationality"] = Value::from("XX");
    broken["agreements"][0]["count_kind"] = Value::from("a few");
    assert_eq!(validator.iter_errors(&broken).count(), 2);
    // And the compiled-in JSON is the committed file.
    assert_eq!(&serde_json::to_value(bundled()).unwrap(), &instance);
}

#[cfg(feature = "validate")]
#[test]
fn csv_and_json_forms_hold_the_same_records() {
    use defcoop::package::{dataset_from_csv_files, dataset_to_csv, read_csv_dir};
    let from_files = dataset_from_csv_files(bundled_files()).unwrap();
    assert_eq!(&from_files, bundled());
    let from_dir = read_csv_dir(data_dir()).unwrap();
    assert_eq!(&from_dir, bundled());
    // Written back, the records give the committed CSV bytes: the tables are kept in the
    // canonical form of the writer (fields quoted only when needed). With UPDATE_GENERATED=1
    // the tables are rewritten in that form (same records) and the test fails once.
    let mut differs = Vec::new();
    for (name, text) in dataset_to_csv(&from_dir).unwrap() {
        let path = data_dir().join(&name);
        if std::fs::read_to_string(&path).unwrap() != text {
            if std::env::var_os("UPDATE_GENERATED").is_some() {
                defcoop::generated::write_atomic(&path, text.as_bytes()).unwrap();
            }
            differs.push(name);
        }
    }
    assert!(differs.is_empty(), "not in canonical CSV form: {differs:?}");
}

#[cfg(feature = "validate")]
#[test]
fn a_broken_csv_is_refused_with_its_position() {
    use defcoop::model::Official;
    use defcoop::package::read_table;
    let good = bundled_files()
        .iter()
        .find(|(p, _)| *p == "officials.csv")
        .map(|(_, b)| std::str::from_utf8(b).unwrap())
        .unwrap();
    let rows: Vec<Official> = read_table(good.as_bytes(), "officials.csv").unwrap();
    assert_eq!(rows.len(), 12);
    let broken = good.replacen(",AZ,inferred,", ",XX,inferred,", 1);
    let err = read_table::<Official>(broken.as_bytes(), "officials.csv").unwrap_err();
    assert_eq!((err.line, err.column), (Some(2), Some(48)));
    assert_eq!(err.field.as_deref(), Some("nationality"));
    assert!(
        err.to_string()
            .starts_with("officials.csv:2:48: field `nationality`: "),
        "{err}"
    );
    // A number that is not one, and a ragged row, are refused with their line.
    let zero = good.replacen(
        ",src-azernews-2024-09-24-hasanov-guler-adex,1,",
        ",src-azernews-2024-09-24-hasanov-guler-adex,0,",
        1,
    );
    let err = read_table::<Official>(zero.as_bytes(), "officials.csv").unwrap_err();
    assert_eq!(
        (err.line, err.field.as_deref()),
        (Some(2), Some("paragraph")),
        "{err}"
    );
    let ragged = format!("{good}off-x,X\n");
    let err = read_table::<Official>(ragged.as_bytes(), "officials.csv").unwrap_err();
    assert_eq!(err.line, Some(14), "{err}");
    let positions = bundled_files()
        .iter()
        .find(|(p, _)| *p == "positions.csv")
        .map(|(_, b)| std::str::from_utf8(b).unwrap())
        .unwrap();
    let not_bool = positions.replacen(",minister,false,", ",minister,no,", 1);
    let err =
        read_table::<defcoop::model::Position>(not_bool.as_bytes(), "positions.csv").unwrap_err();
    assert_eq!(
        (err.line, err.field.as_deref()),
        (Some(2), Some("acting")),
        "{err}"
    );
    let reordered = good.replacen("id,name,", "name,id,", 1);
    let err = read_table::<Official>(reordered.as_bytes(), "officials.csv").unwrap_err();
    assert_eq!(err.line, Some(1));
    assert!(err.message.contains("needs exactly"), "{err}");
}

#[test]
fn descriptor_lists_every_table_with_keys_and_license() {
    let files = bundled_files();
    let descriptor: Value = serde_json::from_slice(files[0].1).unwrap();
    assert_eq!(descriptor, defcoop::package::descriptor(bundled()));
    assert_eq!(descriptor["profile"], "tabular-data-package");
    assert_eq!(descriptor["licenses"][0]["name"], "CC-BY-4.0");
    assert!(
        descriptor["sources"][0]["title"]
            .as_str()
            .unwrap()
            .contains(ARTICLE_SHA256)
    );
    let resources = descriptor["resources"].as_array().unwrap();
    assert_eq!(resources.len(), Table::ALL.len());
    for (resource, table) in resources.iter().zip(Table::ALL) {
        let path = resource["path"].as_str().unwrap();
        assert_eq!(path, format!("{table}.csv"));
        assert!(files.iter().any(|(p, _)| *p == path), "{path} not bundled");
        assert_eq!(resource["schema"]["primaryKey"], serde_json::json!(["id"]));
        let fks = resource["schema"]["foreignKeys"]
            .as_array()
            .map_or(0, Vec::len);
        assert_eq!(fks, table.foreign_keys().len(), "{table}");
    }
    assert_eq!(files.len(), 1 + Table::ALL.len());
}
