//! The catalogue of findings: every problem the validator can report has a stable code, a
//! severity and a meaning here. The validator, the reports and the generated docs all read this
//! one list, so a code cannot exist in one place and be missing from another.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::Table;

/// How bad a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// The data is wrong; the package is invalid.
    Error,
    /// The data is suspicious or incomplete; the package is still valid unless warnings are denied.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// At which stage a rule is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Stage {
    /// Reading a file: encoding, CSV or JSON structure, headers, limits, paths.
    File,
    /// One record on its own: the JSON Schema of its table and the typed checks.
    Record,
    /// Records together: keys, references and cross-record rules.
    Package,
}

/// One rule of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// Stable code, such as `key.unresolved`; never reused for another meaning.
    pub code: &'static str,
    /// Severity of a finding under this code.
    pub severity: Severity,
    /// When it is checked.
    pub stage: Stage,
    /// Tables the rule applies to; empty when it applies to every table.
    #[serde(serialize_with = "table_names")]
    pub tables: &'static [Table],
    /// What the rule requires, in one sentence.
    pub meaning: &'static str,
}

fn table_names<S: serde::Serializer>(tables: &&[Table], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(tables.iter().map(|t| t.name()))
}

macro_rules! rules {
    ($($code:literal, $sev:ident, $stage:ident, [$($t:ident),*], $meaning:literal;)*) => {
        /// Every rule, grouped by stage.
        pub const RULES: &[Rule] = &[$(Rule {
            code: $code,
            severity: Severity::$sev,
            stage: Stage::$stage,
            tables: &[$(Table::$t),*],
            meaning: $meaning,
        }),*];
    };
}

