//! One struct per table. Every struct is flat (scalars only), so the same record is a CSV row
//! and a JSON object with the same field names; nested meaning (a quantity, a citation) is
//! given back by methods.
//!
//! Every record but a source cites where it comes from: `source_id` and a place in it, the
//! `paragraph` (1-based, paragraphs separated by blank lines) or a `locator` (`page 12`,
//! `row DCAD-0412`...) or both, the `basis` of the statement, and an optional `note` in the
//! dataset's own words. Further sources of a record go into `citations` (see
//! [`RecordCitation`](super::RecordCitation)).
//!
//! Every struct is `#[non_exhaustive]`: its fields are public to read and change, but another
//! crate builds a record with its constructor (`new`, taking exactly the required fields, the
//! citation as one [`Cite`]) and the `with_*` methods for the optional fields, so adding an
//! optional field is not a breaking change:
//!
//! ```
//! use defcoop::model::{Basis, Cite, Official, Text};
//!
//! let cite = Cite::new("src-azernews-2024-09-24".parse()?, 5, Basis::Normalized)?;
//! let official = Official::new(
//!     "off-haluk-gorgun".parse()?,
//!     Text::new("Haluk Görgün")?,
//!     Text::new("Haluk Gorgun")?,
//!     cite,
//! )
//! .with_honorific(Text::new("Mr.")?);
//! assert_eq!(official.paragraph.map(|p| p.get()), Some(5));
//! # Ok::<(), defcoop::model::ValueError>(())
//! ```

use std::num::NonZeroU32;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::dates::PartialDate;
use super::locator::{Doi, Locator};
use super::values::*;

/// One published document that records cite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Source {
    /// Stable id of the source.
    pub id: SourceId,
    /// Headline or title of the document; empty when it has none.
    pub title: Option<Text>,
    /// Who published the document first.
    pub publisher: Text,
    /// Who republished (syndicated) the document, if the copy used came from a syndicator.
    pub syndicator: Option<Text>,
    /// When the document was published (not when the events it reports happened): a day, a
    /// month or a year (`2024-09-24`, `2024-09`, `2024`); empty when it has no date of
    /// publication (a dataset has a `version` and a `retrieved` day instead).
    pub published: Option<PartialDate>,
    /// Language of the document as a BCP 47 tag, such as `en`.
    pub language: Text,
    /// Where the document was published, for a reader to find it; the validator never fetches it.
    pub url: Option<Text>,
    /// The document's DOI, written without a resolver (`10.1177/0022002719857796`).
    pub doi: Option<Doi>,
    /// What kind of document it is (article, press release, dataset...), when stated.
    pub kind: Option<SourceKind>,
    /// The version or release of the document, for a dataset or a revised report (`v4.0`,
    /// `2023-06 release`).
    pub version: Option<Text>,
    /// The day the copy used was retrieved, for a web page or a dataset that changes.
    pub retrieved: Option<Date>,
    /// SHA-256 of the exact bytes of the copy the dataset was derived from, when a copy was
    /// kept.
    pub sha256: Option<Sha256>,
    /// Number of paragraphs (blocks separated by blank lines); citations by paragraph point
    /// into 1..=this. Empty for a source not cited by paragraph (a dataset, cited by row).
    #[serde(default, deserialize_with = "crate::model::whole::optional")]
    pub paragraphs: Option<NonZeroU32>,
    /// Our note on the source.
    pub note: Option<Text>,
}

/// A body that officials hold posts in or that takes part in events: a ministry, general staff,
/// service branch, agency, embassy, company.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Organization {
    /// Stable id of the organization.
    pub id: OrganizationId,
    /// Canonical name in English.
    pub name: Text,
    /// Name as the source writes it, when it differs from the canonical name.
    pub name_as_reported: Option<Text>,
    /// Usual acronym, such as `SSB`.
    pub acronym: Option<Text>,
    /// What kind of body it is.
    pub kind: OrganizationKind,
    /// Country the organization belongs to; empty when unknown or international.
    pub country: Option<CountryCode>,
    /// The organization this one is part of, such as the ministry of a general staff.
    pub parent_id: Option<OrganizationId>,
    /// Source the record is derived from.
    pub source_id: SourceId,
    /// Paragraph of the source (1-based) the record is derived from; empty when `locator`
    /// places it instead (a dataset's row, a page).
    #[serde(default, deserialize_with = "crate::model::whole::optional")]
    pub paragraph: Option<NonZeroU32>,
    /// Where in the source, when not (only) a paragraph: `page 12`, `section 3.2`,
    /// `row DCAD-0412` (a dataset's row or record id) or `#fragment`.
    pub locator: Option<Locator>,
    /// On what ground the record is asserted.
    pub basis: Basis,
    /// Our note, such as what was normalized and why.
    pub note: Option<Text>,
}

