//! The JSON Schema of each table and its Rust type agree on what is valid.
//!
//! Records are generated from the schema itself (so a new field is covered without touching
//! this test), then near-miss variations are made by breaking one field at a time. For every
//! candidate, the verdict of the JSON Schema (jsonschema crate, formats enforced) must equal
//! the verdict of the typed path (serde into the record type, whose value types check ids,
//! dates, country codes, digests and text).
//!
//! Known, deliberate gap: a partial date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) is a pattern in
//! the schema, which cannot tell whether a day is in the calendar (`2024-02-30`); the type
//! refuses it and the validator reports it as `schema.format`. The test expects exactly that
//! difference and no other.
//!
//! Numbers with a zero fraction (`1.0`, `1e0`, `7.0`) are whole numbers to JSON Schema (draft
//! 2020-12), and to the record types too (`model::whole`): every field is also tried with
//! them, and with `1.5`, `-1.0` and `4294967296.0`, which both refuse.

use defcoop::model::{PARTIAL_DATE_PATTERN, PartialDate, Record, Table, TableVisitor};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Map, Value, json};

/// A valid value for one property of a flat record schema.
fn valid_value(prop: &Value) -> BoxedStrategy<Value> {
    if let Some(values) = prop.get("enum").and_then(Value::as_array) {
        let values: Vec<Value> = values.iter().filter(|v| !v.is_null()).cloned().collect();
        return proptest::sample::select(values).boxed();
    }
    let kind = match &prop["type"] {
        Value::String(t) => t.clone(),
        Value::Array(ts) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("string")
            .to_owned(),
        _ => "string".into(),
    };
    match kind.as_str() {
        "boolean" => any::<bool>().prop_map(Value::Bool).boxed(),
        "integer" => {
            let min = prop["minimum"].as_u64().unwrap_or(0);
            (min..=u64::from(u32::MAX)).prop_map(|n| json!(n)).boxed()
        }
        _ => {
            if prop.get("format").and_then(Value::as_str) == Some("date") {
                (1900i32..2100, 1u32..=12, 1u32..=31)
                    .prop_filter_map("a real day", |(y, m, d)| {
                        chrono::NaiveDate::from_ymd_opt(y, m, d)
                            .map(|date| json!(date.format("%Y-%m-%d").to_string()))
                    })
                    .boxed()
            } else if prop.get("pattern").and_then(Value::as_str) == Some(PARTIAL_DATE_PATTERN) {
                (1900i32..2100, 0u32..=12, 0u32..=31)
                    .prop_filter_map("a real day, month or year", |(y, m, d)| match (m, d) {
                        (0, _) => Some(json!(format!("{y:04}"))),
                        (_, 0) => Some(json!(format!("{y:04}-{m:02}"))),
                        _ => chrono::NaiveDate::from_ymd_opt(y, m, d)
                            .map(|date| json!(date.format("%Y-%m-%d").to_string())),
                    })
                    .boxed()
            } else if let Some(pattern) = prop.get("pattern").and_then(Value::as_str) {
                if pattern.starts_with("^[0-9a-f]{64}") {
                    "[0-9a-f]{64}".prop_map(Value::String).boxed()
                } else if pattern == defcoop::model::DOI_PATTERN {
                    "10\\.[0-9]{4,9}(\\.[0-9]{1,3})?/[a-zA-Z0-9._()/-]{1,20}"
                        .prop_map(Value::String)
                        .boxed()
                } else if pattern == defcoop::model::LOCATOR_PATTERN {
                    "(page|section|row) [A-Za-z0-9.-]{1,10}|#[a-z0-9-]{1,10}"
                        .prop_map(Value::String)
                        .boxed()
                } else if pattern == defcoop::model::SCRIPT_PATTERN {
                    "[A-Z][a-z]{3}".prop_map(Value::String).boxed()
                } else if pattern == defcoop::model::RECORD_ID_PATTERN {
                    "[a-z]{2,4}-[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}"
                        .prop_map(Value::String)
                        .boxed()
                } else {
                    let prefix = pattern
                        .trim_start_matches('^')
                        .split('[')
                        .next()
                        .unwrap_or("")
                        .to_owned();
                    "[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}"
                        .prop_map(move |slug| json!(format!("{prefix}{slug}")))
                        .boxed()
                }
            } else {
                "\\PC{1,20}".prop_map(Value::String).boxed()
            }
        }
    }
}

