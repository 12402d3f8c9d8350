//! Value types shared by the tables: typed ids, text, dates, country codes, digests,
//! the basis of a statement, quantities and the closed vocabularies (enums).

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

/// Why a value was refused by one of the value types of this module.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what}: {why}")]
pub struct ValueError {
    /// The kind of value that was expected, such as "official id" or "date".
    pub what: &'static str,
    /// What is wrong with the given text, in words a person can act on.
    pub why: String,
}

impl ValueError {
    fn new(what: &'static str, why: impl Into<String>) -> Self {
        ValueError {
            what,
            why: why.into(),
        }
    }
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
                    Err(ValueError::new(
                        $what,
                        format!(
                            "{text:?} does not match {} (prefix `{}`, then lower-case letters and digits joined by single hyphens, at most {} bytes)",
                            id_pattern(Self::PREFIX), Self::PREFIX, MAX_ID_LEN
                        ),
                    ))
                }
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = ValueError;
            fn try_from(text: String) -> Result<Self, ValueError> {
                Self::new(text)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

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
            Err(ValueError::new(
                "text",
                "the value is empty; leave an optional field out (or its cell blank) instead",
            ))
        } else {
            Ok(Text(text))
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Text {
    type Error = ValueError;
    fn try_from(text: String) -> Result<Self, ValueError> {
        Self::new(text)
    }
}

impl From<Text> for String {
    fn from(text: Text) -> String {
        text.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

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
            return Err(ValueError::new(
                "date",
                format!("{text:?} is not written YYYY-MM-DD"),
            ));
        }
        let num = |r: std::ops::Range<usize>| text[r].parse::<u32>().unwrap_or(0);
        // Year 0 is no year of the calendar (the Table Schema's `date` type refuses it too).
        (num(0..4) >= 1)
            .then(|| chrono::NaiveDate::from_ymd_opt(num(0..4) as i32, num(5..7), num(8..10)))
            .flatten()
            .map(Date)
            .ok_or_else(|| {
                ValueError::new("date", format!("{text:?} is not a day of the calendar"))
            })
    }

    /// The date as a [`chrono::NaiveDate`].
    pub fn naive(self) -> chrono::NaiveDate {
        self.0
    }
}

impl TryFrom<String> for Date {
    type Error = ValueError;
    fn try_from(text: String) -> Result<Self, ValueError> {
        Self::parse(&text)
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
            Err(ValueError::new(
                "country code",
                format!(
                    "{code:?} is not an ISO 3166-1 alpha-2 code (two capital letters, such as AZ or TR)"
                ),
            ))
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

impl TryFrom<String> for CountryCode {
    type Error = ValueError;
    fn try_from(code: String) -> Result<Self, ValueError> {
        Self::new(code)
    }
}

impl From<CountryCode> for String {
    fn from(code: CountryCode) -> String {
        code.0
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

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
            Err(ValueError::new(
                "sha256",
                format!("{hex:?} is not 64 lower-case hexadecimal digits"),
            ))
        }
    }

    /// The digest as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Sha256 {
    type Error = ValueError;
    fn try_from(hex: String) -> Result<Self, ValueError> {
        Self::new(hex)
    }
}

impl From<Sha256> for String {
    fn from(hex: Sha256) -> String {
        hex.0
    }
}

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

/// On what ground a record (or one of its fields) is asserted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The cited paragraph says it in so many words.
    Stated,
    /// The cited paragraph implies it without saying it (for example, which side of a
    /// meeting an official sat on).
    Inferred,
    /// The cited paragraph says it, and the dataset rewrites it in a standard form (a native
    /// spelling, a normalized title or rank, a corrected typo).
    Normalized,
    /// Knowledge from outside the cited source; the record's note should say where from.
    External,
}

/// How a count is known. Together with the `*_min`, `*_max` and `*_term` fields of a
/// record it forms a [`Quantity`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuantityKind {
    /// The count is known exactly: min and max are both given and equal.
    Exact,
    /// Only a lower bound is known: min is given, max is not.
    AtLeast,
    /// Lower and upper bounds are known: min and max are both given, min not above max.
    Range,
    /// The source uses a vague word ("several", "other"), kept in the term field; min holds the
    /// least number the word implies ("several" implies at least 2), max is usually empty.
    Vague,
    /// Nothing is known about the count: min, max and term are empty.
    Unknown,
}

/// A count as the source gives it, from exact to vague. This is the typed view of the flat
/// `*_kind`, `*_min`, `*_max` and `*_term` fields that CSV tables can hold.
#[derive(Debug, Clone, PartialEq, Eq)]
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
        term: String,
        /// The least count the word implies, if any.
        min: Option<u32>,
        /// The greatest count the word implies, if any.
        max: Option<u32>,
    },
    /// Nothing is known.
    Unknown,
}

