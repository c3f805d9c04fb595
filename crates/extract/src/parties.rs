//! The parties of a responsible cell: organisations, bodies, posts and people, each once, with
//! its kind where the words make it clear.
//!
//! In: the cell's text as printed («Хасанова Г.Р., зам. директора по\nУВР», «МО ПК ГАУ ДПО
//! ПК ИРО Опорные школы») and the document's «(далее – X)» abbreviations. Out: [`Party`]s.
//!
//! A cell is split on commas and semicolons outside quotes and parentheses, and on line ends
//! unless the line carries on: a line ending in a preposition or conjunction («по», «для», «и»)
//! or in an abbreviated post («зам.», «рук.»), a line of bare initials, or initials before a
//! surname. A run of words without separators is split at organisational forms and
//! abbreviations, but never after a preposition or a post («зам. по ВР», «Директор ОУ»), and
//! initials stay with their surname. A party never ends in a dangling preposition, and a party
//! named twice (in any case) is listed once.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::cells::DEFINITION;
use crate::re;

/// What a party is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartyKind {
    /// A named person: a surname with initials.
    Person,
    /// A post or a group of post holders: «зам. директора по УВР», «классные руководители».
    Post,
    /// An organisation or its subdivision: «МБОУ СОШ № 1», «Министерство образования».
    Organization,
    /// A collective body: «методический совет», «рабочая группа», «ШМО».
    Body,
}

impl PartyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PartyKind::Person => "person",
            PartyKind::Post => "post",
            PartyKind::Organization => "organization",
            PartyKind::Body => "body",
        }
    }
}

/// One party of a responsible cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub name: String,
    /// `None` where the words do not make it clear (a bare abbreviation such as «ЗУВР»).
    pub kind: Option<PartyKind>,
}

/// Organisational forms that open a new party in a run-together list.
const ORG_FORMS: [&str; 22] = [
    "ГАУ",
    "ГБУ",
    "ГАОУ",
    "ГБОУ",
    "ГКУ",
    "ГОУ",
    "МБОУ",
    "МАОУ",
    "МКОУ",
    "МОУ",
    "МБУ",
    "МАУ",
    "МКУ",
    "ФГБУ",
    "ФГАОУ",
    "ФГБОУ",
    "АНО",
    "ОГБУ",
    "ОГАУ",
    "КГБУ",
    "КГАУ",
    "ГБПОУ",
];

/// Words after which a line or a run of words carries on.
const CARRY_ON: [&str; 16] = ["по", "для", "и", "в", "на", "с", "со", "при", "о", "об", "за", "из", "от", "к", "у", "а"];

/// A noun of action in the dative, genitive or prepositional («внедрению», «обучения»): lower
/// case Cyrillic letters ending in «-ени», «-ани» or «-ств» and «ю», «я» or «и».
fn is_action_noun(word: &str) -> bool {
    let mut from_end = word.chars().rev();
    let (Some(last), Some(c), Some(b), Some(a), Some(_)) =
        (from_end.next(), from_end.next(), from_end.next(), from_end.next(), from_end.next())
    else {
        return false;
    };
    matches!(last, 'ю' | 'я' | 'и')
        && matches!([a, b, c], ['е', 'н', 'и'] | ['а', 'н', 'и'] | ['с', 'т', 'в'])
        && word.chars().all(|c| ('а'..='я').contains(&c) || c == 'ё')
}

