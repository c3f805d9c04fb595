//! Characters → text lines → paragraphs, with line joins decided from the layout.
//!
//! Characters on one baseline form a line; a space is inferred where the gap between two
//! characters is wider than a fraction of the font size and the PDF has no space glyph.
//! Lines of one box (a cell or the page body) are joined:
//! - a line that ends in a hyphen joins the next without a space («школ-» + «участниц»,
//!   «14.02.2022-» + «01.03.2022»); the hyphen is dropped only when the document itself
//!   spells the joined word without it elsewhere («образователь-» + «ных»);
//! - a single-word line that fills the box was broken at the box edge, not at a space, so it
//!   joins the next without a space («общеобразовате» + «льных»);
//! - a line followed by a word that would have fitted on it ended its paragraph (`\n`);
//! - anything else joins with a space.

use std::collections::BTreeSet;
use std::ops::Bound;
use std::sync::LazyLock;

use regex::Regex;

use roadmap_layout::cannot_start_a_word;

use crate::content::Char;

/// One line of text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub text: String,
    /// Left and right ends of the inked text.
    pub x0: f32,
    pub x1: f32,
    /// Baseline.
    pub y: f32,
    pub size: f32,
    /// Width of the first word.
    pub first_word: f32,
    /// A space glyph follows the last word: the line was broken at a space.
    pub trailing_space: bool,
}

/// Gap (in font sizes) from which two characters are separate words.
const WORD_GAP: f32 = 0.15;
/// Gap (in font sizes) that only a tab stop makes: the line holds separate items
/// («от 10.06.2021 … № 779», «Министр … А.С. Аникеев»), written with a `\t`. Letter-spaced
/// words («П Р И К А З») have wide gaps between single letters and are not split.
const TAB_GAP: f32 = 2.5;

/// Characters grouped by baseline, top to bottom, each group sorted left to right.
pub(crate) fn baselines<'a>(chars: &[&'a Char]) -> Vec<Vec<&'a Char>> {
    let mut sorted: Vec<&Char> = chars.to_vec();
    sorted.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut groups: Vec<Vec<&Char>> = Vec::new();
    for c in sorted {
        match groups.last_mut() {
            Some(g) if g.first().is_some_and(|f| (f.y - c.y).abs() <= 0.4 * f.size.max(c.size)) => g.push(c),
            _ => groups.push(vec![c]),
        }
    }
    for g in &mut groups {
        g.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    groups
}

/// Group characters into lines, top to bottom, each read left to right.
pub(crate) fn lines(chars: &[&Char]) -> Vec<Line> {
    baselines(chars).into_iter().filter_map(line_of).collect()
}

fn line_of(chars: Vec<&Char>) -> Option<Line> {
    let mut text = String::new();
    let mut previous: Option<&Char> = None;
    let (mut x0, mut x1) = (f32::MAX, f32::MIN);
    let mut first_word: Option<f32> = None;
    // Characters of the last word written, and whether a space or tab came after it.
    let (mut last_word_chars, mut after_break) = (0usize, false);
    let size = chars.iter().map(|c| c.size).fold(0.0, f32::max);
    for c in chars {
        if let Some(p) = previous {
            // A glyph painted twice at the same place (simulated bold) is one glyph.
            if p.text == c.text && (p.x0 - c.x0).abs() < 0.1 * c.size {
                continue;
            }
        }
        if c.is_space() {
            if x1 > f32::MIN && first_word.is_none() {
                first_word = Some(x1 - x0);
            }
            if !text.ends_with([' ', '\t']) && !text.is_empty() {
                text.push(' ');
                after_break = true;
            }
            previous = Some(c);
            continue;
        }
        if x1 > f32::MIN && c.x0 - x1 > TAB_GAP * c.size && last_word_chars >= 2 {
            if text.ends_with(' ') {
                text.pop();
            }
            text.push('\t');
            after_break = true;
        } else if let Some(p) = previous {
            if !p.is_space() && c.x0 - p.x1 > WORD_GAP * c.size.max(p.size) && !text.ends_with(' ') {
                if first_word.is_none() {
                    first_word = Some(x1 - x0);
                }
                text.push(' ');
                after_break = true;
            }
        }
        x0 = x0.min(c.x0);
        x1 = x1.max(c.x1);
        if std::mem::take(&mut after_break) {
            last_word_chars = 0;
        }
        last_word_chars += c.text.chars().count();
        text.push_str(&c.text);
        previous = Some(c);
    }
    let trailing_space = text.ends_with(' ');
    let text = text.trim().to_string();
    let y = previous.map_or(0.0, |p| p.y);
    (!text.is_empty()).then(|| Line { text, x0, x1, y, size, first_word: first_word.unwrap_or(x1 - x0), trailing_space })
}

