//! Where in a source a record is found, besides a paragraph ([`Locator`]), and a source's
//! persistent identifier ([`Doi`]).

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

use super::values::ValueError;

/// The pattern of a [`Locator`] as written: `page 12`, `section 3.2`, `row DCAD-0412` or
/// `#fragment` (the reference after the word, or the fragment, holds no white space).
pub const LOCATOR_PATTERN: &str = r"^(?:(?:page|section|row) [^\s]{1,200}|#[^\s]{1,200})$";

/// The pattern of a [`Doi`]: `10.`, the registrant code (digits, perhaps dotted), `/`, and
/// a suffix without white space.
pub const DOI_PATTERN: &str = r"^10\.[0-9]{4,9}(?:\.[0-9]+)*/[^\s]{1,300}$";

/// A place in a source other than a paragraph: a page, a section, a row (or record id) of a
/// dataset, or a fragment of a web page. Written, read (`FromStr`) and serialized as the
/// text `page 12`, `section 3.2`, `row DCAD-0412` or `#fragment`.
///
/// ```
/// use defcoop::model::Locator;
///
/// let row: Locator = "row DCAD-0412".parse()?;
/// assert_eq!(row, Locator::Row("DCAD-0412".into()));
/// assert_eq!(row.to_string(), "row DCAD-0412");
/// assert!("line 4".parse::<Locator>().is_err());
/// # Ok::<(), defcoop::model::ValueError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[non_exhaustive]
pub enum Locator {
    /// A page, as the source numbers it (`12`, `xii`, `A-3`).
    Page(String),
    /// A section, chapter, article or clause, as the source numbers it (`3.2`, `IV`).
    Section(String),
    /// A row or record of a dataset, by the dataset's own id of it (`DCAD-0412`), or by its
    /// row number when it has no id.
    Row(String),
    /// A fragment of a web page or document: what follows `#` in its URL.
    Fragment(String),
}

impl Locator {
    /// The word the locator is written with (`page`, `section`, `row`), or `#`.
    pub fn kind(&self) -> &'static str {
        match self {
            Locator::Page(_) => "page",
            Locator::Section(_) => "section",
            Locator::Row(_) => "row",
            Locator::Fragment(_) => "#",
        }
    }

    /// The reference after the word (the page, section, row id or fragment).
    pub fn reference(&self) -> &str {
        match self {
            Locator::Page(r) | Locator::Section(r) | Locator::Row(r) | Locator::Fragment(r) => r,
        }
    }

    /// Reads a locator, see [`Locator`].
    pub fn parse(text: &str) -> Result<Locator, ValueError> {
        let refused = || ValueError::Locator {
            text: text.to_owned(),
        };
        let well_formed = |r: &str| {
            !r.is_empty() && r.chars().count() <= 200 && !r.chars().any(char::is_whitespace)
        };
        if let Some(fragment) = text.strip_prefix('#') {
            return if well_formed(fragment) {
                Ok(Locator::Fragment(fragment.to_owned()))
            } else {
                Err(refused())
            };
        }
        let (word, reference) = text.split_once(' ').ok_or_else(refused)?;
        if !well_formed(reference) {
            return Err(refused());
        }
        let reference = reference.to_owned();
        match word {
            "page" => Ok(Locator::Page(reference)),
            "section" => Ok(Locator::Section(reference)),
            "row" => Ok(Locator::Row(reference)),
            _ => Err(refused()),
        }
    }
}

impl fmt::Display for Locator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Locator::Fragment(r) => write!(f, "#{r}"),
            other => write!(f, "{} {}", other.kind(), other.reference()),
        }
    }
}

impl FromStr for Locator {
    type Err = ValueError;
    fn from_str(text: &str) -> Result<Locator, ValueError> {
        Locator::parse(text)
    }
}

impl TryFrom<String> for Locator {
    type Error = ValueError;
    fn try_from(text: String) -> Result<Locator, ValueError> {
        Locator::parse(&text)
    }
}

impl From<Locator> for String {
    fn from(locator: Locator) -> String {
        locator.to_string()
    }
}

impl JsonSchema for Locator {
    fn schema_name() -> Cow<'static, str> {
        "Locator".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "pattern": LOCATOR_PATTERN })
    }
}

