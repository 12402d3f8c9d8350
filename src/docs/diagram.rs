//! The Mermaid entity-relationship diagram of the tables and their keys.

use std::fmt::Write;

use super::markdown::{FieldInfo, fields};
use crate::model::Table;
use crate::schema;

/// The Mermaid `erDiagram` source (without the Markdown fence): one entity per table with its
/// key fields (`id PK`, every reference field `FK`), and one edge per foreign key, labelled with
/// the field name. The referring side is "zero or more"; the referred side is "exactly one" for
/// a required reference and "zero or one" for an optional one.
pub fn er_diagram() -> String {
    let mut out = String::from("erDiagram\n");
    let mut edges = String::new();
    for table in Table::ALL {
        let record_schema = schema::record_schema(table);
        let fields = fields(&record_schema);
        let _ = writeln!(out, "    {} {{", table.name());
        if let Some(id) = fields.iter().find(|f| f.name == "id") {
            let _ = writeln!(out, "        {} id PK", attribute_type(id));
        }
        for key in table.foreign_keys() {
            let field = fields.iter().find(|f| f.name == key.field);
            let ty = field.map(attribute_type).unwrap_or("string");
            let required = field.is_some_and(|f| f.required);
            let note = if required { "" } else { " \"optional\"" };
            let _ = writeln!(out, "        {ty} {} FK{note}", key.field);
            let target_end = if required { "||" } else { "o|" };
            let _ = writeln!(
                edges,
                "    {} }}o--{target_end} {} : \"{}\"",
                table.name(),
                key.table.name(),
                key.field
            );
        }
        out.push_str("    }\n");
    }
    out.push_str(&edges);
    out
}

/// A Mermaid attribute type: a single word.
fn attribute_type(field: &FieldInfo<'_>) -> &'static str {
    match field.base_type() {
        "integer" => "integer",
        "number" => "number",
        "boolean" => "boolean",
        "date" => "date",
        _ => "string",
    }
}
