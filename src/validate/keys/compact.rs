//! Compact, exact structures for the rules against contradictions of the model (see
//! `Relations` in the package state): what they keep grows with the rows of the biggest
//! tables (a million delegation members), so each kept value costs a few bytes, and no text
//! is kept twice.
//!
//! - [`Names`] gives each id a 32-bit key: its position in the table's id set when that set is
//!   final (the ids are kept there already), else its index in an [`Interner`] of its own.
//!   Equal texts have equal keys and different texts different keys: nothing is hashed
//!   into a fingerprint, so no collision can hide a finding or make a false one.
//! - [`KeyMap`] maps 64-bit keys (two such keys side by side) to small values, in one
//!   open-addressing table of `(key, value)` slots at most 80% full, of any size (not only
//!   powers of two), sized at once from the rows expected.
//! - [`Triples`] keeps rows of two texts and a [`Loc`], packed one after the other in a
//!   [`PackedBytes`] byte string, for the rules that need every record.

use std::borrow::Cow;
use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::DefaultHashBuilder;

use super::Loc;
use super::id_set::IdSet;
use super::packed::{PackedBytes, Steps};
use crate::model::Table;

/// A [`KeyMap`] is grown past this share of its slots (in hundredths).
const MAX_LOAD: usize = 80;

/// The empty slot's key (the key `u64::MAX` itself is kept apart).
const EMPTY: u64 = u64::MAX;

/// Slots for `keys` keys at most [`MAX_LOAD`] full.
fn slots_for(keys: usize) -> usize {
    keys.saturating_mul(100) / MAX_LOAD + 1
}

/// The slot where the search for a key hashed to `hash` starts, in a table of `slots`.
fn home(hash: u64, slots: usize) -> usize {
    ((u128::from(hash) * slots as u128) >> 64) as usize
}

/// A map from `u64` keys to small values, exact (the keys themselves are compared).
pub(crate) struct KeyMap<V> {
    slots: Vec<(u64, V)>,
    used: usize,
    /// The value of the key [`EMPTY`], which no slot can hold.
    last_key: Option<V>,
    hasher: DefaultHashBuilder,
}

impl<V: Copy + Default> Default for KeyMap<V> {
    fn default() -> Self {
        KeyMap {
            slots: Vec::new(),
            used: 0,
            last_key: None,
            hasher: DefaultHashBuilder::default(),
        }
    }
}

impl<V: Copy + Default> KeyMap<V> {
    /// Makes room for `more` keys at once, so the table is not copied as it grows (a hint:
    /// it gives up quietly when memory is short).
    pub fn reserve(&mut self, more: usize) {
        let slots = slots_for(self.used.saturating_add(more));
        if slots > self.slots.len() {
            self.rebuild(slots, true);
        }
    }