/// A Digital Object Identifier, written without a resolver: `10.1177/0022002719857796`.
/// The registrant code is `10.` and four to nine digits (perhaps with dotted sub-codes); the
/// suffix is any text without white space. DOIs compare without regard to case; the text is
/// kept as given.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Doi(String);

impl Doi {
    /// Checks `text` against the shape of a DOI and wraps it.
    pub fn new(text: impl Into<String>) -> Result<Doi, ValueError> {
        let text = text.into();
        if doi_is_well_formed(&text) {
            Ok(Doi(text))
        } else {
            Err(ValueError::Doi { text })
        }
    }

    /// The DOI as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn doi_is_well_formed(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("10.") else {
        return false;
    };
    let Some((registrant, suffix)) = rest.split_once('/') else {
        return false;
    };
    let mut parts = registrant.split('.');
    let first = parts.next().unwrap_or("");
    (4..=9).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && !suffix.is_empty()
        && suffix.chars().count() <= 300
        && !suffix.chars().any(char::is_whitespace)
}

impl fmt::Display for Doi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Doi {
    type Err = ValueError;
    fn from_str(text: &str) -> Result<Doi, ValueError> {
        Doi::new(text)
    }
}

impl TryFrom<String> for Doi {
    type Error = ValueError;
    fn try_from(text: String) -> Result<Doi, ValueError> {
        Doi::new(text)
    }
}

impl From<Doi> for String {
    fn from(doi: Doi) -> String {
        doi.0
    }
}

impl JsonSchema for Doi {
    fn schema_name() -> Cow<'static, str> {
        "Doi".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "pattern": DOI_PATTERN })
    }
}

/// What a value under one of this module's patterns (or under
/// [`SCRIPT_PATTERN`](super::SCRIPT_PATTERN)) is, in words, for a finding that names the kind
/// of value (`is not a DOI ...`); `None` for other patterns.
pub fn pattern_meaning(pattern: &str) -> Option<&'static str> {
    match pattern {
        DOI_PATTERN => Some(
            "a DOI: `10.`, the registrant code, `/` and the suffix, without `https://doi.org/` (such as `10.1177/0022002719857796`)",
        ),
        LOCATOR_PATTERN => Some(
            "a citation locator: `page 12`, `section 3.2`, `row DCAD-0412` (a dataset's row or record id) or `#fragment`",
        ),
        super::identifiers::SCRIPT_PATTERN => Some(
            "an ISO 15924 script code: four letters, the first a capital (`Latn`, `Cyrl`, `Arab`)",
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locators_round_trip_and_refuse_what_the_pattern_refuses() {
        let pattern = regex_lite(LOCATOR_PATTERN);
        for good in [
            "page 12",
            "page xii",
            "section 3.2",
            "row DCAD-0412",
            "#para-5",
        ] {
            let l: Locator = good.parse().unwrap();
            assert_eq!(l.to_string(), good);
            assert!(pattern(good), "{good}");
        }
        for bad in [
            "", "page", "page ", "page 1 2", "Page 12", "line 4", "#", "# x", "row\tA", "p. 12",
        ] {
            assert!(bad.parse::<Locator>().is_err(), "{bad:?}");
            assert!(!pattern(bad), "{bad:?}");
        }
    }

    #[test]
    fn dois_have_a_registrant_and_a_suffix() {
        let pattern = regex_lite(DOI_PATTERN);
        for good in [
            "10.1177/0022002719857796",
            "10.1000/182",
            "10.1000.10/abc(1)",
        ] {
            assert!(Doi::new(good).is_ok(), "{good}");
            assert!(pattern(good), "{good}");
        }
        for bad in [
            "https://doi.org/10.1000/182",
            "doi:10.1000/182",
            "10.100/182",
            "10.1000/",
            "10.1000",
            "10.1000/a b",
            "11.1000/182",
        ] {
            assert!(Doi::new(bad).is_err(), "{bad}");
            assert!(!pattern(bad), "{bad}");
        }
    }

    /// The pattern compiled by the JSON Schema engine the validator uses.
    fn regex_lite(pattern: &str) -> impl Fn(&str) -> bool {
        let schema = serde_json::json!({ "type": "string", "pattern": pattern });
        let validator = jsonschema::validator_for(&schema).unwrap();
        move |text| validator.is_valid(&serde_json::json!(text))
    }
}
