//! Compact, exact sets of ids: the one part of the package state that grows with the data.
//!
//! An id is kept in an arena of 1 MiB chunks without its table's prefix, which every
//! well-formed id repeats: as a number (a varint) when the rest is a decimal number written
//! the one way (`off-1024`, not `off-01024`), else as its bytes; then how many lines after
//! the id before it it was read; a mark every 256 ids and at each change of file gives the file and line to count
//! from, for the `key.duplicate` message. The ids are found through an open-addressing table
//! (linear probing) of 4-byte slots, each a hash tag and an arena position side by side (one
//! cache miss finds both; the position takes the bits the arena needs, the tag the rest:
//! 11 bits for 1 MiB of ids, 9 for 8 MiB), kept at most 85% full at any size (not only
//! powers of two). A typical id costs about 10 bytes, against more than 100 as a `String`
//! key with its position.

use std::hash::BuildHasher;

use hashbrown::DefaultHashBuilder;

const CHUNK_BITS: u32 = 20;
const CHUNK: usize = 1 << CHUNK_BITS;
/// Marks an id stored whole (it lacks its table's prefix); never a byte of UTF-8 text.
const WHOLE: u8 = 0xFF;
/// The longest key kept as text in the arena (its length byte stays below [`NUMBER`]).
const TEXT_MAX: usize = 0xBF;
/// A length byte at or above this marks an id kept as a number `n`: the byte is `NUMBER` +
/// the low 6 bits of `n`, a varint of the rest follows (`off-999999` takes 3 bytes).
const NUMBER: u8 = 0xC0;
/// Ids between two marks, at most.
const MARK_EVERY: u32 = 256;
/// The table is grown past this share of its slots (in hundredths).
const MAX_LOAD: usize = 85;

/// A slot of the table: 0 when empty, else a tag from the hash of its id in the bits above
/// [`IdSet::pos_bits`] and the id's arena position + 1 in those bits.
type Slot = u32;

/// The low `bits` bits set.
fn mask(bits: u32) -> u32 {
    1u32.checked_shl(bits).map_or(u32::MAX, |b| b - 1)
}

/// Whether `a` and `b` hold the same bytes, compared in place: ids are short, and a call to
/// `memcmp` for each (several a row) showed as a hot spot.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// How an id is kept: the number its rest spells, or its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key<'a> {
    Text(&'a [u8]),
    Number(u64),
}

impl Key<'_> {
    /// Whether the key is kept apart (bytes too many for the length byte).
    fn too_long(&self) -> bool {
        matches!(self, Key::Text(t) if t.len() > TEXT_MAX)
    }

    /// Bytes the key takes in the arena, its length byte or mark included.
    fn stored_len(&self) -> usize {
        match self {
            Key::Text(t) => 1 + t.len(),
            Key::Number(n) => 1 + varint_len(*n >> 6),
        }
    }
}

/// `rest` of an id as a key: a number when it is one written the one way (ASCII digits, no
/// leading zero, at most 19 of them, so it fits in a `u64`), else its bytes. Each text has
/// one key and each key one text, so the set stays exact.
fn key_of(rest: &[u8]) -> Key<'_> {
    let numeric = !rest.is_empty()
        && rest.len() <= 19
        && (rest.len() == 1 || rest.first() != Some(&b'0'))
        && rest.iter().all(u8::is_ascii_digit);
    if !numeric {
        return Key::Text(rest);
    }
    Key::Number(rest.iter().fold(0u64, |n, b| n * 10 + u64::from(b - b'0')))
}

/// `id` without `prefix`, when it starts with it ([`str::strip_prefix`], compared in place).
fn strip<'a>(id: &'a str, prefix: &str) -> Option<&'a str> {
    let starts = same(id.as_bytes().get(..prefix.len())?, prefix.as_bytes());
    if starts { id.get(prefix.len()..) } else { None }
}

/// Where an id was first read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FirstSeen {
    /// Index of the file in the run's files.
    pub file: u32,
    /// 1-based line.
    pub line: u64,
}

/// The file and line of the id at arena position `at`; the ids after it, up to the next mark,
/// count their lines from it.
#[derive(Debug, Clone, Copy)]
struct Mark {
    at: u32,
    first: FirstSeen,
}

