//! A JSON reader that records where every value is (line, column, JSON Pointer), reports
//! duplicate keys, and cannot overflow the stack: it is iterative, and nesting deeper than
//! the depth limit stops the file with a `limit.depth` problem. Numbers beyond 64 bits become
//! floating-point numbers (the schema then reports them out of range), never a panic.
//!
//! `serde_json` gives no positions of values, and a duplicate key silently replaces the
//! first; both matter to a person fixing a file, hence this reader. It builds
//! `serde_json::Value`s so the rest of the validator shares one value type.

use std::collections::HashMap;

use serde_json::{Map, Number, Value};

use super::message::msg;
use super::{Message, Pos, Problem};

/// The deepest nesting [`parse`] reads whatever [`JsonLimits::max_depth`] says: deeper
/// values are refused before anything walks them (dropping a `serde_json::Value`, the schema
/// engine), so no caller can run out of stack.
pub const DEPTH_CAP: usize = 1024;

/// Bounds on what the reader accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonLimits {
    /// Deepest nesting of arrays and objects.
    pub max_depth: usize,
    /// Largest string, in bytes as written in the file between its quotes (escapes as written).
    pub max_string: usize,
    /// Positions are kept for values nested at most this deep (the root is depth 0).
    pub positions_depth: usize,
}

/// A parsed JSON value with the positions of its values.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The value.
    pub value: Value,
    /// Position of each value by JSON Pointer (`""` is the root), for values no deeper than
    /// [`JsonLimits::positions_depth`].
    pub positions: HashMap<String, Pos>,
    /// Problems that did not stop the reading: duplicate keys, lone surrogates.
    pub problems: Vec<Problem>,
}

/// Why a JSON text could not be read: the problem that stopped it, and those found before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failed {
    /// The problem that stopped the reading (`json.syntax`, `limit.depth`, `limit.cell-size`).
    pub fatal: Box<Problem>,
    /// Problems found before it.
    pub problems: Vec<Problem>,
}

/// Parses the whole of `text` as one JSON value.
pub fn parse(text: &str, limits: JsonLimits) -> Result<Parsed, Failed> {
    parse_range(text, 0, text.len(), 1, limits)
}

/// Parses `text[start..end]` as one JSON value; positions are those in the whole `text`,
/// `line` being the line `start` is on (the range must start at the beginning of a line).
pub fn parse_range(
    text: &str,
    start: usize,
    end: usize,
    line: u64,
    limits: JsonLimits,
) -> Result<Parsed, Failed> {
    let mut parser = Parser {
        text,
        i: start,
        end: end.min(text.len()),
        line,
        column: 1,
        limits,
        problems: Vec::new(),
        positions: HashMap::new(),
        pointer: String::new(),
    };
    match parser.run() {
        Ok(value) => Ok(Parsed {
            value,
            positions: parser.positions,
            problems: parser.problems,
        }),
        Err(fatal) => Err(Failed {
            fatal: Box::new(fatal),
            problems: parser.problems,
        }),
    }
}

