//! The schema docs: fresh, complete (every field, enum value, key and rule of the types),
//! with examples that validate, and a diagram that shows every foreign key of the data package.

#![cfg(feature = "cli")]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use defcoop::docs::{self, DocsError};
use defcoop::generated::GeneratedFile;
use defcoop::model::{Dataset, Table};
use defcoop::rules::RULES;
use defcoop::schema;
use serde_json::{Value, json};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn defcoop(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_defcoop"))
        .args(args)
        .output()
        .expect("run defcoop");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("defcoop-docs-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn page<'a>(files: &'a [GeneratedFile], name: &str) -> &'a str {
    let path = format!("schema/docs/{name}");
    &files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} is not generated"))
        .contents
}

/// A small valid dataset: one source, one organization, one official.
fn sample() -> Dataset {
    serde_json::from_value(json!({
        "sources": [{
            "id": "src-sample-article",
            "publisher": "Sample Press",
            "published": "2024-09-24",
            "language": "en",
            "sha256": "0000000000000000000000000000000000000000000000000000000000000000",
            "paragraphs": 3
        }],
        "organizations": [{
            "id": "org-sample-ministry",
            "name": "Ministry of Samples",
            "kind": "ministry",
            "country": "AZ",
            "source_id": "src-sample-article",
            "paragraph": 1,
            "basis": "stated"
        }],
        "officials": [{
            "id": "off-sample-person",
            "name": "Haluk Görgün",
            "name_as_reported": "Haluk Gorgun",
            "source_id": "src-sample-article",
            "paragraph": 2,
            "basis": "normalized",
            "note": "Native spelling restored."
        }]
    }))
    .expect("the sample dataset is valid")
}

/// The fenced block of `lang` in a Markdown page.
fn fenced<'a>(page: &'a str, lang: &str) -> Option<&'a str> {
    let open = format!("```{lang}\n");
    let start = page.find(&open)? + open.len();
    let len = page[start..].find("```")?;
    Some(&page[start..start + len])
}

#[test]
fn committed_docs_are_fresh() {
    let (code, stderr) = defcoop(&["docs", "--check", "--root", env!("CARGO_MANIFEST_DIR")]);
    assert_eq!(
        code, 0,
        "schema/docs is stale; run `cargo run -- docs`:\n{stderr}"
    );
}