/// Words the document spells in full: every word inside a line (not at either end, where it
/// may be a fragment), lower-cased. The evidence for rejoining words broken at a line end.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    words: BTreeSet<String>,
}

/// Every word form of the Russian Hunspell dictionary (see `dictionaries/README.md`), as a
/// finite-state set built by `scripts/build-wordlist.sh`: opening it reads a header, and a
/// look-up walks the set in place, so no process pays for parsing a dictionary.
static DICTIONARY: LazyLock<Option<fst::Set<&'static [u8]>>> =
    LazyLock::new(|| fst::Set::new(&include_bytes!("../../../dictionaries/ru_RU.fst")[..]).ok());

/// A word form of the Russian dictionary, as written (lowercase for common words).
pub fn spelled(word: &str) -> bool {
    !word.is_empty() && DICTIONARY.as_ref().is_some_and(|d| d.contains(word))
}

impl Vocabulary {
    /// Add the inner words of one line.
    pub fn add_line(&mut self, text: &str) {
        let words: Vec<&str> = text.split([' ', '\t']).collect();
        if words.len() < 3 {
            return;
        }
        for word in words[1..words.len() - 1].iter().flat_map(|w| w.split('/')) {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            if word.chars().count() > 3 && word.chars().all(|c| roadmap_layout::is_letter(c) || c == '-') {
                self.words.insert(roadmap_layout::lowercase(word));
            }
        }
    }

    fn knows(&self, word: &str) -> bool {
        self.words.contains(&roadmap_layout::lowercase(word))
    }

    /// A word of the document or of the Russian dictionary.
    fn is_word(&self, word: &str) -> bool {
        self.knows(word) || spelled(word) || spelled(&roadmap_layout::lowercase(word))
    }

    /// `fragment` is not a word the document uses, but the beginning of longer ones.
    fn only_begins(&self, fragment: &str) -> bool {
        let fragment = roadmap_layout::lowercase(fragment);
        fragment.chars().count() > 3
            && !self.words.contains(&fragment)
            && self
                .words
                .range::<str, _>((Bound::Included(fragment.as_str()), Bound::Unbounded))
                .next()
                .is_some_and(|w| w.starts_with(&fragment))
    }
}

/// The box the lines were set in: its left and right edges.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    pub x0: f32,
    pub x1: f32,
    /// The box is a cell whose inner padding is read from its lines; a text column has none.
    pub padded: bool,
}

static LIST_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[А-ЯA-Zа-яa-z]\)|[0-9]{1,2}[.)]\s|[-–—•]\s*\S)").unwrap_or_else(|e| unreachable!("list item pattern: {e}"))
});

fn first_word(text: &str) -> &str {
    text.split(' ').next().unwrap_or("")
}

/// A piece of a web address: the line ends inside it when the next line goes on with it.
fn is_address(word: &str) -> bool {
    word.contains("://") || word.starts_with("www.") || (is_address_tail(word) && word.contains(['=', '&', '?', '/', '_']))
}

fn is_address_tail(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_ascii_graphic()) && !word.ends_with([',', ';'])
}

