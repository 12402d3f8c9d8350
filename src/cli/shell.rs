//! `defcoop completions SHELL` and `defcoop man`: shell completion scripts and the manual
//! page, generated from the same clap definition that parses the arguments, so they cannot
//! fall behind the flags. Both write to standard output.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, EXIT_OK, EXIT_USAGE};

/// Arguments of `defcoop completions`.
#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  defcoop completions bash > ~/.local/share/bash-completion/completions/defcoop
  defcoop completions zsh > ~/.zfunc/_defcoop
  defcoop completions fish > ~/.config/fish/completions/defcoop.fish")]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    shell: Shell,
}

/// Arguments of `defcoop man`.
#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  defcoop man > defcoop.1 && man ./defcoop.1
  defcoop man validate > defcoop-validate.1")]
pub struct ManArgs {
    /// The page of one subcommand (such as `validate`) instead of the main page.
    #[arg(value_name = "SUBCOMMAND")]
    subcommand: Option<String>,
}

pub fn completions(args: CompletionsArgs) -> u8 {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "defcoop", &mut out);
    write_out(&out)
}

pub fn man(args: ManArgs) -> u8 {
    let mut command = Cli::command();
    command.build();
    let page = match &args.subcommand {
        None => command,
        Some(name) => match command.find_subcommand(name) {
            Some(sub) => sub.clone().version(env!("CARGO_PKG_VERSION")),
            None => {
                let names: Vec<&str> = command
                    .get_subcommands()
                    .map(|s| s.get_name())
                    .filter(|n| *n != "help")
                    .collect();
                eprintln!(
                    "defcoop: `{name}` is no subcommand; choose one of: {}",
                    names.join(", ")
                );
                return EXIT_USAGE;
            }
        },
    };
    let mut out = Vec::new();
    if let Err(e) = clap_mangen::Man::new(page).render(&mut out) {
        eprintln!("defcoop: rendering the manual page: {e}");
        return EXIT_USAGE;
    }
    write_out(&out)
}

fn write_out(bytes: &[u8]) -> u8 {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("defcoop: writing to standard output: {e}");
            EXIT_USAGE
        }
    }
}
