//! The report for code-scanning tools: a [SARIF 2.1.0] log, as GitHub code scanning, GitLab,
//! Azure DevOps and IDE viewers read it.
//!
//! - One run. The tool's rules are the whole catalogue ([`crate::rules::RULES`]): `id` is the
//!   finding code, `shortDescription` and `help` its meaning, `defaultConfiguration.level` its
//!   severity, `properties.stage` when it is checked.
//! - One result per finding listed in the report, in reading order (by file, line, column),
//!   with the rule's index, level and message, the hint appended to the message.
//! - Physical locations: the artifact URI is the file as the report names it (relative to the
//!   working directory, or to the package folder for the bundled package), percent-encoded,
//!   under the base id `%SRCROOT%`; an absolute path becomes a `file://` URI. The region gives
//!   `startLine`, `startColumn` and, when the validator marked a span, `endColumn` (exclusive,
//!   as SARIF wants). Columns count Unicode code points, as the validator's do, and the run
//!   says so with `columnKind: unicodeCodePoints` (SARIF's default is UTF-16 code units).
//! - `partialFingerprints["defcoopFinding/v1"]` identifies a finding across runs: a hash of
//!   its code, file, field and the text of the offending line (its line number instead when
//!   values are hidden, so no hash of personal data leaves), and its order among findings
//!   with the same hash. A re-run on edited data keeps the fingerprint of a finding whose
//!   line only moved.
//! - GitHub code scanning keeps at most [`MAX_RESULTS`] results a run: past that, results
//!   are cut and the log says so in `invocations[0].toolExecutionNotifications` and in
//!   `properties.resultsOmitted`, as it does for findings past `--max-findings`.
//! - `properties.uncheckedReferences` maps a table to the number of references into it that
//!   were not checked because no input held it (`{}` when every reference was checked), as
//!   the JSON report's `unchecked_references`.
//! - No value from the data is written on its own (no snippet, no `value`): the messages are
//!   the validator's, which leave values out under `--hide-values`. Control characters and
//!   bidirectional overrides in messages and names are replaced, as in the human report.
//!
//! [SARIF 2.1.0]: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::RenderOptions;
use super::human::in_reading_order;
use super::text::{clean, fnv1a};
use super::{Finding, Report};
use crate::rules::{RULES, Severity, Stage};

/// Most results in one run, as GitHub code scanning accepts them.
pub const MAX_RESULTS: usize = 25_000;

/// The key of the partial fingerprint each result carries.
pub const FINGERPRINT_KEY: &str = "defcoopFinding/v1";

/// Renders `report` as a SARIF 2.1.0 log (pretty JSON, final newline).
pub fn render(report: &Report, options: &RenderOptions) -> String {
    render_capped(report, options, MAX_RESULTS)
}

