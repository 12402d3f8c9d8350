//! The rules that need a record's typed fields, one `impl` per record type: counts that must
//! fit together, date order, URLs, basis fields, ranks, language tags. A record generic over
//! [`Record`] reaches its own type through [`Record::as_record_ref`] (one exhaustive `match`,
//! so a new table does not compile until it says which rules it has), never by downcasting.

use super::Issue;
use crate::input::Message;
use crate::input::message::msg;
use crate::model::{
    Agreement, AgreementParty, AgreementSigning, Delegation, DelegationMember, Exhibition, Meeting,
    MeetingTopic, NatoRank, Official, Organization, ParticipantGroup, Position, Record, RecordRef,
    Service, Source,
};

/// The typed rules of one record type. Types with none keep the empty default.
pub(crate) trait TypedRules {
    /// Adds the issues of `self` to `issues`.
    fn typed_rules(&self, _issues: &mut Issues) {}
}

/// Where the typed rules put their issues.
pub(crate) struct Issues(Vec<Issue>);

impl Issues {
    /// Adds an issue built elsewhere (with its value or hint).
    pub(super) fn push_issue(&mut self, issue: Issue) {
        self.0.push(issue);
    }

    pub(super) fn push(&mut self, code: &'static str, field: &str, message: Message) {
        self.0.push(Issue::new(code, Some(field), message));
    }
}

/// The typed rules of `record`.
pub(crate) fn typed_rules<R: Record>(record: &R) -> Vec<Issue> {
    let mut issues = Issues(Vec::new());
    super::v2_rules::citation_place(record, &mut issues);
    match record.as_record_ref() {
        RecordRef::Source(r) => r.typed_rules(&mut issues),
        RecordRef::Organization(r) => r.typed_rules(&mut issues),
        RecordRef::Official(r) => r.typed_rules(&mut issues),
        RecordRef::Position(r) => r.typed_rules(&mut issues),
        RecordRef::Exhibition(r) => r.typed_rules(&mut issues),
        RecordRef::Meeting(r) => r.typed_rules(&mut issues),
        RecordRef::MeetingTopic(r) => r.typed_rules(&mut issues),
        RecordRef::Delegation(r) => r.typed_rules(&mut issues),
        RecordRef::DelegationMember(r) => r.typed_rules(&mut issues),
        RecordRef::ParticipantGroup(r) => r.typed_rules(&mut issues),
        RecordRef::Agreement(r) => r.typed_rules(&mut issues),
        RecordRef::AgreementParty(r) => r.typed_rules(&mut issues),
        RecordRef::AgreementSigning(r) => r.typed_rules(&mut issues),
        RecordRef::Citation(r) => r.typed_rules(&mut issues),
        RecordRef::Identifier(r) => r.typed_rules(&mut issues),
        RecordRef::NameVariant(r) => r.typed_rules(&mut issues),
    }
    issues.0
}

impl TypedRules for Organization {}
impl TypedRules for Meeting {}
impl TypedRules for MeetingTopic {}
impl TypedRules for Delegation {}
impl TypedRules for DelegationMember {}
impl TypedRules for AgreementSigning {}

/// `language.tag` when `language` is not a BCP 47 tag, with the tag to use when one is known.
pub(super) fn language_tag(language: &str, issues: &mut Issues) {
    if !crate::model::is_language_tag(language) {
        let mut i = Issue::new(
            "language.tag",
            Some("language"),
            match crate::model::language_tag_for(language) {
                Some(tag) => {
                    msg!(
                        "`{}` is not a BCP 47 language tag; write `{}`",
                        v(language),
                        v(tag)
                    )
                }
                None => msg!(
                    "`{}` is not a BCP 47 language tag (such as `en`, `tr`, `az-Latn`)",
                    v(language)
                ),
            },
        );
        i.value = Some(language.to_owned());
        issues.0.push(i);
    }
}

/// `quantity.inconsistent` when the count fields do not fit together.
fn count_fits(count: Result<crate::model::Quantity, impl std::fmt::Display>, issues: &mut Issues) {
    if let Err(why) = count {
        issues.push(
            "quantity.inconsistent",
            "count_kind",
            msg!("the count fields do not fit together: {}", f(why)),
        );
    }
}

/// `date.order` when `end` is certainly before `start`. Dates known in part are intervals:
/// only a certain violation is reported.
fn dates_in_order(
    start: Option<crate::model::PartialDate>,
    end: Option<crate::model::PartialDate>,
    issues: &mut Issues,
) {
    if let (Some(start), Some(end)) = (start, end) {
        if end.certainly_before(start) {
            issues.push(
                "date.order",
                "end_date",
                msg!("`end_date` {} is before `start_date` {}", v(end), v(start)),
            );
        }
    }
}

impl TypedRules for ParticipantGroup {
    fn typed_rules(&self, issues: &mut Issues) {
        count_fits(self.count(), issues);
    }
}

