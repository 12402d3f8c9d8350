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

/// A copy of the committed JSON Schemas with `edit` applied to one table's schema.
fn edited_schemas(name: &str, table: &str, edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(name)
        .join("json");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/json");
    for entry in std::fs::read_dir(&committed).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    let file = dir.join(format!("{table}.schema.json"));
    let mut schema: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    edit(&mut schema);
    std::fs::write(&file, serde_json::to_vec_pretty(&schema).unwrap()).unwrap();
    dir.parent().unwrap().to_str().unwrap().to_string()
}

#[test]
fn schema_diff_classifies_changes_and_fails_on_what_breaks_file_authors() {
    // The new schemas make `title_as_reported` optional and add a role: old files stay valid,
    // but a reader of the old shape can meet an empty title and an unknown role.
    let looser = edited_schemas("schema-diff-looser", "positions", |s| {
        let required = s["required"].as_array_mut().unwrap();
        required.retain(|f| f != "title_as_reported");
        s["properties"]["title_as_reported"]["type"] = serde_json::json!(["string", "null"]);
        s["properties"]["role"]["enum"]
            .as_array_mut()
            .unwrap()
            .push("spokesperson".into());
    });
    let out = defcoop(&["schema", "diff", "schema", &looser]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("positions\n"), "{text}");
    assert!(
        text.contains("  title_as_reported: now optional (may be left out)  [file authors: compatible; readers: breaking]"),
        "{text}"
    );
    assert!(
        text.contains(
            "  role: values added: spokesperson  [file authors: compatible; readers: breaking]"
        ),
        "{text}"
    );

    // The same change the other way round takes a role and the empty title away from
    // files that had them: it breaks file authors, so the exit code is 1.
    let back = defcoop(&["schema", "diff", &looser, "schema", "--format", "json"]);
    assert_eq!(back.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&back.stdout).unwrap();
    assert_eq!(json["breaks_file_authors"], true);
    let whats: Vec<&str> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["what"].as_str().unwrap())
        .collect();
    assert!(whats.contains(&"values removed: spokesperson"), "{whats:?}");
    assert!(whats.contains(&"now required"), "{whats:?}");
}

#[test]
fn schema_diff_reads_a_git_revision_and_refuses_what_is_neither() {
    let same = defcoop(&["schema", "diff", "HEAD", "HEAD"]);
    if String::from_utf8_lossy(&same.stderr).contains("not a git repository") {
        eprintln!("skipped: not a git checkout");
        return;
    }
    assert_eq!(same.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&same.stdout).starts_with("0 changes: "));
    let neither = defcoop(&["schema", "diff", "no-such-folder-or-revision"]);
    assert_eq!(neither.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&neither.stderr).contains("is neither a folder nor a git revision")
    );
}
