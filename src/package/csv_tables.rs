//! Reading and writing the CSV tables of a package, strictly: the header must list the table's
//! fields in order, and every cell must parse as its field's type.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use serde::de::value::Error as CellError;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};

use crate::model::{Dataset, Record, Table, TableVisitor};

use super::descriptor::field_names;

/// Why a CSV table could not be read (or written), with where: the file, and the line and
/// field when the fault is in a record. [`CsvError::kind`] says what kind of fault it is, for
/// a program; the message says it for a person.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct CsvError {
    /// The file, as given by the caller (such as `data/officials.csv`).
    pub path: String,
    /// 1-based line of the fault, when it is in the file's contents.
    pub line: Option<u64>,
    /// The field (column) at fault, when known.
    pub field: Option<String>,
    /// What is wrong, in words a person can act on.
    pub message: String,
    /// What kind of fault it is.
    pub kind: CsvErrorKind,
    /// The I/O error behind a [`CsvErrorKind::Io`] fault.
    source: Option<Arc<std::io::Error>>,
}

/// The kinds of [`CsvError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CsvErrorKind {
    /// The file could not be read (its I/O error is the error's source).
    Io,
    /// A table's file is missing from the files given.
    MissingTable,
    /// The header is not the table's fields in order (or, read by name, names a field twice or
    /// one the table does not have).
    Header,
    /// The CSV is malformed: unbalanced quotes, a ragged row, bytes that are not UTF-8.
    Syntax,
    /// A cell does not read as its field's type, or the record as its table's type.
    Record,
    /// A row could not be written.
    Write,
}

impl PartialEq for CsvError {
    /// Equal when everything but the I/O source is equal.
    fn eq(&self, other: &Self) -> bool {
        (&self.path, self.line, &self.field, &self.message, self.kind)
            == (
                &other.path,
                other.line,
                &other.field,
                &other.message,
                other.kind,
            )
    }
}

impl Eq for CsvError {}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for CsvError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl CsvError {
    fn new(
        kind: CsvErrorKind,
        path: &str,
        line: Option<u64>,
        field: Option<String>,
        message: String,
    ) -> Self {
        CsvError {
            path: path.to_owned(),
            line,
            field,
            message,
            kind,
            source: None,
        }
    }

    fn from_csv(path: &str, headers: Option<&csv::StringRecord>, error: csv::Error) -> Self {
        let line = error.position().map(|p| p.line());
        let field = match error.kind() {
            csv::ErrorKind::Deserialize { err, .. } => err
                .field()
                .and_then(|i| headers.and_then(|h| h.get(i as usize)))
                .map(str::to_owned),
            _ => None,
        };
        let kind = match error.kind() {
            csv::ErrorKind::Deserialize { .. } => CsvErrorKind::Record,
            csv::ErrorKind::Io(_) => CsvErrorKind::Io,
            _ => CsvErrorKind::Syntax,
        };
        let message = match error.kind() {
            csv::ErrorKind::Deserialize { err, .. } => err.kind().to_string(),
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => format!("the record has {len} fields, the header {expected_len}"),
            csv::ErrorKind::Utf8 { err, .. } => format!("not valid UTF-8: {err}"),
            _ => error.to_string(),
        };
        CsvError::new(kind, path, line, field, message)
    }
}

/// Reads the rows of one table from CSV bytes. The header must be exactly the table's fields in
/// order ([`field_names`]); an empty cell is a missing optional value. `path` names the file in
/// errors.
pub fn read_table<R: Record>(bytes: &[u8], path: &str) -> Result<Vec<R>, CsvError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| CsvError::from_csv(path, None, e))?
        .clone();
    let expected = field_names(R::TABLE);
    if headers.iter().ne(expected.iter().map(String::as_str)) {
        return Err(CsvError::new(
            CsvErrorKind::Header,
            path,
            Some(1),
            None,
            format!(
                "the header is `{}`; the table `{}` needs exactly `{}`",
                headers.iter().collect::<Vec<_>>().join(","),
                R::TABLE,
                expected.join(",")
            ),
        ));
    }
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(CsvError::from_csv(path, Some(&headers), e)),
        }
        let line = record.position().map(|p| p.line());
        let mut cells = RecordCells {
            cells: headers.iter().zip(record.iter()),
            field: None,
            cell: "",
        };
        match R::deserialize(&mut cells) {
            Ok(row) => rows.push(row),
            Err(e) => {
                return Err(CsvError::new(
                    CsvErrorKind::Record,
                    path,
                    line,
                    cells.field.map(str::to_owned),
                    e.to_string(),
                ));
            }
        }
    }
    Ok(rows)
}