/// A named person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Official {
    /// Stable id of the official.
    pub id: OfficialId,
    /// Canonical name in native spelling, Unicode NFC (for example `Haluk Görgün`).
    pub name: Text,
    /// Name exactly as the source spells it (for example `Haluk Gorgun`).
    pub name_as_reported: Text,
    /// Honorific the source uses, such as `Mr.`.
    pub honorific: Option<Text>,
    /// Nationality, only when known; a post in a country's service is not proof of it.
    pub nationality: Option<CountryCode>,
    /// On what ground the nationality is asserted; given exactly when nationality is.
    pub nationality_basis: Option<Basis>,
    /// Source the record is derived from.
    pub source_id: SourceId,
    /// Paragraph of the source (1-based) the record is derived from; empty when `locator`
    /// places it instead (a dataset's row, a page).
    #[serde(default, deserialize_with = "crate::model::whole::optional")]
    pub paragraph: Option<NonZeroU32>,
    /// Where in the source, when not (only) a paragraph: `page 12`, `section 3.2`,
    /// `row DCAD-0412` (a dataset's row or record id) or `#fragment`.
    pub locator: Option<Locator>,
    /// On what ground the record is asserted.
    pub basis: Basis,
    /// Our note.
    pub note: Option<Text>,
}

/// A person holding one post at one organization, as reported on a date. A compound title
/// ("First Deputy Minister – Chief of the General Staff") is two positions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Position {
    /// Stable id of the position.
    pub id: PositionId,
    /// Who holds the post.
    pub official_id: OfficialId,
    /// Where the post is.
    pub organization_id: OrganizationId,
    /// Title of the post as the source writes it.
    pub title_as_reported: Text,
    /// Normalized role of the post.
    pub role: Role,
    /// Whether the post is held in an acting capacity; empty when the source does not settle
    /// it (a title "Acting Deputy Minister – Commander of the Air Force" says it of one post).
    pub acting: Option<bool>,
    /// When the source reports the post as held: a day, a month or a year.
    pub as_of: Option<PartialDate>,
    /// When the post was first held, when known: a day, a month or a year.
    pub start_date: Option<PartialDate>,
    /// When the post was last held, when known (a day, a month or a year); not certainly
    /// before `start_date`.
    pub end_date: Option<PartialDate>,
    /// Military rank as the source writes it, in English (for example `Lieutenant General`).
    pub rank_as_reported: Option<Text>,
    /// The rank's term in the holder's own service (for example `Korgeneral`).
    pub rank_native: Option<Text>,
    /// Country whose rank system the native term belongs to.
    pub rank_country: Option<CountryCode>,
    /// Service whose rank system the native term belongs to.
    pub rank_service: Option<Service>,
    /// NATO code of the rank, keyed by country, service and native term, never by the English label.
    pub rank_nato: Option<NatoRank>,
    /// On what ground the native term and NATO code are asserted; given when either is.
    pub rank_basis: Option<Basis>,
    /// Source the record is derived from.
    pub source_id: SourceId,
    /// Paragraph of the source (1-based) the record is derived from; empty when `locator`
    /// places it instead (a dataset's row, a page).
    #[serde(default, deserialize_with = "crate::model::whole::optional")]
    pub paragraph: Option<NonZeroU32>,
    /// Where in the source, when not (only) a paragraph: `page 12`, `section 3.2`,
    /// `row DCAD-0412` (a dataset's row or record id) or `#fragment`.
    pub locator: Option<Locator>,
    /// On what ground the record is asserted.
    pub basis: Basis,
    /// Our note.
    pub note: Option<Text>,
}

