//! Where every stage puts its findings: the findings of a run in the order they were made,
//! each with the deferred snippet that shows its line (read again from the file once the run
//! is over, since the records are gone by then). A snippet travels with its finding: splicing,
//! bounding and sorting move them together, so no index ever needs fixing up.
//!
//! The sink also holds the bound that keeps memory flat when a file has millions of findings
//! ([`Sink::bound`]).

use super::Finding;
use crate::rules::Severity;

/// The line of a finding to show, to be read again from its file after the run: the finding
/// was made when its record was gone (package checks, encoding problems).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DeferredSnippet {
    /// Index of the file in the run's files.
    pub file: u32,
    /// Byte offset of the value in the file, and its length.
    pub offset: u64,
    pub len: u32,
}

/// A finding caused by another one further down the same file: an unresolved reference
/// (at `effect`: line and column) to an id that the row at `cause_line` gives but its pattern
/// refuses. The report lists the findings of that id before the reference's (see
/// `reading_order::causes_first`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RootCause {
    /// The file of both.
    pub file: std::sync::Arc<str>,
    pub effect: (u64, u64),
    pub cause_line: u64,
}

/// A finding and, when its line is to be read again later, where.
pub(crate) type Entry = (Finding, Option<DeferredSnippet>);

/// The findings of a run, in the order they were made.
pub(crate) struct Sink {
    entries: Vec<Entry>,
    /// Findings let go by [`Sink::bound`], by severity: counted, never listed.
    pub dropped_errors: u64,
    pub dropped_warnings: u64,
    /// See [`Sink::bound`].
    pub bound_min: usize,
    /// Findings to list before others (see [`RootCause`]).
    root_causes: Vec<RootCause>,
}

impl Default for Sink {
    fn default() -> Sink {
        Sink {
            entries: Vec::new(),
            dropped_errors: 0,
            dropped_warnings: 0,
            bound_min: BOUND_MIN,
            root_causes: Vec::new(),
        }
    }
}

/// The order findings are listed in: by file (findings of no file last), line and column;
/// a stable sort keeps the order they were made in among equals.
pub(crate) fn listing_order(a: &Finding, b: &Finding) -> std::cmp::Ordering {
    (a.file.is_none(), &a.file, a.line, a.column).cmp(&(
        b.file.is_none(),
        &b.file,
        b.line,
        b.column,
    ))
}

/// [`Sink::bound`] lets findings go only past this many (twice `max(keep, BOUND_MIN)`), so it
/// sorts rarely.
pub(crate) const BOUND_MIN: usize = 1_000;

impl Sink {
    /// A sink whose [`Sink::bound`] lets findings go only past twice `bound_min`.
    pub fn with_bound_min(bound_min: usize) -> Sink {
        Sink {
            bound_min,
            ..Sink::default()
        }
    }

    /// A finding whose line, if any, is already in it (or is not to be shown).
    pub fn push(&mut self, finding: Finding) {
        self.entries.push((finding, None));
    }

    /// A finding whose line is read again from its file after the run.
    pub fn push_deferred(&mut self, finding: Finding, snippet: DeferredSnippet) {
        self.entries.push((finding, Some(snippet)));
    }

    /// Findings made on a worker, in their order.
    pub fn extend(&mut self, findings: impl IntoIterator<Item = Finding>) {
        self.entries.extend(findings.into_iter().map(|f| (f, None)));
    }

    /// The number of findings held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The finding made last.
    pub fn last_mut(&mut self) -> Option<&mut Finding> {
        self.entries.last_mut().map(|(f, _)| f)
    }

    /// Puts `entries` before the finding at `at` (a file's encoding problems before the
    /// findings made while reading it).
    pub fn insert_at(&mut self, at: usize, entries: Vec<Entry>) {
        let at = at.min(self.entries.len());
        self.entries.splice(at..at, entries);
    }

    /// A finding to list before another (see [`RootCause`]).
    pub fn root_cause(&mut self, link: RootCause) {
        self.root_causes.push(link);
    }

    /// The links of [`Sink::root_cause`], taken out.
    pub fn take_root_causes(&mut self) -> Vec<RootCause> {
        std::mem::take(&mut self.root_causes)
    }

    /// Every finding held, with its deferred snippet; the sink is left empty.
    pub fn take_entries(&mut self) -> Vec<Entry> {
        std::mem::take(&mut self.entries)
    }

    /// Holds memory flat when a file has millions of findings: past twice `keep` findings
    /// made since index `from`, they are sorted in listing order and only the first `keep`
    /// kept; the others are counted. Whatever is made later, no finding let go could be among
    /// the first `keep` listed, since the `keep` kept ones come before it.
    pub fn bound(&mut self, from: usize, keep: usize) {
        let from = from.min(self.entries.len());
        if self.entries.len() - from <= keep.max(self.bound_min).saturating_mul(2) {
            return;
        }
        let mut tail = self.entries.split_off(from);
        tail.sort_by(|(a, _), (b, _)| listing_order(a, b));
        for (f, _) in tail.drain(keep.min(tail.len())..) {
            match f.severity {
                Severity::Error => self.dropped_errors += 1,
                Severity::Warning => self.dropped_warnings += 1,
            }
        }
        self.entries.append(&mut tail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::finding;

    fn at(line: u64) -> Finding {
        let mut f = finding("key.unresolved", "test");
        f.file = Some("a.csv".into());
        f.line = Some(line);
        f
    }

    #[test]
    fn a_deferred_snippet_stays_with_its_finding_through_insert_and_bound() {
        let mut sink = Sink::with_bound_min(1);
        for line in (1..=6).rev() {
            let snippet = DeferredSnippet {
                file: 0,
                offset: line * 10,
                len: 1,
            };
            sink.push_deferred(at(line), snippet);
        }
        sink.insert_at(0, vec![(at(100), None)]);
        sink.bound(1, 2);
        let entries = sink.take_entries();
        let lines: Vec<_> = entries.iter().map(|(f, _)| f.line.unwrap()).collect();
        assert_eq!(lines, [100, 1, 2]);
        for (f, s) in &entries[1..] {
            assert_eq!(s.unwrap().offset, f.line.unwrap() * 10);
        }
        assert!(entries[0].1.is_none());
        assert_eq!(sink.dropped_errors, 4);
    }
}
