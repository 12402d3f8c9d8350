//! The cross-record rules, each with the fields it reads, table by table. What the package
//! checks may read of a record is derived from here ([`fields_read`]): the CSV plain path
//! keeps exactly those cells of a row, and in debug builds (every test) the package checks
//! read a record only through [`Declared`], which fails on a field no rule declares. So a
//! rule added here is covered on every path, and a field read without being declared is
//! caught by the first test that reads it, instead of being silently absent on CSV.

#[cfg(debug_assertions)]
use super::Fields;
use crate::model::Table;

/// Which tables a rule reads, and which fields of each.
pub(crate) enum Reads {
    /// The same fields of every table.
    EveryTable(&'static [&'static str]),
    /// The foreign-key fields of every table (from the table catalogue), and these fields of
    /// these tables (references the catalogue cannot state, such as the `(record_table,
    /// record_id)` of the linking tables).
    ForeignKeys(&'static [(Table, &'static [&'static str])]),
    /// These fields of these tables.
    Tables(&'static [(Table, &'static [&'static str])]),
}

/// A rule checked across records: its code (in [`crate::rules::RULES`]) and what it reads.
pub(crate) struct CrossRule {
    // Read by the tests that hold the declarations to the catalogue and to the fixtures.
    #[cfg_attr(not(test), allow(dead_code))]
    pub code: &'static str,
    pub reads: Reads,
}

use Table::*;

/// Every cross-record rule of the package checks.
pub(crate) const CROSS_RULES: &[CrossRule] = &[
    CrossRule {
        code: "key.duplicate",
        reads: Reads::EveryTable(&["id"]),
    },
    CrossRule {
        code: "key.unresolved",
        reads: Reads::ForeignKeys(&[
            (Citations, &["record_table", "record_id"]),
            (Identifiers, &["record_table", "record_id"]),
            (NameVariants, &["record_table", "record_id"]),
        ]),
    },
    CrossRule {
        code: "citation.paragraph",
        reads: Reads::EveryTable(&["source_id", "paragraph", "paragraphs"]),
    },
    CrossRule {
        code: "date.after-source",
        reads: Reads::Tables(&[
            (Sources, &["published"]),
            (Positions, &["source_id", "as_of"]),
            (Exhibitions, &["source_id", "start_date"]),
            (Meetings, &["source_id", "date"]),
            (Agreements, &["source_id", "signed_date"]),
        ]),
    },
    CrossRule {
        code: "delegation.head",
        reads: Reads::Tables(&[
            (Delegations, &["head_official_id"]),
            (DelegationMembers, &["delegation_id", "official_id", "role"]),
        ]),
    },
    CrossRule {
        code: "delegation.head-both-sides",
        reads: Reads::Tables(&[(Delegations, &["meeting_id", "head_official_id", "side"])]),
    },
    CrossRule {
        code: "delegation.other-meeting",
        reads: Reads::Tables(&[
            (Delegations, &["meeting_id"]),
            (ParticipantGroups, &["delegation_id", "meeting_id"]),
        ]),
    },
    CrossRule {
        code: "delegation.member-twice",
        reads: Reads::Tables(&[(DelegationMembers, &["delegation_id", "official_id"])]),
    },
    CrossRule {
        code: "organization.parent-cycle",
        reads: Reads::Tables(&[(Organizations, &["parent_id"])]),
    },
    CrossRule {
        code: "meeting.outside-exhibition",
        reads: Reads::Tables(&[
            (Meetings, &["date", "exhibition_id"]),
            (Exhibitions, &["start_date", "end_date"]),
        ]),
    },
    CrossRule {
        code: "meeting.follows-cycle",
        reads: Reads::Tables(&[(Meetings, &["follows_id"])]),
    },
    CrossRule {
        code: "meeting.follows-later",
        reads: Reads::Tables(&[(Meetings, &["follows_id", "date"])]),
    },
    CrossRule {
        code: "agreement.before-meeting",
        reads: Reads::Tables(&[
            (Agreements, &["signed_date"]),
            (Meetings, &["date"]),
            (AgreementSignings, &["agreement_id", "meeting_id"]),
        ]),
    },
    CrossRule {
        code: "citation.locator",
        // With the `kind` of each source, declared by `identifier.source-kind` below (a
        // declaration names one set of fields for every table or some for some tables).
        reads: Reads::EveryTable(&["source_id", "paragraph", "locator", "id"]),
    },
    CrossRule {
        code: "citation.uncounted",
        reads: Reads::EveryTable(&["source_id", "paragraph", "id", "paragraphs"]),
    },
    CrossRule {
        code: "identifier.source-kind",
        reads: Reads::Tables(&[
            (Sources, &["id", "kind"]),
            (Identifiers, &["scheme", "source_id"]),
        ]),
    },
    CrossRule {
        code: "identifier.duplicate",
        reads: Reads::Tables(&[(
            Identifiers,
            &["record_table", "record_id", "scheme", "value"],
        )]),
    },
    CrossRule {
        code: "agreement.signed-twice",
        reads: Reads::Tables(&[(AgreementSignings, &["agreement_id", "meeting_id"])]),
    },
];

impl CrossRule {
    /// The fields of `table` this rule reads.
    pub fn fields(&self, table: Table) -> Vec<&'static str> {
        self.reads.fields(table)
    }
}

impl Reads {
    /// The fields of `table` read.
    fn fields(&self, table: Table) -> Vec<&'static str> {
        match self {
            Reads::EveryTable(fields) => fields.to_vec(),
            Reads::ForeignKeys(more) => table
                .foreign_keys()
                .iter()
                .map(|fk| fk.field)
                .chain(Reads::Tables(more).fields(table))
                .collect(),
            Reads::Tables(tables) => tables
                .iter()
                .filter(|(t, _)| *t == table)
                .flat_map(|(_, fields)| fields.iter().copied())
                .collect(),
        }
    }
}

/// The fields of `table` the package checks read: the union of what the rules declare,
/// sorted, without repeats.
pub(crate) fn fields_read(table: Table) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = CROSS_RULES.iter().flat_map(|r| r.fields(table)).collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// A record seen through the declarations: reading a field that no rule declares for its
/// table is a bug, reported where it happens. Used in debug builds only (release builds read
/// the record directly).
#[cfg(debug_assertions)]
pub(crate) struct Declared<'r> {
    pub table: Table,
    pub record: &'r dyn Fields,
    pub fields: Vec<&'static str>,
}