/// A set of ids of one table with where each was first read.
#[derive(Clone)]
pub(crate) struct IdSet {
    prefix: &'static str,
    chunks: Vec<Vec<u8>>,
    /// The table (see [`Slot`]).
    slots: Vec<Slot>,
    /// Bits of a slot that hold an arena position + 1: enough for every chunk made (widened
    /// in place as chunks come); the others hold the tag.
    pos_bits: u32,
    /// Ids in the table.
    used: usize,
    hasher: DefaultHashBuilder,
    marks: Vec<Mark>,
    /// Ids added since the last mark, and where the last id was read.
    since_mark: u32,
    last: FirstSeen,
    /// Ids too long for the arena (more than 191 bytes), and those past 4 GiB of ids, kept as
    /// they are.
    long: hashbrown::HashMap<Box<str>, FirstSeen>,
}

impl IdSet {
    pub fn new(prefix: &'static str) -> IdSet {
        IdSet {
            prefix,
            chunks: Vec::new(),
            slots: Vec::new(),
            pos_bits: CHUNK_BITS + 1,
            used: 0,
            hasher: DefaultHashBuilder::default(),
            marks: Vec::new(),
            since_mark: 0,
            last: FirstSeen { file: 0, line: 0 },
            long: hashbrown::HashMap::new(),
        }
    }

    /// Makes room for `more` ids at once (a hint: it gives up quietly when memory is short,
    /// and the set then grows as ids come).
    pub fn reserve(&mut self, more: usize) {
        let want = self.used.saturating_add(more);
        let slots = want.saturating_mul(100) / MAX_LOAD + 1;
        if slots > self.slots.len() {
            let _ = self.rebuild(slots);
        }
        // Ids enough to fill a chunk: the first one is made whole at once too.
        if self.chunks.is_empty() && more >= CHUNK / 8 {
            let mut chunk = Vec::new();
            let _ = chunk.try_reserve_exact(CHUNK);
            self.chunks.push(chunk);
        }
    }

    /// Bytes the set holds on the heap (what it has room for, not only what it uses).
    pub fn heap_bytes(&self) -> usize {
        let chunks: usize = self.chunks.iter().map(Vec::capacity).sum();
        let long: usize = self.long.keys().map(|k| k.len() + 48).sum();
        chunks
            + self.slots.capacity() * std::mem::size_of::<Slot>()
            + self.marks.capacity() * std::mem::size_of::<Mark>()
            + long
    }

    pub fn len(&self) -> usize {
        self.used + self.long.len()
    }

    /// The stored form of `id`: without the prefix (a number when it is one), or marked
    /// whole.
    fn key<'a>(&self, id: &'a str, buf: &'a mut Vec<u8>) -> Key<'a> {
        match strip(id, self.prefix) {
            Some(rest) if !self.prefix.is_empty() => key_of(rest.as_bytes()),
            _ => {
                buf.clear();
                buf.push(WHOLE);
                buf.extend_from_slice(id.as_bytes());
                Key::Text(buf)
            }
        }
    }

    fn hash(&self, key: Key<'_>) -> u64 {
        match key {
            Key::Text(t) => self.hasher.hash_one(t),
            Key::Number(n) => self.hasher.hash_one(n),
        }
    }

    /// The id at arena position `at`, and the bytes after it.
    fn entry(chunks: &[Vec<u8>], at: u32) -> (Key<'_>, &[u8]) {
        let chunk = chunks
            .get((at >> CHUNK_BITS) as usize)
            .map_or(&[][..], Vec::as_slice);
        let start = (at as usize) & (CHUNK - 1);
        let mut rest = chunk.get(start + 1..).unwrap_or_default();
        match chunk.get(start).copied() {
            Some(b) if b >= NUMBER => {
                let n = u64::from(b - NUMBER) | (read_varint(&mut rest) << 6);
                (Key::Number(n), rest)
            }
            len => {
                let (key, rest) = rest.split_at((len.unwrap_or(0) as usize).min(rest.len()));
                (Key::Text(key), rest)
            }
        }
    }

    /// The id kept as `key`.
    fn id_of(&self, key: Key<'_>) -> String {
        match key {
            Key::Number(n) => format!("{}{n}", self.prefix),
            Key::Text(t) => match t.split_first() {
                Some((&WHOLE, whole)) => String::from_utf8_lossy(whole).into_owned(),
                _ => format!("{}{}", self.prefix, String::from_utf8_lossy(t)),
            },
        }
    }

    /// The first slot to probe for `hash` in a table of `slots` slots (from the hash's high
    /// bits).
    fn home(hash: u64, slots: usize) -> usize {
        ((u128::from(hash) * slots as u128) >> 64) as usize
    }

