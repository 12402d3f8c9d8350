//! Reading and writing the CSV tables of a package, strictly: the header must list the table's
//! fields (in order, for [`read_table`]), every cell must parse as its field's type, and the
//! file must be well-formed CSV in UTF-8.
//!
//! Reading goes through the validator's own readers, so the two never disagree on where a
//! record ends or what its cells hold: the one CSV scanner
//! ([`crate::input::csv_scan`]) says where each record ends, the positioned reader
//! ([`crate::input::csv_records`]) splits and unquotes its cells, and the encoding check
//! ([`crate::input::text`]) reads the bytes. Where the validator reports a problem and reads
//! on, this reader stops: any problem is a [`CsvError`] with its file, line and column.
//! Writing uses the `csv` crate (writing decides nothing about where a record ends).

use std::fmt;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use serde::de::value::Error as CellError;
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, Visitor};

use crate::input::csv_records::{Cell as ReadCell, Reader as CellReader, Record as ReadRecord};
use crate::input::csv_scan::RecordScanner;
use crate::input::text::{self, EncodingCheck};
use crate::input::{Pos, Problem};
use crate::model::{Dataset, Record, Table, TableVisitor};

use super::descriptor::field_names;

/// Why a CSV table could not be read (or written), with where: the file, and the line, column
/// and field when the fault is in a record. [`CsvError::kind`] says what kind of fault it is,
/// for a program; the message says it for a person.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct CsvError {
    /// The file, as given by the caller (such as `data/officials.csv`).
    pub path: String,
    /// 1-based line of the fault, when it is in the file's contents.
    pub line: Option<u64>,
    /// 1-based column (in characters) of the fault on its line, when known.
    pub column: Option<u64>,
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
    /// The header is missing or is not the table's fields in order (or, read by name, names a
    /// field twice or one the table does not have).
    Header,
    /// The CSV is malformed: a quote out of place or never closed, a ragged row, bytes that
    /// are not UTF-8 (or a file in UTF-16), NUL bytes.
    Syntax,
    /// A cell does not read as its field's type, or the record as its table's type.
    Record,
    /// A row could not be written.
    Write,
}

impl PartialEq for CsvError {
    /// Equal when everything but the I/O source is equal.
    fn eq(&self, other: &Self) -> bool {
        (
            &self.path,
            self.line,
            self.column,
            &self.field,
            &self.message,
            self.kind,
        ) == (
            &other.path,
            other.line,
            other.column,
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
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
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
            column: None,
            field,
            message,
            kind,
            source: None,
        }
    }

    /// A fault at `pos` in the file's text.
    fn at(
        kind: CsvErrorKind,
        path: &str,
        pos: Pos,
        field: Option<String>,
        message: String,
    ) -> Self {
        CsvError {
            column: Some(pos.column),
            ..CsvError::new(kind, path, Some(pos.line), field, message)
        }
    }

    /// A problem the validator's readers found, which this reader does not read past.
    fn from_problem(path: &str, problem: &Problem) -> Self {
        let message = match &problem.hint {
            Some(hint) => format!("{} ({hint})", problem.message),
            None => problem.message.to_string(),
        };
        CsvError::at(
            CsvErrorKind::Syntax,
            path,
            problem.pos,
            problem.field.clone(),
            message,
        )
    }

    fn io(path: &str, message: String, error: std::io::Error) -> Self {
        let mut out = CsvError::new(CsvErrorKind::Io, path, None, None, message);
        out.source = Some(Arc::new(error));
        out
    }
}

/// Bytes read from the source at a time.
const CHUNK: usize = 64 << 10;

