//! Writes a synthetic, valid defcoop package: `DIR/datapackage.json` and one CSV per table,
//! with N officials and the other tables scaled with it. Seeded and deterministic: the same
//! arguments always give the same bytes.
//!
//! ```text
//! cargo run --release --example synth -- --rows 1000000 --out /tmp/pkg [--seed 7]
//! ```

use std::path::PathBuf;

struct Args {
    rows: u64,
    out: PathBuf,
    seed: u64,
}

fn parse_args() -> Result<Args, String> {
    let mut rows = None;
    let mut out = None;
    let mut seed = 7;
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--rows" => rows = Some(value()?.parse().map_err(|e| format!("--rows: {e}"))?),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--seed" => seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            _ => return Err(format!("unknown argument {arg}")),
        }
    }
    Ok(Args {
        rows: rows.ok_or("--rows N is required")?,
        out: out.ok_or("--out DIR is required")?,
        seed,
    })
}

fn main() {
    let args = match parse_args() {
        Ok(args) => args,
        Err(e) => {
            eprintln!("synth: {e}\nusage: synth --rows N --out DIR [--seed S]");
            std::process::exit(2);
        }
    };
    if let Err(e) = defcoop::synth::write_package(&args.out, args.rows, args.seed) {
        eprintln!("synth: {e}");
        std::process::exit(2);
    }
}
