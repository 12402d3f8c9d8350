//! The package as FollowTheMoney entities (the `followthemoney` library 4.x): one JSON object a
//! line, `{"id", "schema", "properties": {property: [values]}}`, for Aleph, OpenSanctions'
//! tools and the `ftm` command line.
//!
//! The mapping of every table and field, and what FtM cannot express, is in `docs/exports.md`.
//! In short: officials are `Person`s; organizations `PublicBody`, `Company` or `Organization`
//! by kind; a position is an `Occupancy` of a `Position` (the post, shared by every holder of
//! the same role at the same organization); exhibitions and meetings are `Event`s; delegations
//! are `Organization`s whose members are `Membership`s and which `Representation`s tie to the
//! body they represent; agreements are `Contract`s; sources are `Article`s, linked from every
//! entity derived from them as `proof`. Links the schemas have no property for (a meeting held
//! within an exhibition, a meeting following another, an agreement signed at a meeting, a
//! party to an agreement, an organization part of another) are `UnknownLink`s with a `role`.
//!
//! Entity ids are `defcoop-` and the row's own id (`defcoop-off-zakir-hasanov`); the entities
//! a row gives besides its main one add a suffix (`defcoop-del-ssb-tr-represents`), and a
//! post shared by holders is `defcoop-post-` with its organization and role. They are stable
//! across runs and never collide with another dataset's ids.
//!
//! Every value is written in the form FtM cleans it to (country codes in lower case, languages
//! as ISO 639-3), so that `ftm validate` gives back every value: a test runs it.
//!
//! ```
//! let entities = defcoop::export::ftm::entities(defcoop::package::bundled());
//! let person = entities.iter().find(|e| e.id == "defcoop-off-haluk-gorgun").unwrap();
//! assert_eq!(person.schema, "Person");
//! assert_eq!(person.properties["name"], ["Haluk Görgün"]);
//! assert_eq!(person.properties["alias"], ["Haluk Gorgun"]);
//! ```

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::model::*;

/// The prefix of every entity id.
pub const ID_PREFIX: &str = "defcoop-";

/// One FollowTheMoney entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// Stable, namespaced id (`defcoop-` and the row's id).
    pub id: String,
    /// The FtM schema, such as `Person`.
    pub schema: &'static str,
    /// Property values, by property name; each list without repeats.
    pub properties: BTreeMap<&'static str, Vec<String>>,
}

impl Entity {
    fn new(id: String, schema: &'static str) -> Entity {
        Entity {
            id,
            schema,
            properties: BTreeMap::new(),
        }
    }

    /// Adds a value to a property (a repeat is dropped; FtM values are sets).
    fn add(&mut self, property: &'static str, value: impl Into<String>) {
        let value = value.into();
        if value.is_empty() {
            return;
        }
        let values = self.properties.entry(property).or_default();
        if !values.contains(&value) {
            values.push(value);
        }
    }

    fn add_opt<T: std::fmt::Display>(&mut self, property: &'static str, value: Option<T>) {
        if let Some(value) = value {
            self.add(property, value.to_string());
        }
    }

    /// Where the dataset's notes go: `notes` on a `Thing`, `description` on a link (an
    /// `Interval`, which has no `notes`).
    fn notes(&self) -> &'static str {
        match self.schema {
            "Occupancy" | "UnknownLink" | "Membership" | "Representation" => "description",
            _ => "notes",
        }
    }

    /// Adds the dataset's note (or another remark) where the schema keeps notes.
    fn note<T: std::fmt::Display>(&mut self, note: Option<T>) {
        if let Some(note) = note {
            self.add(self.notes(), note.to_string());
        }
    }

    /// The citation of a record: the source as `proof`, its address as `sourceUrl`, and the
    /// paragraph and basis (which FtM has no property for) as a line of `notes`.
    fn cite(&mut self, index: &Index, source: &SourceId, place: String, basis: Basis) {
        self.add("proof", entity_id(source.as_str()));
        if let Some(url) = index.source_urls.get(source.as_str()) {
            self.add("sourceUrl", url.as_str());
        }
        self.add(
            self.notes(),
            format!("defcoop: from {place} of {source}, {}.", word(&basis)),
        );
    }
}

