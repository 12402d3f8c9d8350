//! `defcoop schema`: write or check the generated files.

use std::path::{Path, PathBuf};

use defcoop::generated::{GeneratedFile, check_files, write_files};

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};

/// Arguments of `defcoop schema`.
#[derive(clap::Args)]
pub struct Args {
    /// Only check that the committed files are fresh; exit 1 naming each stale file.
    #[arg(long)]
    check: bool,
    /// Project root to write into (or check).
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

pub fn run(args: Args) -> u8 {
    match defcoop::generated::all_files(&args.root) {
        Ok(files) => generate(&args.root, args.check, &files, "schema"),
        Err(e) => {
            super::error(e);
            EXIT_USAGE
        }
    }
}

/// Writes `files` under `root`, or with `check` only reports the stale ones.
pub fn generate(root: &Path, check: bool, files: &[GeneratedFile], command: &str) -> u8 {
    if check {
        let stale = check_files(root, files);
        for s in &stale {
            eprintln!("defcoop: {s}; run `defcoop {command}` to regenerate");
        }
        return if stale.is_empty() {
            EXIT_OK
        } else {
            EXIT_INVALID
        };
    }
    match write_files(root, files) {
        Ok(written) => {
            for path in &written {
                eprintln!("wrote {path}");
            }
            if written.is_empty() {
                eprintln!("all {} generated files are up to date", files.len());
            }
            EXIT_OK
        }
        Err(e) => {
            super::error(e);
            EXIT_USAGE
        }
    }
}
