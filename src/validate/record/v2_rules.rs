//! The typed rules of schema v2's citations, identifiers and name variants: a record cites a
//! place in its source, an identifier has its scheme's shape, a name variant's language is a
//! tag; and the v2 readings of patterns and ranks used by the other record checks. Their
//! cross-record half is `keys/linked.rs`.

use super::Issue;
use super::typed_rules::{Issues, TypedRules};
use crate::input::Message;
use crate::input::message::msg;
use crate::model::{Identifier, IdentifierScheme, NameVariant, Record, RecordCitation, RecordRef};

/// `citation.place`: a record that cites a source says where in it. An identifier may be its
/// own place (a dataset's record id), so it is exempt.
pub(crate) fn citation_place<R: Record>(record: &R, issues: &mut Issues) {
    if matches!(record.as_record_ref(), RecordRef::Identifier(_)) {
        return;
    }
    if let Some(c) = record.citation() {
        if c.paragraph.is_none() && c.locator.is_none() {
            issues.push(
                "citation.place",
                "paragraph",
                "the record cites its source without a place in it; give `paragraph` or `locator` (`page 12`, `section 3.2`, `row DCAD-0412`, `#fragment`)".into(),
            );
        }
    }
}

impl TypedRules for RecordCitation {}

impl TypedRules for Identifier {
    fn typed_rules(&self, issues: &mut Issues) {
        if !self.is_well_formed() {
            issues.push_issue(Issue {
                value: Some(self.value.as_str().to_owned()),
                ..Issue::new(
                    "identifier.format",
                    Some("value"),
                    msg!(
                        "`{}` is not {}",
                        v(self.value.as_str()),
                        f(self.scheme.shape())
                    ),
                )
            });
        }
        if self.scheme == IdentifierScheme::Dataset && self.source_id.is_none() {
            issues.push(
                "identifier.source",
                "source_id",
                "a `dataset` identifier is a record id of one dataset; give `source_id`, the source of kind `dataset` it belongs to".into(),
            );
        }
    }
}

impl TypedRules for NameVariant {
    fn typed_rules(&self, issues: &mut Issues) {
        if let Some(language) = &self.language {
            super::typed_rules::language_tag(language.as_str(), issues);
        }
    }
}

/// Whether a position's NATO code, given without a native term and country, is the one its
/// reported label has under every reading ([`crate::model::nato_rank_of_label`]): Colonel
/// General is OF-8 in Azerbaijan and in Türkiye alike, so `rank.unkeyed` has nothing to warn
/// of.
pub(crate) fn rank_settled_by_label(p: &crate::model::Position) -> bool {
    p.rank_native.is_none()
        && p.rank_country.is_none()
        && p.rank_nato.is_some()
        && p.rank_as_reported
            .as_ref()
            .and_then(|l| crate::model::nato_rank_of_label(l.as_str()))
            == p.rank_nato
}

/// What a pattern of a v2 value type means, for a `schema.pattern` finding that names the
/// kind of value (`is not a DOI ...`).
pub(crate) fn pattern_message(shown: &str, pattern: &str) -> Option<Message> {
    crate::model::pattern_meaning(pattern).map(|what| msg!("`{}` is not {}", v(shown), f(what)))
}
