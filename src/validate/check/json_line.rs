//! The fast path for a JSON Lines line: `serde_json` reads the line into borrowed pieces (each
//! field's key and its value as written), the table's Rust type is deserialized from them, and
//! the typed and text rules run; positions are worked out only when the package checks ask for
//! one. It takes only the lines it can vouch for: a line that does not deserialize, breaks a
//! limit, or has anything wrong with it goes to the positioned reader
//! ([`crate::input::json`]), which then says exactly what and where, so the report is the
//! same either way (`tests/json_lines_paths.rs` checks it).
//!
//! Nothing here makes a finding: a line is either taken whole (its fields then go to the
//! package checks) or left to the slow path untouched.

use std::borrow::Cow;
use std::fmt;

use serde::de::value::MapDeserializer;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::input::json::{self, JsonLimits};
use crate::model::{Record, Table, TableVisitor};
use crate::validate::keys::{Fields, Loc};
use crate::validate::record::{FieldKind, Issue, TableCheck, text_issues, typed_rules};

/// What every line of one JSON Lines file shares.
pub(crate) struct DirectLines<'c> {
    check: &'c TableCheck,
    /// The free-text fields of the table, for the text rules.
    text_fields: Vec<&'c str>,
    limits: JsonLimits,
}

/// One field of a line, as written.
struct Field<'a> {
    key: &'a str,
    /// The value's JSON text (no surrounding white space), a slice of the line.
    raw: &'a str,
    /// The value as text, when it is a string (escapes resolved).
    text: Option<Cow<'a, str>>,
}

/// A line the fast path took: its fields, borrowed from the line.
pub(crate) struct LineFields<'a> {
    line: &'a str,
    fields: Vec<Field<'a>>,
}

impl<'c> DirectLines<'c> {
    /// The fast path for the lines of `check`'s table, under the limits the slow path reads
    /// them with.
    pub fn new(check: &'c TableCheck, limits: JsonLimits) -> DirectLines<'c> {
        let text_fields = check
            .fields
            .iter()
            .filter(|f| f.kind == FieldKind::Text)
            .map(|f| f.name.as_str())
            .collect();
        DirectLines {
            check,
            text_fields,
            limits,
        }
    }

    /// The fields of `line` when it is a record of the table that the record checks find
    /// nothing wrong with and that the slow path would read without a problem; `None` sends
    /// the line to the slow path.
    pub fn accept<'a>(&self, line: &'a str) -> Option<LineFields<'a>> {
        // The record object itself is one level deep; the fields are scalars (else the
        // typed record refuses them).
        if self.limits.max_depth == 0 {
            return None;
        }
        let Pairs(pairs) = serde_json::from_str(line).ok()?;
        let max = self.limits.max_string;
        // A string past the size limit stops the slow path: leave it every line that may hold
        // one (a key or value as written, quotes included, longer than the limit).
        if line.len() > max
            && pairs
                .iter()
                .any(|(k, v)| k.len() + 2 > max || v.get().len() > max)
        {
            return None;
        }
        let issues = self.check.table.visit(Typed(&pairs))?;
        if !issues.is_empty() {
            return None;
        }
        let mut fields = Vec::with_capacity(pairs.len());
        for (key, value) in pairs {
            let raw = value.get();
            let text = match raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
                Some(inner) if !inner.contains('\\') => Some(Cow::Borrowed(inner)),
                // Escapes (a lone surrogate refused, as the typed record did).
                Some(_) => Some(Cow::Owned(serde_json::from_str::<String>(raw).ok()?)),
                None => None,
            };
            fields.push(Field { key, raw, text });
        }
        let mut issues: Vec<Issue> = Vec::new();
        for name in &self.text_fields {
            if let Some(text) = fields
                .iter()
                .find(|f| f.key == *name)
                .and_then(|f| f.text.as_deref())
            {
                text_issues(name, text, &mut issues);
                if !issues.is_empty() {
                    return None;
                }
            }
        }
        Some(LineFields { line, fields })
    }
}

