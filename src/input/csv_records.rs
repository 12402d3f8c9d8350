//! A CSV reader that gives every cell its physical line and column (quoted line breaks
//! counted) and reports structural problems instead of failing: unbalanced quotes, text after a
//! closing quote, quotes inside unquoted cells, and cells or records past the size limits.
//!
//! The `csv` crate reads faster but does not report quote mistakes (it accepts them) nor
//! give the position of a cell inside its record, which findings need; this reader does
//! both in one pass over text already checked to be UTF-8. Records are RFC 4180: comma
//! separated, `"` quoted with `""` for a quote, CRLF or LF line ends; blank lines are skipped.

use std::borrow::Cow;

use super::message::msg;
use super::{Pos, Problem};

/// One cell of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell<'a> {
    /// The value, unquoted (empty when the cell is past the size limit).
    pub value: Cow<'a, str>,
    /// Where the cell starts (its opening quote, if quoted); `len` spans the raw cell.
    pub pos: Pos,
    /// The cell is larger than the cell-size limit; its value was not kept.
    pub too_big: bool,
}

/// One record (row) with its cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<'a> {
    /// The cells, in order.
    pub cells: Vec<Cell<'a>>,
    /// Physical line the record starts on.
    pub line: u64,
    /// Byte offset of the record's start.
    pub start: usize,
    /// Byte offset just past the record (and its line end).
    pub end: usize,
    /// The record is larger than the line-size limit.
    pub too_big: bool,
}

/// Reads records one at a time from text.
#[derive(Debug)]
pub struct Reader<'a> {
    text: &'a str,
    i: usize,
    line: u64,
    column: u64,
    max_cell: usize,
    max_record: usize,
    /// Most cells kept in a record so far: room made at once for the next one.
    width: usize,
    /// Where the record being read ends (its line end excluded), as the one CSV scanner
    /// ([`super::csv_scan`]) says: the cells are read from the bytes before it only.
    limit: usize,
}

impl<'a> Reader<'a> {
    /// A reader over `text` with the given limits, in bytes, on a cell and a record.
    pub fn new(text: &'a str, max_cell: usize, max_record: usize) -> Reader<'a> {
        Reader {
            text,
            i: 0,
            line: 1,
            column: 1,
            max_cell,
            max_record,
            width: 0,
            limit: text.len(),
        }
    }

    /// A reader over `text` starting at byte `start` (the start of a line), which is on
    /// physical line `line`: for reading a file a batch of records at a time.
    pub fn starting_at(
        text: &'a str,
        start: usize,
        line: u64,
        max_cell: usize,
        max_record: usize,
    ) -> Reader<'a> {
        Reader {
            text,
            i: start.min(text.len()),
            line,
            column: 1,
            max_cell,
            max_record,
            width: 0,
            limit: text.len(),
        }
    }

    /// Byte offset of the next record (or blank line) to read.
    pub fn offset(&self) -> usize {
        self.i
    }

    /// Physical line of the next byte to read.
    pub fn line(&self) -> u64 {
        self.line
    }

    fn peek(&self) -> Option<u8> {
        if self.i < self.limit {
            self.text.as_bytes().get(self.i).copied()
        } else {
            None
        }
    }

