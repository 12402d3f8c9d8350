//! Language tags (BCP 47, RFC 5646): the syntax check behind the `language.tag` warning, and
//! the tag to use for a language written by name (`English` → `en`).
//!
//! The check is of form, not of registration: `en`, `az-Latn`, `tr-TR`, `zh-Hant-TW` and
//! `sr-Latn-RS` pass; `English`, `en_US`, `e`, `Latn` do not. Whether a well-formed subtag is in
//! the IANA registry is not checked (the registry is not bundled), with one exception: a primary
//! language subtag of 4 to 8 letters, which the grammar allows but the registry holds none of
//! (so `English` or `Turkish` is never taken for a tag), is refused.

/// Whether `text` is a well-formed BCP 47 language tag (RFC 5646 `langtag`, or a private-use
/// tag `x-...`), written in the canonical case (language lower case, script title case,
/// region upper case).
///
/// ```
/// use defcoop::model::is_language_tag;
///
/// assert!(is_language_tag("en"));
/// assert!(is_language_tag("az-Latn-AZ"));
/// assert!(!is_language_tag("English"));
/// assert!(!is_language_tag("en_US"));
/// assert!(!is_language_tag("EN"));
/// ```
pub fn is_language_tag(text: &str) -> bool {
    canonical_language_tag(text).is_some_and(|c| c == text)
}

