//! Throughput and memory benchmark (issue 6). Run with
//!
//! ```text
//! cargo bench --bench throughput -- [--rows 1000000] [--runs 3] [--dir target/bench-data] [--qsv PATH]
//! ```
//!
//! It writes a synthetic package with `defcoop::synth`, then measures, in the same run and each
//! in a fresh child process (so peak RSS is the child's own, read with `wait4`):
//! the reading limit (the `csv` crate counting the records of the same files with one reused
//! `ByteRecord`), the issue's typed baseline (the `csv` crate deserializing every row into its
//! table's record type with one simple check, no key checks, 1 thread), defcoop with 1 thread
//! and with all threads (every check on), the same on the
//! officials table alone (and `qsv validate` with defcoop's own JSON Schema when `--qsv` is
//! given), `serde_json` parsing the officials as JSON Lines against defcoop on that file, an
//! invalid copy of the officials against the valid one, and peak RSS of a package ten times
//! smaller. It prints rows/s, MB/s, peak RSS and the ratios the targets are stated in.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use defcoop::model::{Record, Table, TableVisitor};
use defcoop::validate::{Input, Options, validate_measured};

struct Measure {
    rows: u64,
    bytes: u64,
    secs: f64,
    peak_rss: u64,
    /// Bytes of the state kept across records at its peak (defcoop only; 0 otherwise).
    kept: u64,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        child(&args[i + 1..]);
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--prepare") {
        let rows = args.get(i + 2).and_then(|r| r.parse().ok()).unwrap_or(0);
        prepare(Path::new(&args[i + 1]), rows);
        return;
    }
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let rows: u64 = opt("--rows")
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let runs: usize = opt("--runs").and_then(|v| v.parse().ok()).unwrap_or(3);
    let dir = PathBuf::from(opt("--dir").unwrap_or_else(|| "target/bench-data".into()));
    let qsv = opt("--qsv").or_else(|| std::env::var("DEFCOOP_QSV").ok());

    let big = dir.join(format!("pkg-{rows}"));
    let small = dir.join(format!("pkg-{}", rows / 10));
    // Linux keeps a process's peak RSS across `exec`, so a child forked from a parent that
    // grew while writing the data would report the parent's peak: the data is written by a
    // child of its own, and this process stays small.
    for (dir, n) in [(&big, rows), (&small, rows / 10)] {
        let status = Command::new(std::env::current_exe().expect("own path"))
            .arg("--prepare")
            .arg(dir)
            .arg(n.to_string())
            .status()
            .expect("run the data writer");
        assert!(
            status.success(),
            "writing the data to {} failed",
            dir.display()
        );
    }
    let officials = big.join("officials.csv");
    let jsonl = big.join("officials.jsonl");
    let invalid = big.join("invalid").join("officials.csv");
    let all_invalid = big.join("all-invalid").join("officials.csv");
    let schema = big.join("officials.schema.json");

    println!(
        "defcoop throughput benchmark: {rows} officials, {} cores, median of {runs} runs\n",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    // Every measure once a round, the rounds one after the other: a slow spell of a shared
    // machine then touches each measure alike, not only the ones that happened to run in it,
    // so the ratios hold better than the rates.
    let modes: [(&str, &Path, &str); 12] = [
        ("count", &big, "1"),
        ("typed", &big, "1"),
        ("defcoop", &big, "1"),
        ("defcoop", &big, "0"),
        ("count", &officials, "1"),
        ("typed", &officials, "1"),
        ("defcoop", &officials, "0"),
        ("defcoop", &invalid, "0"),
        ("defcoop", &all_invalid, "0"),
        ("jsonl-parse", &jsonl, "1"),
        ("defcoop", &jsonl, "1"),
        ("defcoop", &small, "0"),
    ];
    let mut rounds: Vec<Vec<Measure>> = (0..modes.len() + 1).map(|_| Vec::new()).collect();
    for _ in 0..runs.max(1) {
        for ((mode, path, jobs), got) in modes.iter().zip(rounds.iter_mut()) {
            got.push(run_child(mode, path, jobs));
        }
        if let (Some(qsv), Some(got)) = (&qsv, rounds.last_mut()) {
            got.push(run_qsv(qsv, &officials, &schema));
        }
    }
    let mut medians = rounds.into_iter().map(median);
    let mut next = || medians.next().flatten().expect("a measure per mode");
    let (limit, typed, one, all, off_limit, off_typed, off_all) =
        (next(), next(), next(), next(), next(), next(), next());
    let (off_invalid, off_all_invalid, json_parse, json_one, small_all) =
        (next(), next(), next(), next(), next());
    let qsv_measure = medians.next().flatten();

    let mut table = vec![
        row("package: csv crate count (reading limit)", &limit, None),
        row(
            "package: csv + serde typed rows, no keys, 1 thread",
            &typed,
            Some((&limit, "reading limit")),
        ),
        row(
            "package: defcoop, 1 thread",
            &one,
            Some((&limit, "reading limit")),
        ),
        row(
            "package: defcoop, all threads",
            &all,
            Some((&one, "1 thread")),
        ),
        row(
            &format!("package/10: defcoop, all threads ({} rows)", rows / 10),
            &small_all,
            None,
        ),
        row("officials.csv: csv crate count", &off_limit, None),
        row(
            "officials.csv: csv + serde typed rows, 1 thread",
            &off_typed,
            Some((&off_limit, "reading limit")),
        ),
        row(
            "officials.csv: defcoop, all threads",
            &off_all,
            Some((&off_limit, "reading limit")),
        ),
        row(
            "officials.csv, 100 planted errors: defcoop",
            &off_invalid,
            Some((&off_all, "valid file")),
        ),
        row(
            "officials.csv, every row invalid: defcoop",
            &off_all_invalid,
            Some((&off_all, "valid file")),
        ),
        row(
            "officials.jsonl: serde_json parse to Value",
            &json_parse,
            None,
        ),
        row(
            "officials.jsonl: defcoop, 1 thread",
            &json_one,
            Some((&json_parse, "serde_json parse")),
        ),
    ];
    let mut qsv_rate = None;
    if let Some(q) = qsv_measure {
        qsv_rate = Some(rate(&q));
        table.push(row("officials.csv: qsv validate, JSON Schema", &q, None));
        table.push(row(
            "officials.csv: defcoop vs qsv",
            &off_all,
            Some((&q, "qsv")),
        ));
    }
    println!(
        "{:<52} {:>12} {:>9} {:>11} {:>10}",
        "what", "rows/s", "MB/s", "peak RSS", "ratio"
    );
    for line in table {
        println!("{line}");
    }
    let mib = |b: u64| b as f64 / f64::from(1 << 20);
    println!(
        "\npeak RSS growth for a tenfold package: {:.2}x ({:.1} MiB -> {:.1} MiB)",
        all.peak_rss as f64 / small_all.peak_rss.max(1) as f64,
        mib(small_all.peak_rss),
        mib(all.peak_rss)
    );
    println!(
        "state kept across records (id sets, delegations, dates), at its peak: {:.1} MiB -> {:.1} MiB",
        mib(small_all.kept),
        mib(all.kept)
    );
    println!("\ntargets (issue 6):");
    let target = |what: &str, got: f64, want: &str, met: bool| {
        let verdict = if met { "met" } else { "NOT met" };
        println!("  {what:<58} {got:>8.2}  (want {want}): {verdict}");
    };
    let one_ratio = rate(&one) / rate(&limit);
    target(
        "1 thread / reading limit",
        one_ratio,
        ">= 0.35",
        one_ratio >= 0.35,
    );
    let threads = rate(&all) / rate(&one);
    target(
        "all threads / 1 thread",
        threads,
        ">= 1.7 on 2 cores",
        threads >= 1.7,
    );
    let rss = all.peak_rss as f64 / f64::from(1 << 20);
    target(
        "peak RSS of the package, all threads, MiB",
        rss,
        "< 64",
        rss < 64.0,
    );
    let growth = mib(all.peak_rss.saturating_sub(small_all.peak_rss));
    let kept_growth = mib(all.kept.saturating_sub(small_all.kept));
    // The kept state is counted by what its vectors and tables have room for; the allocator
    // rounds and keeps a little more, hence 10% of slack.
    target(
        &format!("peak RSS growth for a tenfold package, MiB (kept state: +{kept_growth:.1})"),
        growth,
        "<= kept-state growth + 10%",
        growth <= kept_growth * 1.1,
    );
    if let Some(q) = qsv_rate {
        let vs = rate(&off_all) / q;
        target(
            "officials.csv: defcoop / qsv validate",
            vs,
            ">= 3",
            vs >= 3.0,
        );
    }
    let jsonl = rate(&json_one) / rate(&json_parse);
    target(
        "JSON Lines: defcoop / serde_json parse",
        jsonl,
        ">= 0.5",
        jsonl >= 0.5,
    );
    let cost = rate(&off_all) / rate(&off_invalid);
    target(
        "cost of an invalid file / a valid one",
        cost,
        "<= 2",
        cost <= 2.0,
    );
}

