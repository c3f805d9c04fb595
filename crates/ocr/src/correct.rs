//! Corrections of recognition errors typical of the genre, each narrow enough never to touch
//! an ordinary word.
//!
//! In: the words of a line, with their boxes. Out: the same words with
//! - Latin letters read for their Cyrillic look-alikes made Cyrillic (`K.H.` → `К.Н.`,
//!   `Oтбор` → `Отбор`), in a word made only of look-alikes or mixing the two scripts, on a
//!   line with Cyrillic text (never in an address: `/`, `@`, `:`);
//! - a word split in two rejoined when the two parts are not both words and together are a
//!   word of the Russian dictionary («ежекварталь но» → «ежеквартально»);
//! - letters read inside runs of digits in dates and numbers made digits (О/o → 0, З → 3,
//!   б → 6, l/I/| → 1), only in a word that is otherwise digits and dots, slashes or dashes;
//! - Roman numerals read as Cyrillic letters before «квартал», «полугодие», «четверть»,
//!   «декада», «этап», «раздел», and a heading's at the start of a line («П. Работа с …»),
//!   made Roman («Г квартал» → «I квартал», «П» → «II», «Ш» →
//!   «III», «1У»/«ТУ» → «IV», «У» → «V»);
//! - doubled dots in item numbers («1..3.» → «1.3.»).

use crate::tesseract::Word;

/// A character read for a digit inside a number.
fn digit_for(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        'О' | 'о' | 'O' | 'o' => Some('0'),
        'З' | 'з' => Some('3'),
        'б' => Some('6'),
        'l' | 'I' | '|' | 'і' | 'І' => Some('1'),
        _ => None,
    }
}

/// A number or date with letters read for digits: at least three digits, at most a third of
/// its digit places letters, and separators only.
fn as_number(word: &str) -> Option<String> {
    let trimmed = word.trim_end_matches([',', ';', ')']);
    let tail = &word[trimmed.len()..];
    let (mut digits, mut letters) = (0, 0);
    let mut out = String::with_capacity(word.len());
    for c in trimmed.chars() {
        if c.is_ascii_digit() {
            digits += 1;
            out.push(c);
        } else if matches!(c, '.' | '/' | '-' | '–') {
            out.push(c);
        } else if let Some(d) = digit_for(c) {
            letters += 1;
            out.push(d);
        } else {
            return None;
        }
    }
    (letters > 0 && digits >= 3 && letters * 3 <= digits + letters && out.contains(['.', '/'])).then(|| out + tail)
}

/// The Cyrillic letter a Latin one looks like.
fn cyrillic_for(c: char) -> Option<char> {
    Some(match c {
        'A' => 'А',
        'B' => 'В',
        'C' => 'С',
        'E' => 'Е',
        'H' => 'Н',
        'K' => 'К',
        'M' => 'М',
        'O' => 'О',
        'P' => 'Р',
        'T' => 'Т',
        'X' => 'Х',
        'Y' => 'У',
        'a' => 'а',
        'c' => 'с',
        'e' => 'е',
        'o' => 'о',
        'p' => 'р',
        'x' => 'х',
        'y' => 'у',
        _ => return None,
    })
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, 'А'..='я' | 'Ё' | 'ё')
}

