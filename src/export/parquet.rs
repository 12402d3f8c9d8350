//! The package as Parquet: one file per table (`officials.parquet` ...), for DuckDB, pandas,
//! Polars, Spark or DataFusion.
//!
//! The Arrow schema of each file is generated from the table's Table Schema
//! ([`crate::schema::table_schema`]), itself generated from the Rust type, so the three cannot
//! disagree:
//!
//! | Table Schema field | Arrow type |
//! |---|---|
//! | `string` with an `enum` (a vocabulary: roles, kinds, bases, country codes ...) | `Dictionary(Int32, Utf8)` |
//! | other `string` (ids, names, notes, hashes) | `Utf8` |
//! | `date` (`YYYY-MM-DD`: a source's `retrieved`) | `Date32` (days since 1970-01-01) |
//! | partial date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`: signings, meetings, positions...) | `Utf8`, the text as given |
//! | `integer` (paragraphs, counts) | `UInt32` |
//! | `boolean` | `Boolean` |
//!
//! A field is nullable exactly when the model lets it be empty. Each field carries its
//! description in the Arrow field metadata (`description`), and the vocabulary of an enum
//! field (`enum`, as a JSON list); the schema metadata names the table (`defcoop:table`), its
//! primary key (`defcoop:primary_key`) and foreign keys (`defcoop:foreign_keys`, JSON).
//!
//! Partial dates (`2024`, `2024-09`, `2024-09-24`) are written as `Utf8` holding the ISO 8601
//! text as given, since a `Date32` would have to invent a day; a reader sorting them as text
//! gets ISO order (a year before its months and days).
//!
//! The export streams: rows are read one at a time ([`crate::package::CsvRows`]) into their
//! typed record and appended to column builders, and every `row_group_rows` rows become a row
//! group written out, so memory is bounded by one row group whatever the size of the table.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{
    ArrayBuilder, BooleanBuilder, Date32Builder, StringBuilder, StringDictionaryBuilder,
    UInt32Builder,
};
use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use serde::Serialize;
use serde::ser::{self, Impossible};
use serde_json::Value;

use super::{ExportError, Package, TableFile, write_atomically};
use crate::model::{Record, Table, TableVisitor};
use crate::package::CsvRows;

/// How to write the Parquet files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParquetOptions {
    /// Rows per row group, and so the most rows held in memory at once.
    pub row_group_rows: usize,
    /// Replace files that exist already in the output folder.
    pub overwrite: bool,
}

impl Default for ParquetOptions {
    fn default() -> Self {
        ParquetOptions {
            row_group_rows: 65_536,
            overwrite: false,
        }
    }
}

/// One file written by [`export_parquet`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenTable {
    /// The table.
    pub table: Table,
    /// The file written.
    pub path: PathBuf,
    /// Rows written.
    pub rows: u64,
}

/// The Arrow type of one field, as the export writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Vocabulary,
    Date,
    Count,
    Flag,
}

/// The Arrow schema of a table's Parquet file, generated from its Table Schema.
pub fn arrow_schema(table: Table) -> Schema {
    let table_schema = crate::schema::table_schema(table);
    let mut fields = Vec::new();
    for field in table_schema["fields"].as_array().into_iter().flatten() {
        let name = field["name"].as_str().unwrap_or_default();
        let kind = kind_of(field);
        let data_type = match kind {
            Kind::Text => DataType::Utf8,
            Kind::Vocabulary => {
                DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8))
            }
            Kind::Date => DataType::Date32,
            Kind::Count => DataType::UInt32,
            Kind::Flag => DataType::Boolean,
        };
        let required = field["constraints"]["required"].as_bool() == Some(true);
        let mut metadata = HashMap::new();
        if let Some(description) = field["description"].as_str() {
            metadata.insert("description".to_owned(), description.to_owned());
        }
        if let Some(values) = field["constraints"].get("enum") {
            metadata.insert("enum".to_owned(), values.to_string());
        }
        fields.push(Field::new(name, data_type, !required).with_metadata(metadata));
    }
    let foreign_keys: Vec<Value> = table
        .foreign_keys()
        .iter()
        .map(|fk| serde_json::json!({"field": fk.field, "table": fk.table.name(), "key": "id"}))
        .collect();
    let metadata = HashMap::from([
        ("defcoop:table".to_owned(), table.name().to_owned()),
        ("defcoop:primary_key".to_owned(), "id".to_owned()),
        (
            "defcoop:foreign_keys".to_owned(),
            Value::Array(foreign_keys).to_string(),
        ),
    ]);
    Schema::new(fields).with_metadata(metadata)
}

