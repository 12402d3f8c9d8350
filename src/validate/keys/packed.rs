//! Values the package checks keep until later (a delegation's head, a reference whose target
//! is not read yet), packed one after the other in a byte string: texts with their length,
//! numbers as varints. A kept [`Loc`] costs about 12 bytes this way, against some 80 as a
//! struct, and a kept row needs no allocation of its own.

use std::borrow::Cow;

use super::id_set::{read_varint, write_varint};
use crate::model::Table;
use crate::validate::located::Loc;

/// A byte string of packed values, appended to and read back by offset.
#[derive(Default)]
pub(crate) struct PackedBytes {
    bytes: Vec<u8>,
}

impl PackedBytes {
    /// Bytes held on the heap.
    pub fn heap_bytes(&self) -> usize {
        self.bytes.capacity()
    }

    /// Makes room for `more` bytes at once (a hint).
    pub fn reserve(&mut self, more: usize) {
        let _ = self.bytes.try_reserve_exact(more);
    }

    /// Gives back the room not used.
    pub fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
    }
}

/// What [`PackedBytes::put_loc_after`] counts the next place's steps from: the line, record
/// and offset of the place kept before it (all 0 before the first).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Steps {
    line: u64,
    record: u64,
    offset: u64,
}

impl Steps {
    fn of(loc: &Loc) -> Steps {
        Steps {
            line: loc.line,
            record: loc.record,
            offset: loc.offset,
        }
    }
}

/// `n - from` as an unsigned number, small when `n` is near `from` either way (zigzag).
fn zigzag(n: u64, from: u64) -> u64 {
    let step = n.wrapping_sub(from) as i64;
    ((step << 1) ^ (step >> 63)) as u64
}

/// The `n` that [`zigzag`] gave `z` for from `from`.
fn unzigzag(z: u64, from: u64) -> u64 {
    let step = ((z >> 1) as i64) ^ -((z & 1) as i64);
    from.wrapping_add(step as u64)
}

/// Reads values back from a [`PackedBytes`], from an offset on.
pub(crate) struct Reader<'k> {
    rest: &'k [u8],
}

impl PackedBytes {
    /// Where the next value goes.
    pub fn end(&self) -> u64 {
        self.bytes.len() as u64
    }

    pub fn put_str(&mut self, text: &str) -> &mut PackedBytes {
        write_varint(&mut self.bytes, text.len() as u64);
        self.bytes.extend_from_slice(text.as_bytes());
        self
    }

    pub fn put_u64(&mut self, n: u64) -> &mut PackedBytes {
        write_varint(&mut self.bytes, n);
        self
    }

    /// Keeps `loc`; its table and a field named by a static name are given back by the reader.
    pub fn put_loc(&mut self, loc: &Loc) -> &mut PackedBytes {
        self.put_loc_after(loc, &mut Steps::default())
    }

    /// Keeps `loc`, its line, record and offset as the (signed) steps from `steps`, the place
    /// kept just before it (a few bytes, not a dozen, for rows read in order), which becomes
    /// `loc`'s; read back by [`Reader::loc_after`] from the same first `steps`.
    pub fn put_loc_after(&mut self, loc: &Loc, steps: &mut Steps) -> &mut PackedBytes {
        let Steps {
            line,
            record,
            offset,
        } = std::mem::replace(steps, Steps::of(loc));
        for n in [
            u64::from(loc.file),
            zigzag(loc.line, line),
            loc.column,
            zigzag(loc.record, record),
            zigzag(loc.offset, offset),
            u64::from(loc.len),
        ] {
            write_varint(&mut self.bytes, n);
        }
        match &loc.field {
            Cow::Borrowed(_) => self.bytes.push(0),
            Cow::Owned(pointer) => {
                self.bytes.push(1);
                self.put_str(pointer);
            }
        }
        self
    }

    /// Reads from `at` on.
    pub fn at(&self, at: u64) -> Reader<'_> {
        let rest = usize::try_from(at)
            .ok()
            .and_then(|at| self.bytes.get(at..))
            .unwrap_or_default();
        Reader { rest }
    }
}

impl<'k> Reader<'k> {
    pub fn str(&mut self) -> &'k str {
        let len = usize::try_from(read_varint(&mut self.rest)).unwrap_or(usize::MAX);
        let (text, rest) = self.rest.split_at(len.min(self.rest.len()));
        self.rest = rest;
        // Only whole `&str`s are put in.
        std::str::from_utf8(text).unwrap_or_default()
    }

    pub fn u64(&mut self) -> u64 {
        read_varint(&mut self.rest)
    }

    /// A [`Loc`] of `table`; `field` names it unless a JSON Pointer was kept.
    pub fn loc(&mut self, table: Table, field: &'static str) -> Loc {
        self.loc_after(table, field, &mut Steps::default())
    }

    /// A [`Loc`] kept by [`PackedBytes::put_loc_after`] after `steps` (which becomes its).
    pub fn loc_after(&mut self, table: Table, field: &'static str, steps: &mut Steps) -> Loc {
        let Steps {
            line: b_line,
            record: b_record,
            offset: b_offset,
        } = *steps;
        let file = u32::try_from(self.u64()).unwrap_or(u32::MAX);
        let line = unzigzag(self.u64(), b_line);
        let column = self.u64();
        let record = unzigzag(self.u64(), b_record);
        let offset = unzigzag(self.u64(), b_offset);
        let len = u32::try_from(self.u64()).unwrap_or(u32::MAX);
        let field = match self.rest.split_first() {
            Some((1, rest)) => {
                self.rest = rest;
                Cow::Owned(self.str().to_owned())
            }
            Some((_, rest)) => {
                self.rest = rest;
                Cow::Borrowed(field)
            }
            None => Cow::Borrowed(field),
        };
        let loc = Loc {
            file,
            table,
            line,
            column,
            record,
            offset,
            len,
            field,
        };
        *steps = Steps::of(&loc);
        loc
    }
}