fn rate(m: &Measure) -> f64 {
    m.rows as f64 / m.secs
}

fn row(what: &str, m: &Measure, base: Option<(&Measure, &str)>) -> String {
    let rate = m.rows as f64 / m.secs;
    let ratio = base
        .map(|(b, name)| format!("{:.2}x {name}", rate / (b.rows as f64 / b.secs)))
        .unwrap_or_default();
    format!(
        "{what:<52} {:>10.2} M {:>9.1} {:>7} MiB {ratio:>10}",
        rate / 1e6,
        m.bytes as f64 / m.secs / 1e6,
        m.peak_rss >> 20
    )
}

fn median(mut all: Vec<Measure>) -> Option<Measure> {
    all.sort_by(|a, b| a.secs.total_cmp(&b.secs));
    let middle = all.len() / 2;
    (!all.is_empty()).then(|| all.swap_remove(middle))
}

/// Writes the package (once), its officials as JSON Lines, an invalid copy of the officials
/// and the officials' JSON Schema for qsv.
fn prepare(dir: &Path, rows: u64) {
    if !dir.join("datapackage.json").exists() {
        eprintln!("writing {rows}-row package to {}", dir.display());
        defcoop::synth::write_package(dir, rows, 7).expect("write synthetic package");
    }
    let jsonl = dir.join("officials.jsonl");
    if !jsonl.exists() {
        let mut reader = csv::Reader::from_path(dir.join("officials.csv")).expect("officials.csv");
        let mut out = std::io::BufWriter::new(std::fs::File::create(&jsonl).expect("jsonl"));
        for record in reader.deserialize::<defcoop::model::Official>() {
            let record = record.expect("synthetic rows are valid");
            serde_json::to_writer(&mut out, &record).expect("write jsonl");
            std::io::Write::write_all(&mut out, b"\n").expect("write jsonl");
        }
    }
    let all_invalid = dir.join("all-invalid").join("officials.csv");
    if !all_invalid.exists() {
        // One finding a row: memory must stay flat all the same (findings past
        // `--max-findings` are counted, not kept).
        std::fs::create_dir_all(all_invalid.parent().unwrap()).unwrap();
        let text = std::fs::read_to_string(dir.join("officials.csv")).unwrap();
        let mut lines = text.lines();
        let mut out = String::with_capacity(text.len());
        out.push_str(lines.next().unwrap_or_default());
        out.push('\n');
        for line in lines {
            out.push_str(&line.replacen("off-", "OFF_", 1));
            out.push('\n');
        }
        std::fs::write(&all_invalid, out).unwrap();
    }
    let invalid = dir.join("invalid").join("officials.csv");
    if !invalid.exists() {
        std::fs::create_dir_all(invalid.parent().unwrap()).unwrap();
        let text = std::fs::read_to_string(dir.join("officials.csv")).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let every = (lines.len() / 100).max(1);
        let mut out = String::with_capacity(text.len());
        for (i, line) in lines.iter().enumerate() {
            if i > 0 && i % every == 0 {
                // A bad id pattern: one finding per planted row.
                out.push_str(&line.replacen("off-", "OFF_", 1));
            } else {
                out.push_str(line);
            }
            out.push('\n');
        }
        std::fs::write(&invalid, out).unwrap();
    }
    let schema = dir.join("officials.schema.json");
    if !schema.exists() {
        let value = defcoop::schema::record_schema(defcoop::model::Table::Officials);
        std::fs::write(&schema, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    }
}

fn run_child(mode: &str, path: &Path, jobs: &str) -> Measure {
    let exe = std::env::current_exe().expect("own path");
    let mut cmd = Command::new(exe);
    cmd.args(["--child", mode, &path.display().to_string(), jobs]);
    let (out, peak_rss) = spawn_measured(cmd);
    let fields: Vec<u64> = String::from_utf8_lossy(&out)
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    let [rows, bytes, nanos, kept] = fields[..] else {
        panic!("child {mode} printed {:?}", String::from_utf8_lossy(&out));
    };
    Measure {
        rows,
        bytes,
        secs: nanos as f64 / 1e9,
        peak_rss,
        kept,
    }
}

fn run_qsv(qsv: &str, officials: &Path, schema: &Path) -> Measure {
    let mut cmd = Command::new(qsv);
    cmd.arg("validate").arg(officials).arg(schema);
    let start = Instant::now();
    let (_, peak_rss) = spawn_measured(cmd);
    let secs = start.elapsed().as_secs_f64();
    // Counted a block at a time: this process must stay small (see `spawn_measured`).
    let rows = std::fs::File::open(officials)
        .map(|f| {
            let mut reader = std::io::BufReader::new(f);
            let mut lines = 0u64;
            loop {
                let buf = std::io::BufRead::fill_buf(&mut reader).unwrap_or_default();
                if buf.is_empty() {
                    break lines;
                }
                lines += buf.iter().filter(|b| **b == b'\n').count() as u64;
                let n = buf.len();
                std::io::BufRead::consume(&mut reader, n);
            }
        })
        .map_or(0, |n| n.saturating_sub(1));
    Measure {
        rows,
        bytes: std::fs::metadata(officials).map_or(0, |m| m.len()),
        secs,
        peak_rss,
        kept: 0,
    }
}

/// Runs `cmd`, returns its standard output and its peak resident set size in bytes. The child
/// is reaped by `wait4` (which std's `wait` cannot replace: it does not give the usage).
/// Linux counts in a child's peak the peak of the process it was started from (the memory it
/// shared before `exec`), so this process keeps small: it never holds a data file.
#[allow(clippy::zombie_processes)]
fn spawn_measured(mut cmd: Command) -> (Vec<u8>, u64) {
    let child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut stdout = child.stdout.expect("piped stdout");
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut stdout, &mut out).expect("read child output");
    let mut status = 0;
    // SAFETY: wait4 on our own child's pid with valid pointers to locals.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::wait4(pid, &mut status, 0, &mut usage);
        usage
    };
    (out, usage.ru_maxrss as u64 * 1024)
}