/// How the break after `line` is read: `""` joins, `" "` wraps, `"\n"` ends a paragraph,
/// `"\0"` joins dropping the line's final hyphen. `token` is the text's last token so far
/// (a word or address that may have begun on earlier lines).
fn separator(token: &str, line: &Line, next: &Line, width: f32, vocabulary: &Vocabulary) -> &'static str {
    let paragraph_ends = line.x1 - line.x0 + 0.25 * line.size + next.first_word < width - 0.5 * line.size
        || (LIST_ITEM.is_match(&next.text) && line.text.ends_with([',', ';', '.', ':']));
    let wrap = if paragraph_ends { "\n" } else { " " };
    if line.trailing_space {
        return wrap;
    }
    let mut tail = line.text.chars().rev();
    let (last, before) = (tail.next().unwrap_or(' '), tail.next().unwrap_or(' '));
    let next_word = first_word(&next.text);
    let next_first = next_word.chars().next().unwrap_or(' ');
    if matches!(last, '-' | '‐') && before.is_alphanumeric() {
        let head = token.trim_end_matches(['-', '‐']);
        let continuation: String = next.text.chars().take_while(|c| c.is_alphabetic()).collect();
        let joined = format!("{head}{continuation}");
        let hyphenated = format!("{head}-{continuation}");
        if before.is_alphabetic() && !continuation.is_empty() && vocabulary.is_word(&joined) && !vocabulary.is_word(&hyphenated) {
            return "\0";
        }
        return "";
    }
    if matches!(next_first, '.' | ',' | ';' | ':' | '!' | '?' | ')' | '»') {
        return "";
    }
    if last == '/' && before.is_alphanumeric() {
        return "";
    }
    // A list dash at the line end belongs to the next line's first word («; -» + «разработка»).
    if last == '-' && before == ' ' {
        return "";
    }
    if is_address(token) && is_address_tail(next_word) {
        return "";
    }
    if last.is_alphabetic() && next_first.is_lowercase() {
        if cannot_start_a_word(next_word) {
            return "";
        }
        // The word before the break, from its last letter run («вебинаров/семина» → «семина»).
        let head: String = token.chars().rev().take_while(|c| c.is_alphabetic()).collect::<Vec<_>>().into_iter().rev().collect();
        let tail: String = next_word.chars().take_while(|c| c.is_alphabetic()).collect();
        let joined = format!("{head}{tail}");
        let single_letter = tail.chars().count() == 1;
        // a one-letter preposition or conjunction standing alone («школ» + «с низкими») is a
        // word of its own, unless the joined form is a word and the part before is not, or the
        // document itself writes the joined form; when neither is a known word, the document's
        // longer words that begin like the part before decide
        if single_letter && next_word.chars().count() == 1 && matches!(next_first, 'с' | 'в' | 'к' | 'о' | 'у' | 'и' | 'а' | 'я') {
            let head_is_word = vocabulary.is_word(&head);
            let joins = (vocabulary.is_word(&joined) && !head_is_word)
                || vocabulary.knows(&joined)
                || (!head_is_word && vocabulary.only_begins(&head));
            return if joins { "" } else { wrap };
        }
        let both_words = vocabulary.is_word(&head) && vocabulary.is_word(&tail);
        if (vocabulary.is_word(&joined) && (!both_words || vocabulary.knows(&joined))) || (single_letter && vocabulary.only_begins(&head)) {
            return "";
        }
    }
    wrap
}

/// `next` starts with the number that follows one a line of `text` starts with («2. » after
/// a line «1. …»).
fn next_list_item(text: &str, next: &str) -> bool {
    let digits: String = next.chars().take_while(char::is_ascii_digit).collect();
    let Ok(n) = digits.parse::<u32>() else { return false };
    let after = &next[digits.len()..];
    if n < 2 || digits.len() > 2 || !(after.starts_with(". ") || after.starts_with(") ")) {
        return false;
    }
    let previous = n - 1;
    text.split('\n')
        .any(|line| line.strip_prefix(&previous.to_string()).is_some_and(|rest| rest.starts_with(". ") || rest.starts_with(") ")))
}

/// Join the lines set in `frame` into text (paragraphs separated by `\n`).
pub(crate) fn join(lines: &[Line], frame: Frame, vocabulary: &Vocabulary) -> String {
    join_with_starts(lines, frame, vocabulary).0
}

