//! The report for GitHub Actions: one [workflow command] a finding, which GitHub shows as an
//! annotation on the file and line in the run and in the pull request, then a summary line.
//!
//! ```text
//! ::error file=officials.csv,line=3,col=25,endColumn=36,title=key.unresolved::`org-nowhere` names no row of organizations%0Ahint: did you mean `org-somewhere`?
//! defcoop: 1 error, 0 warnings in 1 file (12 records): invalid
//! ```
//!
//! A workflow command is a line of standard output that starts with `::`, so a value from the
//! data that held a line break followed by `::add-mask::…` or `::stop-commands::…` could
//! command the runner. Everything after `::error ` is escaped by GitHub's rules: in the
//! message `%` → `%25`, CR → `%0D`, LF → `%0A`; in the properties also `:` → `%3A` and `,` →
//! `%2C`. Other control characters and bidirectional overrides are replaced by `�`, as in the
//! human report. So every line this renderer writes starts with `::error `, `::warning ` or
//! `defcoop: `, whatever the data holds (`tests/report_github.rs` feeds it such cells).
//!
//! Findings come in reading order; `col` and `endColumn` count characters (`endColumn` is
//! past the marked value). The hint follows the message on a line of its own. Values are
//! never written on their own: messages are the validator's, which leave values out under
//! `--hide-values`. GitHub shows a limited number of annotations a step (10 of each level at
//! the time of writing); every finding stays in the log.
//!
//! [workflow command]: https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions

use super::human::{in_reading_order, summary, unchecked_note};
use super::text::is_unsafe;
use super::{Finding, Report};
use crate::rules::Severity;

/// Renders `report` as GitHub Actions workflow commands, one line a finding, and a summary
/// line starting with `defcoop: `. The text ends with a newline.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for finding in in_reading_order(report) {
        out.push_str(&command(finding));
        out.push('\n');
    }
    let shown = report.findings.len() as u64;
    let total = report.errors.saturating_add(report.warnings);
    if shown < total {
        out.push_str(&format!(
            "defcoop: {shown} of {total} findings shown; raise --max-findings to see the rest\n"
        ));
    }
    if let Some(note) = unchecked_note(report) {
        out.push_str(&format!("defcoop: {note}\n"));
    }
    out.push_str("defcoop: ");
    out.push_str(&summary(report, false));
    out.push('\n');
    out
}

fn command(finding: &Finding) -> String {
    let name = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut properties: Vec<String> = Vec::new();
    if let Some(file) = &finding.file {
        properties.push(format!("file={}", escape_property(file)));
        if let Some(line) = finding.line {
            properties.push(format!("line={line}"));
            if let Some(column) = finding.column {
                properties.push(format!("col={column}"));
                if let Some(snippet) = finding.snippet.as_ref().filter(|s| s.end >= s.start) {
                    let end = column.saturating_add((snippet.end - snippet.start) as u64);
                    properties.push(format!("endColumn={end}"));
                }
            }
        }
    }
    properties.push(format!("title={}", escape_property(finding.code)));
    let mut message = finding.message.clone();
    if let Some(field) = &finding.field {
        message.push_str("\nfield: ");
        message.push_str(field);
    }
    if let Some(hint) = &finding.hint {
        message.push_str("\nhint: ");
        message.push_str(hint);
    }
    format!(
        "::{name} {}::{}",
        properties.join(","),
        escape_data(&message)
    )
}

/// Escapes a command's message: `%`, CR and LF by GitHub's rules; other unsafe characters
/// replaced.
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if is_unsafe(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a command's property value: as [`escape_data`], and `:` and `,` too.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_githubs_rules() {
        assert_eq!(escape_data("a%b\r\nc:d,e"), "a%25b%0D%0Ac:d,e");
        assert_eq!(escape_property("a%b\r\nc:d,e"), "a%25b%0D%0Ac%3Ad%2Ce");
        assert_eq!(escape_data("%0A"), "%250A");
        assert_eq!(escape_data("x\x1b[2Jy\u{202e}"), "x�[2Jy�");
    }
}