/// One edition of a defense exhibition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Exhibition {
    /// Stable id of the edition.
    pub id: ExhibitionId,
    /// Name of the exhibition series.
    pub name: Text,
    /// Acronym of the series, such as `ADEX`.
    pub acronym: Option<Text>,
    /// Number of the edition in its series.
    #[serde(default, deserialize_with = "crate::model::whole::optional")]
    pub edition: Option<NonZeroU32>,
    /// The edition as the source writes it (for example `5th Anniversary`).
    pub edition_as_reported: Option<Text>,
    /// City where it is held.
    pub city: Option<Text>,
    /// Country where it is held.
    pub country: Option<CountryCode>,
    /// Venue as the source writes it.
    pub venue_as_reported: Option<Text>,
    /// First day, when known: a day, a month or a year.
    pub start_date: Option<PartialDate>,
    /// Last day, when known (a day, a month or a year); not certainly before `start_date`.
    pub end_date: Option<PartialDate>,
    /// Source the record is derived from.
    pub source_id: SourceId,
    /// Paragraph of the source (1-based) the record is derived from; empty when `locator`
    /// places it instead (a dataset's row, a page).
    #[serde(default, deserialize_with = "crate::model::whole::optional")]
    pub paragraph: Option<NonZeroU32>,
    /// Where in the source, when not (only) a paragraph: `page 12`, `section 3.2`,
    /// `row DCAD-0412` (a dataset's row or record id) or `#fragment`.
    pub locator: Option<Locator>,
    /// On what ground the record is asserted.
    pub basis: Basis,
    /// Our note.
    pub note: Option<Text>,
}

/// A meeting between officials or delegations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Meeting {
    /// Stable id of the meeting.
    pub id: MeetingId,
    /// When the meeting took place (not when it was reported): a day, a month or a year.
    pub date: Option<PartialDate>,
    /// The exhibition the meeting was held within, if any; the date may not fall certainly
    /// outside its dates.
    pub exhibition_id: Option<ExhibitionId>,
    /// City where the meeting was held, when the source gives it (a meeting within an
    /// exhibition is at the exhibition's place unless this says otherwise).
    pub city: Option<Text>,
    /// Country where the meeting was held (ISO 3166-1 alpha-2), when known.
    pub country: Option<CountryCode>,
    /// Venue as the source writes it ("the Presidential Palace", "NATO headquarters").
    pub venue_as_reported: Option<Text>,
    /// What kind of meeting it was.
    pub kind: MeetingKind,
    /// The meeting this one came right after ("then"), when the source gives the order.
    pub follows_id: Option<MeetingId>,
    /// Source the record is derived from.
    pub source_id: SourceId,
    /// Paragraph of the source (1-based) the record is derived from; empty when `locator`
    /// places it instead (a dataset's row, a page).
    #[serde(default, deserialize_with = "crate::model::whole::optional")]
    pub paragraph: Option<NonZeroU32>,
    /// Where in the source, when not (only) a paragraph: `page 12`, `section 3.2`,
    /// `row DCAD-0412` (a dataset's row or record id) or `#fragment`.
    pub locator: Option<Locator>,
    /// On what ground the record is asserted.
    pub basis: Basis,
    /// Our note.
    pub note: Option<Text>,
}

/// A subject discussed at a meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct MeetingTopic {
    /// Stable id of the topic row.
    pub id: MeetingTopicId,
    /// The meeting where it was discussed.
    pub meeting_id: MeetingId,
    /// Normalized field of the topic.
    pub domain: Domain,
    /// The topic in the source's words (a short term, not a sentence).
    pub topic_as_reported: Text,
    /// Source the record is derived from.
    pub source_id: SourceId,
    /// Paragraph of the source (1-based) the record is derived from; empty when `locator`
    /// places it instead (a dataset's row, a page).
    #[serde(default, deserialize_with = "crate::model::whole::optional")]
    pub paragraph: Option<NonZeroU32>,
    /// Where in the source, when not (only) a paragraph: `page 12`, `section 3.2`,
    /// `row DCAD-0412` (a dataset's row or record id) or `#fragment`.
    pub locator: Option<Locator>,
    /// On what ground the record is asserted.
    pub basis: Basis,
    /// Our note.
    pub note: Option<Text>,
}

