//! Package checks across records and files: unique ids, references that resolve (with a
//! "did you mean" for a close id), and the cross-record rules. The state holds only ids,
//! unresolved references and the few fields the rules need, never the records, so it suits
//! reading record by record.
//!
//! A reference to a table no input holds is not checked (a single file validated alone
//! cannot know the ids of other tables); references into tables whose files are all read are
//! checked at once, the rest when every file is read.

use std::sync::Arc;

use serde_json::{Map, Value};

mod compact;
mod dated;
mod declared;
mod delegations;
mod id_set;
mod linked;
mod packed;
mod references;
mod refused_ids;
mod relations;
mod unchecked;

pub(crate) use declared::fields_read;

pub(crate) use super::located::Loc;
use delegations::{Delegations, Found, Member};
use id_set::FirstSeen;
pub(crate) use id_set::IdSet;
use packed::{PackedBytes, TextMap};
use references::Reference;
use relations::{Pair, Relations};

/// Maps hashed with foldhash: the keys are ours or ids, and the lookups run on every row.
type HashMap<K, V> = hashbrown::HashMap<K, V>;
use super::located::loc_finding;
use super::sink::{DeferredSnippet, Sink};
use crate::input::Message;
use crate::input::message::msg;
use crate::model::{PartialDate as Date, Table};

/// What is remembered across records.
#[derive(Default)]
pub(crate) struct PackageState {
    files: Vec<Arc<str>>,
    /// The ids of each table; shared with the workers (see [`Lookups`]) once every file of
    /// the table is read, and never changed after.
    ids: HashMap<Table, Arc<IdSet>>,
    /// Tables whose ids are no longer needed: no input still to read can refer to them.
    dropped: Vec<Table>,
    /// Files still to read, per table; a table absent here has no input at all.
    pending_files: HashMap<Table, usize>,
    /// Files expected in all, per table (see [`PackageState::withdraw_file`]).
    holders: HashMap<Table, usize>,
    /// References to check at the end (their target is not read yet), kept packed in
    /// `kept` (see [`PackageState::defer`]); their number by target table.
    deferred: Vec<u64>,
    deferred_to: HashMap<Table, usize>,
    /// Packed values kept for later (deferred references).
    kept: PackedBytes,
    /// The delegation rows, for the head rule and the group rule.
    delegations: Delegations,
    meetings: TextMap<Option<Date>>,
    /// Meetings whose exhibition was not read yet when they were.
    meetings_pending: Vec<(Box<str>, Date, Box<str>, Loc)>,
    exhibitions: TextMap<(Option<Date>, Option<Date>)>,
    agreements: TextMap<Option<Date>>,
    signings: Vec<(Box<str>, Box<str>, Loc)>,
    sources: Arc<HashMap<Box<str>, u64>>,
    /// The publication day of each source, for `date.after-source`.
    published: HashMap<Box<str>, Date>,
    /// Dated records read before their sources: (source, date, field, where it was read).
    dated: Vec<(Box<str>, Date, &'static str, Loc)>,
    citations: Vec<(Box<str>, u64, Loc)>,
    /// The contradictions of the model (see [`Relations`]).
    relations: Relations,
    /// The rules of the v2 tables and citation places.
    v2: linked::V2State,
    hide_values: bool,
    /// Ids compared so far in search of a "did you mean" hint (see [`HINT_WORK`]).
    hint_work: std::sync::atomic::AtomicUsize,
    /// References not checked: no input holds their target table.
    unchecked: unchecked::Unchecked,
}

/// Most ids compared, over a whole run, in search of hints for unresolved references: each
/// search reads every id of the target table, so without a bound many bad references into a
/// big table would take quadratic time. Past it, references are still reported, without hint.
const HINT_WORK: usize = 1_000_000;

/// In the mask given to [`PackageState::add_checked`]: the citation's paragraph was checked.
pub(crate) const PARAGRAPH_CHECKED: u32 = 1 << 31;

/// What the workers may check of a record on their own, before its batch reaches the package
/// state: references into tables whose files are all read (their ids no longer change), and
/// the cited paragraph once the sources are read. A check that passes is marked in a mask; the
/// package state makes the findings of those that do not, in reading order.
#[derive(Clone, Default)]
pub(crate) struct Lookups {
    /// For each foreign key of the table, in order, the ids of its target when they are final.
    keys: Vec<Option<(&'static str, Arc<IdSet>)>>,
    /// The paragraph counts of the sources, when every source is read.
    sources: Option<Arc<HashMap<Box<str>, u64>>>,
}

impl Lookups {
    /// Brings into the cache what [`Lookups::passed`] will read for `records` (see
    /// [`IdSet::prefetch`]); `homes` is scratch room.
    pub fn prefetch(&self, records: &[impl Fields], homes: &mut Vec<(usize, u32)>) {
        for (field, ids) in self.keys.iter().flatten() {
            ids.prefetch(records.iter().filter_map(|r| r.text(field)), homes);
        }
    }