/// Ways to break one field.
fn near_misses(prop: &Value, valid: &Value) -> Vec<Value> {
    let mut out = vec![
        json!(null),
        json!(""),
        json!(7),
        json!(-1),
        json!(true),
        json!([]),
        json!({}),
        json!(4_294_967_296u64),
        json!(0),
    ];
    // Numbers with a zero fraction, written as JSON writes them (`1.0`, `1e0`, `7E+0`).
    for text in [
        "1.0",
        "1e0",
        "7E+0",
        "0.0",
        "-1.0",
        "1.5",
        "4294967295.0",
        "4294967296.0",
        "1e10",
    ] {
        out.push(serde_json::from_str(text).expect("a JSON number"));
    }
    if let Some(n) = valid.as_u64() {
        out.push(json!(n as f64));
    }
    if let Some(s) = valid.as_str() {
        out.push(json!(s.to_uppercase()));
        out.push(json!(format!("{s}-")));
        out.push(json!(format!("{s}\n")));
        out.push(json!(format!(" {s}")));
        out.push(json!(s.replacen('-', "--", 1)));
        out.push(json!(format!("{s}--x")));
        out.push(json!(format!("{s}-x")));
        out.push(json!(format!("{s}{}", "x".repeat(100))));
        out.push(json!(s.to_lowercase()));
        out.push(json!(s.chars().take(3).collect::<String>()));
    }
    if prop.get("format").and_then(Value::as_str) == Some("date")
        || prop.get("pattern").and_then(Value::as_str) == Some(PARTIAL_DATE_PATTERN)
    {
        for bad in [
            "2024",
            "2024-09",
            "2024-9",
            "24",
            "20245",
            "2024-13",
            "2024-00",
            "2024-02-31",
            "2024/09",
            "2024-02-30",
            "2023-02-29",
            "2024-02-29",
            "2024-9-24",
            "24-09-2024",
            "2024-13-01",
            "2024-09-24T00:00:00",
            "+2024-09-24",
            "2024-00-10",
            "２０２４-09-24",
        ] {
            out.push(json!(bad));
        }
    }
    if prop.get("enum").is_some() {
        out.push(json!("Stated"));
        out.push(json!("zz"));
        out.push(json!("OF-11"));
        out.push(json!("XK"));
    }
    out
}

/// The typed verdict as the validator applies it: a JSON object (serde alone would also accept
/// a struct written as an array of its field values), deserialized into the type.
fn typed_verdict<T: serde::de::DeserializeOwned>(value: &Value) -> bool {
    value.is_object() && serde_json::from_value::<T>(value.clone()).is_ok()
}

/// Checks schema and type verdicts on generated records of `R` and their near misses.
struct Agreement;

impl TableVisitor for Agreement {
    type Output = ();
    fn visit<R: Record>(self) {
        let schema = defcoop::schema::record_schema(R::TABLE);
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .expect("generated schema compiles");
        let props: Vec<(String, Value)> = schema["properties"]
            .as_object()
            .expect("properties")
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let required: Vec<String> = schema["required"]
            .as_array()
            .map(|r| {
                r.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();

        let partial_dates: Vec<String> = props
            .iter()
            .filter(|(_, p)| p["pattern"].as_str() == Some(PARTIAL_DATE_PATTERN))
            .map(|(n, _)| n.clone())
            .collect();

        // Each optional field is absent, null or set.
        let fields: Vec<BoxedStrategy<Option<Value>>> = props
            .iter()
            .map(|(name, prop)| {
                let value = valid_value(prop);
                if required.contains(name) {
                    value.prop_map(Some).boxed()
                } else {
                    prop_oneof![Just(None), Just(Some(Value::Null)), value.prop_map(Some)].boxed()
                }
            })
            .collect();
        let strategy = (fields, any::<proptest::sample::Index>(), any::<u8>());

        let mut runner = TestRunner::new(Config {
            cases: 300,
            failure_persistence: None,
            ..Config::default()
        });
        let result = runner.run(&strategy, |(values, pick, variant)| {
            let mut record = Map::new();
            for ((name, _), value) in props.iter().zip(&values) {
                if let Some(v) = value {
                    record.insert(name.clone(), v.clone());
                }
            }
            let valid = Value::Object(record.clone());
            let check = |candidate: &Value| -> Result<(), TestCaseError> {
                // The one deliberate gap: a partial date of the right shape that is no day.
                let no_such_day = partial_dates.iter().any(|f| {
                    candidate[f.as_str()].as_str().is_some_and(|t| {
                        matches!(
                            PartialDate::parse(t),
                            Err(defcoop::model::ValueError::NoSuchDay { .. })
                        )
                    })
                });
                let by_schema = validator.is_valid(candidate) && !no_such_day;
                let by_type = typed_verdict::<R>(candidate);
                prop_assert_eq!(
                    by_schema,
                    by_type,
                    "{}: schema says {}, type says {} for {}",
                    R::TABLE,
                    by_schema,
                    by_type,
                    candidate
                );
                Ok(())
            };
            check(&valid)?;
            prop_assert!(
                validator.is_valid(&valid),
                "generated record is invalid: {valid}"
            );

            // Break one field in every way we know.
            let (name, prop) = &props[pick.index(props.len())];
            let base = record.get(name).cloned().unwrap_or(Value::Null);
            for bad in near_misses(prop, &base) {
                let mut broken = record.clone();
                broken.insert(name.clone(), bad);
                check(&Value::Object(broken))?;
            }
            // Drop it, and add an unknown field.
            let mut dropped = record.clone();
            dropped.remove(name);
            check(&Value::Object(dropped))?;
            let mut extra = record.clone();
            extra.insert(format!("x_{variant}"), json!("surplus"));
            check(&Value::Object(extra))?;
            Ok(())
        });
        if let Err(e) = result {
            panic!("{e}");
        }
    }
}

#[test]
fn schema_and_types_agree_on_every_table() {
    for table in Table::ALL {
        table.visit(Agreement);
    }
}

#[test]
fn the_dataset_schema_agrees_with_the_dataset_type() {
    let schema = defcoop::schema::dataset_schema();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("dataset schema compiles");
    let cases = [
        json!({}),
        json!({"officials": []}),
        json!({"officials": {}}),
        json!({"unknown_table": []}),
        json!({"officials": [{"id": "off-a"}]}),
        json!([]),
    ];
    for case in cases {
        let by_schema = validator.is_valid(&case);
        let by_type = typed_verdict::<defcoop::model::Dataset>(&case);
        assert_eq!(by_schema, by_type, "disagreement on {case}");
    }
}
