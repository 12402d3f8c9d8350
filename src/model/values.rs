//! Value types shared by the tables: typed ids, text, dates, country codes, digests,
//! the basis of a statement, quantities and the closed vocabularies (enums).

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::num::NonZeroU32;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

/// Why a value was refused by one of the value types of this module. Match on the variant to
/// tell the kinds apart; the message ([`std::fmt::Display`]) says what is wrong in words a person
/// can act on, and [`ValueError::what`] names the kind of value expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueError {
    /// An id that does not follow its grammar (see [`id_is_well_formed`]).
    #[error(
        "{what}: {text:?} does not match {pattern} (prefix `{prefix}`, then lower-case letters and digits joined by single hyphens, at most {MAX_ID_LEN} bytes)",
        pattern = id_pattern(prefix)
    )]
    Id {
        /// The kind of id, such as `official id`.
        what: &'static str,
        /// The prefix ids of this kind start with, such as `off-`.
        prefix: &'static str,
        /// The refused text.
        text: String,
    },
    /// An empty [`Text`].
    #[error("text: the value is empty; leave an optional field out (or its cell blank) instead")]
    EmptyText,
    /// A date not written `YYYY-MM-DD`.
    #[error("date: {text:?} is not written YYYY-MM-DD")]
    DateFormat {
        /// The refused text.
        text: String,
    },
    /// A date written `YYYY-MM-DD` that is no day of the calendar, such as `2024-02-30`.
    #[error("date: {text:?} is not a day of the calendar")]
    NoSuchDay {
        /// The refused text.
        text: String,
    },
    /// A partial date not written `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[error("date: {text:?} is not written YYYY, YYYY-MM or YYYY-MM-DD (a year, a month or a day)")]
    PartialDateFormat {
        /// The refused text.
        text: String,
    },
    /// A country code that is not in ISO 3166-1 alpha-2.
    #[error(
        "country code: {text:?} is not an ISO 3166-1 alpha-2 code (two capital letters, such as AZ or TR)"
    )]
    CountryCode {
        /// The refused text.
        text: String,
    },
    /// A digest that is not 64 lower-case hexadecimal digits.
    #[error("sha256: {text:?} is not 64 lower-case hexadecimal digits")]
    Sha256 {
        /// The refused text.
        text: String,
    },
    /// A paragraph number 0 (paragraphs are numbered from 1).
    #[error("paragraph: 0 is not a paragraph; paragraphs are numbered from 1")]
    ZeroParagraph,
    /// A word that is not one of a vocabulary's values (see the enums of this module).
    #[error("{what}: {text:?} is not one of {}", allowed.join(", "))]
    Vocabulary {
        /// The vocabulary, such as `role`.
        what: &'static str,
        /// The refused text.
        text: String,
        /// Every value the vocabulary allows, as stored.
        allowed: &'static [&'static str],
    },
    /// A data package name that is not a Frictionless name (lower-case letters, digits and
    /// `-._/`), see `package::PackageMeta`.
    #[error(
        "package name: {text:?} is not a Frictionless name (lower-case letters, digits and -._/)"
    )]
    PackageName {
        /// The refused text.
        text: String,
    },
    /// Count fields that do not fit together.
    #[error("count: {0}")]
    Quantity(#[from] QuantityError),
    /// A table name that is not one of [`crate::model::Table::ALL`].
    #[error("table: {text:?} is not the name of a table")]
    UnknownTable {
        /// The refused text.
        text: String,
    },
    /// A citation locator not written `page 12`, `section 3.2`, `row DCAD-0412` or
    /// `#fragment` (see [`crate::model::Locator`]).
    #[error(
        "locator: {text:?} is not written `page 12`, `section 3.2`, `row DCAD-0412` or `#fragment`"
    )]
    Locator {
        /// The refused text.
        text: String,
    },
    /// A DOI not written `10.<registrant>/<suffix>` (see [`crate::model::Doi`]).
    #[error("DOI: {text:?} is not a DOI written 10.<registrant>/<suffix>, such as 10.1000/182")]
    Doi {
        /// The refused text.
        text: String,
    },
    /// A script code that is not four letters, the first a capital (ISO 15924).
    #[error("script: {text:?} is not an ISO 15924 code (four letters, such as Latn or Cyrl)")]
    Script {
        /// The refused text.
        text: String,
    },
}

