//! `defcoop docs`: write or check the schema docs under `schema/docs/`.

use std::path::PathBuf;

use super::schema::generate;
use super::{EXIT_INVALID, EXIT_OK};

/// Arguments of `defcoop docs`.
#[derive(clap::Args)]
pub struct Args {
    /// Only check that the committed docs are fresh; exit 1 naming each stale file.
    #[arg(long)]
    check: bool,
    /// Project root to write into (or check).
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

pub fn run(args: Args) -> u8 {
    let files = match defcoop::generated::docs_files() {
        Ok(files) => files,
        Err(e) => {
            super::error(format_args!("cannot generate the docs: {e}"));
            return EXIT_INVALID;
        }
    };
    let code = generate(&args.root, args.check, &files, "docs");
    if !args.check || code != EXIT_OK {
        return code;
    }
    let unexpected = defcoop::docs::unexpected_files(&args.root, &files);
    for path in &unexpected {
        eprintln!("defcoop: {path} is stale (not generated any more); remove it");
    }
    if unexpected.is_empty() {
        EXIT_OK
    } else {
        EXIT_INVALID
    }
}