fn kind_of(field: &Value) -> Kind {
    match field["type"].as_str() {
        Some("date") => Kind::Date,
        Some("integer") => Kind::Count,
        Some("boolean") => Kind::Flag,
        _ if field["constraints"].get("enum").is_some() => Kind::Vocabulary,
        _ => Kind::Text,
    }
}

/// A column being filled.
enum Column {
    Text(StringBuilder),
    Vocabulary(StringDictionaryBuilder<Int32Type>),
    Date(Date32Builder),
    Count(UInt32Builder),
    Flag(BooleanBuilder),
}

impl Column {
    fn new(kind: Kind, capacity: usize) -> Column {
        match kind {
            Kind::Text => Column::Text(StringBuilder::with_capacity(capacity, capacity * 16)),
            Kind::Vocabulary => Column::Vocabulary(StringDictionaryBuilder::new()),
            Kind::Date => Column::Date(Date32Builder::with_capacity(capacity)),
            Kind::Count => Column::Count(UInt32Builder::with_capacity(capacity)),
            Kind::Flag => Column::Flag(BooleanBuilder::with_capacity(capacity)),
        }
    }

    fn append_null(&mut self) {
        match self {
            Column::Text(b) => b.append_null(),
            Column::Vocabulary(b) => b.append_null(),
            Column::Date(b) => b.append_null(),
            Column::Count(b) => b.append_null(),
            Column::Flag(b) => b.append_null(),
        }
    }

    /// Appends a text value: a text, a vocabulary word, or a date written `YYYY-MM-DD`.
    fn append_str(&mut self, s: &str) -> Result<(), String> {
        match self {
            Column::Text(b) => b.append_value(s),
            Column::Vocabulary(b) => {
                b.append(s).map_err(|e| e.to_string())?;
            }
            Column::Date(b) => {
                let date = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .map_err(|e| format!("{s:?} is not a date: {e}"))?;
                let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
                let days = i32::try_from(date.signed_duration_since(epoch).num_days())
                    .map_err(|_| format!("{s:?} is out of the range of a Date32"))?;
                b.append_value(days);
            }
            _ => return Err(format!("unexpected text {s:?}")),
        }
        Ok(())
    }

    fn append_count(&mut self, n: u64) -> Result<(), String> {
        match self {
            Column::Count(b) => {
                let n = u32::try_from(n)
                    .map_err(|_| format!("{n} is not a count from 0 to {}", u32::MAX))?;
                b.append_value(n);
                Ok(())
            }
            _ => Err(format!("unexpected number {n}")),
        }
    }

    fn append_flag(&mut self, v: bool) -> Result<(), String> {
        match self {
            Column::Flag(b) => {
                b.append_value(v);
                Ok(())
            }
            _ => Err(format!("unexpected boolean {v}")),
        }
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Column::Text(b) => Arc::new(b.finish()),
            Column::Vocabulary(b) => Arc::new(b.finish()),
            Column::Date(b) => Arc::new(b.finish()),
            Column::Count(b) => Arc::new(b.finish()),
            Column::Flag(b) => Arc::new(b.finish()),
        }
    }

    fn len(&self) -> usize {
        match self {
            Column::Text(b) => b.len(),
            Column::Vocabulary(b) => b.len(),
            Column::Date(b) => b.len(),
            Column::Count(b) => b.len(),
            Column::Flag(b) => b.len(),
        }
    }
}