/// The canonical-case form of `text` when it is a well-formed BCP 47 tag in any case
/// (`EN-us` → `en-US`); `None` when it is not well-formed.
pub fn canonical_language_tag(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split('-').collect();
    let alnum = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    let alpha = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if parts.iter().any(|p| p.is_empty() || !alnum(p, 1, 8)) {
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    if parts[0].eq_ignore_ascii_case("x") {
        // A private-use tag: `x` and subtags of 1 to 8 characters.
        if parts.len() < 2 {
            return None;
        }
        return Some(parts.join("-").to_ascii_lowercase());
    }
    // language: 2-3 letters, with up to three extlangs (4-8 letters: none registered).
    let lang = parts[0];
    if !alpha(lang, 2, 3) {
        return None;
    }
    out.push(lang.to_ascii_lowercase());
    i += 1;
    let mut ext = 0;
    while ext < 3 && i < parts.len() && alpha(parts[i], 3, 3) {
        out.push(parts[i].to_ascii_lowercase());
        i += 1;
        ext += 1;
    }
    // script: 4 letters.
    if i < parts.len() && alpha(parts[i], 4, 4) {
        let s = parts[i].to_ascii_lowercase();
        out.push(s[..1].to_ascii_uppercase() + &s[1..]);
        i += 1;
    }
    // region: 2 letters or 3 digits.
    if i < parts.len() && (alpha(parts[i], 2, 2) || digits(parts[i], 3)) {
        out.push(parts[i].to_ascii_uppercase());
        i += 1;
    }
    // variants: 5-8 alphanumerics, or a digit then 3 alphanumerics.
    while i < parts.len() {
        let p = parts[i];
        let variant =
            alnum(p, 5, 8) || (p.len() == 4 && p.as_bytes()[0].is_ascii_digit() && alnum(p, 4, 4));
        if !variant {
            break;
        }
        out.push(p.to_ascii_lowercase());
        i += 1;
    }
    // extensions: a singleton (not x) then subtags of 2-8; then private use: x then 1-8.
    while i < parts.len() {
        let p = parts[i];
        if p.len() != 1 {
            return None;
        }
        let private = p.eq_ignore_ascii_case("x");
        let min = if private { 1 } else { 2 };
        out.push(p.to_ascii_lowercase());
        i += 1;
        let start = i;
        while i < parts.len() && parts[i].len() >= min && (private || parts[i].len() > 1) {
            out.push(parts[i].to_ascii_lowercase());
            i += 1;
        }
        if i == start {
            return None;
        }
        if private && i < parts.len() {
            return None;
        }
    }
    Some(out.join("-"))
}

/// Languages written by their English name (or an ISO 639-2 code where ISO 639-1 has a shorter
/// one), with the tag to use instead.
const NAMES: &[(&str, &str)] = &[
    ("arabic", "ar"),
    ("ara", "ar"),
    ("armenian", "hy"),
    ("azerbaijani", "az"),
    ("azeri", "az"),
    ("aze", "az"),
    ("chinese", "zh"),
    ("chi", "zh"),
    ("zho", "zh"),
    ("dutch", "nl"),
    ("english", "en"),
    ("eng", "en"),
    ("french", "fr"),
    ("fre", "fr"),
    ("fra", "fr"),
    ("georgian", "ka"),
    ("german", "de"),
    ("ger", "de"),
    ("deu", "de"),
    ("greek", "el"),
    ("hebrew", "he"),
    ("hindi", "hi"),
    ("italian", "it"),
    ("ita", "it"),
    ("japanese", "ja"),
    ("jpn", "ja"),
    ("kazakh", "kk"),
    ("korean", "ko"),
    ("persian", "fa"),
    ("farsi", "fa"),
    ("per", "fa"),
    ("fas", "fa"),
    ("polish", "pl"),
    ("portuguese", "pt"),
    ("russian", "ru"),
    ("rus", "ru"),
    ("spanish", "es"),
    ("spa", "es"),
    ("turkish", "tr"),
    ("tur", "tr"),
    ("ukrainian", "uk"),
    ("ukr", "uk"),
    ("urdu", "ur"),
    ("uzbek", "uz"),
];

/// The tag to use for `text` when it is not one: the canonical case of a well-formed tag
/// (`EN` → `en`), a known language name or three-letter code (`English` → `en`, `tur` → `tr`),
/// or `en_US` → `en-US`. `None` when `text` is already a canonical tag, or when no tag can be
/// named.
///
/// ```
/// use defcoop::model::language_tag_for;
///
/// assert_eq!(language_tag_for("English").as_deref(), Some("en"));
/// assert_eq!(language_tag_for("en_US").as_deref(), Some("en-US"));
/// assert_eq!(language_tag_for("en"), None);
/// ```
pub fn language_tag_for(text: &str) -> Option<String> {
    let lower = text.trim().to_ascii_lowercase();
    if let Some((_, tag)) = NAMES.iter().find(|(name, _)| *name == lower) {
        return Some((*tag).to_owned());
    }
    if is_language_tag(text) {
        return None;
    }
    if let Some(c) = canonical_language_tag(text) {
        return Some(c);
    }
    canonical_language_tag(&text.replace('_', "-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_tags() {
        for t in [
            "en",
            "az",
            "tr",
            "az-Latn",
            "az-Cyrl-AZ",
            "zh-Hant-TW",
            "es-419",
            "de-CH-1996",
            "sl-rozaj-biske",
            "en-US-x-twain",
            "x-whatever",
            "zh-yue-HK",
            "en-a-bbb-x-a-ccc",
        ] {
            assert!(is_language_tag(t), "{t}");
        }
    }

    #[test]
    fn refused_tags() {
        for t in [
            "",
            "English",
            "e",
            "en_US",
            "en-",
            "-en",
            "en--US",
            "EN",
            "en-us",
            "Latn",
            "en-a",
            "en-x",
            "a-DE",
            "123",
            "en-US-x-12345678a",
            "toolongtag1",
        ] {
            assert!(!is_language_tag(t), "{t}");
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(language_tag_for("English").as_deref(), Some("en"));
        assert_eq!(language_tag_for("Azerbaijani").as_deref(), Some("az"));
        assert_eq!(language_tag_for("tur").as_deref(), Some("tr"));
        assert_eq!(language_tag_for("EN").as_deref(), Some("en"));
        assert_eq!(
            language_tag_for("az-latn-az").as_deref(),
            Some("az-Latn-AZ")
        );
        assert_eq!(language_tag_for("en_GB").as_deref(), Some("en-GB"));
        assert_eq!(language_tag_for("Klingonese"), None);
        assert_eq!(language_tag_for("Bosnia"), None);
        assert_eq!(language_tag_for("az-Latn"), None);
    }
}
