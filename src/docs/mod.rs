//! Schema documentation for people who build their own files, generated from the same types
//! and rules the validator uses: an index page with an overview and a Mermaid
//! entity-relationship diagram, a page per table (fields, enum meanings, keys, rules, an example
//! record) and a page listing every rule.
//!
//! Nothing here is written per field or per table: the field tables come from
//! [`schema::record_schema`], the keys from [`Table::foreign_keys`], the rules from
//! [`rules::RULES`]. A new field, enum value or rule shows up in the docs by regenerating them.
//!
//! Every example record is checked against its table's JSON Schema (formats included) while
//! the docs are generated; an example that does not validate stops generation.
//!
//! [`schema::record_schema`]: crate::schema::record_schema
//! [`rules::RULES`]: crate::rules::RULES

mod diagram;
mod markdown;
mod pages;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::atomic::GeneratedFile;
use crate::model::{Dataset, Record, Table, TableVisitor};
use crate::schema;

pub use diagram::er_diagram;

/// The folder the docs are written to, relative to the project root.
pub const DOCS_DIR: &str = "schema/docs";

/// Why the docs could not be generated.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DocsError {
    /// An example record does not validate against its table's JSON Schema.
    #[error(
        "the example record of table `{table}` does not validate against schema/json/{table}.schema.json: {}; fix the record in the data the examples are taken from",
        problems.join("; ")
    )]
    InvalidExample {
        /// The table of the record.
        table: Table,
        /// Each schema violation: where in the record, and what is wrong.
        problems: Vec<String>,
    },
    /// An example record could not be turned into JSON.
    #[error("the example record of table `{table}` cannot be written as JSON: {source}")]
    Serialize {
        /// The table of the record.
        table: Table,
        /// What failed.
        source: serde_json::Error,
    },
    /// A table's JSON Schema could not be compiled (a bug in schema generation).
    #[error("the JSON Schema of table `{table}` does not compile: {message}")]
    Schema {
        /// The table.
        table: Table,
        /// The compiler's message.
        message: String,
    },
}

/// Every docs file: `schema/docs/README.md` (overview, diagram, table list),
/// `schema/docs/rules.md` and `schema/docs/<table>.md` for each table, with the first record of
/// each table of `examples` as its example.
pub fn files(examples: &Dataset) -> Result<Vec<GeneratedFile>, DocsError> {
    let mut records = BTreeMap::new();
    for table in Table::ALL {
        if let Some(record) = first_record(examples, table)? {
            records.insert(table, record);
        }
    }
    files_from_records(&records)
}

/// Like [`files`], with the example of each table given as a JSON record (a table missing
/// from the map has no example). Every example is validated against its table's JSON Schema
/// first; the first table whose example does not validate stops generation.
pub fn files_from_records(
    examples: &BTreeMap<Table, Value>,
) -> Result<Vec<GeneratedFile>, DocsError> {
    for (table, record) in examples {
        check_example(*table, record)?;
    }
    let mut files = vec![
        GeneratedFile {
            path: format!("{DOCS_DIR}/README.md"),
            contents: pages::index_page(),
        },
        GeneratedFile {
            path: format!("{DOCS_DIR}/rules.md"),
            contents: pages::rules_page(),
        },
    ];
    for table in Table::ALL {
        files.push(GeneratedFile {
            path: format!("{DOCS_DIR}/{}.md", table.name()),
            contents: pages::table_page(table, examples.get(&table)),
        });
    }
    Ok(files)
}

/// Checks one example record against its table's JSON Schema, with formats (dates) checked.
pub fn check_example(table: Table, record: &Value) -> Result<(), DocsError> {
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema::record_schema(table))
        .map_err(|e| DocsError::Schema {
            table,
            message: e.to_string(),
        })?;
    let mut problems: Vec<String> = validator
        .iter_errors(record)
        .map(|e| {
            let at = e.instance_path().to_string();
            if at.is_empty() {
                e.to_string()
            } else {
                format!("at {at}: {e}")
            }
        })
        .collect();
    // What a pattern cannot say (a partial date's day in the calendar), the type does.
    if problems.is_empty() {
        struct Typed<'a>(&'a Value);
        impl TableVisitor for Typed<'_> {
            type Output = Result<(), String>;
            fn visit<R: Record>(self) -> Self::Output {
                R::deserialize(self.0).map(drop).map_err(|e| e.to_string())
            }
        }
        if let Err(e) = table.visit(Typed(record)) {
            problems.push(e);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(DocsError::InvalidExample { table, problems })
    }
}

/// The first record of `table` in `dataset`, as JSON.
fn first_record(dataset: &Dataset, table: Table) -> Result<Option<Value>, DocsError> {
    struct First<'a>(&'a Dataset);
    impl TableVisitor for First<'_> {
        type Output = Result<Option<Value>, DocsError>;
        fn visit<R: Record>(self) -> Self::Output {
            R::rows(self.0)
                .first()
                .map(|record| {
                    serde_json::to_value(record).map_err(|source| DocsError::Serialize {
                        table: R::TABLE,
                        source,
                    })
                })
                .transpose()
        }
    }
    table.visit(First(dataset))
}

/// The files in `root/schema/docs/` that `files` does not generate (left over from a renamed
/// or removed table), as paths relative to `root`, sorted. A missing folder has none.
pub fn unexpected_files(root: &std::path::Path, files: &[GeneratedFile]) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(root.join(DOCS_DIR)) else {
        return Vec::new();
    };
    let mut out: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| format!("{DOCS_DIR}/{}", e.file_name().to_string_lossy()))
        .filter(|path| !files.iter().any(|f| f.path == *path))
        .collect();
    out.sort();
    out
}