/// Writes rows as CSV with the table's header, in the form of the bundled tables (fields quoted
/// only when needed, `\n` line ends).
pub fn write_table<R: Record>(rows: &[R]) -> Result<String, CsvError> {
    let path = format!("{}.csv", R::TABLE);
    let fail = |e: csv::Error| CsvError::new(CsvErrorKind::Write, &path, None, None, e.to_string());
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    writer.write_record(field_names(R::TABLE)).map_err(fail)?;
    for row in rows {
        writer.serialize(row).map_err(fail)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| CsvError::new(CsvErrorKind::Write, &path, None, None, e.to_string()))?;
    String::from_utf8(bytes)
        .map_err(|e| CsvError::new(CsvErrorKind::Write, &path, None, None, e.to_string()))
}

/// Every table of `dataset` as CSV: `(file name, contents)` pairs such as `("officials.csv", ...)`,
/// in table order.
pub fn dataset_to_csv(dataset: &Dataset) -> Result<Vec<(String, String)>, CsvError> {
    struct Write<'a>(&'a Dataset);
    impl TableVisitor for Write<'_> {
        type Output = Result<String, CsvError>;
        fn visit<R: Record>(self) -> Self::Output {
            write_table(R::rows(self.0))
        }
    }
    Table::ALL
        .iter()
        .map(|&t| Ok((format!("{t}.csv"), t.visit(Write(dataset))?)))
        .collect()
}

/// Builds a dataset from CSV files given as `(path, bytes)`, one per table, named
/// `<table>.csv` (the path may have leading folders). Every table must be present but the
/// optional ones ([`Table::optional`]), left empty when absent; other files (such as
/// `datapackage.json`) are ignored.
pub fn dataset_from_csv_files<P: AsRef<str>, B: AsRef<[u8]>>(
    files: &[(P, B)],
) -> Result<Dataset, CsvError> {
    struct Read<'a> {
        bytes: &'a [u8],
        path: &'a str,
        dataset: &'a mut Dataset,
    }
    impl TableVisitor for Read<'_> {
        type Output = Result<(), CsvError>;
        fn visit<R: Record>(self) -> Self::Output {
            *R::rows_mut(self.dataset) = read_table::<R>(self.bytes, self.path)?;
            Ok(())
        }
    }
    let mut dataset = Dataset::default();
    for table in Table::ALL {
        let wanted = format!("{table}.csv");
        let file = files.iter().find(|(path, _)| {
            let path = path.as_ref();
            path == wanted || path.ends_with(&format!("/{wanted}"))
        });
        let Some((path, bytes)) = file else {
            if table.optional() {
                continue;
            }
            return Err(CsvError::new(
                CsvErrorKind::MissingTable,
                &wanted,
                None,
                None,
                format!(
                    "the package has no `{wanted}`; every table needs its file, even with a header only"
                ),
            ));
        };
        table.visit(Read {
            bytes: bytes.as_ref(),
            path: path.as_ref(),
            dataset: &mut dataset,
        })?;
    }
    Ok(dataset)
}

/// Reads `<table>.csv` for every table from the folder `dir`.
pub fn read_csv_dir(dir: &Path) -> Result<Dataset, CsvError> {
    let mut files = Vec::new();
    for table in Table::ALL {
        let path = dir.join(format!("{table}.csv"));
        if table.optional() && !path.exists() {
            continue;
        }
        let label = path.display().to_string();
        let bytes = std::fs::read(&path).map_err(|e| {
            let mut error = CsvError::new(
                CsvErrorKind::Io,
                &label,
                None,
                None,
                format!("cannot read: {e}"),
            );
            error.source = Some(Arc::new(e));
            error
        })?;
        files.push((label, bytes));
    }
    dataset_from_csv_files(&files)
}

/// One CSV record seen as a map from header to cell, remembering the field being read so that
/// an error names it (the `csv` crate's own deserializer loses the field for errors raised by a
/// value type, such as an unknown country code).
struct RecordCells<'a, I: Iterator<Item = (&'a str, &'a str)>> {
    cells: I,
    field: Option<&'a str>,
    cell: &'a str,
}

