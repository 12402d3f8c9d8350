//! Package checks across records and files: unique ids, references that resolve (with a
//! "did you mean" for a close id), and the cross-record rules. The state holds only ids,
//! unresolved references and the few fields the rules need, never the records, so it suits
//! reading record by record.
//!
//! A reference to a table no input holds is not checked (a single file validated alone
//! cannot know the ids of other tables); references into tables whose files are all read are
//! checked at once, the rest when every file is read.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::{Finding, finding};
use crate::model::{Date, Table};

/// Where a value was read, kept for findings made after the record is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Loc {
    pub file: Arc<str>,
    pub table: Table,
    pub line: u64,
    pub column: u64,
    pub record: u64,
    /// Column name or JSON Pointer.
    pub field: String,
}

impl Loc {
    fn describe(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

struct Reference {
    target: Table,
    value: String,
    loc: Loc,
}

struct Member {
    delegation: String,
    official: String,
    head: bool,
    loc: Loc,
}

/// What is remembered across records.
#[derive(Default)]
pub(crate) struct PackageState {
    ids: HashMap<Table, HashMap<String, Loc>>,
    /// Files still to read, per table; a table absent here has no input at all.
    pending_files: HashMap<Table, usize>,
    deferred: Vec<Reference>,
    delegations: Vec<(String, String, Loc)>,
    members: Vec<Member>,
    meetings: HashMap<String, (Option<Date>, Option<String>, Loc)>,
    exhibitions: HashMap<String, (Option<Date>, Option<Date>)>,
    agreements: HashMap<String, Option<Date>>,
    signings: Vec<(String, String, Loc)>,
    sources: HashMap<String, u64>,
    citations: Vec<(String, u64, Loc)>,
    hide_values: bool,
    /// Ids compared so far in search of a "did you mean" hint (see [`HINT_WORK`]).
    hint_work: usize,
}

/// Most ids compared, over a whole run, in search of hints for unresolved references: each
/// search reads every id of the target table, so without a bound many bad references into a
/// big table would take quadratic time. Past it, references are still reported, without hint.
const HINT_WORK: usize = 1_000_000;

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
        self.get(name).and_then(Value::as_u64)
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

    /// A file of `table` will be read.
    pub fn expect_file(&mut self, table: Table) {
        *self.pending_files.entry(table).or_default() += 1;
    }

    /// A file of `table` was read.
    pub fn file_done(&mut self, table: Table) {
        if let Some(n) = self.pending_files.get_mut(&table) {
            *n = n.saturating_sub(1);
        }
    }

    fn make(&self, code: &'static str, loc: &Loc, message: String, value: Option<&str>) -> Finding {
        let message = match value {
            Some(v) => super::hide_in(&message, v, self.hide_values),
            None => message,
        };
        let mut f = finding(code, message);
        f.file = Some(loc.file.to_string());
        f.table = Some(loc.table);
        f.line = Some(loc.line);
        f.column = Some(loc.column);
        f.record = Some(loc.record);
        f.field = Some(loc.field.clone());
        f.value = value.map(|v| super::shown_value(v, self.hide_values));
        f
    }

    /// Takes in the key fields of one record; `locate` gives where a field was read.
    pub fn add(
        &mut self,
        table: Table,
        record: &dyn Fields,
        locate: &dyn Fn(&str) -> Loc,
        only_id: bool,
        out: &mut Vec<Finding>,
    ) {
        let id = str_field(record, "id");
        if let Some(id) = id {
            let loc = locate("id");
            let ids = self.ids.entry(table).or_default();
            if let Some(first) = ids.get(id) {
                let message = format!(
                    "the id `{id}` is already used in {table} at {}; give each row its own id",
                    first.describe()
                );
                out.push(self.make("key.duplicate", &loc, message, Some(id)));
            } else {
                ids.insert(id.to_owned(), loc);
            }
        }
        if only_id {
            return;
        }
        for fk in table.foreign_keys() {
            let Some(value) = str_field(record, fk.field) else {
                continue;
            };
            match self.pending_files.get(&fk.table) {
                // The target table is read: check now, and remember nothing.
                Some(0) => {
                    let known = self
                        .ids
                        .get(&fk.table)
                        .is_some_and(|ids| ids.contains_key(value));
                    if !known {
                        let reference = Reference {
                            target: fk.table,
                            value: value.to_owned(),
                            loc: locate(fk.field),
                        };
                        out.extend(self.resolve(&reference));
                    }
                }
                Some(_) => self.deferred.push(Reference {
                    target: fk.table,
                    value: value.to_owned(),
                    loc: locate(fk.field),
                }),
                // No input holds the target table: nothing to check against.
                None => {}
            }
        }
        let source = str_field(record, "source_id");
        let paragraph = record.number("paragraph");
        if let (Some(source), Some(paragraph)) = (source, paragraph) {
            match (
                self.sources.get(source),
                self.pending_files.get(&Table::Sources),
            ) {
                (Some(&count), _) if paragraph > count => {
                    let loc = locate("paragraph");
                    out.extend(self.paragraph_finding(source, paragraph, count, &loc));
                }
                // Sources still to be read: remember the citation until they are.
                (None, Some(n)) if *n > 0 => {
                    self.citations
                        .push((source.to_owned(), paragraph, locate("paragraph")));
                }
                _ => {}
            }
        }
        let id = id.unwrap_or_default().to_owned();
        match table {
            Table::Sources => {
                if let Some(n) = record.number("paragraphs") {
                    self.sources.insert(id, n);
                }
            }
            Table::Delegations => {
                if let Some(head) = str_field(record, "head_official_id") {
                    self.delegations
                        .push((id, head.to_owned(), locate("head_official_id")));
                }
            }
            Table::DelegationMembers => {
                if let (Some(d), Some(o)) = (
                    str_field(record, "delegation_id"),
                    str_field(record, "official_id"),
                ) {
                    self.members.push(Member {
                        delegation: d.to_owned(),
                        official: o.to_owned(),
                        head: str_field(record, "role") == Some("head"),
                        loc: locate("role"),
                    });
                }
            }
            Table::Meetings => {
                self.meetings.insert(
                    id,
                    (
                        date_field(record, "date"),
                        str_field(record, "exhibition_id").map(str::to_owned),
                        locate("date"),
                    ),
                );
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
                    self.signings
                        .push((a.to_owned(), m.to_owned(), locate("meeting_id")));
                }
            }
            _ => {}
        }
    }

