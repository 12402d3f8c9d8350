//! Subcommands, one file each; every one is a thin shell over the library.

mod docs;
mod export;
mod schema;
mod shell;
mod validate;

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
    /// Write the generated files (schemas, data package descriptor, JSON data) from the types.
    Schema(schema::Args),
    /// Write the schema docs (schema/docs/) from the types, rules and bundled examples.
    Docs(docs::Args),
    /// Validate data files or packages (the bundled one with no path) and report every problem.
    Validate(validate::Args),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(shell::CompletionsArgs),
    /// Print the manual page (roff), of defcoop or of one subcommand.
    Man(shell::ManArgs),
    /// Export a valid package as FollowTheMoney entities or Parquet files.
    Export(export::Args),
}

/// Exit code: the data is valid, or the command succeeded.
pub const EXIT_OK: u8 = 0;
/// Exit code: the data is invalid, or generated files are stale.
pub const EXIT_INVALID: u8 = 1;
/// Exit code: usage or I/O error.
pub const EXIT_USAGE: u8 = 2;

/// Parses the arguments and runs the subcommand.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { EXIT_OK });
        }
    };
    ExitCode::from(match cli.command {
        Command::Schema(args) => schema::run(args),
        Command::Docs(args) => docs::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Completions(args) => shell::completions(args),
        Command::Man(args) => shell::man(args),
        Command::Export(args) => export::run(args),
    })
}
