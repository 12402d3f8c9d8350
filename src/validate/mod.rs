//! Validation of files and packages: file checks, record checks (JSON Schema and typed rules),
//! package checks (keys, references, cross-record rules). Reports every problem, never stops at
//! the first, never writes, never touches the network.

mod finding;

pub use finding::*;
