//! Reading a file as a stream of text blocks, never whole: the encoding checks (byte-order
//! marks, UTF-8, NUL bytes, an empty file) are made block by block with the same findings a
//! whole-file check gives, and CSV text is cut into batches at record boundaries by a scan
//! that follows quotes exactly as the CSV reader does (a quoted line break never ends a batch).

use std::io::Read;

use crate::input::csv_scan::RecordScanner;
use crate::input::text::{self, EncodingCheck};
use crate::input::{Pos, Problem};

/// Bytes read from a file or memory at a time; CSV batches (the records checked by one
/// worker) are about as large: small enough that the batches in flight and their key cells
/// stay a few MiB, large enough to amortize handing them out.
pub(crate) const BLOCK: usize = 64 << 10;

/// Where a file's bytes come from.
pub(crate) enum Source<'a> {
    Memory(&'a [u8]),
    File(std::fs::File),
}

impl Source<'_> {
    fn read(&mut self, buf: &mut Vec<u8>, want: usize) -> std::io::Result<usize> {
        match self {
            Source::Memory(bytes) => {
                let n = want.min(bytes.len());
                let (head, rest) = bytes.split_at(n);
                buf.extend_from_slice(head);
                *bytes = rest;
                Ok(n)
            }
            Source::File(file) => {
                let start = buf.len();
                buf.resize(start + want, 0);
                let mut got = 0;
                while got < want {
                    match file.read(buf.get_mut(start + got..).unwrap_or_default()) {
                        Ok(0) => break,
                        Ok(n) => got += n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) => {
                            buf.truncate(start + got);
                            return Err(e);
                        }
                    }
                }
                buf.truncate(start + got);
                Ok(got)
            }
        }
    }
}

/// Text of a file, a block at a time; each block ends with a line feed (or the file).
pub(crate) struct Decoder<'a> {
    source: Source<'a>,
    block: usize,
    raw: Vec<u8>,
    started: bool,
    eof: bool,
    last_nl: Option<usize>,
    /// Line feeds before the next block (positions of encoding problems count only these,
    /// as [`text::position_in`] does).
    lf_lines: u64,
    /// Bytes of text before the next block.
    pub offset: u64,
    /// The encoding checks, fed each block.
    check: EncodingCheck,
    /// Some text that is not white space was seen.
    pub not_blank: bool,
}

impl<'a> Decoder<'a> {
    pub fn new(source: Source<'a>, block: usize) -> Decoder<'a> {
        Decoder {
            source,
            block: block.max(1),
            raw: Vec::new(),
            started: false,
            eof: false,
            last_nl: None,
            lf_lines: 0,
            offset: 0,
            check: EncodingCheck::default(),
            not_blank: false,
        }
    }

    /// The next block of text, with the offset of its first byte; `None` at the end.
    pub fn next_block(&mut self) -> std::io::Result<Option<(u64, String)>> {
        if self.check.is_unreadable() {
            return Ok(None);
        }
        loop {
            let ready = self.eof || (self.raw.len() >= self.block && self.last_nl.is_some());
            if !ready {
                let before = self.raw.len();
                if self.source.read(&mut self.raw, self.block)? == 0 {
                    self.eof = true;
                }
                if !self.started {
                    if self.raw.len() < 4 && !self.eof {
                        continue;
                    }
                    self.started = true;
                    if let Some(p) = crate::input::text::wide_encoding(&self.raw) {
                        self.check.unreadable(p);
                        return Ok(None);
                    }
                    if self.raw.starts_with(b"\xEF\xBB\xBF") {
                        self.raw.drain(..3);
                    }
                    self.last_nl = self.raw.iter().rposition(|b| *b == b'\n');
                } else if let Some(p) = self
                    .raw
                    .get(before..)
                    .and_then(|r| r.iter().rposition(|b| *b == b'\n'))
                {
                    self.last_nl = Some(before + p);
                }
                continue;
            }
            let end = if self.eof {
                self.raw.len()
            } else {
                self.last_nl.map_or(0, |i| i + 1)
            };
            if end == 0 {
                return Ok(None);
            }
            let rest = self.raw.split_off(end);
            self.last_nl = None;
            let bytes = std::mem::replace(&mut self.raw, rest);
            let text = self.decode(bytes);
            let at = self.offset;
            self.offset += text.len() as u64;
            self.lf_lines += memchr::memchr_iter(b'\n', text.as_bytes()).count() as u64;
            return Ok(Some((at, text)));
        }
    }

    fn decode(&mut self, bytes: Vec<u8>) -> String {
        let (lf_lines, offset) = (self.lf_lines, self.offset);
        let locate = |block: &str, at: usize| position(block, at, lf_lines, offset);
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                self.check.invalid_utf8(&bytes, at, locate);
                String::from_utf8_lossy(&bytes).into_owned()
            }
        };
        self.check.text(&text, locate);
        self.not_blank = self.check.not_blank();
        text
    }

    /// The encoding problems of the whole file, once it is read, in the order a whole-file
    /// check gives them.
    pub fn problems(&self) -> Vec<Problem> {
        self.check.problems()
    }
}