/// Where in its source a record is: `paragraph 5`, `row DCAD-0412`, `paragraph 5, page 2`.
fn place(paragraph: Option<std::num::NonZeroU32>, locator: Option<&Locator>) -> String {
    match (paragraph, locator) {
        (Some(p), Some(l)) => format!("paragraph {p}, {l}"),
        (Some(p), None) => format!("paragraph {p}"),
        (None, Some(l)) => l.to_string(),
        (None, None) => "an unstated place".to_owned(),
    }
}

/// `defcoop-` and a row id.
pub fn entity_id(row_id: &str) -> String {
    format!("{ID_PREFIX}{row_id}")
}

/// A vocabulary value as its serialized name with spaces (`military_technical` →
/// `military technical`).
fn word<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s.replace('_', " "),
        _ => String::new(),
    }
}

/// A sentence-case label of a vocabulary value (`first_deputy_minister` → `First deputy minister`).
fn label<T: Serialize>(value: &T) -> String {
    let w = word(value);
    let mut chars = w.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => w,
    }
}

fn country(code: &CountryCode) -> String {
    code.as_str().to_ascii_lowercase()
}

/// ISO 639-3 of a BCP 47 tag's language, for the languages FtM accepts; `None` for others.
fn language(tag: &str) -> Option<&'static str> {
    let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
    const CODES: &[(&str, &str)] = &[
        ("af", "afr"),
        ("am", "amh"),
        ("ar", "ara"),
        ("az", "aze"),
        ("be", "bel"),
        ("bn", "ben"),
        ("bs", "bos"),
        ("bg", "bul"),
        ("ca", "cat"),
        ("cs", "ces"),
        ("da", "dan"),
        ("de", "deu"),
        ("el", "ell"),
        ("en", "eng"),
        ("et", "est"),
        ("fa", "fas"),
        ("fi", "fin"),
        ("fr", "fra"),
        ("ga", "gle"),
        ("he", "heb"),
        ("hi", "hin"),
        ("hr", "hrv"),
        ("hu", "hun"),
        ("hy", "hye"),
        ("id", "ind"),
        ("is", "isl"),
        ("it", "ita"),
        ("ja", "jpn"),
        ("kn", "kan"),
        ("ka", "kat"),
        ("kk", "kaz"),
        ("km", "khm"),
        ("ky", "kir"),
        ("ko", "kor"),
        ("lo", "lao"),
        ("lv", "lav"),
        ("lt", "lit"),
        ("lb", "ltz"),
        ("mk", "mkd"),
        ("mt", "mlt"),
        ("mn", "mon"),
        ("ms", "msa"),
        ("my", "mya"),
        ("ne", "nep"),
        ("nl", "nld"),
        ("no", "nor"),
        ("nb", "nor"),
        ("nn", "nor"),
        ("pl", "pol"),
        ("pt", "por"),
        ("ps", "pus"),
        ("ro", "ron"),
        ("ru", "rus"),
        ("si", "sin"),
        ("sk", "slk"),
        ("sl", "slv"),
        ("es", "spa"),
        ("sq", "sqi"),
        ("sr", "srp"),
        ("sw", "swa"),
        ("sv", "swe"),
        ("ta", "tam"),
        ("te", "tel"),
        ("tg", "tgk"),
        ("tl", "tgl"),
        ("th", "tha"),
        ("tk", "tuk"),
        ("tr", "tur"),
        ("uk", "ukr"),
        ("ur", "urd"),
        ("uz", "uzb"),
        ("vi", "vie"),
        ("zh", "zho"),
    ];
    CODES
        .iter()
        .find(|(two, three)| *two == primary || *three == primary)
        .map(|(_, three)| *three)
}

/// What entities need to know of other rows: names and addresses.
struct Index<'a> {
    source_urls: HashMap<&'a str, String>,
    organizations: HashMap<&'a str, &'a Organization>,
    exhibitions: HashMap<&'a str, &'a Exhibition>,
    meeting_names: HashMap<&'a str, String>,
}