/// [`render`] with another cap on the results of the run (for tests of the cut).
#[doc(hidden)]
pub fn render_capped(report: &Report, options: &RenderOptions, cap: usize) -> String {
    let findings = in_reading_order(report);
    let total = report.errors.saturating_add(report.warnings);
    let listed = findings.len();
    let mut seen: HashMap<u64, u64> = HashMap::new();
    let mut results = Vec::with_capacity(listed.min(cap));
    for finding in findings.iter().take(cap) {
        results.push(result(finding, options, &mut seen));
    }
    let written = results.len() as u64;
    let omitted = total.max(listed as u64).saturating_sub(written);
    let mut notifications = Vec::new();
    if listed > cap {
        notifications.push(json!({
            "level": "warning",
            "message": { "text": format!(
                "{written} of {total} findings written: a SARIF run holds at most {cap} results (GitHub code scanning's limit); the JSON report or --split-into lists them all"
            ) },
        }));
    } else if (listed as u64) < total {
        notifications.push(json!({
            "level": "warning",
            "message": { "text": format!(
                "{written} of {total} findings written; raise --max-findings to see the rest"
            ) },
        }));
    }
    let mut invocation = json!({ "executionSuccessful": true });
    if !notifications.is_empty() {
        invocation["toolExecutionNotifications"] = Value::Array(notifications);
    }
    let artifacts: Vec<Value> = report
        .files
        .iter()
        .map(|f| {
            json!({
                "location": artifact_location(&f.file),
                "length": f.bytes,
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "defcoop",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "version": env!("CARGO_PKG_VERSION"),
                "rules": RULES.iter().map(rule).collect::<Vec<_>>(),
            } },
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "results": results,
            "properties": {
                "valid": report.valid,
                "errors": report.errors,
                "warnings": report.warnings,
                "resultsOmitted": omitted,
                "uncheckedReferences": report.unchecked_references,
            },
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_owned());
    text.push('\n');
    text
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn rule(rule: &crate::rules::Rule) -> Value {
    let stage = match rule.stage {
        Stage::File => "file",
        Stage::Record => "record",
        Stage::Package => "package",
    };
    let tables: Vec<&str> = rule.tables.iter().map(|t| t.name()).collect();
    let applies = if tables.is_empty() {
        "every table".to_owned()
    } else {
        tables.join(", ")
    };
    json!({
        "id": rule.code,
        "shortDescription": { "text": rule.meaning },
        "help": {
            "text": format!(
                "{} Checked at the {stage} stage, for {applies}. The result's message says what is wrong and the region where; fix the data and validate again.",
                rule.meaning
            ),
        },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": { "stage": stage, "tables": tables },
    })
}

fn result(finding: &Finding, options: &RenderOptions, seen: &mut HashMap<u64, u64>) -> Value {
    let mut message = clean(&finding.message);
    if let Some(hint) = &finding.hint {
        message.push_str(" Hint: ");
        message.push_str(&clean(hint));
    }
    let mut result = Map::new();
    result.insert("ruleId".into(), json!(finding.code));
    if let Some(index) = RULES.iter().position(|r| r.code == finding.code) {
        result.insert("ruleIndex".into(), json!(index));
    }
    result.insert("level".into(), json!(level(finding.severity)));
    result.insert("message".into(), json!({ "text": message }));
    if let Some(file) = &finding.file {
        let mut physical = Map::new();
        physical.insert("artifactLocation".into(), artifact_location(file));
        if let Some(region) = region(finding) {
            physical.insert("region".into(), region);
        }
        let mut location = Map::new();
        location.insert("physicalLocation".into(), Value::Object(physical));
        if let Some(field) = &finding.field {
            let kind = if field.starts_with('/') || field.is_empty() {
                "element"
            } else {
                "member"
            };
            location.insert(
                "logicalLocations".into(),
                json!([{ "name": clean(field), "kind": kind }]),
            );
        }
        result.insert("locations".into(), json!([Value::Object(location)]));
    }
    let hash = fingerprint(finding, options);
    let nth = seen.entry(hash).or_insert(0);
    *nth += 1;
    result.insert(
        "partialFingerprints".into(),
        json!({ FINGERPRINT_KEY: format!("{hash:016x}:{nth}") }),
    );
    let mut properties = Map::new();
    if let Some(table) = finding.table {
        properties.insert("table".into(), json!(table.name()));
    }
    if let Some(record) = finding.record {
        properties.insert("record".into(), json!(record));
    }
    if !properties.is_empty() {
        result.insert("properties".into(), Value::Object(properties));
    }
    Value::Object(result)
}

/// The finding's region: its line, column and, when a span was marked, the column past it.
fn region(finding: &Finding) -> Option<Value> {
    let line = finding.line.filter(|l| *l >= 1)?;
    let mut region = Map::new();
    region.insert("startLine".into(), json!(line));
    if let Some(column) = finding.column.filter(|c| *c >= 1) {
        region.insert("startColumn".into(), json!(column));
        if let Some(snippet) = finding.snippet.as_ref().filter(|s| s.end >= s.start) {
            let width = (snippet.end - snippet.start) as u64;
            region.insert("endColumn".into(), json!(column.saturating_add(width)));
        }
    }
    Some(Value::Object(region))
}

fn fingerprint(finding: &Finding, options: &RenderOptions) -> u64 {
    let file = finding.file.as_deref().unwrap_or("");
    let field = finding.field.as_deref().unwrap_or("");
    let line_number = finding.line.unwrap_or(0).to_string();
    let content: &[u8] = match (&finding.snippet, options.hide_values) {
        (Some(snippet), false) => snippet.text.trim_end().as_bytes(),
        _ => line_number.as_bytes(),
    };
    fnv1a(&[
        finding.code.as_bytes(),
        file.as_bytes(),
        field.as_bytes(),
        content,
    ])
}

/// A file name as a SARIF artifact location: a relative URI reference under `%SRCROOT%`, or
/// a `file://` URI for an absolute path.
fn artifact_location(file: &str) -> Value {
    let path = if cfg!(windows) {
        file.replace('\\', "/")
    } else {
        file.to_owned()
    };
    let path = path.strip_prefix("./").unwrap_or(&path);
    if let Some(rest) = path.strip_prefix('/') {
        return json!({ "uri": format!("file:///{}", encode_path(rest, true)) });
    }
    let is_drive =
        path.len() >= 2 && path.as_bytes()[1] == b':' && path.as_bytes()[0].is_ascii_alphabetic();
    if is_drive {
        return json!({ "uri": format!("file:///{}", encode_path(path, true)) });
    }
    json!({ "uri": encode_path(path, false), "uriBaseId": "%SRCROOT%" })
}

/// Percent-encodes what a URI path may not hold as is (RFC 3986 `pchar` and `/` are kept;
/// in a relative reference, a `:` in the first segment is encoded so it cannot read as a
/// scheme).
fn encode_path(path: &str, absolute: bool) -> String {
    let mut out = String::with_capacity(path.len());
    let mut first_segment = !absolute;
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
                    | b'/'
            )
            || (byte == b':' && !first_segment);
        if byte == b'/' {
            first_segment = false;
        }
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            artifact_location("data/my file%.csv"),
            json!({ "uri": "data/my%20file%25.csv", "uriBaseId": "%SRCROOT%" })
        );
        assert_eq!(artifact_location("./é.csv")["uri"], json!("%C3%A9.csv"));
        assert_eq!(
            artifact_location("/tmp/a b.csv"),
            json!({ "uri": "file:///tmp/a%20b.csv" })
        );
        assert_eq!(artifact_location("<stdin>")["uri"], json!("%3Cstdin%3E"));
        assert_eq!(artifact_location("ab:c/d:e")["uri"], json!("ab%3Ac/d:e"));
        assert_eq!(
            artifact_location("C:/x.csv")["uri"],
            json!("file:///C:/x.csv")
        );
    }
}
