#!/usr/bin/env bash
# A/B benchmark of `defcoop validate`: the pre-redesign build (OLD, default 422c317) against
# this tree (NEW), on the synthetic package of 1,000,000 officials, side by side in one run.
#
#   bash benches/ab.sh [--old REV] [--rows N] [--pairs K]
#
# Method: OLD's sources are exported with `git archive` into target/ab/old-src, and both
# are built in release mode into one target folder outside the source trees (target/ab/target,
# the dependencies shared); the binaries are copied to target/ab/defcoop-{old,new}. The
# package is written once by OLD's `synth` example (so that both builds read it). Then, at 1 thread (`--jobs 1`) and
# at all threads (no `--jobs`: one per core), the two binaries run interleaved: old, new, old,
# new... K pairs (default 5), each run in a child under GNU time for its peak RSS, wall time
# measured around it. It prints each run, then the medians, the speed ratio (old median time
# / new median time: above 1 means new is faster; also the ratio of the fastest runs, less
# moved by other work on a shared machine) and the largest peak RSS of each, against
# the target of issue 13: speed at least 0.95x old, peak RSS under 64 MiB. Both binaries must
# find the package valid (exit 0). Never part of `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."
old_rev=422c317
rows=1000000
pairs=5
while [ $# -gt 0 ]; do
    case $1 in
        --old) old_rev=$2; shift 2 ;;
        --rows) rows=$2; shift 2 ;;
        --pairs) pairs=$2; shift 2 ;;
        *) echo "usage: benches/ab.sh [--old REV] [--rows N] [--pairs K]" >&2; exit 2 ;;
    esac
done
[ -x /usr/bin/time ] || { echo "ab.sh needs GNU time (/usr/bin/time -v) for peak RSS" >&2; exit 2; }
work=target/ab
mkdir -p "$work"
work=$(cd "$work" && pwd)
target="$work/target"

# OLD: its source tree exported from git (`git archive`: no worktree registered, nothing of
# this checkout touched), fresh for the revision asked for.
old_commit=$(git rev-parse --short "$old_rev^{commit}")
if [ "$(cat "$work/old-src/.ab-rev" 2>/dev/null)" != "$old_commit" ]; then
    rm -rf "$work/old-src"
    mkdir -p "$work/old-src"
    git archive "$old_commit" | tar -x -C "$work/old-src"
    echo "$old_commit" >"$work/old-src/.ab-rev"
fi
new_commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src Cargo.toml Cargo.lock || echo "+changes")
echo "building old ($old_commit) and new ($new_commit) in release mode into $target" >&2
(cd "$work/old-src" && cargo build --quiet --release --bin defcoop --example synth --target-dir "$target")
cp "$target/release/defcoop" "$work/defcoop-old"
cp "$target/release/examples/synth" "$work/synth-old"
cargo build --quiet --release --bin defcoop --target-dir "$target"
cp "$target/release/defcoop" "$work/defcoop-new"

# The package is written by OLD's `synth`: a file the old build reads is one the new build
# must read too (schema v2 reads v1 files), while v2's new columns would stop the old build.
pkg="$work/pkg-$old_commit-$rows"
[ -f "$pkg/datapackage.json" ] || "$work/synth-old" --rows "$rows" --out "$pkg"
records=$(($(cat "$pkg"/*.csv | wc -l) - $(ls "$pkg"/*.csv | wc -l)))
echo "package: $pkg, $records records in $(ls "$pkg"/*.csv | wc -l) CSV files, $(du -sm "$pkg" | cut -f1) MiB"

results="$work/results.tsv"
: >"$results"
run() { # which threads: appends "which threads seconds peak_kib"
    local which=$1 threads=$2 log="$work/time.log" jobs=()
    [ "$threads" = all ] || jobs=(--jobs "$threads")
    local start end
    start=$(date +%s%N)
    /usr/bin/time -v "$work/defcoop-$which" validate "$pkg" --no-progress "${jobs[@]}" >"$work/out-$which.txt" 2>"$log" \
        || { echo "$which exited non-zero:"; cat "$work/out-$which.txt" "$log"; exit 1; }
    end=$(date +%s%N)
    local rss
    rss=$(grep "Maximum resident set size" "$log" | awk '{print $NF}')
    local secs
    secs=$(echo "scale=3; ($end - $start) / 1000000000" | bc)
    printf '%s\t%s\t%s\t%s\n' "$which" "$threads" "$secs" "$rss" >>"$results"
    printf '  %-4s %-4s threads %8.3f s %8.1f MiB\n' "$which" "$threads" "$secs" "$(echo "$rss / 1024" | bc -l)"
}

# Other work on the machine moves every figure; the load average is printed with the table.
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
for threads in 1 all; do
    echo "-- $threads thread(s), $pairs interleaved pairs"
    for _ in $(seq "$pairs"); do
        run old "$threads"
        run new "$threads"
    done
done

echo
echo "A/B: old $old_commit vs new $new_commit, $records records, median of $pairs interleaved runs each ($(nproc) cores; load average at the start $load_start, at the end $(cut -d' ' -f1-3 /proc/loadavg))"
python3 - "$results" "$records" <<'PY'
import statistics, sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines()]
records = int(sys.argv[2])
print(f"| threads | old median | new median | new rows/s | speed new/old (medians) | (fastest runs) | old peak RSS | new peak RSS | target (>=0.95x, <64 MiB) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
ok = True
for threads in ["1", "all"]:
    t = {w: [float(r[2]) for r in rows if r[0] == w and r[1] == threads] for w in ("old", "new")}
    m = {w: max(int(r[3]) for r in rows if r[0] == w and r[1] == threads) / 1024 for w in ("old", "new")}
    med = {w: statistics.median(v) for w, v in t.items()}
    ratio = med["old"] / med["new"]
    met = ratio >= 0.95 and m["new"] < 64
    ok &= met
    best = min(t["old"]) / min(t["new"])
    print(f"| {threads} | {med['old']:.3f} s | {med['new']:.3f} s | {records / med['new'] / 1e6:.2f} M | {ratio:.3f}x | {best:.3f}x | {m['old']:.1f} MiB | {m['new']:.1f} MiB | {'met' if met else 'NOT met'} |")
print("all targets met" if ok else "some target NOT met")
PY