/// Initials: «Г.Р.», «Г. Р.», «Ш.И»: a capital, a dot, a space or none, a capital, a dot or
/// none.
fn is_initials(word: &str) -> bool {
    let capital = |c: Option<char>| c.is_some_and(|c| c.is_ascii_uppercase() || ('А'..='Я').contains(&c) || c == 'Ё');
    let mut chars = word.chars().peekable();
    if !capital(chars.next()) || chars.next() != Some('.') {
        return false;
    }
    chars.next_if(|c| c.is_whitespace());
    if !capital(chars.next()) {
        return false;
    }
    chars.next_if_eq(&'.');
    chars.next().is_none()
}
/// A surname with initials on either side.
static PERSON: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:^|\s)(?:[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s*[А-ЯЁ]\.\s?[А-ЯЁ]\.?|[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)(?:$|[\s,])",
    )
});
/// A surname with initials on either side, in `text`.
pub(crate) fn is_person(text: &str) -> bool {
    PERSON.is_match(text)
}

/// `text` names an organisation, an institution, a collective body or a post, whole or
/// abbreviated («МБОУ «СОШ № 1»», «Калужское музыкальное училище», «учитель математики»).
pub(crate) fn names_a_party(text: &str) -> bool {
    static INSTITUTION: LazyLock<Regex> = LazyLock::new(|| {
        spelled_re(r"(?:^|\s)(?:училищ|колледж|техникум|университет|институт|академи|консерватори|гимнази|лице[йя]|школ)")
    });
    let first = text.split_whitespace().next().unwrap_or("");
    ORG_FORMS.contains(&first) || is_organization(text) || is_body(text) || is_post(text) || matches_lowered(&INSTITUTION, text)
}

/// Posts, whole or abbreviated, at the start of a party.
/// Over lowercased text (a case-insensitive pattern of this size costs milliseconds to build),
/// spelled in ASCII (see [`spelled_re`]).
const POST_PATTERN: &str = r"^(?:и\.?\s?о\.?\s+)?(?:[а-яё]+(?:ый|ий|ой|ые|ие|ая|ое)\s+){0,2}(?:(?:перв[а-яё]*\s+)?заместител|зам\b|зам\.|замдиректор|директор|дир\.|руководител|рук\.|начальник|нач\.|заведующ|зав\.|завуч|завхоз|председател|пред\.|секретар|методист|специалист|инспектор|советник|консультант|учител|учит[.-]|физ\.?\s?рук|педагог(?:\b|-|и\b)|преподавател|воспитател(?:ь|и|я|ей)\b|классн[а-яё]*\s+руковод|кл\.\s*рук|библиотекар|делопроизводит|социальн[а-яё]*\s+педагог|психолог|логопед|вожат|тьютор|координатор|куратор|эксперт|ответственн|физрук|организатор|администратор|главн[а-яё]*\s+специалист|ведущ[а-яё]*\s+специалист|член[а-яё]*\s|(?:про)?ректор|декан|тренер|инструктор|бухгалтер|юрисконсульт|инженер|программист|медсестр|медицинск[а-яё]*\s+сестр|врач|фельдшер|сторож|вахтер|вахтёр|лаборант|секретар)";
static POST: LazyLock<Regex> = LazyLock::new(|| spelled_re(POST_PATTERN));
/// Posts schools write as abbreviations: deputies of the director for teaching (ЗУВР, ЗДУВР),
/// upbringing (ЗВР, ЗДВР), methods (ЗНМР, ЗМР) and housekeeping (ЗАХЧ), the head of a
/// subject department (РШМО).
const SCHOOL_POSTS: &[&str] = &["ЗУВР", "ЗДУВР", "ЗВР", "ЗДВР", "ЗНМР", "ЗДНМР", "ЗМР", "ЗАХЧ", "ЗДАХЧ", "РШМО"];
/// Collective bodies (over lowercased text spelled in ASCII).
const BODY_PATTERN: &str = r"(?:^|\s)(?:совет|коллеги|комисси|рабоч[а-яё]*\s+групп|творческ[а-яё]*\s+групп|штаб|оргкомитет|жюри|методическ[а-яё]*\s+объединени|команд[аыу]?\b|шмо|рмо|гмо|мо\s+учителей|кафедр|педсовет|профком|попечительск|управляющ[а-яё]*\s+совет|родительск[а-яё]*\s+комитет)";
static BODY: LazyLock<Regex> = LazyLock::new(|| spelled_re(BODY_PATTERN));
/// Organisations and their subdivisions (over lowercased text spelled in ASCII).
const ORGANIZATION_PATTERN: &str = r"(?:^|\s)(?:министерств|департамент|управлени|комитет|отдел|служб|агентств|администраци|институт|университет|академи|колледж|техникум|центр|учреждени|организаци|школ|гимнази|лице[йя]|детск[а-яё]*\s+сад|образовательн[а-яё]*\s+организаци|оо\b|ооо\b|[а-яё]*(?:иро|ипк|цоко|рцои)\b|рособрнадзор|минпросвещени|муниципальн[а-яё]*\s+орган|органы\s+местного|моуо|омсу)";
static ORGANIZATION: LazyLock<Regex> = LazyLock::new(|| spelled_re(ORGANIZATION_PATTERN));