    /// Bytes held on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.slots.capacity() * std::mem::size_of::<(u64, V)>()
    }

    /// Keys in the map.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.used + usize::from(self.last_key.is_some())
    }

    /// The slot holding `key`, or the empty one where it would go.
    fn probe(&self, key: u64) -> Result<usize, usize> {
        let n = self.slots.len();
        if n == 0 {
            return Err(0);
        }
        let mut i = home(self.hasher.hash_one(key), n);
        // The table is never full, so an empty slot ends the search.
        for _ in 0..n {
            match self.slots.get(i) {
                Some((k, _)) if *k == key => return Ok(i),
                Some((k, _)) if *k == EMPTY => return Err(i),
                Some(_) => {}
                None => return Err(i),
            }
            i = if i + 1 == n { 0 } else { i + 1 };
        }
        Err(n)
    }

    /// Moves the keys into a table of `slots` slots; for a `hint`, gives up (false) when
    /// memory is short.
    fn rebuild(&mut self, slots: usize, hint: bool) -> bool {
        let slots = slots.max(16);
        let mut table: Vec<(u64, V)> = Vec::new();
        if hint && table.try_reserve_exact(slots).is_err() {
            return false;
        }
        table.resize(slots, (EMPTY, V::default()));
        for &(key, value) in self.slots.iter().filter(|(k, _)| *k != EMPTY) {
            let mut i = home(self.hasher.hash_one(key), slots);
            while table.get(i).is_some_and(|(k, _)| *k != EMPTY) {
                i = if i + 1 == slots { 0 } else { i + 1 };
            }
            if let Some(s) = table.get_mut(i) {
                *s = (key, value);
            }
        }
        self.slots = table;
        true
    }

    /// The value of `key`.
    pub fn get(&self, key: u64) -> Option<V> {
        if key == EMPTY {
            return self.last_key;
        }
        let i = self.probe(key).ok()?;
        self.slots.get(i).map(|(_, v)| *v)
    }

    /// Gives `key` the value `value` when it has none (and then gives `None`); else leaves
    /// it and gives the value it has.
    pub fn insert(&mut self, key: u64, value: V) -> Option<V> {
        if key == EMPTY {
            return match self.last_key {
                Some(v) => Some(v),
                None => {
                    self.last_key = Some(value);
                    None
                }
            };
        }
        // Room first (a step early when the key turns out to be in), so one probe serves.
        if (self.used + 1) * 100 > self.slots.len() * MAX_LOAD {
            let grown = (self.slots.len() * 3 / 2).max((self.used + 1) * 100 / MAX_LOAD + 1);
            self.rebuild(grown, false);
        }
        match self.probe(key) {
            Ok(i) => self.slots.get(i).map(|(_, v)| *v),
            Err(i) => {
                if let Some(s) = self.slots.get_mut(i) {
                    *s = (key, value);
                    self.used += 1;
                }
                None
            }
        }
    }
}

/// Two 32-bit keys as one `u64` key of a [`KeyMap`].
pub(crate) fn pair(a: u32, b: u32) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

/// Texts numbered in the order they are first given: 0, 1, 2... Each text is kept once, in
/// one byte string, and found through an open-addressing table of 8-byte slots (the upper
/// half of the text's hash beside its number, so a search compares a text only when the
/// hashes agree). About 6 bytes a text besides its own.
#[derive(Default)]
pub(crate) struct Interner {
    /// The texts, one after the other.
    bytes: Vec<u8>,
    /// Where each text starts in `bytes` (it ends where the next one starts).
    starts: Vec<u32>,
    /// Per slot: 0 when empty, else the upper half of the text's hash, then its number + 1.
    slots: Vec<u64>,
    hasher: DefaultHashBuilder,
}

/// Texts an [`Interner`] numbers at most (their numbers stay below [`OWN`]).
const MAX_TEXTS: usize = (OWN - 1) as usize;