/// `word` in Cyrillic when its Latin letters all have Cyrillic look-alikes; a `b` is a soft
/// sign in a word of Cyrillic letters or alone («февралb», «феврал b»), never in a Latin word.
fn as_cyrillic(word: &str) -> Option<String> {
    if word.contains(['/', '@', ':']) || !word.chars().any(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let soft_sign = word == "b" || word.chars().any(is_cyrillic);
    let capitals = word.chars().filter(|c| c.is_alphabetic() && *c != 'b').all(char::is_uppercase);
    word.chars()
        .map(|c| match c {
            'b' if soft_sign && capitals && word != "b" => Some('Ь'),
            'b' if soft_sign => Some('ь'),
            c if c.is_ascii_alphabetic() => cyrillic_for(c),
            c => Some(c),
        })
        .collect()
}

/// Words of the calendar that deadline cells are made of, in the forms they take there.
const CALENDAR_WORDS: &[&str] = &[
    "январь",
    "января",
    "февраль",
    "февраля",
    "март",
    "марта",
    "апрель",
    "апреля",
    "мая",
    "июнь",
    "июня",
    "июль",
    "июля",
    "август",
    "августа",
    "сентябрь",
    "сентября",
    "октябрь",
    "октября",
    "ноябрь",
    "ноября",
    "декабрь",
    "декабря",
    "течение",
    "течении",
    "месяца",
    "месяц",
    "неделя",
    "недели",
    "половина",
    "четверть",
    "четверти",
    "квартал",
    "квартала",
    "полугодие",
    "полугодия",
    "ежемесячно",
    "еженедельно",
    "ежеквартально",
    "ежегодно",
    "постоянно",
];

/// The calendar word a recognized word misreads by one letter («септября», «1ечение»): a word of
/// at least six characters that is not in the dictionary and differs from exactly one calendar
/// word in exactly one place, in the case it was read in.
fn calendar_word(word: &str, spelled: &dyn Fn(&str) -> bool) -> Option<String> {
    let lower = word.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    if chars.len() < 6 || !chars.iter().all(|c| c.is_alphanumeric()) || spelled(&lower) || CALENDAR_WORDS.contains(&lower.as_str()) {
        return None;
    }
    let mut near =
        CALENDAR_WORDS.iter().filter(|w| w.chars().count() == chars.len() && w.chars().zip(&chars).filter(|(a, b)| a != *b).count() == 1);
    let (Some(found), None) = (near.next(), near.next()) else { return None };
    let capital = word.chars().next().is_some_and(char::is_uppercase);
    let all_capitals = word.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    Some(match (all_capitals, capital) {
        (true, _) => found.to_uppercase(),
        (false, true) => found.chars().take(1).flat_map(char::to_uppercase).chain(found.chars().skip(1)).collect(),
        (false, false) => found.to_string(),
    })
}

/// Words that a Roman numeral stands before.
const ORDINAL_NOUNS: &[&str] = &["квартал", "полугоди", "четверт", "декад", "этап", "раздел", "полуг"];

/// A Roman numeral read as Cyrillic letters or digits.
fn roman_for(word: &str) -> Option<&'static str> {
    Some(match word {
        "Г" | "1" | "l" | "|" | "І" => "I",
        "П" | "11" | "Il" | "lI" | "||" => "II",
        "Ш" | "111" | "Ill" | "|||" => "III",
        "1У" | "ІУ" | "ТУ" | "1V" | "lV" | "IУ" => "IV",
        "У" => "V",
        _ => return None,
    })
}

/// A word of the dictionary, or an adverb in «-о» of one of its adjectives («ежеквартально»
/// of «ежеквартальный»: the dictionary lists adjectives, not every adverb made of them).
fn word_or_adverb(word: &str, spelled: &dyn Fn(&str) -> bool) -> bool {
    spelled(word)
        || word
            .strip_suffix('о')
            .is_some_and(|stem| stem.chars().count() >= 4 && (spelled(&format!("{stem}ый")) || spelled(&format!("{stem}ий"))))
}

fn letters_only(word: &str) -> bool {
    !word.is_empty() && word.chars().all(char::is_alphabetic)
}

/// What the page says about its words.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    /// Most of the page's words are Cyrillic.
    pub cyrillic: bool,
    /// The middle height of the page's words, in pixels: a word of capitals no taller than
    /// [`LOWERCASE_HEIGHT`] of it was lowercase («но» read as `HO`).
    pub word_height: f32,
}

/// A word of look-alike capitals at most this share of the page's word height is lowercase.
pub const LOWERCASE_HEIGHT: f32 = 0.8;

impl Page {
    /// The page's figures from all its words.
    pub fn of(words: &[Word]) -> Page {
        let cyrillic = words.iter().filter(|w| w.text.chars().any(is_cyrillic)).count();
        let mut heights: Vec<f32> = words.iter().map(|w| w.height).collect();
        heights.sort_by(f32::total_cmp);
        Page { cyrillic: cyrillic * 2 >= words.len(), word_height: heights.get(heights.len() / 2).copied().unwrap_or(0.0) }
    }
}