impl ValueError {
    /// The kind of value that was expected, such as `official id`, `date` or `role`.
    pub fn what(&self) -> &'static str {
        match self {
            ValueError::Id { what, .. } | ValueError::Vocabulary { what, .. } => what,
            ValueError::EmptyText => "text",
            ValueError::DateFormat { .. }
            | ValueError::NoSuchDay { .. }
            | ValueError::PartialDateFormat { .. } => "date",
            ValueError::CountryCode { .. } => "country code",
            ValueError::Sha256 { .. } => "sha256",
            ValueError::ZeroParagraph => "paragraph",
            ValueError::UnknownTable { .. } => "table",
            ValueError::Locator { .. } => "locator",
            ValueError::Doi { .. } => "DOI",
            ValueError::Script { .. } => "script",
            ValueError::PackageName { .. } => "package name",
            ValueError::Quantity(_) => "count",
        }
    }

    /// The refused text, when the value was text.
    pub fn text(&self) -> Option<&str> {
        match self {
            ValueError::Id { text, .. }
            | ValueError::DateFormat { text }
            | ValueError::NoSuchDay { text }
            | ValueError::PartialDateFormat { text }
            | ValueError::CountryCode { text }
            | ValueError::Sha256 { text }
            | ValueError::Vocabulary { text, .. }
            | ValueError::UnknownTable { text }
            | ValueError::Locator { text }
            | ValueError::Doi { text }
            | ValueError::Script { text }
            | ValueError::PackageName { text } => Some(text),
            ValueError::EmptyText | ValueError::ZeroParagraph | ValueError::Quantity(_) => None,
        }
    }
}

/// A paragraph number (1-based) as a [`NonZeroU32`], refusing 0: what a record's `paragraph`
/// holds, without the `NonZeroU32::new(n).unwrap()` ceremony.
///
/// ```
/// use defcoop::model::{ValueError, paragraph};
///
/// assert_eq!(paragraph(5)?.get(), 5);
/// assert_eq!(paragraph(0), Err(ValueError::ZeroParagraph));
/// # Ok::<(), ValueError>(())
/// ```
pub fn paragraph(n: u32) -> Result<NonZeroU32, ValueError> {
    NonZeroU32::new(n).ok_or(ValueError::ZeroParagraph)
}

/// Largest length, in bytes, of any id.
pub const MAX_ID_LEN: usize = 100;