#[test]
fn check_names_the_stale_and_the_leftover_file() {
    let dir = temp_dir("check");
    let root = dir.to_str().unwrap();
    assert_eq!(defcoop(&["docs", "--root", root]).0, 0);
    assert_eq!(defcoop(&["docs", "--check", "--root", root]).0, 0);

    std::fs::write(dir.join("schema/docs/officials.md"), "edited by hand\n").unwrap();
    let (code, stderr) = defcoop(&["docs", "--check", "--root", root]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("schema/docs/officials.md is stale"),
        "{stderr}"
    );
    assert!(!stderr.contains("positions.md"), "{stderr}");

    assert_eq!(defcoop(&["docs", "--root", root]).0, 0);
    std::fs::write(dir.join("schema/docs/old_table.md"), "gone\n").unwrap();
    let (code, stderr) = defcoop(&["docs", "--check", "--root", root]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("schema/docs/old_table.md is stale"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_foreign_key_of_the_data_package_is_an_edge_of_the_diagram() {
    let files = docs::files(&Dataset::default()).unwrap();
    let diagram = fenced(page(&files, "README.md"), "mermaid").expect("a mermaid block");
    assert!(diagram.starts_with("erDiagram\n"));

    // Edges as written: `<from> <cardinality> <to> : "<label>"`.
    let mut edges = BTreeSet::new();
    for line in diagram.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if let [from, cardinality, to, ":", label] = words[..] {
            if cardinality.contains("--") {
                edges.insert((
                    from.to_owned(),
                    label.trim_matches('"').to_owned(),
                    to.to_owned(),
                ));
            }
        }
    }

    // Foreign keys as the data package declares them (Frictionless names its own table "").
    let mut declared = BTreeSet::new();
    for table in Table::ALL {
        let table_schema = schema::table_schema(table);
        for fk in table_schema["foreignKeys"].as_array().into_iter().flatten() {
            let field = fk["fields"].as_str().unwrap().to_owned();
            let target = match fk["reference"]["resource"].as_str().unwrap() {
                "" => table.name(),
                other => other,
            };
            declared.insert((table.name().to_owned(), field, target.to_owned()));
        }
    }
    assert!(declared.len() > 20, "the package declares its foreign keys");
    assert!(declared.contains(&("meetings".into(), "follows_id".into(), "meetings".into())));
    let missing: Vec<_> = declared.difference(&edges).collect();
    let extra: Vec<_> = edges.difference(&declared).collect();
    assert!(
        missing.is_empty(),
        "foreign keys without an edge: {missing:?}"
    );
    assert!(extra.is_empty(), "edges that are no foreign key: {extra:?}");

    // Every table is an entity with its primary key.
    for table in Table::ALL {
        assert!(
            diagram.contains(&format!("    {} {{\n        string id PK\n", table.name())),
            "{} has no entity with its key",
            table.name()
        );
    }
}

#[test]
fn every_field_enum_value_key_and_rule_is_documented() {
    let files = docs::files(&Dataset::default()).unwrap();
    let index = page(&files, "README.md");
    let rules = page(&files, "rules.md");
    for rule in RULES {
        assert!(
            rules.contains(&format!("| `{}` | {} |", rule.code, rule.severity.as_str())),
            "rule {} missing from rules.md",
            rule.code
        );
    }
    for table in Table::ALL {
        let name = table.name();
        assert!(index.contains(&format!("[`{name}`]({name}.md)")));
        let text = page(&files, &format!("{name}.md"));
        let record_schema = schema::record_schema(table);
        let required: Vec<&Value> = record_schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .collect();
        for (field, prop) in record_schema["properties"].as_object().unwrap() {
            let req = if required.contains(&&json!(field)) {
                "yes"
            } else {
                "no"
            };
            assert!(
                text.lines()
                    .any(|l| l.starts_with(&format!("| `{field}` | "))
                        && l.contains(&format!(" | {req} | "))),
                "{name}.{field} missing from the field table"
            );
            let values: Vec<&str> = prop["enum"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            if let Some(meanings) = prop["x-enumDescriptions"].as_object() {
                for value in &values {
                    let meaning = meanings[*value].as_str().unwrap();
                    assert!(
                        text.contains(&format!("| `{value}` | {meaning} |")),
                        "{name}.{field} = {value} has no meaning in the page"
                    );
                }
            } else if values.len() > 200 {
                // Country codes are named, not listed.
                assert!(!text.contains("`ZW`"));
                assert!(text.contains("ISO 3166-1 alpha-2"));
            }
        }
        for key in table.foreign_keys() {
            let target = key.table.name();
            assert!(
                text.contains(&format!(
                    "| `{}` | [`{target}`]({target}.md).`id` |",
                    key.field
                )),
                "{name}.{} missing from the references",
                key.field
            );
            let incoming = page(&files, &format!("{target}.md"));
            assert!(
                incoming.contains(&format!("[`{name}`]({name}.md).`{}`", key.field)),
                "{target}.md does not say {name}.{} refers to it",
                key.field
            );
        }
        for rule in RULES.iter().filter(|r| r.tables.contains(&table)) {
            assert!(
                text.contains(&format!("| `{}` |", rule.code)),
                "{name}.md misses rule {}",
                rule.code
            );
        }
    }
}

#[test]
fn examples_are_first_records_and_validate() {
    let dataset = sample();
    let files = docs::files(&dataset).unwrap();

    let officials = page(&files, "officials.md");
    let shown: Value = serde_json::from_str(fenced(officials, "json").unwrap()).unwrap();
    assert_eq!(shown, serde_json::to_value(&dataset.officials[0]).unwrap());
    let csv = fenced(officials, "csv").unwrap();
    assert!(csv.starts_with("id,name,name_as_reported,"), "{csv}");
    assert!(
        csv.contains("off-sample-person,Haluk Görgün,Haluk Gorgun,"),
        "{csv}"
    );

    // The shown example validates against the committed JSON Schema, checked here on its own.
    let committed: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/json/officials.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&committed)
        .unwrap();
    assert!(validator.is_valid(&shown));

    assert!(page(&files, "sources.md").contains("src-sample-article"));
    assert!(page(&files, "positions.md").contains("No example in the bundled data."));
}

#[test]
fn an_invalid_example_stops_generation_naming_its_table() {
    let dataset = sample();
    let mut examples = BTreeMap::new();
    examples.insert(
        Table::Sources,
        serde_json::to_value(&dataset.sources[0]).unwrap(),
    );
    let mut official = serde_json::to_value(&dataset.officials[0]).unwrap();
    official["id"] = json!("Haluk Görgün");
    examples.insert(Table::Officials, official);
    let err = docs::files_from_records(&examples).unwrap_err();
    assert!(
        matches!(&err, DocsError::InvalidExample { table: Table::Officials, problems } if problems.iter().any(|p| p.contains("/id"))),
        "{err:?}"
    );
    assert!(err.to_string().contains("`officials`"), "{err}");

    // Formats are checked: 30 February is no calendar day.
    let mut source = serde_json::to_value(&dataset.sources[0]).unwrap();
    source["published"] = json!("2024-02-30");
    let err = docs::files_from_records(&BTreeMap::from([(Table::Sources, source)])).unwrap_err();
    assert!(
        matches!(
            err,
            DocsError::InvalidExample {
                table: Table::Sources,
                ..
            }
        ),
        "{err:?}"
    );
}
