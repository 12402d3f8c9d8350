//! Zero-width non-joiner (U+200C) and joiner (U+200D) are part of the spelling of words in
//! scripts that join or conjoin letters: Persian writes `می‌خواهم` with a ZWNJ, Indic scripts use
//! both after a virama to choose a conjunct's form, and emoji sequences (`👩‍💻`) are joined by a
//! ZWJ. There they are not stray characters to remove; between Latin letters, at the edge of a
//! word or of the text, they still are (`text.invisible`).

/// The first invisible character of `text` (as `is_invisible` tells) that is not a joiner
/// inside a word of a script that uses it.
pub(crate) fn first_stray(text: &str, is_invisible: impl Fn(char) -> bool) -> Option<char> {
    let mut previous: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_invisible(c) {
            let next = chars.peek().copied();
            let joined = matches!(c, '\u{200C}' | '\u{200D}')
                && match (previous, next) {
                    (Some(a), Some(b)) => {
                        (joining_script(a) && joining_script(b))
                            || (c == '\u{200D}' && emoji_part(a) && emoji_part(b))
                    }
                    _ => false,
                };
            if !joined {
                return Some(c);
            }
        }
        previous = Some(c);
    }
    None
}

/// Letters and marks of scripts whose words hold ZWNJ and ZWJ: Arabic (Persian, Urdu,
/// Pashto, Kurdish), Syriac, N'Ko, the Indic scripts from Devanagari to Sinhala, Myanmar,
/// Khmer and Mongolian.
fn joining_script(c: char) -> bool {
    matches!(c,
        '\u{0600}'..='\u{06FF}' | '\u{0700}'..='\u{074F}' | '\u{0750}'..='\u{077F}'
        | '\u{07C0}'..='\u{07FF}' | '\u{0870}'..='\u{08FF}' | '\u{0900}'..='\u{0DFF}'
        | '\u{1000}'..='\u{109F}' | '\u{1780}'..='\u{17FF}' | '\u{1800}'..='\u{18AF}'
        | '\u{A8E0}'..='\u{A8FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
        && !c.is_whitespace()
        && !matches!(
            c,
            '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{06D4}' | '\u{0964}' | '\u{0965}'
        )
}

/// Pictographs and their modifiers, as emoji ZWJ sequences join them.
fn emoji_part(c: char) -> bool {
    matches!(c,
        '\u{2600}'..='\u{27BF}' | '\u{2B00}'..='\u{2BFF}' | '\u{FE0F}'
        | '\u{1F000}'..='\u{1FAFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invisible(c: char) -> bool {
        matches!(c, '\u{200B}'..='\u{200F}' | '\u{FEFF}')
    }

    #[test]
    fn joiners_inside_words_of_joining_scripts_are_spelling() {
        for text in [
            "می\u{200C}خواهم",     // Persian: mi-khaham
            "क्\u{200D}ष",          // Devanagari: a half form
            "ক্\u{200C}ষ",          // Bengali
            "👩\u{200D}💻",        // an emoji sequence
            "🏳\u{FE0F}\u{200D}🌈", // flag sequence
        ] {
            assert_eq!(first_stray(text, invisible), None, "{text:?}");
        }
    }

    #[test]
    fn joiners_elsewhere_and_other_invisibles_are_stray() {
        for (text, c) in [
            ("ab\u{200C}cd", '\u{200C}'),
            ("\u{200C}می", '\u{200C}'),
            ("می\u{200C}", '\u{200C}'),
            ("می \u{200C}خ", '\u{200C}'),
            ("می\u{200B}خ", '\u{200B}'),
            ("a\u{200D}👩", '\u{200D}'),
            ("👩\u{200C}💻", '\u{200C}'),
            ("می\u{200C}خ x\u{200D}y", '\u{200D}'),
        ] {
            assert_eq!(first_stray(text, invisible), Some(c), "{text:?}");
        }
    }
}
