#!/usr/bin/env bash
# Export and key-check figures on synthetic packages, every figure next to its baseline (the
# validator on the same package) measured in the same run. Wall time and peak memory from GNU
# time (`/usr/bin/time -v`). Needs a release build with the `parquet` feature and the interop
# venv (see .ci/run):
#
#   cargo build --release --features parquet --bin defcoop --example synth
#   bash benches/exports.sh 100000 1000000        # officials per package; default both
#
# Writes packages and exports under ${BENCH_DIR:-target/bench-exports}.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/defcoop
synth=target/release/examples/synth
py=${DEFCOOP_PYTHON_BIN:-target/ci-venv/bin}/python
work=${BENCH_DIR:-target/bench-exports}
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100000 1000000)
mkdir -p "$work"

measure() { # label, command...: prints "label  seconds  peak MiB"
    local label=$1; shift
    local log="$work/time.log"
    /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log"; exit 1; }
    local wall rss
    wall=$(grep "Elapsed (wall clock)" "$log" | awk '{print $NF}')
    rss=$(grep "Maximum resident set size" "$log" | awk '{print $NF}')
    printf '%-58s %10s %9.1f MiB\n' "$label" "$wall" "$(echo "$rss / 1024" | bc -l)"
}

printf '%-58s %10s %13s\n' "run" "wall" "peak RSS"
for n in "${sizes[@]}"; do
    pkg="$work/pkg-$n"
    out="$work/parquet-$n"
    [ -f "$pkg/datapackage.json" ] || "$synth" --rows "$n" --out "$pkg"
    rows=$(cat "$pkg"/*.csv | wc -l)
    size=$(du -sm "$pkg" | cut -f1)
    echo "-- $n officials: $rows CSV lines, $size MiB"
    measure "baseline: defcoop validate ($n)" "$bin" validate "$pkg" --no-progress
    rm -rf "$out"
    measure "export --to parquet --no-validate ($n)" "$bin" export --to parquet "$out" --package "$pkg" --no-validate
    rm -rf "$out"
    measure "export --to parquet, validating first ($n)" "$bin" export --to parquet "$out" --package "$pkg"
    echo "   parquet: $(du -sm "$out" | cut -f1) MiB"
    measure "DataFusion: key_checks.sql on the export ($n)" "$py" tests/interop/parquet_read.py keys "$out"
done