/// A pattern over lowercased text, spelled to match the text's ASCII spelling.
fn spelled_re(pattern: &str) -> Regex {
    re(&crate::spelled(pattern))
}

/// Whether `pattern` (spelled with [`spelled_re`]) matches `text` in lower case.
fn matches_lowered(pattern: &Regex, text: &str) -> bool {
    pattern.is_match(&roadmap_ascii::spelled(text))
}

/// A post, whole or abbreviated, starts `text`.
pub(crate) fn is_post(text: &str) -> bool {
    matches_lowered(&POST, text)
}

pub(crate) fn is_body(text: &str) -> bool {
    matches_lowered(&BODY, text)
}

fn is_organization(text: &str) -> bool {
    matches_lowered(&ORGANIZATION, text)
}

fn is_abbreviation(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars().filter(|&c| roadmap_layout::is_letter(c)) {
        if !roadmap_layout::is_capital(c) {
            return false;
        }
        letters += 1;
    }
    letters >= 2 && !is_initials(word)
}

/// The last word of `text`, lowercased, without trailing punctuation.
fn last_word(text: &str) -> String {
    text.split_whitespace().last().unwrap_or("").trim_end_matches([',', ';', ':']).to_lowercase()
}

/// A word after which the party carries on: a preposition or conjunction, or an abbreviated
/// post («зам.», «рук.», «зам.дир»).
fn carries_on(word: &str) -> bool {
    let bare = word.trim_end_matches('.');
    let abbreviated_post = word.ends_with('.') && bare.chars().count() <= 5 && is_post(word);
    CARRY_ON.contains(&bare) || abbreviated_post || matches!(bare, "зам" | "зав" | "рук" | "нач" | "пред" | "дир")
}

/// A line that says what the post on the line before is of: a word in an oblique case
/// («отдела образования», «общеобразовательных организаций») or an abbreviation («ИМЦ»), not
/// another post, nor a new noun phrase (a nominative adjective: «методический совет»).
fn continues_a_post(line: &str) -> bool {
    static NOMINATIVE_ADJECTIVE: LazyLock<Regex> = LazyLock::new(|| re(r"^[а-яё]+(?:ий|ый|ой|ая|яя|ое|ее|ые|ие)$"));
    let first = line.split_whitespace().next().unwrap_or("").trim_end_matches([',', '.']);
    let other_post = is_post(line) || SCHOOL_POSTS.contains(&first);
    let oblique = first.starts_with(char::is_lowercase) && !NOMINATIVE_ADJECTIVE.is_match(first);
    !other_post && (oblique || is_abbreviation(first))
}

/// A single capitalised word: a surname that initials may follow or precede.
fn is_surname(text: &str) -> bool {
    let mut words = text.split_whitespace();
    matches!((words.next(), words.next()), (Some(w), None) if w.chars().next().is_some_and(char::is_uppercase) && w.chars().skip(1).all(|c| c.is_lowercase() || c == '-') && w.chars().count() > 1)
}