impl<'a> Index<'a> {
    fn new(dataset: &'a Dataset) -> Index<'a> {
        let mut index = Index {
            source_urls: dataset
                .sources
                .iter()
                .filter_map(|s| Some((s.id.as_str(), s.url.as_ref()?.as_str().to_owned())))
                .collect(),
            organizations: dataset
                .organizations
                .iter()
                .map(|o| (o.id.as_str(), o))
                .collect(),
            exhibitions: dataset
                .exhibitions
                .iter()
                .map(|e| (e.id.as_str(), e))
                .collect(),
            meeting_names: HashMap::new(),
        };
        let names = dataset
            .meetings
            .iter()
            .map(|m| (m.id.as_str(), index.meeting_name(m)))
            .collect();
        index.meeting_names = names;
        index
    }

    fn exhibition_name(&self, exhibition: &Exhibition) -> String {
        let mut name = exhibition
            .acronym
            .as_ref()
            .unwrap_or(&exhibition.name)
            .as_str()
            .to_owned();
        if let Some(year) = exhibition.start_date.or(exhibition.end_date) {
            name.push_str(&format!(" {}", year.first().naive().format("%Y")));
        } else if let Some(edition) = exhibition.edition {
            name.push_str(&format!(" (edition {edition})"));
        }
        name
    }

    /// A meeting has no name of its own: "Expanded meeting, ADEX (edition 5), 2024-09-24".
    fn meeting_name(&self, meeting: &Meeting) -> String {
        let mut name = format!("{} meeting", label(&meeting.kind));
        if let Some(exhibition) = meeting
            .exhibition_id
            .as_ref()
            .and_then(|id| self.exhibitions.get(id.as_str()))
        {
            name.push_str(&format!(", {}", self.exhibition_name(exhibition)));
        }
        match meeting.date {
            Some(date) => name.push_str(&format!(", {date}")),
            None => name.push_str(&format!(" ({})", meeting.id)),
        }
        name
    }

    fn organization_name(&self, id: &OrganizationId) -> String {
        self.organizations
            .get(id.as_str())
            .map(|o| o.name.as_str().to_owned())
            .unwrap_or_else(|| id.as_str().to_owned())
    }
}

fn organization_schema(kind: OrganizationKind) -> &'static str {
    match kind {
        OrganizationKind::Company => "Company",
        OrganizationKind::Other
        | OrganizationKind::PoliticalParty
        | OrganizationKind::InternationalOrganization => "Organization",
        _ => "PublicBody",
    }
}

/// The id of the post a position is an occupancy of: shared by every holder of the same role
/// at the same organization, except for the role `other`, whose posts differ by title.
fn post_id(position: &Position) -> String {
    if position.role == Role::Other {
        format!("{}-post", entity_id(position.id.as_str()))
    } else {
        let role = word(&position.role).replace(' ', "-");
        format!(
            "{ID_PREFIX}post-{}-{role}",
            position.organization_id.as_str()
        )
    }
}

fn link(
    id: String,
    subject: String,
    object: String,
    role: &str,
    index: &Index,
    citation: (&SourceId, String, Basis),
) -> Entity {
    let mut e = Entity::new(id, "UnknownLink");
    e.add("subject", subject);
    e.add("object", object);
    e.add("role", role);
    e.cite(index, citation.0, citation.1, citation.2);
    e
}