/// Checks the id grammar `^PREFIX[a-z0-9]+(-[a-z0-9]+)*$` (at most [`MAX_ID_LEN`] bytes)
/// without a regular-expression engine, so the typed fast path stays cheap.
pub fn id_is_well_formed(prefix: &str, text: &str) -> bool {
    if text.len() > MAX_ID_LEN {
        return false;
    }
    let Some(rest) = text.strip_prefix(prefix) else {
        return false;
    };
    if rest.is_empty() || rest.starts_with('-') || rest.ends_with('-') || rest.contains("--") {
        return false;
    }
    rest.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The regular expression of an id with the given prefix, as written in the schemas.
pub fn id_pattern(prefix: &str) -> String {
    format!("^{prefix}[a-z0-9]+(-[a-z0-9]+)*$")
}

/// The conversions every text-backed value type has: from text (checked by its `new`), and
/// back to text. `Borrow<str>` lets a `HashMap` or `BTreeMap` keyed by the type be looked up
/// with a `&str`; the derived `Hash`, `Eq` and `Ord` are those of the inner `String`, so they
/// agree with `str`'s, as `Borrow` requires.
macro_rules! text_conversions {
    ($name:ident) => {
        impl TryFrom<String> for $name {
            type Error = ValueError;
            fn try_from(text: String) -> Result<Self, ValueError> {
                Self::new(text)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = ValueError;
            fn try_from(text: &str) -> Result<Self, ValueError> {
                Self::new(text)
            }
        }

        impl FromStr for $name {
            type Err = ValueError;
            fn from_str(text: &str) -> Result<Self, ValueError> {
                Self::new(text)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal, $what:literal) => {
        $(#[$doc])*
        ///
        #[doc = concat!("Written `", $prefix, "` followed by lower-case letters and digits in groups joined by single hyphens.")]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The prefix every id of this kind starts with.
            pub const PREFIX: &'static str = $prefix;

            /// Checks `text` against the id grammar and wraps it.
            pub fn new(text: impl Into<String>) -> Result<Self, ValueError> {
                let text = text.into();
                if id_is_well_formed(Self::PREFIX, &text) {
                    Ok($name(text))
                } else {
                    Err(ValueError::Id {
                        what: $what,
                        prefix: Self::PREFIX,
                        text,
                    })
                }
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        text_conversions!($name);

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn inline_schema() -> bool {
                true
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "string",
                    "pattern": id_pattern($prefix),
                    "maxLength": MAX_ID_LEN,
                })
            }
        }
    };
}

id_type!(
    /// Id of a row of `sources`.
    SourceId, "src-", "source id"
);
id_type!(
    /// Id of a row of `organizations`.
    OrganizationId, "org-", "organization id"
);
id_type!(
    /// Id of a row of `officials`.
    OfficialId, "off-", "official id"
);
id_type!(
    /// Id of a row of `positions`.
    PositionId, "pos-", "position id"
);
id_type!(
    /// Id of a row of `exhibitions`.
    ExhibitionId, "exh-", "exhibition id"
);
id_type!(
    /// Id of a row of `meetings`.
    MeetingId, "mtg-", "meeting id"
);
id_type!(
    /// Id of a row of `meeting_topics`.
    MeetingTopicId, "top-", "meeting topic id"
);
id_type!(
    /// Id of a row of `delegations`.
    DelegationId, "del-", "delegation id"
);
id_type!(
    /// Id of a row of `delegation_members`.
    DelegationMemberId, "dm-", "delegation member id"
);
id_type!(
    /// Id of a row of `participant_groups`.
    ParticipantGroupId, "grp-", "participant group id"
);
id_type!(
    /// Id of a row of `agreements`.
    AgreementId, "agr-", "agreement id"
);
id_type!(
    /// Id of a row of `agreement_signings`.
    AgreementSigningId, "sig-", "agreement signing id"
);
id_type!(
    /// Id of a row of `agreement_parties`.
    AgreementPartyId, "pty-", "agreement party id"
);

id_type!(
    /// Id of a row of `citations`.
    RecordCitationId, "cit-", "citation id"
);
id_type!(
    /// Id of a row of `identifiers`.
    IdentifierId, "xid-", "identifier id"
);
id_type!(
    /// Id of a row of `name_variants`.
    NameVariantId, "nam-", "name variant id"
);

/// Non-empty text. Whitespace and Unicode normalization are checked by the rules
/// (`text.whitespace`, `text.not-nfc`), not by the type, so that a report can say exactly
/// what is wrong instead of refusing the value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Text(String);

impl Text {
    /// Wraps `text`, refusing the empty string.
    pub fn new(text: impl Into<String>) -> Result<Self, ValueError> {
        let text = text.into();
        if text.is_empty() {
            Err(ValueError::EmptyText)
        } else {
            Ok(Text(text))
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<Text> for String {
    fn from(text: Text) -> String {
        text.0
    }
}

text_conversions!(Text);

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "minLength": 1 })
    }
}

/// The pattern of a date's year in its JSON Schema: four digits, not `0000`.
pub const DATE_YEAR_PATTERN: &str =
    "^(?:[0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})-";

/// A calendar date written `YYYY-MM-DD` (RFC 3339 `full-date`), such as `2024-09-24`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date(chrono::NaiveDate);

impl Date {
    /// Parses exactly `YYYY-MM-DD`, refusing impossible days such as `2024-02-30` and year
    /// `0000`.
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let b = text.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 10
            || b[4] != b'-'
            || b[7] != b'-'
            || !digits(0..4)
            || !digits(5..7)
            || !digits(8..10)
        {
            return Err(ValueError::DateFormat { text: text.into() });
        }
        let num = |r: std::ops::Range<usize>| text[r].parse::<u32>().unwrap_or(0);
        // Year 0 is no year of the calendar (the Table Schema's `date` type refuses it too).
        (num(0..4) >= 1)
            .then(|| chrono::NaiveDate::from_ymd_opt(num(0..4) as i32, num(5..7), num(8..10)))
            .flatten()
            .map(Date)
            .ok_or_else(|| ValueError::NoSuchDay { text: text.into() })
    }

    /// The day `year`-`month`-`day`, refusing impossible days and years outside 0 to 9999 (which
    /// `YYYY-MM-DD` cannot write).
    ///
    /// ```
    /// use defcoop::model::Date;
    ///
    /// assert_eq!(Date::from_ymd(2024, 9, 24)?.to_string(), "2024-09-24");
    /// assert!(Date::from_ymd(2024, 2, 30).is_err());
    /// # Ok::<(), defcoop::model::ValueError>(())
    /// ```
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Result<Self, ValueError> {
        if !(0..=9999).contains(&year) || month > 99 || day > 99 {
            return Err(ValueError::DateFormat {
                text: format!("{year}-{month}-{day}"),
            });
        }
        Self::parse(&format!("{year:04}-{month:02}-{day:02}"))
    }

    /// The date as a [`chrono::NaiveDate`].
    pub fn naive(self) -> chrono::NaiveDate {
        self.0
    }

    pub(crate) fn from_naive(date: chrono::NaiveDate) -> Self {
        Date(date)
    }
}

impl TryFrom<String> for Date {
    type Error = ValueError;
    fn try_from(text: String) -> Result<Self, ValueError> {
        Self::parse(&text)
    }
}

impl TryFrom<&str> for Date {
    type Error = ValueError;
    fn try_from(text: &str) -> Result<Self, ValueError> {
        Self::parse(text)
    }
}

impl FromStr for Date {
    type Err = ValueError;
    fn from_str(text: &str) -> Result<Self, ValueError> {
        Self::parse(text)
    }
}

impl From<Date> for String {
    fn from(date: Date) -> String {
        date.to_string()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        // The format `date` (RFC 3339) takes year 0000; the pattern refuses it, as the
        // Table Schema's `date` type does.
        json_schema!({ "type": "string", "format": "date", "pattern": DATE_YEAR_PATTERN })
    }
}

/// Whether `code` is in ISO 3166-1 alpha-2: a lookup in a table of the 26 × 26 two-letter codes,
/// built once from `rust_iso3166` (a scan of its list costs hundreds of comparisons per code).
fn is_alpha2(code: &str) -> bool {
    static CODES: std::sync::OnceLock<[bool; 26 * 26]> = std::sync::OnceLock::new();
    let index = |code: &str| match code.as_bytes() {
        [a @ b'A'..=b'Z', b @ b'A'..=b'Z'] => Some((a - b'A') as usize * 26 + (b - b'A') as usize),
        _ => None,
    };
    let codes = CODES.get_or_init(|| {
        let mut codes = [false; 26 * 26];
        for c in rust_iso3166::ALL_ALPHA2 {
            if let Some(slot) = index(c).and_then(|i| codes.get_mut(i)) {
                *slot = true;
            }
        }
        codes
    });
    index(code)
        .and_then(|i| codes.get(i))
        .copied()
        .unwrap_or(false)
}

/// An ISO 3166-1 alpha-2 country code such as `AZ` or `TR`, checked against the
/// maintained tables of the `rust_iso3166` crate.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode(String);

impl CountryCode {
    /// Checks `code` against ISO 3166-1 alpha-2.
    pub fn new(code: impl Into<String>) -> Result<Self, ValueError> {
        let code = code.into();
        if is_alpha2(&code) {
            Ok(CountryCode(code))
        } else {
            Err(ValueError::CountryCode { text: code })
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The English short name of the country, from ISO 3166-1.
    pub fn name(&self) -> &'static str {
        rust_iso3166::from_alpha2(&self.0)
            .map(|c| c.name)
            .unwrap_or("")
    }
}

impl From<CountryCode> for String {
    fn from(code: CountryCode) -> String {
        code.0
    }
}

text_conversions!(CountryCode);

impl JsonSchema for CountryCode {
    fn schema_name() -> Cow<'static, str> {
        "CountryCode".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let mut codes = rust_iso3166::ALL_ALPHA2.to_vec();
        codes.sort_unstable();
        json_schema!({ "type": "string", "enum": codes })
    }
}

/// A SHA-256 digest written as 64 lower-case hexadecimal digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Sha256(String);

impl Sha256 {
    /// Checks that `hex` is 64 lower-case hexadecimal digits.
    pub fn new(hex: impl Into<String>) -> Result<Self, ValueError> {
        let hex = hex.into();
        if hex.len() == 64
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            Ok(Sha256(hex))
        } else {
            Err(ValueError::Sha256 { text: hex })
        }
    }

    /// The digest as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<Sha256> for String {
    fn from(hex: Sha256) -> String {
        hex.0
    }
}