/// The records of a CSV file, one at a time from any reader, read by the validator's readers
/// (see the module docs): any problem they find is an error, and reading stops there.
struct StrictRecords<Rd> {
    source: Rd,
    path: String,
    /// Bytes read at a time.
    chunk: usize,
    /// Bytes read; those before `taken` were given as records already.
    buf: Vec<u8>,
    taken: usize,
    /// The bytes of `buf` the scanner may look at: up to the last line feed read (so a CR
    /// at the end of what is read is never taken for a whole line end), or all of them at
    /// the end of the file.
    window: usize,
    /// The start of the file was checked (UTF-16 or UTF-32, a byte-order mark dropped).
    started: bool,
    eof: bool,
    /// Physical line of `buf[taken]`, as the positioned reader counts lines (CRLF, LF or a
    /// lone CR end one).
    line: u64,
    /// Line of `buf[taken]` counting line feeds only, and the characters before it on that
    /// line, as the encoding check counts them (see [`text::position_in`]).
    lf_line: u64,
    lf_column: u64,
    /// Offset of `buf[taken]` in the file's text (after a byte-order mark).
    offset: usize,
    /// The encoding check, fed each record.
    check: EncodingCheck,
    problems: Vec<Problem>,
}

impl<Rd: Read> StrictRecords<Rd> {
    fn new(source: Rd, path: &str) -> Self {
        StrictRecords {
            source,
            path: path.to_owned(),
            chunk: CHUNK,
            buf: Vec::new(),
            taken: 0,
            window: 0,
            started: false,
            eof: false,
            line: 1,
            lf_line: 1,
            lf_column: 0,
            offset: 0,
            check: EncodingCheck::default(),
            problems: Vec::new(),
        }
    }

    /// Reads more bytes (or notes the end of the file), first dropping the bytes given as
    /// records: gives how many were dropped (every index into `buf` moves back by as many).
    fn fill(&mut self) -> Result<usize, CsvError> {
        let dropped = std::mem::take(&mut self.taken);
        self.buf.drain(..dropped);
        self.window = self.window.saturating_sub(dropped);
        loop {
            let before = self.buf.len();
            let n = match (&mut self.source)
                .take(self.chunk as u64)
                .read_to_end(&mut self.buf)
            {
                Ok(n) => n,
                Err(e) => return Err(CsvError::io(&self.path, format!("cannot read: {e}"), e)),
            };
            // Short of a chunk: the source has no more.
            self.eof = n < self.chunk;
            if !self.started {
                // Enough to tell UTF-16 without a byte-order mark (four byte pairs).
                if self.buf.len() < 8 && !self.eof {
                    continue;
                }
                self.started = true;
                if let Some(p) = text::wide_encoding(&self.buf) {
                    return Err(CsvError::from_problem(&self.path, &p));
                }
                if self.buf.starts_with(b"\xEF\xBB\xBF") {
                    self.buf.drain(..3);
                }
                self.window = 0;
            }
            let new = self
                .buf
                .get(before.min(self.buf.len())..)
                .unwrap_or_default();
            if self.eof {
                self.window = self.buf.len();
            } else if let Some(i) = new.iter().rposition(|b| *b == b'\n') {
                self.window = self.buf.len() - new.len() + i + 1;
            }
            return Ok(dropped);
        }
    }

