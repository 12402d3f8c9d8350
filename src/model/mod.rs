//! The model: one Rust type per table, the value types they use, and the table catalogue
//! (names, keys, references) that schema generation, validation and the docs all read.
//!
//! The model depends on nothing else in the crate.

mod dates;
mod identifiers;
mod language;
mod linked;
mod locator;
mod navigate;
mod ranks;
mod table_serde;
mod tables;
mod values;
pub(crate) mod whole;

use std::fmt;
use std::num::NonZeroU32;

use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub use dates::*;
pub use identifiers::*;
pub use language::*;
pub use linked::*;
pub use locator::*;
pub use navigate::*;
pub use ranks::*;
pub use tables::*;
pub use values::*;

/// The tables of a defcoop package, in dependency order (a table only refers to tables
/// before it, except `meetings.follows_id` and `organizations.parent_id`, which refer to
/// their own table). `Ord` is that order; [`std::fmt::Display`], [`std::str::FromStr`] and
/// serde use the table's name (`meeting_topics`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Table {
    /// [`Source`] records.
    Sources,
    /// [`Organization`] records.
    Organizations,
    /// [`Official`] records.
    Officials,
    /// [`Position`] records.
    Positions,
    /// [`Exhibition`] records.
    Exhibitions,
    /// [`Meeting`] records.
    Meetings,
    /// [`MeetingTopic`] records.
    MeetingTopics,
    /// [`Delegation`] records.
    Delegations,
    /// [`DelegationMember`] records.
    DelegationMembers,
    /// [`ParticipantGroup`] records.
    ParticipantGroups,
    /// [`Agreement`] records.
    Agreements,
    /// [`AgreementSigning`] records.
    AgreementSignings,
    /// [`AgreementParty`] records.
    AgreementParties,
    /// [`RecordCitation`] records: further sources of records of other tables.
    Citations,
    /// [`Identifier`] records: external identifiers of records.
    Identifiers,
    /// [`NameVariant`] records: other names of officials and organizations.
    NameVariants,
}

/// A field of one table that holds the id of a row of another (or the same) table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForeignKey {
    /// The field holding the reference.
    pub field: &'static str,
    /// The table whose `id` it refers to.
    pub table: Table,
}

/// Where a record comes from: a source and a place in it (a paragraph, a locator, or both).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Citation<'a> {
    /// The cited source.
    pub source_id: &'a SourceId,
    /// The cited paragraph, 1-based.
    pub paragraph: Option<NonZeroU32>,
    /// The cited place, when not (only) a paragraph.
    pub locator: Option<&'a Locator>,
}

impl fmt::Display for Citation<'_> {
    /// `src-a, paragraph 5`, `src-a, row DCAD-0412`, `src-a, paragraph 5, page 2`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source_id)?;
        if let Some(p) = self.paragraph {
            write!(f, ", paragraph {p}")?;
        }
        if let Some(l) = self.locator {
            write!(f, ", {l}")?;
        }
        Ok(())
    }
}

/// What every table's record type can tell about itself.
pub trait Record:
    Serialize + DeserializeOwned + JsonSchema + Clone + fmt::Debug + Send + Sync + 'static
{
    /// The table the type is a row of.
    const TABLE: Table;
    /// The fields that refer to other rows, in field order.
    const FOREIGN_KEYS: &'static [ForeignKey];
    /// The record's id.
    fn id(&self) -> &str;
    /// The value of the `index`-th foreign key of [`Record::FOREIGN_KEYS`], if the field is set.
    fn reference(&self, index: usize) -> Option<&str>;
    /// Where the record comes from; `None` for a source itself.
    fn citation(&self) -> Option<Citation<'_>>;
    /// The rows of this table in a dataset.
    fn rows(dataset: &Dataset) -> &[Self];
    /// The rows of this table in a dataset, for changing.
    fn rows_mut(dataset: &mut Dataset) -> &mut Vec<Self>;
    /// The record as a [`RecordRef`], the one enum over every table: code generic over
    /// `Record` reaches the record's own type through it (a `match`, no downcast).
    fn as_record_ref(&self) -> RecordRef<'_>;
}

/// Something that can be done with the record type of any table, see [`Table::visit`].
pub trait TableVisitor {
    /// What the visit gives back.
    type Output;
    /// Called with the record type of the visited table.
    fn visit<R: Record>(self) -> Self::Output;
}

/// A field that may hold a reference: an id, or an optional id.
trait ReferenceField {
    fn reference(&self) -> Option<&str>;
}

macro_rules! reference_field {
    ($($id:ty),*) => {$(
        impl ReferenceField for $id {
            fn reference(&self) -> Option<&str> {
                Some(self.as_str())
            }
        }
        impl ReferenceField for Option<$id> {
            fn reference(&self) -> Option<&str> {
                self.as_ref().map(|id| id.as_str())
            }
        }
    )*};
}

reference_field!(
    SourceId,
    OrganizationId,
    OfficialId,
    ExhibitionId,
    MeetingId,
    DelegationId,
    AgreementId
);