impl Interner {
    /// Bytes held on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.bytes.capacity() + self.starts.capacity() * 4 + self.slots.capacity() * 8
    }

    /// The text numbered `i` (empty when there is none).
    pub fn text(&self, i: u32) -> &str {
        let i = i as usize;
        let Some(start) = self.starts.get(i).map(|s| *s as usize) else {
            return "";
        };
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.bytes.len(), |s| *s as usize);
        // Only whole texts are put in, so both ends are character boundaries.
        std::str::from_utf8(self.bytes.get(start..end).unwrap_or_default()).unwrap_or_default()
    }

    fn hash(&self, text: &str) -> u32 {
        (self.hasher.hash_one(text) >> 32) as u32
    }

    /// The first slot to search for a text whose hash's upper half is `tag`.
    fn home(tag: u32, slots: usize) -> usize {
        ((u64::from(tag) * slots as u64) >> 32) as usize
    }

    /// The slot holding `text`, or the empty one where it would go.
    fn probe(&self, text: &str, tag: u32) -> Result<usize, usize> {
        let n = self.slots.len();
        if n == 0 {
            return Err(0);
        }
        let mut i = Self::home(tag, n);
        for _ in 0..n {
            match self.slots.get(i) {
                None | Some(0) => return Err(i),
                Some(s) if (*s >> 32) as u32 == tag => {
                    if self.text((*s as u32).wrapping_sub(1)) == text {
                        return Ok(i);
                    }
                }
                Some(_) => {}
            }
            i = if i + 1 == n { 0 } else { i + 1 };
        }
        Err(n)
    }

    /// Moves the texts into a table of `slots` slots; for a `hint`, gives up (false) when
    /// memory is short.
    fn rebuild(&mut self, slots: usize, hint: bool) -> bool {
        let slots = slots.max(16);
        let mut table: Vec<u64> = Vec::new();
        if hint && table.try_reserve_exact(slots).is_err() {
            return false;
        }
        table.resize(slots, 0);
        for &s in self.slots.iter().filter(|s| **s != 0) {
            let mut i = Self::home((s >> 32) as u32, slots);
            while table.get(i).is_some_and(|t| *t != 0) {
                i = if i + 1 == slots { 0 } else { i + 1 };
            }
            if let Some(t) = table.get_mut(i) {
                *t = s;
            }
        }
        self.slots = table;
        true
    }

    /// The number of `text`, when it was given before.
    pub fn find(&self, text: &str) -> Option<u32> {
        let i = self.probe(text, self.hash(text)).ok()?;
        self.slots.get(i).map(|s| (*s as u32).wrapping_sub(1))
    }

    /// The number of `text`, given it now when it has none; `None` past [`MAX_TEXTS`] texts
    /// or 4 GiB of text.
    pub fn intern(&mut self, text: &str) -> Option<u32> {
        let tag = self.hash(text);
        if (self.starts.len() + 1) * 100 > self.slots.len() * MAX_LOAD {
            let grown =
                (self.slots.len() * 3 / 2).max((self.starts.len() + 1) * 100 / MAX_LOAD + 1);
            self.rebuild(grown, false);
        }
        let slot = match self.probe(text, tag) {
            Ok(i) => return self.slots.get(i).map(|s| (*s as u32).wrapping_sub(1)),
            Err(i) => i,
        };
        let start = u32::try_from(self.bytes.len()).ok()?;
        if self.starts.len() >= MAX_TEXTS || u32::try_from(start as usize + text.len()).is_err() {
            return None;
        }
        let number = self.starts.len() as u32;
        self.starts.push(start);
        self.bytes.extend_from_slice(text.as_bytes());
        if let Some(s) = self.slots.get_mut(slot) {
            *s = (u64::from(tag) << 32) | u64::from(number + 1);
        }
        Some(number)
    }
}

/// Keys of [`Names`] with this bit set are numbers of its own [`Interner`]; the others are
/// positions in the table's id set.
const OWN: u32 = 1 << 31;

/// Exact 32-bit keys for the ids of one table (see the module's documentation).
#[derive(Default)]
pub(crate) struct Names {
    /// The table's ids, when every file of the table was read before (so they no longer
    /// change, and an id's position in the set stays its key).
    known: Option<Arc<IdSet>>,
    own: Interner,
}

impl Names {
    /// Keys for ids of a table whose id set, when given, is final.
    pub fn new(known: Option<Arc<IdSet>>) -> Names {
        Names {
            known,
            own: Interner::default(),
        }
    }

    /// Bytes held on the heap (the id set is counted where it is kept).
    pub fn heap_bytes(&self) -> usize {
        self.own.heap_bytes()
    }

    /// The key of `text` in `set`, or in the final set when none is lent.
    fn position(&self, set: Option<&IdSet>, text: &str) -> Option<u32> {
        let set = set.or(self.known.as_deref())?;
        set.position(text).filter(|p| *p < OWN)
    }

    /// The key of `text`, given it now when it has none (`None` past 2^31 texts of its own).
    pub fn key(&mut self, text: &str) -> Option<u32> {
        self.key_in(None, text)
    }

    /// [`Names::key`], with the table's id set lent while it still grows (it holds `text`, and
    /// an id's position never changes): [`Names::all_read`] gives it for good later.
    pub fn key_in(&mut self, set: Option<&IdSet>, text: &str) -> Option<u32> {
        match self.position(set, text) {
            Some(p) => Some(p),
            None => self.own.intern(text).map(|i| i | OWN),
        }
    }