/// A group representing one side (a country, and an organization where known) at a meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Delegation {
    /// Stable id of the delegation.
    pub id: DelegationId,
    /// The meeting the delegation took part in.
    pub meeting_id: MeetingId,
    /// The side the delegation represents; a side is not its members' nationality.
    pub side: CountryCode,
    /// The organization the delegation represents, when one is named.
    pub organization_id: Option<OrganizationId>,
    /// The official who leads it; also a `head` row of `delegation_members`.
    pub head_official_id: OfficialId,
    /// Source the record is derived from.
    pub source_id: SourceId,
    /// Paragraph of the source (1-based) the record is derived from; empty when `locator`
    /// places it instead (a dataset's row, a page).
    #[serde(default, deserialize_with = "crate::model::whole::optional")]
    pub paragraph: Option<NonZeroU32>,
    /// Where in the source, when not (only) a paragraph: `page 12`, `section 3.2`,
    /// `row DCAD-0412` (a dataset's row or record id) or `#fragment`.
    pub locator: Option<Locator>,
    /// On what ground the record is asserted.
    pub basis: Basis,
    /// Our note.
    pub note: Option<Text>,
}

/// A named official's membership in a delegation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DelegationMember {
    /// Stable id of the membership.
    pub id: DelegationMemberId,
    /// The delegation.
    pub delegation_id: DelegationId,
    /// The official.
    pub official_id: OfficialId,
    /// Head or member.
    pub role: MemberRole,
    /// Source the record is derived from.
    pub source_id: SourceId,
    /// Paragraph of the source (1-based) the record is derived from; empty when `locator`
    /// places it instead (a dataset's row, a page).
    #[serde(default, deserialize_with = "crate::model::whole::optional")]
    pub paragraph: Option<NonZeroU32>,
    /// Where in the source, when not (only) a paragraph: `page 12`, `section 3.2`,
    /// `row DCAD-0412` (a dataset's row or record id) or `#fragment`.
    pub locator: Option<Locator>,
    /// `stated` when the source lists the official with the side, `inferred` when it only implies it.
    pub basis: Basis,
    /// Our note.
    pub note: Option<Text>,
}

/// Participants the source mentions without naming them ("other officials"), as a described
/// group with a count; never invented people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ParticipantGroup {
    /// Stable id of the group.
    pub id: ParticipantGroupId,
    /// The meeting they took part in.
    pub meeting_id: MeetingId,
    /// The delegation they belonged to, when known.
    pub delegation_id: Option<DelegationId>,
    /// The country they came from or represented, when known.
    pub country: Option<CountryCode>,
    /// Who they were, in a few words.
    pub description: Text,
    /// How their number is known.
    pub count_kind: QuantityKind,
    /// Least number of people (see `count_kind`).
    #[serde(default, deserialize_with = "crate::model::whole::optional")]
    pub count_min: Option<u32>,
    /// Greatest number of people (see `count_kind`).
    #[serde(default, deserialize_with = "crate::model::whole::optional")]
    pub count_max: Option<u32>,
    /// The word the source uses for their number, such as `several`.
    pub count_term: Option<Text>,
    /// Source the record is derived from.
    pub source_id: SourceId,
    /// Paragraph of the source (1-based) the record is derived from; empty when `locator`
    /// places it instead (a dataset's row, a page).
    #[serde(default, deserialize_with = "crate::model::whole::optional")]
    pub paragraph: Option<NonZeroU32>,
    /// Where in the source, when not (only) a paragraph: `page 12`, `section 3.2`,
    /// `row DCAD-0412` (a dataset's row or record id) or `#fragment`.
    pub locator: Option<Locator>,
    /// On what ground the record is asserted.
    pub basis: Basis,
    /// Our note.
    pub note: Option<Text>,
}

/// An agreement, contract or memorandum, or a group of them whose count may be vague
/// ("several contracts"); never split into invented individual rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Agreement {
    /// Stable id of the agreement (or group of agreements).
    pub id: AgreementId,
    /// What kind of instrument it is.
    pub kind: AgreementKind,
    /// Field of cooperation it covers.
    pub domain: Domain,
    /// Title, when the source gives one.
    pub title: Option<Text>,
    /// When the agreement was signed, when known: a day, a month or a year (`2010`, as
    /// agreement datasets often give); not certainly before any meeting it was signed at.
    pub signed_date: Option<PartialDate>,
    /// How many instruments the row stands for.
    pub count_kind: QuantityKind,
    /// Least number of instruments (see `count_kind`).
    #[serde(default, deserialize_with = "crate::model::whole::optional")]
    pub count_min: Option<u32>,
    /// Greatest number of instruments (see `count_kind`).
    #[serde(default, deserialize_with = "crate::model::whole::optional")]
    pub count_max: Option<u32>,
    /// The word the source uses for their number, such as `several`.
    pub count_term: Option<Text>,
    /// Source the record is derived from.
    pub source_id: SourceId,
    /// Paragraph of the source (1-based) the record is derived from; empty when `locator`
    /// places it instead (a dataset's row, a page).
    #[serde(default, deserialize_with = "crate::model::whole::optional")]
    pub paragraph: Option<NonZeroU32>,
    /// Where in the source, when not (only) a paragraph: `page 12`, `section 3.2`,
    /// `row DCAD-0412` (a dataset's row or record id) or `#fragment`.
    pub locator: Option<Locator>,
    /// On what ground the record is asserted.
    pub basis: Basis,
    /// Our note.
    pub note: Option<Text>,
}

