//! Finding one's way in a [`Dataset`]: every record of every table as one [`RecordRef`], and
//! an [`Index`] of the ids of every table, built once, for lookups by id.
//!
//! ```
//! use defcoop::model::{MemberRole, RecordRef, Table};
//!
//! let data = defcoop::package::bundled();
//! let index = data.index();
//!
//! // The head of each delegation of each meeting, by name: one line.
//! for d in &data.delegations {
//!     let head = index.official(&d.head_official_id).expect("a known official");
//!     println!("{} {}: {}", d.meeting_id, d.side, head.name);
//! }
//!
//! // An official's posts: one line.
//! let gorgun = index.official(&"off-haluk-gorgun".parse()?).unwrap();
//! let posts: Vec<_> = data.positions.iter().filter(|p| p.official_id == gorgun.id).collect();
//! assert_eq!(posts.len(), 1);
//!
//! // Every record of every table, as one iterator.
//! let cited = data.records().filter(|r| r.citation().is_some()).count();
//! assert_eq!(cited, data.records().count() - data.sources.len());
//! assert!(data.records().any(|r| matches!(r, RecordRef::DelegationMember(m) if m.role == MemberRole::Head)));
//! assert_eq!(data.records().next().map(|r| r.table()), Some(Table::Sources));
//! # Ok::<(), defcoop::model::ValueError>(())
//! ```

use std::collections::HashMap;

use serde::Serialize;

use super::*;

macro_rules! record_ref {
    ($($variant:ident($ty:ident, $rows:ident, $id:ident, $lookup:ident)),* $(,)?) => {
        /// A reference to one record of any table: what iterating over a whole dataset gives
        /// ([`Dataset::records`]). It serializes as the record itself.
        #[derive(Debug, Clone, Copy, PartialEq, Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum RecordRef<'a> {
            $(
                #[doc = concat!("A row of `", stringify!($rows), "`.")]
                $variant(&'a $ty),
            )*
        }

        $(
            impl<'a> From<&'a $ty> for RecordRef<'a> {
                fn from(record: &'a $ty) -> RecordRef<'a> {
                    RecordRef::$variant(record)
                }
            }
        )*

        impl<'a> RecordRef<'a> {
            /// The table of the record.
            pub fn table(self) -> Table {
                match self {
                    $(RecordRef::$variant(_) => <$ty as Record>::TABLE,)*
                }
            }

            /// The record's id.
            pub fn id(self) -> &'a str {
                match self {
                    $(RecordRef::$variant(r) => r.id.as_str(),)*
                }
            }

            /// Where the record comes from; `None` for a source.
            pub fn citation(self) -> Option<Citation<'a>> {
                match self {
                    $(RecordRef::$variant(r) => r.citation(),)*
                }
            }

            /// The references the record holds: each foreign key of its table
            /// ([`Table::foreign_keys`]) whose field is set, with the id it holds.
            pub fn references(self) -> impl Iterator<Item = (ForeignKey, &'a str)> {
                let keys = self.table().foreign_keys();
                keys.iter().enumerate().filter_map(move |(i, key)| {
                    let value = match self {
                        $(RecordRef::$variant(r) => r.reference(i),)*
                    };
                    value.map(|v| (*key, v))
                })
            }
        }

        impl Dataset {
            /// Every record of every table, tables in dependency order ([`Table::ALL`]),
            /// records in their table's order.
            pub fn records(&self) -> impl Iterator<Item = RecordRef<'_>> {
                std::iter::empty()
                    $(.chain(self.$rows.iter().map(RecordRef::$variant)))*
            }

            /// The `index`-th record (0-based) of `table`, if there is one.
            pub fn record(&self, table: Table, index: usize) -> Option<RecordRef<'_>> {
                $(
                    if table == <$ty as Record>::TABLE {
                        return self.$rows.get(index).map(RecordRef::$variant);
                    }
                )*
                None
            }

            /// Builds the [`Index`] of every table's ids (one pass over the dataset), for
            /// lookups by id.
            pub fn index(&self) -> Index<'_> {
                let mut ids: [HashMap<&str, usize>; Table::ALL.len()] = Default::default();
                $(
                    let map = &mut ids[<$ty as Record>::TABLE as usize];
                    map.reserve(self.$rows.len());
                    for (i, r) in self.$rows.iter().enumerate() {
                        map.entry(r.id.as_str()).or_insert(i);
                    }
                )*
                Index { dataset: self, ids }
            }
        }

        impl<'a> Index<'a> {
            $(
                #[doc = concat!("The row of `", stringify!($rows), "` with this id.")]
                pub fn $lookup(&self, id: &$id) -> Option<&'a $ty> {
                    self.get::<$ty>(id.as_str())
                }
            )*
        }
    };
}

