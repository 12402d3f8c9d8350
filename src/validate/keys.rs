//! Compact, exact sets of ids: the one part of the package state that grows with the data.
//!
//! An id is kept as its bytes in an arena of 1 MiB chunks (without its table's prefix, which
//! every well-formed id repeats), followed by where it was first read (file and line, for the
//! `key.duplicate` message); a hash table holds only the 4-byte offset of each entry. A typical
//! id costs about 20 bytes, against more than 100 as a `String` key with its position.

use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};

const CHUNK_BITS: u32 = 20;
const CHUNK: usize = 1 << CHUNK_BITS;
/// Marks an id stored whole (it lacks its table's prefix); never a byte of UTF-8 text.
const WHOLE: u8 = 0xFF;

/// Where an id was first read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct First {
    /// Index of the file in the run's files.
    pub file: u32,
    /// 1-based line.
    pub line: u64,
}

/// A set of ids of one table with where each was first read.
#[derive(Clone)]
pub(crate) struct IdSet {
    prefix: &'static str,
    chunks: Vec<Vec<u8>>,
    table: HashTable<u32>,
    hasher: DefaultHashBuilder,
    /// Ids too long for the arena (more than 254 bytes), kept as they are.
    long: hashbrown::HashMap<Box<str>, First>,
}

impl IdSet {
    pub fn new(prefix: &'static str) -> IdSet {
        IdSet {
            prefix,
            chunks: Vec::new(),
            table: HashTable::new(),
            hasher: DefaultHashBuilder::default(),
            long: hashbrown::HashMap::new(),
        }
    }

    /// Makes room for `more` ids at once (a hint: it gives up quietly when memory is short,
    /// and the set then grows as ids come).
    pub fn reserve(&mut self, more: usize) {
        let (chunks, hasher) = (&self.chunks, &self.hasher);
        let _ = self
            .table
            .try_reserve(more, |at| hasher.hash_one(Self::entry(chunks, *at).0));
    }

    pub fn len(&self) -> usize {
        self.table.len() + self.long.len()
    }

    /// The stored form of `id`: without the prefix, or marked whole.
    fn key<'a>(&self, id: &'a str, buf: &'a mut Vec<u8>) -> &'a [u8] {
        match id.strip_prefix(self.prefix) {
            Some(rest) if !self.prefix.is_empty() => rest.as_bytes(),
            _ => {
                buf.clear();
                buf.push(WHOLE);
                buf.extend_from_slice(id.as_bytes());
                buf
            }
        }
    }

    fn entry(chunks: &[Vec<u8>], at: u32) -> (&[u8], &[u8]) {
        let chunk = chunks
            .get((at >> CHUNK_BITS) as usize)
            .map_or(&[][..], Vec::as_slice);
        let start = (at as usize) & (CHUNK - 1);
        let len = chunk.get(start).copied().unwrap_or(0) as usize;
        let key = chunk.get(start + 1..start + 1 + len).unwrap_or_default();
        let rest = chunk.get(start + 1 + len..).unwrap_or_default();
        (key, rest)
    }

    fn find(&self, key: &[u8], hash: u64) -> Option<u32> {
        let chunks = &self.chunks;
        self.table
            .find(hash, |at| Self::entry(chunks, *at).0 == key)
            .copied()
    }

    /// Whether `id` is in the set.
    pub fn contains(&self, id: &str) -> bool {
        let mut buf = Vec::new();
        let key = self.key(id, &mut buf);
        if key.len() > 254 {
            return self.long.contains_key(id);
        }
        self.find(key, self.hasher.hash_one(key)).is_some()
    }

    /// Adds `id` first read at `first`; gives where it was first read when it is already in.
    pub fn insert(&mut self, id: &str, first: First) -> Result<(), First> {
        let mut buf = Vec::new();
        let key = self.key(id, &mut buf);
        if key.len() > 254 {
            return match self.long.get(id) {
                Some(f) => Err(*f),
                None => {
                    self.long.insert(id.into(), first);
                    Ok(())
                }
            };
        }
        let hash = self.hasher.hash_one(key);
        if let Some(at) = self.find(key, hash) {
            let (_, rest) = Self::entry(&self.chunks, at);
            let mut rest = rest;
            let file = read_varint(&mut rest) as u32;
            let line = read_varint(&mut rest);
            return Err(First { file, line });
        }
        let mut entry = Vec::with_capacity(key.len() + 12);
        entry.push(key.len() as u8);
        entry.extend_from_slice(key);
        write_varint(&mut entry, first.file as u64);
        write_varint(&mut entry, first.line);
        let fits = self
            .chunks
            .last()
            .is_some_and(|c| c.len() + entry.len() <= CHUNK);
        if !fits {
            if self.chunks.len() >= (1usize << (32 - CHUNK_BITS)) {
                // Past 4 GiB of ids: keep the rest as plain strings.
                self.long.insert(id.into(), first);
                return Ok(());
            }
            self.chunks.push(Vec::with_capacity(CHUNK));
        }
        let index = self.chunks.len() - 1;
        let Some(chunk) = self.chunks.last_mut() else {
            return Ok(());
        };
        let at = ((index as u32) << CHUNK_BITS) | chunk.len() as u32;
        chunk.extend_from_slice(&entry);
        let (chunks, hasher) = (&self.chunks, &self.hasher);
        self.table
            .insert_unique(hash, at, |at| hasher.hash_one(Self::entry(chunks, *at).0));
        Ok(())
    }

    /// Every id of the set (for a "did you mean" hint, only when a finding needs one).
    pub fn ids(&self) -> impl Iterator<Item = String> + '_ {
        let chunks = &self.chunks;
        self.table
            .iter()
            .map(move |at| {
                let key = Self::entry(chunks, *at).0;
                match key.split_first() {
                    Some((&WHOLE, whole)) => String::from_utf8_lossy(whole).into_owned(),
                    _ => format!("{}{}", self.prefix, String::from_utf8_lossy(key)),
                }
            })
            .chain(self.long.keys().map(|k| k.to_string()))
    }
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
    fn ids_are_exact_with_or_without_prefix() {
        let mut set = IdSet::new("off-");
        let at = |line| First { file: 2, line };
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
}