/// Every entity of the dataset, in table order (a row's main entity first, then those it
/// adds); posts shared by several positions come once.
pub fn entities(dataset: &Dataset) -> Vec<Entity> {
    let index = Index::new(dataset);
    let mut out: Vec<Entity> = Vec::new();

    for s in &dataset.sources {
        let mut e = Entity::new(entity_id(s.id.as_str()), "Article");
        let name = match &s.title {
            Some(title) => title.as_str().to_owned(),
            None => match &s.published {
                Some(published) => format!("{}, {}", s.publisher, published),
                None => s.publisher.to_string(),
            },
        };
        e.add("name", name);
        e.add_opt("title", s.title.as_ref());
        e.add("publisher", s.publisher.as_str());
        e.add_opt("publishedAt", s.published.as_ref());
        match language(s.language.as_str()) {
            Some(code) => e.add("language", code),
            None => e.add("notes", format!("Language (BCP 47): {}.", s.language)),
        }
        e.add_opt("sourceUrl", s.url.as_ref());
        let mut copy = match (&s.sha256, s.paragraphs) {
            (Some(sha), Some(n)) => format!("Copy used: SHA-256 {sha}, {n} paragraphs"),
            (Some(sha), None) => format!("Copy used: SHA-256 {sha}"),
            (None, Some(n)) => format!("Copy used: {n} paragraphs"),
            (None, None) => "No copy kept".to_owned(),
        };
        if let Some(doi) = &s.doi {
            copy.push_str(&format!(", DOI {doi}"));
        }
        if let Some(version) = &s.version {
            copy.push_str(&format!(", version {version}"));
        }
        if let Some(day) = &s.retrieved {
            copy.push_str(&format!(", retrieved {day}"));
        }
        if let Some(syndicator) = &s.syndicator {
            copy.push_str(&format!(", syndicated by {syndicator}"));
        }
        copy.push('.');
        e.add("description", copy);
        e.note(s.note.as_ref());
        out.push(e);
    }

    for o in &dataset.organizations {
        let mut e = Entity::new(entity_id(o.id.as_str()), organization_schema(o.kind));
        e.add("name", o.name.as_str());
        e.add_opt("alias", o.name_as_reported.as_ref());
        e.add_opt("weakAlias", o.acronym.as_ref());
        e.add("classification", word(&o.kind));
        if let Some(c) = &o.country {
            e.add("country", country(c));
        }
        e.note(o.note.as_ref());
        e.cite(
            &index,
            &o.source_id,
            place(o.paragraph, o.locator.as_ref()),
            o.basis,
        );
        out.push(e);
        if let Some(parent) = &o.parent_id {
            out.push(link(
                format!("{}-part-of", entity_id(o.id.as_str())),
                entity_id(o.id.as_str()),
                entity_id(parent.as_str()),
                "part of",
                &index,
                (
                    &o.source_id,
                    place(o.paragraph, o.locator.as_ref()),
                    o.basis,
                ),
            ));
        }
    }

    for p in &dataset.officials {
        let mut e = Entity::new(entity_id(p.id.as_str()), "Person");
        e.add("name", p.name.as_str());
        if p.name_as_reported != p.name {
            e.add("alias", p.name_as_reported.as_str());
        }
        e.add_opt("title", p.honorific.as_ref());
        if let Some(c) = &p.nationality {
            e.add("nationality", country(c));
        }
        if let Some(basis) = &p.nationality_basis {
            e.add("notes", format!("defcoop: nationality {}.", word(basis)));
        }
        e.note(p.note.as_ref());
        e.cite(
            &index,
            &p.source_id,
            place(p.paragraph, p.locator.as_ref()),
            p.basis,
        );
        out.push(e);
    }

    let mut posts: HashMap<String, usize> = HashMap::new();
    for p in &dataset.positions {
        let post = post_id(p);
        let organization = index.organizations.get(p.organization_id.as_str());
        let slot = match posts.get(&post) {
            Some(&slot) => slot,
            None => {
                let mut e = Entity::new(post.clone(), "Position");
                let name = if p.role == Role::Other {
                    p.title_as_reported.as_str().to_owned()
                } else {
                    format!(
                        "{}, {}",
                        label(&p.role),
                        index.organization_name(&p.organization_id)
                    )
                };
                e.add("name", name);
                e.add("organization", entity_id(p.organization_id.as_str()));
                if let Some(c) = organization.and_then(|o| o.country.as_ref()) {
                    e.add("country", country(c));
                }
                out.push(e);
                posts.insert(post.clone(), out.len() - 1);
                out.len() - 1
            }
        };
        // The post is stated by every position that holds it.
        out[slot].add("proof", entity_id(p.source_id.as_str()));

        let mut e = Entity::new(entity_id(p.id.as_str()), "Occupancy");
        e.add("holder", entity_id(p.official_id.as_str()));
        e.add("post", post);
        if p.acting == Some(true) {
            e.add("status", "acting");
        }
        e.add_opt("date", p.as_of.map(|d| d.to_string()));
        e.add_opt("startDate", p.start_date.map(|d| d.to_string()));
        e.add_opt("endDate", p.end_date.map(|d| d.to_string()));
        e.add(
            "description",
            format!("Title as reported: {}.", p.title_as_reported),
        );
        let mut rank = Vec::new();
        if let Some(r) = &p.rank_as_reported {
            rank.push(format!("as reported {r}"));
        }
        if let Some(r) = &p.rank_native {
            rank.push(format!("native term {r}"));
        }
        if let Some(c) = &p.rank_country {
            rank.push(format!("country {c}"));
        }
        if let Some(s) = &p.rank_service {
            rank.push(format!("service {}", word(s)));
        }
        if let Some(n) = &p.rank_nato {
            rank.push(format!("NATO {}", word(n)));
        }
        if let Some(b) = &p.rank_basis {
            rank.push(format!("{} (rank basis)", word(b)));
        }
        if !rank.is_empty() {
            e.add("description", format!("Rank: {}.", rank.join("; ")));
        }
        e.note(p.note.as_ref());
        e.cite(
            &index,
            &p.source_id,
            place(p.paragraph, p.locator.as_ref()),
            p.basis,
        );
        out.push(e);
    }

    for x in &dataset.exhibitions {
        let mut e = Entity::new(entity_id(x.id.as_str()), "Event");
        e.add("name", x.name.as_str());
        e.add_opt("weakAlias", x.acronym.as_ref());
        let mut edition = Vec::new();
        if let Some(n) = x.edition {
            edition.push(format!("Edition {n}"));
        }
        if let Some(r) = &x.edition_as_reported {
            edition.push(format!("reported as {r}"));
        }
        if !edition.is_empty() {
            e.add("summary", format!("{}.", edition.join(", ")));
        }
        let location: Vec<&str> = [x.venue_as_reported.as_ref(), x.city.as_ref()]
            .into_iter()
            .flatten()
            .map(Text::as_str)
            .collect();
        if !location.is_empty() {
            e.add("location", location.join(", "));
        }
        if let Some(c) = &x.country {
            e.add("country", country(c));
        }
        e.add_opt("startDate", x.start_date.map(|d| d.to_string()));
        e.add_opt("endDate", x.end_date.map(|d| d.to_string()));
        e.note(x.note.as_ref());
        e.cite(
            &index,
            &x.source_id,
            place(x.paragraph, x.locator.as_ref()),
            x.basis,
        );
        out.push(e);
    }

    // Meetings gather their topics, participant groups and delegations.
    let mut meeting_slots: HashMap<&str, usize> = HashMap::new();
    for m in &dataset.meetings {
        let mut e = Entity::new(entity_id(m.id.as_str()), "Event");
        e.add("name", index.meeting_names[m.id.as_str()].clone());
        e.add("summary", format!("{} meeting.", label(&m.kind)));
        e.add_opt("date", m.date.map(|d| d.to_string()));
        if let Some(x) = m
            .exhibition_id
            .as_ref()
            .and_then(|id| index.exhibitions.get(id.as_str()))
        {
            if let Some(c) = &x.country {
                e.add("country", country(c));
            }
        }
        e.note(m.note.as_ref());
        e.cite(
            &index,
            &m.source_id,
            place(m.paragraph, m.locator.as_ref()),
            m.basis,
        );
        meeting_slots.insert(m.id.as_str(), out.len());
        out.push(e);
        if let Some(x) = &m.exhibition_id {
            out.push(link(
                format!("{}-within", entity_id(m.id.as_str())),
                entity_id(m.id.as_str()),
                entity_id(x.as_str()),
                "held within",
                &index,
                (
                    &m.source_id,
                    place(m.paragraph, m.locator.as_ref()),
                    m.basis,
                ),
            ));
        }
        if let Some(previous) = &m.follows_id {
            out.push(link(
                format!("{}-follows", entity_id(m.id.as_str())),
                entity_id(m.id.as_str()),
                entity_id(previous.as_str()),
                "follows",
                &index,
                (
                    &m.source_id,
                    place(m.paragraph, m.locator.as_ref()),
                    m.basis,
                ),
            ));
        }
    }
    let on_meeting = |out: &mut Vec<Entity>, id: &MeetingId, f: &mut dyn FnMut(&mut Entity)| {
        if let Some(&slot) = meeting_slots.get(id.as_str()) {
            f(&mut out[slot]);
        }
    };

    for t in &dataset.meeting_topics {
        on_meeting(&mut out, &t.meeting_id, &mut |e| {
            e.add("keywords", t.topic_as_reported.as_str());
            e.add(
                "description",
                format!(
                    "Topic: {} ({}; {}, {}, {}){}",
                    t.topic_as_reported,
                    word(&t.domain),
                    t.id,
                    place(t.paragraph, t.locator.as_ref()),
                    word(&t.basis),
                    t.note
                        .as_ref()
                        .map(|n| format!(": {n}"))
                        .unwrap_or_else(|| ".".into())
                ),
            );
        });
    }

    for g in &dataset.participant_groups {
        on_meeting(&mut out, &g.meeting_id, &mut |e| {
            let mut parts = vec![format!("count {}", word(&g.count_kind))];
            if let Some(t) = &g.count_term {
                parts.push(format!("\"{t}\""));
            }
            if let Some(n) = g.count_min {
                parts.push(format!("at least {n}"));
            }
            if let Some(n) = g.count_max {
                parts.push(format!("at most {n}"));
            }
            if let Some(c) = &g.country {
                parts.push(format!("country {c}"));
            }
            if let Some(d) = &g.delegation_id {
                parts.push(format!("delegation {d}"));
            }
            parts.push(format!(
                "{}, {}, {}",
                g.id,
                place(g.paragraph, g.locator.as_ref()),
                word(&g.basis)
            ));
            e.add(
                "description",
                format!(
                    "Unnamed participants: {} ({}){}",
                    g.description,
                    parts.join("; "),
                    g.note
                        .as_ref()
                        .map(|n| format!(": {n}"))
                        .unwrap_or_else(|| ".".into())
                ),
            );
        });
    }

    for d in &dataset.delegations {
        let side = match d.side.name() {
            "" => d.side.as_str(),
            name => name,
        };
        let meeting = index
            .meeting_names
            .get(d.meeting_id.as_str())
            .cloned()
            .unwrap_or_else(|| d.meeting_id.as_str().to_owned());
        let mut e = Entity::new(entity_id(d.id.as_str()), "Organization");
        let name = match &d.organization_id {
            Some(org) => {
                let org = index
                    .organizations
                    .get(org.as_str())
                    .and_then(|o| o.acronym.as_ref().map(|a| a.as_str().to_owned()))
                    .unwrap_or_else(|| index.organization_name(org));
                format!("Delegation of {side} ({org}) at {meeting}")
            }
            None => format!("Delegation of {side} at {meeting}"),
        };
        e.add("name", name);
        e.add("classification", "delegation");
        e.add("country", country(&d.side));
        e.note(d.note.as_ref());
        e.cite(
            &index,
            &d.source_id,
            place(d.paragraph, d.locator.as_ref()),
            d.basis,
        );
        out.push(e);
        let delegation = entity_id(d.id.as_str());
        on_meeting(&mut out, &d.meeting_id, &mut |m| {
            m.add("involved", delegation.clone());
            m.add("involved", entity_id(d.head_official_id.as_str()));
            if let Some(org) = &d.organization_id {
                m.add("involved", entity_id(org.as_str()));
            }
        });
        if let Some(org) = &d.organization_id {
            let mut r = Entity::new(format!("{delegation}-represents"), "Representation");
            r.add("agent", delegation.clone());
            r.add("client", entity_id(org.as_str()));
            r.add("role", "delegation");
            r.cite(
                &index,
                &d.source_id,
                place(d.paragraph, d.locator.as_ref()),
                d.basis,
            );
            out.push(r);
        }
        // The head is also a `head` row of delegation_members, which gives the Membership.
    }

    let delegation_meetings: HashMap<&str, &MeetingId> = dataset
        .delegations
        .iter()
        .map(|d| (d.id.as_str(), &d.meeting_id))
        .collect();
    for dm in &dataset.delegation_members {
        let mut e = Entity::new(entity_id(dm.id.as_str()), "Membership");
        e.add("member", entity_id(dm.official_id.as_str()));
        e.add("organization", entity_id(dm.delegation_id.as_str()));
        e.add("role", word(&dm.role));
        e.note(dm.note.as_ref());
        e.cite(
            &index,
            &dm.source_id,
            place(dm.paragraph, dm.locator.as_ref()),
            dm.basis,
        );
        out.push(e);
        if let Some(meeting) = delegation_meetings.get(dm.delegation_id.as_str()) {
            on_meeting(&mut out, meeting, &mut |m| {
                m.add("involved", entity_id(dm.official_id.as_str()));
            });
        }
    }

    let mut agreement_slots: HashMap<&str, usize> = HashMap::new();
    for a in &dataset.agreements {
        let mut e = Entity::new(entity_id(a.id.as_str()), "Contract");
        let count = match a.count() {
            Ok(Quantity::Exact(1)) => String::new(),
            Ok(Quantity::Exact(n)) => format!("{n} "),
            _ => a
                .count_term
                .as_ref()
                .map(|t| format!("{t} "))
                .unwrap_or_default(),
        };
        let one = matches!(a.count(), Ok(Quantity::Exact(1)));
        let kind = match (a.kind, one) {
            (_, true) => word(&a.kind),
            (AgreementKind::Memorandum, false) => "memoranda".to_owned(),
            (AgreementKind::Other, false) => "instruments".to_owned(),
            (_, false) => format!("{}s", word(&a.kind)),
        };
        let generated = format!("{count}{kind} ({})", word(&a.domain).replace(' ', "-"));
        let title = a
            .title
            .as_ref()
            .map(|t| t.as_str().to_owned())
            .unwrap_or_else(|| {
                let mut chars = generated.chars();
                chars
                    .next()
                    .map(|c| c.to_uppercase().chain(chars).collect())
                    .unwrap_or_default()
            });
        e.add("title", title.clone());
        e.add("name", title);
        e.add("type", word(&a.kind));
        e.add("classification", word(&a.domain));
        e.add_opt("contractDate", a.signed_date.map(|d| d.to_string()));
        let mut parts = vec![format!("count {}", word(&a.count_kind))];
        if let Some(t) = &a.count_term {
            parts.push(format!("\"{t}\""));
        }
        if let Some(n) = a.count_min {
            parts.push(format!("at least {n}"));
        }
        if let Some(n) = a.count_max {
            parts.push(format!("at most {n}"));
        }
        e.add("description", format!("Instruments: {}.", parts.join("; ")));
        e.note(a.note.as_ref());
        e.cite(
            &index,
            &a.source_id,
            place(a.paragraph, a.locator.as_ref()),
            a.basis,
        );
        agreement_slots.insert(a.id.as_str(), out.len());
        out.push(e);
    }

    for s in &dataset.agreement_signings {
        let mut e = link(
            entity_id(s.id.as_str()),
            entity_id(s.agreement_id.as_str()),
            entity_id(s.meeting_id.as_str()),
            "signed at",
            &index,
            (
                &s.source_id,
                place(s.paragraph, s.locator.as_ref()),
                s.basis,
            ),
        );
        e.note(s.note.as_ref());
        out.push(e);
    }

    for p in &dataset.agreement_parties {
        let contract = entity_id(p.agreement_id.as_str());
        if let (Some(c), Some(&slot)) = (&p.country, agreement_slots.get(p.agreement_id.as_str())) {
            out[slot].add("country", country(c));
        }
        // A party row is a link from its organization, or, for a country alone (FtM has no
        // entity for a state here), an UnknownLink from the contract to itself would be
        // meaningless: its note and citation go on the contract.
        match &p.organization_id {
            Some(org) => {
                let mut e = link(
                    entity_id(p.id.as_str()),
                    entity_id(org.as_str()),
                    contract,
                    "party",
                    &index,
                    (
                        &p.source_id,
                        place(p.paragraph, p.locator.as_ref()),
                        p.basis,
                    ),
                );
                if let Some(c) = &p.country {
                    e.add("description", format!("Party for {c}."));
                }
                e.note(p.note.as_ref());
                out.push(e);
            }
            None => {
                if let Some(&slot) = agreement_slots.get(p.agreement_id.as_str()) {
                    let party = p
                        .country
                        .as_ref()
                        .map(|c| match c.name() {
                            "" => c.as_str().to_owned(),
                            name => name.to_owned(),
                        })
                        .unwrap_or_else(|| "unknown".into());
                    out[slot].add(
                        "description",
                        format!(
                            "Party: {party} ({}, {}, {}){}",
                            p.id,
                            place(p.paragraph, p.locator.as_ref()),
                            word(&p.basis),
                            p.note
                                .as_ref()
                                .map(|n| format!(": {n}"))
                                .unwrap_or_else(|| ".".into())
                        ),
                    );
                }
            }
        }
    }

    linked(dataset, &index, &mut out);
    out
}

