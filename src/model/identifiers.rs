//! The values of the v2 tables that link records: which tables a citation, an identifier or
//! a name variant may point into, the schemes of external identifiers (each with its own
//! check), the kinds of name variants, ISO 15924 script codes, and the id of a row of any
//! table.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

use super::Table;
use super::values::{MAX_ID_LEN, ValueError, vocabulary};

/// The pattern of a [`ScriptCode`].
pub const SCRIPT_PATTERN: &str = "^[A-Z][a-z]{3}$";

/// The pattern of a [`RecordId`]: any table's id grammar.
pub const RECORD_ID_PATTERN: &str = "^[a-z]+-[a-z0-9]+(-[a-z0-9]+)*$";

vocabulary! {
/// The tables whose records a row of `citations` may cite a further source for: every table
/// but `sources` and the v2 linking tables.
#[non_exhaustive]
pub enum CitedTable ("cited table") {
    /// `organizations`.
    Organizations = "organizations",
    /// `officials`.
    Officials = "officials",
    /// `positions`.
    Positions = "positions",
    /// `exhibitions`.
    Exhibitions = "exhibitions",
    /// `meetings`.
    Meetings = "meetings",
    /// `meeting_topics`.
    MeetingTopics = "meeting_topics",
    /// `delegations`.
    Delegations = "delegations",
    /// `delegation_members`.
    DelegationMembers = "delegation_members",
    /// `participant_groups`.
    ParticipantGroups = "participant_groups",
    /// `agreements`.
    Agreements = "agreements",
    /// `agreement_signings`.
    AgreementSignings = "agreement_signings",
    /// `agreement_parties`.
    AgreementParties = "agreement_parties",
}
}

vocabulary! {
/// The tables whose records may have external identifiers.
#[non_exhaustive]
pub enum IdentifiedTable ("identified table") {
    /// `officials`.
    Officials = "officials",
    /// `organizations`.
    Organizations = "organizations",
    /// `exhibitions`.
    Exhibitions = "exhibitions",
    /// `meetings`.
    Meetings = "meetings",
    /// `agreements`.
    Agreements = "agreements",
}
}

vocabulary! {
/// The tables whose records may have name variants.
#[non_exhaustive]
pub enum NamedTable ("named table") {
    /// `officials`.
    Officials = "officials",
    /// `organizations`.
    Organizations = "organizations",
}
}

macro_rules! table_of {
    ($($ty:ident),*) => {$(
        impl $ty {
            /// The table itself.
            pub fn table(self) -> Table {
                Table::from_name(self.as_str()).unwrap_or(Table::Sources)
            }
        }
    )*};
}

table_of!(CitedTable, IdentifiedTable, NamedTable);

vocabulary! {
/// A scheme of external identifiers. Each has its own shape, checked by
/// [`IdentifierScheme::check`] (rule `identifier.format`).
#[non_exhaustive]
pub enum IdentifierScheme ("identifier scheme") {
    /// A Wikidata item: `Q` and digits, no leading zero (`Q42`).
    Wikidata = "wikidata",
    /// An OpenSanctions entity id: ASCII letters, digits, `-`, `_` and `.`, starting with a
    /// letter or digit (`NK-...`, `Q7747`, `ofac-12345`).
    OpenSanctions = "opensanctions",
    /// A Legal Entity Identifier (ISO 17442): 18 capital letters or digits and two check
    /// digits, the whole a multiple of 97 plus one (ISO 7064 MOD 97-10).
    Lei = "lei",
    /// A dataset's own id of the record (DCAD's agreement id); `source_id` names the dataset.
    Dataset = "dataset",
    /// A VIAF cluster id: digits, no leading zero.
    Viaf = "viaf",
    /// An ISNI (ISO 27729): 15 digits and a check character (a digit or `X`, ISO 7064
    /// MOD 11-2), written without spaces.
    Isni = "isni",
}
}

