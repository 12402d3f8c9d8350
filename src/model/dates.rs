//! Dates known in part: a year, a month or a day (the ISO 8601 / EDTF level 0 subset
//! `YYYY`, `YYYY-MM`, `YYYY-MM-DD`), with the interval of days each one stands for.
//!
//! Sources often date an event only in part: an agreement dataset gives the year of signing, a
//! register the year of a transfer, a biography the month a post began. A [`PartialDate`] keeps
//! what is known and no more, and rules that compare dates compare the intervals, reporting only
//! what is certain: an agreement signed in `2024` may or may not precede a meeting on
//! 2024-09-24, one signed in `2023` certainly does.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

use super::{Date, ValueError};

/// The pattern of a partial date in the generated schemas: a year, a year and month, or a day.
/// Whether a day exists in the calendar (`2024-02-30`) is checked by [`PartialDate::parse`].
pub const PARTIAL_DATE_PATTERN: &str = "^(?:[0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$";

/// How much of a [`PartialDate`] is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Precision {
    /// Only the year: `2010`.
    Year,
    /// The year and month: `2024-09`.
    Month,
    /// The day: `2024-09-24`.
    Day,
}

/// A date known to the year, the month or the day: `2010`, `2024-09` or `2024-09-24`.
///
/// It stands for an interval of days, from [`first`](PartialDate::first) to
/// [`last`](PartialDate::last); a day-precision date is the interval of one day, so every full
/// `YYYY-MM-DD` date is a partial date too. Partial dates are compared as intervals, with
/// [`PartialDate::certainly_before`]; they have no total order, on purpose.
///
/// ```
/// use defcoop::model::{PartialDate, Precision};
///
/// let year: PartialDate = "2024".parse()?;
/// let day: PartialDate = "2024-09-24".parse()?;
/// assert_eq!(year.precision(), Precision::Year);
/// assert_eq!(year.last().to_string(), "2024-12-31");
/// assert!(!year.certainly_before(day) && !day.certainly_before(year));
/// assert!("2023".parse::<PartialDate>()?.certainly_before(day));
/// assert!("2024-02-30".parse::<PartialDate>().is_err());
/// # Ok::<(), defcoop::model::ValueError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PartialDate {
    first: NaiveDate,
    precision: Precision,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, refusing any other shape and days the calendar
    /// does not have (`2024-02-30`).
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let b = text.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        let shape = match b.len() {
            4 => digits(0..4),
            7 => digits(0..4) && b[4] == b'-' && digits(5..7),
            10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
            _ => false,
        };
        if !shape {
            return Err(ValueError::PartialDateFormat { text: text.into() });
        }
        let num = |r: std::ops::Range<usize>| text[r].parse::<u32>().unwrap_or(0);
        let year = num(0..4) as i32;
        let (month, day, precision) = match b.len() {
            4 => (1, 1, Precision::Year),
            7 => (num(5..7), 1, Precision::Month),
            _ => (num(5..7), num(8..10), Precision::Day),
        };
        if !(1..=12).contains(&month) {
            return Err(ValueError::PartialDateFormat { text: text.into() });
        }
        if year == 0 {
            // There is no year 0000 (1 BC is followed by AD 1): a shape the schema pattern
            // refuses too, so it is reported once, as the pattern's finding.
            return Err(ValueError::PartialDateFormat { text: text.into() });
        }
        NaiveDate::from_ymd_opt(year, month, day)
            .map(|first| PartialDate { first, precision })
            .ok_or_else(|| ValueError::NoSuchDay { text: text.into() })
    }

    /// The year `year` (1 to 9999).
    pub fn year(year: i32) -> Result<Self, ValueError> {
        Self::checked(year, 1, Precision::Year)
    }

    /// The month `month` of `year`.
    pub fn month(year: i32, month: u32) -> Result<Self, ValueError> {
        Self::checked(year, month, Precision::Month)
    }

    fn checked(year: i32, month: u32, precision: Precision) -> Result<Self, ValueError> {
        match NaiveDate::from_ymd_opt(year, month, 1) {
            Some(first) if (1..=9999).contains(&year) => Ok(PartialDate { first, precision }),
            _ => Err(ValueError::PartialDateFormat {
                text: format!("{year}-{month}"),
            }),
        }
    }

    /// How much of the date is known.
    pub fn precision(self) -> Precision {
        self.precision
    }

    /// The first day the date may be.
    pub fn first(self) -> Date {
        Date::from_naive(self.first)
    }

    /// The last day the date may be.
    pub fn last(self) -> Date {
        let f = self.first;
        let last = match self.precision {
            Precision::Day => Some(f),
            Precision::Month => f
                .checked_add_months(chrono::Months::new(1))
                .and_then(|d| d.pred_opt()),
            Precision::Year => NaiveDate::from_ymd_opt(f.year(), 12, 31),
        };
        Date::from_naive(last.unwrap_or(f))
    }

    /// The interval of days the date stands for: its first and last day.
    pub fn interval(self) -> (Date, Date) {
        (self.first(), self.last())
    }

    /// The day, when the date is known to the day.
    pub fn day(self) -> Option<Date> {
        (self.precision == Precision::Day).then(|| self.first())
    }

    /// Whether every day this date may be comes before every day `other` may be: `2023` is
    /// certainly before `2024-09-24`, `2024` is not (nor after).
    pub fn certainly_before(self, other: PartialDate) -> bool {
        self.last() < other.first()
    }
}

