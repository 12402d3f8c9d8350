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
//! Reading and writing CSV ([`dataset_from_csv_files`], [`read_csv_dir`], [`dataset_to_csv`])
//! needs the `validate` feature, which brings the `csv` crate.

mod bundled;
#[cfg(feature = "validate")]
mod csv_tables;
mod descriptor;

pub use bundled::{bundled, bundled_files};
#[cfg(feature = "validate")]
pub use csv_tables::CsvRows;
#[cfg(feature = "validate")]
pub use csv_tables::{
    CsvError, dataset_from_csv_files, dataset_to_csv, read_csv_dir, read_table, write_table,
};
pub use descriptor::{DATA_LICENSE, descriptor, field_names};