macro_rules! record {
    ($ty:ident, $table:ident, $rows:ident, cited: $cited:tt, [$($field:ident => $target:ident),* $(,)?]) => {
        impl Record for $ty {
            const TABLE: Table = Table::$table;
            const FOREIGN_KEYS: &'static [ForeignKey] = &[
                $(ForeignKey { field: stringify!($field), table: Table::$target }),*
            ];
            fn id(&self) -> &str {
                self.id.as_str()
            }
            fn reference(&self, index: usize) -> Option<&str> {
                let fields: &[&dyn ReferenceField] = &[$(&self.$field),*];
                fields.get(index).and_then(|f| f.reference())
            }
            fn citation(&self) -> Option<Citation<'_>> {
                record!(@cite self, $cited)
            }
            fn rows(dataset: &Dataset) -> &[Self] {
                &dataset.$rows
            }
            fn rows_mut(dataset: &mut Dataset) -> &mut Vec<Self> {
                &mut dataset.$rows
            }
            fn as_record_ref(&self) -> RecordRef<'_> {
                RecordRef::from(self)
            }
        }
    };
    (@cite $self:ident, true) => {
        Some(Citation {
            source_id: &$self.source_id,
            paragraph: $self.paragraph,
            locator: $self.locator.as_ref(),
        })
    };
    (@cite $self:ident, optional) => {
        $self.source_id.as_ref().map(|source_id| Citation {
            source_id,
            paragraph: $self.paragraph,
            locator: $self.locator.as_ref(),
        })
    };
    (@cite $self:ident, false) => {
        None
    };
}

record!(Source, Sources, sources, cited: false, []);
record!(Organization, Organizations, organizations, cited: true,
    [parent_id => Organizations, source_id => Sources]);
record!(Official, Officials, officials, cited: true, [source_id => Sources]);
record!(Position, Positions, positions, cited: true,
    [official_id => Officials, organization_id => Organizations, source_id => Sources]);
record!(Exhibition, Exhibitions, exhibitions, cited: true, [source_id => Sources]);
record!(Meeting, Meetings, meetings, cited: true,
    [exhibition_id => Exhibitions, follows_id => Meetings, source_id => Sources]);
record!(MeetingTopic, MeetingTopics, meeting_topics, cited: true,
    [meeting_id => Meetings, source_id => Sources]);
record!(Delegation, Delegations, delegations, cited: true,
    [meeting_id => Meetings, organization_id => Organizations, head_official_id => Officials,
     source_id => Sources]);
record!(DelegationMember, DelegationMembers, delegation_members, cited: true,
    [delegation_id => Delegations, official_id => Officials, source_id => Sources]);
record!(ParticipantGroup, ParticipantGroups, participant_groups, cited: true,
    [meeting_id => Meetings, delegation_id => Delegations, source_id => Sources]);
record!(Agreement, Agreements, agreements, cited: true, [source_id => Sources]);
record!(AgreementSigning, AgreementSignings, agreement_signings, cited: true,
    [agreement_id => Agreements, meeting_id => Meetings, source_id => Sources]);
record!(AgreementParty, AgreementParties, agreement_parties, cited: true,
    [agreement_id => Agreements, organization_id => Organizations, source_id => Sources]);
record!(RecordCitation, Citations, citations, cited: true, [source_id => Sources]);
record!(Identifier, Identifiers, identifiers, cited: optional, [source_id => Sources]);
record!(NameVariant, NameVariants, name_variants, cited: true, [source_id => Sources]);

impl Table {
    /// Every table, in dependency order.
    pub const ALL: [Table; 16] = [
        Table::Sources,
        Table::Organizations,
        Table::Officials,
        Table::Positions,
        Table::Exhibitions,
        Table::Meetings,
        Table::MeetingTopics,
        Table::Delegations,
        Table::DelegationMembers,
        Table::ParticipantGroups,
        Table::Agreements,
        Table::AgreementSignings,
        Table::AgreementParties,
        Table::Citations,
        Table::Identifiers,
        Table::NameVariants,
    ];

