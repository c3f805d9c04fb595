//! Text rules every reader applies, so the same cell reads the same from DOCX, PDF and XLSX.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Normalize cell or paragraph text: Unicode NFC; soft hyphens and zero-width characters
/// dropped; runs of spaces, tabs and no-break spaces folded to one space; each line trimmed;
/// empty lines dropped; lines joined by `\n`.
pub fn normalize_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for line in raw.split(['\n', '\r', '\u{2028}', '\u{2029}', '\u{b}']) {
        let mut folded = String::with_capacity(line.len());
        let mut pending_space = false;
        let composed: Cow<str> = if is_nfc_quick(line.chars()) == IsNormalized::Yes { Cow::Borrowed(line) } else { Cow::Owned(line.nfc().collect()) };
        for ch in composed.chars() {
            match ch {
                '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{2060}' => {}
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
    let ends_in_hyphen = matches!(rev.next(), Some('-' | '‐'))
        && rev.next().is_some_and(|c| c.is_alphanumeric());
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

    #[test]
    fn folds_spaces_and_drops_soft_hyphens() {
        assert_eq!(normalize_text(" Дата\u{a0}\u{a0}реали\u{ad}зации\t\t2021 "), "Дата реализации 2021");
    }

    #[test]
    fn keeps_lines_and_drops_empty_ones() {
        assert_eq!(normalize_text("первая\n\n  вторая  \r\n"), "первая\nвторая");
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
