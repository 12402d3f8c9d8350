//! The tables of schema v2 that attach to a record of another table, named by
//! `record_table` and `record_id`: further sources of a record ([`RecordCitation`], table
//! `citations`), external identifiers ([`Identifier`], table `identifiers`) and other names
//! ([`NameVariant`], table `name_variants`). Each is optional in a package.
//!
//! ```
//! use defcoop::model::{
//!     Basis, Cite, IdentifiedTable, Identifier, IdentifierScheme, NameKind, NameVariant,
//!     NamedTable, Text,
//! };
//!
//! let zakir = "off-zakir-hasanov".parse()?;
//! let short = NameVariant::new(
//!     "nam-zakir-hasanov-short".parse()?,
//!     NamedTable::Officials,
//!     zakir,
//!     Text::new("Z.Hasanov")?,
//!     NameKind::ShortForm,
//!     Cite::new("src-azernews-2024-09-24".parse()?, 1, Basis::Stated)?,
//! )
//! .with_language(Text::new("en")?);
//! assert_eq!(short.kind, NameKind::ShortForm);
//!
//! let qid = Identifier::new(
//!     "xid-example".parse()?,
//!     IdentifiedTable::Officials,
//!     "off-zakir-hasanov".parse()?,
//!     IdentifierScheme::Wikidata,
//!     Text::new("Q42")?,
//!     Basis::External,
//! );
//! assert!(qid.is_well_formed());
//! # Ok::<(), defcoop::model::ValueError>(())
//! ```

use std::num::NonZeroU32;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::identifiers::*;
use super::locator::Locator;
use super::tables::Cite;
use super::values::*;

/// A further source of a record of another table: the same fact, reported by another
/// source, with its own place and basis (as Wikidata's references and Security Force
/// Monitor's per-datum sourcing do). The record's own `source_id` stays its first source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RecordCitation {
    /// Stable id of the citation.
    pub id: RecordCitationId,
    /// The table of the cited record.
    pub record_table: CitedTable,
    /// The id of the cited record, a row of `record_table`.
    pub record_id: RecordId,
    /// The further source.
    pub source_id: SourceId,
    /// Paragraph of the source (1-based); empty when `locator` places the fact instead.
    #[serde(default, deserialize_with = "crate::model::whole::optional")]
    pub paragraph: Option<NonZeroU32>,
    /// Where in the source, when not (only) a paragraph: `page 12`, `section 3.2`,
    /// `row DCAD-0412` or `#fragment`.
    pub locator: Option<Locator>,
    /// On what ground this source supports the record.
    pub basis: Basis,
    /// Our note.
    pub note: Option<Text>,
}

/// An identifier of a record in an external scheme: a Wikidata item, an OpenSanctions
/// entity, an LEI, a dataset's own record id. Each scheme's shape is checked
/// (`identifier.format`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Identifier {
    /// Stable id of the row.
    pub id: IdentifierId,
    /// The table of the identified record.
    pub record_table: IdentifiedTable,
    /// The id of the identified record, a row of `record_table`.
    pub record_id: RecordId,
    /// The scheme the identifier belongs to.
    pub scheme: IdentifierScheme,
    /// The identifier, as the scheme writes it (`Q42`).
    pub value: Text,
    /// The source that states the identifier; for the scheme `dataset`, the dataset whose
    /// record id it is (required then). Empty for an identifier looked up by the dataset's
    /// authors (basis `external`, the note saying where).
    pub source_id: Option<SourceId>,
    /// Paragraph of the source (1-based), when the source states it in one.
    #[serde(default, deserialize_with = "crate::model::whole::optional")]
    pub paragraph: Option<NonZeroU32>,
    /// Where in the source: `row DCAD-0412`, `page 12`, `section 3.2` or `#fragment`.
    pub locator: Option<Locator>,
    /// On what ground the identifier is asserted (`external` for one looked up elsewhere).
    pub basis: Basis,
    /// Our note, such as where an external identifier was looked up.
    pub note: Option<Text>,
}

