//! The rules against contradictions of the model that read across records: a pair seen twice
//! (a member twice in a delegation, an agreement signed twice at a meeting), one official
//! heading both sides of a meeting, a group's delegation at another meeting, parents and
//! follows that form cycles, a meeting that follows a later one. Their state lives in the
//! compact structures of `compact.rs`.

use super::compact::{Heads, Pairs, Triples};
use super::{HashMap, Loc, PackageState};
use crate::input::message::msg;
use crate::model::Table;
use crate::validate::sink::Sink;

/// The kinds of pair [`PackageState::relations_pair`] keeps.
#[derive(Clone, Copy)]
pub(super) enum Pair {
    Member,
    Signing,
}

/// What the rules against contradictions of the model keep (in the compact, exact
/// structures of `compact.rs`: ids by their position in final id sets, texts packed): pairs
/// seen, the first head of each side of a meeting, the meeting of each delegation, and the
/// rows whose check needs every record (parents, follows, groups). What only rows of one
/// table need is dropped once that table is read (see [`Relations::forget_read`]).
#[derive(Default)]
pub(super) struct Relations {
    /// (agreement, meeting) of each signing, while signings are read.
    pub(super) signings: Option<Pairs>,
    /// (delegation, official) of each member, while members are read.
    pub(super) members: Option<Pairs>,
    /// (meeting, head official) of each delegation, with its side and delegation id, while
    /// delegations are read.
    pub(super) heads: Option<Heads>,
    /// Participant groups naming a delegation: (delegation, meeting, where the delegation
    /// was read).
    pub(super) groups: Triples,
    /// Organizations with a parent: (id, parent, where the parent was read).
    pub(super) parents: Triples,
    /// Meetings that follow another: (id, followed, where `follows_id` was read).
    pub(super) follows: Triples,
}

impl Relations {
    pub(super) fn heap_bytes(&self) -> usize {
        self.signings.as_ref().map_or(0, Pairs::heap_bytes)
            + self.members.as_ref().map_or(0, Pairs::heap_bytes)
            + self.heads.as_ref().map_or(0, Heads::heap_bytes)
            + self.groups.heap_bytes()
            + self.parents.heap_bytes()
            + self.follows.heap_bytes()
    }

    /// Forgets what only rows of tables whose files are all read (`read`) needed.
    pub(super) fn forget_read(&mut self, read: impl Fn(Table) -> bool) {
        if read(Table::DelegationMembers) {
            self.members = None;
        }
        if read(Table::AgreementSignings) {
            self.signings = None;
        }
        if read(Table::Delegations) {
            self.heads = None;
        }
    }
}

/// The ids of `rows` (id → the one it points at: a parent, a followed meeting) that lie on a
/// cycle of those edges.
fn on_cycles<'a>(
    rows: &'a Triples,
    table: Table,
    field: &'static str,
) -> hashbrown::HashSet<&'a str> {
    let edges: HashMap<&str, &str> = rows
        .iter(table, field)
        .map(|(id, to, _)| (id, to))
        .collect();
    let mut state: HashMap<&str, bool> = HashMap::default();
    let mut cycles = hashbrown::HashSet::default();
    let mut starts: Vec<&str> = edges.keys().copied().collect();
    starts.sort_unstable();
    for start in starts {
        let mut path = Vec::new();
        let mut node = start;
        loop {
            match state.get(node) {
                // Done: no new cycle from here.
                Some(true) => break,
                // On the path being walked: the walk closed a cycle.
                Some(false) => {
                    if let Some(at) = path.iter().position(|n| *n == node) {
                        cycles.extend(path.get(at..).unwrap_or_default().iter().copied());
                    }
                    break;
                }
                None => {}
            }
            state.insert(node, false);
            path.push(node);
            match edges.get(node) {
                Some(next) => node = next,
                None => break,
            }
        }
        for n in path {
            state.insert(n, true);
        }
    }
    cycles
}

impl PackageState {
    /// The pairs of `kind` seen so far.
    pub(super) fn pairs(&mut self, kind: Pair) -> &mut Pairs {
        let (a, b) = match kind {
            Pair::Member => (Table::Delegations, Table::Officials),
            Pair::Signing => (Table::Agreements, Table::Meetings),
        };
        let new = |state: &PackageState| Pairs::new(state.final_ids(a), state.final_ids(b));
        let pairs = match kind {
            Pair::Member if self.relations.members.is_none() => Some(new(self)),
            Pair::Signing if self.relations.signings.is_none() => Some(new(self)),
            _ => None,
        };
        let slot = match kind {
            Pair::Member => &mut self.relations.members,
            Pair::Signing => &mut self.relations.signings,
        };
        if let Some(pairs) = pairs {
            *slot = Some(pairs);
        }
        slot.get_or_insert_with(Pairs::default)
    }