/// Split a run of words into parties: a new party starts at an organisational form, at a known
/// abbreviation after another abbreviation that is not part of a name, and at a capitalised
/// word after abbreviations; never after a preposition or a post.
fn split_run(piece: &str, known: &BTreeMap<String, String>) -> Vec<String> {
    let words: Vec<&str> = piece.split_whitespace().collect();
    if words.len() < 2 || piece.contains(['«', '"', '(']) {
        return vec![piece.to_string()];
    }
    let mut parties: Vec<Vec<&str>> = Vec::new();
    let mut in_org_name = false;
    for (i, w) in words.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| words[p]);
        // a capitalised post after another party's last word («директор Классные руководители»)
        let capital = w.starts_with(char::is_uppercase) && !is_abbreviation(w);
        let capital_post = |p: &str| capital && is_post(&words[i..].join(" ")) && p.chars().last().is_some_and(char::is_lowercase);
        let prev_lower = prev.map(roadmap_layout::lowercase).unwrap_or_default();
        let starts_new = match prev {
            None => true,
            Some(p) if capital_post(p) && !carries_on(&prev_lower) => true,
            Some(p) if carries_on(&prev_lower) || is_post(p) || is_action_noun(&prev_lower) => false,
            Some(p) => {
                let org = ORG_FORMS.contains(w);
                let known_party = known.contains_key(*w) && !in_org_name;
                let capital_after_abbr = is_abbreviation(p) && !is_abbreviation(w) && w.starts_with(char::is_uppercase) && !is_initials(w);
                let abbr_after_word = is_abbreviation(w) && !is_abbreviation(p) && !is_initials(p);
                let post_after_abbr = is_abbreviation(p) && is_post(w);
                // a surname after initials that follow a surname («Садыков Р.Р. Иванова А.С.»)
                let surname_before = i >= 2 && is_surname(words[i - 2]);
                let after_initials = capital && is_initials(p) && surname_before && !is_initials(w);
                org || known_party || capital_after_abbr || abbr_after_word || post_after_abbr || capital_post(p) || after_initials
            }
        };
        if ORG_FORMS.contains(w) {
            in_org_name = true;
        } else if !is_abbreviation(w) {
            in_org_name = false;
        }
        if starts_new || parties.is_empty() {
            parties.push(vec![w]);
        } else if let Some(last) = parties.last_mut() {
            last.push(w);
        }
    }
    parties.into_iter().map(|p| p.join(" ")).collect()
}

/// The lines of a piece joined where a line carries on into the next.
fn join_lines(piece: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in piece.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let joins = out.last().is_some_and(|prev: &String| {
            let last = last_word(prev);
            carries_on(&last)
                // a noun of action takes its object on the next line: «по внедрению\nФГОС»
                || (prev.split_whitespace().count() > 1 && is_action_noun(&last))
                || is_initials(line.trim_end_matches([',', ';']))
                || (is_initials(prev) && is_surname(line))
                || prev.ends_with(['-', '–'])
                // a post goes on with what it is of: «начальник\nотдела образования»,
                // «методист\nИМЦ» (but «Директор\nЗУВР» are two posts)
                || (is_post(&last) && !prev.ends_with(',') && continues_a_post(line))
        });
        match out.last_mut() {
            Some(prev) if joins => {
                prev.push(' ');
                prev.push_str(line);
            }
            _ => out.push(line.to_string()),
        }
    }
    out
}

/// A party's name tidied: outer spaces and punctuation trimmed, the final dot kept after
/// initials, a dangling preposition at the end dropped.
fn tidy(name: &str) -> String {
    let mut name = name.trim().trim_end_matches([',', ';', ':']).trim().to_string();
    loop {
        let last = last_word(&name);
        if name.split_whitespace().count() > 1 && CARRY_ON.contains(&last.as_str()) {
            let cut = name.len() - name.split_whitespace().last().map_or(0, str::len);
            name = name[..cut].trim_end().to_string();
        } else {
            break;
        }
    }
    let ends_with_initial = name
        .split_whitespace()
        .last()
        .is_some_and(|w| is_initials(w) || (w.chars().count() == 2 && w.ends_with('.') && w.starts_with(char::is_uppercase)));
    if !ends_with_initial {
        name = name.trim_end_matches('.').trim_end().to_string();
    }
    name
}

