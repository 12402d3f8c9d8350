//! A row's cells read straight into its table's type, by position or by the header's names,
//! without copying them into a `csv::StringRecord` first: the fast path of
//! the CSV batch check (`check/csv_batch.rs`), for rows split at their commas and rows read by the positioned
//! reader alike.
//!
//! It is stricter than the `csv` crate's deserializer, never looser: it accepts only what
//! that one accepts, and reads it to the same value (a cell is text, an empty cell of an
//! optional field is none, a number is decimal digits, a boolean is `true` or `false`, an
//! enum is one of its names). Anything else (`0x1F`, which the `csv` crate reads as a
//! number but no schema does, `+5`, a cell where the type asks for something this reader
//! does not know) is refused, and the row goes to the JSON Schema, which gives the findings.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

use crate::input::csv_records::Cell as ReadCell;

/// Why the cells were refused; the JSON Schema says what is wrong.
#[derive(Debug)]
pub(crate) struct Refused;

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not read on the fast path")
    }
}

impl std::error::Error for Refused {}

impl de::Error for Refused {
    fn custom<T: fmt::Display>(_: T) -> Refused {
        Refused
    }
}

/// Where a row's cells are.
#[derive(Clone, Copy)]
pub(crate) enum Row<'a> {
    /// `text[s..e]` for each `(s, e)` of the bounds: a row split at its commas.
    Split(&'a str, &'a [(usize, usize)]),
    /// The cells of the positioned reader, unquoted.
    Read(&'a [ReadCell<'a>]),
}

impl<'a> Row<'a> {
    pub fn len(&self) -> usize {
        match self {
            Row::Split(_, bounds) => bounds.len(),
            Row::Read(cells) => cells.len(),
        }
    }

    /// Cell `i`'s value.
    pub fn get(&self, i: usize) -> Option<&'a str> {
        match self {
            Row::Split(text, bounds) => bounds.get(i).and_then(|(s, e)| text.get(*s..*e)),
            Row::Read(cells) => cells.get(i).map(|c| &*c.value),
        }
    }
}

/// The cells of one row, read in order: as the fields of the table in order (`names` is
/// `None`), or as the values of the columns `names` (the header), matched by name.
pub(crate) struct Cells<'a> {
    row: Row<'a>,
    names: Option<&'a [String]>,
    next: usize,
}

impl<'a> Cells<'a> {
    pub fn new(row: Row<'a>, names: Option<&'a [String]>) -> Cells<'a> {
        Cells {
            row,
            names,
            next: 0,
        }
    }

    /// Reads the row as a record of type `R`; `None` when refused.
    pub fn read<R: de::DeserializeOwned>(mut self) -> Option<R> {
        if self.names.is_some_and(|n| n.len() != self.row.len()) {
            return None;
        }
        let record = R::deserialize(&mut self).ok()?;
        // Every cell read: a row with cells left over is not that record.
        (self.next == self.row.len()).then_some(record)
    }

    /// The next cell, counted as read.
    fn take(&mut self) -> Result<Option<&'a str>, Refused> {
        if self.next >= self.row.len() {
            return Ok(None);
        }
        let cell = self.row.get(self.next).ok_or(Refused)?;
        self.next += 1;
        Ok(Some(cell))
    }
}

impl<'de> de::Deserializer<'de> for &mut Cells<'de> {
    type Error = Refused;

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Refused> {
        if self.names.is_some() {
            visitor.visit_map(self)
        } else {
            visitor.visit_seq(self)
        }
    }

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Refused> {
        Err(Refused)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

impl<'de> MapAccess<'de> for Cells<'de> {
    type Error = Refused;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Refused> {
        let Some(name) = self.names.and_then(|n| n.get(self.next)) else {
            return Ok(None);
        };
        let name = de::value::BorrowedStrDeserializer::<Refused>::new(name);
        seed.deserialize(name).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Refused> {
        let cell = self.take()?.ok_or(Refused)?;
        seed.deserialize(Cell(cell))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.row.len() - self.next)
    }
}

impl<'de> SeqAccess<'de> for Cells<'de> {
    type Error = Refused;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Refused> {
        match self.take()? {
            Some(cell) => seed.deserialize(Cell(cell)).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.row.len() - self.next)
    }
}

/// One cell, as the value of one field.
struct Cell<'a>(&'a str);

