//! `defcoop validate`: validate files or packages and print the report.
//!
//! Exit codes: 0 valid (warnings allowed unless `--deny-warnings`), 1 invalid, 2 usage or I/O
//! error. The report goes to standard output; errors and the progress bar to standard error.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use clap::ValueEnum;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use defcoop::model::Table;
use defcoop::report::{RenderOptions, github, human, json, sarif};
use defcoop::split::{Split, SplitError, split};
use defcoop::validate::{Input, Limits, Options, Progress, ValidateError, validate};

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};

/// Inputs smaller than this are read too fast for a progress bar to help.
const PROGRESS_MIN_BYTES: u64 = 8 << 20;

/// Arguments of `defcoop validate`.
#[derive(clap::Args)]
#[command(after_help = "\
Exit status: 0 valid (warnings allowed unless --deny-warnings), 1 invalid, 2 usage or I/O error.

Examples:
  defcoop validate data/                            a package folder
  defcoop validate officials.csv positions.csv      files checked together
  cat rows.csv | defcoop validate - --table officials --format json
  defcoop validate export/ --split-into repair/     rows that passed and rows that failed, apart")]
pub struct Args {
    /// A datapackage.json, a folder holding one, or CSV, JSON and JSON Lines files, validated
    /// together; `-` reads standard input. With none, the bundled data package.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The table of files whose table cannot be inferred from their name (such as `-`); a file
    /// named after its table is read as that table.
    #[arg(long, value_name = "TABLE", value_parser = table_parser())]
    table: Option<Table>,
    /// Report format: `human` (the offending lines, marked), `json` (one object, described
    /// by schema/report.schema.json), `sarif` (SARIF 2.1.0, for code scanning) or `github`
    /// (GitHub Actions annotations).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Most findings listed; the counts still include every finding.
    #[arg(long, value_name = "N", default_value_t = Options::default().max_findings)]
    max_findings: usize,
    /// Show no cell values (for personal data): neither in messages nor as marked lines.
    #[arg(long)]
    hide_values: bool,
    /// Make warnings count as invalid (exit 1).
    #[arg(long)]
    deny_warnings: bool,
    /// Worker threads [default: one per core].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Colour the human report: `auto` when standard output is a terminal and NO_COLOR is unset.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    /// Largest cell or JSON string, in bytes.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_cell_bytes)]
    max_cell_bytes: usize,
    /// Largest line or CSV record, in bytes.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_line_bytes)]
    max_line_bytes: usize,
    /// Deepest JSON nesting (at most 1024, which keeps every reader within its stack).
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_depth, value_parser = depth_parser)]
    max_depth: usize,
    /// Most columns in a CSV header.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_columns)]
    max_columns: usize,
    /// Never show a progress bar (shown on a terminal for inputs over 8 MiB).
    #[arg(long)]
    no_progress: bool,
    /// Also write, into this new folder, the rows that passed every check (`valid/`, itself a
    /// valid package) and the rows that failed (`invalid/`), byte for byte, with
    /// `findings.csv` keyed to the failed rows. Lists every finding (no --max-findings cut).
    #[arg(long, value_name = "DIR")]
    split_into: Option<PathBuf>,
    /// With --split-into: replace DIR even when it exists and is not empty.
    #[arg(long, requires = "split_into")]
    force: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// A depth no deeper than [`Limits::DEPTH_CAP`].
fn depth_parser(text: &str) -> Result<usize, String> {
    let depth: usize = text
        .parse()
        .map_err(|_| format!("`{text}` is not a whole number"))?;
    if depth > Limits::DEPTH_CAP {
        return Err(format!(
            "{depth} is deeper than {}, the most any reader takes (deeper nesting could exhaust the stack)",
            Limits::DEPTH_CAP
        ));
    }
    Ok(depth)
}

/// Accepts the name of a table, and lists every table when the name is unknown.
fn table_parser() -> impl TypedValueParser<Value = Table> {
    PossibleValuesParser::new(Table::ALL.map(Table::name))
        .try_map(|name| Table::from_name(&name).ok_or("not a table name"))
}