impl Quantity {
    /// Builds the typed quantity from its flat fields, or says why they do not fit together.
    pub fn from_parts(
        kind: QuantityKind,
        min: Option<u32>,
        max: Option<u32>,
        term: Option<&str>,
    ) -> Result<Quantity, String> {
        match (kind, min, max) {
            (QuantityKind::Exact, Some(a), Some(b)) if a == b => Ok(Quantity::Exact(a)),
            (QuantityKind::Exact, _, _) => {
                Err("an exact count needs min and max, both the same number".into())
            }
            (QuantityKind::AtLeast, Some(a), None) => Ok(Quantity::AtLeast(a)),
            (QuantityKind::AtLeast, _, _) => Err("an at_least count needs min and no max".into()),
            (QuantityKind::Range, Some(min), Some(max)) if min <= max => {
                Ok(Quantity::Range { min, max })
            }
            (QuantityKind::Range, Some(_), Some(_)) => Err("min is above max".into()),
            (QuantityKind::Range, _, _) => Err("a range needs both min and max".into()),
            (QuantityKind::Vague, min, max) => match term {
                None => Err("a vague count needs the word as reported in its term field".into()),
                Some(_) if matches!((min, max), (Some(a), Some(b)) if a > b) => {
                    Err("min is above max".into())
                }
                Some(term) => Ok(Quantity::Vague {
                    term: term.to_owned(),
                    min,
                    max,
                }),
            },
            (QuantityKind::Unknown, None, None) if term.is_none() => Ok(Quantity::Unknown),
            (QuantityKind::Unknown, _, _) => {
                Err("an unknown count has no min, max or term; choose another kind".into())
            }
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

/// What kind of body an organization is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrganizationKind {
    /// A state as a whole, or its government.
    Government,
    /// A ministry, such as a ministry of defense.
    Ministry,
    /// A general staff, the military command of the armed forces.
    GeneralStaff,
    /// The armed forces of a state as a whole.
    ArmedForces,
    /// A service branch: land forces, navy, air force.
    ServiceBranch,
    /// A government agency, such as a defense-industry secretariat.
    Agency,
    /// An embassy or other diplomatic mission.
    Embassy,
    /// A company.
    Company,
    /// An exhibition organizer or other body that fits none of the above.
    Other,
}

/// The normalized role of a post, whatever its title as reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Head of a ministry.
    Minister,
    /// First deputy of a minister.
    FirstDeputyMinister,
    /// Deputy of a minister.
    DeputyMinister,
    /// Head of a general staff.
    ChiefOfGeneralStaff,
    /// Commander of a service branch.
    Commander,
    /// Head of a directorate inside a ministry.
    DirectorGeneral,
    /// Adviser to an office holder.
    Advisor,
    /// Head of a diplomatic mission.
    Ambassador,
    /// Head of an agency, such as a defense-industry secretariat.
    AgencyHead,
    /// Head of a company.
    CompanyHead,
    /// A post that fits none of the above; the title as reported says what it is.
    Other,
}

/// A service of the armed forces, used to key a rank to its NATO code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    /// Land forces (army).
    Army,
    /// Naval forces.
    Navy,
    /// Air forces.
    AirForce,
    /// A rank of the armed forces as a whole, or of a general staff.
    Joint,
}

/// A NATO rank code (STANAG 2116): OF for officers, OR for other ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum NatoRank {
    /// Officer grade 1 (second lieutenant, lieutenant).
    #[serde(rename = "OF-1")]
    Of1,
    /// Officer grade 2 (captain).
    #[serde(rename = "OF-2")]
    Of2,
    /// Officer grade 3 (major).
    #[serde(rename = "OF-3")]
    Of3,
    /// Officer grade 4 (lieutenant colonel).
    #[serde(rename = "OF-4")]
    Of4,
    /// Officer grade 5 (colonel).
    #[serde(rename = "OF-5")]
    Of5,
    /// Officer grade 6 (brigadier general).
    #[serde(rename = "OF-6")]
    Of6,
    /// Officer grade 7 (major general).
    #[serde(rename = "OF-7")]
    Of7,
    /// Officer grade 8 (lieutenant general).
    #[serde(rename = "OF-8")]
    Of8,
    /// Officer grade 9 (general, admiral).
    #[serde(rename = "OF-9")]
    Of9,
    /// Officer grade 10 (field marshal), rarely held.
    #[serde(rename = "OF-10")]
    Of10,
    /// Other ranks, grades 1 to 4 (privates and junior enlisted).
    #[serde(rename = "OR-1-4")]
    Or1To4,
    /// Other ranks, grades 5 to 9 (non-commissioned officers).
    #[serde(rename = "OR-5-9")]
    Or5To9,
}

/// What a meeting was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    /// Two principals meet, with few or no others (CAMEO 040, consult).
    Bilateral,
    /// Two principals meet with their deputies, commanders and advisers (CAMEO 040).
    Expanded,
    /// An official receives a visiting delegation (CAMEO 043, host a visit).
    Delegation,
    /// Any other kind of meeting.
    Other,
}

/// A field of cooperation, for meeting topics and agreements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Domain {
    /// Military cooperation in general.
    Military,
    /// Military-technical cooperation: arms, equipment, defense industry.
    MilitaryTechnical,
    /// Military education and training.
    MilitaryEducational,
    /// Military medicine.
    MilitaryMedical,
    /// Joint production and technology in the defense industry.
    DefenseIndustry,
    /// Bilateral relations as a whole.
    BilateralRelations,
    /// Regional security.
    RegionalSecurity,
    /// Anything else; the text as reported says what.
    Other,
}

/// The role of an official in a delegation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    /// Leads the delegation; every delegation has exactly one.
    Head,
    /// Any other member.
    Member,
}

/// What kind of instrument an agreement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgreementKind {
    /// An agreement or treaty between states or governments.
    Agreement,
    /// A contract, typically for goods or services.
    Contract,
    /// A memorandum of understanding.
    Memorandum,
    /// A protocol to an earlier agreement.
    Protocol,
    /// Any other instrument.
    Other,
}