text_conversions!(Sha256);

impl JsonSchema for Sha256 {
    fn schema_name() -> Cow<'static, str> {
        "Sha256".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "pattern": "^[0-9a-f]{64}$" })
    }
}

/// A closed vocabulary: an enum whose values are stored as the given words. The one list of
/// words gives the serde form (`#[serde(rename)]`, hence the JSON Schema's `enum`), [`as_str`],
/// [`Display`](fmt::Display) and [`FromStr`], so they cannot drift apart; `ALL` lists the values
/// in declaration order, which is also the order of the derived `Ord`.
macro_rules! vocabulary {
    ($(#[$meta:meta])* pub enum $name:ident ($what:literal) {
        $($(#[$vmeta:meta])* $variant:ident = $text:literal,)*
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant,)*
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The value as stored in the data (CSV cells, JSON), such as `first_deputy_minister`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),*
                }
            }
        }

        impl fmt::Display for $name {
            /// The stored form ([`Self::as_str`]).
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ValueError;
            /// Reads the stored form exactly (case and all).
            fn from_str(text: &str) -> Result<Self, ValueError> {
                match text {
                    $($text => Ok($name::$variant),)*
                    _ => Err(ValueError::Vocabulary {
                        what: $what,
                        text: text.to_owned(),
                        allowed: &[$($text),*],
                    }),
                }
            }
        }

        impl TryFrom<&str> for $name {
            type Error = ValueError;
            fn try_from(text: &str) -> Result<Self, ValueError> {
                text.parse()
            }
        }
    };
}

