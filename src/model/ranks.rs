//! The reference table of general and flag officer ranks: which NATO code a native rank term
//! has in a given country and service.
//!
//! A rank is never normalized by its English label: "Lieutenant General" is OF-7 in Azerbaijan
//! (general-leytenant) but OF-8 in Türkiye (Korgeneral). The key is always the country, the
//! service and the rank's term in that service.

use super::values::{NatoRank, Service};

/// One row of the reference table: a native rank term of one country's service and its NATO code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RankEntry {
    /// ISO 3166-1 alpha-2 code of the country whose rank system this is.
    pub country: &'static str,
    /// The service the term is used in.
    pub service: Service,
    /// The rank's term in the country's own language, as written in `rank_native`.
    pub native: &'static str,
    /// The NATO code of the rank (STANAG 2116).
    pub nato: NatoRank,
}

const fn rank(
    country: &'static str,
    service: Service,
    native: &'static str,
    nato: NatoRank,
) -> RankEntry {
    RankEntry {
        country,
        service,
        native,
        nato,
    }
}

/// The general and flag officer ranks the crate can normalize, by (country, service, native
/// term). Azerbaijan uses the same general ranks in its land forces, air force and for posts of
/// the armed forces as a whole; Türkiye uses general ranks in its land forces, air force and
/// general staff, and admiral ranks in its navy.
///
/// Sources: the rank laws and the NATO rank tables of both countries (STANAG 2116); the
/// table lists only ranks whose code is not in doubt.
pub const RANKS: &[RankEntry] = &[
    // Azerbaijan: general ranks.
    rank("AZ", Service::Army, "general-mayor", NatoRank::Of6),
    rank("AZ", Service::Army, "general-leytenant", NatoRank::Of7),
    rank("AZ", Service::Army, "general-polkovnik", NatoRank::Of8),
    rank("AZ", Service::Army, "ordu generalı", NatoRank::Of9),
    rank("AZ", Service::AirForce, "general-mayor", NatoRank::Of6),
    rank("AZ", Service::AirForce, "general-leytenant", NatoRank::Of7),
    rank("AZ", Service::AirForce, "general-polkovnik", NatoRank::Of8),
    rank("AZ", Service::AirForce, "ordu generalı", NatoRank::Of9),
    rank("AZ", Service::Joint, "general-mayor", NatoRank::Of6),
    rank("AZ", Service::Joint, "general-leytenant", NatoRank::Of7),
    rank("AZ", Service::Joint, "general-polkovnik", NatoRank::Of8),
    rank("AZ", Service::Joint, "ordu generalı", NatoRank::Of9),
    // Türkiye: general ranks of the land forces, air force and general staff.
    rank("TR", Service::Army, "Tuğgeneral", NatoRank::Of6),
    rank("TR", Service::Army, "Tümgeneral", NatoRank::Of7),
    rank("TR", Service::Army, "Korgeneral", NatoRank::Of8),
    rank("TR", Service::Army, "Orgeneral", NatoRank::Of9),
    rank("TR", Service::AirForce, "Tuğgeneral", NatoRank::Of6),
    rank("TR", Service::AirForce, "Tümgeneral", NatoRank::Of7),
    rank("TR", Service::AirForce, "Korgeneral", NatoRank::Of8),
    rank("TR", Service::AirForce, "Orgeneral", NatoRank::Of9),
    rank("TR", Service::Joint, "Tuğgeneral", NatoRank::Of6),
    rank("TR", Service::Joint, "Tümgeneral", NatoRank::Of7),
    rank("TR", Service::Joint, "Korgeneral", NatoRank::Of8),
    rank("TR", Service::Joint, "Orgeneral", NatoRank::Of9),
    // Türkiye: admiral ranks of the navy.
    rank("TR", Service::Navy, "Tuğamiral", NatoRank::Of6),
    rank("TR", Service::Navy, "Tümamiral", NatoRank::Of7),
    rank("TR", Service::Navy, "Koramiral", NatoRank::Of8),
    rank("TR", Service::Navy, "Oramiral", NatoRank::Of9),
];

/// The NATO code of a native rank term in a country's service, or `None` when the reference
/// table does not know the combination. The term must be written exactly as in [`RANKS`]
/// (NFC, same case).
///
/// ```
/// use defcoop::model::{NatoRank, Service, nato_rank};
///
/// // The same English label, two different grades.
/// assert_eq!(nato_rank("AZ", Service::AirForce, "general-leytenant"), Some(NatoRank::Of7));
/// assert_eq!(nato_rank("TR", Service::Army, "Korgeneral"), Some(NatoRank::Of8));
/// // A naval term is not a land-forces term.
/// assert_eq!(nato_rank("TR", Service::Army, "Oramiral"), None);
/// ```
pub fn nato_rank(country: &str, service: Service, native: &str) -> Option<NatoRank> {
    match rank_lookup(country, service, native) {
        RankLookup::Found(nato) => Some(nato),
        _ => None,
    }
}

/// A native rank term in the form terms are compared in: Unicode NFC, lower case, and any run
/// of spaces, hyphens or underscores as one hyphen, so `General-Leytenant`,
/// `general leytenant` and `general-leytenant` are one term.
pub fn normalized_term(term: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(term.len());
    let mut separator = false;
    for c in term.nfc().flat_map(char::to_lowercase) {
        if c.is_whitespace() || c == '-' || c == '_' {
            separator = !out.is_empty();
            continue;
        }
        if separator {
            out.push('-');
            separator = false;
        }
        out.push(c);
    }
    out
}