/// An agreement signed at (the end of) a meeting; one row per meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AgreementSigning {
    /// Stable id of the signing.
    pub id: AgreementSigningId,
    /// The agreement.
    pub agreement_id: AgreementId,
    /// The meeting it was signed at.
    pub meeting_id: MeetingId,
    /// Source the record is derived from.
    pub source_id: SourceId,
    /// Paragraph of the source (1-based) the record is derived from; empty when `locator`
    /// places it instead (a dataset's row, a page).
    #[serde(default, deserialize_with = "crate::model::whole::optional")]
    pub paragraph: Option<NonZeroU32>,
    /// Where in the source, when not (only) a paragraph: `page 12`, `section 3.2`,
    /// `row DCAD-0412` (a dataset's row or record id) or `#fragment`.
    pub locator: Option<Locator>,
    /// On what ground the record is asserted.
    pub basis: Basis,
    /// Our note.
    pub note: Option<Text>,
}

/// A party to an agreement: a country, an organization, or both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct AgreementParty {
    /// Stable id of the party row.
    pub id: AgreementPartyId,
    /// The agreement.
    pub agreement_id: AgreementId,
    /// The country that is party, when known.
    pub country: Option<CountryCode>,
    /// The organization that is party, when known.
    pub organization_id: Option<OrganizationId>,
    /// Source the record is derived from.
    pub source_id: SourceId,
    /// Paragraph of the source (1-based) the record is derived from; empty when `locator`
    /// places it instead (a dataset's row, a page).
    #[serde(default, deserialize_with = "crate::model::whole::optional")]
    pub paragraph: Option<NonZeroU32>,
    /// Where in the source, when not (only) a paragraph: `page 12`, `section 3.2`,
    /// `row DCAD-0412` (a dataset's row or record id) or `#fragment`.
    pub locator: Option<Locator>,
    /// On what ground the record is asserted.
    pub basis: Basis,
    /// Our note.
    pub note: Option<Text>,
}

/// The citation of a record, owned: the source, the paragraph (1-based) and the basis, which
/// every record but a source needs. Records of the same paragraph share one, cloned.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Cite {
    /// The cited source.
    pub source_id: SourceId,
    /// The cited paragraph, 1-based.
    pub paragraph: Option<NonZeroU32>,
    /// The cited place, when not (only) a paragraph.
    pub locator: Option<Locator>,
    /// On what ground the record is asserted.
    pub basis: Basis,
}

impl Cite {
    /// A citation of paragraph `paragraph` (1-based; 0 is refused) of `source_id`.
    pub fn new(source_id: SourceId, paragraph: u32, basis: Basis) -> Result<Cite, ValueError> {
        Ok(Cite {
            source_id,
            paragraph: Some(super::values::paragraph(paragraph)?),
            locator: None,
            basis,
        })
    }

    /// A citation of a place other than a paragraph (a dataset's row, a page) of `source_id`.
    pub fn at(source_id: SourceId, locator: Locator, basis: Basis) -> Cite {
        Cite {
            source_id,
            paragraph: None,
            locator: Some(locator),
            basis,
        }
    }

    /// The same citation, with a locator as well (a paragraph and the page it is on).
    #[must_use]
    pub fn with_locator(mut self, locator: Locator) -> Cite {
        self.locator = Some(locator);
        self
    }

    /// The same source and paragraph, on another basis.
    pub fn with_basis(&self, basis: Basis) -> Cite {
        Cite {
            basis,
            ..self.clone()
        }
    }
}

