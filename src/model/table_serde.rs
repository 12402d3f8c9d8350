//! [`Table`] in serde as its name in the package (`meeting_topics`), so a map keyed by table
//! or a list of tables reads and writes as the package names them; an unknown name is refused
//! with the list of names.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Table;

impl Serialize for Table {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Table {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Table, D::Error> {
        struct Name;
        impl serde::de::Visitor<'_> for Name {
            type Value = Table;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("the name of a table, such as `officials` or `meeting_topics`")
            }
            fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Table, E> {
                Table::from_name(name).ok_or_else(|| {
                    let names: Vec<&str> = Table::ALL.iter().map(|t| t.name()).collect();
                    E::custom(format_args!(
                        "unknown table `{name}`; the tables are {}",
                        names.join(", ")
                    ))
                })
            }
        }
        d.deserialize_str(Name)
    }
}