/// Correct the words of one line, in order; `spelled` tells the words of the dictionary.
pub fn line(words: &mut Vec<Word>, page: Page, spelled: &dyn Fn(&str) -> bool) {
    let cyrillic_line = page.cyrillic || words.iter().any(|w| w.text.chars().filter(|c| is_cyrillic(*c)).count() >= 2);
    if cyrillic_line {
        for w in words.iter_mut() {
            let mixed = w.text.chars().any(is_cyrillic) && w.text.chars().any(|c| c.is_ascii_alphabetic());
            let lookalikes_only = !w.text.chars().any(is_cyrillic);
            if mixed || lookalikes_only {
                if let Some(cyrillic) = as_cyrillic(&w.text) {
                    let small = lookalikes_only && w.height <= LOWERCASE_HEIGHT * page.word_height && !w.text.contains('.');
                    w.text = if small { cyrillic.to_lowercase() } else { cyrillic };
                }
            }
        }
    }
    // a word of lowercase letters shaped as their capitals («жили» read as «ЖИЛИ»): Cyrillic
    // capitals of those letters only, no taller than a lowercase word, a word of the
    // dictionary in lowercase
    if page.cyrillic {
        for w in words.iter_mut() {
            let letters = w.text.trim_end_matches([',', '.', ';', ':', '»', ')']).trim_start_matches(['«', '(']);
            let small = w.height <= LOWERCASE_HEIGHT * page.word_height;
            if small && letters.chars().count() >= 2 && letters.chars().all(|c| "ВГЖЗИЙКЛМНОПСТХЦЧШЩЪЫЬЭЮЯ".contains(c))
            {
                let lower = letters.to_lowercase();
                if spelled(&lower) {
                    w.text = w.text.replacen(letters, &lower, 1);
                }
            }
        }
    }
    // a word split in two
    let mut i = 0;
    while i + 1 < words.len() {
        let (a, b) = (words[i].text.to_lowercase(), words[i + 1].text.trim_end_matches([',', '.', ';']).to_lowercase());
        let joined = format!("{a}{b}");
        // side by side: the gap between them no wider than their height
        let near = words[i + 1].left - (words[i].left + words[i].width) <= words[i].height.max(words[i + 1].height);
        if near && letters_only(&a) && letters_only(&b) && !(spelled(&a) && spelled(&b)) && word_or_adverb(&joined, spelled) {
            let next = words.remove(i + 1);
            let w = &mut words[i];
            // the second part in the first one's case («ежекварталь» + «НО»)
            let lowercase = w.text.chars().all(|c| !c.is_uppercase());
            w.text.push_str(&if lowercase { next.text.to_lowercase() } else { next.text.clone() });
            w.width = next.left + next.width - w.left;
            w.confidence = w.confidence.min(next.confidence);
            continue;
        }
        i += 1;
    }
    // a calendar word misread by one letter
    for w in words.iter_mut() {
        let core = w.text.trim_end_matches([',', '.', ';', ')']);
        if let Some(word) = calendar_word(core, spelled) {
            w.text = format!("{word}{}", &w.text[core.len()..]);
        }
    }
    // a heading's Roman number read as a letter: «П. Работа с воспитанниками» is «II. Работа …»
    // (a letter and a full stop before a capitalized dictionary word, at the start of a line;
    // an initial stands before a name, which the dictionary does not hold)
    if let [first, second, ..] = &mut words[..] {
        let heading = second.text.chars().next().is_some_and(char::is_uppercase)
            && second.text.chars().count() >= 4
            && spelled(&second.text.trim_end_matches([',', '.', ':']).to_lowercase());
        if let Some(roman) = first.text.strip_suffix('.').filter(|l| matches!(*l, "П" | "Ш" | "1У" | "ІУ" | "IУ")).and_then(roman_for)
        {
            if heading {
                first.text = format!("{roman}.");
            }
        }
    }
    for i in 0..words.len() {
        let next_is_ordinal = words.get(i + 1).is_some_and(|n| {
            let n = n.text.to_lowercase();
            ORDINAL_NOUNS.iter().any(|o| n.starts_with(o))
        });
        let w = &mut words[i].text;
        if next_is_ordinal {
            if let Some(roman) = roman_for(w) {
                *w = roman.to_string();
                continue;
            }
        }
        if let Some(number) = as_number(w) {
            *w = number;
        }
        if w.contains("..") && w.chars().next().is_some_and(|c| c.is_ascii_digit()) && w.chars().all(|c| c.is_ascii_digit() || c == '.') {
            while w.contains("..") {
                *w = w.replace("..", ".");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A word of a line at `left`, 80 wide and `height` tall.
    fn word(text: &str, left: f32, height: f32) -> Word {
        Word { text: text.to_string(), left, top: 0.0, width: 80.0, height, confidence: 90.0, line: (1, 1, 1) }
    }

    fn corrected(text: &str) -> String {
        let mut words: Vec<Word> = text.split(' ').enumerate().map(|(i, t)| word(t, 100.0 * i as f32, 30.0)).collect();
        let dictionary = ["ежеквартальный", "далее", "отбор", "школ", "работа", "февраль"];
        let page = Page { cyrillic: false, word_height: 30.0 };
        super::line(&mut words, page, &|w| dictionary.contains(&w));
        words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn digits_in_dates_and_numbers() {
        assert_eq!(corrected("До 16.12.2О21 г."), "До 16.12.2021 г.");
        assert_eq!(corrected("до З1.05.2022"), "до 31.05.2022");
        assert_eq!(corrected("2б.О8.2021,"), "26.08.2021,");
        assert_eq!(corrected("с l0.02.2022"), "с 10.02.2022");
    }

    #[test]
    fn roman_numerals_before_periods() {
        assert_eq!(corrected("Г квартал 2022"), "I квартал 2022");
        assert_eq!(corrected("П полугодие"), "II полугодие");
        assert_eq!(corrected("Ш квартала"), "III квартала");
        assert_eq!(corrected("1У квартал"), "IV квартал");
        // a heading's number at the start of a line, not an initial before a name
        assert_eq!(corrected("П. Работа с воспитанниками"), "II. Работа с воспитанниками");
        assert_eq!(corrected("Ш. Работа с родителями"), "III. Работа с родителями");
        assert_eq!(corrected("П. Иванов"), "П. Иванов");
        assert_eq!(corrected("Работа П. Работа"), "Работа П. Работа");
        assert_eq!(corrected("|| четверть"), "II четверть");
    }

    #[test]
    fn item_numbers_with_doubled_dots() {
        assert_eq!(corrected("1..3. Провести"), "1.3. Провести");
    }

    #[test]
    fn latin_look_alikes_in_russian_text() {
        assert_eq!(corrected("Петров K.H., методист"), "Петров К.Н., методист");
        assert_eq!(corrected("Oтбор школ"), "Отбор школ");
        assert_eq!(corrected("сайт http://oiro.ru/doc"), "сайт http://oiro.ru/doc", "addresses stay");
        assert_eq!(corrected("Microsoft Excel"), "Microsoft Excel", "a Latin line stays");
        assert_eq!(corrected("форма Excel"), "форма Excel", "a word with letters of no look-alike stays");
    }

    #[test]
    fn small_look_alike_capitals_are_lowercase_on_a_russian_page() {
        let mut words = vec![word("HO", 0.0, 18.0)];
        line(&mut words, Page { cyrillic: true, word_height: 30.0 }, &|_| false);
        assert_eq!(words[0].text, "но");
        let mut words = vec![word("MO", 0.0, 30.0)];
        line(&mut words, Page { cyrillic: true, word_height: 30.0 }, &|_| false);
        assert_eq!(words[0].text, "МО", "capitals of full height stay capitals");
        // Cyrillic letters shaped as their capitals
        let mut words = vec![word("«Мы", 0.0, 30.0), word("ЖИЛИ", 100.0, 20.0), word("ЖИЗНЬЮ", 200.0, 20.0), word("ПДН", 300.0, 20.0)];
        let dictionary = ["жили", "жизнью"];
        line(&mut words, Page { cyrillic: true, word_height: 30.0 }, &|w| dictionary.contains(&w));
        let texts: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["«Мы", "жили", "жизнью", "ПДН"], "an abbreviation the dictionary does not know stays");
        let mut words = vec![word("ИЮНЬ", 0.0, 30.0)];
        line(&mut words, Page { cyrillic: true, word_height: 30.0 }, &|w| w == "июнь");
        assert_eq!(words[0].text, "ИЮНЬ", "capitals of full height stay capitals");
    }

    #[test]
    fn a_calendar_word_misread_by_one_letter_and_a_soft_sign_read_as_b() {
        assert_eq!(corrected("До 30 септября"), "До 30 сентября");
        assert_eq!(corrected("В 1ечение месяца,"), "В течение месяца,");
        assert_eq!(corrected("СЕНТЯБРb"), "СЕНТЯБРЬ");
        assert_eq!(corrected("февралb"), "февраль");
        assert_eq!(corrected("феврал b"), "февраль");
        // a dictionary word stays, and so do a Latin word and a word near no calendar word
        assert_eq!(corrected("далее Bob"), "далее Bob");
        assert_eq!(corrected("Отбор школ"), "Отбор школ");
    }

    #[test]
    fn a_word_split_in_two_is_rejoined() {
        assert_eq!(corrected("далее ежекварталь HO"), "далее ежеквартально");
        assert_eq!(corrected("отбор школ"), "отбор школ", "two words stay two");
    }

    #[test]
    fn ordinary_words_are_left_alone() {
        for text in ["Отдел образования", "ООО «Школа»", "Г. Орёл", "П. 3", "У школы", "l0gin", "б/н", "О 2021", "ЗОЖ"]
        {
            assert_eq!(corrected(text), text);
        }
    }
}