/// `with_*` methods setting optional fields to a value.
macro_rules! setters {
    ($ty:ident { $($method:ident => $field:ident: $fty:ty),* $(,)? }) => {
        impl $ty {
            $(
                #[doc = concat!("Sets `", stringify!($field), "` (see the field).")]
                #[must_use]
                pub fn $method(mut self, value: $fty) -> Self {
                    self.$field = Some(value);
                    self
                }
            )*
        }
    };
}

/// `with_*` methods setting optional dates: each takes a [`PartialDate`] or a full [`Date`].
macro_rules! date_setters {
    ($ty:ident { $($method:ident => $field:ident),* $(,)? }) => {
        impl $ty {
            $(
                #[doc = concat!("Sets `", stringify!($field), "` (see the field): a year, a month or a day.")]
                #[must_use]
                pub fn $method(mut self, value: impl Into<PartialDate>) -> Self {
                    self.$field = Some(value.into());
                    self
                }
            )*
        }
    };
}

date_setters!(Position { with_as_of => as_of, with_start_date => start_date, with_end_date => end_date });
date_setters!(Exhibition { with_start_date => start_date, with_end_date => end_date });
date_setters!(Meeting { with_date => date });
date_setters!(Agreement { with_signed_date => signed_date });

impl Source {
    /// A source with its required fields; the optional ones are empty.
    pub fn new(
        id: SourceId,
        publisher: Text,
        published: impl Into<PartialDate>,
        language: Text,
        sha256: Sha256,
        paragraphs: NonZeroU32,
    ) -> Source {
        Source {
            published: Some(published.into()),
            sha256: Some(sha256),
            paragraphs: Some(paragraphs),
            ..Source::document(id, publisher, language)
        }
    }

    /// A source with only the fields every source needs (who published it and in what
    /// language): for a dataset or a web page without a date, a kept copy or paragraphs.
    /// Set the others with the `with_*` methods.
    pub fn document(id: SourceId, publisher: Text, language: Text) -> Source {
        Source {
            id,
            title: None,
            publisher,
            syndicator: None,
            published: None,
            language,
            url: None,
            doi: None,
            kind: None,
            version: None,
            retrieved: None,
            sha256: None,
            paragraphs: None,
            note: None,
        }
    }

    /// Sets `published` (see the field): a year, a month or a day.
    #[must_use]
    pub fn with_published(mut self, published: impl Into<PartialDate>) -> Self {
        self.published = Some(published.into());
        self
    }
}
setters!(Source { with_title => title: Text, with_syndicator => syndicator: Text,
    with_kind => kind: SourceKind, with_version => version: Text, with_retrieved => retrieved: Date,
    with_url => url: Text, with_doi => doi: Doi, with_sha256 => sha256: Sha256,
    with_paragraphs => paragraphs: NonZeroU32, with_note => note: Text });

impl Organization {
    /// An organization with its required fields; the optional ones are empty.
    pub fn new(id: OrganizationId, name: Text, kind: OrganizationKind, cite: Cite) -> Organization {
        Organization {
            id,
            name,
            name_as_reported: None,
            acronym: None,
            kind,
            country: None,
            parent_id: None,
            source_id: cite.source_id,
            paragraph: cite.paragraph,
            locator: cite.locator,
            basis: cite.basis,
            note: None,
        }
    }
}
setters!(Organization { with_name_as_reported => name_as_reported: Text,
    with_acronym => acronym: Text, with_country => country: CountryCode,
    with_parent_id => parent_id: OrganizationId, with_note => note: Text });

impl Official {
    /// An official with their required fields; the optional ones are empty.
    pub fn new(id: OfficialId, name: Text, name_as_reported: Text, cite: Cite) -> Official {
        Official {
            id,
            name,
            name_as_reported,
            honorific: None,
            nationality: None,
            nationality_basis: None,
            source_id: cite.source_id,
            paragraph: cite.paragraph,
            locator: cite.locator,
            basis: cite.basis,
            note: None,
        }
    }

    /// Sets the nationality and the basis it is asserted on, together (the rule
    /// `basis.missing` wants both or neither).
    #[must_use]
    pub fn with_nationality(mut self, nationality: CountryCode, basis: Basis) -> Self {
        self.nationality = Some(nationality);
        self.nationality_basis = Some(basis);
        self
    }
}
setters!(Official { with_honorific => honorific: Text, with_note => note: Text });

