//! Text rules every reader applies, so the same cell reads the same from DOCX, PDF and XLSX.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Normalize cell or paragraph text: Unicode NFC; soft hyphens and zero-width characters
/// dropped; runs of spaces, tabs and no-break spaces folded to one space; each line trimmed;
/// empty lines dropped; lines joined by `\n`.
pub fn normalize_text(raw: &str) -> String {
    if is_normal(raw) {
        raw.to_string()
    } else {
        rebuild(raw)
    }
}

/// Characters dropped from text: soft hyphens and zero-width ones.
fn is_dropped(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{2060}')
}

/// [`normalize_text`] character by character.
fn rebuild(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for line in raw.split(['\n', '\r', '\u{2028}', '\u{2029}', '\u{b}']) {
        let mut folded = String::with_capacity(line.len());
        let mut pending_space = false;
        // Dropped characters go first, so that what they separated composes.
        let kept: Cow<str> =
            if line.contains(is_dropped) { Cow::Owned(line.chars().filter(|&c| !is_dropped(c)).collect()) } else { Cow::Borrowed(line) };
        let composed: Cow<str> = if is_nfc_quick(kept.chars()) == IsNormalized::Yes { kept } else { Cow::Owned(kept.nfc().collect()) };
        for ch in composed.chars() {
            match ch {
                c if c == ' ' || c == '\t' || c == '\u{a0}' || c == '\u{202f}' || c == '\u{2007}' || (c.is_whitespace()) => {
                    pending_space = true;
                }
                c if c.is_control() => {}
                c => {
                    if pending_space && !folded.is_empty() {
                        folded.push(' ');
                    }
                    pending_space = false;
                    folded.push(c);
                }
            }
        }
        if folded.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&folded);
    }
    out
}

/// `text` is already what [`normalize_text`] makes of it: no characters it drops or folds,
/// no spaces at line ends or doubled, no empty lines, and only characters that are NFC
/// whatever surrounds them (Latin-1, Cyrillic without its combining marks, general
/// punctuation and letterlike symbols such as «№»). Most cell texts are; this check is much
/// cheaper than rebuilding them.
fn is_normal(text: &str) -> bool {
    let mut previous = '\n';
    for c in text.chars() {
        let plain = match c {
            ' ' => previous != ' ' && previous != '\n',
            '\n' => previous != ' ' && previous != '\n',
            '\u{21}'..='\u{7e}' => true,
            '\u{a1}'..='\u{ac}' | '\u{ae}'..='\u{2ff}' => true,
            '\u{400}'..='\u{482}' | '\u{48a}'..='\u{52f}' => true,
            '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}' | '\u{2100}'..='\u{214f}' => true,
            _ => false,
        };
        if !plain {
            return false;
        }
        previous = c;
    }
    previous != ' ' && previous != '\n'
}

