//! Every generated file is committed and fresh. Run with `UPDATE_GENERATED=1` to rewrite the
//! stale ones (the test still fails once, so a stale file never passes silently).

use std::path::Path;

#[test]
fn generated_files_are_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = defcoop::generated::all_files(root).expect("read the bundled CSV tables");
    let stale = defcoop::generated::check_files(root, &files);
    if !stale.is_empty() && std::env::var_os("UPDATE_GENERATED").is_some() {
        defcoop::generated::write_files(root, &files).expect("rewrite generated files");
    }
    let names: Vec<String> = stale.iter().map(ToString::to_string).collect();
    assert!(
        names.is_empty(),
        "stale generated files (run `cargo run -- schema` or UPDATE_GENERATED=1 cargo test):\n{}",
        names.join("\n")
    );
}

#[test]
fn a_changed_file_is_reported_stale() {
    let dir = std::env::temp_dir().join(format!("defcoop-stale-{}", std::process::id()));
    let files = defcoop::generated::schema_files();
    defcoop::generated::write_files(&dir, &files).unwrap();
    assert!(defcoop::generated::check_files(&dir, &files).is_empty());
    let victim = dir.join(&files[3].path);
    std::fs::write(&victim, "{}\n").unwrap();
    let stale = defcoop::generated::check_files(&dir, &files);
    assert_eq!(stale.len(), 1);
    assert_eq!(stale[0].path, files[3].path);
    std::fs::remove_dir_all(&dir).unwrap();
}
