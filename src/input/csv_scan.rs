//! Where a CSV record ends: the one scanner behind every CSV path of the crate. The
//! positioned reader ([`super::csv_records`]) reads the cells of exactly the bytes it gives,
//! the validator's batcher cuts files into batches at the ends it finds, the plain path takes
//! a row split at its commas only when it ends where this says, and the package reader
//! (`package/csv_tables.rs`, which stops at any problem) reads a file a record at a time from
//! the ends it finds. The paths differ in what they keep, never in where a record ends.
//!
//! The rules are RFC 4180's, with the reader's recovery from mistakes: a quote opens a quoted
//! cell only at the start of a cell; inside one, `""` is a quote and `"` closes it; text after
//! a closing quote runs on unquoted to the next comma or line end; a quote inside an unquoted
//! cell is text. A record ends at a line feed, a carriage return (with the line feed after
//! it, if any) or the end of the text, outside a quoted cell.

/// Where the scanner is inside a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    CellStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted cell: closing, or the first of a doubled quote.
    ClosingOrDoubled,
}

/// The end of a record, as [`RecordScanner::scan`] found it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordEnd {
    /// Just past the record's last cell (where its line end, if any, starts).
    pub content_end: usize,
    /// Just past the record's line end (`content_end` at the end of the text).
    pub end: usize,
    /// The record holds a quote (`"`) somewhere.
    pub has_quote: bool,
}

/// Finds where a record ends, resumably: given more text, a scan that ran out of text goes on
/// from where it stopped, so a record that spans blocks is scanned once.
#[derive(Debug, Clone)]
pub struct RecordScanner {
    state: State,
    /// Next byte to look at.
    at: usize,
    has_quote: bool,
}

impl RecordScanner {
    /// A scanner for the record that starts at byte `start` (not a line break).
    pub fn new(start: usize) -> RecordScanner {
        RecordScanner {
            state: State::CellStart,
            at: start,
            has_quote: false,
        }
    }

    /// Scans `bytes` (the same text each call, possibly longer) for the end of the record:
    /// `Some` once a line end closes it, `None` when the text runs out first (give it more
    /// text, or, at the end of the file, take [`RecordScanner::at_end_of_text`]).
    pub fn scan(&mut self, bytes: &[u8]) -> Option<RecordEnd> {
        let mut i = self.at;
        let mut state = self.state;
        let found = loop {
            let Some(&b) = bytes.get(i) else {
                break None;
            };
            match state {
                State::CellStart => {
                    if b == b'"' {
                        i += 1;
                        self.has_quote = true;
                        state = State::Quoted;
                    } else {
                        state = State::Unquoted;
                    }
                }
                State::Unquoted => {
                    let rest = bytes.get(i..).unwrap_or_default();
                    match memchr::memchr3(b'"', b'\n', b'\r', rest) {
                        None => {
                            i = bytes.len();
                            break None;
                        }
                        Some(n) => {
                            let j = i + n;
                            match bytes.get(j) {
                                Some(b'"') => {
                                    self.has_quote = true;
                                    // A quote opens a cell only right after a comma.
                                    if j > 0 && bytes.get(j - 1) == Some(&b',') {
                                        state = State::Quoted;
                                    }
                                    i = j + 1;
                                }
                                _ => break Some(line_end(bytes, j)),
                            }
                        }
                    }
                }
                State::Quoted => {
                    let rest = bytes.get(i..).unwrap_or_default();
                    match memchr::memchr(b'"', rest) {
                        None => {
                            i = bytes.len();
                            break None;
                        }
                        Some(n) => {
                            i += n + 1;
                            state = State::ClosingOrDoubled;
                        }
                    }
                }
                State::ClosingOrDoubled => match b {
                    b'"' => {
                        i += 1;
                        state = State::Quoted;
                    }
                    b',' => {
                        i += 1;
                        state = State::CellStart;
                    }
                    b'\n' | b'\r' => break Some(line_end(bytes, i)),
                    _ => state = State::Unquoted,
                },
            }
        };
        self.at = i;
        self.state = state;
        found.map(|(content_end, end)| RecordEnd {
            content_end,
            end,
            has_quote: self.has_quote,
        })
    }

    /// The text it scans lost its first `n` bytes (all before the record).
    pub fn moved_back(&mut self, n: usize) {
        self.at = self.at.saturating_sub(n);
    }

    /// The end of a record that the text ran out in: the end of the text.
    pub fn at_end_of_text(&self, bytes: &[u8]) -> RecordEnd {
        RecordEnd {
            content_end: bytes.len(),
            end: bytes.len(),
            has_quote: self.has_quote,
        }
    }
}

/// A record's content end and end, for a line end at `j`: `\n`, `\r`, or `\r\n`.
fn line_end(bytes: &[u8], j: usize) -> (usize, usize) {
    let end = match (bytes.get(j), bytes.get(j + 1)) {
        (Some(b'\r'), Some(b'\n')) => j + 2,
        _ => j + 1,
    };
    (j, end)
}

/// Where the record starting at `start` (not a line break) ends in `text`.
pub fn record_end(text: &[u8], start: usize) -> RecordEnd {
    let mut scanner = RecordScanner::new(start);
    scanner
        .scan(text)
        .unwrap_or_else(|| scanner.at_end_of_text(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ends(text: &str) -> Vec<(usize, usize)> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if matches!(bytes[i], b'\n' | b'\r') {
                i += 1;
                continue;
            }
            let r = record_end(bytes, i);
            out.push((r.content_end, r.end));
            i = r.end;
        }
        out
    }

    #[test]
    fn records_end_at_line_ends_outside_quotes() {
        assert_eq!(ends("a,b\nc,d\n"), [(3, 4), (7, 8)]);
        assert_eq!(ends("a,b\r\nc"), [(3, 5), (6, 6)]);
        assert_eq!(ends("a\rb\n"), [(1, 2), (3, 4)]);
        assert_eq!(ends("\"x\ny\",z\nq\n"), [(7, 8), (9, 10)]);
        assert_eq!(ends("\"a\"\"\n\"\nb"), [(6, 7), (8, 8)]);
        // A quote inside an unquoted cell is text; one right after a comma opens a cell.
        assert_eq!(ends("a\"b\nc\n"), [(3, 4), (5, 6)]);
        assert_eq!(ends("a,\"b\nc\"\nd"), [(7, 8), (9, 9)]);
        // Text after a closing quote runs on unquoted.
        assert_eq!(ends("\"a\"b\nc"), [(4, 5), (6, 6)]);
        // An unclosed quote runs to the end of the text.
        assert_eq!(ends("\"a\nb\n"), [(5, 5)]);
    }

    #[test]
    fn a_scan_resumes_where_the_text_ran_out() {
        let text = b"\"a\nb\"\"c\nd\",e\nf\n";
        let whole = record_end(text, 0);
        for cut in 1..text.len() {
            let mut scanner = RecordScanner::new(0);
            let first = scanner.scan(&text[..cut]);
            let got = match first {
                Some(r) => r,
                None => scanner.scan(text).unwrap(),
            };
            assert_eq!(got, whole, "cut at {cut}");
        }
        assert_eq!(whole.content_end, 12);
        assert!(whole.has_quote);
        assert!(!record_end(b"a,b\n", 0).has_quote);
    }
}