    /// The bytes of the record being read, from `at` on.
    fn rest(&self, at: usize) -> &'a [u8] {
        let text: &'a str = self.text;
        text.as_bytes().get(at..self.limit).unwrap_or_default()
    }

    fn bump(&mut self) {
        if let Some(b) = self.peek() {
            self.i += 1;
            if b == b'\n' {
                self.line += 1;
                self.column = 1;
            } else if b == b'\r' {
                // A CR before an LF ends the same line; a lone CR ends a line too.
                if self.peek() != Some(b'\n') {
                    self.line += 1;
                    self.column = 1;
                }
            } else if super::text::starts_char(b) {
                self.column += 1;
            }
        }
    }

    fn pos(&self) -> Pos {
        Pos::new(self.line, self.column, self.i, 0)
    }

    /// The next record, with the problems found in it; `None` at the end of the text.
    pub fn next_record(&mut self, problems: &mut Vec<Problem>) -> Option<Record<'a>> {
        // Skip blank lines.
        while let b'\n' | b'\r' = self.peek()? {
            self.bump();
        }
        let start = self.i;
        let line = self.line;
        let bounds = super::csv_scan::record_end(self.text.as_bytes(), start);
        self.limit = bounds.content_end;
        let mut cells = Vec::with_capacity(self.width);
        let mut kept_problems = problems.len();
        // The first oversized cell past the record limit, kept: it says where the bulk is.
        let mut big_cell: Option<Problem> = None;
        loop {
            let cell = self.read_cell(problems);
            // Past the record limit, cells are read but not kept, so a hostile line of
            // millions of cells costs no memory.
            if self.i - start <= self.max_record {
                cells.push(cell);
                kept_problems = problems.len();
            } else {
                if big_cell.is_none() {
                    big_cell = problems
                        .drain(kept_problems.min(problems.len())..)
                        .find(|p| p.code == "limit.cell-size");
                }
                problems.truncate(kept_problems);
            }
            match self.peek() {
                Some(b',') => self.bump(),
                _ => break,
            }
        }
        // The record ends where the scanner says, its line end included.
        self.limit = self.text.len();
        while self.i < bounds.end {
            self.bump();
        }
        let end = self.i;
        self.width = self.width.max(cells.len()).min(64);
        let too_big = end - start > self.max_record;
        if too_big {
            cells.clear();
            problems.extend(big_cell);
            problems.push(Problem::new(
                "limit.line-size",
                msg!(
                    "the record is {} bytes, more than the limit of {} bytes; it was not checked",
                    f(end - start),
                    f(self.max_record)
                ),
                Pos::new(line, 1, start, 0),
            ));
        }
        Some(Record {
            cells,
            line,
            start,
            end,
            too_big,
        })
    }

    fn read_cell(&mut self, problems: &mut Vec<Problem>) -> Cell<'a> {
        let text = self.text;
        let start = self.pos();
        let mut value: Cow<'a, str>;
        if self.peek() == Some(b'"') {
            self.bump();
            let mut owned: Option<String> = None;
            let mut segment = self.i;
            loop {
                match self.peek() {
                    None => {
                        problems.push(Problem::new(
                            "csv.syntax",
                            msg!(
                                "the quote opened on line {} column {} is never closed; close it with `\"` and double any quote inside the cell",
                                f(start.line),
                                f(start.column)
                            ),
                            Pos { len: 1, ..start },
                        ));
                        break;
                    }
                    Some(b'"') => {
                        if self.rest(self.i).get(1) == Some(&b'"') {
                            let piece = text.get(segment..self.i + 1).unwrap_or("");
                            owned.get_or_insert_with(String::new).push_str(piece);
                            self.bump();
                            self.bump();
                            segment = self.i;
                            continue;
                        }
                        break;
                    }
                    Some(_) => self.bump(),
                }
            }
            let piece = text.get(segment..self.i).unwrap_or("");
            value = match owned {
                Some(mut s) => {
                    s.push_str(piece);
                    Cow::Owned(s)
                }
                None => Cow::Borrowed(piece),
            };
            if self.peek() == Some(b'"') {
                self.bump();
            }
            if !matches!(self.peek(), None | Some(b',' | b'\r' | b'\n')) {
                let at = self.pos();
                problems.push(Problem::new(
                    "csv.syntax",
                    "text follows the closing quote of a cell; put the whole cell inside the quotes and double any quote inside it",
                    Pos { len: 1, ..at },
                ));
                let rest_start = self.i;
                while !matches!(self.peek(), None | Some(b',' | b'\r' | b'\n')) {
                    self.bump();
                }
                let rest = text.get(rest_start..self.i).unwrap_or("");
                value = Cow::Owned(format!("{value}{rest}"));
            }
        } else {
            let begin = self.i;
            // The common case, a cell with no quote: found at once, its characters counted
            // without walking byte by byte.
            let rest = self.rest(begin);
            let len = memchr::memchr3(b',', b'\r', b'\n', rest).unwrap_or(rest.len());
            let cell = rest.get(..len).unwrap_or_default();
            if memchr::memchr(b'"', cell).is_none() {
                self.i += len;
                self.column += super::text::char_count(cell);
                return self.finish_cell(
                    start,
                    Cow::Borrowed(text.get(begin..self.i).unwrap_or("")),
                    problems,
                );
            }
            let mut quote_at = None;
            while let Some(b) = self.peek() {
                match b {
                    b',' | b'\r' | b'\n' => break,
                    b'"' if quote_at.is_none() => {
                        quote_at = Some(self.pos());
                        self.bump();
                    }
                    _ => self.bump(),
                }
            }
            if let Some(at) = quote_at {
                problems.push(Problem::new(
                    "csv.syntax",
                    "a quote inside an unquoted cell; quote the whole cell and double the quote (`\"a \"\"b\"\" c\"`)",
                    Pos { len: 1, ..at },
                ));
            }
            value = Cow::Borrowed(text.get(begin..self.i).unwrap_or(""));
        }
        self.finish_cell(start, value, problems)
    }

    fn finish_cell(
        &mut self,
        start: Pos,
        mut value: Cow<'a, str>,
        problems: &mut Vec<Problem>,
    ) -> Cell<'a> {
        // The cell's bytes as written, without the quotes around a quoted cell (the meaning
        // a JSON string's size has too).
        let mut len = self.i - start.offset;
        let raw = self
            .text
            .as_bytes()
            .get(start.offset..self.i)
            .unwrap_or_default();
        if raw.first() == Some(&b'"') {
            len -= 1;
            if raw.len() >= 2 && raw.last() == Some(&b'"') {
                len -= 1;
            }
        }
        let too_big = len > self.max_cell;
        if too_big {
            problems.push(Problem::new(
                "limit.cell-size",
                msg!(
                    "the cell is {} bytes, more than the limit of {} bytes; it was not checked",
                    f(len),
                    f(self.max_cell)
                ),
                start,
            ));
            value = Cow::Borrowed("");
        }
        Cell {
            value,
            pos: Pos { len, ..start },
            too_big,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Rows = Vec<Vec<(String, u64, u64)>>;

    fn read(text: &str) -> (Rows, Vec<Problem>) {
        let mut r = Reader::new(text, 1000, 10000);
        let mut problems = Vec::new();
        let mut out = Vec::new();
        while let Some(rec) = r.next_record(&mut problems) {
            out.push(
                rec.cells
                    .iter()
                    .map(|c| (c.value.to_string(), c.pos.line, c.pos.column))
                    .collect(),
            );
        }
        (out, problems)
    }

    #[test]
    fn quoted_newlines_move_later_cells_down() {
        let (rows, problems) = read("id,name,x\r\n1,\"a\nb\",é\n\n2,\"say \"\"hi\"\"\",\n");
        assert!(problems.is_empty());
        assert_eq!(rows[1][2], ("é".to_string(), 3, 4));
        assert_eq!(rows[2][1], ("say \"hi\"".to_string(), 5, 3));
        assert_eq!(rows[2][2], (String::new(), 5, 16));
    }

    #[test]
    fn a_record_past_the_limit_keeps_no_cells() {
        let line = ",".repeat(100_000);
        let mut r = Reader::new(&line, 10, 1000);
        let mut problems = Vec::new();
        let rec = r.next_record(&mut problems).unwrap();
        assert!(rec.too_big && rec.cells.is_empty());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, "limit.line-size");
        assert!(r.next_record(&mut problems).is_none());
    }

    #[test]
    fn a_huge_cell_in_a_huge_record_is_named() {
        let text = format!("a,{},b\nc\n", "x".repeat(5000));
        let mut r = Reader::new(&text, 100, 1000);
        let mut problems = Vec::new();
        let rec = r.next_record(&mut problems).unwrap();
        assert!(rec.too_big && rec.cells.is_empty());
        let found: Vec<_> = problems
            .iter()
            .map(|p| (p.code, p.pos.line, p.pos.column))
            .collect();
        assert_eq!(
            found,
            [("limit.cell-size", 1, 3), ("limit.line-size", 1, 1)]
        );
        assert_eq!(r.next_record(&mut problems).unwrap().cells.len(), 1);
    }

    #[test]
    fn quote_mistakes_are_problems() {
        let (_, problems) = read("a,b\"c,\"d\"e\n\"open");
        let codes: Vec<_> = problems
            .iter()
            .map(|p| (p.code, p.pos.line, p.pos.column))
            .collect();
        assert_eq!(
            codes,
            [
                ("csv.syntax", 1, 4),
                ("csv.syntax", 1, 10),
                ("csv.syntax", 2, 1)
            ]
        );
    }
}
