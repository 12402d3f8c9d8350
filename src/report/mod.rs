//! The validation report and its renderings. [`Report`], [`Finding`], [`Snippet`] and
//! [`FileSummary`] are the report's types, in a leaf module (`findings.rs`) that imports only
//! the model and the rules catalogue, so schema generation reads them without the validator.
//!
//! Rendering a [`Report`] (with the `validate` feature): [`human`] for people (the
//! offending line with the bad value marked, then a summary) and [`json`] for machines (the
//! serde form of the report, described by `schema/report.schema.json`), [`sarif`] for
//! code-scanning tools (SARIF 2.1.0) and [`github`] for GitHub Actions annotations (workflow
//! commands). One file a format.
//!
//! All read the same value, so what a person sees and what a program parses cannot disagree.
//! Rendering only formats: it never reads files, and whatever came from the data (messages,
//! values, line text, file names) is cleaned of terminal control characters first.
//!
//! ```
//! use defcoop::report::{RenderOptions, human, json};
//! use defcoop::report::Report;
//!
//! let report = Report::new(vec![], vec![]);
//! assert_eq!(human::render(&report, &RenderOptions::default()), "0 errors, 0 warnings in 0 files (0 records): valid\n");
//! assert!(json::render(&report).starts_with("{\n  \"valid\": true,"));
//! ```

mod findings;
#[cfg(feature = "validate")]
pub mod github;
#[cfg(feature = "validate")]
pub mod human;
#[cfg(feature = "validate")]
pub mod json;
#[cfg(feature = "validate")]
pub mod sarif;
#[cfg(feature = "validate")]
pub(crate) mod text;

pub use findings::{FileSummary, Finding, Report, Snippet};
#[cfg(feature = "validate")]
pub use human::RenderOptions;

#[cfg(feature = "validate")]
/// Text safe for a terminal, its lines kept: in each line every control character (escape
/// sequences included) and bidirectional override becomes `�`, as in the human report. For
/// messages on standard error, which may name paths or values from the data.
pub fn clean_lines(text: &str) -> String {
    text.split('\n')
        .map(text::clean)
        .collect::<Vec<_>>()
        .join("\n")
}
