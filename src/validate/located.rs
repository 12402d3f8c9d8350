//! Every finding of the validator is built here: from a rule code ([`finding`]), from a
//! reader's [`Problem`] ([`problem_finding`]), from a record check's [`Issue`]
//! ([`issue_finding`]) or from where a kept value was read ([`loc_finding`]). Values are hidden
//! here, in one pass, when the options ask for it: the message's value slots, the value, the
//! hint when it names a value, the parts of a field read from the data, and the line shown.

use std::borrow::Cow;
use std::sync::Arc;

use super::record::Issue;
use super::{Finding, Snippet};
use crate::input::{Message, Pos, Problem, text};
use crate::model::Table;
use crate::rules::{Severity, rule};

/// A finding under `code`, with the severity of its rule.
pub(crate) fn finding(code: &'static str, message: impl Into<String>) -> Finding {
    match rule(code) {
        Some(r) => Finding::new(r, message),
        // Every code used is in the catalogue (a test checks it); stay an error otherwise.
        None => {
            let mut f = Finding::new(&FALLBACK_RULE, message);
            f.code = code;
            f
        }
    }
}

const FALLBACK_RULE: crate::rules::Rule = crate::rules::Rule {
    code: "schema.other",
    severity: Severity::Error,
    stage: crate::rules::Stage::Record,
    tables: &[],
    meaning: "",
};

/// A value as shown in a finding: as is, or only its length when values are hidden.
pub(crate) fn shown_value(value: &str, hide: bool) -> String {
    if hide {
        format!("<hidden, {} chars>", value.chars().count())
    } else {
        value.to_owned()
    }
}

/// A hint as shown: with its values, or, when values are hidden, left out if it holds one
/// (a "did you mean" naming a close id says nothing once the id is hidden).
pub(crate) fn shown_hint(hint: Option<crate::input::Message>, hide: bool) -> Option<String> {
    let hint = hint?;
    if hide && hint.has_values() {
        None
    } else {
        Some(hint.render(false))
    }
}

/// The names a field may be given by without naming a value of the input: the tables, their
/// fields and the descriptor's keys.
fn known_names() -> &'static std::collections::HashSet<String> {
    static NAMES: std::sync::OnceLock<std::collections::HashSet<String>> =
        std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: std::collections::HashSet<String> = ["resources", "path", "name", "format"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        for t in Table::ALL {
            names.insert(t.name().to_owned());
            names.extend(
                super::record::TableCheck::new(t)
                    .fields
                    .into_iter()
                    .map(|f| f.name),
            );
        }
        names
    })
}

/// A finding's field as shown: as is, or, when values are hidden, with every part that is
/// not a name of the model (a CSV column or a JSON key read from the data, such as the first
/// row of a file without header) replaced by [`crate::input::message::HIDDEN`]; array indexes
/// of a JSON Pointer are positions and stay.
pub(crate) fn shown_field(field: Option<String>, hide: bool) -> Option<String> {
    let field = field?;
    if !hide {
        return Some(field);
    }
    let names = known_names();
    let part = |p: &str| {
        let unescaped = p.replace("~1", "/").replace("~0", "~");
        if p.is_empty() || p.bytes().all(|b| b.is_ascii_digit()) || names.contains(&unescaped) {
            p.to_owned()
        } else {
            crate::input::message::HIDDEN.to_owned()
        }
    };
    Some(match field.strip_prefix('/') {
        Some(pointer) => pointer
            .split('/')
            .map(|p| format!("/{}", part(p)))
            .collect(),
        None => part(&field),
    })
}

fn snippet(hide: bool, text: &str, pos: Pos) -> Option<Snippet> {
    if hide || text.is_empty() {
        return None;
    }
    let (line, start, end) = text::snippet(text, pos.offset, pos.len);
    Some(Snippet::new(line, start, end))
}

/// A reader's problem as a finding, its line shown from `text`.
pub(crate) fn problem_finding(
    name: &Arc<str>,
    table: Option<Table>,
    hide: bool,
    text: &str,
    record: Option<u64>,
    p: Problem,
) -> Finding {
    let mut f = finding(p.code, p.message.render(hide));
    f.file = Some(name.to_string());
    f.table = table;
    f.line = Some(p.pos.line);
    f.column = Some(p.pos.column);
    f.field = shown_field(p.field, hide);
    f.hint = shown_hint(p.hint, hide);
    f.record = record;
    f.snippet = snippet(hide, text, p.pos);
    f
}

/// A record check's issue as a finding at `pos`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn issue_finding(
    file: &Arc<str>,
    table: Table,
    hide: bool,
    text: &str,
    record: u64,
    pos: Pos,
    field: Option<String>,
    issue: Issue,
) -> Finding {
    let mut f = finding(issue.code, issue.message.render(hide));
    f.file = Some(file.to_string());
    f.table = Some(table);
    f.line = Some(pos.line);
    f.column = Some(pos.column);
    f.field = shown_field(field, hide);
    f.record = Some(record);
    f.value = issue.value.as_deref().map(|v| shown_value(v, hide));
    f.hint = shown_hint(issue.hint, hide);
    f.snippet = snippet(hide, text, pos);
    f
}

/// Where a value was read, kept for findings made after the record is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Loc {
    /// Index of the file in `PackageState::file_index` (`keys`).
    pub file: u32,
    pub table: Table,
    pub line: u64,
    pub column: u64,
    pub record: u64,
    /// Byte offset of the value in the file's text, and its length, to show the line later.
    pub offset: u64,
    pub len: u32,
    /// Column name or JSON Pointer.
    pub field: Cow<'static, str>,
}

/// A finding of the package checks at `loc` in the file named `file`, with `value` (hidden
/// when `hide`); its line is read again later (see [`super::sink::DeferredSnippet`]).
pub(crate) fn loc_finding(
    code: &'static str,
    file: &str,
    loc: &Loc,
    message: Message,
    value: Option<&str>,
    hide: bool,
) -> Finding {
    let mut f = finding(code, message.render(hide));
    f.file = Some(file.to_string());
    f.table = Some(loc.table);
    f.line = Some(loc.line);
    f.column = Some(loc.column);
    f.record = Some(loc.record);
    f.field = Some(loc.field.to_string());
    f.value = value.map(|v| shown_value(v, hide));
    f
}