    /// The tag of `hash` (from its low bits), as a slot holds it above its position.
    fn tag(&self, hash: u64) -> u32 {
        (hash as u32) & mask(32 - self.pos_bits)
    }

    fn slot(&self, tag: u32, at: u32) -> Slot {
        tag.checked_shl(self.pos_bits).unwrap_or(0) | (at.wrapping_add(1) & mask(self.pos_bits))
    }

    fn slot_tag(&self, s: Slot) -> u32 {
        s.checked_shr(self.pos_bits).unwrap_or(0)
    }

    fn slot_at(&self, s: Slot) -> u32 {
        (s & mask(self.pos_bits)).wrapping_sub(1)
    }

    /// Gives positions one bit more and tags one less, in place (a slot's home does not
    /// change): for when a new chunk's positions would not fit.
    fn widen(&mut self) {
        let pos_bits = self.pos_bits;
        let tag_bits = 32 - pos_bits;
        for s in self.slots.iter_mut().filter(|s| **s != 0) {
            let tag = s.checked_shr(pos_bits).unwrap_or(0) & mask(tag_bits.saturating_sub(1));
            let at = *s & mask(pos_bits);
            *s = tag.checked_shl(pos_bits + 1).unwrap_or(0) | at;
        }
        self.pos_bits += 1;
    }

    /// The slot holding `key`, or the empty slot where it would go.
    fn probe(&self, key: Key<'_>, hash: u64) -> Result<usize, usize> {
        let n = self.slots.len();
        if n == 0 {
            return Err(0);
        }
        let (mut i, tag) = (Self::home(hash, n), self.tag(hash));
        // The table is never full, so an empty slot ends the search.
        for _ in 0..n {
            match self.slots.get(i).copied() {
                None | Some(0) => return Err(i),
                Some(s) if self.slot_tag(s) == tag => {
                    let found = match (Self::entry(&self.chunks, self.slot_at(s)).0, key) {
                        (Key::Text(a), Key::Text(b)) => same(a, b),
                        (Key::Number(a), Key::Number(b)) => a == b,
                        _ => false,
                    };
                    if found {
                        return Ok(i);
                    }
                }
                Some(_) => {}
            }
            i += 1;
            if i == n {
                i = 0;
            }
        }
        Err(n)
    }

    /// Moves the ids into a table of `slots` slots; false when memory is short.
    fn rebuild(&mut self, slots: usize) -> bool {
        let slots = slots.max(16);
        let mut table: Vec<Slot> = Vec::new();
        if table.try_reserve_exact(slots).is_err() {
            return false;
        }
        table.resize(slots, 0);
        for s in self.slots.iter().copied().filter(|s| *s != 0) {
            let at = self.slot_at(s);
            let hash = self.hash(Self::entry(&self.chunks, at).0);
            let mut i = Self::home(hash, slots);
            while table.get(i).is_some_and(|t| *t != 0) {
                i = if i + 1 == slots { 0 } else { i + 1 };
            }
            if let Some(t) = table.get_mut(i) {
                // The same tag and position: only the home moves.
                *t = s;
            }
        }
        self.slots = table;
        true
    }

    /// Where the id at arena position `at` was read.
    fn first_at(&self, at: u32) -> FirstSeen {
        let mark = self.marks.partition_point(|m| m.at <= at);
        let Some(mark) = mark.checked_sub(1).and_then(|m| self.marks.get(m)) else {
            return FirstSeen { file: 0, line: 0 };
        };
        let (mut pos, mut line) = (mark.at, mark.first.line);
        for _ in 0..MARK_EVERY {
            if pos >= at {
                break;
            }
            // The next id: after this one in its chunk, or at the start of the next chunk.
            let mut after = Self::entry(&self.chunks, pos).1;
            read_varint(&mut after);
            let chunk_len = self
                .chunks
                .get((pos >> CHUNK_BITS) as usize)
                .map_or(0, Vec::len);
            // `after` ends the chunk: what is left of it says where the next entry starts.
            let end = chunk_len - after.len();
            pos = if end >= chunk_len {
                ((pos >> CHUNK_BITS) + 1) << CHUNK_BITS
            } else {
                ((pos >> CHUNK_BITS) << CHUNK_BITS) | end as u32
            };
            let mut delta = Self::entry(&self.chunks, pos).1;
            line = line.saturating_add(read_varint(&mut delta));
        }
        FirstSeen {
            file: mark.first.file,
            line,
        }
    }