    /// The checks of `record` that pass: bit `i` for foreign key `i`, and
    /// [`PARAGRAPH_CHECKED`].
    pub fn passed(&self, record: &dyn Fields) -> u32 {
        let mut mask = 0;
        for (i, key) in self.keys.iter().enumerate() {
            if let Some((field, ids)) = key {
                if record.text(field).is_none_or(|v| ids.contains(v)) {
                    mask |= 1 << i;
                }
            }
        }
        if let Some(sources) = &self.sources {
            let cited = str_field(record, "source_id")
                .and_then(|s| sources.get(s))
                .zip(record.number("paragraph"));
            if cited.is_none_or(|(count, paragraph)| paragraph <= *count) {
                mask |= PARAGRAPH_CHECKED;
            }
        }
        mask
    }
}

/// The fields of one record, as the package checks read them: a JSON object, or the cells
/// of a CSV row.
pub(crate) trait Fields {
    /// The field as text, when it is a non-empty string.
    fn text(&self, name: &str) -> Option<&str>;
    /// The field as a whole number, when it is one.
    fn number(&self, name: &str) -> Option<u64>;
}

impl Fields for Map<String, Value> {
    fn text(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(Value::as_str)
    }
    fn number(&self, name: &str) -> Option<u64> {
        let value = self.get(name)?;
        // `1.0` is a whole number in JSON (see `model::whole`).
        value
            .as_u64()
            .or_else(|| value.as_f64().and_then(crate::model::whole::integral))
    }
}

fn str_field<'a>(record: &'a dyn Fields, name: &str) -> Option<&'a str> {
    record.text(name)
}

fn date_field(record: &dyn Fields, name: &str) -> Option<Date> {
    str_field(record, name).and_then(|s| Date::parse(s).ok())
}

impl PackageState {
    pub fn new(hide_values: bool) -> PackageState {
        PackageState {
            hide_values,
            ..PackageState::default()
        }
    }

    /// The index standing for `file` in [`Loc::file`].
    pub fn file_index(&mut self, file: &Arc<str>) -> u32 {
        match self.files.iter().position(|f| f == file) {
            Some(i) => i as u32,
            None => {
                self.files.push(file.clone());
                (self.files.len() - 1) as u32
            }
        }
    }

    /// The names of the files, by index.
    pub fn file_names(&self) -> Vec<Arc<str>> {
        self.files.clone()
    }

    /// The name of file `index`.
    pub fn file_name(&self, index: u32) -> Arc<str> {
        self.files
            .get(index as usize)
            .cloned()
            .unwrap_or_else(|| Arc::from(""))
    }

    /// What the workers may check of the records of `table` on their own (see [`Lookups`]).
    pub fn lookups(&self, table: Table) -> Lookups {
        // A table read with no id at all is left to the package state, which reports its
        // references as it always does.
        let keys = table
            .foreign_keys()
            .iter()
            .map(|fk| match self.pending_files.get(&fk.table) {
                Some(0) => Some((fk.field, self.ids.get(&fk.table)?.clone())),
                _ => None,
            })
            .collect();
        let sources = match self.pending_files.get(&Table::Sources) {
            Some(n) if *n > 0 => None,
            _ => Some(self.sources.clone()),
        };
        Lookups { keys, sources }
    }

    /// About `rows` records of `table` are coming: room for their ids is made at once.
    pub fn expect_rows(&mut self, table: Table, rows: usize) {
        let ids = self
            .ids
            .entry(table)
            .or_insert_with(|| Arc::new(IdSet::new(table.id_prefix())));
        Arc::make_mut(ids).reserve(rows);
        match table {
            Table::DelegationMembers => self.pairs(Pair::Member).reserve(rows),
            Table::AgreementSignings => self.pairs(Pair::Signing).reserve(rows),
            Table::Delegations => {
                self.heads().reserve(rows);
                self.delegations.reserve(rows);
            }
            _ => {}
        }
    }