    /// The next record (blank lines before it skipped), given to `take` with its offsets in
    /// the file's text; `None` at the end of the file.
    fn next_record<T>(
        &mut self,
        take: impl FnOnce(&ReadRecord<'_>) -> Result<T, CsvError>,
    ) -> Result<Option<T>, CsvError> {
        if !self.started {
            self.fill()?;
        }
        // The first byte of the record, past blank lines.
        let mut first = self.taken;
        loop {
            match self.buf.get(first) {
                Some(b'\n' | b'\r') => first += 1,
                Some(_) => break,
                None if self.eof => return self.at_end().map(|()| None),
                None => first -= self.fill()?,
            }
        }
        let mut scanner = RecordScanner::new(first);
        let end = loop {
            if let Some(end) = scanner.scan(self.buf.get(..self.window).unwrap_or_default()) {
                break end.end;
            }
            if self.eof {
                break self.buf.len();
            }
            scanner.moved_back(self.fill()?);
        };
        let bytes = self.buf.get(self.taken..end).unwrap_or_default();
        let (line, offset) = (self.line, self.offset);
        let (lf_line, lf_column) = (self.lf_line, self.lf_column);
        let locate = |text: &str, at: usize| {
            let p = text::position_in(text, at);
            let column = if p.line == 1 {
                p.column + lf_column
            } else {
                p.column
            };
            Pos::new(p.line + lf_line - 1, column, p.offset + offset, 0)
        };
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                self.check.invalid_utf8(bytes, e.valid_up_to(), locate);
                return Err(self.first_problem());
            }
        };
        self.check.text(text, locate);
        self.problems.clear();
        let mut reader = CellReader::starting_at(text, 0, line, usize::MAX, usize::MAX);
        let Some(mut record) = reader.next_record(&mut self.problems) else {
            // Not reached: the text holds a byte that is not a line end.
            return Err(self.first_problem());
        };
        if let Some(p) = self.problems.first() {
            return Err(CsvError::from_problem(&self.path, p));
        }
        record.start += offset;
        record.end += offset;
        let out = take(&record)?;
        self.line = reader.line();
        let bytes = text.as_bytes();
        match memchr::memrchr(b'\n', bytes) {
            Some(last) => {
                self.lf_line += memchr::memchr_iter(b'\n', bytes).count() as u64;
                self.lf_column = text::char_count(bytes.get(last + 1..).unwrap_or_default());
            }
            None => self.lf_column += text::char_count(bytes),
        }
        self.offset += end - self.taken;
        self.taken = end;
        Ok(Some(out))
    }

    /// At the end of the file: the encoding problems of the whole file (NUL bytes).
    fn at_end(&self) -> Result<(), CsvError> {
        match self
            .check
            .problems()
            .iter()
            .find(|p| p.code != "file.empty")
        {
            Some(p) => Err(CsvError::from_problem(&self.path, p)),
            None => Ok(()),
        }
    }

    /// The first encoding problem found.
    fn first_problem(&self) -> CsvError {
        match self.check.problems().first() {
            Some(p) => CsvError::from_problem(&self.path, p),
            None => CsvError::new(
                CsvErrorKind::Syntax,
                &self.path,
                Some(self.line),
                None,
                "the record could not be read".to_owned(),
            ),
        }
    }
}

/// A header cell: the field name and where it is.
struct HeaderName {
    name: String,
    pos: Pos,
}

/// How a header is checked against its table's fields.
#[derive(Clone, Copy, PartialEq, Eq)]
enum HeaderRule {
    /// Exactly the table's fields, in order.
    Exact,
    /// Fields of the table in any order, each once.
    ByName,
}

/// Reads the header of a table's file and checks it against the table's fields.
fn read_header<Rd: Read>(
    records: &mut StrictRecords<Rd>,
    table: Table,
    rule: HeaderRule,
) -> Result<Vec<HeaderName>, CsvError> {
    let path = records.path.clone();
    let header = records.next_record(|record| {
        Ok(record
            .cells
            .iter()
            .map(|c| HeaderName {
                name: c.value.to_string(),
                pos: c.pos,
            })
            .collect::<Vec<_>>())
    })?;
    let fields = field_names(table);
    let Some(header) = header else {
        return Err(CsvError::at(
            CsvErrorKind::Header,
            &path,
            Pos::new(1, 1, 0, 0),
            None,
            format!(
                "the file is empty; the table `{table}` needs at least its header `{}`",
                fields.join(",")
            ),
        ));
    };
    match rule {
        HeaderRule::Exact => {
            let differs = header
                .iter()
                .map(|h| Some(h.name.as_str()))
                .chain(std::iter::repeat(None))
                .zip(fields.iter().map(|f| Some(f.as_str())).chain([None]))
                .position(|(got, want)| got != want);
            if let Some(i) = differs {
                let pos = header.get(i).map_or_else(
                    || header.last().map_or(Pos::new(1, 1, 0, 0), |h| h.pos),
                    |h| h.pos,
                );
                return Err(CsvError::at(
                    CsvErrorKind::Header,
                    &path,
                    pos,
                    None,
                    format!(
                        "the header is `{}`; the table `{table}` needs exactly `{}`",
                        header
                            .iter()
                            .map(|h| h.name.as_str())
                            .collect::<Vec<_>>()
                            .join(","),
                        fields.join(",")
                    ),
                ));
            }
        }
        HeaderRule::ByName => {
            for (i, h) in header.iter().enumerate() {
                let name = &h.name;
                if !fields.iter().any(|f| f == name) {
                    return Err(CsvError::at(
                        CsvErrorKind::Header,
                        &path,
                        h.pos,
                        Some(name.clone()),
                        format!("the table `{table}` has no field `{name}`"),
                    ));
                }
                if header.iter().take(i).any(|earlier| &earlier.name == name) {
                    return Err(CsvError::at(
                        CsvErrorKind::Header,
                        &path,
                        h.pos,
                        Some(name.clone()),
                        format!("the header names `{name}` twice"),
                    ));
                }
            }
        }
    }
    Ok(header)
}

