//! The data package: the Frictionless descriptor, reading and writing the CSV tables, and the
//! bundled dataset compiled into the crate.
//!
//! The bundled dataset is derived from one article (AzerNews, 24 September 2024) on the
//! meetings of Azerbaijan's minister of defense at the 5th ADEX exhibition in Baku. Its master
//! copy is the hand-authored CSV tables under `data/`; `data/defcoop.json` (the JSON form) and
//! `data/datapackage.json` (the Frictionless descriptor) are generated from them by
//! [`crate::generated`], and both the JSON form and the CSV bytes are compiled into the crate:
//!
//! - [`bundled`] gives the dataset as typed records, with no file to read;
//! - [`bundled_files`] gives the descriptor and the CSV tables as bytes, so the package can be
//!   validated from memory exactly as it is published.
//!
//! Writing a dataset of one's own: [`write_package`] writes a data package (CSV tables and a
//! descriptor with the package's own [`PackageMeta`]), [`write_json`] and [`write_json_lines`]
//! the JSON forms, all atomically. Reading and writing CSV ([`write_package`],
//! [`dataset_from_csv_files`], [`read_csv_dir`], [`dataset_to_csv`]) needs the light `write`
//! feature, which brings only the `csv` crate (to write the tables; they are read back with
//! the validator's own CSV readers, so the two agree on every file) and `memchr` (which the
//! `csv` crate uses already); the `validate` feature includes it. The JSON forms need no
//! feature.

mod bundled;
#[cfg(feature = "write")]
mod csv_tables;
mod descriptor;
mod write;

pub use bundled::{bundled, bundled_files};
#[cfg(feature = "write")]
pub use csv_tables::CsvRows;
#[cfg(feature = "write")]
pub use csv_tables::{
    CsvError, CsvErrorKind, dataset_from_csv_files, dataset_to_csv, read_csv_dir, read_table,
    write_table,
};
pub use descriptor::{
    DATA_LICENSE, License, PackageMeta, PackageSource, descriptor, descriptor_with, field_names,
};
#[cfg(feature = "write")]
pub use write::write_package;
pub use write::{WriteError, to_json, to_json_lines, write_json, write_json_lines};