    /// The ids of `table` when every file of it is read (they no longer change).
    fn final_ids(&self, table: Table) -> Option<Arc<IdSet>> {
        match self.pending_files.get(&table) {
            Some(0) => self.ids.get(&table).cloned(),
            _ => None,
        }
    }

    /// A file of `table` will be read.
    pub fn expect_file(&mut self, table: Table) {
        *self.pending_files.entry(table).or_default() += 1;
        *self.holders.entry(table).or_default() += 1;
    }

    /// A file of `table` that was expected turned out to hold none of its rows (a planned
    /// dataset that could not be read as one): it no longer counts as an input of the table,
    /// and a table with no input left is no longer checked against.
    pub fn withdraw_file(&mut self, table: Table) {
        let holders = self.holders.entry(table).or_default();
        *holders = holders.saturating_sub(1);
        if *holders == 0 {
            self.pending_files.remove(&table);
        } else if let Some(n) = self.pending_files.get_mut(&table) {
            *n = n.saturating_sub(1);
        }
        self.drop_unneeded();
    }

    /// A file of `table` was read.
    pub fn file_done(&mut self, table: Table) {
        if let Some(n) = self.pending_files.get_mut(&table) {
            *n = n.saturating_sub(1);
        }
        self.drop_unneeded();
        // What a file added is kept to the end (the delegations for the head rule): the
        // room grown for more goes back.
        self.kept.shrink_to_fit();
        self.delegations.shrink_to_fit();
    }

    /// Forgets the ids of tables that nothing still to read can refer to, and no deferred
    /// reference does: memory then holds only the key sets still needed.
    fn drop_unneeded(&mut self) {
        // The head and group rules name delegations by their position in this set: they keep
        // it, once it no longer changes, for as long as they are kept.
        if matches!(self.pending_files.get(&Table::Delegations), Some(0)) {
            self.delegations.all_read(self.ids.get(&Table::Delegations));
        }
        if linked::V2State::keeps_ids(&|t| self.holders.contains_key(&t)) {
            return;
        }
        let done = |t: &Table| self.pending_files.get(t).is_none_or(|n| *n == 0);
        let mut drop = Vec::new();
        for target in self.ids.keys() {
            let referrers_done = Table::ALL
                .iter()
                .all(|t| !t.foreign_keys().iter().any(|fk| fk.table == *target) || done(t));
            let deferred = self.deferred_to.get(target).is_some_and(|n| *n > 0);
            if done(target) && referrers_done && !deferred {
                drop.push(*target);
            }
        }
        for t in drop {
            self.ids.remove(&t);
            self.dropped.push(t);
        }
        let pending = &self.pending_files;
        self.relations
            .forget_read(|t| matches!(pending.get(&t), Some(0)));
    }

    /// Puts a finding at `loc` into `out`, its line to be read again after the run.
    fn report_at(
        &self,
        code: &'static str,
        loc: &Loc,
        message: Message,
        value: Option<&str>,
        out: &mut Sink,
    ) {
        let file = self.file_name(loc.file);
        let f = loc_finding(code, &file, loc, message, value, self.hide_values);
        if self.hide_values {
            out.push(f);
        } else {
            let snippet = DeferredSnippet {
                file: loc.file,
                offset: loc.offset,
                len: loc.len,
            };
            out.push_deferred(f, snippet);
        }
    }