impl Position {
    /// A position with its required fields; the optional ones are empty.
    pub fn new(
        id: PositionId,
        official_id: OfficialId,
        organization_id: OrganizationId,
        title_as_reported: Text,
        role: Role,
        acting: impl Into<Option<bool>>,
        cite: Cite,
    ) -> Position {
        Position {
            id,
            official_id,
            organization_id,
            title_as_reported,
            role,
            acting: acting.into(),
            as_of: None,
            start_date: None,
            end_date: None,
            rank_as_reported: None,
            rank_native: None,
            rank_country: None,
            rank_service: None,
            rank_nato: None,
            rank_basis: None,
            source_id: cite.source_id,
            paragraph: cite.paragraph,
            locator: cite.locator,
            basis: cite.basis,
            note: None,
        }
    }

    /// Sets the rank's native term with the country and service it belongs to and the basis
    /// it is asserted on, and its NATO code from the reference table ([`super::nato_rank`];
    /// left empty when the table does not know the combination, set it with
    /// [`Position::with_rank_nato`]).
    #[must_use]
    pub fn with_rank(
        mut self,
        native: Text,
        country: CountryCode,
        service: Service,
        basis: Basis,
    ) -> Self {
        self.rank_nato = super::nato_rank(country.as_str(), service, native.as_str());
        self.rank_native = Some(native);
        self.rank_country = Some(country);
        self.rank_service = Some(service);
        self.rank_basis = Some(basis);
        self
    }
}
setters!(Position { with_rank_as_reported => rank_as_reported: Text,
    with_rank_nato => rank_nato: NatoRank, with_note => note: Text });

impl Exhibition {
    /// An exhibition with its required fields; the optional ones are empty.
    pub fn new(id: ExhibitionId, name: Text, cite: Cite) -> Exhibition {
        Exhibition {
            id,
            name,
            acronym: None,
            edition: None,
            edition_as_reported: None,
            city: None,
            country: None,
            venue_as_reported: None,
            start_date: None,
            end_date: None,
            source_id: cite.source_id,
            paragraph: cite.paragraph,
            locator: cite.locator,
            basis: cite.basis,
            note: None,
        }
    }
}
setters!(Exhibition { with_acronym => acronym: Text, with_edition => edition: NonZeroU32,
    with_edition_as_reported => edition_as_reported: Text, with_city => city: Text,
    with_country => country: CountryCode, with_venue_as_reported => venue_as_reported: Text,
    with_note => note: Text });

impl Meeting {
    /// A meeting with its required fields; the optional ones are empty.
    pub fn new(id: MeetingId, kind: MeetingKind, cite: Cite) -> Meeting {
        Meeting {
            id,
            date: None,
            exhibition_id: None,
            city: None,
            country: None,
            venue_as_reported: None,
            kind,
            follows_id: None,
            source_id: cite.source_id,
            paragraph: cite.paragraph,
            locator: cite.locator,
            basis: cite.basis,
            note: None,
        }
    }
}
setters!(Meeting { with_exhibition_id => exhibition_id: ExhibitionId,
    with_city => city: Text, with_country => country: CountryCode,
    with_venue_as_reported => venue_as_reported: Text,
    with_follows_id => follows_id: MeetingId, with_note => note: Text });

impl MeetingTopic {
    /// A meeting topic with its required fields; the note is empty.
    pub fn new(
        id: MeetingTopicId,
        meeting_id: MeetingId,
        domain: Domain,
        topic_as_reported: Text,
        cite: Cite,
    ) -> MeetingTopic {
        MeetingTopic {
            id,
            meeting_id,
            domain,
            topic_as_reported,
            source_id: cite.source_id,
            paragraph: cite.paragraph,
            locator: cite.locator,
            basis: cite.basis,
            note: None,
        }
    }
}
setters!(MeetingTopic { with_note => note: Text });

impl Delegation {
    /// A delegation with its required fields; the optional ones are empty.
    pub fn new(
        id: DelegationId,
        meeting_id: MeetingId,
        side: CountryCode,
        head_official_id: OfficialId,
        cite: Cite,
    ) -> Delegation {
        Delegation {
            id,
            meeting_id,
            side,
            organization_id: None,
            head_official_id,
            source_id: cite.source_id,
            paragraph: cite.paragraph,
            locator: cite.locator,
            basis: cite.basis,
            note: None,
        }
    }
}
setters!(Delegation { with_organization_id => organization_id: OrganizationId,
    with_note => note: Text });

