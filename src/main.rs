//! The `defcoop` command line: argument parsing and exit codes only; all work is done by the
//! library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// defcoop: schema, data package and validator for defense-cooperation records.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the generated schemas (schema/json, schema/table) from the types.
    Schema {
        /// Only check that the committed files are fresh; exit 1 naming each stale file.
        #[arg(long)]
        check: bool,
        /// Project root to write into (or check).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Schema { check, root } => generate(&root, check, defcoop::generated::all_files()),
    }
}

fn generate(
    root: &std::path::Path,
    check: bool,
    files: Vec<defcoop::generated::GeneratedFile>,
) -> ExitCode {
    if check {
        let stale = defcoop::generated::check_files(root, &files);
        for s in &stale {
            eprintln!("defcoop: {s}; run `defcoop schema` to regenerate");
        }
        return if stale.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        };
    }
    match defcoop::generated::write_files(root, &files) {
        Ok(written) => {
            for path in &written {
                eprintln!("wrote {path}");
            }
            if written.is_empty() {
                eprintln!("all {} generated files are up to date", files.len());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("defcoop: {e}");
            ExitCode::from(2)
        }
    }
}