impl IdentifierScheme {
    /// What an identifier of this scheme looks like, in words.
    pub fn shape(self) -> &'static str {
        match self {
            IdentifierScheme::Wikidata => {
                "a Wikidata id (`Q` followed by digits, no leading zero, such as `Q42`)"
            }
            IdentifierScheme::OpenSanctions => {
                "an OpenSanctions id (ASCII letters, digits, `-`, `_` and `.`, at most 200, starting with a letter or digit)"
            }
            IdentifierScheme::Lei => {
                "an LEI (20 capital letters and digits whose two check digits agree, ISO 17442)"
            }
            IdentifierScheme::Dataset => {
                "a dataset's record id (at most 200 characters, no white space)"
            }
            IdentifierScheme::Viaf => "a VIAF id (digits, no leading zero)",
            IdentifierScheme::Isni => {
                "an ISNI (15 digits and a check digit or `X` that agrees, without spaces)"
            }
        }
    }

    /// Whether `value` has this scheme's shape (and, for LEI and ISNI, the right check
    /// characters).
    pub fn check(self, value: &str) -> bool {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        match self {
            IdentifierScheme::Wikidata => value
                .strip_prefix('Q')
                .is_some_and(|n| digits(n) && !n.starts_with('0') && n.len() <= 12),
            IdentifierScheme::OpenSanctions => {
                (1..=200).contains(&value.len())
                    && value
                        .bytes()
                        .next()
                        .is_some_and(|b| b.is_ascii_alphanumeric())
                    && value
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            }
            IdentifierScheme::Lei => lei_is_valid(value),
            IdentifierScheme::Dataset => {
                !value.is_empty()
                    && value.chars().count() <= 200
                    && !value.chars().any(|c| c.is_whitespace() || c.is_control())
            }
            IdentifierScheme::Viaf => digits(value) && !value.starts_with('0') && value.len() <= 22,
            IdentifierScheme::Isni => isni_is_valid(value),
        }
    }
}

/// ISO 17442: 20 characters `[A-Z0-9]`, the last two digits, and the number read with
/// letters as 10..35 is 1 modulo 97 (ISO 7064 MOD 97-10).
fn lei_is_valid(value: &str) -> bool {
    let bytes = value.as_bytes();
    if bytes.len() != 20
        || !bytes[18..].iter().all(u8::is_ascii_digit)
        || !bytes
            .iter()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    {
        return false;
    }
    let mut rest: u32 = 0;
    for b in bytes {
        let n = if b.is_ascii_digit() {
            u32::from(b - b'0')
        } else {
            u32::from(b - b'A') + 10
        };
        rest = if n >= 10 {
            (rest * 100 + n) % 97
        } else {
            (rest * 10 + n) % 97
        };
    }
    rest == 1
}

/// ISO 27729: 15 digits and a check character, ISO 7064 MOD 11-2 (`X` for 10).
fn isni_is_valid(value: &str) -> bool {
    let bytes = value.as_bytes();
    if bytes.len() != 16 || !bytes[..15].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut total: u32 = 0;
    for b in &bytes[..15] {
        total = (total + u32::from(b - b'0')) * 2;
    }
    let check = (12 - total % 11) % 11;
    let expected = if check == 10 {
        b'X'
    } else {
        b'0' + check as u8
    };
    bytes[15] == expected
}

vocabulary! {
/// What a name variant is to the record's name.
#[non_exhaustive]
pub enum NameKind ("name kind") {
    /// A shorter form of the name: an initial and the surname (`Z.Hasanov`), a given name
    /// left out.
    ShortForm = "short_form",
    /// An abbreviation or acronym of an organization's name (`SSB`).
    Abbreviation = "abbreviation",
    /// The name written in another script by a transliteration or transcription scheme
    /// (`Zakir Gasanov` from Russian).
    Transliteration = "transliteration",
    /// The name in the person's or body's own language and script (`Закир Гасанов`).
    NativeScript = "native_script",
    /// The name translated into another language (an organization's name in English).
    Translation = "translation",
    /// A name the record had before (a ministry renamed).
    FormerName = "former_name",
    /// A spelling a source uses that is none of the above (a misspelling kept as reported).
    AsReported = "as_reported",
    /// Any other kind; the note says what.
    Other = "other",
}
}

/// An ISO 15924 script code: four letters, the first a capital (`Latn`, `Cyrl`, `Arab`).
/// The shape is checked, not membership in the ISO list.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ScriptCode(String);