/// A map from text (an id) to a small value, its keys kept packed in a [`PackedBytes`]: about 30
/// bytes an entry, against some 70 with a boxed `str` key.
pub(crate) struct TextMap<V> {
    keys: PackedBytes,
    table: hashbrown::HashTable<(u64, V)>,
    hasher: hashbrown::DefaultHashBuilder,
}

impl<V> TextMap<V> {
    /// Bytes held on the heap (the keys, and the table's room with its control bytes).
    pub fn heap_bytes(&self) -> usize {
        self.keys.heap_bytes() + self.table.capacity() * (std::mem::size_of::<(u64, V)>() + 1)
    }
}

impl<V: Copy> Default for TextMap<V> {
    fn default() -> Self {
        TextMap {
            keys: PackedBytes::default(),
            table: hashbrown::HashTable::new(),
            hasher: hashbrown::DefaultHashBuilder::default(),
        }
    }
}

impl<V: Copy> TextMap<V> {
    /// Sets the value of `key` (replacing the one it had).
    pub fn insert(&mut self, key: &str, value: V) {
        use std::hash::BuildHasher;
        let hash = self.hasher.hash_one(key);
        let (keys, hasher) = (&self.keys, &self.hasher);
        match self.table.entry(
            hash,
            |(at, _)| keys.at(*at).str() == key,
            |(at, _)| hasher.hash_one(keys.at(*at).str()),
        ) {
            hashbrown::hash_table::Entry::Occupied(mut e) => e.get_mut().1 = value,
            hashbrown::hash_table::Entry::Vacant(e) => {
                let at = self.keys.end();
                // The key is put in after the table is done with `keys`.
                e.insert((at, value));
                self.keys.put_str(key);
            }
        }
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<V> {
        use std::hash::BuildHasher;
        let hash = self.hasher.hash_one(key);
        self.table
            .find(hash, |(at, _)| self.keys.at(*at).str() == key)
            .map(|(_, v)| *v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locs_kept_as_steps_come_back_whole() {
        let at = |file, line, record, offset| Loc {
            file,
            table: Table::Meetings,
            line,
            column: 3,
            record,
            offset,
            len: 9,
            field: Cow::Borrowed("follows_id"),
        };
        // Forward, backward (a second file), far, and a JSON Pointer.
        let locs = [
            at(0, 2, 1, 40),
            at(0, 3, 2, 95),
            at(1, 2, 1, 12),
            at(1, u64::MAX, u64::MAX, u64::MAX),
            Loc {
                field: Cow::Owned("/3/follows_id".into()),
                ..at(2, 5, 3, 0)
            },
        ];
        let mut kept = PackedBytes::default();
        let mut steps = Steps::default();
        for loc in &locs {
            kept.put_loc_after(loc, &mut steps);
        }
        assert!(kept.end() < 60, "{} bytes", kept.end());
        let mut r = kept.at(0);
        let mut steps = Steps::default();
        for loc in &locs {
            assert_eq!(&r.loc_after(Table::Meetings, "follows_id", &mut steps), loc);
        }
    }

    #[test]
    fn values_come_back_as_they_were_put() {
        let loc = |field: Cow<'static, str>| Loc {
            file: 3,
            table: Table::Delegations,
            line: 1 << 40,
            column: 7,
            record: 99,
            offset: u64::MAX,
            len: 12,
            field,
        };
        let mut kept = PackedBytes::default();
        let first = kept.end();
        kept.put_str("del-1")
            .put_loc(&loc(Cow::Borrowed("head_official_id")))
            .put_u64(5);
        let second = kept.end();
        kept.put_str("")
            .put_loc(&loc(Cow::Owned("/delegations/0/head_official_id".into())));
        let mut r = kept.at(first);
        assert_eq!(r.str(), "del-1");
        assert_eq!(
            r.loc(Table::Delegations, "head_official_id"),
            loc(Cow::Borrowed("head_official_id"))
        );
        assert_eq!(r.u64(), 5);
        let mut r = kept.at(second);
        assert_eq!(r.str(), "");
        assert_eq!(
            r.loc(Table::Delegations, "x"),
            loc(Cow::Owned("/delegations/0/head_official_id".into()))
        );
        // Reading past the end gives empty values, never a panic.
        let mut map = TextMap::default();
        for i in 0..10_000u32 {
            map.insert(&format!("mtg-{i}"), i);
        }
        map.insert("mtg-7", 70);
        assert_eq!(
            (map.get("mtg-7"), map.get("mtg-9999")),
            (Some(70), Some(9999))
        );
        assert_eq!(map.get("mtg-10000"), None);
        let mut r = kept.at(1 << 50);
        assert_eq!((r.str(), r.u64()), ("", 0));
    }
}
