//! `defcoop export`: a valid package as FollowTheMoney entities or as Parquet files.
//!
//! Exit codes: 0 exported, 1 the package is invalid (its report on standard error, nothing
//! written), 2 usage or I/O error.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;
use defcoop::export::{ExportError, Package, ftm, require_valid};
use defcoop::report::{RenderOptions, human};
use defcoop::validate::Options;

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};

/// Arguments of `defcoop export`.
#[derive(clap::Args)]
#[command(after_help = "\
Exit status: 0 exported, 1 the package is invalid (nothing written), 2 usage or I/O error.

Examples:
  defcoop export --to ftm > defcoop.ftm.json         the bundled package as FtM entities
  defcoop export --to ftm --package data/ out.json   a package folder, into a file
  defcoop export --to parquet out/ --package data/   one Parquet file per table, and
                                                     key_checks.sql for DataFusion")]
pub struct Args {
    /// What to write: `ftm` (FollowTheMoney entities, JSON Lines) or `parquet` (one file per
    /// table; needs the `parquet` feature).
    #[arg(long, value_enum, value_name = "FORMAT")]
    to: Target,
    /// Where to write: for `ftm` a file (standard output when absent or `-`), for `parquet` a
    /// folder (created when missing).
    #[arg(value_name = "OUT")]
    out: Option<PathBuf>,
    /// The package to export: a folder holding `datapackage.json`, or the descriptor itself.
    /// With none, the bundled package.
    #[arg(long, value_name = "PATH")]
    package: Option<PathBuf>,
    /// Replace output files that exist already.
    #[arg(long)]
    force: bool,
    /// Rows per Parquet row group: the most rows held in memory at once.
    #[arg(long, value_name = "N", default_value_t = 65_536,
          value_parser = clap::value_parser!(u32).range(1..))]
    row_group_rows: u32,
    /// Do not validate the package first (every row must still parse as its record). For a
    /// package too big to validate on one machine: check its keys afterwards with the
    /// `key_checks.sql` written beside the Parquet files.
    #[arg(long)]
    no_validate: bool,
    /// Worker threads of the validation that comes first [default: one per core].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Target {
    Ftm,
    Parquet,
}

pub fn run(args: Args) -> u8 {
    let package = match &args.package {
        Some(path) => Package::Path(path.clone()),
        None => Package::Bundled,
    };
    let options = Options::default().jobs(args.jobs.map(usize::from));
    let checked = if args.no_validate {
        Ok(())
    } else {
        require_valid(&package, &options).map(drop)
    };
    let result = checked.and_then(|()| match args.to {
        Target::Ftm => export_ftm(&package, &args),
        Target::Parquet => export_parquet(&package, &args),
    });
    match result {
        Ok(()) => EXIT_OK,
        Err(ExportError::Invalid(report)) => {
            let text = human::render(
                &report,
                &RenderOptions {
                    color: false,
                    hide_values: false,
                },
            );
            let _ = std::io::stderr().write_all(text.as_bytes());
            eprintln!("defcoop: the package is invalid; nothing was exported");
            EXIT_INVALID
        }
        Err(e) => {
            eprintln!("defcoop: {}", terminal_safe(&e.to_string()));
            EXIT_USAGE
        }
    }
}

/// An error message, which may quote a cell of the data, made safe for a terminal: control
/// characters and bidirectional overrides become `�` (as in the human report).
fn terminal_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

fn export_ftm(package: &Package, args: &Args) -> Result<(), ExportError> {
    let dataset = package.read_dataset()?;
    let text = ftm::to_json_lines(&dataset);
    match &args.out {
        Some(path) if path.as_os_str() != "-" => {
            defcoop::export::write_file(path, args.force, text.as_bytes())
        }
        _ => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(ExportError::Io {
                    path: PathBuf::from("<stdout>"),
                    source: e,
                }),
                _ => Ok(()),
            }
        }
    }
}

#[cfg(feature = "parquet")]
fn export_parquet(package: &Package, args: &Args) -> Result<(), ExportError> {
    use defcoop::export::parquet::{ParquetOptions, export_parquet};
    let Some(dir) = &args.out else {
        return Err(ExportError::Unsupported(
            "`--to parquet` needs the folder to write into: defcoop export --to parquet DIR".into(),
        ));
    };
    let options = ParquetOptions {
        row_group_rows: args.row_group_rows as usize,
        overwrite: args.force,
    };
    for written in export_parquet(package, dir, &options)? {
        eprintln!(
            "defcoop: {} rows → {}",
            written.rows,
            terminal_safe(&written.path.display().to_string())
        );
    }
    Ok(())
}

#[cfg(not(feature = "parquet"))]
fn export_parquet(_package: &Package, _args: &Args) -> Result<(), ExportError> {
    Err(ExportError::Unsupported(
        "this defcoop was built without Parquet; build it with `--features parquet` \
         (cargo install defcoop --features parquet)"
            .into(),
    ))
}