    /// The key `text` was given, if any.
    pub fn find(&self, text: &str) -> Option<u32> {
        match self.position(None, text) {
            Some(p) => Some(p),
            None => self.own.find(text).map(|i| i | OWN),
        }
    }

    /// The table's id set is final: it is kept, to give back the texts of keys given by
    /// position while it grew.
    pub fn all_read(&mut self, set: Option<Arc<IdSet>>) {
        self.known = set;
    }

    /// Whether the final id set is kept.
    pub fn has_set(&self) -> bool {
        self.known.is_some()
    }

    /// The text of `key`.
    pub fn text(&self, key: u32) -> Cow<'_, str> {
        if key & OWN != 0 {
            Cow::Borrowed(self.own.text(key & !OWN))
        } else {
            self.known
                .as_ref()
                .map_or(Cow::Borrowed(""), |set| Cow::Owned(set.id_at(key)))
        }
    }
}

/// Rows of two texts and where they were read, kept packed: about 30 bytes a row, against
/// some 170 as a tuple of two boxed `str`s and a [`Loc`].
#[derive(Default)]
pub(crate) struct Triples {
    kept: PackedBytes,
    len: usize,
    /// The last [`Loc`] put in: each is kept as its steps from the one before.
    last: Steps,
}

impl Triples {
    /// Bytes held on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.kept.heap_bytes()
    }

    pub fn push(&mut self, a: &str, b: &str, loc: &Loc) {
        self.kept
            .put_str(a)
            .put_str(b)
            .put_loc_after(loc, &mut self.last);
        self.len += 1;
    }

    /// The rows in the order they were put in; their [`Loc`]s are of `table`, and name
    /// `field` unless a JSON Pointer was kept.
    pub fn iter(
        &self,
        table: Table,
        field: &'static str,
    ) -> impl Iterator<Item = (&str, &str, Loc)> + '_ {
        let mut r = self.kept.at(0);
        let mut steps = Steps::default();
        (0..self.len).map(move |_| {
            let (a, b) = (r.str(), r.str());
            (a, b, r.loc_after(table, field, &mut steps))
        })
    }
}

/// Keys of a [`NarrowSet`] are below this (and differ from it).
const NARROW: u64 = (1 << 48) - 1;

/// A set of `u64` keys whose keys below 2^48 take 6-byte slots (at most 80% of them used);
/// the others are kept in a [`KeyMap`] beside it.
#[derive(Default)]
pub(crate) struct NarrowSet {
    /// Per slot: the key, little-endian, or [`NARROW`] when empty.
    slots: Vec<[u8; 6]>,
    used: usize,
    wide: KeyMap<()>,
    hasher: DefaultHashBuilder,
}

fn narrow(key: u64) -> [u8; 6] {
    let [a, b, c, d, e, f, _, _] = key.to_le_bytes();
    [a, b, c, d, e, f]
}

const EMPTY_NARROW: [u8; 6] = [0xFF; 6];

impl NarrowSet {
    /// Makes room for `more` keys at once (a hint).
    pub fn reserve(&mut self, more: usize) {
        let slots = slots_for(self.used.saturating_add(more));
        if slots > self.slots.len() {
            self.rebuild(slots, true);
        }
    }