vocabulary! {
/// On what ground a record (or one of its fields) is asserted.
pub enum Basis ("basis") {
    /// The cited paragraph says it in so many words.
    Stated = "stated",
    /// The cited paragraph implies it without saying it (for example, which side of a
    /// meeting an official sat on).
    Inferred = "inferred",
    /// The cited paragraph says it, and the dataset rewrites it in a standard form (a native
    /// spelling, a normalized title or rank, a corrected typo).
    Normalized = "normalized",
    /// Knowledge from outside the cited source; the record's note should say where from.
    External = "external",
}
}

vocabulary! {
/// How a count is known. Together with the `*_min`, `*_max` and `*_term` fields of a
/// record it forms a [`Quantity`].
pub enum QuantityKind ("count kind") {
    /// The count is known exactly: min and max are both given and equal.
    Exact = "exact",
    /// Only a lower bound is known: min is given, max is not.
    AtLeast = "at_least",
    /// Lower and upper bounds are known: min and max are both given, min not above max.
    Range = "range",
    /// The source uses a vague word ("several", "other"), kept in the term field; min holds the
    /// least number the word implies ("several" implies at least 2), max is usually empty.
    Vague = "vague",
    /// Nothing is known about the count: min, max and term are empty.
    Unknown = "unknown",
}
}

/// Why the flat count fields of a record (`*_kind`, `*_min`, `*_max`, `*_term`) do not make a
/// [`Quantity`]; the rule `quantity.inconsistent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QuantityError {
    /// `exact` without min and max, or with different ones.
    #[error("an exact count needs min and max, both the same number")]
    ExactNeedsEqualBounds,
    /// `at_least` without min, or with a max.
    #[error("an at_least count needs min and no max")]
    AtLeastNeedsMinOnly,
    /// `range` without both bounds.
    #[error("a range needs both min and max")]
    RangeNeedsBounds,
    /// min above max.
    #[error("min is above max")]
    MinAboveMax,
    /// `vague` without its word.
    #[error("a vague count needs the word as reported in its term field")]
    VagueNeedsTerm,
    /// `unknown` with a min, max or term.
    #[error("an unknown count has no min, max or term; choose another kind")]
    UnknownHasValues,
}

