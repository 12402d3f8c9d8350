//! The one order a report lists its findings in, whatever the format: files in the order they
//! were read (tables in dependency order, so a refused id comes before the references that
//! miss it), then files not read (a descriptor) by name, then findings of no file; within a
//! file by line and column, a finding of the whole file first. The human, SARIF and GitHub
//! renderings sort the same way (`report::human::in_reading_order`), and the JSON report is
//! the `Report` as it stands, so every format lists the same findings in the same order.

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
