//! The one order a report lists its findings in, whatever the format: files in the order they
//! were read (tables in dependency order, so a refused id comes before the references that
//! miss it), then files not read (a descriptor) by name, then findings of no file; within a
//! file by line and column, a finding of the whole file first, except that the finding of an
//! id refused by its pattern comes before an earlier line's reference that misses it (the root
//! cause first, [`causes_first`]). `assemble` puts the `Report`'s findings in this order, and
//! every format (human, JSON, SARIF, GitHub) lists them as the `Report` holds them, so every
//! format lists the same findings in the same order.

use std::collections::HashMap;

use super::sink::RootCause;
use crate::report::{FileSummary, Finding};

/// Sorts `items` (stably) in reading order, given the files in the order they were read.
pub(crate) fn sort<T>(items: &mut [T], files: &[FileSummary], finding: impl Fn(&T) -> &Finding) {
    let mut unlisted: Vec<String> = items
        .iter()
        .filter_map(|t| finding(t).file.clone())
        .filter(|name| !files.iter().any(|f| f.file == *name))
        .collect();
    unlisted.sort_unstable();
    unlisted.dedup();
    let group = |file: Option<&str>| -> usize {
        let Some(file) = file else {
            return usize::MAX;
        };
        match files.iter().position(|f| f.file == file) {
            Some(i) => i,
            None => {
                files.len()
                    + unlisted
                        .binary_search_by(|u| u.as_str().cmp(file))
                        .unwrap_or(0)
            }
        }
    };
    items.sort_by_cached_key(|t| {
        let f = finding(t);
        (
            group(f.file.as_deref()),
            f.line.unwrap_or(0),
            f.column.unwrap_or(0),
        )
    });
}

/// Whether `f` is about a record's `id` (a CSV column, or a JSON Pointer ending in `/id`).
fn on_id(f: &Finding) -> bool {
    f.field
        .as_deref()
        .is_some_and(|field| field == "id" || field.ends_with("/id"))
}

/// Moves, in `items` sorted by [`sort`], the findings of each root cause (those on the `id`
/// of the row at `cause_line`) just before the first unresolved reference they explain (at
/// `effect`, same file), when that reference comes earlier. Every other finding keeps its
/// place.
pub(crate) fn causes_first<T>(
    items: &mut Vec<T>,
    links: &[RootCause],
    finding: impl Fn(&T) -> &Finding,
) {
    if links.is_empty() {
        return;
    }
    let (mut effects, mut causes) = (HashMap::new(), HashMap::<_, Vec<usize>>::new());
    for (i, t) in items.iter().enumerate() {
        let f = finding(t);
        let (Some(file), Some(line)) = (f.file.as_deref(), f.line) else {
            continue;
        };
        if f.code == "key.unresolved" {
            effects.insert((file, line, f.column.unwrap_or(0)), i);
        }
        if on_id(f) {
            causes.entry((file, line)).or_default().push(i);
        }
    }
    // For each finding to move, the place of the first reference it explains.
    let mut before: HashMap<usize, usize> = HashMap::new();
    for link in links {
        let (line, column) = link.effect;
        let Some(&effect) = effects.get(&(&*link.file, line, column)) else {
            continue;
        };
        for &cause in causes
            .get(&(&*link.file, link.cause_line))
            .into_iter()
            .flatten()
        {
            if cause > effect {
                let at = before.entry(cause).or_insert(effect);
                *at = (*at).min(effect);
            }
        }
    }
    if before.is_empty() {
        return;
    }
    // A moved finding takes the place just before its reference (`2 * effect`); the others
    // keep theirs (`2 * i + 1`); a stable sort keeps moved findings in their order.
    let mut keyed: Vec<(usize, T)> = std::mem::take(items)
        .into_iter()
        .enumerate()
        .map(|(i, t)| (before.get(&i).map_or(2 * i + 1, |e| 2 * e), t))
        .collect();
    keyed.sort_by_key(|(key, _)| *key);
    items.extend(keyed.into_iter().map(|(_, t)| t));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Table;
    use crate::rules::rule;

    fn at(file: Option<&str>, line: Option<u64>, column: Option<u64>, code: &str) -> Finding {
        let mut f = Finding::new(rule(code).unwrap(), format!("{file:?} {line:?} {column:?}"));
        (f.file, f.line, f.column) = (file.map(Into::into), line, column);
        f
    }

    fn file(name: &str, table: Table) -> FileSummary {
        FileSummary::new(name, Some(table), 10, 500)
    }

    fn places(findings: &[Finding]) -> Vec<String> {
        findings.iter().map(|f| f.message.clone()).collect()
    }

    #[test]
    fn findings_are_grouped_by_file_in_reading_order_and_sorted_by_line() {
        let mut findings = vec![
            at(None, None, None, "limit.findings"),
            at(Some("b.csv"), Some(9), Some(1), "schema.type"),
            at(Some("a.csv"), Some(5), Some(7), "schema.enum"),
            at(Some("c.json"), None, None, "json.shape"),
            at(Some("a.csv"), Some(5), Some(2), "schema.type"),
            at(Some("b.csv"), Some(2), Some(4), "schema.pattern"),
            at(Some("a.csv"), None, None, "csv.header-unknown"),
        ];
        // `b.csv` was read first, `a.csv` second; `c.json` is not in the summary.
        let files = [
            file("b.csv", Table::Officials),
            file("a.csv", Table::Organizations),
        ];
        sort(&mut findings, &files, |f| f);
        assert_eq!(
            places(&findings),
            [
                "Some(\"b.csv\") Some(2) Some(4)",
                "Some(\"b.csv\") Some(9) Some(1)",
                "Some(\"a.csv\") None None",
                "Some(\"a.csv\") Some(5) Some(2)",
                "Some(\"a.csv\") Some(5) Some(7)",
                "Some(\"c.json\") None None",
                "None None None",
            ]
        );
    }

    #[test]
    fn a_root_cause_moves_before_the_first_reference_it_explains_and_nothing_else_moves() {
        let refused = |line| {
            let mut f = at(Some("m.csv"), Some(line), Some(1), "schema.pattern");
            f.field = Some("id".into());
            f
        };
        let mut other_on_cause_line = at(Some("m.csv"), Some(5), Some(37), "schema.enum");
        other_on_cause_line.field = Some("kind".into());
        let mut findings = vec![
            at(Some("m.csv"), Some(2), Some(47), "key.unresolved"),
            at(Some("m.csv"), Some(3), Some(46), "key.unresolved"),
            at(Some("m.csv"), Some(4), Some(47), "key.unresolved"),
            refused(5),
            other_on_cause_line,
            refused(6),
            at(Some("n.csv"), Some(1), Some(1), "key.unresolved"),
        ];
        let link = |effect, cause_line| RootCause {
            file: "m.csv".into(),
            effect,
            cause_line,
        };
        // Lines 2 and 4 name the id refused at line 5; line 3 names no refused id; a link
        // to a line with no finding on the id (line 9) moves nothing.
        let links = [link((4, 47), 5), link((2, 47), 5), link((3, 46), 9)];
        causes_first(&mut findings, &links, |f| f);
        assert_eq!(
            places(&findings),
            [
                "Some(\"m.csv\") Some(5) Some(1)",
                "Some(\"m.csv\") Some(2) Some(47)",
                "Some(\"m.csv\") Some(3) Some(46)",
                "Some(\"m.csv\") Some(4) Some(47)",
                "Some(\"m.csv\") Some(5) Some(37)",
                "Some(\"m.csv\") Some(6) Some(1)",
                "Some(\"n.csv\") Some(1) Some(1)",
            ]
        );
    }
}
