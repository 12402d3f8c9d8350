//! # defcoop
//!
//! The reference schema and validated data package for records of defense-cooperation events:
//! the officials who meet, the delegations they form, the exhibitions where they meet and the
//! agreements they sign, with the organizations, meetings and sources these cannot be stated
//! without.
//!
//! The Rust types in [`model`] are the one source of truth: the JSON Schemas under `schema/`,
//! the Frictionless Table Schemas of the data package and the schema docs are generated from
//! them.
//!
//! ```
//! use defcoop::model::{OfficialId, Table};
//!
//! let id = OfficialId::new("off-zakir-hasanov").unwrap();
//! assert_eq!(id.as_str(), "off-zakir-hasanov");
//! assert!(OfficialId::new("Zakir Hasanov").is_err());
//! assert_eq!(Table::from_name("delegation_members"), Some(Table::DelegationMembers));
//! ```
#![deny(missing_docs)]

pub mod generated;
pub mod input;
pub mod model;
pub mod rules;
pub mod schema;
#[cfg(feature = "validate")]
pub mod validate;