#[cfg(debug_assertions)]
impl<'r> Declared<'r> {
    pub fn new(table: Table, record: &'r dyn Fields) -> Declared<'r> {
        Declared {
            table,
            record,
            fields: fields_read(table),
        }
    }

    fn declared(&self, name: &str) {
        assert!(
            self.fields.contains(&name),
            "the package checks read `{name}` of {}, which no rule of keys/declared.rs declares",
            self.table
        );
    }
}

#[cfg(debug_assertions)]
impl Fields for Declared<'_> {
    fn text(&self, name: &str) -> Option<&str> {
        self.declared(name);
        self.record.text(name)
    }
    fn number(&self, name: &str) -> Option<u64> {
        self.declared(name);
        self.record.number(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{Input, Options, Report, validate};
    use serde_json::{Map, Value};

    #[test]
    fn the_cross_rules_are_the_package_rules_of_the_catalogue() {
        let mut declared: Vec<&str> = CROSS_RULES.iter().map(|r| r.code).collect();
        let mut package: Vec<&str> = crate::rules::RULES
            .iter()
            .filter(|r| r.stage == crate::rules::Stage::Package)
            .map(|r| r.code)
            .collect();
        declared.sort_unstable();
        package.sort_unstable();
        assert_eq!(declared, package);
    }

    /// The fixture packages that trigger the cross-record rules.
    const PACKAGES: &[&str] = &["broken-package", "contradictions", "v2"];

    /// The records of one file of a fixture package, as JSON objects typed by the table's
    /// schema (CSV cells through the validator's own typing, as the positioned path does).
    fn records(table: Table, name: &str, bytes: &[u8]) -> Vec<Map<String, Value>> {
        let text = std::str::from_utf8(bytes).expect("fixture is UTF-8");
        let objects: Vec<Value> = if name.ends_with(".csv") {
            let check = crate::validate::record::TableCheck::new(table);
            let mut reader = crate::input::csv_records::Reader::new(text, 1 << 20, 1 << 20);
            let mut problems = Vec::new();
            let header = reader.next_record(&mut problems).expect("a header");
            let columns: Vec<Option<String>> = header
                .cells
                .iter()
                .map(|c| Some(c.value.to_string()))
                .collect();
            let mut rows = Vec::new();
            while let Some(row) = reader.next_record(&mut problems) {
                rows.push(crate::validate::check::csv_batch::row_object(
                    &check, &columns, &row.cells,
                ));
            }
            rows
        } else if name.ends_with(".jsonl") {
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| serde_json::from_str(l).expect("fixture line is JSON"))
                .collect()
        } else {
            match serde_json::from_str(text).expect("fixture is JSON") {
                Value::Array(items) => items,
                other => panic!("{name}: not an array: {other}"),
            }
        };
        objects
            .into_iter()
            .map(|o| match o {
                Value::Object(map) => map,
                other => panic!("{name}: a record is not an object: {other}"),
            })
            .collect()
    }

    fn csv_cell(value: &Value) -> String {
        let text = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if text.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text
        }
    }