pub fn run(args: Args) -> u8 {
    let inputs = match inputs(&args.paths) {
        Ok(inputs) => inputs,
        Err(message) => {
            super::error(message);
            return EXIT_USAGE;
        }
    };
    let progress = (!args.no_progress && std::io::stderr().is_terminal())
        .then(|| Arc::new(ProgressBar::default()) as Arc<dyn Progress>);
    let options = Options::default()
        .table(args.table)
        .max_findings(args.max_findings)
        .hide_values(args.hide_values)
        .deny_warnings(args.deny_warnings)
        .jobs(args.jobs.map(usize::from))
        .limits(
            Limits::default()
                .max_cell_bytes(args.max_cell_bytes)
                .max_line_bytes(args.max_line_bytes)
                .max_depth(args.max_depth)
                .max_columns(args.max_columns),
        )
        .progress(progress.clone());
    let result = match &args.split_into {
        None => validate(&inputs, &options),
        Some(into) => match split(&inputs, &options, into, args.force) {
            Ok(done) => {
                say_split(into, &done);
                if !done.valid_report.valid {
                    eprintln!(
                        "defcoop: warning: the valid part is not valid ({} errors, {} warnings); see {}",
                        done.valid_report.errors,
                        done.valid_report.warnings,
                        into.join(defcoop::split::FINDINGS_FILE).display()
                    );
                }
                Ok(done.report)
            }
            Err(SplitError::Validate(e)) => Err(e),
            Err(SplitError::Descriptor(report)) => {
                eprintln!(
                    "defcoop: nothing split: {}",
                    SplitError::Descriptor(report.clone())
                );
                Ok(*report)
            }
            Err(e) => {
                if let Some(progress) = progress {
                    progress.finish();
                }
                eprintln!("defcoop: --split-into: {e}");
                return EXIT_USAGE;
            }
        },
    };
    if let Some(progress) = progress {
        // The validator finishes the bar; finishing twice is harmless, and a bar left on the
        // screen by an early error would garble the message below.
        progress.finish();
    }
    let report = match result {
        Ok(report) => report,
        Err(e) => {
            super::error(e);
            return EXIT_USAGE;
        }
    };
    let text = match args.format {
        Format::Json => json::render(&report),
        Format::Sarif => sarif::render(
            &report,
            &RenderOptions {
                color: false,
                hide_values: args.hide_values,
            },
        ),
        Format::Github => github::render(&report),
        Format::Human => human::render(
            &report,
            &RenderOptions {
                color: use_color(args.color),
                hide_values: args.hide_values,
            },
        ),
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        // A reader that went away (`| head`) is no reason to change the verdict.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            super::error(format_args!("writing the report: {e}"));
            return EXIT_USAGE;
        }
    }
    let denied_warnings = args.deny_warnings && report.warnings > 0;
    if report.valid && report.errors == 0 && !denied_warnings {
        EXIT_OK
    } else {
        EXIT_INVALID
    }
}

/// Tells on standard error what the split wrote.
fn say_split(into: &std::path::Path, done: &Split) {
    let mut parts = Vec::new();
    for f in &done.files {
        let mut part = if f.whole_file {
            format!("{}: the whole file failed", clean(&f.path))
        } else {
            format!(
                "{}: {} valid, {} failed",
                clean(&f.path),
                f.valid_rows,
                f.failed_rows
            )
        };
        if f.moved_rows > 0 {
            part.push_str(&format!(" ({} of them for rows that failed)", f.moved_rows));
        }
        parts.push(part);
    }
    eprintln!(
        "defcoop: split written to {}: {}; {} findings in {}",
        clean(&into.display().to_string()),
        parts.join("; "),
        done.findings_written,
        defcoop::split::FINDINGS_FILE
    );
}

/// A name for standard error: control characters replaced.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect()
}

/// The validator's inputs: each path as given (checked to exist, so a typo is a usage error
/// before any work), standard input for `-` (once at most), the bundled package for none.
fn inputs(paths: &[PathBuf]) -> Result<Vec<Input>, String> {
    if paths.is_empty() {
        return Ok(vec![Input::Bundled]);
    }
    let is_stdin = |p: &PathBuf| p.as_os_str() == "-";
    if paths.iter().filter(|p| is_stdin(p)).count() > 1 {
        return Err("`-` (standard input) can be given only once".into());
    }
    // Every path is checked before standard input is read, so a typo fails at once.
    for path in paths.iter().filter(|p| !is_stdin(p)) {
        std::fs::metadata(path).map_err(|source| {
            ValidateError::Io {
                path: path.clone(),
                source,
            }
            .to_string()
        })?;
    }
    let mut inputs = Vec::with_capacity(paths.len());
    for path in paths {
        if is_stdin(path) {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("reading standard input: {e}"))?;
            inputs.push(Input::Bytes {
                name: "<stdin>".into(),
                bytes,
            });
        } else {
            inputs.push(Input::Path(path.clone()));
        }
    }
    Ok(inputs)
}

/// Whether the human report is coloured: `--color always|never`, or with `auto` (the default)
/// when standard output is a terminal that supports colour and neither `NO_COLOR` nor
/// `CLICOLOR=0` is set (`CLICOLOR_FORCE` forces it on).
fn use_color(when: ColorWhen) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
        }
    }
}

/// The progress bar on standard error. It exists only when standard error is a terminal, and
/// appears only once the validator says the inputs are large enough to take a while.
#[derive(Default)]
struct ProgressBar {
    bar: OnceLock<indicatif::ProgressBar>,
}

impl Progress for ProgressBar {
    fn start(&self, total_bytes: Option<u64>) {
        let Some(total) = total_bytes.filter(|t| *t >= PROGRESS_MIN_BYTES) else {
            return;
        };
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(total),
            indicatif::ProgressDrawTarget::stderr(),
        );
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} validating [{bar:30}] {binary_bytes}/{binary_total_bytes} ({eta})",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        let _ = self.bar.set(bar);
    }

    fn advance(&self, bytes: u64) {
        if let Some(bar) = self.bar.get() {
            bar.inc(bytes);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_appears_only_for_large_inputs() {
        let small = ProgressBar::default();
        small.start(Some(PROGRESS_MIN_BYTES - 1));
        assert!(small.bar.get().is_none());
        let unknown = ProgressBar::default();
        unknown.start(None);
        assert!(unknown.bar.get().is_none());
        let large = ProgressBar::default();
        large.start(Some(PROGRESS_MIN_BYTES));
        large.advance(1024);
        assert_eq!(large.bar.get().map(|b| b.position()), Some(1024));
        large.finish();
        assert!(large.bar.get().is_some_and(|b| b.is_finished()));
    }
}