/// The position of byte `at` of `block`, a block after `lf_lines` line feeds and `offset`
/// bytes of text (positions of encoding problems count only line feeds, as
/// [`text::position_in`] does).
fn position(block: &str, at: usize, lf_lines: u64, offset: u64) -> Pos {
    let p = text::position_in(block, at);
    Pos::new(p.line + lf_lines, p.column, p.offset + offset as usize, 0)
}

/// A run of whole CSV records.
#[derive(Debug)]
pub(crate) struct Batch {
    pub text: String,
    /// Offset of the text in the file's text.
    pub offset: u64,
    /// Physical line (the reader's count: CRLF, LF or a lone CR end a line) of its start.
    pub line: u64,
    /// Records started before it.
    pub records_before: u64,
}

/// Cuts CSV text into batches of whole records.
pub(crate) struct Batcher {
    text: String,
    offset: u64,
    /// Where scanning goes on: the start of the next record (or blank line), unless a
    /// record is being scanned.
    scanned: usize,
    /// The record whose end is not found yet, scanned as far as the text goes.
    open: Option<RecordScanner>,
    /// Records started in `text[..scanned]` (an open one included).
    records: u64,
    /// The last record boundary in `text[..scanned]`, with the records started before it.
    cut: Option<(usize, u64)>,
    line: u64,
    records_before: u64,
    target: usize,
}

impl Batcher {
    pub fn new(target: usize) -> Batcher {
        Batcher {
            text: String::new(),
            offset: 0,
            scanned: 0,
            open: None,
            records: 0,
            cut: None,
            line: 1,
            records_before: 0,
            target: target.max(1),
        }
    }

    /// Adds a block of text; gives a batch when enough whole records are held. A block that
    /// starts a batch becomes its text as it is, without a copy.
    pub fn push(&mut self, offset: u64, block: String) -> Option<Batch> {
        if self.text.is_empty() {
            self.offset = offset;
            self.text = block;
        } else {
            self.text.push_str(&block);
        }
        self.scan();
        match self.cut {
            Some((at, _)) if at >= self.target => self.take(),
            _ => None,
        }
    }

    /// The rest of the text, at the end of the file.
    pub fn finish(&mut self) -> Option<Batch> {
        if self.text.is_empty() {
            return None;
        }
        // The record still open ends with the text.
        self.open = None;
        self.scanned = self.text.len();
        self.cut = Some((self.text.len(), self.records));
        self.take()
    }

    fn take(&mut self) -> Option<Batch> {
        let (at, records) = self.cut.take()?;
        let rest = self.text.split_off(at);
        let text = std::mem::replace(&mut self.text, rest);
        let batch = Batch {
            offset: self.offset,
            line: self.line,
            records_before: self.records_before,
            text,
        };
        self.offset += at as u64;
        self.line += line_ends(batch.text.as_bytes());
        self.records_before += records;
        self.records -= records;
        self.scanned -= at;
        if let Some(open) = &mut self.open {
            open.moved_back(at);
        }
        Some(batch)
    }