    /// The package's tables written twice: every table as CSV, and every table as JSON Lines,
    /// one record a line, so record `n` is on CSV line `n + 1` and JSON Lines line `n`.
    fn both_forms(package: &str) -> (Vec<Input>, Vec<Input>) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/validate")
            .join(package);
        let mut csv = Vec::new();
        let mut jsonl = Vec::new();
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .expect("fixture folder")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for path in entries {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let Some(table) = crate::input::table_from_name(&name) else {
                continue;
            };
            let bytes = std::fs::read(&path).expect("fixture file");
            let rows = records(table, &name, &bytes);
            let fields: Vec<String> = crate::validate::record::TableCheck::new(table)
                .fields
                .into_iter()
                .map(|f| f.name)
                .filter(|f| rows.iter().any(|r| r.contains_key(f)))
                .collect();
            let mut csv_text = fields.join(",") + "\n";
            let mut jsonl_text = String::new();
            for row in &rows {
                let cells: Vec<String> = fields
                    .iter()
                    .map(|f| row.get(f).map(csv_cell).unwrap_or_default())
                    .collect();
                csv_text += &(cells.join(",") + "\n");
                jsonl_text += &(serde_json::to_string(row).unwrap() + "\n");
            }
            let stem = table.name();
            csv.push(Input::Bytes {
                name: format!("{stem}.csv"),
                bytes: csv_text.into_bytes(),
            });
            jsonl.push(Input::Bytes {
                name: format!("{stem}.jsonl"),
                bytes: jsonl_text.into_bytes(),
            });
        }
        (csv, jsonl)
    }

    /// The findings of `code`: table, record, field name (a JSON Pointer's `/` dropped), and
    /// line (given as the JSON Lines line: a CSV line less its header).
    fn of_code(report: &Report, code: &str, header_lines: u64) -> Vec<String> {
        let mut found: Vec<String> = report
            .findings
            .iter()
            .filter(|f| f.code == code)
            .map(|f| {
                format!(
                    "{:?} record {:?} field {:?} line {:?}",
                    f.table,
                    f.record,
                    f.field.as_deref().map(|s| s.trim_start_matches('/')),
                    f.line.map(|l| l - header_lines)
                )
            })
            .collect();
        found.sort();
        found
    }

    #[test]
    fn every_cross_rule_gives_the_same_findings_from_csv_and_from_json_lines() {
        let options = Options {
            max_findings: usize::MAX,
            ..Options::default()
        };
        let runs: Vec<(Report, Report)> = PACKAGES
            .iter()
            .map(|p| {
                let (csv, jsonl) = both_forms(p);
                let csv = validate(&csv, &options).expect("CSV run");
                let jsonl = validate(&jsonl, &options).expect("JSON Lines run");
                (csv, jsonl)
            })
            .collect();
        for rule in CROSS_RULES {
            let mut triggered = false;
            for (package, (csv, jsonl)) in PACKAGES.iter().zip(&runs) {
                let from_csv = of_code(csv, rule.code, 1);
                let from_jsonl = of_code(jsonl, rule.code, 0);
                assert_eq!(
                    from_csv, from_jsonl,
                    "{}: {package} as CSV and as JSON Lines disagree",
                    rule.code
                );
                triggered |= !from_csv.is_empty();
            }
            assert!(
                triggered,
                "no fixture package triggers {}; add a row that does to one of {PACKAGES:?}",
                rule.code
            );
        }
    }
}