impl DelegationMember {
    /// A delegation membership with its required fields; the note is empty.
    pub fn new(
        id: DelegationMemberId,
        delegation_id: DelegationId,
        official_id: OfficialId,
        role: MemberRole,
        cite: Cite,
    ) -> DelegationMember {
        DelegationMember {
            id,
            delegation_id,
            official_id,
            role,
            source_id: cite.source_id,
            paragraph: cite.paragraph,
            locator: cite.locator,
            basis: cite.basis,
            note: None,
        }
    }
}
setters!(DelegationMember { with_note => note: Text });

impl ParticipantGroup {
    /// A participant group with its required fields, the count given as a [`Quantity`]; the
    /// optional fields are empty.
    pub fn new(
        id: ParticipantGroupId,
        meeting_id: MeetingId,
        description: Text,
        count: Quantity,
        cite: Cite,
    ) -> ParticipantGroup {
        let mut group = ParticipantGroup {
            id,
            meeting_id,
            delegation_id: None,
            country: None,
            description,
            count_kind: QuantityKind::Unknown,
            count_min: None,
            count_max: None,
            count_term: None,
            source_id: cite.source_id,
            paragraph: cite.paragraph,
            locator: cite.locator,
            basis: cite.basis,
            note: None,
        };
        group.set_count(count);
        group
    }
}
setters!(ParticipantGroup { with_delegation_id => delegation_id: DelegationId,
    with_country => country: CountryCode, with_note => note: Text });

/// `set_count` and `count` for a record with the four count fields (`count_kind`,
/// `count_min`, `count_max`, `count_term`), with what its count counts.
macro_rules! counted {
    ($ty:ident, $count_doc:literal) => {
        impl $ty {
            /// Sets the four count fields from a [`Quantity`].
            pub fn set_count(&mut self, count: Quantity) {
                self.count_kind = count.kind();
                (self.count_min, self.count_max, self.count_term) = count.into_parts();
            }

            #[doc = $count_doc]
            pub fn count(&self) -> Result<Quantity, QuantityError> {
                Quantity::from_parts(
                    self.count_kind,
                    self.count_min,
                    self.count_max,
                    self.count_term.as_ref().map(Text::as_str),
                )
            }
        }
    };
}
counted!(
    ParticipantGroup,
    "The group's size as a typed quantity, or why its count fields do not fit together."
);
counted!(
    Agreement,
    "How many instruments the row stands for, or why its count fields do not fit together."
);

impl Agreement {
    /// An agreement (or group of agreements) with its required fields, the count given as a
    /// [`Quantity`]; the optional fields are empty.
    pub fn new(
        id: AgreementId,
        kind: AgreementKind,
        domain: Domain,
        count: Quantity,
        cite: Cite,
    ) -> Agreement {
        let mut agreement = Agreement {
            id,
            kind,
            domain,
            title: None,
            signed_date: None,
            count_kind: QuantityKind::Unknown,
            count_min: None,
            count_max: None,
            count_term: None,
            source_id: cite.source_id,
            paragraph: cite.paragraph,
            locator: cite.locator,
            basis: cite.basis,
            note: None,
        };
        agreement.set_count(count);
        agreement
    }
}
setters!(Agreement { with_title => title: Text, with_note => note: Text });

impl AgreementSigning {
    /// An agreement signing with its required fields; the note is empty.
    pub fn new(
        id: AgreementSigningId,
        agreement_id: AgreementId,
        meeting_id: MeetingId,
        cite: Cite,
    ) -> AgreementSigning {
        AgreementSigning {
            id,
            agreement_id,
            meeting_id,
            source_id: cite.source_id,
            paragraph: cite.paragraph,
            locator: cite.locator,
            basis: cite.basis,
            note: None,
        }
    }
}
setters!(AgreementSigning { with_note => note: Text });

impl AgreementParty {
    /// A party to an agreement with its required fields; country and organization are empty
    /// (set at least one).
    pub fn new(id: AgreementPartyId, agreement_id: AgreementId, cite: Cite) -> AgreementParty {
        AgreementParty {
            id,
            agreement_id,
            country: None,
            organization_id: None,
            source_id: cite.source_id,
            paragraph: cite.paragraph,
            locator: cite.locator,
            basis: cite.basis,
            note: None,
        }
    }
}
setters!(AgreementParty { with_country => country: CountryCode,
    with_organization_id => organization_id: OrganizationId, with_note => note: Text });
