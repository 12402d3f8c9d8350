//! The report for machines: the serde form of [`Report`], one JSON object
//! `{"valid", "errors", "warnings", "files", "findings", "unchecked_references"}`, described by
//! the generated JSON Schema `schema/report.schema.json`. `unchecked_references` maps a table
//! to the number of references into it that were not checked (no input held it), and is `{}`
//! when every reference was checked.
//!
//! Pretty-printed (two-space indent) with a final newline: a report holds at most
//! `--max-findings` findings, so readability costs little, and JSON tools read it either way.
//! Every finding has `severity`, `code`, `message`, `file`, `table`, `line`, `column`, `field`,
//! `record`, `value` and `hint`, with `null` where there is none, so a consumer never has to
//! tell a missing key from an unknown value.

use super::Report;

/// Renders `report` as pretty JSON ending with a newline.
pub fn render(report: &Report) -> String {
    // The report is plain data (strings, numbers, options, vectors): serializing it cannot
    // fail, but a failure would still be reported as JSON rather than a panic.
    let mut text = serde_json::to_string_pretty(report).unwrap_or_else(|e| {
        serde_json::json!({ "valid": false, "error": e.to_string() }).to_string()
    });
    text.push('\n');
    text
}