/// Writes one table's rows (given by `rows`) to a Parquet writer, a row group at a time.
struct TableWriter {
    schema: SchemaRef,
    names: Vec<String>,
    columns: Vec<Column>,
    kinds: Vec<Kind>,
    writer: ArrowWriter<BufWriter<File>>,
    group: usize,
    rows: u64,
    path: PathBuf,
}

impl TableWriter {
    fn new(table: Table, file: File, path: &Path, group: usize) -> Result<Self, ExportError> {
        let schema = Arc::new(arrow_schema(table));
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(group))
            .build();
        let writer = ArrowWriter::try_new(
            BufWriter::with_capacity(1 << 20, file),
            schema.clone(),
            Some(properties),
        )
        .map_err(|e| parquet_error(path, e))?;
        let kinds: Vec<Kind> = crate::schema::table_schema(table)["fields"]
            .as_array()
            .into_iter()
            .flatten()
            .map(kind_of)
            .collect();
        let names = schema.fields().iter().map(|f| f.name().clone()).collect();
        let columns = kinds.iter().map(|&k| Column::new(k, group)).collect();
        Ok(TableWriter {
            schema,
            names,
            columns,
            kinds,
            writer,
            group,
            rows: 0,
            path: path.to_path_buf(),
        })
    }

    fn push<R: Record>(&mut self, row: &R, label: &str) -> Result<(), ExportError> {
        // The record serializes its fields in the table's field order straight into the
        // column builders: no intermediate map per row.
        let mut sink = RowSink {
            names: &self.names,
            columns: &mut self.columns,
            next: 0,
        };
        let appended = row.serialize(&mut sink).map_err(|e| e.0).and_then(|()| {
            match sink.next == sink.columns.len() {
                true => Ok(()),
                false => Err(format!("the record gave {} fields", sink.next)),
            }
        });
        if let Err(message) = appended {
            return Err(ExportError::Parquet {
                path: self.path.clone(),
                message: format!("{label}: row {}: {message}", self.rows + 1),
            });
        }
        self.rows += 1;
        if self.columns.first().map(Column::len).unwrap_or_default() >= self.group {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), ExportError> {
        if self.columns.first().map(Column::len).unwrap_or_default() == 0 {
            return Ok(());
        }
        let arrays: Vec<ArrayRef> = self.columns.iter_mut().map(Column::finish).collect();
        // A dictionary builder keeps its dictionary across `finish`; a fresh one per group
        // keeps memory bounded by the group.
        for (column, kind) in self.columns.iter_mut().zip(&self.kinds) {
            if *kind == Kind::Vocabulary {
                *column = Column::new(*kind, 0);
            }
        }
        let batch = RecordBatch::try_new(self.schema.clone(), arrays)
            .map_err(|e| parquet_error(&self.path, e))?;
        self.writer
            .write(&batch)
            .and_then(|()| self.writer.flush())
            .map_err(|e| parquet_error(&self.path, e))
    }

    fn close(mut self) -> Result<u64, ExportError> {
        self.flush()?;
        let path = self.path.clone();
        let mut inner = self
            .writer
            .into_inner()
            .map_err(|e| parquet_error(&path, e))?;
        std::io::Write::flush(&mut inner).map_err(|e| ExportError::io(&path, e))?;
        let file = inner
            .into_inner()
            .map_err(|e| ExportError::io(&path, e.into_error()))?;
        file.sync_all().map_err(|e| ExportError::io(&path, e))?;
        Ok(self.rows)
    }
}

