//! Lower-case Russian text spelled in ASCII, one byte per character, and patterns written for such
//! text spelled the same way, so that their word boundaries run on the regex crate's DFAs.
//!
//! In: lower-case text, or a pattern written for it. Out: the same text or pattern over an ASCII
//! alphabet, and for a match in the ASCII text the slice of the original it covers.
//!
//! The regex crate supports Unicode word boundaries (`\b`) in its DFAs only on ASCII haystacks:
//! on Cyrillic text a pattern with `\b` runs on its backtracker or Pike VM, several times slower.
//! Here each character becomes one ASCII byte that keeps what the pattern can tell about it:
//! - the 33 lower-case Cyrillic letters get letters of their own: а–я are `A`–`Z` then `a`–`f`,
//!   ё is `g` (so the range а–я is `A-Za-f`);
//! - the Latin letters `h`–`w`, `y` and `z` stay; the others (`a`–`g` stand for Cyrillic
//!   letters), and every other character that is a word character to Unicode, become `x`;
//! - the number sign «№» becomes `#`; white space becomes a space; other ASCII stays, but for
//!   `#`, which becomes `~` like every other character.
//!
//! So a character is a word character, white space, «№» or a given Cyrillic or kept Latin
//! letter in the ASCII text exactly when it is in the original, and a pattern that names none of
//! the Latin letters `a`–`g` and `x` and neither `#` nor `~` matches the ASCII text where it
//! matches the original (property tests hold the date tokenizer, the party patterns and the
//! header vocabulary to the patterns written for the text).
//!
//! ```
//! let shadow = roadmap_ascii::Shadow::of("до 16 сентября");
//! let month = regex::Regex::new(&roadmap_ascii::pattern(r"\bсентябр[а-яё]*")).unwrap();
//! let found = month.find(shadow.ascii()).unwrap();
//! assert_eq!(shadow.original(found), "сентября");
//! ```

use regex::Match;

/// The ASCII byte for one character of prepared text or of a pattern's literal.
fn code(c: char) -> u8 {
    const FIRST: u32 = 'а' as u32;
    match c {
        'а'..='я' => {
            let index = c as u32 - FIRST;
            // lossless: index < 32
            let index = index as u8;
            if index < 26 {
                b'A' + index
            } else {
                b'a' + (index - 26)
            }
        }
        'ё' => b'g',
        'h'..='w' | 'y' | 'z' => c as u8,
        '#' => b'~',
        c if c.is_ascii_alphabetic() => b'x',
        c if c.is_ascii() => c as u8,
        '№' => b'#',
        c if c.is_whitespace() => b' ',
        c if regex_syntax::is_word_character(c) => b'x',
        _ => b'~',
    }
}

/// A pattern written for lower-case text, spelled for its ASCII form: the class range а-я,
/// each Cyrillic letter and «№» rewritten; the rest of the pattern (syntax, group names, Latin
/// letters) kept.
pub fn pattern(unicode: &str) -> String {
    unicode.replace("а-я", "A-Za-f").chars().map(|c| if matches!(c, 'а'..='я' | 'ё' | '№') { char::from(code(c)) } else { c }).collect()
}

/// The ASCII spelling of `text` in lower case (of `text.to_lowercase()`, without building it),
/// for a pattern spelled with [`pattern`] to test.
pub fn spelled(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            // а–я lie 32 after А–Я
            'А'..='Я' => out.push(char::from(code(char::from_u32(c as u32 + 32).unwrap_or(c)))),
            'Ё' => out.push(char::from(code('ё'))),
            c if c.is_ascii() => out.push(char::from(code(c.to_ascii_lowercase()))),
            'а'..='я' | 'ё' => out.push(char::from(code(c))),
            c => out.extend(c.to_lowercase().map(|l| char::from(code(l)))),
        }
    }
    out
}

/// Lower-case text and its ASCII spelling, to find matches and read them in the original.
pub struct Shadow<'a> {
    text: &'a str,
    ascii: String,
    /// The byte offset in `text` of each character, and the text's length last.
    offsets: Vec<usize>,
}

impl<'a> Shadow<'a> {
    pub fn of(text: &'a str) -> Self {
        let mut ascii = String::with_capacity(text.len());
        let mut offsets = Vec::with_capacity(text.len() + 1);
        for (at, c) in text.char_indices() {
            ascii.push(char::from(code(c)));
            offsets.push(at);
        }
        offsets.push(text.len());
        Self { text, ascii, offsets }
    }

    /// The text itself standing for its spelling, to run a pattern written for the text through
    /// the same code (to compare the two).
    pub fn unchanged(text: &'a str) -> Self {
        Self { text, ascii: text.to_string(), offsets: (0..=text.len()).collect() }
    }

    /// The text to match the spelled pattern against.
    pub fn ascii(&self) -> &str {
        &self.ascii
    }

    /// The original text of a match in [`Shadow::ascii`].
    pub fn original(&self, m: Match<'_>) -> &'a str {
        let at = |i: usize| self.offsets.get(i).copied().unwrap_or(self.text.len());
        self.text.get(at(m.start())..at(m.end())).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cyrillic_letter_has_its_own_code() {
        let letters: Vec<char> = ('а'..='я').chain(['ё']).collect();
        let mut codes: Vec<u8> = letters.iter().map(|&c| code(c)).collect();
        assert!(codes.iter().all(|c| c.is_ascii_uppercase() || (b'a'..=b'g').contains(c)));
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 33);
    }

    #[test]
    fn what_a_pattern_can_tell_is_kept() {
        assert_eq!(Shadow::of("до 1.02, ж\u{2009}é—№#").ascii(), "EO 1.02, G x~#~");
        assert_eq!(Shadow::of("iv квартал x url abc").ascii(), "iv KCAQSAL x url xxx");
        assert_eq!(pattern(r"(?P<q>iv)\s*кв[а-яё]*\b"), r"(?P<q>iv)\s*KC[A-Za-fg]*\b");
    }

    proptest::proptest! {
        #[test]
        fn spelled_is_the_spelling_of_the_text_in_lower_case(text in "[а-яёА-ЯЁa-zA-Z0-9 .İΣσ\u{a0}-]{0,12}|\\PC{0,12}") {
            let lowered = text.to_lowercase();
            let shadow = Shadow::of(&lowered);
            proptest::prop_assert_eq!(spelled(&text), shadow.ascii());
        }
    }

    #[test]
    fn a_match_maps_back_to_the_original() {
        let shadow = Shadow::of("с 10 сентября 2021");
        let re = regex::Regex::new(&pattern(r"сентябр[а-яё]*")).unwrap();
        let m = re.find(shadow.ascii()).unwrap();
        assert_eq!(shadow.original(m), "сентября");
    }
}