/// A count as the source gives it, from exact to vague. This is the typed view of the flat
/// `*_kind`, `*_min`, `*_max` and `*_term` fields that CSV tables can hold.
///
/// It serializes in the same flat form, without the prefix: `{"kind": "vague", "min": 2,
/// "term": "several"}` (absent values left out), and deserializing checks that the parts fit
/// together.
///
/// ```
/// use defcoop::model::{Quantity, QuantityKind, Text};
///
/// let several = Quantity::vague(Text::new("several")?, Some(2), None)?;
/// assert_eq!(serde_json::to_string(&several)?, r#"{"kind":"vague","min":2,"term":"several"}"#);
/// assert_eq!(several.kind(), QuantityKind::Vague);
/// let back: Quantity = serde_json::from_str(r#"{"kind":"range","min":2,"max":5}"#)?;
/// assert_eq!(back, Quantity::Range { min: 2, max: 5 });
/// assert!(serde_json::from_str::<Quantity>(r#"{"kind":"range","min":5,"max":2}"#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "QuantityParts", try_from = "QuantityParts")]
pub enum Quantity {
    /// Exactly this many.
    Exact(u32),
    /// At least this many.
    AtLeast(u32),
    /// Between the two numbers, both included.
    Range {
        /// The least count.
        min: u32,
        /// The greatest count.
        max: u32,
    },
    /// A word such as "several", with the bounds it implies.
    Vague {
        /// The word as reported.
        term: Text,
        /// The least count the word implies, if any.
        min: Option<u32>,
        /// The greatest count the word implies, if any.
        max: Option<u32>,
    },
    /// Nothing is known.
    Unknown,
}

/// The serde form of a [`Quantity`]: its flat parts.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuantityParts {
    kind: QuantityKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    min: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    term: Option<Text>,
}

impl From<Quantity> for QuantityParts {
    fn from(q: Quantity) -> QuantityParts {
        let kind = q.kind();
        let (min, max, term) = q.into_parts();
        QuantityParts {
            kind,
            min,
            max,
            term,
        }
    }
}

impl TryFrom<QuantityParts> for Quantity {
    type Error = QuantityError;
    fn try_from(p: QuantityParts) -> Result<Quantity, QuantityError> {
        Quantity::from_parts(p.kind, p.min, p.max, p.term.as_ref().map(Text::as_str))
    }
}

impl Quantity {
    /// Builds the typed quantity from its flat fields, or says why they do not fit together.
    /// An empty `term` counts as no term.
    pub fn from_parts(
        kind: QuantityKind,
        min: Option<u32>,
        max: Option<u32>,
        term: Option<&str>,
    ) -> Result<Quantity, QuantityError> {
        let term = term.and_then(|t| Text::new(t).ok());
        match (kind, min, max) {
            (QuantityKind::Exact, Some(a), Some(b)) if a == b => Ok(Quantity::Exact(a)),
            (QuantityKind::Exact, _, _) => Err(QuantityError::ExactNeedsEqualBounds),
            (QuantityKind::AtLeast, Some(a), None) => Ok(Quantity::AtLeast(a)),
            (QuantityKind::AtLeast, _, _) => Err(QuantityError::AtLeastNeedsMinOnly),
            (QuantityKind::Range, Some(min), Some(max)) if min <= max => {
                Ok(Quantity::Range { min, max })
            }
            (QuantityKind::Range, Some(_), Some(_)) => Err(QuantityError::MinAboveMax),
            (QuantityKind::Range, _, _) => Err(QuantityError::RangeNeedsBounds),
            (QuantityKind::Vague, min, max) => Quantity::vague_checked(term, min, max),
            (QuantityKind::Unknown, None, None) if term.is_none() => Ok(Quantity::Unknown),
            (QuantityKind::Unknown, _, _) => Err(QuantityError::UnknownHasValues),
        }
    }

    fn vague_checked(
        term: Option<Text>,
        min: Option<u32>,
        max: Option<u32>,
    ) -> Result<Quantity, QuantityError> {
        match term {
            None => Err(QuantityError::VagueNeedsTerm),
            Some(_) if matches!((min, max), (Some(a), Some(b)) if a > b) => {
                Err(QuantityError::MinAboveMax)
            }
            Some(term) => Ok(Quantity::Vague { term, min, max }),
        }
    }

    /// A range `min..=max`, refusing min above max.
    pub fn range(min: u32, max: u32) -> Result<Quantity, QuantityError> {
        Quantity::from_parts(QuantityKind::Range, Some(min), Some(max), None)
    }

