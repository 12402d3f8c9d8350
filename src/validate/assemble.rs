//! Sink to report: the findings sorted in reading order and bounded, the lines of deferred
//! snippets read again from their files, the counts and the verdict.

use std::collections::HashMap;
use std::sync::Arc;

use super::bytes::{Source, snippets_at};
use super::plan::{Bytes, Job};
use super::sink::Sink;
use super::{FileSummary, Finding, Options, Report, Snippet, finding};
use crate::rules::Severity;

/// The report of a run: the findings of `sink` sorted in reading order (see
/// [`super::reading_order`]), bounded to
/// `options.max_findings` (the last place going to a `limit.findings` notice), their deferred
/// snippets read again from the files (`files`, indexed by a snippet's file; `jobs` say where
/// their bytes are), and the counts.
pub(super) fn assemble(
    mut sink: Sink,
    options: &Options,
    summaries: Vec<FileSummary>,
    files: &[Arc<str>],
    jobs: &[Job],
) -> Report {
    let mut findings = sink.take_entries();
    super::reading_order::sort(&mut findings, &summaries, |(f, _)| f);
    let causes = sink.take_root_causes();
    super::reading_order::causes_first(&mut findings, &causes, |(f, _)| f);
    let count = |s| findings.iter().filter(|(f, _)| f.severity == s).count() as u64;
    let errors = count(Severity::Error) + sink.dropped_errors;
    let warnings = count(Severity::Warning) + sink.dropped_warnings;
    let total = findings.len() + (sink.dropped_errors + sink.dropped_warnings) as usize;
    // At most `max_findings` are listed: when there are more, the last place goes to the
    // `limit.findings` notice (counted in neither `errors` nor `warnings`, which count the
    // data's findings).
    let cut = total > options.max_findings;
    let listed = if cut {
        options.max_findings.saturating_sub(1)
    } else {
        options.max_findings
    };
    findings.truncate(listed);
    // The lines of the kept findings made after their records were gone, read again.
    let mut wanted: HashMap<u32, Vec<(u64, usize, usize)>> = HashMap::new();
    for (i, (_, l)) in findings.iter().enumerate() {
        if let Some(l) = l {
            wanted
                .entry(l.file)
                .or_default()
                .push((l.offset, l.len as usize, i));
        }
    }
    for (file, mut want) in wanted {
        let Some(name) = files.get(file as usize) else {
            continue;
        };
        let Some(job) = jobs.iter().find(|j| j.name == *name) else {
            continue;
        };
        want.sort_unstable();
        let at: Vec<(u64, usize)> = want.iter().map(|(o, l, _)| (*o, *l)).collect();
        let source = match &job.bytes {
            Bytes::Loaded(b) => Source::Memory(b),
            Bytes::Borrowed(b) => Source::Memory(b),
            Bytes::File(p) => match std::fs::File::open(p) {
                Ok(f) => Source::File(f),
                Err(_) => continue,
            },
        };
        // A file that cannot be read again keeps its findings without a line shown.
        let Ok(snippets) = snippets_at(source, &at) else {
            continue;
        };
        for ((text, start, end), (_, _, i)) in snippets.into_iter().zip(&want) {
            if let Some((f, _)) = findings.get_mut(*i) {
                f.snippet = Some(Snippet::new(text, start, end));
            }
        }
    }
    let mut findings: Vec<Finding> = findings.into_iter().map(|(f, _)| f).collect();
    if cut && options.max_findings > 0 {
        findings.push(finding(
                "limit.findings",
                format!(
                    "{total} findings, only the first {listed} are listed (this notice takes the last of the {} places and is not counted); fix these and run again, or raise --max-findings",
                    options.max_findings
                ),
            ));
    }
    let valid = errors == 0 && !(options.deny_warnings && warnings > 0);
    Report {
        valid,
        errors,
        warnings,
        files: summaries,
        findings,
        // Set by the driver, from the package state.
        unchecked_references: Default::default(),
    }
}