impl ScriptCode {
    /// Checks the shape and wraps `text`.
    pub fn new(text: impl Into<String>) -> Result<ScriptCode, ValueError> {
        let text = text.into();
        let b = text.as_bytes();
        if b.len() == 4 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_lowercase) {
            Ok(ScriptCode(text))
        } else {
            Err(ValueError::Script { text })
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The id of a row of any table: a table's prefix and the id grammar. Which table is given
/// beside it (`record_table`); a row that does not exist there is `key.unresolved`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RecordId(String);

impl RecordId {
    /// Checks the id grammar (any prefix) and wraps `text`.
    pub fn new(text: impl Into<String>) -> Result<RecordId, ValueError> {
        let text = text.into();
        let ok = text.len() <= MAX_ID_LEN
            && text.split_once('-').is_some_and(|(prefix, rest)| {
                !prefix.is_empty()
                    && prefix.bytes().all(|b| b.is_ascii_lowercase())
                    && super::values::id_is_well_formed("", rest)
            });
        if ok {
            Ok(RecordId(text))
        } else {
            Err(ValueError::Id {
                what: "record id",
                prefix: "",
                text,
            })
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! string_value {
    ($($ty:ident => $pattern:expr, $max:expr);*) => {$(
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl FromStr for $ty {
            type Err = ValueError;
            fn from_str(text: &str) -> Result<$ty, ValueError> {
                $ty::new(text)
            }
        }
        impl TryFrom<String> for $ty {
            type Error = ValueError;
            fn try_from(text: String) -> Result<$ty, ValueError> {
                $ty::new(text)
            }
        }
        impl From<$ty> for String {
            fn from(value: $ty) -> String {
                value.0
            }
        }
        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                stringify!($ty).into()
            }
            fn inline_schema() -> bool {
                true
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({ "type": "string", "pattern": $pattern, "maxLength": $max })
            }
        }
    )*};
}

string_value!(ScriptCode => SCRIPT_PATTERN, 4; RecordId => RECORD_ID_PATTERN, MAX_ID_LEN);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_scheme_checks_its_own_shape() {
        use IdentifierScheme as S;
        for (scheme, good, bad) in [
            (
                S::Wikidata,
                "Q42",
                ["Z123", "Q0", "Q012", "q42", "Q", "Q4 2"],
            ),
            (S::Viaf, "102333412", ["0123", "12a", "", "-1", " 1", "1 "]),
            (
                S::OpenSanctions,
                "NK-2qbgpsk3H4UCVCzUGDMc2c",
                ["-a", "a b", "", "é", "a/b", "_x"],
            ),
            // GLEIF's own LEI.
            (
                S::Lei,
                "506700GE1G29325QX363",
                [
                    "506700GE1G29325QX364",
                    "506700ge1g29325qx363",
                    "506700GE1G29325QX3",
                    "506700GE1G29325QXA3",
                    "",
                    "506700GE1G29325QX3630",
                ],
            ),
            // The ISNI of the ISNI standard's examples (0000 0001 2103 2683).
            (
                S::Isni,
                "0000000121032683",
                [
                    "0000000121032684",
                    "0000 0001 2103 2683",
                    "000000012103268",
                    "000000012103268Y",
                    "",
                    "x",
                ],
            ),
            (
                S::Dataset,
                "DCAD-0412",
                ["", "a b", "a\tb", "a\nb", " ", "\u{7}"],
            ),
        ] {
            assert!(scheme.check(good), "{scheme}: {good}");
            for bad in bad {
                assert!(!scheme.check(bad), "{scheme}: {bad:?}");
            }
        }
        assert!(S::Isni.check("000000012146438X"));
    }

    #[test]
    fn scripts_and_record_ids() {
        assert!(ScriptCode::new("Latn").is_ok());
        for bad in ["latn", "LATN", "Lat", "Latin", ""] {
            assert!(ScriptCode::new(bad).is_err(), "{bad}");
        }
        assert!(RecordId::new("off-zakir-hasanov").is_ok());
        for bad in ["zakir", "off-", "-x", "Off-x", "off--x", "off-x-"] {
            assert!(RecordId::new(bad).is_err(), "{bad}");
        }
        assert_eq!(NamedTable::Officials.table(), Table::Officials);
        assert_eq!(
            CitedTable::AgreementParties.table(),
            Table::AgreementParties
        );
    }
}