fn parquet_error(path: &Path, e: impl std::fmt::Display) -> ExportError {
    ExportError::Parquet {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Writes every table of `package` as `DIR/<table>.parquet` (a table the package leaves out is
/// written with no rows), and `DIR/key_checks.sql` ([`super::sql::key_checks_script`]). The
/// folder is created when missing; a file in it that exists already is refused before
/// anything is written, unless `options.overwrite`.
///
/// The package should be valid ([`super::require_valid`]); a row that does not parse as its
/// record stops the export with its file, line and field, and (unless `options.overwrite`)
/// the files already written by this run are removed.
pub fn export_parquet(
    package: &Package,
    dir: &Path,
    options: &ParquetOptions,
) -> Result<Vec<WrittenTable>, ExportError> {
    let files = package.files()?;
    std::fs::create_dir_all(dir).map_err(|e| ExportError::io(dir, e))?;
    let sql_path = dir.join(super::sql::SCRIPT_FILE);
    if !options.overwrite {
        for path in Table::ALL
            .iter()
            .map(|t| dir.join(format!("{t}.parquet")))
            .chain([sql_path.clone()])
        {
            if path.exists() {
                return Err(ExportError::Exists(path));
            }
        }
    }
    let group = options.row_group_rows.max(1);
    let mut written: Vec<WrittenTable> = Vec::new();
    let result = (|| {
        for (table, table_files) in &files.0 {
            let path = dir.join(format!("{table}.parquet"));
            let mut rows = 0;
            write_atomically(&path, options.overwrite, |file| {
                let writer = TableWriter::new(*table, file, &path, group)?;
                rows = table.visit(WriteRows {
                    files: table_files,
                    writer,
                })?;
                Ok(())
            })?;
            written.push(WrittenTable {
                table: *table,
                path,
                rows,
            });
        }
        super::write_file(
            &sql_path,
            options.overwrite,
            super::sql::key_checks_script().as_bytes(),
        )
    })();
    match result {
        Ok(()) => Ok(written),
        Err(e) => {
            // The files of this run were new (existing ones were refused above): a failed
            // export leaves none of them behind, rather than a package missing tables.
            if !options.overwrite {
                for w in &written {
                    let _ = std::fs::remove_file(&w.path);
                }
            }
            Err(e)
        }
    }
}

/// Why a record could not be written to its columns.
#[derive(Debug)]
struct SinkError(String);

impl std::fmt::Display for SinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SinkError {}

impl ser::Error for SinkError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        SinkError(msg.to_string())
    }
}

/// Takes a record's fields, in order, into the columns of its table.
struct RowSink<'a> {
    names: &'a [String],
    columns: &'a mut [Column],
    next: usize,
}

/// Takes one field's value into its column.
struct CellSink<'a> {
    name: &'a str,
    column: &'a mut Column,
}

impl CellSink<'_> {
    fn fail(&self, message: String) -> SinkError {
        SinkError(format!("field `{}`: {message}", self.name))
    }
}

macro_rules! unsupported {
    ($($method:ident($($arg:ty),*) -> $out:ty;)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<$out, SinkError> {
            Err(SinkError(format!("a record field of a kind the export does not write ({})", stringify!($method))))
        }
    )*};
}