/// Appends `/segment` to a JSON Pointer, escaping `~` and `/`.
pub fn push_pointer(pointer: &mut String, segment: &str) {
    pointer.push('/');
    for c in segment.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

enum Frame {
    Array(Vec<Value>),
    Object(Map<String, Value>, Option<(String, Pos)>),
}

struct Open {
    frame: Frame,
    start: Pos,
    pointer_len: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Value,
    FirstItem,
    FirstKey,
    Key,
    After,
}

struct Parser<'a> {
    text: &'a str,
    i: usize,
    end: usize,
    line: u64,
    column: u64,
    limits: JsonLimits,
    problems: Vec<Problem>,
    positions: HashMap<String, Pos>,
    pointer: String,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        if self.i < self.end {
            self.text.as_bytes().get(self.i).copied()
        } else {
            None
        }
    }

    fn bump(&mut self) {
        if let Some(b) = self.peek() {
            self.i += 1;
            if b == b'\n' {
                self.line += 1;
                self.column = 1;
            } else if super::text::starts_char(b) {
                self.column += 1;
            }
        }
    }

    fn pos(&self) -> Pos {
        Pos::new(self.line, self.column, self.i, 0)
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }

    fn syntax(&self, message: impl Into<Message>) -> Problem {
        let mut p = Problem::new(
            "json.syntax",
            message,
            Pos {
                len: 1,
                ..self.pos()
            },
        );
        if !self.pointer.is_empty() {
            p.field = Some(self.pointer.clone());
        }
        p
    }

    /// What was found where a token was wanted: a character of the input is a value.
    fn found(&self) -> Message {
        match self
            .text
            .get(self.i..self.end)
            .and_then(|t| t.chars().next())
        {
            Some(c) => msg!("`{}`", v(c.escape_debug())),
            None => Message::fixed("the end of the input"),
        }
    }

    fn run(&mut self) -> Result<Value, Problem> {
        let mut stack: Vec<Open> = Vec::new();
        let mut state = State::Value;
        let mut root: Option<Value> = None;
        loop {
            self.skip_ws();
            match state {
                State::Value | State::FirstItem => {
                    if state == State::FirstItem {
                        if self.peek() == Some(b']') {
                            self.bump();
                            state = self.close(&mut stack, &mut root)?;
                            continue;
                        }
                        self.pointer.push_str("/0");
                    }
                    let start = self.pos();
                    match self.peek() {
                        Some(b'{') | Some(b'[') => {
                            if stack.len() >= self.limits.max_depth.min(DEPTH_CAP) {
                                let mut p = Problem::new(
                                    "limit.depth",
                                    msg!(
                                        "values are nested more than {} deep; the file was not read further",
                                        f(self.limits.max_depth)
                                    ),
                                    Pos { len: 1, ..start },
                                );
                                p.field = Some(self.pointer.clone());
                                return Err(p);
                            }
                            let object = self.peek() == Some(b'{');
                            self.bump();
                            stack.push(Open {
                                frame: if object {
                                    Frame::Object(Map::new(), None)
                                } else {
                                    Frame::Array(Vec::new())
                                },
                                start,
                                pointer_len: self.pointer.len(),
                            });
                            state = if object {
                                State::FirstKey
                            } else {
                                State::FirstItem
                            };
                        }
                        Some(b'"') => {
                            let s = self.string()?;
                            state =
                                self.complete(Value::String(s), start, &mut stack, &mut root)?;
                        }
                        Some(b't' | b'f' | b'n') => {
                            let rest = self.text.get(self.i..self.end).unwrap_or("");
                            let (value, len) = if rest.starts_with("true") {
                                (Value::Bool(true), 4)
                            } else if rest.starts_with("false") {
                                (Value::Bool(false), 5)
                            } else if rest.starts_with("null") {
                                (Value::Null, 4)
                            } else {
                                return Err(self.syntax(msg!(
                                    "expected a value, found {}; text needs double quotes",
                                    m(self.found())
                                )));
                            };
                            for _ in 0..len {
                                self.bump();
                            }
                            state = self.complete(value, start, &mut stack, &mut root)?;
                        }
                        Some(b'-' | b'0'..=b'9') => {
                            let n = self.number()?;
                            state =
                                self.complete(Value::Number(n), start, &mut stack, &mut root)?;
                        }
                        _ => {
                            return Err(
                                self.syntax(msg!("expected a value, found {}", m(self.found())))
                            );
                        }
                    }
                }
                State::FirstKey | State::Key => {
                    if state == State::FirstKey && self.peek() == Some(b'}') {
                        self.bump();
                        state = self.close(&mut stack, &mut root)?;
                        continue;
                    }
                    if self.peek() != Some(b'"') {
                        return Err(self.syntax(msg!(
                            "expected a key in double quotes, found {}",
                            m(self.found())
                        )));
                    }
                    let key_pos = self.pos();
                    let key = self.string()?;
                    let key_pos = Pos {
                        len: self.i - key_pos.offset,
                        ..key_pos
                    };
                    self.skip_ws();
                    if self.peek() != Some(b':') {
                        return Err(self.syntax(msg!(
                            "expected `:` after the key, found {}",
                            m(self.found())
                        )));
                    }
                    self.bump();
                    push_pointer(&mut self.pointer, &key);
                    if let Some(Open {
                        frame: Frame::Object(_, pending),
                        ..
                    }) = stack.last_mut()
                    {
                        *pending = Some((key, key_pos));
                    }
                    state = State::Value;
                }
                State::After => {
                    let Some(top) = stack.last_mut() else {
                        if self.peek().is_some() {
                            return Err(self.syntax(msg!(
                                "unexpected {} after the end of the value",
                                m(self.found())
                            )));
                        }
                        return Ok(root.unwrap_or(Value::Null));
                    };
                    match (&top.frame, self.peek()) {
                        (Frame::Array(items), Some(b',')) => {
                            let index = items.len();
                            self.bump();
                            self.pointer.push('/');
                            self.pointer.push_str(&index.to_string());
                            state = State::Value;
                        }
                        (Frame::Object(..), Some(b',')) => {
                            self.bump();
                            state = State::Key;
                        }
                        (Frame::Array(_), Some(b']')) | (Frame::Object(..), Some(b'}')) => {
                            self.bump();
                            state = self.close(&mut stack, &mut root)?;
                        }
                        (Frame::Array(_), _) => {
                            return Err(self.syntax(msg!(
                                "expected `,` or `]` in the array, found {}",
                                m(self.found())
                            )));
                        }
                        (Frame::Object(..), _) => {
                            return Err(self.syntax(msg!(
                                "expected `,` or `}}` in the object, found {}",
                                m(self.found())
                            )));
                        }
                    }
                }
            }
        }
    }

    fn close(&mut self, stack: &mut Vec<Open>, root: &mut Option<Value>) -> Result<State, Problem> {
        let Some(open) = stack.pop() else {
            return Err(self.syntax("unbalanced brackets"));
        };
        self.pointer.truncate(open.pointer_len);
        let value = match open.frame {
            Frame::Array(items) => Value::Array(items),
            Frame::Object(map, _) => Value::Object(map),
        };
        self.complete(value, open.start, stack, root)
    }

    fn complete(
        &mut self,
        value: Value,
        start: Pos,
        stack: &mut [Open],
        root: &mut Option<Value>,
    ) -> Result<State, Problem> {
        if stack.len() <= self.limits.positions_depth {
            let pos = Pos {
                len: self.i - start.offset,
                ..start
            };
            self.positions.insert(self.pointer.clone(), pos);
        }
        match stack.last_mut() {
            None => *root = Some(value),
            Some(open) => {
                self.pointer.truncate(open.pointer_len);
                match &mut open.frame {
                    Frame::Array(items) => items.push(value),
                    Frame::Object(map, pending) => {
                        if let Some((key, key_pos)) = pending.take() {
                            if map.contains_key(&key) {
                                let mut field = self.pointer.clone();
                                push_pointer(&mut field, &key);
                                self.problems.push(
                                    Problem::new(
                                        "json.duplicate-key",
                                        msg!(
                                            "the key `{}` appears twice in this object; the second value is used, keep only one",
                                            v(key)
                                        ),
                                        key_pos,
                                    )
                                    .with_field(field),
                                );
                            }
                            map.insert(key, value);
                        }
                    }
                }
            }
        }
        Ok(State::After)
    }

    fn number(&mut self) -> Result<Number, Problem> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.bump();
        }
        let digits = |p: &mut Self| {
            let from = p.i;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.bump();
            }
            p.i - from
        };
        let int_start = self.i;
        let n = digits(self);
        if n == 0 {
            return Err(self.syntax("a number needs digits"));
        }
        if n > 1 && self.text.as_bytes().get(int_start) == Some(&b'0') {
            return Err(self.syntax("a number does not start with 0"));
        }
        let mut float = false;
        if self.peek() == Some(b'.') {
            float = true;
            self.bump();
            if digits(self) == 0 {
                return Err(self.syntax("a decimal point needs digits after it"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            float = true;
            self.bump();
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.bump();
            }
            if digits(self) == 0 {
                return Err(self.syntax("an exponent needs digits"));
            }
        }
        let raw = self.text.get(start..self.i).unwrap_or("0");
        Ok(number_from_text(raw, float))
    }

    fn string(&mut self) -> Result<String, Problem> {
        let start = self.pos();
        self.bump();
        let mut out = String::new();
        let mut segment = self.i;
        loop {
            match self.peek() {
                None => {
                    return Err(Problem::new(
                        "json.syntax",
                        "the string is never closed; end it with `\"`",
                        Pos { len: 1, ..start },
                    ));
                }
                Some(b'"') => {
                    out.push_str(self.text.get(segment..self.i).unwrap_or(""));
                    self.bump();
                    break;
                }
                Some(b'\\') => {
                    out.push_str(self.text.get(segment..self.i).unwrap_or(""));
                    let escape_pos = self.pos();
                    self.bump();
                    let Some(c) = self.peek() else { continue };
                    self.bump();
                    match c {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let c = self.unicode_escape(escape_pos)?;
                            out.push(c);
                        }
                        _ => {
                            return Err(Problem::new(
                                "json.syntax",
                                "unknown escape in a string; write a backslash as `\\\\`",
                                Pos {
                                    len: 2,
                                    ..escape_pos
                                },
                            ));
                        }
                    }
                    segment = self.i;
                }
                Some(b) if b < 0x20 => {
                    return Err(self.syntax(
                        "a control character (such as a line break) inside a string; write it as an escape such as `\\n`",
                    ));
                }
                Some(_) => self.bump(),
            }
            // The string's bytes as written between its quotes (the meaning a CSV cell's
            // size has too).
            if self.i - start.offset - 1 > self.limits.max_string {
                let mut p = Problem::new(
                    "limit.cell-size",
                    msg!(
                        "a string longer than the limit of {} bytes; the file was not read further",
                        f(self.limits.max_string)
                    ),
                    start,
                );
                p.field = Some(self.pointer.clone());
                return Err(p);
            }
        }
        Ok(out)
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.i..self.end)?.get(..4)?;
        let v = u32::from_str_radix(digits, 16).ok()?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        for _ in 0..4 {
            self.bump();
        }
        Some(v)
    }

    fn unicode_escape(&mut self, at: Pos) -> Result<char, Problem> {
        let bad = |p: &Self| {
            Problem::new(
                "json.syntax",
                "`\\u` needs four hexadecimal digits",
                Pos { len: 2, ..at },
            )
            .with_field(p.pointer.clone())
        };
        let Some(high) = self.hex4() else {
            return Err(bad(self));
        };
        if (0xD800..0xDC00).contains(&high) {
            let rest = self.text.get(self.i..self.end).unwrap_or("");
            if rest.starts_with("\\u") {
                let save = (self.i, self.line, self.column);
                self.bump();
                self.bump();
                if let Some(low) = self.hex4() {
                    if (0xDC00..0xE000).contains(&low) {
                        let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                        return Ok(char::from_u32(c).unwrap_or('\u{FFFD}'));
                    }
                }
                (self.i, self.line, self.column) = save;
            }
        }
        match char::from_u32(high) {
            Some(c) => Ok(c),
            None => {
                self.problems.push(
                    Problem::new(
                        "json.syntax",
                        "a lone UTF-16 surrogate escape stands for no character; it was read as U+FFFD",
                        Pos { len: 6, ..at },
                    )
                    .with_field(self.pointer.clone()),
                );
                Ok('\u{FFFD}')
            }
        }
    }
}

