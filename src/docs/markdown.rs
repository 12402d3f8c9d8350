//! Reading the flat JSON Schema of a table into fields, and writing them as Markdown.

use serde_json::{Map, Value};

/// Enums longer than this, without meanings, are not listed value by value.
const LONG_ENUM: usize = 40;

/// Enums up to this length are listed in the field table itself.
const SHORT_ENUM: usize = 8;

/// Keywords of a property schema that [`FieldInfo::constraints`] and the field table already
/// render; any other keyword is shown as it is, so a new constraint is never silently dropped.
const RENDERED_KEYWORDS: &[&str] = &[
    "type",
    "description",
    "title",
    "enum",
    "x-enumDescriptions",
    "pattern",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "format",
];

/// One field of a table, as its JSON Schema describes it.
pub struct FieldInfo<'a> {
    /// Field name.
    pub name: &'a str,
    /// The property schema.
    pub prop: &'a Map<String, Value>,
    /// Whether the schema lists the field as required.
    pub required: bool,
}

/// The fields of a flat record schema, in schema order.
pub fn fields(schema: &Value) -> Vec<FieldInfo<'_>> {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|props| {
            props
                .iter()
                .filter_map(|(name, prop)| {
                    Some(FieldInfo {
                        name: name.as_str(),
                        prop: prop.as_object()?,
                        required: required.contains(&name.as_str()),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// What an enum list is, for display.
pub enum EnumKind<'a> {
    /// The field is not an enum.
    None,
    /// Exactly the ISO 3166-1 alpha-2 country codes.
    Countries,
    /// A long list without meanings.
    Long(usize),
    /// Values (never `null`), each with its meaning when the schema gives one.
    Listed(Vec<(&'a str, Option<&'a str>)>),
}

impl<'a> FieldInfo<'a> {
    /// The JSON type without `null`, or `date` for a date string.
    pub fn base_type(&self) -> &'a str {
        let json_type = match self.prop.get("type") {
            Some(Value::String(t)) => t.as_str(),
            Some(Value::Array(ts)) => ts
                .iter()
                .filter_map(Value::as_str)
                .find(|t| *t != "null")
                .unwrap_or("any"),
            _ => "any",
        };
        match (json_type, self.prop.get("format").and_then(Value::as_str)) {
            ("string", Some("date")) => "date",
            _ => json_type,
        }
    }

    /// Whether the field may be `null` (left empty in CSV).
    pub fn nullable(&self) -> bool {
        match self.prop.get("type") {
            Some(Value::Array(ts)) => ts.iter().any(|t| t == "null"),
            Some(Value::String(t)) => t == "null",
            _ => false,
        }
    }

    /// The field's description, with rustdoc links turned into plain code.
    pub fn description(&self) -> String {
        self.prop
            .get("description")
            .and_then(Value::as_str)
            .map(plain_text)
            .unwrap_or_default()
    }

    /// The field's enum values and their meanings.
    pub fn enum_kind(&self) -> EnumKind<'a> {
        let Some(Value::Array(values)) = self.prop.get("enum") else {
            return EnumKind::None;
        };
        let values: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
        let meanings = self
            .prop
            .get("x-enumDescriptions")
            .and_then(Value::as_object);
        if is_country_list(&values) {
            return EnumKind::Countries;
        }
        if meanings.is_none() && values.len() > LONG_ENUM {
            return EnumKind::Long(values.len());
        }
        EnumKind::Listed(
            values
                .into_iter()
                .map(|v| (v, meanings.and_then(|m| m.get(v)).and_then(Value::as_str)))
                .collect(),
        )
    }

    /// The constraints of the field, as Markdown phrases.
    pub fn constraints(&self) -> Vec<String> {
        let mut out = Vec::new();
        match self.enum_kind() {
            EnumKind::None => {}
            EnumKind::Countries => {
                out.push("ISO 3166-1 alpha-2 country code, such as `AZ` or `TR`".into())
            }
            EnumKind::Long(n) => out.push(format!("one of {n} values listed in the JSON Schema")),
            EnumKind::Listed(values) if values.len() <= SHORT_ENUM => {
                let list: Vec<String> = values.iter().map(|(v, _)| code(v)).collect();
                out.push(format!("one of {}", list.join(", ")));
            }
            EnumKind::Listed(values) => {
                out.push(format!("one of {} values listed below", values.len()))
            }
        }
        if let Some(p) = self.prop.get("pattern").and_then(Value::as_str) {
            out.push(format!("pattern {}", code(p)));
        }
        if let Some(f) = self.prop.get("format").and_then(Value::as_str) {
            let note = if f == "date" {
                " (a calendar day, `YYYY-MM-DD`)"
            } else {
                ""
            };
            out.push(format!("format `{f}`{note}"));
        }
        match (self.prop.get("minimum"), self.prop.get("maximum")) {
            (Some(min), Some(max)) => out.push(format!("from {min} to {max}")),
            (Some(min), None) => out.push(format!("at least {min}")),
            (None, Some(max)) => out.push(format!("at most {max}")),
            (None, None) => {}
        }
        match (self.prop.get("minLength"), self.prop.get("maxLength")) {
            (Some(min), Some(max)) => out.push(format!("{min} to {max} characters")),
            (Some(min), None) => out.push(format!("at least {min} character{}", plural(min))),
            (None, Some(max)) => out.push(format!("at most {max} characters")),
            (None, None) => {}
        }
        for (keyword, value) in self.prop {
            if !RENDERED_KEYWORDS.contains(&keyword.as_str()) {
                out.push(format!("{}: {}", code(keyword), code(&value.to_string())));
            }
        }
        out
    }
}

fn plural(n: &Value) -> &'static str {
    if n.as_u64() == Some(1) { "" } else { "s" }
}

