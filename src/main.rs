//! The `defcoop` command line: argument parsing and exit codes only; all work is done by the
//! library. Exit codes: 0 success (valid), 1 invalid data or stale files, 2 usage or I/O error.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
