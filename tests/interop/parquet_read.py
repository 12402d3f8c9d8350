"""Reads a defcoop Parquet export back with real engines, for tests/export_parquet.rs.

usage: parquet_read.py rows DIR      every table by pyarrow, DuckDB and DataFusion, as JSON
       parquet_read.py schema DIR    the Arrow schema of every file (types, metadata), as JSON
       parquet_read.py keys DIR      the results of DIR/key_checks.sql run by DataFusion, as JSON

Values are given as text the way the CSV tables write them (dates YYYY-MM-DD, booleans
true/false, numbers in decimal), and missing values as null, so the test compares them with the
package's CSV cells directly.
"""

import datetime
import json
import os
import sys

import datafusion
import duckdb
import pyarrow
import pyarrow.parquet as pq

TABLES = [
    "sources", "organizations", "officials", "positions", "exhibitions", "meetings",
    "meeting_topics", "delegations", "delegation_members", "participant_groups",
    "agreements", "agreement_signings", "agreement_parties", "citations", "identifiers",
    "name_variants",
]


def text(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def rows_of(table: pyarrow.Table):
    columns = table.column_names
    return [
        {c: text(v) for c, v in zip(columns, row)}
        for row in zip(*(table.column(c).to_pylist() for c in columns))
    ]


def read_rows(folder):
    out = {"pyarrow": {}, "duckdb": {}, "datafusion": {}}
    ctx = datafusion.SessionContext()
    con = duckdb.connect()
    for t in TABLES:
        path = os.path.join(folder, f"{t}.parquet")
        out["pyarrow"][t] = rows_of(pq.read_table(path))
        cursor = con.execute(f"SELECT * FROM read_parquet(?)", [path])
        names = [d[0] for d in cursor.description]
        out["duckdb"][t] = [{n: text(v) for n, v in zip(names, r)} for r in cursor.fetchall()]
        ctx.register_parquet(t, path)
        batches = ctx.sql(f"SELECT * FROM {t}").collect()
        table = pyarrow.Table.from_batches(batches, schema=batches[0].schema) if batches else None
        out["datafusion"][t] = rows_of(table) if table is not None else []
    return out


def read_schema(folder):
    out = {}
    for t in TABLES:
        schema = pq.read_schema(os.path.join(folder, f"{t}.parquet"))
        out[t] = {
            "metadata": {k.decode(): v.decode() for k, v in (schema.metadata or {}).items()
                         if not k.startswith(b"ARROW:")},
            "fields": [
                {
                    "name": f.name,
                    "type": str(f.type),
                    "nullable": f.nullable,
                    "metadata": {k.decode(): v.decode() for k, v in (f.metadata or {}).items()},
                }
                for f in schema
            ],
        }
    return out


def run_keys(folder):
    with open(os.path.join(folder, "key_checks.sql"), encoding="utf-8") as f:
        script = f.read()
    statements = [s.strip() for s in script.split(";\n") if s.strip()]
    os.chdir(folder)
    ctx = datafusion.SessionContext()
    results = []
    for statement in statements:
        body = "\n".join(l for l in statement.splitlines() if not l.startswith("--")).strip()
        if not body:
            continue
        frame = ctx.sql(body)
        if body.upper().startswith("CREATE"):
            frame.collect()
            continue
        for batch in frame.collect():
            results.extend({k: text(v) for k, v in row.items()} for row in batch.to_pylist())
    return results


def main():
    mode, folder = sys.argv[1], sys.argv[2]
    if mode == "rows":
        out = read_rows(folder)
    elif mode == "schema":
        out = read_schema(folder)
    elif mode == "keys":
        out = run_keys(folder)
    else:
        sys.exit(f"unknown mode {mode}")
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
