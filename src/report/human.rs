//! The report for people: one block per finding in the style of rustc and cargo (the
//! offending line with the bad value underlined, the column or JSON Pointer it belongs to, a
//! hint), in the report's order (grouped by file, sorted by line), then a one-line summary.
//!
//! ```text
//! error[key.unresolved]: organization `org-nowhere` does not exist in organizations
//!  --> officials.csv:3:25
//!   |
//! 3 | off-jane-doe,Jane Doe,,,org-nowhere,src-azernews,2
//!   |                         ^^^^^^^^^^^ column organization_id
//!   |
//!   = hint: did you mean `org-somewhere`?
//!
//! 1 error, 0 warnings in 1 file (12 records): invalid
//! ```
//!
//! With [`RenderOptions::hide_values`] the line is left out; the position, the field and the
//! hint stay:
//!
//! ```text
//! error[key.unresolved]: the organization does not exist in organizations
//!  --> officials.csv:3:25
//!   = field: organization_id
//!   = hint: did you mean `org-somewhere`?
//! ```
//!
//! Colour is off unless asked for ([`RenderOptions::color`]); deciding whether the output is a
//! terminal and whether `NO_COLOR` is set is the caller's job (the CLI's `--color`).

use std::borrow::Cow;

use annotate_snippets::{AnnotationKind, Element, Level, Origin, Renderer, Snippet};
use anstyle::{AnsiColor, Effects, Style};

use super::text::{clean, is_unsafe};
use super::{Finding, Report};
use crate::rules::Severity;

/// How to render a report for people.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// Colour and bold with ANSI escape codes, for a terminal.
    pub color: bool,
    /// Show no value from the data: neither the offending line nor the value itself, for
    /// personal data. (The messages are the validator's to keep clean, see
    /// [`Options::hide_values`](crate::validate::Options::hide_values).)
    pub hide_values: bool,
}

/// Longest value shown in a `value` note, in characters; longer ones are cut with `…`.
const VALUE_CHARS: usize = 80;

const VALID_STYLE: Style = AnsiColor::BrightGreen.on_default().effects(Effects::BOLD);
const INVALID_STYLE: Style = AnsiColor::BrightRed.on_default().effects(Effects::BOLD);

/// Renders `report` for people: every finding, in the report's order (see
/// [`Report::findings`]), a note when findings were left out, a note when references were left
/// unchecked, and the summary line.
/// The text ends with a newline.
pub fn render(report: &Report, options: &RenderOptions) -> String {
    let renderer = if options.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for finding in in_reading_order(report) {
        out.push_str(&render_finding(finding, options, &renderer));
        out.push_str("\n\n");
    }
    let shown = report.findings.len() as u64;
    let total = report.errors.saturating_add(report.warnings);
    if shown < total {
        out.push_str(&format!(
            "note: {shown} of {total} findings shown; raise --max-findings to see the rest\n"
        ));
    }
    if let Some(note) = unchecked_note(report) {
        out.push_str(&format!("note: {note}\n"));
    }
    out.push_str(&summary(report, options.color));
    out.push('\n');
    out
}

/// The references left unchecked, when there are any, such as `1,234 references not checked:
/// 1,200 into `officials`, 34 into `sources` (give those tables to check them)`: tables by
/// count, most first (then in dependency order). Counts and table names only.
pub fn unchecked_note(report: &Report) -> Option<String> {
    let total = report.unchecked_total();
    if total == 0 {
        return None;
    }
    let mut tables: Vec<_> = report.unchecked_references.iter().collect();
    tables.sort_by_key(|(table, n)| (std::cmp::Reverse(**n), **table));
    let parts: Vec<String> = tables
        .iter()
        .map(|(table, n)| format!("{} into `{}`", grouped(**n), table.name()))
        .collect();
    let (noun, which) = match (total, tables.len()) {
        (1, _) => ("reference", "that table to check it"),
        (_, 1) => ("references", "that table to check them"),
        _ => ("references", "those tables to check them"),
    };
    Some(format!(
        "{} {noun} not checked: {} (give {which})",
        grouped(total),
        parts.join(", ")
    ))
}

/// `n` with its thousands grouped by commas: `1,234`.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The summary line, such as `3 errors, 1 warning in 2 files (40 records): invalid`.
pub fn summary(report: &Report, color: bool) -> String {
    let records: u64 = report.files.iter().map(|f| f.records).sum();
    let (verdict, style) = if report.valid {
        ("valid", VALID_STYLE)
    } else if report.errors == 0 && report.warnings > 0 {
        ("invalid (warnings denied)", INVALID_STYLE)
    } else {
        ("invalid", INVALID_STYLE)
    };
    let verdict = if color {
        format!("{style}{verdict}{style:#}")
    } else {
        verdict.to_owned()
    };
    format!(
        "{}, {} in {} ({}): {verdict}",
        counted(report.errors, "error"),
        counted(report.warnings, "warning"),
        counted(report.files.len() as u64, "file"),
        counted(records, "record"),
    )
}