/// The number `raw` (valid JSON number text) stands for: an integer when it fits 64 bits and
/// has no fraction or exponent, else the nearest finite floating-point number.
fn number_from_text(raw: &str, float: bool) -> Number {
    if !float {
        if let Ok(n) = raw.parse::<u64>() {
            return Number::from(n);
        }
        if let Ok(n) = raw.parse::<i64>() {
            return Number::from(n);
        }
    }
    let f = raw.parse::<f64>().unwrap_or(0.0);
    let f = if f.is_finite() {
        f
    } else if f < 0.0 {
        f64::MIN
    } else {
        f64::MAX
    };
    Number::from_f64(f).unwrap_or_else(|| Number::from(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: JsonLimits = JsonLimits {
        max_depth: 64,
        max_string: 1000,
        positions_depth: 3,
    };

    #[test]
    fn positions_and_pointers() {
        let text = "{\"officials\": [\n  {\"id\": \"off-a\", \"n\": 1e400, \"a/b\": [1, 2]}\n]}";
        let p = parse(text, LIMITS).unwrap();
        assert_eq!(p.positions["/officials/0/id"], Pos::new(2, 10, 25, 7));
        assert_eq!(p.positions["/officials/0/a~1b"].line, 2);
        assert_eq!(p.value["officials"][0]["n"].as_f64(), Some(f64::MAX));
        assert!(p.problems.is_empty());
    }

    #[test]
    fn duplicate_keys_and_depth() {
        let p = parse("{\"a\": 1,\n \"a\": 2}", LIMITS).unwrap();
        assert_eq!(p.problems[0].code, "json.duplicate-key");
        assert_eq!((p.problems[0].pos.line, p.problems[0].pos.column), (2, 2));
        let deep = "[".repeat(200_000);
        let e = parse(&deep, LIMITS).unwrap_err();
        assert_eq!(e.fatal.code, "limit.depth");
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = parse("{\"a\": tru}", LIMITS).unwrap_err();
        assert_eq!((e.fatal.code, e.fatal.pos.column), ("json.syntax", 7));
        let e = parse("[1,]", LIMITS).unwrap_err();
        assert_eq!(e.fatal.pos.column, 4);
        let e = parse("\"\\ud83d\\ude00\" x", LIMITS).unwrap_err();
        assert_eq!(e.fatal.pos.column, 16);
        assert_eq!(parse("\"\\ud83d\\ude00\"", LIMITS).unwrap().value, "😀");
    }
}