/// The kind of a party, where its words make it clear.
fn kind_of(name: &str, known: &BTreeMap<String, String>) -> Option<PartyKind> {
    if PERSON.is_match(name) {
        return Some(PartyKind::Person);
    }
    if is_post(name) || SCHOOL_POSTS.contains(&name) {
        return Some(PartyKind::Post);
    }
    if is_body(name) {
        return Some(PartyKind::Body);
    }
    let first = name.split_whitespace().next().unwrap_or("");
    if is_organization(name) || ORG_FORMS.contains(&first) {
        return Some(PartyKind::Organization);
    }
    // an abbreviation the document defines takes the kind of what it stands for
    known.get(name).filter(|full| full.as_str() != name).and_then(|full| kind_of(full, &BTreeMap::new()))
}

/// The parties of a responsible cell.
pub fn parties(text: &str, known: &BTreeMap<String, String>) -> Vec<Party> {
    // a definition ends a party: «… края (далее - МО ПК) государственное …»
    let without_definitions = DEFINITION.replace_all(text, ",");
    let mut pieces = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for ch in without_definitions.chars() {
        match ch {
            '«' | '(' => depth += 1,
            '»' | ')' => depth -= 1,
            _ => {}
        }
        if depth <= 0 && matches!(ch, ',' | ';') {
            pieces.push(std::mem::take(&mut current));
            depth = 0;
            continue;
        }
        current.push(ch);
    }
    pieces.push(current);
    let mut names: Vec<String> = Vec::new();
    for piece in &pieces {
        for line in join_lines(piece) {
            for name in split_run(&tidy(&line), known) {
                let name = tidy(&name);
                if name.is_empty() || !name.chars().any(char::is_alphabetic) {
                    continue;
                }
                // initials written apart from their surname («Хасанова, Г.Р.») join it
                match names.last_mut() {
                    Some(prev) if is_initials(&name) && is_surname(prev) => {
                        prev.push(' ');
                        prev.push_str(&name);
                    }
                    _ => names.push(name),
                }
            }
        }
    }
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for name in names {
        let folded = roadmap_layout::lowercase(&name).replace(['ё', ' '], "");
        if seen.contains(&folded) {
            continue;
        }
        seen.push(folded);
        let kind = kind_of(&name, known);
        out.push(Party { name, kind });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        // the hand-written tests agree with the patterns they stand for
        #[test]
        fn initials_as_the_pattern_reads_them(word in "[ГРШИAZЁЯаz. \t\u{a0}]{0,6}") {
            let pattern = re(r"^[А-ЯЁA-Z]\.\s?[А-ЯЁA-Z]\.?$");
            prop_assert_eq!(is_initials(&word), pattern.is_match(&word));
        }
        #[test]
        fn action_nouns_as_the_pattern_reads_them(word in "[аеёнистюяиЯz]{0,8}") {
            let pattern = re(r"^[а-яё]+(?:ени|ани|ств)[юяи]$");
            prop_assert_eq!(is_action_noun(&word), pattern.is_match(&word));
        }
        // posts, bodies and organisations are told in the text's ASCII spelling as the patterns
        // written for the text tell them
        #[test]
        fn party_words_as_the_patterns_for_the_text_read_them(
            pieces in proptest::collection::vec(proptest::sample::select(PARTY_PIECES), 0..8),
            letters in "[а-яёА-ЯЁ .-]{0,6}",
            noise in "\\PC{0,4}",
        ) {
            static UNICODE: LazyLock<[Regex; 3]> = LazyLock::new(|| [re(POST_PATTERN), re(BODY_PATTERN), re(ORGANIZATION_PATTERN)]);
            let text = format!("{}{letters}{noise}", pieces.concat());
            let lowered = text.to_lowercase();
            let expected: Vec<bool> = UNICODE.iter().map(|p| p.is_match(&lowered)).collect();
            prop_assert_eq!(vec![is_post(&text), is_body(&text), is_organization(&text)], expected, "{}", text);
        }
    }

    /// Pieces of party names, and characters that test the spelling's classes.
    const PARTY_PIECES: &[&str] = &[
        " ",
        "  ",
        ".",
        "-",
        ",",
        "\u{a0}",
        "ё",
        "é",
        "x",
        "i",
        "и.о.",
        "И. о. ",
        "первый",
        "заместитель",
        "зам",
        "зам.",
        "Зам",
        "директор",
        "дир.",
        "педагог",
        "педагоги",
        "педагогический",
        "воспитатель",
        "воспитателя",
        "классный",
        "руководитель",
        "член",
        "члены",
        "совет",
        "команда",
        "командир",
        "шмо",
        "мо",
        "учителей",
        "оо",
        "ооо",
        "оош",
        "ЛОИРО",
        "иро",
        "ипк",
        "отдел",
        "детский",
        "сад",
        "органы",
        "местного",
        "школа",
        "лицей",
        "лицея",
        "главный",
        "специалист",
        "ая",
        "ый",
    ];

    #[test]
    fn initials_and_action_nouns() {
        assert!(is_initials("Г.Р.") && is_initials("Г. Р.") && is_initials("Ш.И") && is_initials("A.B."));
        assert!(!is_initials("Г.Р.Р.") && !is_initials("ГР") && !is_initials("г.р."));
        assert!(is_action_noun("внедрению") && is_action_noun("обучения") && is_action_noun("обеспечении"));
        assert!(!is_action_noun("ения") && !is_action_noun("Внедрению") && !is_action_noun("школы") && !is_action_noun("качества"));
    }

    fn names(text: &str) -> Vec<String> {
        parties(text, &BTreeMap::new()).into_iter().map(|p| p.name).collect()
    }

    fn kinds(text: &str) -> Vec<(String, Option<&'static str>)> {
        parties(text, &BTreeMap::new()).into_iter().map(|p| (p.name, p.kind.map(PartyKind::as_str))).collect()
    }

    #[test]
    fn parties_split() {
        assert_eq!(names("Департамент, ОРЦОКО"), vec!["Департамент", "ОРЦОКО"]);
        assert_eq!(names("Министерство (далее - МО) учреждение (далее - ИРО)"), vec!["Министерство", "учреждение"]);
        assert_eq!(names("МОУО ГАУ ДПО ПК ИРО"), vec!["МОУО", "ГАУ ДПО ПК ИРО"]);
        assert_eq!(names("МО ПК ГАУ ДПО ПК ИРО Опорные школы"), vec!["МО ПК", "ГАУ ДПО ПК ИРО", "Опорные школы"]);
        assert_eq!(
            names("Департамент образования (далее – Департамент); ГАОУ ДПО «ЛОИРО»\nкураторы"),
            vec!["Департамент образования", "ГАОУ ДПО «ЛОИРО»", "кураторы"]
        );
    }

    #[test]
    fn people_and_posts_stay_whole() {
        assert_eq!(names("Хасанова Г.Р., зам. директора по\nУВР"), vec!["Хасанова Г.Р.", "зам. директора по УВР"]);
        assert_eq!(
            names("Директор ОУ\nАхметкужина\nШ.И\nЗам.дир по\nУВР\nГумерова\nР.Х"),
            vec!["Директор ОУ", "Ахметкужина Ш.И", "Зам.дир по УВР", "Гумерова Р.Х"]
        );
        assert_eq!(names("Г.Р. Хасанова"), vec!["Г.Р. Хасанова"]);
        assert_eq!(names("Г.Р.\nХасанова"), vec!["Г.Р. Хасанова"]);
        assert_eq!(names("Хасанова, Г.Р."), vec!["Хасанова Г.Р."]);
        assert_eq!(names("зам. по ВР\nзам. по ВР\nЗам. по ВР"), vec!["зам. по ВР"]);
        assert_eq!(names("Рук. ШМО"), vec!["Рук. ШМО"]);
        assert_eq!(names("Учителя.\nЗУВР.\nДелопроизводит.\nЗУВР, директор"), vec!["Учителя", "ЗУВР", "Делопроизводит", "директор"]);
        assert_eq!(names("Рук.\nШМО"), vec!["Рук. ШМО"]);
        assert_eq!(names("Директор\nЗУВР\nдиректор,\nЗУВР"), vec!["Директор", "ЗУВР"]);
        assert_eq!(
            names("Иванова\nА.С., начальник\nотдела общего образования"),
            vec!["Иванова А.С.", "начальник отдела общего образования"]
        );
        assert_eq!(names("Петров К.Н., методист\nИМЦ"), vec!["Петров К.Н.", "методист ИМЦ"]);
        assert_eq!(names("директор\nзавхоз"), vec!["директор", "завхоз"]);
        assert_eq!(names("Рабочая группа по внедрению\nФГОС"), vec!["Рабочая группа по внедрению ФГОС"]);
        // lines a PDF wrapped into one
        assert_eq!(names("Галиева И.П., директор Классные руководители"), vec!["Галиева И.П.", "директор", "Классные руководители"]);
        assert_eq!(names("Садыков Р.Р. Иванова А.С."), vec!["Садыков Р.Р.", "Иванова А.С."]);
        assert_eq!(names("Хасанова Г.Р. Классные руководители"), vec!["Хасанова Г.Р.", "Классные руководители"]);
        assert_eq!(names("Министерство образования Приморского края"), vec!["Министерство образования Приморского края"]);
        assert_eq!(names("учителя по"), vec!["учителя"]);
        for name in names("Хасанова Г.Р., Ахметкужина Ш.И., зам. директора по УВР, Рук. ШМО, классные руководители")
        {
            assert!(!is_initials(&name), "bare initials: {name}");
            assert!(!CARRY_ON.contains(&last_word(&name).as_str()), "dangling: {name}");
        }
    }

    #[test]
    fn posts_of_colleges_schools_and_sports_schools() {
        for post in [
            "Проректор по административно-хозяйственной работе",
            "Тренер-преподаватель",
            "Инструктор-методист",
            "Медицинская сестра",
            "Сторожа",
            "Главный бухгалтер",
        ] {
            assert_eq!(kinds(post), vec![(post.to_string(), Some("post"))], "{post}");
        }
    }

    #[test]
    fn kinds_where_clear() {
        assert_eq!(
            kinds("Хасанова Г.Р., зам. директора по УВР; Классные руководители\nметодический совет\nМБОУ СОШ № 1\nЗУВР\nУчастники проекта"),
            vec![
                ("Хасанова Г.Р.".to_string(), Some("person")),
                ("зам. директора по УВР".to_string(), Some("post")),
                ("Классные руководители".to_string(), Some("post")),
                ("методический совет".to_string(), Some("body")),
                ("МБОУ СОШ № 1".to_string(), Some("organization")),
                ("ЗУВР".to_string(), Some("post")),
                ("Участники проекта".to_string(), None),
            ]
        );
        assert_eq!(kinds("Министерство образования Калужской области")[0].1, Some("organization"));
        assert_eq!(kinds("Рук. ШМО")[0].1, Some("post"));
        assert_eq!(kinds("Педагогический совет")[0].1, Some("body"));
    }
}