/// Reads one record as a row of `R`: as many cells as the header, each read as its field.
fn read_row<R: Record>(
    path: &str,
    header: &[HeaderName],
    record: &ReadRecord<'_>,
) -> Result<R, CsvError> {
    if record.cells.len() != header.len() {
        // Where the row goes wrong: its first cell too many, or its last cell.
        let pos = record
            .cells
            .get(header.len())
            .or(record.cells.last())
            .map_or(Pos::new(record.line, 1, record.start, 0), |c| c.pos);
        return Err(CsvError::at(
            CsvErrorKind::Syntax,
            path,
            pos,
            None,
            format!(
                "the record has {} fields, the header {}",
                record.cells.len(),
                header.len()
            ),
        ));
    }
    let mut cells = RecordCells {
        cells: header
            .iter()
            .map(|h| h.name.as_str())
            .zip(record.cells.iter()),
        field: None,
        cell: None,
    };
    R::deserialize(&mut cells).map_err(|e| {
        let pos = cells
            .cell
            .map_or(Pos::new(record.line, 1, record.start, 0), |c| c.pos);
        CsvError::at(
            CsvErrorKind::Record,
            path,
            pos,
            cells.field.map(str::to_owned),
            e.to_string(),
        )
    })
}

/// Reads the rows of one table from CSV bytes. The header must be exactly the table's fields in
/// order ([`field_names`]); an empty cell is a missing optional value. `path` names the file in
/// errors.
pub fn read_table<R: Record>(bytes: &[u8], path: &str) -> Result<Vec<R>, CsvError> {
    CsvRows::<R, &[u8]>::open(bytes, path, HeaderRule::Exact)?.collect()
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
        let bytes = std::fs::read(&path)
            .map_err(|e| CsvError::io(&label, format!("cannot read: {e}"), e))?;
        files.push((label, bytes));
    }
    dataset_from_csv_files(&files)
}

/// One CSV record seen as a map from header to cell, remembering the field and the cell being
/// read so that an error names the field and its position (also for errors raised by a value
/// type, such as an unknown country code).
struct RecordCells<'a, 'c, I: Iterator<Item = (&'a str, &'c ReadCell<'c>)>> {
    cells: I,
    field: Option<&'a str>,
    cell: Option<&'c ReadCell<'c>>,
}

impl<'de, 'a, 'c, I: Iterator<Item = (&'a str, &'c ReadCell<'c>)>> de::Deserializer<'de>
    for &mut RecordCells<'a, 'c, I>
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

