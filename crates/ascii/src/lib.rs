//! Lower-case Russian text spelled in ASCII, one byte per character, and patterns written for such
//! text spelled the same way, so that their word boundaries run on the regex crate's DFAs.
//!
//! In: lower-case text, or a pattern written for it. Out: the same text or pattern over an ASCII
//! alphabet, and for a match in the ASCII text the slice of the original it covers.
//!
//! The regex crate supports Unicode word boundaries (`\b`) in its DFAs only on ASCII haystacks:
//! on Cyrillic text a pattern with `\b` runs on its backtracker or Pike VM, several times slower.
//! Here each character becomes one ASCII byte that keeps what a pattern can tell about it:
//! - the 33 lower-case Cyrillic letters get letters of their own: а–я are `A`–`Z` then `a`–`f`,
//!   ё is `g`;
//! - the Latin letters `h`–`w`, `y` and `z` stay; the others (`a`–`g` stand for Cyrillic
//!   letters), and every other character that is a word character to Unicode, become `x`;
//! - the number sign «№» becomes `#`; white space outside ASCII becomes `\x0B` (ASCII white
//!   space stays); other ASCII stays, but for `#`, which becomes `~` like every other character.
//!
//! A pattern is spelled ([`pattern`]) through its syntax tree: each literal character and each
//! class is replaced by the codes of the characters it matches, and a pattern is refused when a
//! code would stand for characters it tells apart (the letter «é» alone, or `\d`, which holds
//! some of the characters spelled `x` but not others). So a spelled pattern matches the
//! spelling of a text exactly where the pattern matches the text; word boundaries hold because
//! a character is a word character exactly when its code is.
//!
//! ```
//! let shadow = roadmap_ascii::Shadow::of("до 16 сентября");
//! let month = regex::Regex::new(&roadmap_ascii::pattern(r"\bсентябр[а-яё]*").unwrap()).unwrap();
//! let found = month.find(shadow.ascii()).unwrap();
//! assert_eq!(shadow.original(found), "сентября");
//! ```

use std::sync::LazyLock;

use regex::Match;
use regex_syntax::hir::{Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Literal, Look, Repetition};

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
        c if c.is_whitespace() => 0x0B,
        c if regex_syntax::is_word_character(c) => b'x',
        _ => b'~',
    }
}

/// Why a pattern cannot be spelled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unspellable {
    #[error("not a pattern: {0}")]
    Syntax(String),
    #[error("it tells apart characters the spelling writes alike: {0}")]
    Ambiguous(String),
    #[error("it has ASCII word boundaries")]
    AsciiBoundary,
}

/// A pattern written for lower-case text, spelled for the text's ASCII spelling: one that
/// matches the spelling of a text exactly where the pattern matches the text, its capture
/// groups kept; refused when no such pattern exists (see the module's comment).
pub fn pattern(unicode: &str) -> Result<String, Unspellable> {
    let hir = regex_syntax::Parser::new().parse(unicode).map_err(|e| Unspellable::Syntax(e.to_string()))?;
    Ok(spell_hir(&hir)?.to_string())
}

/// The characters spelled alike: each shared code with the class of what it stands for.
static SHARED_CODES: LazyLock<[(u8, ClassUnicode); 3]> = LazyLock::new(|| {
    let class = |pattern: &str| match regex_syntax::Parser::new().parse(pattern).map(Hir::into_kind) {
        Ok(HirKind::Class(Class::Unicode(class))) => class,
        _ => unreachable!("a class of the spelling: {pattern}"),
    };
    [
        (b'x', class(r"[[\w--[\x00-\x7F]--[а-яё]][a-gxA-Z]]")),
        (b'~', class(r"[#~[^\x00-\x7F\w\s№]]")),
        (0x0B, class(r"[\x0B[\s--[\x00-\x7F]]]")),
    ]
});

/// The spelling of a syntax tree.
fn spell_hir(hir: &Hir) -> Result<Hir, Unspellable> {
    Ok(match hir.kind() {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(Literal(bytes)) => {
            let text = std::str::from_utf8(bytes).map_err(|_| Unspellable::Ambiguous("a literal that is not text".into()))?;
            let mut spelled = Vec::with_capacity(text.len());
            for c in text.chars() {
                let byte = code(c);
                if SHARED_CODES.iter().any(|(shared, _)| *shared == byte) {
                    return Err(Unspellable::Ambiguous(c.to_string()));
                }
                spelled.push(byte);
            }
            Hir::literal(spelled)
        }
        HirKind::Class(Class::Unicode(class)) => Hir::class(Class::Unicode(spell_class(class)?)),
        HirKind::Class(Class::Bytes(class)) if class.is_ascii() => {
            let unicode = class.to_unicode_class().ok_or_else(|| Unspellable::Ambiguous("a class of bytes".into()))?;
            Hir::class(Class::Unicode(spell_class(&unicode)?))
        }
        HirKind::Class(Class::Bytes(_)) => return Err(Unspellable::Ambiguous("a class of bytes".into())),
        HirKind::Look(look) => match look {
            Look::WordAscii
            | Look::WordAsciiNegate
            | Look::WordStartAscii
            | Look::WordEndAscii
            | Look::WordStartHalfAscii
            | Look::WordEndHalfAscii => return Err(Unspellable::AsciiBoundary),
            // anchors look at ASCII line ends, Unicode boundaries at word characters: both kept
            _ => Hir::look(*look),
        },
        HirKind::Repetition(Repetition { min, max, greedy, sub }) => {
            Hir::repetition(Repetition { min: *min, max: *max, greedy: *greedy, sub: Box::new(spell_hir(sub)?) })
        }
        HirKind::Capture(Capture { index, name, sub }) => {
            Hir::capture(Capture { index: *index, name: name.clone(), sub: Box::new(spell_hir(sub)?) })
        }
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(spell_hir).collect::<Result<_, _>>()?),
        HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(spell_hir).collect::<Result<_, _>>()?),
    })
}