rules! {
    "file.encoding", Error, File, [], "A file is UTF-8 text (a byte-order mark is allowed); UTF-16 and other encodings are refused.";
    "file.empty", Error, File, [], "A file holds at least a header (CSV) or a value (JSON).";
    "file.nul-byte", Error, File, [], "A text file holds no NUL bytes.";
    "file.duplicate-resource", Error, File, [], "A descriptor lists each file and each table once.";
    "file.unknown-table", Error, File, [], "The table of a file is known: from its resource name, its file name, or `--table`.";
    "csv.syntax", Error, File, [], "A CSV file is well formed: quotes are balanced.";
    "csv.ragged-row", Error, File, [], "Every CSV row has as many cells as the header.";
    "csv.header-missing", Error, File, [], "A CSV header names every required field of its table.";
    "csv.header-unknown", Error, File, [], "A CSV header names only fields of its table.";
    "csv.header-duplicate", Error, File, [], "A CSV header names each field once.";
    "csv.header-only", Warning, File, [], "A CSV file given on its own has records under its header (a package's table may be empty).";
    "json.syntax", Error, File, [], "A JSON or JSON Lines file is well formed.";
    "json.shape", Error, File, [], "A JSON file is one dataset object, or an array of one table's records; a JSON Lines line is one record object.";
    "json.duplicate-key", Error, File, [], "A JSON object names each key once.";
    "limit.depth", Error, File, [], "JSON nesting stays within the depth limit.";
    "limit.cell-size", Error, File, [], "A cell or JSON string stays within the size limit.";
    "limit.line-size", Error, File, [], "A line or record stays within the size limit.";
    "limit.columns", Error, File, [], "A CSV header stays within the column limit.";
    "limit.findings", Warning, File, [], "The report lists at most --max-findings entries; past it, this notice takes the last place (it is not counted among the warnings) and more problems exist.";
    "schema.required", Error, Record, [], "A required field is present and not empty.";
    "schema.type", Error, Record, [], "A field holds a value of its type (text, whole number, true/false).";
    "schema.pattern", Error, Record, [], "An id or digest matches its pattern.";
    "schema.enum", Error, Record, [], "A coded field holds one of its listed values.";
    "schema.format", Error, Record, [], "A date is a year, a month or a real calendar day: YYYY, YYYY-MM or YYYY-MM-DD.";
    "schema.range", Error, Record, [], "A number lies within its bounds (paragraphs and editions start at 1).";
    "schema.length", Error, Record, [], "A text is not empty, and an id not longer than its limit.";
    "schema.unknown-field", Error, Record, [], "A record has only the fields of its table.";
    "schema.other", Error, Record, [], "A record satisfies its table's JSON Schema.";
    "text.whitespace", Error, Record, [], "Text has no leading, trailing or doubled spaces (no-break spaces included), and no line breaks (U+2028, U+2029 and NEL included) or tabs.";
    "text.not-nfc", Error, Record, [], "Text is in Unicode normalization form C (NFC).";
    "text.invisible", Warning, Record, [], "Text holds no zero-width or other invisible formatting characters.";
    "quantity.inconsistent", Error, Record, [ParticipantGroups, Agreements], "A count's kind, min, max and term fit together: min not above max, exact has min = max, vague has a term.";
    "date.order", Error, Record, [Positions, Exhibitions], "An end date is not certainly before its start date, nor a position's before its as-of date (dates known in part are compared as intervals).";
    "basis.missing", Error, Record, [Officials, Positions], "A nationality or a normalized rank says on what basis it is asserted.";
    "rank.nato-mismatch", Error, Record, [Positions], "A NATO rank code agrees with the reference table for its country, service and native term, the term compared in lower case, NFC, hyphens and spaces alike (for example, Azerbaijan's general-leytenant is OF-7, Türkiye's Korgeneral OF-8).";
    "rank.unkeyed", Warning, Record, [Positions], "A NATO rank code is given with its country, service and native term, since labels do not translate; unless every reading of the reported label gives that code (Colonel General: OF-8 in Azerbaijan and Türkiye alike).";
    "key.duplicate", Error, Package, [], "Ids are unique within a table.";
    "key.unresolved", Error, Package, [], "Every reference names an existing row of the referenced table.";
    "delegation.head", Error, Package, [Delegations, DelegationMembers], "A delegation has exactly one head member, and it is the delegation's head official.";
    "meeting.outside-exhibition", Error, Package, [Meetings], "A meeting held within an exhibition is not certainly outside the exhibition's dates, when both are known (dates known in part are compared as intervals).";
    "agreement.before-meeting", Error, Package, [Agreements, AgreementSignings], "An agreement signed at a meeting is not certainly dated before that meeting (an agreement of `2024` may be signed at a meeting on 2024-09-24; one of `2023` cannot).";
    "citation.paragraph", Error, Package, [], "A cited paragraph exists in the cited source.";
    "agreement.party-empty", Error, Record, [AgreementParties], "An agreement party names a country, an organization, or both.";
    "agreement.signed-twice", Error, Package, [AgreementSignings], "An agreement is signed at most once at one meeting.";
    "delegation.other-meeting", Error, Package, [ParticipantGroups], "A participant group's delegation belongs to the group's meeting.";
    "delegation.head-both-sides", Error, Package, [Delegations], "One official heads at most one side of a meeting.";
    "delegation.member-twice", Error, Package, [DelegationMembers], "An official is listed once in a delegation.";
    "organization.parent-cycle", Error, Package, [Organizations], "An organization is not its own parent, directly or through a cycle of parents.";
    "meeting.follows-cycle", Error, Package, [Meetings], "A meeting does not follow itself, directly or through a cycle of `follows_id`.";
    "meeting.follows-later", Error, Package, [Meetings], "A meeting does not follow a meeting dated after it, when both dates are known.";
    "text.control", Error, Record, [], "Text holds no control character (NUL and the other C0 and C1 controls; tabs and line breaks are text.whitespace).";
    "text.empty", Error, Record, [], "Text holds a visible character: text made only of invisible or filler characters is empty.";
    "text.url", Error, Record, [Sources], "A URL is an absolute http or https URL.";
    "rank.service-mismatch", Error, Record, [Positions], "A native rank term belongs to the service given, by the reference table of its country (Türkiye's Oramiral is a navy rank, not an army one).";
    "rank.unknown-term", Warning, Record, [Positions], "A native rank term of a country that has a reference table is in it (terms compared in lower case, NFC, hyphens and spaces alike).";
    "date.after-source", Warning, Package, [Positions, Exhibitions, Meetings, Agreements], "A meeting, an exhibition's start, a position's as-of date or a signing is not dated after the publication of its source (a warning: a source may announce what is planned).";
    "file.missing-table", Error, File, [], "A package's descriptor lists every table its tables refer to (else their references could not be checked).";
    "file.no-records", Warning, File, [], "A JSON file holds at least one record (as a CSV file has records under its header, see csv.header-only).";
    "language.tag", Warning, Record, [Sources, NameVariants], "A language is a well-formed BCP 47 tag in canonical case (`en`, `az-Latn`); a name such as `English` gets the tag to use. A warning, so v1 files stay valid.";
    "csv.delimiter", Error, File, [], "A CSV file is separated by commas; a file separated by semicolons, tabs or vertical bars (a spreadsheet export in some locales) gets this one finding, and its table counts as not given (references into it are not checked).";
    "csv.empty-row", Error, Record, [], "A CSV row holds at least one value: a row of empty cells (`,,,,`) is one finding, not one per required field. A line with nothing on it is skipped.";
    "citation.place", Error, Record, [], "A record that cites a source says where in it: a `paragraph`, a `locator` (`page 12`, `section 3.2`, `row DCAD-0412`, `#fragment`), or both (an identifier may be its own place).";
    "citation.locator", Error, Package, [], "A cited place fits its source: a `row` only in a source of kind `dataset` (when the kind is given), a paragraph never in a dataset.";
    "citation.uncounted", Warning, Package, [], "A paragraph is cited only in a source that gives its number of `paragraphs`, so the citation can be checked (a warning: the paragraph may well exist).";
    "identifier.format", Error, Record, [Identifiers], "An external identifier has the shape of its scheme: Wikidata `Q` and digits, an LEI with its ISO 7064 check digits, an ISNI with its check character, a VIAF number, an OpenSanctions id, a dataset's record id without white space.";
    "identifier.source", Error, Record, [Identifiers], "An identifier of the scheme `dataset` names the dataset it is a record id of (`source_id`).";
    "identifier.source-kind", Error, Package, [Identifiers], "The source of an identifier of the scheme `dataset` is a source of kind `dataset`.";
    "identifier.duplicate", Error, Package, [Identifiers], "One identifier (scheme and value) names one record of a table, not two.";
}

/// The rule with this code, if any.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}