    fn paragraph_finding(
        &self,
        source: &str,
        paragraph: u64,
        count: u64,
        loc: &Loc,
    ) -> Option<Finding> {
        (paragraph > count).then(|| {
            self.make(
                "citation.paragraph",
                loc,
                format!("paragraph {paragraph} is cited, but the source `{source}` has {count} paragraphs"),
                Some(&paragraph.to_string()),
            )
        })
    }

    fn resolve(&mut self, r: &Reference) -> Option<Finding> {
        let ids = self.ids.get(&r.target);
        if ids.is_some_and(|ids| ids.contains_key(&r.value)) {
            return None;
        }
        let mut f = self.make(
            "key.unresolved",
            &r.loc,
            format!(
                "`{}` names no row of {}; add the row or correct the id",
                r.value, r.target
            ),
            Some(&r.value),
        );
        if let Some(ids) = ids.filter(|ids| self.hint_work + ids.len() <= HINT_WORK) {
            self.hint_work += ids.len();
            if let Some(c) = super::record::closest(&r.value, ids.keys().map(String::as_str)) {
                f.hint = Some(format!("did you mean `{c}`?"));
            }
        }
        Some(f)
    }

    /// The checks that need every record: deferred references and the cross-record rules.
    pub fn finish(mut self, out: &mut Vec<Finding>) {
        for r in std::mem::take(&mut self.deferred) {
            if let Some(f) = self.resolve(&r) {
                out.push(f);
            }
        }
        for (source, paragraph, loc) in std::mem::take(&mut self.citations) {
            if let Some(&count) = self.sources.get(&source) {
                if let Some(f) = self.paragraph_finding(&source, paragraph, count, &loc) {
                    out.push(f);
                }
            }
        }
        if self.pending_files.contains_key(&Table::DelegationMembers) {
            self.check_heads(out);
        }
        for (id, (date, exhibition, loc)) in &self.meetings {
            let (Some(date), Some(exhibition)) = (date, exhibition) else {
                continue;
            };
            let Some((start, end)) = self.exhibitions.get(exhibition) else {
                continue;
            };
            let before = start.is_some_and(|s| *date < s);
            let after = end.is_some_and(|e| *date > e);
            if before || after {
                let span = format!(
                    "{} to {}",
                    start.map_or("?".into(), |d| d.to_string()),
                    end.map_or("?".into(), |d| d.to_string())
                );
                out.push(self.make(
                    "meeting.outside-exhibition",
                    loc,
                    format!(
                        "the meeting `{id}` is dated {date}, outside its exhibition `{exhibition}` ({span})"
                    ),
                    Some(&date.to_string()),
                ));
            }
        }
        for (agreement, meeting, loc) in &self.signings {
            let Some(Some(signed)) = self.agreements.get(agreement) else {
                continue;
            };
            let Some((Some(held), _, _)) = self.meetings.get(meeting) else {
                continue;
            };
            if signed < held {
                out.push(self.make(
                    "agreement.before-meeting",
                    loc,
                    format!(
                        "the agreement `{agreement}` is dated {signed}, before the meeting `{meeting}` ({held}) it was signed at"
                    ),
                    Some(meeting),
                ));
            }
        }
    }

    fn check_heads(&self, out: &mut Vec<Finding>) {
        let mut heads: HashMap<&str, Vec<&Member>> = HashMap::new();
        for m in self.members.iter().filter(|m| m.head) {
            heads.entry(m.delegation.as_str()).or_default().push(m);
        }
        for (id, head, loc) in &self.delegations {
            match heads.get(id.as_str()).map(Vec::as_slice) {
                None | Some([]) => out.push(self.make(
                    "delegation.head",
                    loc,
                    format!("the delegation `{id}` has no `head` row in delegation_members; add one for `{head}`"),
                    Some(head),
                )),
                Some([one]) if one.official != *head => out.push(self.make(
                    "delegation.head",
                    &one.loc,
                    format!(
                        "the head member of `{id}` is `{}`, but the delegation names `{head}` as its head",
                        one.official
                    ),
                    Some("head"),
                )),
                Some([_]) => {}
                Some([_, rest @ ..]) => {
                    for extra in rest {
                        out.push(self.make(
                            "delegation.head",
                            &extra.loc,
                            format!("the delegation `{id}` has more than one head; keep one, make the others `member`"),
                            Some("head"),
                        ));
                    }
                }
            }
        }
    }
}
