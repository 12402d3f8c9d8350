//! Atomic writes: a file or a folder is built under a temporary name beside its target and
//! then renamed into place, so a reader never sees half of it and a failure leaves the target
//! as it was. Every writer in the crate (generated files, packages, exports, the split output)
//! goes through here, so there is one way to write and one place to get it right.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A file generated from the types: its path relative to the project root and its contents.
/// (Defined here, beside the writes, so that what generates files (`docs`, `schema`) and what
/// lists and writes them (`generated`) do not import each other.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the project root, with `/` separators.
    pub path: String,
    /// The exact contents.
    pub contents: String,
}

/// A name for a temporary sibling of `path` (`.NAME.WHAT-PID-N`), unique in this process.
fn sibling(path: &Path, what: &str) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let temp = format!(".{name}.{what}-{}-{n}", std::process::id());
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(temp),
        _ => PathBuf::from(temp),
    }
}

/// Replaces (or creates) the file `path` with what `fill` writes: `fill` gets a new temporary
/// file beside `path`, which is synced to disk and renamed over `path` once `fill` succeeds.
/// On any failure the temporary file is removed and `path` is untouched. `io_error` turns an
/// I/O failure of the file it names into the caller's error type.
pub(crate) fn replace_file<E>(
    path: &Path,
    fill: impl FnOnce(File) -> Result<(), E>,
    io_error: impl Fn(&Path, std::io::Error) -> E,
) -> Result<(), E> {
    let temp = sibling(path, "tmp");
    let file = File::create(&temp).map_err(|e| io_error(&temp, e))?;
    let result = fill(file)
        .and_then(|()| {
            // `fill` may have given its handle away; syncing through a new one flushes the
            // same file.
            File::open(&temp)
                .and_then(|f| f.sync_all())
                .map_err(|e| io_error(&temp, e))
        })
        .and_then(|()| std::fs::rename(&temp, path).map_err(|e| io_error(path, e)));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Replaces (or creates) the file `path` with `contents`, atomically (see [`replace_file`]).
pub(crate) fn write_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    replace_file(path, |mut file| file.write_all(contents), |_, e| e)
}

/// Replaces (or creates) the folder `dir` with what `fill` writes into a new temporary folder
/// beside it. Once `fill` succeeds, an existing `dir` is moved aside, the new folder renamed
/// into place (the old one is put back if that fails), and the old one removed. On any failure
/// the temporary folder is removed and `dir` is left as it was. Whether an existing `dir` may
/// be replaced at all is the caller's decision, made before calling.
#[cfg_attr(not(feature = "write"), allow(dead_code))]
pub(crate) fn replace_dir<E>(
    dir: &Path,
    fill: impl FnOnce(&Path) -> Result<(), E>,
    io_error: impl Fn(&Path, std::io::Error) -> E,
) -> Result<(), E> {
    let temp = sibling(dir, "new");
    std::fs::create_dir(&temp).map_err(|e| io_error(&temp, e))?;
    let result = fill(&temp).and_then(|()| {
        if !dir.exists() {
            return std::fs::rename(&temp, dir).map_err(|e| io_error(dir, e));
        }
        let old = sibling(dir, "old");
        std::fs::rename(dir, &old).map_err(|e| io_error(dir, e))?;
        if let Err(e) = std::fs::rename(&temp, dir) {
            let _ = std::fs::rename(&old, dir);
            return Err(io_error(dir, e));
        }
        // The new folder is in place; an old copy left behind is only untidy.
        let _ = std::fs::remove_dir_all(&old);
        Ok(())
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("defcoop-atomic-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_file_is_replaced_whole_or_not_at_all() {
        let dir = scratch("file");
        let path = dir.join("a.txt");
        write_file(&path, b"first").unwrap();
        write_file(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let failed: Result<(), std::io::Error> = replace_file(
            &path,
            |mut f| {
                f.write_all(b"half")?;
                Err(std::io::Error::other("disk on fire"))
            },
            |_, e| e,
        );
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"second", "untouched");
        assert_eq!(names(&dir), ["a.txt"], "no temporary file left");
    }

    #[test]
    fn a_folder_is_replaced_whole_or_not_at_all() {
        let dir = scratch("dir");
        let target = dir.join("out");
        let fill = |text: &'static [u8]| move |tmp: &Path| std::fs::write(tmp.join("x"), text);
        replace_dir(&target, fill(b"one"), |_, e| e).unwrap();
        replace_dir(&target, fill(b"two"), |_, e| e).unwrap();
        assert_eq!(std::fs::read(target.join("x")).unwrap(), b"two");
        let failed = replace_dir(
            &target,
            |tmp| {
                std::fs::write(tmp.join("x"), b"three")?;
                Err(std::io::Error::other("stop"))
            },
            |_, e| e,
        );
        assert!(failed.is_err());
        assert_eq!(
            std::fs::read(target.join("x")).unwrap(),
            b"two",
            "untouched"
        );
        assert_eq!(names(&dir), ["out"], "no temporary folder left");
    }
}