/// Another name of an official or an organization: a short form (`Z.Hasanov`), an
/// abbreviation, a transliteration, the name in its native script, a former name, with its
/// language and script where known.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct NameVariant {
    /// Stable id of the row.
    pub id: NameVariantId,
    /// The table of the named record.
    pub record_table: NamedTable,
    /// The id of the named record, a row of `record_table`.
    pub record_id: RecordId,
    /// The name, as written.
    pub name: Text,
    /// What the name is to the record's name.
    pub kind: NameKind,
    /// Language of the name as a BCP 47 tag (`az`, `ru`), when known.
    pub language: Option<Text>,
    /// Script of the name as an ISO 15924 code (`Latn`, `Cyrl`, `Arab`), when known.
    pub script: Option<ScriptCode>,
    /// Source the name is found in.
    pub source_id: SourceId,
    /// Paragraph of the source (1-based); empty when `locator` places the name instead.
    #[serde(default, deserialize_with = "crate::model::whole::optional")]
    pub paragraph: Option<NonZeroU32>,
    /// Where in the source, when not (only) a paragraph.
    pub locator: Option<Locator>,
    /// On what ground the name is asserted (`stated` or, for a spelling kept as the source
    /// writes it, `stated` with kind `as_reported`).
    pub basis: Basis,
    /// Our note.
    pub note: Option<Text>,
}

impl RecordCitation {
    /// A further citation of the record `record_id` of `record_table`.
    pub fn new(
        id: RecordCitationId,
        record_table: CitedTable,
        record_id: RecordId,
        cite: Cite,
    ) -> RecordCitation {
        RecordCitation {
            id,
            record_table,
            record_id,
            source_id: cite.source_id,
            paragraph: cite.paragraph,
            locator: cite.locator,
            basis: cite.basis,
            note: None,
        }
    }

    /// Sets `note` (see the field).
    #[must_use]
    pub fn with_note(mut self, note: Text) -> Self {
        self.note = Some(note);
        self
    }
}

impl Identifier {
    /// An identifier with its required fields; no source (set one with
    /// [`Identifier::with_cite`]).
    pub fn new(
        id: IdentifierId,
        record_table: IdentifiedTable,
        record_id: RecordId,
        scheme: IdentifierScheme,
        value: Text,
        basis: Basis,
    ) -> Identifier {
        Identifier {
            id,
            record_table,
            record_id,
            scheme,
            value,
            source_id: None,
            paragraph: None,
            locator: None,
            basis,
            note: None,
        }
    }

    /// Sets the source, its place and the basis.
    #[must_use]
    pub fn with_cite(mut self, cite: Cite) -> Self {
        self.source_id = Some(cite.source_id);
        self.paragraph = cite.paragraph;
        self.locator = cite.locator;
        self.basis = cite.basis;
        self
    }

    /// Sets `note` (see the field).
    #[must_use]
    pub fn with_note(mut self, note: Text) -> Self {
        self.note = Some(note);
        self
    }

    /// Whether the value has its scheme's shape (see [`IdentifierScheme::check`]).
    pub fn is_well_formed(&self) -> bool {
        self.scheme.check(self.value.as_str())
    }
}

impl NameVariant {
    /// A name variant with its required fields; language, script and note are empty.
    pub fn new(
        id: NameVariantId,
        record_table: NamedTable,
        record_id: RecordId,
        name: Text,
        kind: NameKind,
        cite: Cite,
    ) -> NameVariant {
        NameVariant {
            id,
            record_table,
            record_id,
            name,
            kind,
            language: None,
            script: None,
            source_id: cite.source_id,
            paragraph: cite.paragraph,
            locator: cite.locator,
            basis: cite.basis,
            note: None,
        }
    }

    /// Sets `language` (see the field).
    #[must_use]
    pub fn with_language(mut self, language: Text) -> Self {
        self.language = Some(language);
        self
    }

    /// Sets `script` (see the field).
    #[must_use]
    pub fn with_script(mut self, script: ScriptCode) -> Self {
        self.script = Some(script);
        self
    }

    /// Sets `note` (see the field).
    #[must_use]
    pub fn with_note(mut self, note: Text) -> Self {
        self.note = Some(note);
        self
    }
}