    /// Finds the record ends in the new text (with the one CSV scanner, see
    /// [`crate::input::csv_scan`]), noting the boundaries where a batch may be cut: after a
    /// line feed that ends a record or a blank line.
    fn scan(&mut self) {
        let bytes = self.text.as_bytes();
        let mut i = self.scanned;
        loop {
            let mut scanner = match self.open.take() {
                Some(scanner) => scanner,
                None => match bytes.get(i) {
                    None => break,
                    Some(b'\n') => {
                        i += 1;
                        self.cut = Some((i, self.records));
                        continue;
                    }
                    Some(b'\r') => {
                        i += 1;
                        continue;
                    }
                    Some(_) => {
                        self.records += 1;
                        RecordScanner::new(i)
                    }
                },
            };
            match scanner.scan(bytes) {
                Some(end) => {
                    i = end.end;
                    if bytes.get(end.end.wrapping_sub(1)) == Some(&b'\n') {
                        self.cut = Some((i, self.records));
                    }
                }
                None => {
                    self.open = Some(scanner);
                    break;
                }
            }
        }
        self.scanned = i;
    }
}

/// Line ends as the CSV reader counts them: CRLF, LF, or a lone CR.
fn line_ends(bytes: &[u8]) -> u64 {
    let lf = memchr::memchr_iter(b'\n', bytes).count();
    let cr = memchr::memchr_iter(b'\r', bytes)
        .filter(|i| bytes.get(i + 1) != Some(&b'\n'))
        .count();
    (lf + cr) as u64
}

/// Reads the lines holding `wanted` (offsets and lengths into the file's text, sorted) and
/// gives the snippet of each, in the same order.
pub(crate) fn snippets_at(
    source: Source<'_>,
    wanted: &[(u64, usize)],
) -> std::io::Result<Vec<(String, usize, usize)>> {
    let mut out = Vec::with_capacity(wanted.len());
    let mut decoder = Decoder::new(source, BLOCK);
    let mut next = wanted.iter().peekable();
    while let Some((at, block)) = decoder.next_block()? {
        let end = at + block.len() as u64;
        while let Some(&&(offset, len)) = next.peek() {
            if offset >= end && end > at {
                break;
            }
            let local = offset.saturating_sub(at) as usize;
            out.push(text::snippet(&block, local, len));
            next.next();
        }
        if next.peek().is_none() {
            break;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batches(text: &str, block: usize) -> Vec<(String, u64, u64)> {
        let mut decoder = Decoder::new(Source::Memory(text.as_bytes()), block);
        let mut batcher = Batcher::new(block);
        let mut out = Vec::new();
        while let Some((at, b)) = decoder.next_block().unwrap() {
            out.extend(batcher.push(at, b));
        }
        out.extend(batcher.finish());
        out.into_iter()
            .map(|b| (b.text, b.line, b.records_before))
            .collect()
    }

    #[test]
    fn batches_end_at_record_boundaries_only() {
        let text = "id,x\n1,\"a\nb\nc\"\n\n2,\"q\"\"\n\"\r\n3,z\n";
        let got = batches(text, 2);
        let joined: String = got.iter().map(|b| b.0.as_str()).collect();
        assert_eq!(joined, text);
        for (t, _, _) in &got {
            assert!(t.ends_with('\n'));
            assert_eq!(t.matches('"').count() % 2, 0, "{t:?}");
        }
        let last = got.last().unwrap();
        assert_eq!((last.0.as_str(), last.1, last.2), ("3,z\n", 8, 3));
    }

    #[test]
    fn encoding_problems_as_a_whole_file_check_gives() {
        for block in [1, 3, 1000] {
            let bytes = b"\xEF\xBB\xBFid\nab\xFFc\nx\0y\n\0\n";
            let mut decoder = Decoder::new(Source::Memory(bytes), block);
            let mut text = String::new();
            while let Some((_, b)) = decoder.next_block().unwrap() {
                text.push_str(&b);
            }
            let whole = text::decode(bytes);
            assert_eq!(text, whole.text.unwrap());
            assert_eq!(decoder.problems(), whole.problems, "block {block}");
        }
    }
}