impl ser::Serializer for &mut RowSink<'_> {
    type Ok = ();
    type Error = SinkError;
    type SerializeSeq = Impossible<(), SinkError>;
    type SerializeTuple = Impossible<(), SinkError>;
    type SerializeTupleStruct = Impossible<(), SinkError>;
    type SerializeTupleVariant = Impossible<(), SinkError>;
    type SerializeMap = Impossible<(), SinkError>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), SinkError>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, SinkError> {
        Ok(self)
    }

    unsupported! {
        serialize_bool(bool) -> ();
        serialize_i8(i8) -> ();
        serialize_i16(i16) -> ();
        serialize_i32(i32) -> ();
        serialize_i64(i64) -> ();
        serialize_u8(u8) -> ();
        serialize_u16(u16) -> ();
        serialize_u32(u32) -> ();
        serialize_u64(u64) -> ();
        serialize_f32(f32) -> ();
        serialize_f64(f64) -> ();
        serialize_char(char) -> ();
        serialize_str(&str) -> ();
        serialize_bytes(&[u8]) -> ();
        serialize_none() -> ();
        serialize_unit() -> ();
        serialize_unit_struct(&'static str) -> ();
        serialize_unit_variant(&'static str, u32, &'static str) -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<(), SinkError> {
        Err(SinkError("a record is a struct".into()))
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), SinkError> {
        Err(SinkError("a record is a struct".into()))
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), SinkError> {
        Err(SinkError("a record is a struct".into()))
    }
}

impl ser::SerializeStruct for &mut RowSink<'_> {
    type Ok = ();
    type Error = SinkError;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), SinkError> {
        let (Some(name), Some(column)) =
            (self.names.get(self.next), self.columns.get_mut(self.next))
        else {
            return Err(SinkError(format!(
                "field `{key}` is not in the table's schema"
            )));
        };
        if name != key {
            return Err(SinkError(format!(
                "field `{key}` where the schema has `{name}`"
            )));
        }
        self.next += 1;
        value.serialize(CellSink { name, column })
    }

    fn end(self) -> Result<(), SinkError> {
        Ok(())
    }
}

impl ser::Serializer for CellSink<'_> {
    type Ok = ();
    type Error = SinkError;
    type SerializeSeq = Impossible<(), SinkError>;
    type SerializeTuple = Impossible<(), SinkError>;
    type SerializeTupleStruct = Impossible<(), SinkError>;
    type SerializeTupleVariant = Impossible<(), SinkError>;
    type SerializeMap = Impossible<(), SinkError>;
    type SerializeStruct = Impossible<(), SinkError>;
    type SerializeStructVariant = Impossible<(), SinkError>;

    fn serialize_none(self) -> Result<(), SinkError> {
        self.column.append_null();
        Ok(())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), SinkError> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), SinkError> {
        value.serialize(self)
    }

    fn serialize_str(self, v: &str) -> Result<(), SinkError> {
        self.column.append_str(v).map_err(|m| self.fail(m))
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), SinkError> {
        self.serialize_str(variant)
    }

    fn serialize_bool(self, v: bool) -> Result<(), SinkError> {
        self.column.append_flag(v).map_err(|m| self.fail(m))
    }

    fn serialize_u8(self, v: u8) -> Result<(), SinkError> {
        self.serialize_u64(u64::from(v))
    }

    fn serialize_u16(self, v: u16) -> Result<(), SinkError> {
        self.serialize_u64(u64::from(v))
    }

    fn serialize_u32(self, v: u32) -> Result<(), SinkError> {
        self.serialize_u64(u64::from(v))
    }

    fn serialize_u64(self, v: u64) -> Result<(), SinkError> {
        self.column.append_count(v).map_err(|m| self.fail(m))
    }

    unsupported! {
        serialize_i8(i8) -> ();
        serialize_i16(i16) -> ();
        serialize_i32(i32) -> ();
        serialize_i64(i64) -> ();
        serialize_f32(f32) -> ();
        serialize_f64(f64) -> ();
        serialize_char(char) -> ();
        serialize_bytes(&[u8]) -> ();
        serialize_unit() -> ();
        serialize_unit_struct(&'static str) -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), SinkError> {
        Err(self.fail("an enum with data, which the export does not write".into()))
    }
}

struct WriteRows<'a> {
    files: &'a [TableFile],
    writer: TableWriter,
}

impl TableVisitor for WriteRows<'_> {
    type Output = Result<u64, ExportError>;
    fn visit<R: Record>(mut self) -> Self::Output {
        for file in self.files {
            let label = file.label();
            for row in CsvRows::<R, _>::new(file.open()?, &label)? {
                self.writer.push(&row?, &label)?;
            }
        }
        self.writer.close()
    }
}
