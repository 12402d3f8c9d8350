//! `defcoop schema` writes every generated file into a root, and `--check` names a stale one.

use std::path::Path;

use assert_cmd::Command;

fn defcoop(args: &[&str]) -> std::process::Output {
    Command::cargo_bin("defcoop")
        .unwrap()
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn schema_check_names_the_stale_file_and_schema_rewrites_it() {
    let root = std::env::temp_dir().join(format!("defcoop-cli-schema-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    // The data files are generated from the CSV tables, so the root needs them.
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    std::fs::create_dir_all(root.join("data")).unwrap();
    for entry in std::fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            std::fs::copy(&path, root.join("data").join(path.file_name().unwrap())).unwrap();
        }
    }
    let r = root.to_str().unwrap();

    let missing = defcoop(&["schema", "--check", "--root", r]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&missing.stderr)
            .contains("schema/json/officials.schema.json is stale (missing)")
    );

    let write = defcoop(&["schema", "--root", r]);
    assert_eq!(
        write.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&write.stderr)
    );
    let check = defcoop(&["schema", "--check", "--root", r]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );

    let victim = root.join("schema/table/delegations.json");
    std::fs::write(&victim, "{}\n").unwrap();
    let stale = defcoop(&["schema", "--check", "--root", r]);
    assert_eq!(stale.status.code(), Some(1));
    let err = String::from_utf8_lossy(&stale.stderr);
    assert!(
        err.contains("schema/table/delegations.json is stale"),
        "{err}"
    );
    assert_eq!(
        err.lines().count(),
        1,
        "only the changed file is named: {err}"
    );
    // The check wrote nothing.
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "{}\n");

    assert_eq!(defcoop(&["schema", "--root", r]).status.code(), Some(0));
    assert_ne!(std::fs::read_to_string(&victim).unwrap(), "{}\n");
    std::fs::remove_dir_all(&root).unwrap();
}
