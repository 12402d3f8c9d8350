//! The delegations as two rules across tables need them: the head rule (a delegation has one
//! `head` row in delegation_members, and it is the official the delegation names as its
//! head) and the group rule (a participant group's delegation belongs to the group's
//! meeting).
//!
//! A delegation row costs about 35 bytes, whatever its ids: the delegation is keyed by its
//! position in the delegations' id set, where its id is kept already (read while that set
//! grows: an id's position never changes), its head and meeting by [`Names`] of their final
//! id sets, and where its head was read is packed in a [`PackedBytes`], read back in row
//! order. Keys are exact (positions, or numbers of their own for an id kept apart from the
//! set), so no collision can make or hide a finding.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::DefaultHashBuilder;

use super::Loc;
use super::compact::Names;
use super::id_set::IdSet;
use super::packed::{PackedBytes, Steps};
use crate::input::message::{Message, msg};
use crate::model::Table;

/// No key (a row naming no head, or no meeting).
const NONE: u32 = u32::MAX;

/// A finding of these rules: code, where, message, the value it is about.
pub(crate) type Found = (&'static str, Loc, Message, Option<String>);

/// One delegation row.
#[derive(Clone, Copy)]
struct Row {
    delegation: u32,
    head: u32,
    meeting: u32,
    /// Rows with this delegation id (counted on its first row).
    rows: u32,
    /// Members with the role `head` (counted on the first row of the delegation id).
    heads: u32,
}

/// A member with the role `head`.
pub(crate) struct Member {
    pub delegation: Box<str>,
    pub official: Box<str>,
    pub loc: Loc,
}

/// The delegation rows read, for the head rule and the group rule.
#[derive(Default)]
pub(crate) struct Delegations {
    /// Keys of the delegations: positions in their id set (lent by the caller while it grows,
    /// kept once every file of them is read, see [`Delegations::all_read`]), or their own.
    delegations: Names,
    officials: Names,
    meetings: Names,
    /// Whether `officials` and `meetings` were made (on the first row).
    started: bool,
    rows: Vec<Row>,
    /// Where the head of each row was read, in row order.
    locs: PackedBytes,
    /// The last of `locs` (each is kept as its steps from the one before).
    last_loc: Steps,
    /// The index in `rows` of the first row of each delegation id, hashed by its key.
    first: hashbrown::HashTable<u32>,
    hasher: DefaultHashBuilder,
    /// The first head member of a delegation (by index of its first row), kept only when it
    /// may differ from the delegation's head (rare: most delegations keep no member).
    first_heads: HashMap<u32, Member>,
    /// Members with the role `head` read before their delegations, taken in when these are.
    pub waiting: Vec<Member>,
}

impl Delegations {
    /// Bytes held on the heap (the id sets are counted where they are kept).
    pub fn heap_bytes(&self) -> usize {
        let member =
            |m: &Member| std::mem::size_of::<Member>() + m.delegation.len() + m.official.len();
        self.delegations.heap_bytes()
            + self.officials.heap_bytes()
            + self.meetings.heap_bytes()
            + self.rows.capacity() * std::mem::size_of::<Row>()
            + self.locs.heap_bytes()
            + self.first.capacity() * (std::mem::size_of::<u32>() + 1)
            + self
                .first_heads
                .values()
                .map(|m| member(m) + 8)
                .sum::<usize>()
            + self.waiting.iter().map(member).sum::<usize>()
    }

    /// Makes room for `more` rows at once (a hint).
    pub fn reserve(&mut self, more: usize) {
        let _ = self.rows.try_reserve_exact(more);
        // Where a head was read packs in about 8 bytes.
        self.locs.reserve(more.saturating_mul(8));
        // Rows already in (a second file of delegations) are hashed again as they were put in.
        let (rows, hasher) = (&self.rows, &self.hasher);
        let _ = self.first.try_reserve(more, |i| {
            hasher.hash_one(rows.get(*i as usize).map_or(NONE, |r| r.delegation))
        });
    }

    /// Gives back the room not used (after a file).
    pub fn shrink_to_fit(&mut self) {
        self.rows.shrink_to_fit();
        self.locs.shrink_to_fit();
    }

    /// Whether the first row was added.
    pub fn is_started(&self) -> bool {
        self.started
    }

    /// Every file of delegations is read: `set` (their ids) no longer changes, and is kept
    /// to name the delegations in findings (taken once, and only when rows were added).
    pub fn all_read(&mut self, set: Option<&Arc<IdSet>>) {
        if !self.delegations.has_set() && !self.rows.is_empty() {
            self.delegations.all_read(set.cloned());
        }
    }

    fn hash(&self, key: u32) -> u64 {
        self.hasher.hash_one(key)
    }

    fn first_row(&self, key: u32) -> Option<usize> {
        let rows = &self.rows;
        self.first
            .find(self.hash(key), |i| {
                rows.get(*i as usize).is_some_and(|r| r.delegation == key)
            })
            .map(|i| *i as usize)
    }

    /// A delegation row: its id, head and meeting (when given), and where its head was read.
    /// `set` is the delegations' id set while it grows (it holds `id`); `officials` and
    /// `meetings` the final id sets of those tables, when they are.
    pub fn add(
        &mut self,
        set: Option<&IdSet>,
        known: (Option<Arc<IdSet>>, Option<Arc<IdSet>>),
        id: &str,
        head: Option<&str>,
        meeting: Option<&str>,
        head_loc: &Loc,
    ) {
        if !self.started {
            self.officials = Names::new(known.0);
            self.meetings = Names::new(known.1);
            self.started = true;
        }
        let Some(delegation) = self.delegations.key_in(set, id) else {
            return;
        };
        let head = head.and_then(|h| self.officials.key(h)).unwrap_or(NONE);
        let meeting = meeting.and_then(|m| self.meetings.key(m)).unwrap_or(NONE);
        self.rows.push(Row {
            delegation,
            head,
            meeting,
            rows: 1,
            heads: 0,
        });
        self.locs.put_loc_after(head_loc, &mut self.last_loc);
        match self.first_row(delegation) {
            Some(first) => {
                if let Some(r) = self.rows.get_mut(first) {
                    r.rows += 1;
                }
            }
            None => {
                let index = (self.rows.len() - 1) as u32;
                let hash = self.hash(delegation);
                let (rows, hasher) = (&self.rows, &self.hasher);
                self.first.insert_unique(hash, index, |i| {
                    hasher.hash_one(rows.get(*i as usize).map_or(NONE, |r| r.delegation))
                });
            }
        }
    }

    /// The meeting of the delegation `id` (of its first row), when one was given.
    pub fn meeting_of(&self, id: &str) -> Option<Cow<'_, str>> {
        let row = self.rows.get(self.first_row(self.delegations.find(id)?)?)?;
        (row.meeting != NONE).then(|| self.meetings.text(row.meeting))
    }

    /// A member with the role `head`: counted for its delegation; a second head is reported
    /// at once, the first kept only when it may not be the delegation's head.
    pub fn take_head(&mut self, member: Member, found: &mut Vec<Found>) {
        let Some(first) = self
            .delegations
            .find(&member.delegation)
            .and_then(|k| self.first_row(k))
        else {
            return;
        };
        let Some(row) = self.rows.get(first).copied() else {
            return;
        };
        let head_matches = row.head != NONE && self.officials.text(row.head) == *member.official;
        if row.heads >= 1 {
            for _ in 0..row.rows {
                found.push((
                    "delegation.head",
                    member.loc.clone(),
                    msg!(
                        "the delegation `{}` has more than one head; keep one, make the others `member`",
                        v(member.delegation)
                    ),
                    Some("head".into()),
                ));
            }
        }
        if let Some(r) = self.rows.get_mut(first) {
            r.heads += 1;
            if row.heads == 0 && (!head_matches || row.rows > 1) {
                self.first_heads.insert(first as u32, member);
            }
        }
    }

    /// The head rule over every row: a delegation with no head member, or whose one head
    /// member is not the head it names.
    pub fn check_heads(&self, found: &mut Vec<Found>) {
        let mut locs = self.locs.at(0);
        let mut steps = Steps::default();
        for row in &self.rows {
            let loc = locs.loc_after(Table::Delegations, "head_official_id", &mut steps);
            if row.head == NONE {
                continue;
            }
            let Some(index) = self.first_row(row.delegation) else {
                continue;
            };
            let Some(first) = self.rows.get(index) else {
                continue;
            };
            let id = self.delegations.text(row.delegation);
            let head = self.officials.text(row.head);
            match (first.heads, self.first_heads.get(&(index as u32))) {
                (0, _) => found.push((
                    "delegation.head",
                    loc,
                    msg!(
                        "the delegation `{}` has no `head` row in delegation_members; add one for `{}`",
                        v(id),
                        v(head)
                    ),
                    Some(head.into_owned()),
                )),
                (1, Some(one)) if *one.official != *head => found.push((
                    "delegation.head",
                    one.loc.clone(),
                    msg!(
                        "the head member of `{}` is `{}`, but the delegation names `{}` as its head",
                        v(id),
                        v(one.official),
                        v(head)
                    ),
                    Some("head".into()),
                )),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::keys::id_set::FirstSeen;

    fn loc(line: u64, field: &'static str) -> Loc {
        Loc {
            file: 1,
            table: Table::Delegations,
            line,
            column: 30,
            record: line - 1,
            offset: line * 100,
            len: 7,
            field: Cow::Borrowed(field),
        }
    }

    fn member(delegation: &str, official: &str, line: u64) -> Member {
        Member {
            delegation: delegation.into(),
            official: official.into(),
            loc: Loc {
                table: Table::DelegationMembers,
                ..loc(line, "role")
            },
        }
    }

    #[test]
    fn heads_and_meetings_by_position_in_the_growing_set() {
        let mut officials = IdSet::new("off-");
        for i in 0..10u64 {
            let first = FirstSeen {
                file: 0,
                line: i + 2,
            };
            officials.insert(&format!("off-{i}"), first).expect("new");
        }
        let officials = Arc::new(officials);
        let long = format!("del-{}", "x".repeat(300));
        let mut set = IdSet::new("del-");
        let mut book = Delegations::default();
        let rows = [
            ("del-1", "off-1", "mtg-1"),
            ("del-2", "off-2", "mtg-1"),
            ("del-3", "off-3", "mtg-2"),
            (long.as_str(), "off-4", "mtg-3"),
            ("del-1", "off-1", "mtg-9"),
        ];
        for (line, (id, head, meeting)) in rows.iter().enumerate() {
            let line = line as u64 + 2;
            let _ = set.insert(id, FirstSeen { file: 1, line });
            let known = (Some(officials.clone()), None);
            book.add(
                Some(&set),
                known,
                id,
                Some(head),
                Some(meeting),
                &loc(line, "head_official_id"),
            );
        }
        // A second file of delegations makes room again: the rows in are found as before.
        book.reserve(100_000);
        let key = book.delegations.key_in(Some(&set), "del-3").expect("a key");
        assert_eq!(book.first_row(key), Some(2));
        // The set is final: the book keeps it, and names delegations through it.
        book.all_read(Some(&Arc::new(set)));
        assert_eq!(book.meeting_of("del-1").as_deref(), Some("mtg-1"));
        assert_eq!(book.meeting_of("del-3").as_deref(), Some("mtg-2"));
        assert_eq!(book.meeting_of(&long).as_deref(), Some("mtg-3"));
        assert_eq!(book.meeting_of("del-4"), None);
        let mut found = Vec::new();
        // del-1 (two rows): its head; del-2: a member who is not its head; del-3: none;
        // the long one: two heads.
        book.take_head(member("del-1", "off-1", 20), &mut found);
        book.take_head(member("del-2", "off-7", 21), &mut found);
        book.take_head(member(&long, "off-4", 22), &mut found);
        book.take_head(member(&long, "off-4", 23), &mut found);
        book.take_head(member("del-5", "off-5", 24), &mut found);
        book.check_heads(&mut found);
        let said: Vec<(u64, String)> = found
            .iter()
            .map(|(code, loc, message, _)| {
                assert_eq!(*code, "delegation.head");
                (loc.line, message.render(false))
            })
            .collect();
        let x = "x".repeat(300);
        assert_eq!(
            said,
            [
                (23, format!("the delegation `del-{x}` has more than one head; keep one, make the others `member`")),
                (21, "the head member of `del-2` is `off-7`, but the delegation names `off-2` as its head".into()),
                (4, "the delegation `del-3` has no `head` row in delegation_members; add one for `off-3`".into()),
            ]
        );
        // Where the head of del-3 was read came back whole.
        assert_eq!(found[2].1, loc(4, "head_official_id"));
    }
}
