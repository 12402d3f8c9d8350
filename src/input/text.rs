//! Bytes to text: the UTF-8 check (a byte-order mark is allowed and dropped), NUL bytes, and
//! positions (line, column in characters) of a byte offset.

use std::borrow::Cow;

use super::message::msg;
use super::{Pos, Problem};

/// A file's bytes as text, with what was wrong with its encoding.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The text, without a UTF-8 byte-order mark; invalid bytes are replaced by U+FFFD.
    /// `None` when the file is not UTF-8 at all (UTF-16 or UTF-32) and cannot be read further.
    pub text: Option<Cow<'a, str>>,
    /// Encoding problems (`file.encoding`, `file.nul-byte`, `file.empty`).
    pub problems: Vec<Problem>,
}

/// Checks the encoding of `bytes` and gives back the text to read.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    let mut check = EncodingCheck::default();
    if let Some(p) = wide_encoding(bytes) {
        check.unreadable(p);
        return Decoded {
            text: None,
            problems: check.problems(),
        };
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(e) => {
            check.invalid_utf8(bytes, e.valid_up_to(), position_in);
            String::from_utf8_lossy(bytes)
        }
    };
    check.text(&text, position_in);
    Decoded {
        text: Some(text),
        problems: check.problems(),
    }
}

/// The encoding checks of a file, fed its text in one piece ([`decode`]) or a block at a
/// time (the validator's block reader): a file in UTF-16 or UTF-32, the first byte that is
/// not UTF-8, NUL bytes, a file of white space only. The one place these problems are made.
#[derive(Debug, Default)]
pub struct EncodingCheck {
    encoding: Option<Problem>,
    unreadable: bool,
    first_nul: Option<Pos>,
    nul_count: u64,
    not_blank: bool,
}

impl EncodingCheck {
    /// The file cannot be read as text (it is in UTF-16 or UTF-32): `problem` says so.
    pub fn unreadable(&mut self, problem: Problem) {
        self.encoding = Some(problem);
        self.unreadable = true;
    }

    /// The file is in UTF-16 or UTF-32 and is not read.
    pub fn is_unreadable(&self) -> bool {
        self.unreadable
    }

    /// Some text that is not white space was seen.
    pub fn not_blank(&self) -> bool {
        self.not_blank
    }

    /// `bytes` are not UTF-8 from byte `at` on; `locate` gives the position of a byte offset
    /// in the valid text before it. Only the first such byte of a file is reported.
    pub fn invalid_utf8(&mut self, bytes: &[u8], at: usize, locate: impl Fn(&str, usize) -> Pos) {
        if self.encoding.is_some() {
            return;
        }
        let valid = std::str::from_utf8(bytes.get(..at).unwrap_or_default()).unwrap_or("");
        let pos = locate(valid, at);
        let byte = bytes.get(at).copied().unwrap_or(0);
        self.encoding = Some(Problem::new(
            "file.encoding",
            msg!(
                "byte 0x{} is not valid UTF-8 (the first such byte is shown); save the file as UTF-8",
                v(format!("{byte:02X}"))
            ),
            Pos { len: 1, ..pos },
        ));
    }

    /// Takes in a piece of decoded text; `locate` gives the position of a byte offset in it.
    pub fn text(&mut self, text: &str, locate: impl Fn(&str, usize) -> Pos) {
        if let Some(at) = memchr::memchr(0, text.as_bytes()) {
            if self.first_nul.is_none() {
                self.first_nul = Some(locate(text, at));
            }
            self.nul_count += memchr::memchr_iter(0, text.as_bytes()).count() as u64;
        }
        if !self.not_blank && !text.chars().all(char::is_whitespace) {
            self.not_blank = true;
        }
    }

    /// The encoding problems of the whole file, once it is read, in a fixed order: the
    /// encoding, NUL bytes, an empty file.
    pub fn problems(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        out.extend(self.encoding.clone());
        if self.unreadable {
            return out;
        }
        if let Some(pos) = self.first_nul {
            let count = self.nul_count;
            out.push(Problem::new(
                "file.nul-byte",
                msg!(
                    "the file holds {} NUL byte{} (the first is shown); a text file has none, so it may be binary or UTF-16",
                    f(count),
                    f(if count == 1 { "" } else { "s" })
                ),
                Pos { len: 1, ..pos },
            ));
        }
        if !self.not_blank {
            out.push(Problem::new(
                "file.empty",
                "the file is empty; a CSV file needs at least its header, a JSON file a value",
                Pos::new(1, 1, 0, 0),
            ));
        }
        out
    }
}

/// The `file.encoding` problem of a file in UTF-16 or UTF-32 (with a byte-order mark, or
/// UTF-16 without one), which cannot be read as text at all; `None` for anything else.
pub(crate) fn wide_encoding(bytes: &[u8]) -> Option<Problem> {
    for (bom, name) in [
        (&[0xFF, 0xFE, 0, 0][..], "UTF-32"),
        (&[0, 0, 0xFE, 0xFF][..], "UTF-32"),
        (&[0xFF, 0xFE][..], "UTF-16"),
        (&[0xFE, 0xFF][..], "UTF-16"),
    ] {
        if bytes.starts_with(bom) {
            return Some(Problem::new(
                "file.encoding",
                msg!(
                    "the file is {} (it starts with a {} byte-order mark); save it as UTF-8",
                    f(name),
                    f(name)
                ),
                Pos::new(1, 1, 0, bom.len()),
            ));
        }
    }
    utf16_without_bom(bytes).map(|name| {
        Problem::new(
            "file.encoding",
            msg!(
                "the file looks like {} without a byte-order mark (every other byte is NUL); save it as UTF-8",
                f(name)
            ),
            Pos::new(1, 1, 0, 2),
        )
    })
}