impl From<Date> for PartialDate {
    fn from(date: Date) -> PartialDate {
        PartialDate {
            first: date.naive(),
            precision: Precision::Day,
        }
    }
}

impl TryFrom<String> for PartialDate {
    type Error = ValueError;
    fn try_from(text: String) -> Result<Self, ValueError> {
        Self::parse(&text)
    }
}

impl TryFrom<&str> for PartialDate {
    type Error = ValueError;
    fn try_from(text: &str) -> Result<Self, ValueError> {
        Self::parse(text)
    }
}

impl FromStr for PartialDate {
    type Err = ValueError;
    fn from_str(text: &str) -> Result<Self, ValueError> {
        Self::parse(text)
    }
}

impl From<PartialDate> for String {
    fn from(date: PartialDate) -> String {
        date.to_string()
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.first;
        match self.precision {
            Precision::Year => write!(f, "{:04}", d.year()),
            Precision::Month => write!(f, "{:04}-{:02}", d.year(), d.month()),
            Precision::Day => write!(f, "{}", d.format("%Y-%m-%d")),
        }
    }
}

impl JsonSchema for PartialDate {
    fn schema_name() -> Cow<'static, str> {
        "PartialDate".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "pattern": PARTIAL_DATE_PATTERN })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap()
    }

    #[test]
    fn intervals_by_precision() {
        assert_eq!(p("2010").interval().0.to_string(), "2010-01-01");
        assert_eq!(p("2010").interval().1.to_string(), "2010-12-31");
        assert_eq!(p("2024-02").last().to_string(), "2024-02-29");
        assert_eq!(p("2023-02").last().to_string(), "2023-02-28");
        assert_eq!(p("2024-12").last().to_string(), "2024-12-31");
        assert_eq!(p("2024-09-24").interval().0, p("2024-09-24").interval().1);
        assert_eq!(p("2024-09").precision(), Precision::Month);
        assert_eq!(
            p("2024-09-24").day().map(|d| d.to_string()).as_deref(),
            Some("2024-09-24")
        );
        assert_eq!(p("2024-09").day(), None);
    }

    #[test]
    fn round_trips_and_refusals() {
        for t in ["0001", "2010", "2024-09", "2024-09-24", "9999-12-31"] {
            assert_eq!(p(t).to_string(), t);
        }
        for t in [
            "",
            "10",
            "20100",
            "2024-9",
            "2024-13",
            "2024-00",
            "2024-09-4",
            "2024/09",
            "２０２４",
            "2024-09-24T00",
            "0000",
            "0000-01-01",
        ] {
            assert!(
                matches!(
                    PartialDate::parse(t),
                    Err(ValueError::PartialDateFormat { .. })
                ),
                "{t}"
            );
        }
        for t in ["2024-02-30", "2023-02-29", "2024-04-31"] {
            assert!(
                matches!(PartialDate::parse(t), Err(ValueError::NoSuchDay { .. })),
                "{t}"
            );
        }
        let re = regex_lite_match;
        for t in ["2010", "2024-09", "2024-09-24", "2024-02-30"] {
            assert!(re(t), "{t}");
        }
        for t in ["2024-13", "2024-9", "20100", "0000", "0000-01-01"] {
            assert!(!re(t), "{t}");
        }
    }

    /// The schema pattern agrees with the parser on shape (the parser alone knows the calendar).
    fn regex_lite_match(text: &str) -> bool {
        let schema = serde_json::json!({ "type": "string", "pattern": PARTIAL_DATE_PATTERN });
        jsonschema_like(&schema, text)
    }

    fn jsonschema_like(schema: &serde_json::Value, text: &str) -> bool {
        #[cfg(feature = "validate")]
        {
            jsonschema::is_valid(schema, &serde_json::Value::String(text.into()))
        }
        #[cfg(not(feature = "validate"))]
        {
            let _ = schema;
            PartialDate::parse(text).is_ok()
                || matches!(PartialDate::parse(text), Err(ValueError::NoSuchDay { .. }))
        }
    }

    #[test]
    fn certain_order_only() {
        let meeting = p("2024-09-24");
        assert!(!p("2024").certainly_before(meeting));
        assert!(!meeting.certainly_before(p("2024")));
        assert!(p("2023").certainly_before(meeting));
        assert!(!p("2024-09").certainly_before(meeting));
        assert!(p("2024-08").certainly_before(meeting));
        assert!(p("2024-09-23").certainly_before(meeting));
        assert!(!meeting.certainly_before(meeting));
        assert!(meeting.certainly_before(p("2025")));
    }

    #[test]
    fn a_full_date_is_a_day() {
        let d = Date::parse("2024-09-24").unwrap();
        assert_eq!(PartialDate::from(d), p("2024-09-24"));
        assert!(PartialDate::year(2010).is_ok());
        assert!(PartialDate::month(2010, 13).is_err());
        assert!(PartialDate::year(10000).is_err());
    }
}