impl LineFields<'_> {
    /// Where `field` is in the line, as the slow path gives it: the value's start (its byte
    /// offset in the line, its column in characters) and length; the record object's, when
    /// the field is absent.
    fn place(&self, field: &str) -> (usize, u64, usize) {
        let (start, len) = match self.fields.iter().find(|f| f.key == field) {
            Some(f) => (
                (f.raw.as_ptr() as usize).wrapping_sub(self.line.as_ptr() as usize),
                f.raw.len(),
            ),
            None => {
                let ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r');
                let bytes = self.line.as_bytes();
                let start = bytes.iter().position(|b| !ws(b)).unwrap_or(0);
                let end = bytes.iter().rposition(|b| !ws(b)).map_or(start, |e| e + 1);
                (start, end - start)
            }
        };
        // Columns count characters: every byte but UTF-8 continuation bytes.
        let before = self.line.as_bytes().get(..start).unwrap_or_default();
        let chars = before.iter().filter(|b| **b & 0xC0 != 0x80).count();
        (start, chars as u64 + 1, len)
    }

    /// Where `field` is, for the package checks: the line is `line_no` of the file, starts at
    /// byte `line_offset` of it, and is record `record`.
    pub fn locate(
        &self,
        field: &'static str,
        (file, table): (u32, Table),
        (line_no, line_offset, record): (u64, u64, u64),
    ) -> Loc {
        let (start, column, len) = self.place(field);
        let mut pointer = String::with_capacity(field.len() + 1);
        json::push_pointer(&mut pointer, field);
        Loc {
            file,
            table,
            line: line_no,
            column,
            record,
            offset: line_offset + start as u64,
            len: len as u32,
            field: Cow::Owned(pointer),
        }
    }
}

impl Fields for LineFields<'_> {
    fn text(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.key == name)
            .and_then(|f| f.text.as_deref())
    }

    fn number(&self, name: &str) -> Option<u64> {
        let raw = self.fields.iter().find(|f| f.key == name)?.raw;
        // As the slow path reads numbers: an integer that fits 64 bits, without fraction or
        // exponent, is a whole number (`-0` too); anything else is not.
        if !raw.starts_with(|c: char| c == '-' || c.is_ascii_digit())
            || raw.contains(['.', 'e', 'E'])
        {
            return None;
        }
        match raw.parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => raw.parse::<i64>().ok().and_then(|n| u64::try_from(n).ok()),
        }
    }
}

/// The fields of a JSON object as written: keys without escapes (one with escapes refuses
/// the line) and raw values.
struct Pairs<'a>(Vec<(&'a str, &'a RawValue)>);

impl<'de> Deserialize<'de> for Pairs<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PairsVisitor;
        impl<'de> Visitor<'de> for PairsVisitor {
            type Value = Pairs<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a record object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs<'de>, A::Error> {
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(16));
                while let Some(key) = map.next_key::<&'de str>()? {
                    let value: &'de RawValue = map.next_value()?;
                    pairs.push((key, value));
                }
                Ok(Pairs(pairs))
            }
        }
        deserializer.deserialize_map(PairsVisitor)
    }
}