/// `UTF-16LE` or `UTF-16BE` when the file starts like ASCII text in UTF-16 with no byte-order
/// mark: its first four byte pairs each hold one NUL and one other byte, on the same side.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static str> {
    let pairs: Vec<&[u8]> = bytes.chunks_exact(2).take(4).collect();
    if pairs.len() < 4 {
        return None;
    }
    if pairs.iter().all(|p| matches!(p, [a, 0] if *a != 0)) {
        Some("UTF-16LE")
    } else if pairs.iter().all(|p| matches!(p, [0, b] if *b != 0)) {
        Some("UTF-16BE")
    } else {
        None
    }
}

/// Whether byte `b` starts a character (it is not a continuation byte of UTF-8): the one
/// rule by which every reader counts columns, in characters.
#[inline]
pub fn starts_char(b: u8) -> bool {
    (b as i8) >= -0x40
}

/// The number of characters in `bytes` (of UTF-8 text): the width of a stretch of a line, in
/// columns.
#[inline]
pub fn char_count(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|b| starts_char(**b)).count() as u64
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
pub fn position_in(text: &str, offset: usize) -> Pos {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = text.get(..offset).unwrap_or("");
    let line = before.bytes().filter(|b| *b == b'\n').count() as u64 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = char_count(before.get(line_start..).unwrap_or("").as_bytes()) + 1;
    Pos::new(line, column, offset, 0)
}

/// The largest char boundary at or before `i`.
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Most bytes of context kept on each side of a marked span in a snippet.
const SNIPPET_CONTEXT: usize = 100;

/// The line holding byte `offset` of `text`, cut to about 200 characters around the span
/// `offset..offset + len`, with the span as character offsets into the cut text.
pub fn snippet(text: &str, offset: usize, len: usize) -> (String, usize, usize) {
    let offset = floor_char_boundary(text, offset);
    let bytes = text.as_bytes();
    // Look back and ahead only so far, so a huge single-line file stays cheap.
    let window_start = offset.saturating_sub(SNIPPET_CONTEXT * 4);
    let line_start = bytes
        .get(window_start..offset)
        .and_then(|b| b.iter().rposition(|c| *c == b'\n'))
        .map_or(window_start, |i| window_start + i + 1);
    let span_end = floor_char_boundary(text, offset.saturating_add(len).min(text.len()));
    let window_end = span_end.saturating_add(SNIPPET_CONTEXT * 4).min(text.len());
    let mut line_end = bytes
        .get(offset..window_end)
        .and_then(|b| b.iter().position(|c| *c == b'\n' || *c == b'\r'))
        .map_or(window_end, |i| offset + i);
    let span_end = span_end.min(line_end).max(offset);
    // Cut to SNIPPET_CONTEXT characters on each side of the span.
    let before: Vec<(usize, char)> = text
        .get(line_start..offset)
        .unwrap_or("")
        .char_indices()
        .collect();
    let cut_start = if before.len() > SNIPPET_CONTEXT {
        before
            .get(before.len() - SNIPPET_CONTEXT)
            .map_or(line_start, |(i, _)| line_start + i)
    } else {
        line_start
    };
    if let Some((i, _)) = text
        .get(span_end..line_end)
        .unwrap_or("")
        .char_indices()
        .nth(SNIPPET_CONTEXT)
    {
        line_end = span_end + i;
    }
    let line_end = floor_char_boundary(text, line_end);
    let cut_start = floor_char_boundary(text, cut_start);
    let shown = text.get(cut_start..line_end).unwrap_or("").to_owned();
    let start = text.get(cut_start..offset).unwrap_or("").chars().count();
    let end = start + text.get(offset..span_end).unwrap_or("").chars().count();
    (shown, start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_dropped_and_bad_bytes_located() {
        let d = decode(b"\xEF\xBB\xBFid\nab\xFFc\n");
        assert_eq!(d.problems.len(), 1);
        assert_eq!(d.problems[0].code, "file.encoding");
        assert_eq!((d.problems[0].pos.line, d.problems[0].pos.column), (2, 3));
        assert!(d.text.unwrap().starts_with("id\n"));
    }

    #[test]
    fn utf16_without_bom_is_named() {
        for (bytes, name) in [
            (&b"i\0d\0,\0n\0"[..], "UTF-16LE"),
            (&b"\0i\0d\0,\0n"[..], "UTF-16BE"),
        ] {
            let d = decode(bytes);
            assert!(d.text.is_none());
            assert_eq!(d.problems.len(), 1);
            assert_eq!(d.problems[0].code, "file.encoding");
            assert!(
                d.problems[0].message.as_str().contains(name),
                "{}",
                d.problems[0].message
            );
        }
        // A few NULs in text are NUL bytes, not UTF-16.
        let d = decode(b"id\0,name\n");
        assert_eq!(d.problems[0].code, "file.nul-byte");
        assert!(d.text.is_some());
    }

    #[test]
    fn snippet_marks_span_in_its_line() {
        let text = "one\ntwo three\nfour";
        let (line, s, e) = snippet(text, 8, 5);
        assert_eq!((line.as_str(), s, e), ("two three", 4, 9));
    }
}