/// Child side: does one measured job and prints `rows bytes nanoseconds`.
fn child(args: &[String]) {
    let (mode, path, jobs) = (&args[0], PathBuf::from(&args[1]), &args[2]);
    let bytes = size_of(&path);
    let start = Instant::now();
    let mut kept = 0;
    let rows = match mode.as_str() {
        "count" => count_csv_records(&path),
        "typed" => typed_records(&path),
        "jsonl-parse" => {
            let text = std::fs::read(&path).expect("read jsonl");
            let mut n = 0;
            for line in text.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
                let _: serde_json::Value = serde_json::from_slice(line).expect("valid json");
                n += 1;
            }
            n
        }
        "defcoop" => {
            let options = Options::default()
                .jobs(match jobs.parse::<usize>() {
                    Ok(0) | Err(_) => None,
                    Ok(n) => Some(n),
                })
                .max_findings(1000);
            let (report, peak) =
                validate_measured(&[Input::Path(path.clone())], &options).expect("validate");
            kept = peak;
            report.files.iter().map(|f| f.records).sum()
        }
        other => panic!("unknown mode {other}"),
    };
    println!("{rows} {bytes} {} {kept}", start.elapsed().as_nanos());
}

/// The reading limit: every CSV record of a file, or of every CSV in a folder.
fn count_csv_records(path: &Path) -> u64 {
    if path.is_dir() {
        return csv_files(path).iter().map(|p| count_csv_records(p)).sum();
    }
    let mut reader = csv::Reader::from_path(path).expect("open csv");
    let mut record = csv::ByteRecord::new();
    let mut n = 0;
    while reader.read_byte_record(&mut record).expect("read csv") {
        n += 1;
    }
    n
}