/// What the reference table says of a native term (see [`rank_lookup`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RankLookup {
    /// The term is a rank of this country and service, with this NATO code.
    Found(NatoRank),
    /// The term is a rank of this country, but only of these other services.
    OtherServices(Vec<Service>),
    /// The country has a reference table, and the term is in none of its services.
    UnknownTerm,
    /// The country has no reference table: nothing can be said.
    NoTable,
}

/// Looks a native term up in the reference table of `country` and `service`, the term
/// compared in its [`normalized_term`] form.
pub fn rank_lookup(country: &str, service: Service, native: &str) -> RankLookup {
    let term = normalized_term(native);
    let of_country: Vec<&RankEntry> = RANKS.iter().filter(|r| r.country == country).collect();
    if of_country.is_empty() {
        return RankLookup::NoTable;
    }
    let same_term: Vec<&&RankEntry> = of_country
        .iter()
        .filter(|r| normalized_term(r.native) == term)
        .collect();
    if let Some(r) = same_term.iter().find(|r| r.service == service) {
        return RankLookup::Found(r.nato);
    }
    if same_term.is_empty() {
        return RankLookup::UnknownTerm;
    }
    RankLookup::OtherServices(same_term.iter().map(|r| r.service).collect())
}

/// English labels of general ranks as sources write them, with the native term each
/// country of [`RANKS`] reads the label as. A label alone never gives a NATO code, except
/// when every reading agrees ([`nato_rank_of_label`]).
///
/// "Colonel General" is Azerbaijan's general-polkovnik and, in Türkiye, whose ranks have no
/// colonel general, the Korgeneral of the same grade; "Lieutenant General" is Azerbaijan's
/// general-leytenant but Türkiye's Korgeneral, so its readings disagree.
pub const RANK_LABELS: &[(&str, &str, &str)] = &[
    ("Colonel General", "AZ", "general-polkovnik"),
    ("Colonel General", "TR", "Korgeneral"),
    ("Lieutenant General", "AZ", "general-leytenant"),
    ("Lieutenant General", "TR", "Korgeneral"),
];

/// The NATO code an English rank label has under every reading of [`RANK_LABELS`], when
/// they all agree (in every service of each country where the term is a rank): the code can
/// then be given for an officer whose rank system the source does not state.
///
/// ```
/// use defcoop::model::{NatoRank, nato_rank_of_label};
///
/// assert_eq!(nato_rank_of_label("Colonel General"), Some(NatoRank::Of8));
/// // OF-7 in Azerbaijan, OF-8 in Türkiye: no code.
/// assert_eq!(nato_rank_of_label("Lieutenant General"), None);
/// assert_eq!(nato_rank_of_label("Field Marshal"), None);
/// ```
pub fn nato_rank_of_label(label: &str) -> Option<NatoRank> {
    let label = normalized_term(label);
    let mut codes = RANK_LABELS
        .iter()
        .filter(|(l, _, _)| normalized_term(l) == label)
        .flat_map(|(_, country, native)| {
            RANKS.iter().filter(move |r| {
                r.country == *country && normalized_term(r.native) == normalized_term(native)
            })
        })
        .map(|r| r.nato);
    let first = codes.next()?;
    codes.all(|c| c == first).then_some(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_label_differs_by_country() {
        assert_eq!(
            nato_rank("AZ", Service::Joint, "general-leytenant"),
            Some(NatoRank::Of7)
        );
        assert_eq!(
            nato_rank("TR", Service::Joint, "Korgeneral"),
            Some(NatoRank::Of8)
        );
        assert_eq!(
            nato_rank("TR", Service::Navy, "Oramiral"),
            Some(NatoRank::Of9)
        );
        assert_eq!(
            nato_rank("TR", Service::AirForce, "Orgeneral"),
            Some(NatoRank::Of9)
        );
        assert_eq!(nato_rank("TR", Service::Navy, "Orgeneral"), None);
        assert_eq!(nato_rank("AZ", Service::Army, "Korgeneral"), None);
        assert_eq!(nato_rank("XX", Service::Army, "Orgeneral"), None);
    }

    #[test]
    fn terms_compare_in_normal_form() {
        assert_eq!(
            nato_rank("AZ", Service::Joint, "General-Leytenant"),
            Some(NatoRank::Of7)
        );
        assert_eq!(
            nato_rank("AZ", Service::Joint, "general leytenant"),
            Some(NatoRank::Of7)
        );
        assert_eq!(
            rank_lookup("TR", Service::Army, "Oramiral"),
            RankLookup::OtherServices(vec![Service::Navy])
        );
        assert_eq!(
            rank_lookup("TR", Service::Army, "Binbaşı"),
            RankLookup::UnknownTerm
        );
        assert_eq!(
            rank_lookup("PL", Service::Army, "generał"),
            RankLookup::NoTable
        );
    }

    #[test]
    fn keys_are_unique_and_terms_are_nfc() {
        use unicode_normalization::UnicodeNormalization;
        for (i, a) in RANKS.iter().enumerate() {
            assert_eq!(a.native.nfc().collect::<String>(), a.native);
            for b in &RANKS[i + 1..] {
                assert!(
                    (a.country, a.service, a.native) != (b.country, b.service, b.native),
                    "duplicate key {a:?}"
                );
            }
        }
    }
}