record_ref!(
    Source(Source, sources, SourceId, source),
    Organization(Organization, organizations, OrganizationId, organization),
    Official(Official, officials, OfficialId, official),
    Position(Position, positions, PositionId, position),
    Exhibition(Exhibition, exhibitions, ExhibitionId, exhibition),
    Meeting(Meeting, meetings, MeetingId, meeting),
    MeetingTopic(MeetingTopic, meeting_topics, MeetingTopicId, meeting_topic),
    Delegation(Delegation, delegations, DelegationId, delegation),
    DelegationMember(
        DelegationMember,
        delegation_members,
        DelegationMemberId,
        delegation_member
    ),
    ParticipantGroup(
        ParticipantGroup,
        participant_groups,
        ParticipantGroupId,
        participant_group
    ),
    Agreement(Agreement, agreements, AgreementId, agreement),
    AgreementSigning(
        AgreementSigning,
        agreement_signings,
        AgreementSigningId,
        agreement_signing
    ),
    AgreementParty(
        AgreementParty,
        agreement_parties,
        AgreementPartyId,
        agreement_party
    ),
    Citation(RecordCitation, citations, RecordCitationId, citation),
    Identifier(Identifier, identifiers, IdentifierId, identifier),
    NameVariant(NameVariant, name_variants, NameVariantId, name_variant),
);

// `ids` is indexed by `table as usize`, which is the position of the table in `Table::ALL`.
const _: () = {
    let mut i = 0;
    while i < Table::ALL.len() {
        assert!(Table::ALL[i] as usize == i);
        i += 1;
    }
};

/// The ids of every table of a dataset, each mapped to its row: lookups by id in constant
/// time. Built by [`Dataset::index`]; it borrows the dataset. When an id is duplicated (the
/// validator's `key.duplicate`), the first row with it is found.
#[derive(Debug, Clone)]
pub struct Index<'a> {
    dataset: &'a Dataset,
    ids: [HashMap<&'a str, usize>; Table::ALL.len()],
}

impl<'a> Index<'a> {
    /// The dataset the index is of.
    pub fn dataset(&self) -> &'a Dataset {
        self.dataset
    }

    /// The row of `R`'s table with this id.
    pub fn get<R: Record>(&self, id: &str) -> Option<&'a R> {
        let i = *self.ids[R::TABLE as usize].get(id)?;
        R::rows(self.dataset).get(i)
    }

    /// The row of `table` with this id, whatever its table.
    pub fn record(&self, table: Table, id: &str) -> Option<RecordRef<'a>> {
        let i = *self.ids[table as usize].get(id)?;
        self.dataset.record(table, i)
    }

    /// The record a row of `citations`, `identifiers` or `name_variants` points to
    /// (`record_table`, `record_id`), if it exists.
    pub fn target(&self, table: Table, id: &RecordId) -> Option<RecordRef<'a>> {
        self.record(table, id.as_str())
    }

    /// Whether `table` has a row with this id.
    pub fn contains(&self, table: Table, id: &str) -> bool {
        self.ids[table as usize].contains_key(id)
    }
}

impl Dataset {
    /// The further citations (table `citations`) of the record `id` of `table`.
    pub fn citations_of<'a>(
        &'a self,
        table: Table,
        id: &'a str,
    ) -> impl Iterator<Item = &'a RecordCitation> + 'a {
        self.citations
            .iter()
            .filter(move |c| c.record_table.table() == table && c.record_id.as_str() == id)
    }

    /// The external identifiers (table `identifiers`) of the record `id` of `table`.
    pub fn identifiers_of<'a>(
        &'a self,
        table: Table,
        id: &'a str,
    ) -> impl Iterator<Item = &'a Identifier> + 'a {
        self.identifiers
            .iter()
            .filter(move |i| i.record_table.table() == table && i.record_id.as_str() == id)
    }

    /// The other names (table `name_variants`) of the record `id` of `table`.
    pub fn name_variants_of<'a>(
        &'a self,
        table: Table,
        id: &'a str,
    ) -> impl Iterator<Item = &'a NameVariant> + 'a {
        self.name_variants
            .iter()
            .filter(move |n| n.record_table.table() == table && n.record_id.as_str() == id)
    }

    /// The row of `R`'s table with this id, found by a scan of the table; for many lookups,
    /// build an [`Index`] once with [`Dataset::index`].
    pub fn get<R: Record>(&self, id: &str) -> Option<&R> {
        R::rows(self).iter().find(|r| r.id() == id)
    }
}