    /// A vague count: the word as reported and the bounds it implies, refusing min above max.
    pub fn vague(
        term: Text,
        min: Option<u32>,
        max: Option<u32>,
    ) -> Result<Quantity, QuantityError> {
        Quantity::vague_checked(Some(term), min, max)
    }

    /// How the count is known: the `*_kind` field.
    pub fn kind(&self) -> QuantityKind {
        match self {
            Quantity::Exact(_) => QuantityKind::Exact,
            Quantity::AtLeast(_) => QuantityKind::AtLeast,
            Quantity::Range { .. } => QuantityKind::Range,
            Quantity::Vague { .. } => QuantityKind::Vague,
            Quantity::Unknown => QuantityKind::Unknown,
        }
    }

    /// The flat `*_min`, `*_max` and `*_term` fields of this quantity (its kind is
    /// [`Quantity::kind`]).
    pub fn into_parts(self) -> (Option<u32>, Option<u32>, Option<Text>) {
        match self {
            Quantity::Exact(n) => (Some(n), Some(n), None),
            Quantity::AtLeast(n) => (Some(n), None, None),
            Quantity::Range { min, max } => (Some(min), Some(max), None),
            Quantity::Vague { term, min, max } => (min, max, Some(term)),
            Quantity::Unknown => (None, None, None),
        }
    }

    /// The least count this quantity implies (0 when nothing is known).
    pub fn least(&self) -> u32 {
        match self {
            Quantity::Exact(n) | Quantity::AtLeast(n) => *n,
            Quantity::Range { min, .. } => *min,
            Quantity::Vague { min, .. } => min.unwrap_or(0),
            Quantity::Unknown => 0,
        }
    }
}

vocabulary! {
/// What kind of document a source is.
#[non_exhaustive]
pub enum SourceKind ("source kind") {
    /// A news article, in print or online.
    Article = "article",
    /// A press release or statement of a ministry, company or other body.
    PressRelease = "press_release",
    /// An official document: a gazette, a treaty text, a decree, a parliamentary record.
    OfficialDocument = "official_document",
    /// A dataset: a table or database of records, cited by its rows.
    Dataset = "dataset",
    /// A web page that is none of the above, such as an organization's own page.
    WebPage = "web_page",
    /// A book or a chapter of one.
    Book = "book",
    /// A report of a research institute, an international organization or a government.
    Report = "report",
    /// Any other kind of document.
    Other = "other",
}
}

vocabulary! {
/// What kind of body an organization is.
#[non_exhaustive]
pub enum OrganizationKind ("organization kind") {
    /// A state as a whole, or its government.
    Government = "government",
    /// A ministry, such as a ministry of defense.
    Ministry = "ministry",
    /// A general staff, the military command of the armed forces.
    GeneralStaff = "general_staff",
    /// The armed forces of a state as a whole.
    ArmedForces = "armed_forces",
    /// A service branch: land forces, navy, air force.
    ServiceBranch = "service_branch",
    /// A government agency, such as a defense-industry secretariat.
    Agency = "agency",
    /// An embassy or other diplomatic mission.
    Embassy = "embassy",
    /// A company.
    Company = "company",
    /// The office of a head of state, such as a presidential administration.
    HeadOfStateOffice = "head_of_state_office",
    /// A parliament or one of its chambers or committees.
    Legislature = "legislature",
    /// A political party.
    PoliticalParty = "political_party",
    /// An organization of states, such as NATO, the CSTO or the United Nations.
    InternationalOrganization = "international_organization",
    /// An exhibition organizer or other body that fits none of the above.
    Other = "other",
}
}

vocabulary! {
/// The normalized role of a post, whatever its title as reported.
#[non_exhaustive]
pub enum Role ("role") {
    /// Head of a ministry.
    Minister = "minister",
    /// First deputy of a minister.
    FirstDeputyMinister = "first_deputy_minister",
    /// Deputy of a minister.
    DeputyMinister = "deputy_minister",
    /// Head of a general staff.
    ChiefOfGeneralStaff = "chief_of_general_staff",
    /// Commander of a service branch.
    Commander = "commander",
    /// Head of a directorate inside a ministry.
    DirectorGeneral = "director_general",
    /// Adviser to an office holder.
    Advisor = "advisor",
    /// Head of a diplomatic mission.
    Ambassador = "ambassador",
    /// Head of an agency, such as a defense-industry secretariat.
    AgencyHead = "agency_head",
    /// Head of a company.
    CompanyHead = "company_head",
    /// Head of state: a president or monarch.
    HeadOfState = "head_of_state",
    /// Head of government: a prime minister or premier.
    HeadOfGovernment = "head_of_government",
    /// A member of a legislature.
    Legislator = "legislator",
    /// Chair of a body: a legislature, a committee, a party.
    Chair = "chair",
    /// Head of the secretariat of an international organization, such as NATO's.
    SecretaryGeneral = "secretary_general",
    /// A military attaché at a diplomatic mission.
    DefenseAttache = "defense_attache",
    /// A post that fits none of the above; the title as reported says what it is.
    Other = "other",
}
}