impl TypedRules for Agreement {
    fn typed_rules(&self, issues: &mut Issues) {
        count_fits(self.count(), issues);
    }
}

impl TypedRules for Exhibition {
    fn typed_rules(&self, issues: &mut Issues) {
        dates_in_order(self.start_date, self.end_date, issues);
    }
}

impl TypedRules for AgreementParty {
    fn typed_rules(&self, issues: &mut Issues) {
        if self.country.is_none() && self.organization_id.is_none() {
            issues.push(
                "agreement.party-empty",
                "country",
                "the party names neither a country nor an organization; give `country`, `organization_id` or both".into(),
            );
        }
    }
}

impl TypedRules for Official {
    fn typed_rules(&self, issues: &mut Issues) {
        match (&self.nationality, &self.nationality_basis) {
            (Some(_), None) => issues.push(
                "basis.missing",
                "nationality_basis",
                "a nationality is given without `nationality_basis`; say whether it is stated, inferred or external".into(),
            ),
            (None, Some(_)) => issues.push(
                "basis.missing",
                "nationality",
                "`nationality_basis` is given without a nationality; clear it or give the nationality".into(),
            ),
            _ => {}
        }
    }
}

impl TypedRules for Source {
    fn typed_rules(&self, issues: &mut Issues) {
        if let Some(url) = &self.url {
            if !is_web_url(url.as_str()) {
                issues.push(
                    "text.url",
                    "url",
                    msg!(
                        "`url` is `{}`, not an absolute http or https URL",
                        v(url.as_str())
                    ),
                );
            }
        }
        language_tag(self.language.as_str(), issues);
    }
}

impl TypedRules for Position {
    fn typed_rules(&self, issues: &mut Issues) {
        let p = self;
        dates_in_order(p.start_date, p.end_date, issues);
        if let (Some(as_of), Some(end)) = (p.as_of, p.end_date) {
            if end.certainly_before(as_of) {
                issues.push(
                    "date.order",
                    "end_date",
                    msg!(
                        "`end_date` {} is before `as_of` {}: a post cannot end before the day it was seen held",
                        v(end),
                        v(as_of)
                    ),
                );
            }
        }
        if (p.rank_native.is_some() || p.rank_nato.is_some()) && p.rank_basis.is_none() {
            issues.push(
                "basis.missing",
                "rank_basis",
                "a native rank or NATO code is given without `rank_basis`; say on what ground"
                    .into(),
            );
        }
        if let (Some(native), Some(country), Some(service)) =
            (&p.rank_native, &p.rank_country, p.rank_service)
        {
            match crate::model::rank_lookup(country.as_str(), service, native.as_str()) {
                crate::model::RankLookup::Found(expected) => {
                    if let Some(given) = p.rank_nato.filter(|given| *given != expected) {
                        issues.push(
                            "rank.nato-mismatch",
                            "rank_nato",
                            msg!(
                                "{} in the {} {} is {}, not {}; ranks are keyed by country, service and native term",
                                v(native),
                                v(country),
                                v(service_name(service)),
                                v(nato_code(expected)),
                                v(nato_code(given)),
                            ),
                        );
                    }
                }
                crate::model::RankLookup::OtherServices(services) => {
                    let services: Vec<String> = services.into_iter().map(service_name).collect();
                    issues.push(
                        "rank.service-mismatch",
                        "rank_service",
                        msg!(
                            "{} is a rank of the {} {}, not of its {}; give the service the term belongs to",
                            v(native),
                            v(country),
                            v(services.join(" or ")),
                            v(service_name(service)),
                        ),
                    );
                }
                crate::model::RankLookup::UnknownTerm => issues.push(
                    "rank.unknown-term",
                    "rank_native",
                    msg!(
                        "{} is not in the reference table of {} ranks; check its spelling, or leave `rank_nato` to a source that states it",
                        v(native),
                        v(country),
                    ),
                ),
                crate::model::RankLookup::NoTable => {}
            }
        }
        if p.rank_nato.is_some()
            && (p.rank_native.is_none() || p.rank_country.is_none() || p.rank_service.is_none())
            && !super::v2_rules::rank_settled_by_label(p)
        {
            issues.push(
                "rank.unkeyed",
                "rank_nato",
                "a NATO code is given without the country, service and native term it is keyed by; ranks do not translate by their English label".into(),
            );
        }
    }
}

/// Whether `url` is an absolute `http` or `https` URL: the scheme (any case), `://`, a
/// host, and no white space or control character anywhere.
fn is_web_url(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once("://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or("");
    (scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"))
        && !host.is_empty()
        && !host.starts_with(':')
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A service as written in the data, such as `army`.
fn service_name(service: Service) -> String {
    service.as_str().to_owned()
}

/// The code of a NATO rank as written in the data, such as `OF-8`.
fn nato_code(rank: NatoRank) -> String {
    rank.as_str().to_owned()
}
