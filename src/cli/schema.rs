//! `defcoop schema`: write or check the generated files; `defcoop schema diff`: compare two
//! versions of them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use defcoop::schema::diff::{self, Impact};

use defcoop::generated::{GeneratedFile, check_files, write_files};

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE};

/// Arguments of `defcoop schema`.
#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    action: Option<Action>,
    /// Only check that the committed files are fresh; exit 1 naming each stale file.
    #[arg(long)]
    check: bool,
    /// Project root to write into (or check).
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

#[derive(clap::Subcommand)]
enum Action {
    /// Compare two versions of the generated JSON Schemas, per table and field, and classify
    /// each change for file authors and for readers; exit 1 when one breaks file authors.
    Diff(DiffArgs),
}

/// Arguments of `defcoop schema diff`.
#[derive(clap::Args)]
struct DiffArgs {
    /// The old schemas: a folder of generated schemas (such as `schema/`, or its `json/`), or a
    /// git revision whose `schema/json/` is read (`v0.1.0`, `HEAD~3`, `main`).
    old: String,
    /// The new schemas: a folder, or a git revision (default: `schema/` in the working tree).
    new: Option<String>,
    /// Output: `human` (a block per table) or `json` (one object for programs).
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    Human,
    Json,
}

pub fn run(args: Args) -> u8 {
    if let Some(Action::Diff(diff_args)) = args.action {
        return run_diff(&args.root, diff_args);
    }
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

fn run_diff(root: &Path, args: DiffArgs) -> u8 {
    let new = args.new.as_deref().unwrap_or("schema");
    let (old, new) = match (load(root, &args.old), load(root, new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("defcoop: {e}");
            return EXIT_USAGE;
        }
    };
    let changes = diff::diff_tables(&old, &new);
    match args.format {
        DiffFormat::Human => print!("{}", diff::render(&changes)),
        DiffFormat::Json => {
            let out = serde_json::json!({
                "breaks_file_authors": changes.iter().any(|c| c.authors == Impact::Breaking),
                "breaks_readers": changes.iter().any(|c| c.readers == Impact::Breaking),
                "changes": changes,
            });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
    }
    if changes.iter().any(|c| c.authors == Impact::Breaking) {
        EXIT_INVALID
    } else {
        EXIT_OK
    }
}

/// The table schemas of a folder, or of a git revision's `schema/json/` when no such folder
/// exists.
fn load(root: &Path, what: &str) -> Result<BTreeMap<String, serde_json::Value>, String> {
    let folder = root.join(what);
    if folder.is_dir() {
        return diff::load_dir(&folder).map_err(|e| e.to_string());
    }
    let git = |args: &[&str]| -> Result<Vec<u8>, String> {
        let out = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .map_err(|e| {
                format!(
                    "`{what}` is no folder, and git could not run to read it as a revision: {e}"
                )
            })?;
        if out.status.success() {
            Ok(out.stdout)
        } else {
            Err(format!(
                "`{what}` is neither a folder nor a git revision holding schema/json/: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    };
    let rev = format!("{what}:schema/json/");
    let listing = git(&["ls-tree", "--name-only", &rev])?;
    let mut tables = BTreeMap::new();
    for name in String::from_utf8_lossy(&listing).lines() {
        let Some(table) = diff::table_of_file(name) else {
            continue;
        };
        let text = git(&["show", &format!("{rev}{name}")])?;
        let schema = serde_json::from_slice(&text)
            .map_err(|e| format!("{what}:schema/json/{name}: not a JSON schema: {e}"))?;
        tables.insert(table, schema);
    }
    if tables.is_empty() {
        return Err(format!(
            "{what}: the revision has no schema/json/*.schema.json"
        ));
    }
    Ok(tables)
}
