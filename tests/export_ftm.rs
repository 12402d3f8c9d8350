//! `defcoop export --to ftm`: the entities go through the real `followthemoney` library's
//! `ftm validate` (pinned in .ci/requirements.txt), which re-emits every entity with the
//! values it finds valid and silently drops the others, and every value must come back.

mod python_support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde_json::Value;

fn defcoop() -> Command {
    Command::cargo_bin("defcoop").expect("the defcoop binary")
}

type Values = BTreeMap<String, (String, BTreeMap<String, BTreeSet<String>>)>;

fn entities(text: &str) -> Values {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let e: Value = serde_json::from_str(line).expect("a JSON entity a line");
        let properties = e["properties"]
            .as_object()
            .expect("properties")
            .iter()
            .map(|(p, vs)| {
                let values = vs
                    .as_array()
                    .expect("a list of values")
                    .iter()
                    .map(|v| v.as_str().expect("a string value").to_owned())
                    .collect();
                (p.clone(), values)
            })
            .collect();
        let id = e["id"].as_str().expect("an id").to_owned();
        let schema = e["schema"].as_str().expect("a schema").to_owned();
        assert!(
            out.insert(id.clone(), (schema, properties)).is_none(),
            "{id} twice"
        );
    }
    out
}

/// Runs `ftm validate` on the export and requires every entity, schema and value back.
fn round_trip(bin: &Path, export: &str, label: &str) -> usize {
    let dir = std::env::temp_dir().join(format!("defcoop-ftm-{label}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("in.json");
    let output = dir.join("out.json");
    std::fs::write(&input, export).unwrap();
    let status = Command::new(bin.join("ftm"))
        .arg("validate")
        .arg("-i")
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .status()
        .expect("ftm runs");
    assert!(status.success(), "ftm validate failed");
    let before = entities(export);
    let after = entities(&std::fs::read_to_string(&output).unwrap());
    let _ = std::fs::remove_dir_all(&dir);
    let mut lost = Vec::new();
    let mut count = 0;
    for (id, (schema, properties)) in &before {
        let Some((schema_after, properties_after)) = after.get(id) else {
            lost.push(format!("{id}: the whole entity"));
            continue;
        };
        assert_eq!(schema, schema_after, "{id}");
        for (property, values) in properties {
            for value in values {
                count += 1;
                let back = properties_after.get(property);
                if !back.is_some_and(|b| b.contains(value)) {
                    lost.push(format!(
                        "{id}: {property} = {value:?} came back as {back:?}"
                    ));
                }
            }
        }
    }
    assert!(
        lost.is_empty(),
        "ftm validate dropped or changed:\n{}",
        lost.join("\n")
    );
    assert_eq!(before.len(), after.len());
    count
}

#[test]
fn the_bundled_package_survives_ftm_validate() {
    let Some(bin) = python_support::python_bin("the_bundled_package_survives_ftm_validate") else {
        return;
    };
    let out = defcoop().args(["export", "--to", "ftm"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let values = round_trip(&bin, &text, "bundled");
    let entities = entities(&text);
    // Every row of the bundled tables that has an entity of its own is there.
    for (table, schema) in [
        ("officials", "Person"),
        ("positions", "Occupancy"),
        ("exhibitions", "Event"),
        ("meetings", "Event"),
        ("delegations", "Organization"),
        ("delegation_members", "Membership"),
        ("agreements", "Contract"),
        ("agreement_signings", "UnknownLink"),
        ("sources", "Article"),
    ] {
        let csv = std::fs::read_to_string(format!("data/{table}.csv")).unwrap();
        for line in csv.lines().skip(1) {
            let id = line.split(',').next().unwrap();
            let entity = entities.get(&format!("defcoop-{id}"));
            assert_eq!(entity.map(|e| e.0.as_str()), Some(schema), "{table} {id}");
        }
    }
    assert!(values > 300, "only {values} values");
}

#[test]
fn a_synthetic_package_survives_ftm_validate() {
    let Some(bin) = python_support::python_bin("a_synthetic_package_survives_ftm_validate") else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("defcoop-ftm-package-{}", std::process::id()));
    defcoop::synth::write_package(&dir, 300, 11).unwrap();
    let file = dir.join("out.ftm.json");
    let out = defcoop()
        .args(["export", "--to", "ftm", "--package"])
        .arg(&dir)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&file).unwrap();
    round_trip(&bin, &text, "synth");
    // The same export again is the same bytes, and an existing file is not overwritten.
    let again = defcoop()
        .args(["export", "--to", "ftm", "--package"])
        .arg(&dir)
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("exists already"), "{stderr}");
    let forced = defcoop()
        .args(["export", "--to", "ftm", "--force", "--package"])
        .arg(&dir)
        .arg(&file)
        .output()
        .unwrap();
    assert!(forced.status.success());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_invalid_package_is_refused_with_its_report() {
    let dir = std::env::temp_dir().join(format!("defcoop-ftm-invalid-{}", std::process::id()));
    defcoop::synth::write_package(&dir, 50, 3).unwrap();
    let officials = dir.join("officials.csv");
    let text = std::fs::read_to_string(&officials).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let second = lines[2].to_owned();
    lines.push(&second); // a duplicate id
    std::fs::write(&officials, lines.join("\n") + "\n").unwrap();
    let file = dir.join("out.ftm.json");
    let out = defcoop()
        .args(["export", "--to", "ftm", "--package"])
        .arg(&dir)
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("key.duplicate"), "{stderr}");
    assert!(stderr.contains("nothing was exported"), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(!file.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// The v2 tables map onto FtM properties (identifiers to `wikidataId`, `leiCode` or notes;
/// name variants to `alias`, `weakAlias`, `previousName`; further citations to `proof`), and
/// every value survives `ftm validate`.
#[test]
fn identifiers_and_name_variants_survive_ftm_validate() {
    use defcoop::model::{
        Basis, Cite, IdentifiedTable, Identifier, IdentifierScheme, NameKind, NameVariant,
        NamedTable, Text,
    };
    let mut data = defcoop::package::bundled().clone();
    let source = data.sources[0].id.clone();
    let official = "off-zakir-hasanov";
    let ministry = "org-az-mod";
    let cite = Cite::new(source, 1, Basis::Stated).unwrap();
    for (n, table, record, scheme, value) in [
        (
            "xid-w",
            IdentifiedTable::Officials,
            official,
            IdentifierScheme::Wikidata,
            "Q90001",
        ),
        (
            "xid-o",
            IdentifiedTable::Officials,
            official,
            IdentifierScheme::OpenSanctions,
            "NK-example1",
        ),
        (
            "xid-l",
            IdentifiedTable::Organizations,
            ministry,
            IdentifierScheme::Lei,
            "506700GE1G29325QX363",
        ),
        (
            "xid-v",
            IdentifiedTable::Organizations,
            ministry,
            IdentifierScheme::Viaf,
            "90001",
        ),
        (
            "xid-e",
            IdentifiedTable::Exhibitions,
            "exh-adex-2024",
            IdentifierScheme::Wikidata,
            "Q90002",
        ),
    ] {
        data.identifiers.push(Identifier::new(
            n.parse().unwrap(),
            table,
            record.parse().unwrap(),
            scheme,
            Text::new(value).unwrap(),
            Basis::External,
        ));
    }
    for (n, name, kind) in [
        ("nam-x1", "Закир Гасанов", NameKind::Transliteration),
        ("nam-x2", "Hasanov", NameKind::AsReported),
        ("nam-x3", "Ministry of Defence", NameKind::FormerName),
    ] {
        let (table, record) = if kind == NameKind::FormerName {
            (NamedTable::Organizations, ministry)
        } else {
            (NamedTable::Officials, official)
        };
        data.name_variants.push(NameVariant::new(
            n.parse().unwrap(),
            table,
            record.parse().unwrap(),
            Text::new(name).unwrap(),
            kind,
            cite.clone(),
        ));
    }
    let text = defcoop::export::ftm::to_json_lines(&data);
    let values = round_trip_checked(&text, "v2-links");
    let entities = entities(&text);
    let person = &entities["defcoop-off-zakir-hasanov"].1;
    assert!(person["wikidataId"].contains("Q90001"));
    assert!(person["weakAlias"].contains("Z.Hasanov"));
    assert!(person["weakAlias"].contains("Hasanov"));
    assert!(person["alias"].contains("Закир Гасанов"));
    let ministry = &entities["defcoop-org-az-mod"].1;
    assert!(ministry["leiCode"].contains("506700GE1G29325QX363"));
    assert!(ministry["previousName"].contains("Ministry of Defence"));
    assert!(entities["defcoop-exh-adex-2024"].1["wikidataId"].contains("Q90002"));
    if let Some(values) = values {
        assert!(values > 300, "only {values} values");
    }
}

/// [`round_trip`] when the Python tools are there.
fn round_trip_checked(export: &str, label: &str) -> Option<usize> {
    let bin = python_support::python_bin("identifiers_and_name_variants_survive_ftm_validate")?;
    Some(round_trip(&bin, export, label))
}