    pub(super) fn heads(&mut self) -> &mut Heads {
        if self.relations.heads.is_none() {
            let heads = Heads::new(
                self.final_ids(Table::Meetings),
                self.final_ids(Table::Officials),
            );
            self.relations.heads = Some(heads);
        }
        self.relations.heads.get_or_insert_with(Heads::default)
    }

    /// Records the pair `(a, b)` of `kind`; false when it was seen before.
    pub(super) fn relations_pair(&mut self, kind: Pair, a: &str, b: &str) -> bool {
        self.pairs(kind).insert(a, b)
    }

    /// One official heads at most one side of a meeting.
    pub(super) fn head_of_side(
        &mut self,
        delegation: &str,
        meeting: &str,
        head: &str,
        side: &str,
        locate: &dyn Fn() -> Loc,
        out: &mut Sink,
    ) {
        let Some(key) = self.heads().key(meeting, head) else {
            return;
        };
        match self.relations.heads.as_ref().and_then(|h| h.get(key)) {
            Some((first_side, first)) if first_side != side => {
                let message = msg!(
                    "`{}` heads the delegation `{}` ({}) and the delegation `{}` ({}) of the same meeting `{}`; one official heads one side",
                    v(head),
                    v(first),
                    v(first_side),
                    v(delegation),
                    v(side),
                    v(meeting)
                );
                self.report_at(
                    "delegation.head-both-sides",
                    &locate(),
                    message,
                    Some(head),
                    out,
                );
            }
            Some(_) => {}
            None => self.heads().insert(key, side, delegation),
        }
    }

    /// The rules on relations that need every record: a group's delegation at its meeting,
    /// parents and follows without cycles, a followed meeting not after its follower.
    pub(super) fn check_relations(&mut self, out: &mut Sink) {
        let relations = std::mem::take(&mut self.relations);
        let groups = relations
            .groups
            .iter(Table::ParticipantGroups, "delegation_id");
        for (delegation, meeting, loc) in groups {
            let Some(held) = self.delegations.meeting_of(delegation) else {
                continue;
            };
            // A delegation naming no meeting that was read is reported as `key.unresolved`
            // already: its group is not reported again for it.
            let held_unknown = self.pending_files.contains_key(&Table::Meetings)
                && self.meetings.get(&held).is_none();
            if *held != *meeting && !held_unknown {
                self.report_at(
                    "delegation.other-meeting",
                    &loc,
                    msg!(
                        "the delegation `{}` belongs to the meeting `{}`, not to the group's meeting `{}`",
                        v(delegation),
                        v(held),
                        v(meeting)
                    ),
                    Some(delegation),
                    out,
                );
            }
        }
        let cycles = on_cycles(&relations.parents, Table::Organizations, "parent_id");
        for (id, parent, loc) in relations.parents.iter(Table::Organizations, "parent_id") {
            let message = if id == parent {
                msg!("the organization `{}` is its own parent", v(id))
            } else if cycles.contains(id) {
                msg!(
                    "the organization `{}` has `{}` as parent, which leads back to it: parents form a cycle",
                    v(id),
                    v(parent)
                )
            } else {
                continue;
            };
            self.report_at(
                "organization.parent-cycle",
                &loc,
                message,
                Some(parent),
                out,
            );
        }
        let cycles = on_cycles(&relations.follows, Table::Meetings, "follows_id");
        for (id, followed, loc) in relations.follows.iter(Table::Meetings, "follows_id") {
            let message = if id == followed {
                Some(msg!("the meeting `{}` follows itself", v(id)))
            } else if cycles.contains(id) {
                Some(msg!(
                    "the meeting `{}` follows `{}`, which leads back to it: `follows_id` forms a cycle",
                    v(id),
                    v(followed)
                ))
            } else {
                None
            };
            if let Some(message) = message {
                self.report_at("meeting.follows-cycle", &loc, message, Some(followed), out);
                continue;
            }
            let (Some(Some(date)), Some(Some(before))) =
                (self.meetings.get(id), self.meetings.get(followed))
            else {
                continue;
            };
            if date.certainly_before(before) {
                self.report_at(
                    "meeting.follows-later",
                    &loc,
                    msg!(
                        "the meeting `{}` ({}) follows `{}`, which is dated later ({})",
                        v(id),
                        v(date),
                        v(followed),
                        v(before)
                    ),
                    Some(followed),
                    out,
                );
            }
        }
    }
}
