//! Reading input files into records with positions: encoding checks, a CSV reader, a JSON
//! reader (for JSON and JSON Lines), the data package descriptor with its path containment,
//! and the detection of a file's format and table.
//!
//! The encoding check and the CSV readers are built with the `write` feature too: the
//! package reader (`package/csv_tables.rs`) reads tables with them, without the validator.
//! The JSON reader and the descriptor need the `validate` feature.
//!
//! Every reader is a function from bytes (or text) to records and [`Problem`]s that cannot
//! panic, whatever the input; problems carry the rule code they fall under (see
//! [`crate::rules`]) and the position a person can act on. Nothing here touches the network or
//! writes anything.

pub mod csv_records;
pub mod csv_scan;
#[cfg(feature = "validate")]
pub mod descriptor;
#[cfg(feature = "validate")]
pub mod json;
pub mod message;
pub mod text;

use std::path::Path;

use crate::model::Table;
pub use message::Message;

/// A position in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// 1-based physical line.
    pub line: u64,
    /// 1-based column, in characters.
    pub column: u64,
    /// Byte offset in the text (after a byte-order mark).
    pub offset: usize,
    /// Length in bytes of the value at this position.
    pub len: usize,
}

impl Pos {
    /// A position from its parts.
    pub fn new(line: u64, column: u64, offset: usize, len: usize) -> Pos {
        Pos {
            line,
            column,
            offset,
            len,
        }
    }
}

/// A problem a reader found, under a rule code of [`crate::rules`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The rule code, such as `csv.ragged-row`.
    pub code: &'static str,
    /// What is wrong and what to do, its values from the input marked (see [`Message`]).
    pub message: Message,
    /// Where.
    pub pos: Pos,
    /// The field: a CSV column name or a JSON Pointer, when known.
    pub field: Option<String>,
    /// A suggestion, such as the name of a close field.
    pub hint: Option<Message>,
}

impl Problem {
    /// A problem at `pos` with no field.
    pub fn new(code: &'static str, message: impl Into<Message>, pos: Pos) -> Problem {
        Problem {
            code,
            message: message.into(),
            pos,
            field: None,
            hint: None,
        }
    }

    /// The same problem, with a suggestion.
    pub fn with_hint(mut self, hint: Option<Message>) -> Problem {
        self.hint = hint;
        self
    }

    /// The same problem, naming a field.
    pub fn with_field(mut self, field: impl Into<String>) -> Problem {
        self.field = Some(field.into());
        self
    }
}

/// The format of a data file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON value: a dataset object or an array of one table's records.
    Json,
    /// One JSON record object per line.
    JsonLines,
}

impl Format {
    /// The format a file name's extension stands for.
    pub fn from_name(name: &str) -> Option<Format> {
        let ext = Path::new(name).extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            _ => None,
        }
    }

    /// The format of a Frictionless resource's `format` property.
    pub fn from_resource_format(format: &str) -> Option<Format> {
        match format.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            _ => None,
        }
    }

    /// The format of bytes with no telling name (standard input): `{` or `[` first means JSON
    /// (JSON Lines when a later line starts with `{` too), anything else CSV.
    pub fn sniff(bytes: &[u8]) -> Format {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'[') => Format::Json,
            Some(b'{') => {
                let trimmed = bytes.trim_ascii();
                let later_object = trimmed.windows(2).any(|w| w[0] == b'\n' && w[1] == b'{');
                if later_object {
                    Format::JsonLines
                } else {
                    Format::Json
                }
            }
            _ => Format::Csv,
        }
    }
}

/// The table a file name stands for: its stem, such as `officials` for `data/officials.csv`.
pub fn table_from_name(name: &str) -> Option<Table> {
    let stem = Path::new(name).file_stem()?.to_str()?;
    Table::from_name(stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_tables_from_names() {
        assert_eq!(Format::from_name("a/officials.CSV"), Some(Format::Csv));
        assert_eq!(Format::from_name("x.ndjson"), Some(Format::JsonLines));
        assert_eq!(Format::from_name("x.txt"), None);
        assert_eq!(
            table_from_name("data/officials.csv"),
            Some(Table::Officials)
        );
        assert_eq!(table_from_name("people.csv"), None);
        assert_eq!(Format::sniff(b"  [1]"), Format::Json);
        assert_eq!(Format::sniff(b"{\"a\":1}\n{\"a\":2}\n"), Format::JsonLines);
        assert_eq!(Format::sniff(b"id,name\n"), Format::Csv);
    }
}