/// The issue's typed baseline: every row of a table (or of every table of a package folder)
/// deserialized by the `csv` crate into its record type (one reused `StringRecord`), with one
/// simple check (the id is not empty); no key, rule or text checks.
fn typed_records(path: &Path) -> u64 {
    struct Rows<'a>(&'a Path);
    impl TableVisitor for Rows<'_> {
        type Output = u64;
        fn visit<R: Record>(self) -> u64 {
            let mut reader = csv::Reader::from_path(self.0).expect("open csv");
            let header = reader.headers().expect("read header").clone();
            let mut record = csv::StringRecord::new();
            let mut n = 0;
            while reader.read_record(&mut record).expect("read csv") {
                let row: R = record.deserialize(Some(&header)).expect("a valid row");
                assert!(!row.id().is_empty(), "an empty id");
                n += 1;
            }
            n
        }
    }
    let files = if path.is_dir() {
        csv_files(path)
    } else {
        vec![path.to_path_buf()]
    };
    files
        .iter()
        .filter_map(|p| {
            let table = Table::from_name(p.file_stem()?.to_str()?)?;
            Some(table.visit(Rows(p)))
        })
        .sum()
}

fn csv_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    files
}

fn size_of(path: &Path) -> u64 {
    if path.is_dir() {
        csv_files(path).iter().map(|p| size_of(p)).sum()
    } else {
        std::fs::metadata(path).map_or(0, |m| m.len())
    }
}