/// [`join`], with where each line's text starts in the joined text (a byte offset).
pub(crate) fn join_with_starts(lines: &[Line], frame: Frame, vocabulary: &Vocabulary) -> (String, Vec<usize>) {
    let Some(first) = lines.first() else { return (String::new(), Vec::new()) };
    // Padding: the smallest distance from the frame's left edge to a line.
    let padding = if frame.padded {
        lines.iter().map(|l| (l.x0 - frame.x0).max(0.0)).fold(f32::MAX, f32::min).min(0.5 * (frame.x1 - frame.x0))
    } else {
        0.0
    };
    let width = frame.x1 - frame.x0 - 2.0 * padding;
    let mut text = first.text.clone();
    let mut starts = Vec::with_capacity(lines.len());
    starts.push(0);
    for pair in lines.windows(2) {
        let token = text.rsplit([' ', '\n']).next().unwrap_or("").to_string();
        // the next item of a numbered list the text has begun («1. …» then «2. …») starts a
        // paragraph, whether or not the item before ended with punctuation
        if next_list_item(&text, &pair[1].text) {
            text.push('\n');
        } else {
            match separator(&token, &pair[0], &pair[1], width, vocabulary) {
                "\u{0}" => {
                    text.pop();
                }
                sep => text.push_str(sep),
            }
        }
        starts.push(text.len());
        text.push_str(&pair[1].text);
    }
    (text, starts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line of monospaced characters: each 5 units wide at size 10, starting at `x`.
    fn line(text: &str, x: f32, y: f32) -> Line {
        let chars: Vec<Char> = text
            .chars()
            .enumerate()
            .map(|(i, ch)| Char {
                text: ch.to_string().into(),
                x0: x + 5.0 * i as f32,
                x1: x + 5.0 * (i + 1) as f32,
                y,
                size: 10.0,
                confidence: None,
            })
            .collect();
        let refs: Vec<&Char> = chars.iter().collect();
        lines(&refs).remove(0)
    }

    fn joined(parts: &[&str], frame_width: f32, vocabulary: &Vocabulary) -> String {
        let lines: Vec<Line> = parts.iter().enumerate().map(|(i, t)| line(t, 2.0, 100.0 - 12.0 * i as f32)).collect();
        join(&lines, Frame { x0: 0.0, x1: frame_width, padded: true }, vocabulary)
    }

    #[test]
    fn infers_spaces_from_gaps_and_orders_lines() {
        let chars = [
            Char { text: "б".into(), x0: 20.0, x1: 25.0, y: 50.0, size: 10.0, confidence: None },
            Char { text: "а".into(), x0: 0.0, x1: 5.0, y: 50.2, size: 10.0, confidence: None },
            Char { text: "в".into(), x0: 5.2, x1: 10.0, y: 50.0, size: 10.0, confidence: None },
            Char { text: "г".into(), x0: 0.0, x1: 5.0, y: 38.0, size: 10.0, confidence: None },
        ];
        let refs: Vec<&Char> = chars.iter().collect();
        let got: Vec<String> = lines(&refs).into_iter().map(|l| l.text).collect();
        assert_eq!(got, vec!["ав б", "г"]);
        let tabbed = [
            Char { text: "А".into(), x0: 0.0, x1: 5.0, y: 50.0, size: 10.0, confidence: None },
            Char { text: "Б".into(), x0: 5.0, x1: 10.0, y: 50.0, size: 10.0, confidence: None },
            Char { text: " ".into(), x0: 10.0, x1: 13.0, y: 50.0, size: 10.0, confidence: None },
            Char { text: "В".into(), x0: 100.0, x1: 105.0, y: 50.0, size: 10.0, confidence: None },
        ];
        let refs: Vec<&Char> = tabbed.iter().collect();
        assert_eq!(lines(&refs)[0].text, "АБ\tВ");
    }

    #[test]
    fn hyphen_at_line_end_keeps_the_hyphen() {
        let v = Vocabulary::default();
        assert_eq!(joined(&["Отбор школ-", "участниц"], 60.0, &v), "Отбор школ-участниц");
        assert_eq!(joined(&["14.02.2022-", "01.03.2022"], 60.0, &v), "14.02.2022-01.03.2022");
    }

    #[test]
    fn hyphenation_break_is_rejoined_on_evidence_only() {
        let mut v = Vocabulary::default();
        assert_eq!(joined(&["образователь-", "ных"], 70.0, &v), "образовательных");
        assert_eq!(joined(&["вебинар-", "ных"], 70.0, &v), "вебинар-ных");
        v.add_line("для вебинарных занятий");
        assert_eq!(joined(&["вебинар-", "ных"], 70.0, &v), "вебинарных");
    }

    #[test]
    fn word_broken_at_the_cell_edge_is_one_word_on_evidence() {
        let mut v = Vocabulary::default();
        assert_eq!(joined(&["100% общеобразовате", "льных школ"], 100.0, &v), "100% общеобразовательных школ");
        assert_eq!(joined(&["централизованног", "о сбора"], 100.0, &v), "централизованного сбора");
        assert_eq!(joined(&["организация", "круглых столов"], 100.0, &v), "организация круглых столов");
        assert_eq!(joined(&["информационной", "готовности"], 100.0, &v), "информационной готовности");
        assert_eq!(joined(&["100% общеобразовател", "ьных школ"], 100.0, &v), "100% общеобразовательных школ");
        assert_eq!(joined(&["Информационно", "е сопровождение"], 70.0, &v), "Информационное сопровождение");
        assert_eq!(joined(&["Организация", "и проведение"], 60.0, &v), "Организация и проведение");
        v.add_line("для семинара/вебинара по итогам");
        assert_eq!(joined(&["семинара/вебинар", "а по итогам"], 80.0, &v), "семинара/вебинара по итогам");
        v.add_line("для общеобразовательных организаций");
        // A line broken at a space glyph is never glued.
        let mut spaced = line("общеобразовате", 2.0, 100.0);
        spaced.trailing_space = true;
        assert_eq!(join(&[spaced, line("льных", 2.0, 88.0)], Frame { x0: 0.0, x1: 74.0, padded: true }, &v), "общеобразовате льных");
    }

    #[test]
    fn the_next_item_of_a_numbered_list_starts_a_paragraph() {
        let v = Vocabulary::default();
        assert_eq!(
            joined(&["1. Заседания ШМО по утверждению рабочих", "программ", "2. Собеседование с учителями"], 200.0, &v),
            "1. Заседания ШМО по утверждению рабочих программ\n2. Собеседование с учителями"
        );
        // «2.» with no «1.» before it is not a list item: a number that wrapped
        assert_eq!(joined(&["выделено средств на сумму", "2. 5 млн"], 130.0, &v), "выделено средств на сумму 2. 5 млн");
    }

    #[test]
    fn a_one_letter_preposition_is_a_word_of_its_own() {
        let mut v = Vocabulary::default();
        // the document writes longer words that begin like the line's last one
        v.add_line("для школьных команд и школьников");
        assert_eq!(joined(&["для школ", "с низкими результатами"], 45.0, &v), "для школ с низкими результатами");
        assert_eq!(joined(&["работа со школ", "в рамках проекта"], 75.0, &v), "работа со школ в рамках проекта");
        // a letter that only ends the word before it joins it
        assert_eq!(joined(&["мероприяти", "я проекта"], 55.0, &v), "мероприятия проекта");
    }

    #[test]
    fn addresses_slashes_and_punctuation_continue_without_space() {
        let v = Vocabulary::default();
        assert_eq!(joined(&["http://site.ru/index.php?", "option=com&id=7"], 100.0, &v), "http://site.ru/index.php?option=com&id=7");
        assert_eq!(
            joined(&["http://kgiro.ru/index.ph", "p?", "option=com&vie", "w=7"], 130.0, &v),
            "http://kgiro.ru/index.php?option=com&view=7"
        );
        assert_eq!(joined(&["Разработаны/", "скорректированы"], 80.0, &v), "Разработаны/скорректированы");
        assert_eq!(joined(&["учитель/кл", ".руководитель"], 60.0, &v), "учитель/кл.руководитель");
        assert_eq!(joined(&["образовательных результатов,", "Б) а также"], 150.0, &v), "образовательных результатов,\nБ) а также");
    }

    #[test]
    fn a_word_that_would_have_fitted_starts_a_paragraph() {
        let v = Vocabulary::default();
        assert_eq!(joined(&["Минобразования", "ИРО"], 200.0, &v), "Минобразования\nИРО");
        // «организаций» (11 × 5 = 55) does not fit after «проведение совещания» in 150 units.
        assert_eq!(joined(&["проведение совещания для", "организаций"], 150.0, &v), "проведение совещания для организаций");
    }
}
