//! One batch of records checked, on any thread: a CSV batch ([`csv_batch`]) or a JSON Lines
//! line read straight into its table's type ([`json_line`]). Each takes text in and gives the
//! checked records' findings and the key cells the package checks need; neither touches the
//! package state, which stays with the driver.

pub(crate) mod csv_batch;
pub(crate) mod csv_header;
pub(crate) mod delimiter;
pub(crate) mod empty_row;
pub(crate) mod json_line;