impl Cell<'_> {
    /// The cell as a whole number in decimal digits (what `str::parse` reads, less the sign).
    fn digits<N: std::str::FromStr>(&self) -> Result<N, Refused> {
        if self.0.is_empty() || !self.0.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Refused);
        }
        self.0.parse().map_err(|_| Refused)
    }
}

macro_rules! unsigned {
    ($($method:ident $visit:ident $t:ty),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refused> {
            visitor.$visit(self.digits::<$t>()?)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Cell<'de> {
    type Error = Refused;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Refused> {
        Err(Refused)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refused> {
        match self.0 {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            _ => Err(Refused),
        }
    }

    unsigned!(deserialize_u8 visit_u8 u8, deserialize_u16 visit_u16 u16,
        deserialize_u32 visit_u32 u32, deserialize_u64 visit_u64 u64);

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refused> {
        visitor.visit_borrowed_str(self.0)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refused> {
        visitor.visit_str(self.0)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Refused> {
        if self.0.is_empty() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Refused> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Refused> {
        visitor.visit_enum(self)
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u128 f32 f64 char bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

impl<'de> de::EnumAccess<'de> for Cell<'de> {
    type Error = Refused;
    type Variant = UnitOnly;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, UnitOnly), Refused> {
        let name = de::value::BorrowedStrDeserializer::<Refused>::new(self.0);
        seed.deserialize(name).map(|v| (v, UnitOnly))
    }
}

/// The variant of an enum named by a cell: only a unit variant can be.
struct UnitOnly;

impl<'de> de::VariantAccess<'de> for UnitOnly {
    type Error = Refused;

    fn unit_variant(self) -> Result<(), Refused> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value, Refused> {
        Err(Refused)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, Refused> {
        Err(Refused)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Refused> {
        Err(Refused)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Official, Position};

    /// Splits a quote-free row at its commas.
    fn bounds(row: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut from = 0;
        for (i, b) in row.bytes().enumerate() {
            if b == b',' {
                out.push((from, i));
                from = i + 1;
            }
        }
        out.push((from, row.len()));
        out
    }

    fn by_csv<R: de::DeserializeOwned>(row: &str) -> Option<R> {
        let record = ::csv::StringRecord::from(row.split(',').collect::<Vec<_>>());
        record.deserialize(None).ok()
    }

    fn by_cells<R: de::DeserializeOwned>(row: &str) -> Option<R> {
        let b = bounds(row);
        Cells::new(Row::Split(row, &b), None).read()
    }

    /// The row with its cells (and the header's columns) in reverse order, read by name.
    fn by_name<R: de::DeserializeOwned>(header: &[&str], row: &str) -> (Option<R>, Option<R>) {
        let names: Vec<String> = header.iter().rev().map(|n| n.to_string()).collect();
        let reversed = row.split(',').rev().collect::<Vec<_>>().join(",");
        let b = bounds(&reversed);
        let quick = Cells::new(Row::Split(&reversed, &b), Some(&names)).read();
        let header = ::csv::StringRecord::from(names.clone());
        let record = ::csv::StringRecord::from(reversed.split(',').collect::<Vec<_>>());
        (quick, record.deserialize(Some(&header)).ok())
    }

    /// Reading by name accepts what reading by position does (and so only what the `csv`
    /// crate does), as the same record, whatever the order of the columns.
    #[test]
    fn by_name_agrees_with_by_position_and_the_csv_crate() {
        let header = [
            "id",
            "name",
            "name_as_reported",
            "honorific",
            "nationality",
            "nationality_basis",
            "source_id",
            "paragraph",
            "locator",
            "basis",
            "note",
        ];
        let rows = [
            "off-a,Ada Berg,Ada Berg,Ms.,,,src-a,1,,stated,",
            "off-a,Ada Berg,Ada Berg,,TR,stated,src-a,12,,stated,a note",
            "off-a,Ada Berg,Ada Berg,,,,src-a,0x1,,stated,",
            "off-a,Ada Berg,Ada Berg,,,,src-a,+1,,stated,",
            "off-a,Ada Berg,Ada Berg,,,,src-a,,,stated,",
            "off-a,Ada Berg,Ada Berg,,,,src-a,1,,guessed,",
            ",,,,,,,,,,",
        ];
        let mut accepted = 0;
        for row in rows {
            let (quick, csv) = by_name::<Official>(&header, row);
            let positional: Option<Official> = by_cells(row);
            assert_eq!(
                format!("{quick:?}"),
                format!("{positional:?}"),
                "by name and by position differ on {row}"
            );
            if let Some(q) = quick {
                accepted += 1;
                let csv = csv.expect("the csv crate accepts it too");
                assert_eq!(format!("{q:?}"), format!("{csv:?}"), "{row}");
            }
        }
        // Schema v2: an empty paragraph is an absent one (a record may cite by `locator`
        // instead; `citation.place` asks for one of the two), so that row is good too.
        assert_eq!(accepted, 3, "the three good rows are read");
        // A column the type does not know is refused, as the csv crate refuses it (the
        // records deny unknown fields).
        let names: Vec<String> = ["extra"]
            .iter()
            .chain(&header)
            .map(|n| n.to_string())
            .collect();
        let row = "x,off-a,Ada Berg,Ada Berg,,,,src-a,1,,stated,";
        let b = bounds(row);
        let read: Option<Official> = Cells::new(Row::Split(row, &b), Some(&names)).read();
        assert!(read.is_none());
        let csv = ::csv::StringRecord::from(row.split(',').collect::<Vec<_>>())
            .deserialize::<Official>(Some(&::csv::StringRecord::from(names.clone())));
        assert!(csv.is_err());
        // With the column's name known, the same cells are read.
        let known: Vec<String> = names.iter().skip(1).cloned().collect();
        let row = row.trim_start_matches("x,");
        let b = bounds(row);
        let read: Option<Official> = Cells::new(Row::Split(row, &b), Some(&known)).read();
        assert_eq!(read.map(|o| o.id.to_string()), Some("off-a".to_owned()));
        // A header of another length than the row is refused.
        let read: Option<Official> = Cells::new(Row::Split(row, &b), Some(&names)).read();
        assert!(read.is_none());
    }

    /// What the quick reader accepts, the `csv` crate accepts too, as the same record.
    #[test]
    fn never_looser_than_the_csv_crate() {
        let officials = [
            "off-a,Ada Berg,Ada Berg,Ms.,,,src-a,1,,stated,",
            "off-a,Ada Berg,Ada Berg,,TR,stated,src-a,12,,stated,a note",
            "off-a,Ada Berg,Ada Berg,,,,src-a,0x1,,stated,",
            "off-a,Ada Berg,Ada Berg,,,,src-a,+1,,stated,",
            "off-a,Ada Berg,Ada Berg,,,,src-a,0,,stated,",
            "off-a,Ada Berg,Ada Berg,,,,src-a,,,stated,",
            "off-a,Ada Berg,Ada Berg,,,,src-a,99999999999999999999,,stated,",
            "off-a,Ada Berg,Ada Berg,,,,src-a,1,,guessed,",
            "off-a,Ada Berg,Ada Berg,,,,src-a,1,,stated,,",
            "off-a,Ada Berg,Ada Berg,,,,src-a,1,,stated",
            "OFF-a,Ada Berg,Ada Berg,,,,src-a,1,,stated,",
            ",,,,,,,,,,",
        ];
        let mut accepted = 0;
        for row in officials {
            let quick: Option<Official> = by_cells(row);
            if let Some(q) = &quick {
                accepted += 1;
                let csv: Official = by_csv(row).expect("the csv crate accepts it too");
                assert_eq!(format!("{q:?}"), format!("{csv:?}"), "{row}");
            }
        }
        // Schema v2: an empty paragraph is an absent one, so that row is good too.
        assert_eq!(accepted, 3, "the three good rows are read");
        let positions = [
            "pos-0,off-0,org-1,Deputy Minister,deputy_minister,true,2024-01-01,,,Lieutenant General,,,,,,src-8,1,,stated,",
            "pos-0,off-0,org-1,Deputy Minister,deputy_minister,TRUE,2024-01-01,,,,,,,,,src-8,1,,stated,",
            "pos-0,off-0,org-1,Deputy Minister,deputy_minister,false,2024-02-30,,,,,,,,,src-8,1,,stated,",
        ];
        let mut accepted = 0;
        for row in positions {
            if let Some(q) = by_cells::<Position>(row) {
                accepted += 1;
                let csv: Position = by_csv(row).expect("the csv crate accepts it too");
                assert_eq!(format!("{q:?}"), format!("{csv:?}"), "{row}");
            }
        }
        assert_eq!(accepted, 1, "the good row is read");
    }
}
