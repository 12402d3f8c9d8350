//! A hint for a country written otherwise than as its ISO 3166-1 alpha-2 code: its name
//! (`Azerbaijan`), the code in lower case (`az`) or its alpha-3 code (`AZE`) gets the code to
//! write (`AZ`), read from the ISO 3166-1 tables of the `rust_iso3166` crate (the model's own
//! source for the codes). A value that names no country gets no hint: the closest code by
//! spelling (`AE` for `AZE`) names an unrelated country.

/// A few English names in common use that are not ISO 3166-1's short names, with their
/// codes. ISO's names are read from the crate; these only cover what it writes otherwise.
const COMMON_NAMES: &[(&str, &str)] = &[
    ("turkey", "TR"),
    ("russia", "RU"),
    ("iran", "IR"),
    ("syria", "SY"),
    ("south korea", "KR"),
    ("north korea", "KP"),
    ("vietnam", "VN"),
    ("usa", "US"),
    ("united states", "US"),
    ("uk", "GB"),
    ("united kingdom", "GB"),
    ("great britain", "GB"),
    ("britain", "GB"),
    ("czech republic", "CZ"),
    ("moldova", "MD"),
    ("bolivia", "BO"),
    ("venezuela", "VE"),
    ("tanzania", "TZ"),
    ("laos", "LA"),
    ("ivory coast", "CI"),
    ("uae", "AE"),
];

/// The alpha-2 code that `text` stands for, when it is a country's alpha-2 code in another
/// case, its alpha-3 code (any case) or its English name (any case; ISO's short name, the
/// name without its parenthesis, `Iran (Islamic Republic of)` as `Iran`, or a common name).
pub(crate) fn country_code_for(text: &str) -> Option<&'static str> {
    let text = text.trim();
    if text.is_empty() || text.len() > 80 {
        return None;
    }
    let upper = text.to_uppercase();
    match upper.len() {
        2 => return rust_iso3166::from_alpha2(&upper).map(|c| c.alpha2),
        3 => {
            if let Some(c) = rust_iso3166::from_alpha3(&upper) {
                return Some(c.alpha2);
            }
        }
        _ => {}
    }
    let lower = text.to_lowercase();
    let named = rust_iso3166::ALL.iter().find(|c| {
        let name = c.name.to_lowercase();
        name == lower || name.split(" (").next() == Some(lower.as_str())
    });
    if let Some(c) = named {
        return Some(c.alpha2);
    }
    COMMON_NAMES
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|(_, code)| *code)
}

/// Whether `allowed` (a field's listed values) is the list of country codes.
pub(crate) fn is_country_list(allowed: &[String]) -> bool {
    allowed.len() > 200 && allowed.iter().any(|a| a == "AZ") && allowed.iter().all(|a| a.len() == 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cases_and_alpha3_codes_give_the_alpha2_code() {
        for (text, code) in [
            ("Azerbaijan", "AZ"),
            ("azerbaijan", "AZ"),
            ("az", "AZ"),
            ("Az", "AZ"),
            ("AZE", "AZ"),
            ("aze", "AZ"),
            ("TUR", "TR"),
            ("Türkiye", "TR"),
            ("Turkey", "TR"),
            ("Iran", "IR"),
            ("United States of America", "US"),
            ("GBR", "GB"),
            ("Korea (Republic of)", "KR"),
        ] {
            assert_eq!(country_code_for(text), Some(code), "{text}");
        }
    }

    #[test]
    fn no_country_no_code() {
        for text in ["XX", "ZZZ", "Atlantis", "", "A", "Azerbaijani"] {
            assert_eq!(country_code_for(text), None, "{text}");
        }
    }
}