impl<'de, 'a, 'c, I: Iterator<Item = (&'a str, &'c ReadCell<'c>)>> MapAccess<'de>
    for &mut RecordCells<'a, 'c, I>
{
    type Error = CellError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, CellError> {
        match self.cells.next() {
            None => Ok(None),
            Some((name, cell)) => {
                self.field = Some(name);
                self.cell = Some(cell);
                seed.deserialize(name.into_deserializer()).map(Some)
            }
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, CellError> {
        seed.deserialize(Cell(self.cell.map_or("", |c| &*c.value)))
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
/// field twice, or no field of the table, is refused. Reading stops at the first error.
pub struct CsvRows<R, Rd: Read> {
    records: StrictRecords<Rd>,
    header: Vec<HeaderName>,
    path: String,
    done: bool,
    _rows: std::marker::PhantomData<fn() -> R>,
}

impl<R: Record, Rd: Read> CsvRows<R, Rd> {
    /// Reads the header of `reader`; `path` names the file in errors.
    pub fn new(reader: Rd, path: &str) -> Result<Self, CsvError> {
        CsvRows::open(reader, path, HeaderRule::ByName)
    }

    fn open(reader: Rd, path: &str, rule: HeaderRule) -> Result<Self, CsvError> {
        let mut records = StrictRecords::new(reader, path);
        let header = read_header(&mut records, R::TABLE, rule)?;
        Ok(CsvRows {
            records,
            header,
            path: path.to_owned(),
            done: false,
            _rows: std::marker::PhantomData,
        })
    }
}

impl<R: Record, Rd: Read> Iterator for CsvRows<R, Rd> {
    type Item = Result<R, CsvError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let (header, path) = (&self.header, &self.path);
        let row = self
            .records
            .next_record(|record| read_row::<R>(path, header, record))
            .transpose();
        self.done = !matches!(row, Some(Ok(_)));
        row
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::csv_records::Reader;
    use crate::model::{Official, Position};

    /// A record as a reader gives it: line, start and end offsets, cell values.
    type Seen = (u64, usize, usize, Vec<String>);

    /// A source that gives at most `n` bytes a read, so records straddle every boundary.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.1.min(buf.len()).min(self.0.len());
            let (head, rest) = self.0.split_at(n);
            buf.get_mut(..n).unwrap_or_default().copy_from_slice(head);
            self.0 = rest;
            Ok(n)
        }
    }

    /// The records the package reader gives, read `chunk` bytes at a time, and its error.
    fn strict(bytes: &[u8], chunk: usize) -> (Vec<Seen>, Option<CsvError>) {
        let mut records = StrictRecords::new(Trickle(bytes, chunk), "t.csv");
        records.chunk = chunk;
        let mut out = Vec::new();
        loop {
            let next = records.next_record(|r| {
                Ok((
                    r.line,
                    r.start,
                    r.end,
                    r.cells.iter().map(|c| c.value.to_string()).collect(),
                ))
            });
            match next {
                Ok(Some(seen)) => out.push(seen),
                Ok(None) => return (out, None),
                Err(e) => return (out, Some(e)),
            }
        }
    }

    /// The records the validator's reader gives for the whole file, and the problems of the
    /// file's encoding and of its records (an empty file is no problem here).
    fn validator(bytes: &[u8]) -> (Vec<Seen>, Vec<Problem>) {
        let decoded = text::decode(bytes);
        let mut problems: Vec<Problem> = decoded
            .problems
            .into_iter()
            .filter(|p| p.code != "file.empty")
            .collect();
        let mut out = Vec::new();
        if let Some(text) = decoded.text {
            let mut reader = Reader::new(&text, usize::MAX, usize::MAX);
            while let Some(r) = reader.next_record(&mut problems) {
                out.push((
                    r.line,
                    r.start,
                    r.end,
                    r.cells.iter().map(|c| c.value.to_string()).collect(),
                ));
            }
        }
        (out, problems)
    }

    /// The two readers agree on `bytes`: on a well-formed file, the same records (where each
    /// starts and ends, its line, its cells); on any other, the package reader refuses it
    /// with a problem the validator reports too, after the same records as the validator's
    /// first ones. Gives whether the file was well-formed.
    fn agree(name: &str, bytes: &[u8]) -> bool {
        let (want, problems) = validator(bytes);
        let well_formed = problems.is_empty();
        for chunk in [1, 2, 3, 7, 4096, CHUNK] {
            if chunk < 16 && bytes.len() > 20_000 {
                continue;
            }
            let (got, error) = strict(bytes, chunk);
            if well_formed {
                assert_eq!(error, None, "{name}, chunk {chunk}");
                assert_eq!(got, want, "{name}, chunk {chunk}");
                continue;
            }
            let error = error.unwrap_or_else(|| panic!("{name}, chunk {chunk}: not refused"));
            assert_eq!(
                got.as_slice(),
                want.get(..got.len()).unwrap_or_default(),
                "{name}, chunk {chunk}"
            );
            let reported = problems.iter().any(|p| {
                (Some(p.pos.line), Some(p.pos.column)) == (error.line, error.column)
                    && error.message.starts_with(p.message.as_str())
            });
            assert!(
                reported,
                "{name}, chunk {chunk}: {error} is none of {problems:?}"
            );
        }
        well_formed
    }

    #[test]
    fn both_readers_agree_on_written_cases() {
        let cases: &[&[u8]] = &[
            b"",
            b"\n\n\r\n",
            b"a,b\nc,d\n",
            b"a,b\r\nc,d",
            b"a,b\rc,d\r",
            b"a,b\r\n\r\n\nc,d\r\n\r\n",
            b"\xEF\xBB\xBFid,name\nx,y\n",
            b"id,note\n1,\"two\nlines\"\n2,\"crlf\r\ninside\"\r\n",
            b"id,note\n1,\"say \"\"hi\"\"\"\n2,\"\"\"\"\n3,\"\"\n",
            b"id,note\n1,\"a,b\",c\n\n\n2,\",\n,\"\n",
            b"id,note\n1,\"ends\r\"\r\n2,\"\r\r\n\"\n",
            b"\"quoted\nheader\",b\n1,2\n",
            "id,name\né,ə\n\"ß\",\"日本\"\n".as_bytes(),
            b"id\n\n\n",
            b"a,b\n1,\"open\n2,3\n",
            b"a,b\n1,\"x\"y\n",
            b"a,b\n1,x\"y\n",
            b"a,b\n1,2\n3,\xFF\n",
            b"a,b\n1,\"\xC3\"\n",
            b"a,b\n1,\0\n",
            b"\xFF\xFEa\0,\0",
            b"a\0b\0c\0d\0",
            b"a,b\r1,\"x\"y\r",
            b"a,b\r1,2\r\xFF\n",
        ];
        let well_formed = cases
            .iter()
            .enumerate()
            .filter(|(i, bytes)| agree(&format!("case {i}"), bytes))
            .count();
        // Both kinds are in the corpus.
        assert_eq!(well_formed, 14);
    }

    /// Every CSV file of the repository's fixtures and fuzz seeds, and the bundled tables.
    #[test]
    fn both_readers_agree_on_the_fixtures_and_fuzz_seeds() {
        fn walk(dir: &Path, all: bool, out: &mut Vec<std::path::PathBuf>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, all, out);
                } else if all || path.extension().is_some_and(|e| e == "csv") {
                    out.push(path);
                }
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        walk(&root.join("tests/fixtures"), false, &mut files);
        walk(&root.join("fuzz/seeds/csv"), true, &mut files);
        walk(&root.join("data"), false, &mut files);
        files.sort();
        let (mut good, mut bad) = (0, 0);
        for path in &files {
            let bytes = std::fs::read(path).unwrap();
            if agree(&path.display().to_string(), &bytes) {
                good += 1;
            } else {
                bad += 1;
            }
        }
        assert!(files.len() > 200, "{} files", files.len());
        assert!(good > 100 && bad > 5, "{good} well-formed, {bad} not");
    }

    fn officials_csv() -> String {
        let header = field_names(Table::Officials).join(",");
        let row =
            "off-a,A,A,,AZ,inferred,src-a,1,,normalized,\"a note, \"\"quoted\"\"\nover two lines\"";
        format!("{header}\r\n{row}\r\n\r\n")
    }

    #[test]
    fn a_well_formed_table_reads_with_a_bom_crlf_and_quoted_line_breaks() {
        let text = format!("\u{FEFF}{}", officials_csv());
        for chunk in [1, 5, CHUNK] {
            let mut rows =
                CsvRows::<Official, _>::new(Trickle(text.as_bytes(), chunk), "o.csv").unwrap();
            let row = rows.next().unwrap().unwrap();
            assert_eq!(row.id.as_ref(), "off-a");
            assert_eq!(
                row.note.as_ref().map(|n| n.as_ref()),
                Some("a note, \"quoted\"\nover two lines")
            );
            assert!(rows.next().is_none());
        }
        assert_eq!(
            read_table::<Official>(text.as_bytes(), "o.csv")
                .unwrap()
                .len(),
            1
        );
    }

    fn refused(text: &[u8]) -> (CsvErrorKind, Option<u64>, Option<u64>, String) {
        let e = read_table::<Official>(text, "o.csv").unwrap_err();
        (e.kind, e.line, e.column, e.to_string())
    }

    #[test]
    fn every_irregularity_is_an_error_with_its_line_and_column() {
        let good = officials_csv();
        let header = field_names(Table::Officials).join(",");
        let cases: Vec<(Vec<u8>, CsvErrorKind, u64, u64)> = vec![
            (Vec::new(), CsvErrorKind::Header, 1, 1),
            (b"\n\n".to_vec(), CsvErrorKind::Header, 1, 1),
            (
                header.replacen(",name,", ",nom,", 1).into_bytes(),
                CsvErrorKind::Header,
                1,
                4,
            ),
            (
                format!("{good}off-b,B\n").into_bytes(),
                CsvErrorKind::Syntax,
                5,
                7,
            ),
            (
                format!("{good}off-b,\"B\"x,,,AZ,inferred,src-a,1,,normalized,\n").into_bytes(),
                CsvErrorKind::Syntax,
                5,
                10,
            ),
            (
                format!("{good}off-b,B\"x,,,AZ,inferred,src-a,1,,normalized,\n").into_bytes(),
                CsvErrorKind::Syntax,
                5,
                8,
            ),
            (
                format!("{good}off-b,\"B,,,AZ,inferred,src-a,1,,normalized,\n").into_bytes(),
                CsvErrorKind::Syntax,
                5,
                7,
            ),
            (
                [
                    good.as_bytes(),
                    b"off-b,\xFF,,,AZ,inferred,src-a,1,,normalized,\n",
                ]
                .concat(),
                CsvErrorKind::Syntax,
                5,
                7,
            ),
            (
                [
                    good.as_bytes(),
                    b"off-b,B,B,,AZ,inferred,src-a,1,,normalized,\0\n",
                ]
                .concat(),
                CsvErrorKind::Syntax,
                5,
                44,
            ),
            (b"\xFF\xFEi\0d\0".to_vec(), CsvErrorKind::Syntax, 1, 1),
            (
                good.replacen(",AZ,", ",XX,", 1).into_bytes(),
                CsvErrorKind::Record,
                2,
                12,
            ),
        ];
        for (text, kind, line, column) in cases {
            let got = refused(&text);
            assert_eq!(
                (got.0, got.1, got.2),
                (kind, Some(line), Some(column)),
                "{}",
                got.3
            );
            assert!(
                got.3.starts_with(&format!("o.csv:{line}:{column}: ")),
                "{}",
                got.3
            );
        }
    }

    #[test]
    fn a_header_read_by_name_refuses_unknown_and_repeated_fields() {
        let err = |text: &str| {
            CsvRows::<Position, _>::new(text.as_bytes(), "p.csv")
                .err()
                .map(|e| (e.kind, e.line, e.column, e.field))
        };
        assert_eq!(
            err("id,nom\n"),
            Some((CsvErrorKind::Header, Some(1), Some(4), Some("nom".into())))
        );
        assert_eq!(
            err("id,id\n"),
            Some((CsvErrorKind::Header, Some(1), Some(4), Some("id".into())))
        );
        assert_eq!(err("").map(|e| e.0), Some(CsvErrorKind::Header));
    }

    #[test]
    fn an_io_error_is_an_error_with_its_source() {
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk gone"))
            }
        }
        let err = CsvRows::<Official, _>::new(Broken, "o.csv").err().unwrap();
        assert_eq!(err.kind, CsvErrorKind::Io);
        assert!(std::error::Error::source(&err).is_some());
    }
}
