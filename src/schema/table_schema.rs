//! Frictionless Table Schemas, derived from the flat JSON Schema of each table so that the two
//! cannot disagree about a field's type or constraints.

use serde_json::{Map, Value, json};

use super::{GENERATED_NOTE, record_schema};
use crate::model::Table;

/// The Frictionless Table Schema of a table: fields with types and constraints, the primary
/// key `id`, and a foreign key per reference field.
///
/// It states what the validator accepts, so that Frictionless and defcoop reach the same
/// verdict on the same file: columns are matched by name (`fieldsMatch: superset`: any order,
/// an optional column may be left out, a required one may not, and no column may be added),
/// and a boolean is spelled `true` or `false` only (Frictionless alone would also take `TRUE`,
/// `yes` or `1`).
pub fn table_schema(table: Table) -> Value {
    let schema = record_schema(table);
    let required = super::required_fields(&schema);
    let mut fields = Vec::new();
    if let Some(props) = schema["properties"].as_object() {
        for (name, prop) in props {
            fields.push(field(name, prop, required.contains(&name.as_str())));
        }
    }
    let foreign_keys: Vec<Value> = table
        .foreign_keys()
        .iter()
        .map(|fk| {
            // Frictionless names the table's own resource with the empty string.
            let resource = if fk.table == table {
                ""
            } else {
                fk.table.name()
            };
            json!({"fields": fk.field, "reference": {"resource": resource, "fields": "id"}})
        })
        .collect();
    let mut out = Map::new();
    out.insert("$comment".into(), json!(GENERATED_NOTE));
    out.insert("fields".into(), Value::Array(fields));
    out.insert("fieldsMatch".into(), json!("superset"));
    out.insert("missingValues".into(), json!([""]));
    out.insert("primaryKey".into(), json!(["id"]));
    if !foreign_keys.is_empty() {
        out.insert("foreignKeys".into(), Value::Array(foreign_keys));
    }
    Value::Object(out)
}

fn field(name: &str, prop: &Value, required: bool) -> Value {
    let json_type = match &prop["type"] {
        Value::String(t) => t.as_str(),
        Value::Array(ts) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("any"),
        _ => "any",
    };
    let kind = match (json_type, prop["format"].as_str()) {
        ("string", Some("date")) => "date",
        ("string", _) => "string",
        ("integer", _) => "integer",
        ("number", _) => "number",
        ("boolean", _) => "boolean",
        _ => "any",
    };
    let mut constraints = Map::new();
    if required {
        constraints.insert("required".into(), json!(true));
    }
    for key in ["pattern", "minimum", "maximum", "minLength", "maxLength"] {
        // A date's pattern (year 0000 refused) is the `date` type's own rule there.
        if kind == "date" && key == "pattern" {
            continue;
        }
        if let Some(v) = prop.get(key) {
            constraints.insert(key.into(), v.clone());
        }
    }
    if let Some(Value::Array(values)) = prop.get("enum") {
        let values: Vec<Value> = values.iter().filter(|v| !v.is_null()).cloned().collect();
        constraints.insert("enum".into(), Value::Array(values));
    }
    if name == "id" {
        constraints.insert("unique".into(), json!(true));
    }
    let mut out = Map::new();
    out.insert("name".into(), json!(name));
    out.insert("type".into(), json!(kind));
    if kind == "date" {
        out.insert("format".into(), json!("default"));
    }
    if kind == "boolean" {
        out.insert("trueValues".into(), json!(["true"]));
        out.insert("falseValues".into(), json!(["false"]));
    }
    if let Some(d) = prop.get("description") {
        out.insert("description".into(), d.clone());
    }
    if !constraints.is_empty() {
        out.insert("constraints".into(), Value::Object(constraints));
    }
    Value::Object(out)
}
