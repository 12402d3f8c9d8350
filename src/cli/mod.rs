//! Subcommands, one file each; every one is a thin shell over the library.

mod docs;
mod export;
mod schema;
mod shell;
mod validate;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

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
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let parsed = Cli::command()
        .color(help_color(&args))
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            // An argument error may quote what was typed: plain text, cleaned for the terminal.
            eprint!("{}", defcoop::report::clean_lines(&e.render().to_string()));
            return ExitCode::from(EXIT_USAGE);
        }
        Err(e) => {
            // Help and version, on standard output, coloured as `--color` says.
            let _ = e.print();
            return ExitCode::from(EXIT_OK);
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

/// The colour of help text: `--color never|always` as given (the last one wins), else clap's
/// own choice (a terminal, and neither `NO_COLOR` nor `CLICOLOR=0`).
fn help_color(args: &[std::ffi::OsString]) -> clap::ColorChoice {
    let mut choice = clap::ColorChoice::Auto;
    let mut args = args.iter().map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        let value = match arg.strip_prefix("--color") {
            Some("") => args.next().map(|v| v.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_owned),
            None => None,
        };
        match value.as_deref() {
            Some("never") => choice = clap::ColorChoice::Never,
            Some("always") => choice = clap::ColorChoice::Always,
            Some("auto") => choice = clap::ColorChoice::Auto,
            _ => {}
        }
    }
    choice
}

/// Prints `defcoop: {message}` on standard error, cleaned of control characters (a path or
/// value from the data may hold escape sequences).
pub fn error(message: impl std::fmt::Display) {
    eprintln!(
        "{}",
        defcoop::report::clean_lines(&format!("defcoop: {message}"))
    );
}