    /// The table's name, as used for file names (`officials.csv`), JSON keys and schema names.
    pub fn name(self) -> &'static str {
        match self {
            Table::Sources => "sources",
            Table::Organizations => "organizations",
            Table::Officials => "officials",
            Table::Positions => "positions",
            Table::Exhibitions => "exhibitions",
            Table::Meetings => "meetings",
            Table::MeetingTopics => "meeting_topics",
            Table::Delegations => "delegations",
            Table::DelegationMembers => "delegation_members",
            Table::ParticipantGroups => "participant_groups",
            Table::Agreements => "agreements",
            Table::AgreementSignings => "agreement_signings",
            Table::AgreementParties => "agreement_parties",
            Table::Citations => "citations",
            Table::Identifiers => "identifiers",
            Table::NameVariants => "name_variants",
        }
    }

    /// Whether a package may leave the table out: the tables added in schema v2
    /// (`citations`, `identifiers`, `name_variants`), so that a v1 package stays complete.
    pub fn optional(self) -> bool {
        matches!(
            self,
            Table::Citations | Table::Identifiers | Table::NameVariants
        )
    }

    /// The table with this name, if any.
    pub fn from_name(name: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Calls the visitor with the record type of this table.
    pub fn visit<V: TableVisitor>(self, visitor: V) -> V::Output {
        match self {
            Table::Sources => visitor.visit::<Source>(),
            Table::Organizations => visitor.visit::<Organization>(),
            Table::Officials => visitor.visit::<Official>(),
            Table::Positions => visitor.visit::<Position>(),
            Table::Exhibitions => visitor.visit::<Exhibition>(),
            Table::Meetings => visitor.visit::<Meeting>(),
            Table::MeetingTopics => visitor.visit::<MeetingTopic>(),
            Table::Delegations => visitor.visit::<Delegation>(),
            Table::DelegationMembers => visitor.visit::<DelegationMember>(),
            Table::ParticipantGroups => visitor.visit::<ParticipantGroup>(),
            Table::Agreements => visitor.visit::<Agreement>(),
            Table::AgreementSignings => visitor.visit::<AgreementSigning>(),
            Table::AgreementParties => visitor.visit::<AgreementParty>(),
            Table::Citations => visitor.visit::<RecordCitation>(),
            Table::Identifiers => visitor.visit::<Identifier>(),
            Table::NameVariants => visitor.visit::<NameVariant>(),
        }
    }

    /// The fields of this table that refer to other rows.
    pub fn foreign_keys(self) -> &'static [ForeignKey] {
        struct Keys;
        impl TableVisitor for Keys {
            type Output = &'static [ForeignKey];
            fn visit<R: Record>(self) -> Self::Output {
                R::FOREIGN_KEYS
            }
        }
        self.visit(Keys)
    }

    /// The prefix of this table's ids, such as `off-`.
    pub fn id_prefix(self) -> &'static str {
        match self {
            Table::Sources => SourceId::PREFIX,
            Table::Organizations => OrganizationId::PREFIX,
            Table::Officials => OfficialId::PREFIX,
            Table::Positions => PositionId::PREFIX,
            Table::Exhibitions => ExhibitionId::PREFIX,
            Table::Meetings => MeetingId::PREFIX,
            Table::MeetingTopics => MeetingTopicId::PREFIX,
            Table::Delegations => DelegationId::PREFIX,
            Table::DelegationMembers => DelegationMemberId::PREFIX,
            Table::ParticipantGroups => ParticipantGroupId::PREFIX,
            Table::Agreements => AgreementId::PREFIX,
            Table::AgreementSignings => AgreementSigningId::PREFIX,
            Table::AgreementParties => AgreementPartyId::PREFIX,
            Table::Citations => RecordCitationId::PREFIX,
            Table::Identifiers => IdentifierId::PREFIX,
            Table::NameVariants => NameVariantId::PREFIX,
        }
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Table {
    type Err = ValueError;
    fn from_str(name: &str) -> Result<Table, ValueError> {
        Table::from_name(name).ok_or_else(|| ValueError::UnknownTable {
            text: name.to_owned(),
        })
    }
}

impl TryFrom<&str> for Table {
    type Error = ValueError;
    fn try_from(name: &str) -> Result<Table, ValueError> {
        name.parse()
    }
}

/// A whole dataset: every table as a list of records. This is the JSON form of a package
/// (`data/defcoop.json`); a table left out of the JSON is empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Dataset {
    /// The documents records cite.
    pub sources: Vec<Source>,
    /// Ministries, general staffs, service branches, agencies, embassies, companies.
    pub organizations: Vec<Organization>,
    /// Named persons.
    pub officials: Vec<Official>,
    /// Posts held by officials.
    pub positions: Vec<Position>,
    /// Editions of defense exhibitions.
    pub exhibitions: Vec<Exhibition>,
    /// Meetings.
    pub meetings: Vec<Meeting>,
    /// Subjects discussed at meetings.
    pub meeting_topics: Vec<MeetingTopic>,
    /// Sides at meetings.
    pub delegations: Vec<Delegation>,
    /// Named officials in delegations.
    pub delegation_members: Vec<DelegationMember>,
    /// Unnamed participants, as described groups with a count.
    pub participant_groups: Vec<ParticipantGroup>,
    /// Agreements, contracts and memoranda, or groups of them.
    pub agreements: Vec<Agreement>,
    /// Which meeting an agreement was signed at.
    pub agreement_signings: Vec<AgreementSigning>,
    /// Parties to agreements.
    pub agreement_parties: Vec<AgreementParty>,
    /// Further sources of records of the other tables.
    pub citations: Vec<RecordCitation>,
    /// External identifiers of officials, organizations, exhibitions, meetings, agreements.
    pub identifiers: Vec<Identifier>,
    /// Other names of officials and organizations.
    pub name_variants: Vec<NameVariant>,
}

impl Dataset {
    /// The rows of one table.
    pub fn rows<R: Record>(&self) -> &[R] {
        R::rows(self)
    }

    /// Number of rows in a table.
    pub fn len_of(&self, table: Table) -> usize {
        struct Len<'a>(&'a Dataset);
        impl TableVisitor for Len<'_> {
            type Output = usize;
            fn visit<R: Record>(self) -> usize {
                R::rows(self.0).len()
            }
        }
        table.visit(Len(self))
    }
}
