//! The rules on dates and cited places that compare a record with another table: a meeting
//! within its exhibition's days, a date not after its source's publication, a paragraph that
//! its source has.

use super::{Loc, PackageState};
use crate::input::message::msg;
use crate::model::PartialDate as Date;
use crate::validate::sink::Sink;

impl PackageState {
    pub(super) fn check_meeting(
        &self,
        id: &str,
        date: Date,
        exhibition: &str,
        locate: &dyn Fn() -> Loc,
        out: &mut Sink,
    ) {
        let Some((start, end)) = self.exhibitions.get(exhibition) else {
            return;
        };
        // Dates known in part are intervals: only a certain violation is reported.
        let before = start.is_some_and(|s| date.certainly_before(s));
        let after = end.is_some_and(|e| e.certainly_before(date));
        if before || after {
            let span = format!(
                "{} to {}",
                start.map_or("?".into(), |d| d.to_string()),
                end.map_or("?".into(), |d| d.to_string())
            );
            self.report_at(
                "meeting.outside-exhibition",
                &locate(),
                msg!(
                    "the meeting `{}` is dated {}, outside its exhibition `{}` ({})",
                    v(id),
                    v(date),
                    v(exhibition),
                    v(span)
                ),
                Some(&date.to_string()),
                out,
            );
        }
    }

    /// `day`, read in `field`, is not after the publication of `source`.
    pub(super) fn after_source(
        &self,
        source: &str,
        day: Date,
        field: &str,
        loc: &Loc,
        out: &mut Sink,
    ) {
        let Some(published) = self.published.get(source) else {
            return;
        };
        if published.certainly_before(day) {
            self.report_at(
                "date.after-source",
                loc,
                msg!(
                    "`{}` {} is after the publication of its source `{}` ({}); a source may announce what is planned, check the date",
                    f(field),
                    v(day),
                    v(source),
                    v(published)
                ),
                Some(&day.to_string()),
                out,
            );
        }
    }

    pub(super) fn paragraph_finding(
        &self,
        source: &str,
        paragraph: u64,
        count: u64,
        loc: &Loc,
        out: &mut Sink,
    ) {
        if paragraph > count {
            self.report_at(
                "citation.paragraph",
                loc,
                msg!(
                    "paragraph {} is cited, but the source `{}` has {} paragraphs",
                    v(paragraph),
                    v(source),
                    v(count)
                ),
                Some(&paragraph.to_string()),
                out,
            );
        }
    }
}