/// The v2 tables that attach to a record: its external identifiers (`wikidataId`, `leiCode`,
/// the others in `notes`), its other names (`alias`, `weakAlias` for short forms,
/// abbreviations and spellings as reported, `previousName` for former names) and its further
/// sources (`proof`, with the place and basis in `notes`). A row whose record has no entity
/// of its own (a meeting topic, a participant group) is left out.
fn linked(dataset: &Dataset, index: &Index, out: &mut [Entity]) {
    let slots: HashMap<String, usize> = out
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect();
    let slot = |id: &RecordId| slots.get(&entity_id(id.as_str())).copied();
    for i in &dataset.identifiers {
        let Some(at) = slot(&i.record_id) else {
            continue;
        };
        let e = &mut out[at];
        let value = i.value.as_str();
        match i.scheme {
            IdentifierScheme::Wikidata => e.add("wikidataId", value),
            IdentifierScheme::Lei if e.schema != "Event" && e.schema != "Contract" => {
                e.add("leiCode", value)
            }
            scheme => e.add(
                e.notes(),
                format!("defcoop: {} id {value} ({}).", scheme, word(&i.basis)),
            ),
        }
    }
    for n in &dataset.name_variants {
        let Some(at) = slot(&n.record_id) else {
            continue;
        };
        let property = match n.kind {
            NameKind::ShortForm | NameKind::Abbreviation | NameKind::AsReported => "weakAlias",
            NameKind::FormerName => "previousName",
            _ => "alias",
        };
        out[at].add(property, n.name.as_str());
    }
    for c in &dataset.citations {
        let Some(at) = slot(&c.record_id) else {
            continue;
        };
        let e = &mut out[at];
        e.add("proof", entity_id(c.source_id.as_str()));
        if let Some(url) = index.source_urls.get(c.source_id.as_str()) {
            e.add("sourceUrl", url.as_str());
        }
        e.add(
            e.notes(),
            format!(
                "defcoop: also from {} of {}, {}.",
                place(c.paragraph, c.locator.as_ref()),
                c.source_id,
                word(&c.basis)
            ),
        );
    }
}