vocabulary! {
/// A service of the armed forces, used to key a rank to its NATO code.
#[non_exhaustive]
pub enum Service ("service") {
    /// Land forces (army).
    Army = "army",
    /// Naval forces.
    Navy = "navy",
    /// Air forces.
    AirForce = "air_force",
    /// A rank of the armed forces as a whole, or of a general staff.
    Joint = "joint",
}
}

vocabulary! {
/// A NATO rank code (STANAG 2116): OF for officers, OR for other ranks.
#[non_exhaustive]
pub enum NatoRank ("NATO rank") {
    /// Officer grade 1 (second lieutenant, lieutenant).
    Of1 = "OF-1",
    /// Officer grade 2 (captain).
    Of2 = "OF-2",
    /// Officer grade 3 (major).
    Of3 = "OF-3",
    /// Officer grade 4 (lieutenant colonel).
    Of4 = "OF-4",
    /// Officer grade 5 (colonel).
    Of5 = "OF-5",
    /// Officer grade 6 (brigadier general).
    Of6 = "OF-6",
    /// Officer grade 7 (major general).
    Of7 = "OF-7",
    /// Officer grade 8 (lieutenant general).
    Of8 = "OF-8",
    /// Officer grade 9 (general, admiral).
    Of9 = "OF-9",
    /// Officer grade 10 (field marshal), rarely held.
    Of10 = "OF-10",
    /// Other ranks, grades 1 to 4 (privates and junior enlisted).
    Or1To4 = "OR-1-4",
    /// Other ranks, grades 5 to 9 (non-commissioned officers).
    Or5To9 = "OR-5-9",
}
}

vocabulary! {
/// What a meeting was.
#[non_exhaustive]
pub enum MeetingKind ("meeting kind") {
    /// Two principals meet, with few or no others (CAMEO 040, consult).
    Bilateral = "bilateral",
    /// Two principals meet with their deputies, commanders and advisers (CAMEO 040).
    Expanded = "expanded",
    /// An official receives a visiting delegation (CAMEO 043, host a visit).
    Delegation = "delegation",
    /// Any other kind of meeting.
    Other = "other",
}
}

vocabulary! {
/// A field of cooperation, for meeting topics and agreements.
#[non_exhaustive]
pub enum Domain ("domain") {
    /// Military cooperation in general.
    Military = "military",
    /// Military-technical cooperation: arms, equipment, defense industry.
    MilitaryTechnical = "military_technical",
    /// Military education and training.
    MilitaryEducational = "military_educational",
    /// Military medicine.
    MilitaryMedical = "military_medical",
    /// Joint production and technology in the defense industry.
    DefenseIndustry = "defense_industry",
    /// Bilateral relations as a whole.
    BilateralRelations = "bilateral_relations",
    /// Regional security.
    RegionalSecurity = "regional_security",
    /// Anything else; the text as reported says what.
    Other = "other",
}
}

vocabulary! {
/// The role of an official in a delegation.
pub enum MemberRole ("member role") {
    /// Leads the delegation; every delegation has exactly one.
    Head = "head",
    /// Any other member.
    Member = "member",
}
}

vocabulary! {
/// What kind of instrument an agreement is.
#[non_exhaustive]
pub enum AgreementKind ("agreement kind") {
    /// An agreement or treaty between states or governments.
    Agreement = "agreement",
    /// A contract, typically for goods or services.
    Contract = "contract",
    /// A memorandum of understanding.
    Memorandum = "memorandum",
    /// A protocol to an earlier agreement.
    Protocol = "protocol",
    /// Any other instrument.
    Other = "other",
}
}

pub(crate) use vocabulary;