    /// Brings into the cache what searches for `ids` will read: the slots where they start,
    /// then the arena entry of the first slot whose tag matches. Many ids are warmed at once
    /// so that their cache misses overlap: the homes are worked out first, then read in
    /// tight loops of independent loads (plain loads, folded into one value the optimizer
    /// must keep), so the processor has many misses in flight instead of a few.
    /// `homes` is scratch room, reused from call to call.
    pub fn prefetch<'a>(&self, ids: impl Iterator<Item = &'a str>, homes: &mut Vec<(usize, u32)>) {
        let n = self.slots.len();
        homes.clear();
        if n == 0 || self.prefix.is_empty() {
            return;
        }
        homes.extend(ids.filter_map(|id| {
            let key = key_of(strip(id, self.prefix)?.as_bytes());
            (!key.too_long()).then(|| {
                let hash = self.hash(key);
                (Self::home(hash, n), self.tag(hash))
            })
        }));
        let mut folded = 0u32;
        for (i, _) in homes.iter() {
            folded ^= self.slots.get(*i).copied().unwrap_or(0);
        }
        std::hint::black_box(folded);
        // The slots are cached now: find each id's candidate, a few slots on at most.
        let mut at = Vec::with_capacity(homes.len());
        for (home, tag) in homes.iter() {
            let found = self
                .slots
                .iter()
                .skip(*home)
                .take(8)
                .take_while(|s| **s != 0)
                .find(|s| self.slot_tag(**s) == *tag);
            if let Some(s) = found {
                at.push(self.slot_at(*s));
            }
        }
        for a in &at {
            folded ^= u32::from(Self::entry_byte(&self.chunks, *a));
        }
        std::hint::black_box(folded);
    }

    /// The first byte of the arena entry at `at` (0 past the end).
    fn entry_byte(chunks: &[Vec<u8>], at: u32) -> u8 {
        chunks
            .get((at >> CHUNK_BITS) as usize)
            .and_then(|c| c.get((at as usize) & (CHUNK - 1)))
            .copied()
            .unwrap_or(0)
    }

    /// Whether `id` is in the set.
    pub fn contains(&self, id: &str) -> bool {
        let mut buf = Vec::new();
        let key = self.key(id, &mut buf);
        if key.too_long() {
            return self.long.contains_key(id);
        }
        self.probe(key, self.hash(key)).is_ok()
            || (!self.long.is_empty() && self.long.contains_key(id))
    }

    /// The arena position of `id`: the same for as long as the set lives, and for no other
    /// id. `None` when `id` is not in, or is kept apart (longer than 191 bytes, past 4 GiB).
    pub fn position(&self, id: &str) -> Option<u32> {
        let mut buf = Vec::new();
        let key = self.key(id, &mut buf);
        if key.too_long() {
            return None;
        }
        let i = self.probe(key, self.hash(key)).ok()?;
        self.slots.get(i).map(|s| self.slot_at(*s))
    }

    /// Where `id` was first read, when it is in the set.
    pub fn first_seen(&self, id: &str) -> Option<FirstSeen> {
        match self.position(id) {
            Some(at) => Some(self.first_at(at)),
            None => self.long.get(id).copied(),
        }
    }

    /// The id at arena position `at` (from [`IdSet::position`]).
    pub fn id_at(&self, at: u32) -> String {
        self.id_of(Self::entry(&self.chunks, at).0)
    }

    /// Adds `id` first read at `first`; gives where it was first read when it is already in.
    pub fn insert(&mut self, id: &str, first: FirstSeen) -> Result<(), FirstSeen> {
        let mut buf = Vec::new();
        let key = self.key(id, &mut buf);
        if key.too_long() {
            return self.insert_long(id, first);
        }
        let hash = self.hash(key);
        // Room first (a step early when the id turns out to be in), so one probe serves.
        if (self.used + 1) * 100 > self.slots.len() * MAX_LOAD {
            let grown = (self.slots.len() * 3 / 2).max((self.used + 1) * 100 / MAX_LOAD + 1);
            if !self.rebuild(grown) {
                return self.insert_long(id, first);
            }
        }
        let slot = match self.probe(key, hash) {
            Ok(i) => {
                let at = self.slots.get(i).map_or(0, |s| self.slot_at(*s));
                return Err(self.first_at(at));
            }
            Err(slot) => slot,
        };
        if let Some(f) = self.long.get(id) {
            return Err(*f);
        }
        let last = self.last;
        let mark = self.marks.is_empty()
            || self.since_mark >= MARK_EVERY
            || first.file != last.file
            || first.line < last.line;
        let delta = if mark { 0 } else { first.line - last.line };
        // Length byte and bytes, or mark and number; then the delta as a varint (at most 10
        // bytes).
        let entry_len = key.stored_len() + varint_len(delta);
        let fits = self
            .chunks
            .last()
            .is_some_and(|c| c.len() + entry_len <= CHUNK);
        if !fits {
            if self.chunks.len() >= (1usize << (32 - CHUNK_BITS)) - 1 {
                // Past 4 GiB of ids: keep the rest as plain strings.
                return self.insert_long(id, first);
            }
            // Room in the slots for the new chunk's positions (+ 1).
            while ((self.chunks.len() as u64 + 1) << CHUNK_BITS) > u64::from(mask(self.pos_bits)) {
                self.widen();
            }
            // The first chunk grows as ids come (a small table does not hold a whole chunk);
            // the next ones are made whole at once: a chunk grown step by step leaves each
            // smaller copy behind as a hole in the heap.
            let chunk = match self.chunks.is_empty() {
                true => Vec::new(),
                false => {
                    let mut chunk = Vec::new();
                    let _ = chunk.try_reserve_exact(CHUNK);
                    chunk
                }
            };
            self.chunks.push(chunk);
        }
        let index = self.chunks.len() - 1;
        let Some(chunk) = self.chunks.last_mut() else {
            return self.insert_long(id, first);
        };
        let at = ((index as u32) << CHUNK_BITS) | chunk.len() as u32;
        match key {
            Key::Text(t) => {
                chunk.push(t.len() as u8);
                chunk.extend_from_slice(t);
            }
            Key::Number(n) => {
                chunk.push(NUMBER | (n & 0x3F) as u8);
                write_varint(chunk, n >> 6);
            }
        }
        write_varint(chunk, delta);
        if mark {
            self.marks.push(Mark { at, first });
            self.since_mark = 0;
        }
        self.since_mark += 1;
        self.last = first;
        let new = self.slot(self.tag(hash), at);
        match self.slots.get_mut(slot) {
            Some(s) => {
                *s = new;
                self.used += 1;
                Ok(())
            }
            // Not reached: the table always has empty slots.
            _ => self.insert_long(id, first),
        }
    }

    fn insert_long(&mut self, id: &str, first: FirstSeen) -> Result<(), FirstSeen> {
        match self.long.get(id) {
            Some(f) => Err(*f),
            None => {
                self.long.insert(id.into(), first);
                Ok(())
            }
        }
    }

    /// Every id of the set (for a "did you mean" hint, only when a finding needs one).
    pub fn ids(&self) -> impl Iterator<Item = String> + '_ {
        let chunks = &self.chunks;
        self.slots
            .iter()
            .filter(|s| **s != 0)
            .map(move |s| self.id_of(Self::entry(chunks, self.slot_at(*s)).0))
            .chain(self.long.keys().map(|k| k.to_string()))
    }
}