/// The codes of a class's characters; refused when it holds some of the characters a shared
/// code stands for but not all.
fn spell_class(class: &ClassUnicode) -> Result<ClassUnicode, Unspellable> {
    let mut codes: Vec<u8> = Vec::new();
    for (byte, stands_for) in SHARED_CODES.iter() {
        let mut common = class.clone();
        common.intersect(stands_for);
        if common == *stands_for {
            codes.push(*byte);
        } else if !common.ranges().is_empty() {
            return Err(Unspellable::Ambiguous(format!(
                "{class:?} holds some of what «{}» stands for",
                char::from(*byte).escape_default()
            )));
        }
    }
    // every other code stands for one character: an ASCII one, a Russian letter or «№»
    let singles = |from: char, to: char| (from as u32..=to as u32).filter_map(char::from_u32);
    for range in class.ranges() {
        let within = |low: char, high: char| singles(range.start().max(low), range.end().min(high));
        for c in within('\0', '\x7F').chain(within('а', 'я')).chain(within('ё', 'ё')).chain(within('№', '№')) {
            let byte = code(c);
            if !SHARED_CODES.iter().any(|(shared, _)| *shared == byte) {
                codes.push(byte);
            }
        }
    }
    Ok(ClassUnicode::new(codes.into_iter().map(|b| ClassUnicodeRange::new(char::from(b), char::from(b)))))
}

/// The ASCII spelling of `text` in lower case (of `text.to_lowercase()`, without building it),
/// for a pattern spelled with [`pattern`] to test.
pub fn spelled(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match roadmap_layout::lower_at_once(c) {
            Some(lower) => out.push(char::from(code(lower))),
            None => out.extend(c.to_lowercase().map(|l| char::from(code(l)))),
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
        assert_eq!(Shadow::of("до 1.02, ж\u{2009}é—№#").ascii(), "EO 1.02, G\x0Bx~#~");
        assert_eq!(Shadow::of("iv квартал x url abc").ascii(), "iv KCAQSAL x url xxx");
        let spelled = pattern(r"(?P<q>iv)\s*кв[а-яё]*\b").unwrap();
        let re = regex::Regex::new(&spelled).unwrap();
        let shadow = Shadow::of("за iv\u{a0}кв.");
        let found = re.captures(shadow.ascii()).unwrap();
        assert_eq!((shadow.original(found.get(0).unwrap()), shadow.original(found.name("q").unwrap())), ("iv\u{a0}кв", "iv"));
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
    fn patterns_that_tell_apart_what_is_spelled_alike_are_refused() {
        for refused in [r"é", r"\d", r"[a-z]", r"[^а-яё]x", r"\x{2009}", r"#", r"(?-u:\b)", r"(?i)url"] {
            assert!(pattern(refused).is_err(), "{refused}");
        }
        for spelled in [r"\w+", r"[^.]*", r"\s", r"\W", r"[^\s]", r".", r"url", r"\bрпш\b", r"№\s*[0-9]+", r"[а-е]|[ш-я]"] {
            assert!(pattern(spelled).is_ok(), "{spelled}");
        }
    }

    proptest::proptest! {
        // a spelled pattern matches the spelling of a text where the pattern matches the text
        #[test]
        fn spelled_patterns_match_where_the_patterns_match(
            written in proptest::sample::select(vec![r"\w+", r"[^.]*к", r"\s+", r"\W", r"[^\s]{2}", r"\bрпш\b", r"№\s*[0-9]+", r"[а-е]+|[ш-я]+", r"\b[тр]\w*\b", r"^\S+$", r"ё.\b"]),
            text in "[а-яёa-zA-ZА-ЯЁ0-9 .,№#~éß\u{a0}\u{2009}\t—_-]{0,16}",
        ) {
            let lowered = text.to_lowercase();
            let shadow = Shadow::of(&lowered);
            let spelled = regex::Regex::new(&pattern(written).unwrap()).unwrap();
            let original = regex::Regex::new(written).unwrap();
            let found: Vec<&str> = spelled.find_iter(shadow.ascii()).map(|m| shadow.original(m)).collect();
            let expected: Vec<&str> = original.find_iter(&lowered).map(|m| m.as_str()).collect();
            proptest::prop_assert_eq!(found, expected);
        }
    }

    #[test]
    fn a_match_maps_back_to_the_original() {
        let shadow = Shadow::of("с 10 сентября 2021");
        let re = regex::Regex::new(&pattern(r"сентябр[а-яё]*").unwrap()).unwrap();
        let m = re.find(shadow.ascii()).unwrap();
        assert_eq!(shadow.original(m), "сентября");
    }
}
