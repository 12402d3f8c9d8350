//! The cross-record rules of schema v2's citations, identifiers and name variants
//! ([`V2State`], part of the package state): the place a record cites fits its source, the
//! `(record_table, record_id)` references resolve, an identifier is on one record only.

use super::{Fields, Loc};
use crate::input::Message;
use crate::input::message::msg;
use crate::model::Table;

/// Maps hashed with foldhash, as in the package state.
type HashMap<K, V> = hashbrown::HashMap<K, V>;

/// What is known of a source for the v2 rules.
#[derive(Clone, Copy)]
struct SourceFacts {
    dataset: bool,
    /// Whether its kind is given at all.
    kind_known: bool,
    paragraphs: bool,
}

/// A place cited in a source, to check once the sources are read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Paragraph,
    Row,
}

/// A finding of the v2 package rules: code, where, message, value.
pub(crate) type V2Finding = (&'static str, Loc, Message, Option<String>);

/// The v2 state across records.
#[derive(Default)]
pub(crate) struct V2State {
    sources: HashMap<Box<str>, SourceFacts>,
    /// Places cited before the sources were read: (source, place, where).
    places: Vec<(Box<str>, Place, Loc)>,
    /// `dataset` identifiers read before the sources: (source, where).
    dataset_ids: Vec<(Box<str>, Loc)>,
    /// `(record_table, record_id)` references: checked when every file is read.
    targets: Vec<(Table, Box<str>, Loc)>,
    /// (table, scheme, value) → the record first given it.
    identifiers: HashMap<(Table, Box<str>, Box<str>), Box<str>>,
}

/// Whether the sources are read: `None` when no input holds them (nothing to check against).
pub(crate) type SourcesRead = Option<bool>;

impl V2State {
    /// Whether the package has a table whose `(record_table, record_id)` references are
    /// checked at the end: the ids of every table are then kept until then.
    pub fn keeps_ids(holders: &impl Fn(Table) -> bool) -> bool {
        [Table::Citations, Table::Identifiers, Table::NameVariants]
            .into_iter()
            .any(holders)
    }

    /// Takes in one record.
    pub fn add(
        &mut self,
        table: Table,
        record: &dyn Fields,
        locate: &dyn Fn(&'static str) -> Loc,
        sources_read: SourcesRead,
        found: &mut Vec<V2Finding>,
    ) {
        if table == Table::Sources {
            if let Some(id) = record.text("id") {
                let kind = record.text("kind");
                self.sources.insert(
                    id.into(),
                    SourceFacts {
                        dataset: kind == Some("dataset"),
                        kind_known: kind.is_some(),
                        paragraphs: record.number("paragraphs").is_some(),
                    },
                );
            }
            return;
        }
        if let Some(source) = record.text("source_id") {
            // At most two places a row, kept on the stack (this runs for every cited row).
            let places = [
                record
                    .number("paragraph")
                    .map(|_| (Place::Paragraph, "paragraph")),
                record
                    .text("locator")
                    .filter(|l| l.starts_with("row "))
                    .map(|_| (Place::Row, "locator")),
            ];
            for (place, field) in places.into_iter().flatten() {
                match sources_read {
                    Some(true) => self.check_place(source, place, &locate(field), found),
                    Some(false) => self.places.push((source.into(), place, locate(field))),
                    None => {}
                }
            }
        }
        if !matches!(
            table,
            Table::Citations | Table::Identifiers | Table::NameVariants
        ) {
            return;
        }
        let target = record.text("record_table").and_then(Table::from_name);
        if let (Some(target), Some(id)) = (target, record.text("record_id")) {
            self.targets.push((target, id.into(), locate("record_id")));
        }
        if table == Table::Identifiers {
            let scheme = record.text("scheme");
            if let (Some(target), Some(scheme), Some(value), Some(id)) = (
                target,
                scheme,
                record.text("value"),
                record.text("record_id"),
            ) {
                let key = (target, Box::from(scheme), Box::from(value));
                match self.identifiers.get(&key) {
                    Some(first) if **first != *id => found.push((
                        "identifier.duplicate",
                        locate("value"),
                        msg!(
                            "the {} id `{}` is already given to `{}`; one identifier names one record of {}",
                            f(scheme),
                            v(value),
                            v(first),
                            f(target)
                        ),
                        Some(value.to_owned()),
                    )),
                    Some(_) => {}
                    None => {
                        self.identifiers.insert(key, id.into());
                    }
                }
            }
            if let (Some("dataset"), Some(source)) = (scheme, record.text("source_id")) {
                match sources_read {
                    Some(true) => self.check_dataset_id(source, &locate("source_id"), found),
                    Some(false) => self.dataset_ids.push((source.into(), locate("source_id"))),
                    None => {}
                }
            }
        }
    }

    fn check_place(&self, source: &str, place: Place, loc: &Loc, found: &mut Vec<V2Finding>) {
        let Some(facts) = self.sources.get(source) else {
            return;
        };
        match place {
            Place::Row if facts.kind_known && !facts.dataset => found.push((
                "citation.locator",
                loc.clone(),
                msg!(
                    "a `row` is cited in `{}`, which is not a dataset; cite a row only in a source of kind `dataset`, or give the source's kind",
                    v(source)
                ),
                None,
            )),
            Place::Paragraph if facts.dataset => found.push((
                "citation.locator",
                loc.clone(),
                msg!(
                    "a paragraph is cited in the dataset `{}`; cite a dataset by `locator` `row ...`",
                    v(source)
                ),
                None,
            )),
            Place::Paragraph if !facts.paragraphs => found.push((
                "citation.uncounted",
                loc.clone(),
                msg!(
                    "a paragraph is cited in `{}`, which does not say how many paragraphs it has; give its `paragraphs`, so the citation can be checked",
                    v(source)
                ),
                None,
            )),
            _ => {}
        }
    }

    fn check_dataset_id(&self, source: &str, loc: &Loc, found: &mut Vec<V2Finding>) {
        if self.sources.get(source).is_some_and(|s| !s.dataset) {
            found.push((
                "identifier.source-kind",
                loc.clone(),
                msg!(
                    "a `dataset` identifier names `{}`, which is not a source of kind `dataset`; give the dataset it is a record id of",
                    v(source)
                ),
                Some(source.to_owned()),
            ));
        }
    }

    /// The checks left for the end: places and dataset ids read before their sources, and
    /// the `(record_table, record_id)` references, against the ids of each table
    /// (`contains`, `None` when no input holds the table: counted in `unchecked`).
    pub fn finish(
        &mut self,
        contains: &dyn Fn(Table, &str) -> Option<bool>,
        found: &mut Vec<V2Finding>,
        unchecked: &mut super::unchecked::Unchecked,
    ) {
        for (source, place, loc) in std::mem::take(&mut self.places) {
            self.check_place(&source, place, &loc, found);
        }
        for (source, loc) in std::mem::take(&mut self.dataset_ids) {
            self.check_dataset_id(&source, &loc, found);
        }
        for (table, id, loc) in std::mem::take(&mut self.targets) {
            let known = contains(table, &id);
            if known.is_none() {
                unchecked.add(table);
            }
            if known == Some(false) {
                found.push((
                    "key.unresolved",
                    loc,
                    msg!(
                        "`{}` names no row of {}; add the row or correct `record_table` or `record_id`",
                        v(id),
                        f(table)
                    ),
                    Some(id.to_string()),
                ));
            }
        }
    }

    /// Bytes held on the heap (see `PackageState::key_bytes`).
    pub fn heap_bytes(&self) -> usize {
        let loc = std::mem::size_of::<Loc>();
        self.sources.keys().map(|k| k.len() + 24).sum::<usize>()
            + self
                .places
                .iter()
                .map(|(s, _, _)| s.len() + loc + 24)
                .sum::<usize>()
            + self
                .targets
                .iter()
                .map(|(_, s, _)| s.len() + loc + 24)
                .sum::<usize>()
            + self
                .identifiers
                .iter()
                .map(|((_, a, b), c)| a.len() + b.len() + c.len() + 56)
                .sum::<usize>()
    }
}