/// The bytes [`write_varint`] writes for `n`.
fn varint_len(n: u64) -> usize {
    (64 - n.leading_zeros() as usize).max(1).div_ceil(7)
}

pub(crate) fn write_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

pub(crate) fn read_varint(bytes: &mut &[u8]) -> u64 {
    let mut n = 0u64;
    let mut shift = 0;
    while let Some((&b, rest)) = bytes.split_first() {
        *bytes = rest;
        if shift < 64 {
            n |= u64::from(b & 0x7F) << shift;
        }
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_len_is_what_write_varint_writes() {
        for n in [
            0,
            1,
            127,
            128,
            16_383,
            16_384,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            let mut out = Vec::new();
            write_varint(&mut out, n);
            assert_eq!(varint_len(n), out.len(), "{n}");
            assert_eq!(read_varint(&mut out.as_slice()), n);
        }
    }

    #[test]
    fn ids_are_exact_with_or_without_prefix() {
        let mut set = IdSet::new("off-");
        let at = |line| FirstSeen { file: 2, line };
        assert_eq!(set.insert("off-a", at(1)), Ok(()));
        assert_eq!(set.insert("a", at(2)), Ok(()));
        assert_eq!(set.insert("off-a", at(3)), Err(at(1)));
        let long = format!("off-{}", "x".repeat(300));
        assert_eq!(set.insert(&long, at(4)), Ok(()));
        assert_eq!(set.insert(&long, at(5)), Err(at(4)));
        for i in 0..200_000u64 {
            assert_eq!(set.insert(&format!("off-{i}"), at(i + 10)), Ok(()));
        }
        assert_eq!(set.insert("off-199999", at(1)), Err(at(200_009)));
        assert!(set.contains("off-a") && set.contains("a") && !set.contains("off-b"));
        assert!(!set.contains("x") && set.contains(&long));
        assert_eq!(set.len(), 200_003);
        let mut ids: Vec<String> = set.ids().filter(|i| i.len() < 6).collect();
        ids.sort();
        assert_eq!(ids[..3], ["a", "off-0", "off-1"]);
    }

    #[test]
    fn numbers_and_texts_that_look_alike_stay_apart() {
        let mut set = IdSet::new("off-");
        let ids = [
            "off-0",
            "off-00",
            "off-7",
            "off-007",
            "off-07a",
            "off-",
            "off-9999999999999999999",
            "off-18446744073709551615",
            "off-99999999999999999999",
            "7",
            "off-١٢",
        ];
        for (line, id) in ids.iter().enumerate() {
            let at = FirstSeen {
                file: 1,
                line: line as u64 + 2,
            };
            assert_eq!(set.insert(id, at), Ok(()), "{id}");
        }
        for (line, id) in ids.iter().enumerate() {
            let first = FirstSeen {
                file: 1,
                line: line as u64 + 2,
            };
            assert_eq!(set.insert(id, FirstSeen { file: 3, line: 1 }), Err(first));
            let at = set.position(id).expect("kept in the arena");
            assert_eq!(set.id_at(at), *id);
        }
        assert!(!set.contains("off-1") && !set.contains("off-000") && !set.contains("off-70"));
        let mut all: Vec<String> = set.ids().collect();
        all.sort();
        let mut want: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
        want.sort();
        assert_eq!(all, want);
        // A number takes its varint, not its digits.
        assert_eq!(key_of(b"1024"), Key::Number(1024));
        assert_eq!(key_of(b"01024"), Key::Text(b"01024"));
        assert_eq!(Key::Number(1_000_000).stored_len(), 3);
        assert_eq!(Key::Number(63).stored_len(), 2);
    }

    #[test]
    fn slots_widen_their_positions_as_chunks_come() {
        // 100,000 ids of about 100 bytes: 10 chunks, so the positions take 25 bits of a slot
        // in the end, and every id found before stays found after each widening.
        let mut set = IdSet::new("org-");
        let pad = "y".repeat(90);
        let at = |line| FirstSeen { file: 0, line };
        for i in 0..100_000u64 {
            assert_eq!(set.insert(&format!("org-{pad}{i}"), at(i + 2)), Ok(()));
        }
        assert!(
            set.chunks.len() >= 9 && set.pos_bits >= 24,
            "{}",
            set.pos_bits
        );
        for i in (0..100_000u64).step_by(7) {
            let id = format!("org-{pad}{i}");
            assert_eq!(set.insert(&id, at(1)), Err(at(i + 2)));
            let p = set.position(&id).expect("in the arena");
            assert_eq!(set.id_at(p), id);
        }
        assert!(!set.contains(&format!("org-{pad}100000")));
        assert_eq!(set.ids().count(), 100_000);
    }

    #[test]
    fn a_duplicate_names_the_exact_file_and_line_of_the_first() {
        // Lines that grow by uneven steps, files that change, ids of varied lengths: the
        // lines are counted from marks across arena chunks.
        let mut set = IdSet::new("mtg-");
        let mut want = Vec::new();
        let mut line = 1u64;
        for i in 0..300_000u64 {
            line += 1 + (i * 7919) % 5;
            let file = (i / 70_000) as u32;
            let id = format!("mtg-{}{}", "x".repeat((i % 13) as usize), i);
            let at = FirstSeen { file, line };
            assert_eq!(set.insert(&id, at), Ok(()));
            want.push((id, at));
        }
        set.reserve(1_000_000);
        for (id, at) in want.iter().step_by(997).chain(want.last()) {
            assert_eq!(
                set.insert(id, FirstSeen { file: 9, line: 1 }),
                Err(*at),
                "{id}"
            );
            assert!(set.contains(id));
        }
        assert!(!set.contains("mtg-x") && !set.contains("mtg-300000"));
        assert_eq!(set.len(), 300_000);
    }
}