    /// Takes in the key fields of one record; `locate` gives where a field was read.
    pub fn add(
        &mut self,
        table: Table,
        record: &dyn Fields,
        locate: &dyn Fn(&'static str) -> Loc,
        only_id: bool,
        out: &mut Sink,
    ) {
        self.add_checked(table, record, locate, only_id, 0, out);
    }

    /// Bytes the state kept across records holds on the heap: the id sets, the delegations,
    /// the deferred references, the dates, and the records kept until their target is read
    /// (these counted at their inline size plus their text). What grows with the data.
    pub fn key_bytes(&self) -> usize {
        use std::mem::size_of;
        let ids: usize = self.ids.values().map(|s| s.heap_bytes()).sum();
        ids + self.kept.heap_bytes()
            + self.relations.heap_bytes()
            + self.v2.heap_bytes()
            + self.published.keys().map(|k| k.len() + 40).sum::<usize>()
            + self.dated.capacity() * std::mem::size_of::<(Box<str>, Date, &str, Loc)>()
            + self.deferred.capacity() * size_of::<u64>()
            + self.delegations.heap_bytes()
            + self.meetings.heap_bytes()
            + self.exhibitions.heap_bytes()
            + self.agreements.heap_bytes()
            + self
                .meetings_pending
                .iter()
                .map(|(a, _, b, _)| a.len() + b.len())
                .sum::<usize>()
            + self.meetings_pending.capacity() * size_of::<(Box<str>, Date, Box<str>, Loc)>()
            + self
                .signings
                .iter()
                .map(|(a, b, _)| a.len() + b.len())
                .sum::<usize>()
            + self.signings.capacity() * size_of::<(Box<str>, Box<str>, Loc)>()
            + self.sources.keys().map(|k| k.len() + 32).sum::<usize>()
            + self
                .citations
                .iter()
                .map(|(s, _, _)| s.len())
                .sum::<usize>()
            + self.citations.capacity() * size_of::<(Box<str>, u64, Loc)>()
    }

    /// Brings into the cache the slots where the ids of `table` about to be added go.
    pub fn prefetch_ids<'a>(
        &self,
        table: Table,
        ids: impl Iterator<Item = &'a str>,
        homes: &mut Vec<(usize, u32)>,
    ) {
        if let Some(set) = self.ids.get(&table) {
            set.prefetch(ids, homes);
        }
    }