impl<'de, 'a, I: Iterator<Item = (&'a str, &'a str)>> de::Deserializer<'de>
    for &mut RecordCells<'a, I>
{
    type Error = CellError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        visitor.visit_map(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

impl<'de, 'a, I: Iterator<Item = (&'a str, &'a str)>> MapAccess<'de> for &mut RecordCells<'a, I> {
    type Error = CellError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, CellError> {
        match self.cells.next() {
            None => Ok(None),
            Some((name, cell)) => {
                self.field = Some(name);
                self.cell = cell;
                seed.deserialize(name.into_deserializer()).map(Some)
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, CellError> {
        seed.deserialize(Cell(self.cell))
    }
}

/// One cell: an empty cell is a missing optional value; numbers, booleans and enum values are
/// parsed from the text; everything else is read as text.
struct Cell<'a>(&'a str);

macro_rules! parse_number {
    ($($method:ident => $visit:ident: $ty:ty),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
            match self.0.parse::<$ty>() {
                Ok(n) => visitor.$visit(n),
                Err(_) => Err(de::Error::custom(format!(
                    "{:?} is not a whole number (0 to {})",
                    self.0,
                    <$ty>::MAX
                ))),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Cell<'_> {
    type Error = CellError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        visitor.visit_str(self.0)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        if self.0.is_empty() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, CellError> {
        match self.0 {
            "true" => visitor.visit_bool(true),
            "false" => visitor.visit_bool(false),
            other => Err(de::Error::custom(format!(
                "{other:?} is not `true` or `false`"
            ))),
        }
    }

    parse_number!(
        deserialize_u8 => visit_u8: u8,
        deserialize_u16 => visit_u16: u16,
        deserialize_u32 => visit_u32: u32,
        deserialize_u64 => visit_u64: u64
    );

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, CellError> {
        visitor.visit_enum(self.0.into_deserializer())
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u128 f32 f64 char str string bytes byte_buf unit unit_struct
        newtype_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// The rows of one CSV table read one at a time from any reader, so a table of any size is
/// read in bounded memory (the export to Parquet streams through it). Cells are matched to
/// fields by the header's names, so the columns may come in any order; a header naming a
/// field twice, or no field of the table, is refused.
pub struct CsvRows<R, Rd: std::io::Read> {
    reader: csv::Reader<Rd>,
    headers: csv::StringRecord,
    record: csv::StringRecord,
    path: String,
    done: bool,
    _rows: std::marker::PhantomData<fn() -> R>,
}

impl<R: Record, Rd: std::io::Read> CsvRows<R, Rd> {
    /// Reads the header of `reader`; `path` names the file in errors.
    pub fn new(reader: Rd, path: &str) -> Result<Self, CsvError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(reader);
        let headers = reader
            .headers()
            .map_err(|e| CsvError::from_csv(path, None, e))?
            .clone();
        let fields = field_names(R::TABLE);
        for (i, name) in headers.iter().enumerate() {
            if !fields.iter().any(|f| f == name) {
                return Err(CsvError::new(
                    CsvErrorKind::Header,
                    path,
                    Some(1),
                    Some(name.to_owned()),
                    format!("the table `{}` has no field `{name}`", R::TABLE),
                ));
            }
            if headers.iter().take(i).any(|earlier| earlier == name) {
                return Err(CsvError::new(
                    CsvErrorKind::Header,
                    path,
                    Some(1),
                    Some(name.to_owned()),
                    format!("the header names `{name}` twice"),
                ));
            }
        }
        Ok(CsvRows {
            reader,
            headers,
            record: csv::StringRecord::new(),
            path: path.to_owned(),
            done: false,
            _rows: std::marker::PhantomData,
        })
    }
}

impl<R: Record, Rd: std::io::Read> Iterator for CsvRows<R, Rd> {
    type Item = Result<R, CsvError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.reader.read_record(&mut self.record) {
            Ok(true) => {}
            Ok(false) => {
                self.done = true;
                return None;
            }
            Err(e) => {
                self.done = true;
                return Some(Err(CsvError::from_csv(&self.path, Some(&self.headers), e)));
            }
        }
        let line = self.record.position().map(|p| p.line());
        let mut cells = RecordCells {
            cells: self.headers.iter().zip(self.record.iter()),
            field: None,
            cell: "",
        };
        match R::deserialize(&mut cells) {
            Ok(row) => Some(Ok(row)),
            Err(e) => {
                self.done = true;
                let field = cells.field.map(str::to_owned);
                Some(Err(CsvError::new(
                    CsvErrorKind::Record,
                    &self.path,
                    line,
                    field,
                    e.to_string(),
                )))
            }
        }
    }
}