/// Whether `values` are exactly the ISO 3166-1 alpha-2 codes.
fn is_country_list(values: &[&str]) -> bool {
    values.len() == rust_iso3166::ALL_ALPHA2.len()
        && rust_iso3166::ALL_ALPHA2
            .iter()
            .all(|code| values.contains(code))
}

/// `text` as an inline code span, safe inside a table cell.
pub fn code(text: &str) -> String {
    let ticks = if text.contains('`') { "``" } else { "`" };
    let pad = if text.contains('`') { " " } else { "" };
    cell(&format!("{ticks}{pad}{text}{pad}{ticks}"))
}

/// `text` made safe for one Markdown table cell: pipes escaped, line breaks joined.
pub fn cell(text: &str) -> String {
    text.replace('|', "\\|")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A doc comment's text with rustdoc links (``[`Quantity`]``) turned into plain code spans.
pub fn plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("[`") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find("`]") {
            Some(end) if !after[end + 2..].starts_with('(') => {
                out.push_str(&after[..end + 1]);
                rest = &after[end + 2..];
            }
            _ => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The first sentence of a description.
pub fn first_sentence(text: &str) -> &str {
    match text.find(". ") {
        Some(end) => &text[..=end],
        None => text,
    }
}

/// A Markdown table from a header and rows (cells already escaped).
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!("| {} |\n", header.join(" | "));
    out.push_str(&format!(
        "|{}\n",
        header.iter().map(|_| "---|").collect::<String>()
    ));
    for row in rows {
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rustdoc_links_become_code() {
        assert_eq!(
            plain_text("forms a [`Quantity`] with [`a`](b) and [x"),
            "forms a `Quantity` with [`a`](b) and [x"
        );
    }

    #[test]
    fn cells_escape_pipes_and_join_lines() {
        assert_eq!(cell("a|b\n\nc"), "a\\|b c");
        assert_eq!(code("^(a|b)$"), "`^(a\\|b)$`");
    }

    #[test]
    fn country_lists_are_recognized() {
        let all: Vec<&str> = rust_iso3166::ALL_ALPHA2.to_vec();
        assert!(is_country_list(&all));
        assert!(!is_country_list(&all[1..]));
    }
}