/// Deserializes a line's fields into its table's type (unknown and repeated fields refused)
/// and runs the typed rules.
struct Typed<'p, 'a>(&'p [(&'a str, &'a RawValue)]);

impl TableVisitor for Typed<'_, '_> {
    type Output = Option<Vec<Issue>>;
    fn visit<R: Record>(self) -> Self::Output {
        let map = MapDeserializer::<_, serde_json::Error>::new(self.0.iter().copied());
        let record = R::deserialize(map).ok()?;
        Some(typed_rules(&record))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    const LIMITS: JsonLimits = JsonLimits {
        max_depth: 64,
        max_string: 1 << 20,
        positions_depth: 1,
    };

    fn check() -> TableCheck {
        TableCheck::new(Table::Officials)
    }

    const GOOD: &str = r#" {"id": "off-a", "name": "Ağa", "name_as_reported": "A\"ga", "source_id": "src-a", "paragraph": 3, "basis": "stated"} "#;

    #[test]
    fn takes_a_clean_line_and_places_its_fields() {
        let check = check();
        let fast = DirectLines::new(&check, LIMITS);
        let line = fast.accept(GOOD).expect("a clean record is taken");
        assert_eq!(line.text("name"), Some("Ağa"));
        assert_eq!(line.text("name_as_reported"), Some("A\"ga"));
        assert_eq!(line.number("paragraph"), Some(3));
        assert_eq!(line.text("paragraph"), None);
        // The slow path gives the same places.
        let parsed = json::parse(GOOD, LIMITS).unwrap();
        for field in ["id", "name", "name_as_reported", "paragraph", "missing"] {
            let pos = parsed
                .positions
                .get(&format!("/{field}"))
                .or(parsed.positions.get(""))
                .copied()
                .unwrap();
            let loc = line.locate(field, (0, Table::Officials), (7, 100, 1));
            assert_eq!(
                (loc.line, loc.column, loc.offset, loc.len as usize),
                (7, pos.column, 100 + pos.offset as u64, pos.len),
                "{field}"
            );
        }
    }

    /// Every record of the bundled dataset (valid, with non-ASCII names), written as a JSON
    /// line, is taken: the fast path is the one valid data goes through.
    #[test]
    fn takes_every_bundled_record() {
        let Value::Object(tables) = serde_json::to_value(crate::package::bundled()).unwrap() else {
            panic!("a dataset is an object");
        };
        let mut taken = 0;
        for (name, rows) in &tables {
            let table = Table::from_name(name).unwrap();
            let check = TableCheck::new(table);
            let fast = DirectLines::new(&check, LIMITS);
            for row in rows.as_array().unwrap() {
                let line = row.to_string();
                assert!(fast.accept(&line).is_some(), "{line}");
                taken += 1;
            }
        }
        assert!(taken > 50, "{taken}");
    }

    #[test]
    fn leaves_anything_doubtful_to_the_slow_path() {
        let check = check();
        let fast = DirectLines::new(&check, LIMITS);
        let refused = [
            // Duplicate, unknown and escaped keys.
            GOOD.replace(
                r#""basis": "stated""#,
                r#""basis": "stated", "basis": "stated""#,
            ),
            GOOD.replace(r#""basis""#, r#""basis2""#),
            GOOD.replace(r#""basis""#, r#""b\u0061sis""#),
            // Type errors, a lone surrogate, a pattern, a text rule, a typed rule.
            GOOD.replace("3,", "3.5,"),
            GOOD.replace("3,", "-0,"),
            GOOD.replace("Ağa", "A\\ud800"),
            GOOD.replace("off-a", "OFF-a"),
            GOOD.replace("Ağa", "A  ga"),
            GOOD.replace(r#""paragraph""#, r#""nationality": "AZ", "paragraph""#),
            // Not an object, not JSON.
            "[1]".into(),
            "{\"id\": ".into(),
        ];
        for line in &refused {
            assert!(fast.accept(line).is_none(), "{line}");
        }
        // A number with a zero fraction is a whole number in JSON (see `model::whole`).
        for whole in ["3.0,", "3e0,", "0.3e1,"] {
            let line = GOOD.replace("3,", whole);
            assert!(fast.accept(&line).is_some(), "{line}");
        }
        let small = DirectLines::new(
            &check,
            JsonLimits {
                max_string: 8,
                ..LIMITS
            },
        );
        assert!(small.accept(GOOD).is_none());
        let flat = DirectLines::new(
            &check,
            JsonLimits {
                max_depth: 0,
                ..LIMITS
            },
        );
        assert!(flat.accept(GOOD).is_none());
    }
}
