//! ARCHITECTURE.md's code map cannot fall behind the code: every module folder and top-level
//! file under `src/` is named in it, and so is every file of the validator (its stage folders
//! included) and of the input readers, the two places a newcomer most needs a map of.

use std::path::Path;

fn rust_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn code_map_names_every_module() {
    let map = std::fs::read_to_string("ARCHITECTURE.md").expect("ARCHITECTURE.md");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir("src").expect("src/") {
        let path = entry.expect("a directory entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let wanted = if path.is_dir() {
            format!("src/{name}/")
        } else {
            format!("src/{name}")
        };
        if !map.contains(&wanted) {
            missing.push(wanted);
        }
    }
    // The validator's files, those of its stage folders (named `folder/file.rs`) included,
    // and the input readers'.
    let mut dirs = vec![("src/validate".to_owned(), String::new())];
    for entry in std::fs::read_dir("src/validate").expect("src/validate/") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            dirs.push((format!("src/validate/{name}"), format!("{name}/")));
        }
    }
    dirs.push(("src/input".to_owned(), String::new()));
    for (dir, prefix) in dirs {
        for file in rust_files(Path::new(&dir)) {
            let named = format!("{prefix}{file}");
            if !map.contains(&format!("`{named}`")) && !map.contains(&format!("{dir}/{file}")) {
                missing.push(format!("{dir}/{file}"));
            }
        }
    }
    missing.sort();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md's code map does not name: {missing:?}"
    );
}