    /// Bytes held on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.slots.capacity() * 6 + self.wide.heap_bytes()
    }

    fn rebuild(&mut self, slots: usize, hint: bool) -> bool {
        let slots = slots.max(16);
        let mut table: Vec<[u8; 6]> = Vec::new();
        if hint && table.try_reserve_exact(slots).is_err() {
            return false;
        }
        table.resize(slots, EMPTY_NARROW);
        for s in self.slots.iter().filter(|s| **s != EMPTY_NARROW) {
            let key = u64::from_le_bytes([s[0], s[1], s[2], s[3], s[4], s[5], 0, 0]);
            let mut i = home(self.hasher.hash_one(key), slots);
            while table.get(i).is_some_and(|t| *t != EMPTY_NARROW) {
                i = if i + 1 == slots { 0 } else { i + 1 };
            }
            if let Some(t) = table.get_mut(i) {
                *t = *s;
            }
        }
        self.slots = table;
        true
    }

    /// Adds `key`; false when it was in.
    pub fn insert(&mut self, key: u64) -> bool {
        if key >= NARROW {
            return self.wide.insert(key, ()).is_none();
        }
        if (self.used + 1) * 100 > self.slots.len() * MAX_LOAD {
            let grown = (self.slots.len() * 3 / 2).max((self.used + 1) * 100 / MAX_LOAD + 1);
            self.rebuild(grown, false);
        }
        let n = self.slots.len();
        let want = narrow(key);
        let mut i = home(self.hasher.hash_one(key), n);
        // The table is never full, so an empty slot ends the search.
        for _ in 0..n {
            match self.slots.get_mut(i) {
                Some(s) if *s == want => return false,
                Some(s) if *s == EMPTY_NARROW => {
                    *s = want;
                    self.used += 1;
                    return true;
                }
                Some(_) => {}
                None => break,
            }
            i = if i + 1 == n { 0 } else { i + 1 };
        }
        // Not reached: the table always has empty slots.
        self.wide.insert(key, ()).is_none()
    }
}

/// Pairs of ids of two tables seen so far, such as the (delegation, official) of each
/// member: 6 bytes a pair (at most 80% of the table's slots used) when the ids are in final
/// id sets of less than 16 MiB of ids each, 8 bytes otherwise.
#[derive(Default)]
pub(crate) struct Pairs {
    a: Names,
    b: Names,
    seen: NarrowSet,
    /// The pairs with a key at or above 2^24.
    wide: KeyMap<()>,
}

impl Pairs {
    /// Pairs whose first and second ids are of tables with these (final) id sets.
    pub fn new(a: Option<Arc<IdSet>>, b: Option<Arc<IdSet>>) -> Pairs {
        Pairs {
            a: Names::new(a),
            b: Names::new(b),
            seen: NarrowSet::default(),
            wide: KeyMap::default(),
        }
    }

    /// Makes room for `more` pairs at once (a hint).
    pub fn reserve(&mut self, more: usize) {
        self.seen.reserve(more);
    }

    /// Bytes held on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.a.heap_bytes() + self.b.heap_bytes() + self.seen.heap_bytes() + self.wide.heap_bytes()
    }

    /// Records `(a, b)`; false when it was seen before. (Past 2^31 ids of a table that are
    /// not in its id set, a pair is taken as new: a duplicate may then be missed, never
    /// made up.)
    pub fn insert(&mut self, a: &str, b: &str) -> bool {
        match (self.a.key(a), self.b.key(b)) {
            // Both below 2^24 (the usual case): side by side in 48 bits.
            (Some(a), Some(b)) if a < 1 << 24 && b < 1 << 24 => {
                self.seen.insert((u64::from(a) << 24) | u64::from(b))
            }
            // Else in a set of their own, as two 32-bit halves.
            (Some(a), Some(b)) => self.wide.insert(pair(a, b), ()).is_none(),
            _ => true,
        }
    }
}

/// The first delegation seen with each (meeting, head official), with its side, for the
/// rule that one official heads one side of a meeting.
#[derive(Default)]
pub(crate) struct Heads {
    meetings: Names,
    officials: Names,
    /// Per (meeting, head): where its side and delegation are kept in `kept`.
    first: KeyMap<u64>,
    kept: PackedBytes,
}

impl Heads {
    /// Heads of meetings and officials with these (final) id sets.
    pub fn new(meetings: Option<Arc<IdSet>>, officials: Option<Arc<IdSet>>) -> Heads {
        Heads {
            meetings: Names::new(meetings),
            officials: Names::new(officials),
            first: KeyMap::default(),
            kept: PackedBytes::default(),
        }
    }