/// `text` in lower case as [`str::to_lowercase`] gives it, told at once for ASCII and Russian
/// letters (the standard library looks every other letter up in its tables).
pub fn lowercase(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match lower_at_once(c) {
            Some(lower) => out.push(lower),
            // a capital sigma lowers by what stands around it: the standard library's rule
            None if c == 'Σ' => return text.to_lowercase(),
            None => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The lower case of an ASCII character or a Russian letter, told without the Unicode tables;
/// `None` for any other character.
pub fn lower_at_once(c: char) -> Option<char> {
    match c {
        c if c.is_ascii() => Some(c.to_ascii_lowercase()),
        'а'..='я' | 'ё' => Some(c),
        // а–я lie 32 after А–Я
        'А'..='Я' => char::from_u32(c as u32 + 32),
        'Ё' => Some('ё'),
        _ => None,
    }
}

/// A letter ([`char::is_alphabetic`]), told at once for Russian letters.
pub fn is_letter(c: char) -> bool {
    matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё') || c.is_alphabetic()
}

/// A capital letter ([`char::is_uppercase`]), told at once for Russian letters.
pub fn is_capital(c: char) -> bool {
    match c {
        'А'..='Я' | 'Ё' => true,
        'а'..='я' | 'ё' => false,
        c => c.is_uppercase(),
    }
}

/// Russian spelling: no word starts with «ь», «ъ» or «ы», and the only one-letter words are
/// «а в и к о с у я». Text that starts otherwise continues a word broken before it.
pub fn cannot_start_a_word(word: &str) -> bool {
    let mut chars = word.chars();
    let lower_cyrillic = |c: char| ('а'..='я').contains(&c);
    match (chars.next(), chars.next()) {
        (Some('ь' | 'ъ' | 'ы'), _) => true,
        (Some(c), None) => lower_cyrillic(c) && !"авикосуя".contains(c),
        (Some(c), Some(d)) => lower_cyrillic(c) && !d.is_alphanumeric() && !matches!(d, ')' | '.') && !"авикосуя".contains(c),
        _ => false,
    }
}

/// Join a line (or a cell fragment) broken by a line or page end to what follows it.
///
/// A line ending in a hyphen right after a letter or digit («школ-», «14.02.2022-») joins the
/// next without a space, keeping the hyphen; a fragment that cannot start a word
/// ([`cannot_start_a_word`]: «общеобразовател» + «ьных») joins without a space; anything else
/// joins with one space.
pub fn join_broken_line(first: &str, next: &str) -> String {
    let first = first.trim_end();
    let next = next.trim_start();
    if first.is_empty() {
        return next.to_string();
    }
    if next.is_empty() {
        return first.to_string();
    }
    let mut rev = first.chars().rev();
    let ends_in_hyphen = matches!(rev.next(), Some('-' | '‐')) && rev.next().is_some_and(|c| c.is_alphanumeric());
    let broken_word = first.ends_with(char::is_alphabetic) && cannot_start_a_word(next.split(' ').next().unwrap_or(""));
    if ends_in_hyphen || broken_word {
        format!("{first}{next}")
    } else {
        format!("{first} {next}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn letters_and_capitals_as_the_standard_library_tells_them(c in any::<char>()) {
            prop_assert_eq!(is_letter(c), c.is_alphabetic());
            prop_assert_eq!(is_capital(c), c.is_uppercase());
        }
    }

    proptest! {
        #[test]
        fn lowercase_as_the_standard_library_lowers(text in "[а-яёА-ЯЁa-zA-Z0-9 .İΣσẞ-]{0,12}|\\PC{0,12}") {
            prop_assert_eq!(lowercase(&text), text.to_lowercase());
        }
    }

    #[test]
    fn russian_letters_and_capitals() {
        assert!(('а'..='я').chain('А'..='Я').chain(['ё', 'Ё']).all(is_letter));
        assert!(('А'..='Я').chain(['Ё']).all(is_capital) && !('а'..='я').chain(['ё']).any(is_capital));
    }

    #[test]
    fn folds_spaces_and_drops_soft_hyphens() {
        assert_eq!(normalize_text(" Дата\u{a0}\u{a0}реали\u{ad}зации\t\t2021 "), "Дата реализации 2021");
    }

    #[test]
    fn keeps_lines_and_drops_empty_ones() {
        assert_eq!(normalize_text("первая\n\n  вторая  \r\n"), "первая\nвторая");
    }

    #[test]
    fn already_normal_text_is_recognized() {
        for text in ["Отбор школ «500+» № 5 – 2021 г.\nвторая строка", "x", "ёЁйЙ"] {
            assert!(is_normal(text), "{text:?}");
            assert_eq!(normalize_text(text), text);
        }
        for text in ["", " a", "a ", "a  b", "a\n\nb", "a \nb", "a\tb", "a\u{a0}b", "и\u{306}", "a\u{ad}b", "a\u{2028}b", "\u{1}"] {
            assert!(!is_normal(text), "{text:?}");
        }
    }

    proptest! {
        /// Normalizing is idempotent, and text the fast path keeps is what the full rebuild
        /// makes of it.
        #[test]
        fn fast_path_agrees(text in "[ a-zа-яё\n\t\u{a0}\u{ad}\u{301}«»№–.,]{0,40}") {
            let once = normalize_text(&text);
            prop_assert_eq!(normalize_text(&once), once.clone());
            for t in [&text, &once] {
                if is_normal(t) {
                    prop_assert_eq!(&rebuild(t), t);
                }
            }
        }
    }

    #[test]
    fn composes_to_nfc() {
        // «й» written as и + combining breve
        assert_eq!(normalize_text("и\u{306}"), "й");
    }

    #[test]
    fn joins_hyphenated_lines_without_space() {
        assert_eq!(join_broken_line("школ-", "участниц"), "школ-участниц");
        assert_eq!(join_broken_line("14.02.2022-", "01.03.2022"), "14.02.2022-01.03.2022");
        assert_eq!(join_broken_line("Отбор", "школ"), "Отбор школ");
        assert_eq!(join_broken_line("период –", "май"), "период – май");
        assert_eq!(join_broken_line("100% общеобразовател", "ьных организаций"), "100% общеобразовательных организаций");
        assert_eq!(join_broken_line("Информационно", "е сопровождение"), "Информационное сопровождение");
        assert_eq!(join_broken_line("Отбор", "в кураторы"), "Отбор в кураторы");
    }

    proptest! {
        #[test]
        fn normalization_is_idempotent(s in "\\PC{0,60}") {
            let once = normalize_text(&s);
            prop_assert_eq!(normalize_text(&once), once.clone());
            prop_assert!(!once.contains("  "));
            prop_assert!(!once.contains(char::from_u32(0xad).unwrap_or(' ')));
        }
    }
}
