//! Small text helpers shared by every renderer (the human report, SARIF, GitHub workflow
//! commands, the split's findings CSV): whatever came from the data is cleaned of characters
//! that could act on a terminal or a log viewer before it is written anywhere.

/// Characters that must not reach a terminal from the data: control characters (C0, DEL, C1,
/// which include the escape that starts colour and cursor sequences) and the bidirectional
/// overrides that make text display in another order than it is stored.
pub(crate) fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text from the data, safe for a terminal, on one line: every unsafe character (line breaks
/// included) becomes `�`.
pub(crate) fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if is_unsafe(c) { '\u{fffd}' } else { c })
        .collect()
}

/// FNV-1a, 64 bits: a hash that is the same on every platform, Rust version and run (unlike
/// the standard library's), for fingerprints that must survive a re-run.
pub(crate) fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.iter().chain(&[0xff]) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_replaces_controls_and_overrides_one_for_one() {
        assert_eq!(clean("a\x1b[31mb\u{9b}c\u{202e}d\ne\r"), "a�[31mb�c�d�e�");
    }

    #[test]
    fn the_hash_is_fixed_and_separates_parts() {
        // Fixed values: a change here changes every fingerprint users have stored.
        assert_eq!(fnv1a(&[]), 0xcbf2_9ce4_8422_2325);
        assert_ne!(fnv1a(&[b"ab", b"c"]), fnv1a(&[b"a", b"bc"]));
        assert_eq!(fnv1a(&[b"x"]), fnv1a(&[b"x"]));
    }
}