    /// [`PackageState::add`] for a record some of whose checks passed already (`passed`, from
    /// [`Lookups::passed`]).
    pub fn add_checked(
        &mut self,
        table: Table,
        record: &dyn Fields,
        locate: &dyn Fn(&'static str) -> Loc,
        only_id: bool,
        passed: u32,
        out: &mut Sink,
    ) {
        // In debug builds, every field read is checked against the rules' declarations.
        #[cfg(debug_assertions)]
        let declared = declared::Declared::new(table, record);
        #[cfg(debug_assertions)]
        let record: &dyn Fields = &declared;
        let id = str_field(record, "id");
        if let Some(id) = id {
            let prefix = table.id_prefix();
            let ids = self
                .ids
                .entry(table)
                .or_insert_with(|| Arc::new(IdSet::new(prefix)));
            let loc = locate("id");
            if let Err(first) = Arc::make_mut(ids).insert(
                id,
                FirstSeen {
                    file: loc.file,
                    line: loc.line,
                },
            ) {
                let message = msg!(
                    "the id `{}` is already used in {} at {}:{}; give each row its own id",
                    v(id),
                    f(table),
                    f(self.file_name(first.file)),
                    f(first.line)
                );
                self.report_at("key.duplicate", &loc, message, Some(id), out);
            }
        }
        if only_id {
            return;
        }
        for (i, fk) in table.foreign_keys().iter().enumerate() {
            if passed & (1 << i) != 0 {
                continue;
            }
            let Some(value) = str_field(record, fk.field) else {
                continue;
            };
            match self.pending_files.get(&fk.table) {
                // The target table is read: check now, and remember nothing.
                Some(0) => {
                    let known = self
                        .ids
                        .get(&fk.table)
                        .is_some_and(|ids| ids.contains(value));
                    if !known {
                        let reference = Reference {
                            target: fk.table,
                            value: value.into(),
                            loc: locate(fk.field),
                        };
                        self.resolve(&reference, out);
                    }
                }
                Some(_) => self.defer(table, i, value, &locate(fk.field)),
                // No input holds the target table: nothing to check against (counted).
                None => self.unchecked.add(fk.table),
            }
        }
        let cited = (passed & PARAGRAPH_CHECKED == 0)
            .then(|| str_field(record, "source_id").zip(record.number("paragraph")))
            .flatten();
        if let Some((source, paragraph)) = cited {
            match (
                self.sources.get(source),
                self.pending_files.get(&Table::Sources),
            ) {
                (Some(&count), _) if paragraph > count => {
                    let loc = locate("paragraph");
                    self.paragraph_finding(source, paragraph, count, &loc, out);
                }
                // Sources still to be read: remember the citation until they are.
                (None, Some(n)) if *n > 0 => {
                    self.citations
                        .push((source.into(), paragraph, locate("paragraph")));
                }
                _ => {}
            }
        }
        let dated = match table {
            Table::Positions => Some("as_of"),
            Table::Exhibitions => Some("start_date"),
            Table::Meetings => Some("date"),
            Table::Agreements => Some("signed_date"),
            _ => None,
        };
        if let (Some(field), Some(source)) = (dated, str_field(record, "source_id")) {
            if let Some(day) = date_field(record, field) {
                match self.pending_files.get(&Table::Sources) {
                    Some(n) if *n > 0 => {
                        self.dated.push((source.into(), day, field, locate(field)));
                    }
                    _ => self.after_source(source, day, field, &locate(field), out),
                }
            }
        }
        let sources_read = self.pending_files.get(&Table::Sources).map(|n| *n == 0);
        let mut found = Vec::new();
        self.v2.add(table, record, locate, sources_read, &mut found);
        for (code, loc, message, value) in found {
            self.report_at(code, &loc, message, value.as_deref(), out);
        }
        let id = id.unwrap_or_default();
        match table {
            Table::Sources => {
                if let Some(n) = record.number("paragraphs") {
                    Arc::make_mut(&mut self.sources).insert(id.into(), n);
                }
                if let Some(day) = date_field(record, "published") {
                    self.published.insert(id.into(), day);
                }
            }
            Table::Delegations => {
                let head = str_field(record, "head_official_id");
                let meeting = str_field(record, "meeting_id");
                if head.is_some() || meeting.is_some() {
                    let known = if self.delegations.is_started() {
                        (None, None)
                    } else {
                        (
                            self.final_ids(Table::Officials),
                            self.final_ids(Table::Meetings),
                        )
                    };
                    let set = self.ids.get(&Table::Delegations).map(|s| &**s);
                    let loc = locate("head_official_id");
                    self.delegations.add(set, known, id, head, meeting, &loc);
                }
                if let Some(meeting) = meeting {
                    if let (Some(head), Some(side)) = (
                        str_field(record, "head_official_id"),
                        str_field(record, "side"),
                    ) {
                        self.head_of_side(
                            id,
                            meeting,
                            head,
                            side,
                            &|| locate("head_official_id"),
                            out,
                        );
                    }
                }
            }
            Table::ParticipantGroups => {
                if let (Some(d), Some(m)) = (
                    str_field(record, "delegation_id"),
                    str_field(record, "meeting_id"),
                ) {
                    self.relations.groups.push(d, m, &locate("delegation_id"));
                }
            }
            Table::Organizations => {
                if let Some(parent) = str_field(record, "parent_id") {
                    self.relations
                        .parents
                        .push(id, parent, &locate("parent_id"));
                }
            }
            Table::DelegationMembers => {
                if let (Some(d), Some(o)) = (
                    str_field(record, "delegation_id"),
                    str_field(record, "official_id"),
                ) {
                    if !self.relations_pair(Pair::Member, d, o) {
                        self.report_at(
                            "delegation.member-twice",
                            &locate("official_id"),
                            msg!(
                                "`{}` is listed twice as a member of the delegation `{}`; keep one row",
                                v(o),
                                v(d)
                            ),
                            Some(o),
                            out,
                        );
                    }
                }
                if let (Some(d), Some(o), Some("head")) = (
                    str_field(record, "delegation_id"),
                    str_field(record, "official_id"),
                    str_field(record, "role"),
                ) {
                    let member = Member {
                        delegation: d.into(),
                        official: o.into(),
                        loc: locate("role"),
                    };
                    match self.pending_files.get(&Table::Delegations) {
                        Some(n) if *n > 0 => self.delegations.waiting.push(member),
                        _ => self.take_head(member, out),
                    }
                }
            }
            Table::Meetings => {
                let date = date_field(record, "date");
                if let (Some(date), Some(exhibition)) = (date, str_field(record, "exhibition_id")) {
                    match self.pending_files.get(&Table::Exhibitions) {
                        Some(n) if *n > 0 => self.meetings_pending.push((
                            id.into(),
                            date,
                            exhibition.into(),
                            locate("date"),
                        )),
                        _ => self.check_meeting(id, date, exhibition, &|| locate("date"), out),
                    }
                }
                self.meetings.insert(id, date);
                if let Some(followed) = str_field(record, "follows_id") {
                    self.relations
                        .follows
                        .push(id, followed, &locate("follows_id"));
                }
            }
            Table::Exhibitions => {
                self.exhibitions.insert(
                    id,
                    (
                        date_field(record, "start_date"),
                        date_field(record, "end_date"),
                    ),
                );
            }
            Table::Agreements => {
                self.agreements
                    .insert(id, date_field(record, "signed_date"));
            }
            Table::AgreementSignings => {
                if let (Some(a), Some(m)) = (
                    str_field(record, "agreement_id"),
                    str_field(record, "meeting_id"),
                ) {
                    if !self.relations_pair(Pair::Signing, a, m) {
                        self.report_at(
                            "agreement.signed-twice",
                            &locate("meeting_id"),
                            msg!(
                                "the agreement `{}` is already signed at the meeting `{}`; keep one signing row",
                                v(a),
                                v(m)
                            ),
                            Some(m),
                            out,
                        );
                    }
                    self.signings
                        .push((a.into(), m.into(), locate("meeting_id")));
                }
            }
            _ => {}
        }
    }

    /// The checks that need every record: deferred references and the cross-record rules.
    /// Gives the references not checked (no input holds their target table), by table.
    pub fn finish(mut self, out: &mut Sink) -> std::collections::BTreeMap<Table, u64> {
        for at in std::mem::take(&mut self.deferred) {
            if let Some(r) = self.deferred(at) {
                if !self.pending_files.contains_key(&r.target) {
                    // Its only input was withdrawn (see `resolve`): not checked.
                    self.unchecked.add(r.target);
                }
                self.resolve(&r, out);
            }
        }
        for (source, day, field, loc) in std::mem::take(&mut self.dated) {
            self.after_source(&source, day, field, &loc, out);
        }
        for (source, paragraph, loc) in std::mem::take(&mut self.citations) {
            if let Some(&count) = self.sources.get(&source) {
                self.paragraph_finding(&source, paragraph, count, &loc, out);
            }
        }
        // Nothing is read any more: the delegations' ids are final, whatever said so before.
        self.delegations.all_read(self.ids.get(&Table::Delegations));
        for member in std::mem::take(&mut self.delegations.waiting) {
            self.take_head(member, out);
        }
        if self.pending_files.contains_key(&Table::DelegationMembers) {
            let mut found = Vec::new();
            self.delegations.check_heads(&mut found);
            self.report_found(found, out);
        }
        for (id, date, exhibition, loc) in std::mem::take(&mut self.meetings_pending) {
            self.check_meeting(&id, date, &exhibition, &|| loc.clone(), out);
        }
        self.check_relations(out);
        let mut found = Vec::new();
        let contains = |table: Table, id: &str| {
            self.pending_files
                .contains_key(&table)
                .then(|| self.ids.get(&table).is_some_and(|ids| ids.contains(id)))
        };
        let mut v2 = std::mem::take(&mut self.v2);
        v2.finish(&contains, &mut found, &mut self.unchecked);
        for (code, loc, message, value) in found {
            self.report_at(code, &loc, message, value.as_deref(), out);
        }
        for (agreement, meeting, loc) in &self.signings {
            let Some(Some(signed)) = self.agreements.get(agreement) else {
                continue;
            };
            let Some(Some(held)) = self.meetings.get(meeting) else {
                continue;
            };
            if signed.certainly_before(held) {
                self.report_at(
                    "agreement.before-meeting",
                    loc,
                    msg!(
                        "the agreement `{}` is dated {}, before the meeting `{}` ({}) it was signed at",
                        v(agreement),
                        v(signed),
                        v(meeting),
                        v(held)
                    ),
                    Some(meeting),
                    out,
                );
            }
        }
        self.unchecked.by_table()
    }

    /// A member with the role `head`, taken in by the head rule.
    fn take_head(&mut self, member: Member, out: &mut Sink) {
        let mut found = Vec::new();
        self.delegations.take_head(member, &mut found);
        self.report_found(found, out);
    }

    fn report_found(&self, found: Vec<Found>, out: &mut Sink) {
        for (code, loc, message, value) in found {
            self.report_at(code, &loc, message, value.as_deref(), out);
        }
    }
}