    /// Makes room for `more` delegations at once (a hint).
    pub fn reserve(&mut self, more: usize) {
        self.first.reserve(more);
    }

    /// Bytes held on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.meetings.heap_bytes()
            + self.officials.heap_bytes()
            + self.first.heap_bytes()
            + self.kept.heap_bytes()
    }

    /// The key of (`meeting`, `head`) (`None` past 2^31 ids not in their id sets: the rule
    /// is then not checked for the row).
    pub fn key(&mut self, meeting: &str, head: &str) -> Option<u64> {
        Some(pair(self.meetings.key(meeting)?, self.officials.key(head)?))
    }

    /// The side and delegation first seen with `key`.
    pub fn get(&self, key: u64) -> Option<(&str, &str)> {
        let mut r = self.kept.at(self.first.get(key)?);
        Some((r.str(), r.str()))
    }

    /// Keeps `side` and `delegation` as the first seen with `key`, unless one was.
    pub fn insert(&mut self, key: u64, side: &str, delegation: &str) {
        if self.first.insert(key, self.kept.end()).is_none() {
            self.kept.put_str(side).put_str(delegation);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::keys::id_set::FirstSeen;

    #[test]
    fn a_key_map_keeps_the_first_value_of_each_key() {
        let mut map: KeyMap<u32> = KeyMap::default();
        map.reserve(1000);
        let keys = (0..50_000u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .chain([EMPTY, EMPTY - 1, 1]);
        for (n, key) in keys.clone().enumerate() {
            assert_eq!(map.insert(key, n as u32), None, "{key}");
        }
        for (n, key) in keys.clone().enumerate() {
            assert_eq!(map.insert(key, 7), Some(n as u32), "{key}");
            assert_eq!(map.get(key), Some(n as u32), "{key}");
        }
        assert_eq!(map.len(), 50_003);
        assert_eq!(map.get(12345), None);
        // Grown step by step, never fuller than its bound.
        assert!(map.used * 100 <= map.slots.len() * MAX_LOAD);
        let mut set: KeyMap<()> = KeyMap::default();
        assert_eq!(set.get(pair(1, 2)), None);
        assert_eq!(set.insert(pair(1, 2), ()), None);
        assert_eq!(set.insert(pair(2, 1), ()), None);
        assert_eq!(set.insert(pair(1, 2), ()), Some(()));
        assert_eq!(std::mem::size_of::<(u64, ())>(), 8);
    }

    #[test]
    fn a_narrow_set_holds_any_key_once() {
        let mut set = NarrowSet::default();
        set.reserve(100);
        let keys = (0..40_000u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 16)
            .chain([NARROW - 1, NARROW, NARROW + 1, u64::MAX]);
        for key in keys.clone() {
            assert!(set.insert(key), "{key}");
        }
        for key in keys {
            assert!(!set.insert(key), "{key}");
        }
        assert_eq!(set.wide.len(), 3);
        assert!(set.used * 100 <= set.slots.len() * MAX_LOAD);
        // Pairs whose keys do not fit 24 bits go apart, and never meet a narrow one.
        let mut pairs = Pairs::default();
        assert!(pairs.insert("a", "b"));
        let (a, b) = (pairs.a.key("a").unwrap_or(0), pairs.b.key("b").unwrap_or(0));
        assert!(a >= 1 << 24 && b >= 1 << 24);
        assert!(!pairs.insert("a", "b") && pairs.insert("b", "a"));
    }

    #[test]
    fn an_interner_numbers_each_text_once() {
        let mut names = Interner::default();
        let texts: Vec<String> = (0..30_000)
            .map(|i| format!("del-{i}"))
            .chain(["".into(), "ç".into(), "del-1 ".into()])
            .collect();
        for (n, t) in texts.iter().enumerate() {
            assert_eq!(names.find(t), None);
            assert_eq!(names.intern(t), Some(n as u32));
        }
        for (n, t) in texts.iter().enumerate() {
            assert_eq!(names.intern(t), Some(n as u32));
            assert_eq!(names.find(t), Some(n as u32));
            assert_eq!(names.text(n as u32), t);
        }
        assert_eq!(names.find("del-30000"), None);
        assert_eq!(names.text(1 << 30), "");
    }

    #[test]
    fn names_are_positions_in_a_final_id_set_or_their_own() {
        let mut ids = IdSet::new("mtg-");
        let at = FirstSeen { file: 0, line: 1 };
        for id in ["mtg-1", "mtg-2", "x", &format!("mtg-{}", "y".repeat(300))] {
            ids.insert(id, at).expect("new id");
        }
        let long = format!("mtg-{}", "y".repeat(300));
        let mut names = Names::new(Some(Arc::new(ids)));
        let keys: Vec<u32> = ["mtg-1", "mtg-2", "x", &long, "mtg-3", "mtg-1", "mtg-3"]
            .iter()
            .map(|t| names.key(t).expect("a key"))
            .collect();
        // Known ids by position, the long one and the unknown one of its own; equal texts,
        // equal keys; different texts, different keys.
        assert_eq!(keys[0], keys[5]);
        assert_eq!(keys[4], keys[6]);
        let mut distinct = keys[..5].to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), 5);
        assert!(keys[..3].iter().all(|k| k & OWN == 0));
        assert!(keys[3] & OWN != 0 && keys[4] & OWN != 0);
        for (key, text) in keys.iter().zip(["mtg-1", "mtg-2", "x", &long, "mtg-3"]) {
            assert_eq!(names.text(*key), text);
        }
        let mut alone = Names::new(None);
        assert_eq!(alone.key("mtg-1"), Some(OWN));
        assert_eq!(alone.text(OWN), "mtg-1");
    }

    #[test]
    fn triples_come_back_in_order() {
        let loc = |line: u64, field: Cow<'static, str>| Loc {
            file: 1,
            table: Table::Meetings,
            line,
            column: 3,
            record: line - 1,
            offset: line * 40,
            len: 5,
            field,
        };
        let mut rows = Triples::default();
        assert_eq!(rows.iter(Table::Meetings, "follows_id").count(), 0);
        rows.push("mtg-1", "mtg-0", &loc(2, Cow::Borrowed("follows_id")));
        rows.push(
            "",
            "mtg-1",
            &loc(3, Cow::Owned("/meetings/1/follows_id".into())),
        );
        let back: Vec<_> = rows.iter(Table::Meetings, "follows_id").collect();
        assert_eq!(
            back,
            [
                ("mtg-1", "mtg-0", loc(2, Cow::Borrowed("follows_id"))),
                (
                    "",
                    "mtg-1",
                    loc(3, Cow::Owned("/meetings/1/follows_id".into()))
                )
            ]
        );
    }
    #[test]
    fn pairs_and_heads_are_exact() {
        let mut officials = IdSet::new("off-");
        for i in 0..1000 {
            officials
                .insert(
                    &format!("off-{i}"),
                    FirstSeen {
                        file: 0,
                        line: i + 2,
                    },
                )
                .expect("new id");
        }
        let officials = Arc::new(officials);
        let mut pairs = Pairs::new(None, Some(officials.clone()));
        pairs.reserve(10);
        assert!(pairs.insert("del-1", "off-1"));
        assert!(pairs.insert("del-1", "off-2"));
        assert!(pairs.insert("del-2", "off-1"));
        assert!(pairs.insert("del-1", "off-x"));
        assert!(!pairs.insert("del-1", "off-1"));
        assert!(!pairs.insert("del-1", "off-x"));
        let mut heads = Heads::new(None, Some(officials));
        let key = heads.key("mtg-1", "off-7").expect("a key");
        assert_eq!(heads.get(key), None);
        heads.insert(key, "AZ", "del-1");
        heads.insert(key, "TR", "del-2");
        assert_eq!(heads.get(key), Some(("AZ", "del-1")));
        assert_eq!(heads.key("mtg-1", "off-7"), Some(key));
        assert_ne!(heads.key("mtg-2", "off-7"), Some(key));
    }
}