fn counted(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The findings of `report` in the order it lists them: the validator's reading order (files
/// as read, then line and column, a refused id before the references it explains; see
/// [`Report::findings`]); a report built by hand is rendered in the order it was built. Every
/// format lists them so, so the human, JSON, SARIF and GitHub reports never disagree on order.
pub(crate) fn in_reading_order(report: &Report) -> Vec<&Finding> {
    report.findings.iter().collect()
}

fn render_finding(finding: &Finding, options: &RenderOptions, renderer: &Renderer) -> String {
    let level = match finding.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut elements: Vec<Element<'_>> = Vec::new();
    let file = finding.file.as_deref().map(clean);
    let line = finding.line.map(to_usize);
    let shown_line = if options.hide_values {
        None
    } else {
        line.and_then(|line| marked_line(finding).map(|(text, span)| (line, text, span)))
    };
    match shown_line {
        Some((line, text, span)) => {
            let mut annotation = AnnotationKind::Primary.span(span);
            if let Some(label) = field_label(finding) {
                annotation = annotation.label(label);
            }
            let mut snippet = Snippet::source(text).line_start(line);
            if let Some(file) = file {
                snippet = snippet.path(file);
            }
            elements.push(snippet.annotation(annotation).into());
        }
        None => {
            if let Some(file) = file {
                let mut origin = Origin::path(file);
                if let Some(line) = line {
                    origin = origin.line(line);
                    if let Some(column) = finding.column {
                        origin = origin.char_column(to_usize(column));
                    }
                }
                elements.push(origin.into());
            }
            if let Some(field) = &finding.field {
                elements.push(note("field", clean(field)).into());
            }
            if let (Some(value), false) = (&finding.value, options.hide_values) {
                elements.push(note("value", format!("`{}`", clean(&shorten(value)))).into());
            }
        }
    }
    if let (None, Some(record)) = (finding.line, finding.record) {
        elements.push(note("record", record.to_string()).into());
    }
    if let Some(hint) = &finding.hint {
        elements.push(
            Level::HELP
                .with_name(Some("hint"))
                .message(clean(hint))
                .into(),
        );
    }
    let group = level
        .primary_title(clean(&finding.message))
        .id(finding.code)
        .elements(elements);
    renderer.render(&[group])
}

fn note(name: &'static str, text: String) -> annotate_snippets::Message<'static> {
    Level::NOTE.with_name(Some(name)).message(text)
}

/// The label under the marked value: the CSV column, or where in the JSON document it is.
fn field_label(finding: &Finding) -> Option<String> {
    let field = clean(finding.field.as_deref()?);
    Some(if field.starts_with('/') || field.is_empty() {
        format!("at {}", if field.is_empty() { "/" } else { &field })
    } else {
        format!("column {field}")
    })
}

/// The finding's line (cleaned) and the byte range to underline in it, when the snippet is
/// consistent with the finding: the span lies inside the text and, when the finding gives a
/// column, the span starts there. A line the validator cut short no longer starts at column 1,
/// so it is not shown rather than shown under a wrong column.
fn marked_line(finding: &Finding) -> Option<(String, std::ops::Range<usize>)> {
    let snippet = finding.snippet.as_ref()?;
    if snippet.start > snippet.end {
        return None;
    }
    if let Some(column) = finding.column {
        if column != snippet.start as u64 + 1 {
            return None;
        }
    }
    let text = clean_line(&snippet.text);
    let byte_at = |chars: usize| -> Option<usize> {
        if chars == 0 {
            return Some(0);
        }
        text.char_indices()
            .map(|(i, c)| i + c.len_utf8())
            .nth(chars - 1)
    };
    let start = byte_at(snippet.start)?;
    let end = byte_at(snippet.end)?;
    Some((text, start..end))
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

fn shorten(value: &str) -> Cow<'_, str> {
    match value.char_indices().nth(VALUE_CHARS) {
        None => Cow::Borrowed(value),
        Some((cut, _)) => Cow::Owned(format!("{}…", &value[..cut])),
    }
}

/// A line from the data, safe for a terminal: like [`clean`], but tabs are kept (the
/// snippet renderer expands them). One character for one, so character offsets still hold.
fn clean_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c != '\t' && is_unsafe(c) {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_characters_are_replaced_one_for_one() {
        assert_eq!(clean_line("a\x1bb\tc"), "a�b\tc");
    }

    #[test]
    fn thousands_are_grouped() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (1234567, "1,234,567"),
        ];
        for (n, text) in cases {
            assert_eq!(grouped(n), text);
        }
    }

    #[test]
    fn long_values_are_cut() {
        let long = "é".repeat(VALUE_CHARS + 5);
        let cut = shorten(&long);
        assert_eq!(cut.chars().count(), VALUE_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(shorten("short"), "short");
    }
}