/// The entities as JSON Lines: one entity a line, each line ending in `\n`.
pub fn to_json_lines(dataset: &Dataset) -> String {
    let mut out = String::new();
    for entity in entities(dataset) {
        // An entity is strings in maps and lists: serializing it cannot fail.
        if let Ok(line) = serde_json::to_string(&entity) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_namespaced_and_stable() {
        let dataset = crate::package::bundled();
        let first = entities(dataset);
        let mut ids: Vec<&str> = first.iter().map(|e| e.id.as_str()).collect();
        assert!(ids.iter().all(|id| id.starts_with(ID_PREFIX)));
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        assert_eq!(ids.len(), n, "entity ids repeat");
        assert_eq!(to_json_lines(dataset), to_json_lines(dataset));
    }

    #[test]
    fn every_link_names_an_entity_of_the_export() {
        let all = entities(crate::package::bundled());
        let ids: std::collections::HashSet<&str> = all.iter().map(|e| e.id.as_str()).collect();
        for e in &all {
            for property in [
                "proof",
                "holder",
                "post",
                "organization",
                "member",
                "involved",
                "agent",
                "client",
                "subject",
                "object",
            ] {
                for value in e.properties.get(property).into_iter().flatten() {
                    assert!(ids.contains(value.as_str()), "{}: {property} {value}", e.id);
                }
            }
        }
    }

    #[test]
    fn languages_map_to_the_codes_ftm_accepts() {
        assert_eq!(language("en"), Some("eng"));
        assert_eq!(language("az-Latn-AZ"), Some("aze"));
        assert_eq!(language("tr"), Some("tur"));
        assert_eq!(language("xx"), None);
    }
}
