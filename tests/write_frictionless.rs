//! A package written by `package::write_package` (empty tables with their header only) is
//! valid to the real Frictionless validator, not only to ours.
#![cfg(feature = "validate")]

mod python_support;
#[path = "../examples/write_package.rs"]
mod write_package;

#[test]
fn frictionless_finds_a_written_package_valid() {
    let Some(bin) = python_support::python_bin("frictionless_finds_a_written_package_valid") else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("defcoop-frictionless-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let data = write_package::run(&dir).unwrap();
    assert!(
        data.meeting_topics.is_empty(),
        "an empty table is part of the test"
    );
    let out = std::process::Command::new(bin.join("frictionless"))
        .args(["validate", "--json"])
        .arg(dir.join("datapackage.json"))
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "frictionless printed no JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(report["valid"], true, "{report:#}");
    // One task a table: the thirteen of v1 and the three linking tables of v2.
    assert_eq!(report["stats"]["tasks"], 16, "{report:#}");
    assert_eq!(report["stats"]["warnings"], 0, "{report:#}");
}
