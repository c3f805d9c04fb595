//! The 85 federal subjects of Russia: nominative name, ISO 3166-2:RU code, and a pattern that
//! finds the subject in lowercased text in any grammatical case; and the towns that name their
//! subject ([`crate::towns`]), found the same way.

use std::sync::{LazyLock, OnceLock};

use regex::Regex;

use crate::re;
use crate::towns::{Mark, TOWNS};

/// (pattern over lowercased text, ISO code, nominative name). More specific patterns first
/// («Ямало-Ненецкий» before «Ненецкий», «Алтайский край» before «Республика Алтай»).
const SUBJECTS: &[(&str, &str, &str)] = &[
    (r"ямало-ненецк", "RU-YAN", "Ямало-Ненецкий автономный округ"),
    (r"ханты-мансийск|\bюгр[аыеу]\b", "RU-KHM", "Ханты-Мансийский автономный округ — Югра"),
    (r"ненецк[а-яё]*\s+(?:автономн|ао\b)", "RU-NEN", "Ненецкий автономный округ"),
    (r"чукотск", "RU-CHU", "Чукотский автономный округ"),
    (r"еврейск[а-яё]*\s+автономн", "RU-YEV", "Еврейская автономная область"),
    (r"алтайск[а-яё]*\s+кра", "RU-ALT", "Алтайский край"),
    (r"республик[а-яё]*\s+алтай|горно-алтайск", "RU-AL", "Республика Алтай"),
    (r"адыге", "RU-AD", "Республика Адыгея"),
    (r"башкортостан|башкири", "RU-BA", "Республика Башкортостан"),
    (r"бурят", "RU-BU", "Республика Бурятия"),
    (r"дагестан", "RU-DA", "Республика Дагестан"),
    (r"ингушети", "RU-IN", "Республика Ингушетия"),
    (r"кабардино-балкар", "RU-KB", "Кабардино-Балкарская Республика"),
    (r"калмыки", "RU-KL", "Республика Калмыкия"),
    (r"карачаево-черкес", "RU-KC", "Карачаево-Черкесская Республика"),
    (r"республик[а-яё]*\s+карели|\bкарели[ия]\b", "RU-KR", "Республика Карелия"),
    (r"республик[а-яё]*\s+коми\b|\bкоми\s+республик", "RU-KO", "Республика Коми"),
    (r"республик[а-яё]*\s+крым|\bкрым[а-яё]*\b", "RU-CR", "Республика Крым"),
    (r"марий\s+эл", "RU-ME", "Республика Марий Эл"),
    (r"мордови", "RU-MO", "Республика Мордовия"),
    (r"республик[а-яё]*\s+саха|якути", "RU-SA", "Республика Саха (Якутия)"),
    (r"северн[а-яё]*\s+осети", "RU-SE", "Республика Северная Осетия — Алания"),
    (r"татарстан", "RU-TA", "Республика Татарстан"),
    (r"республик[а-яё]*\s+ты?в[аыеу]\b|\bтыв[аыеу]\b", "RU-TY", "Республика Тыва"),
    (r"удмурт", "RU-UD", "Удмуртская Республика"),
    (r"хакаси", "RU-KK", "Республика Хакасия"),
    (r"чеченск", "RU-CE", "Чеченская Республика"),
    (r"чуваш", "RU-CU", "Чувашская Республика"),
    (r"забайкальск[а-яё]*\s+кра", "RU-ZAB", "Забайкальский край"),
    (r"камчатск[а-яё]*\s+кра", "RU-KAM", "Камчатский край"),
    (r"краснодарск[а-яё]*\s+кра|\bкубан", "RU-KDA", "Краснодарский край"),
    (r"красноярск[а-яё]*\s+кра", "RU-KYA", "Красноярский край"),
    (r"пермск[а-яё]*\s+кра", "RU-PER", "Пермский край"),
    (r"приморск[а-яё]*\s+кра", "RU-PRI", "Приморский край"),
    (r"ставропольск[а-яё]*\s+кра", "RU-STA", "Ставропольский край"),
    (r"хабаровск[а-яё]*\s+кра", "RU-KHA", "Хабаровский край"),
    (r"амурск[а-яё]*\s+обл", "RU-AMU", "Амурская область"),
    (r"архангельск[а-яё]*\s+обл", "RU-ARK", "Архангельская область"),
    (r"астраханск[а-яё]*\s+обл", "RU-AST", "Астраханская область"),
    (r"белгородск[а-яё]*\s+обл", "RU-BEL", "Белгородская область"),
    (r"брянск[а-яё]*\s+обл", "RU-BRY", "Брянская область"),
    (r"владимирск[а-яё]*\s+обл", "RU-VLA", "Владимирская область"),
    (r"волгоградск[а-яё]*\s+обл", "RU-VGG", "Волгоградская область"),
    (r"вологодск[а-яё]*\s+обл", "RU-VLG", "Вологодская область"),
    (r"воронежск[а-яё]*\s+обл", "RU-VOR", "Воронежская область"),
    (r"ивановск[а-яё]*\s+обл", "RU-IVA", "Ивановская область"),
    (r"иркутск[а-яё]*\s+обл", "RU-IRK", "Иркутская область"),
    (r"калининградск[а-яё]*\s+обл", "RU-KGD", "Калининградская область"),
    (r"калужск[а-яё]*\s+обл", "RU-KLU", "Калужская область"),
    (r"кемеровск[а-яё]*\s+обл|кузбасс", "RU-KEM", "Кемеровская область — Кузбасс"),
    (r"кировск[а-яё]*\s+обл", "RU-KIR", "Кировская область"),
    (r"костромск[а-яё]*\s+обл", "RU-KOS", "Костромская область"),
    (r"курганск[а-яё]*\s+обл", "RU-KGN", "Курганская область"),
    (r"курск[а-яё]*\s+обл", "RU-KRS", "Курская область"),
    (r"ленинградск[а-яё]*\s+обл", "RU-LEN", "Ленинградская область"),
    (r"липецк[а-яё]*\s+обл", "RU-LIP", "Липецкая область"),
    (r"магаданск[а-яё]*\s+обл", "RU-MAG", "Магаданская область"),
    (r"московск[а-яё]*\s+обл", "RU-MOS", "Московская область"),
    (r"мурманск[а-яё]*\s+обл", "RU-MUR", "Мурманская область"),
    (r"нижегородск[а-яё]*\s+обл", "RU-NIZ", "Нижегородская область"),
    (r"новгородск[а-яё]*\s+обл", "RU-NGR", "Новгородская область"),
    (r"новосибирск[а-яё]*\s+обл", "RU-NVS", "Новосибирская область"),
    (r"омск[а-яё]*\s+обл", "RU-OMS", "Омская область"),
    (r"оренбургск[а-яё]*\s+обл", "RU-ORE", "Оренбургская область"),
    (r"орловск[а-яё]*\s+обл", "RU-ORL", "Орловская область"),
    (r"пензенск[а-яё]*\s+обл", "RU-PNZ", "Пензенская область"),
    (r"псковск[а-яё]*\s+обл", "RU-PSK", "Псковская область"),
    (r"ростовск[а-яё]*\s+обл", "RU-ROS", "Ростовская область"),
    (r"рязанск[а-яё]*\s+обл", "RU-RYA", "Рязанская область"),
    (r"самарск[а-яё]*\s+обл", "RU-SAM", "Самарская область"),
    (r"саратовск[а-яё]*\s+обл", "RU-SAR", "Саратовская область"),
    (r"сахалинск[а-яё]*\s+обл", "RU-SAK", "Сахалинская область"),
    (r"свердловск[а-яё]*\s+обл", "RU-SVE", "Свердловская область"),
    (r"смоленск[а-яё]*\s+обл", "RU-SMO", "Смоленская область"),
    (r"тамбовск[а-яё]*\s+обл", "RU-TAM", "Тамбовская область"),
    (r"тверск[а-яё]*\s+обл", "RU-TVE", "Тверская область"),
    (r"томск[а-яё]*\s+обл", "RU-TOM", "Томская область"),
    (r"тульск[а-яё]*\s+обл", "RU-TUL", "Тульская область"),
    (r"тюменск[а-яё]*\s+обл", "RU-TYU", "Тюменская область"),
    (r"ульяновск[а-яё]*\s+обл", "RU-ULY", "Ульяновская область"),
    (r"челябинск[а-яё]*\s+обл", "RU-CHE", "Челябинская область"),
    (r"ярославск[а-яё]*\s+обл", "RU-YAR", "Ярославская область"),
    (r"санкт-петербург", "RU-SPE", "Санкт-Петербург"),
    (r"севастопол", "RU-SEV", "Севастополь"),
    (r"\bг(?:ород[а-яё]*|\.)\s*москв|\bмосковск[а-яё]*\s+городск|\bмосквы\b", "RU-MOW", "Москва"),
];

/// The places a text may name, subjects first, then towns: (pattern, index of the subject in
/// [`SUBJECTS`], what must stand before the name, whether the place is a town).
fn place(i: usize) -> Option<(&'static str, usize, Mark, bool)> {
    match SUBJECTS.get(i) {
        Some((pattern, _, _)) => Some((pattern, i, Mark::None, false)),
        None => {
            let (pattern, iso, mark) = TOWNS.get(i - SUBJECTS.len())?;
            Some((pattern, subject_index(iso)?, *mark, true))
        }
    }
}

fn places() -> usize {
    SUBJECTS.len() + TOWNS.len()
}

fn subject_index(iso: &str) -> Option<usize> {
    SUBJECTS.iter().position(|(_, code, _)| *code == iso)
}

/// Each place's pattern, compiled the first time a text may name the place.
static PATTERNS: LazyLock<Vec<OnceLock<Regex>>> = LazyLock::new(|| (0..places()).map(|_| OnceLock::new()).collect());

fn pattern(i: usize) -> Option<&'static Regex> {
    let (p, _, _, _) = place(i)?;
    let cell = PATTERNS.get(i)?;
    Some(cell.get_or_init(|| re(&format!(r"\b(?:{p})"))))
}

/// The literal each alternative of a subject's pattern starts with («республик», «тыв» for
/// `республик[а-яё]*\s+ты?в[аыеу]\b|\bтыв[аыеу]\b`): a pattern matches only where one of its
/// stems is written. An alternative that starts with no literal gives an empty stem.
fn stems(pattern: &str) -> Vec<String> {
    alternatives(pattern)
        .into_iter()
        .map(|alternative| {
            let alternative = alternative.strip_prefix(r"\b").unwrap_or(alternative);
            let end = alternative.find(|c: char| !(c.is_alphabetic() || c == '-' || c == ' ')).unwrap_or(alternative.len());
            let mut stem: String = alternative[..end].to_string();
            // a letter made optional or repeated by what follows is not part of every match
            if alternative[end..].starts_with(['?', '*', '{']) {
                stem.pop();
            }
            stem
        })
        .collect()
}

/// The alternatives of a pattern's top level (not those inside groups).
fn alternatives(pattern: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start, mut escaped) = (0usize, 0, false);
    for (i, c) in pattern.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '|' if depth == 0 => {
                out.push(&pattern[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&pattern[start..]);
    out
}

/// Every place's stems, looked up by the word they start: one pass over a text's words tells
/// which subjects and towns may be named in it, and only their patterns are built and run (every
/// pattern starts at a word boundary, [`pattern`]). A place with an alternative that has no stem
/// is always a candidate. A sorted table costs next to nothing to build, which matters to a
/// process run once per file (an Aho-Corasick automaton over the same stems cost 2.7 million
/// instructions to build).
struct Candidates {
    /// Stems of eight bytes and more (four Russian letters) by their first eight bytes, with
    /// their places, sorted.
    long: Vec<(u64, String, usize)>,
    /// Shorter stems («уфа», «тыв», «г»), tried at every word.
    short: Vec<(String, usize)>,
    always: Vec<usize>,
}

/// The first eight bytes of `text` as one number.
fn key(text: &[u8]) -> Option<u64> {
    let first: [u8; 8] = text.get(..8)?.try_into().ok()?;
    Some(u64::from_be_bytes(first))
}

static CANDIDATES: LazyLock<Candidates> = LazyLock::new(|| {
    let (mut long, mut short, mut always) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..places() {
        let Some((pattern, _, _, _)) = place(i) else { continue };
        let stems = stems(pattern);
        if stems.iter().any(String::is_empty) {
            always.push(i);
            continue;
        }
        for stem in stems {
            match key(stem.as_bytes()) {
                Some(key) => long.push((key, stem, i)),
                None => short.push((stem, i)),
            }
        }
    }
    long.sort_unstable();
    Candidates { long, short, always }
});

/// The places whose patterns may match `lowered`: subjects in the order of [`SUBJECTS`], then
/// towns. Every stem starts with a Russian letter, so only the words that do are looked up.
fn candidates(lowered: &str) -> Vec<usize> {
    let mut found = CANDIDATES.always.clone();
    let bytes = lowered.as_bytes();
    // a Russian letter is two bytes, the first 0xD0 or 0xD1
    let russian_at = |at: usize| at < bytes.len() && matches!(bytes[at], 0xD0 | 0xD1);
    for at in (0..bytes.len()).filter(|&at| russian_at(at)) {
        let word_start = match at {
            0 => true,
            1 => !bytes[0].is_ascii_alphanumeric() && bytes[0] != b'_',
            _ => {
                let before = bytes[at - 1];
                if before.is_ascii() {
                    !before.is_ascii_alphanumeric() && before != b'_'
                } else {
                    // after another Russian letter, or a letter of another alphabet
                    !(russian_at(at - 2) || lowered[..at].chars().next_back().is_some_and(char::is_alphanumeric))
                }
            }
        };
        if !word_start {
            continue;
        }
        let word = &bytes[at..];
        if let Some(key) = key(word) {
            let from = CANDIDATES.long.partition_point(|(k, _, _)| *k < key);
            let equal = CANDIDATES.long[from..].iter().take_while(|(k, _, _)| *k == key);
            found.extend(equal.filter(|(_, stem, _)| word.starts_with(stem.as_bytes())).map(|(_, _, place)| *place));
        }
        found.extend(CANDIDATES.short.iter().filter(|(stem, _)| word.starts_with(stem.as_bytes())).map(|(_, place)| *place));
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// The words of lowered text right before byte `at`, last first: letters and digits, and the
/// dot an abbreviation ends with («г.»).
fn words_before(lowered: &str, at: usize) -> impl Iterator<Item = &str> {
    lowered[..at].rsplit(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-')).map(|w| w.trim_matches('-')).filter(|w| !w.is_empty())
}

/// «г.», «гор.», «город», «городе» … right before a name, over lowered text.
fn after_settlement_mark(lowered: &str, at: usize) -> bool {
    // «г.Уссурийска»: the mark and the name written together
    let before = lowered[..at].trim_end();
    let last = before.rsplit(|c: char| !(c.is_alphanumeric() || c == '.')).next().unwrap_or("");
    is_settlement_mark(last.trim_end_matches('.')) || is_settlement_mark(last)
}

fn is_settlement_mark(word: &str) -> bool {
    matches!(word, "г" | "г." | "гор" | "гор.") || word.starts_with("город")
}

/// An event named after a place, over lowered text ending right before the place's name:
/// «Кубок Москвы», «день Санкт-Петербурга», «ко Дню города Уссурийска», «первенство
/// Приморского края». Such a name says nothing of who issued the document.
fn in_event_name(lowered: &str, at: usize) -> bool {
    const DAY: &[&str] = &["день", "дня", "дню", "днём", "днем"];
    const EVENTS: &[&str] = &[
        "кубок",
        "кубка",
        "кубке",
        "кубку",
        "чемпионат",
        "первенств",
        "турнир",
        "фестивал",
        "олимпиад",
        "конкурс",
        "праздник",
        "юбиле",
        "годовщин",
        "спартакиад",
        "марафон",
        "парад",
    ];
    let mut words = words_before(lowered, at);
    let event = |w: &str| DAY.contains(&w) || EVENTS.iter().any(|e| w.starts_with(e));
    match words.next() {
        Some("города" | "г.") => words.next().is_some_and(event),
        Some(w) => event(w),
        None => false,
    }
}

/// A subject found in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject {
    pub iso: &'static str,
    pub name: &'static str,
}

/// Where a text names a subject: by its own name, or by one of its towns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// The byte range of the name in the text.
    pub start: usize,
    pub end: usize,
    pub subject: Subject,
    pub by_town: bool,
    /// Inside the name of an event («Кубок Москвы»).
    pub in_event: bool,
}

/// Every subject and town named in `text`, in order.
pub fn mentions(text: &str) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    let lowered = crate::case::lowercase_in_place(text);
    let text = lowered.as_str();
    for i in candidates(text) {
        let (Some(re), Some((_, subject, mark, by_town))) = (pattern(i), place(i)) else { continue };
        let Some(&(_, iso, name)) = SUBJECTS.get(subject) else { continue };
        for m in re.find_iter(text) {
            // a more specific subject already claimed this place («Ямало-Ненецкий»)
            if out.iter().any(|o| m.start() < o.end && o.start < m.end()) {
                continue;
            }
            if mark == Mark::Settlement && !after_settlement_mark(text, m.start()) {
                continue;
            }
            let in_event = in_event_name(text, m.start());
            out.push(Mention { start: m.start(), end: m.end(), subject: Subject { iso, name }, by_town, in_event });
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

/// Whether `name` is a town's name alone («Новосибирск», «Москва»), as a place beside a date.
pub fn is_town(name: &str) -> bool {
    let name = name.trim();
    let lowered = crate::case::lowercase_in_place(name);
    matches!(lowered.as_str(), "москва" | "санкт-петербург" | "севастополь")
        || mentions(name).iter().any(|m| m.by_town && m.start == 0 && m.end == name.len())
}

/// Abbreviations of subjects as documents write them: (the abbreviation, the subject it stands
/// for when the text names no other, and the subjects it stands for when the text also names
/// their hint). An abbreviation shared by several subjects counts only when exactly one hint
/// is in the text; «МО» (Московская область, муниципальное образование, министерство
/// образования) is never read.
/// (ISO code, hint pattern over lowercased text).
type Hinted = (&'static str, &'static str);

const ABBREVIATIONS: &[(&str, Option<&str>, &[Hinted])] = &[
    (r"РС\s*\(\s*Я\s*\)", Some("RU-SA"), &[]),
    (r"КБР", Some("RU-KB"), &[]),
    (r"КЧР", Some("RU-KC"), &[]),
    (r"ХМАО", Some("RU-KHM"), &[]),
    (r"ЯНАО", Some("RU-YAN"), &[]),
    (r"ЕАО", Some("RU-YEV"), &[]),
    (r"НАО", Some("RU-NEN"), &[]),
    (r"ЧАО", Some("RU-CHU"), &[]),
    (r"РМЭ", Some("RU-ME"), &[]),
    (r"РСО\s*[-–—]\s*Алания", Some("RU-SE"), &[]),
    (r"РБ", Some("RU-BA"), &[("RU-BU", r"бурят|улан-удэ")]),
    (r"РТ", Some("RU-TA"), &[("RU-TY", r"\bтыв|кызыл")]),
    (r"ЛО", Some("RU-LEN"), &[("RU-LIP", r"липецк")]),
    (
        r"РК",
        None,
        &[("RU-KR", r"карел|петрозаводск"), ("RU-KO", r"\bкоми\b|сыктывкар"), ("RU-KL", r"калмык|элист"), ("RU-CR", r"крым|симферопол")],
    ),
    (r"ЧР", None, &[("RU-CE", r"чечен|грозн"), ("RU-CU", r"чуваш|чебоксар")]),
    (r"РД", None, &[("RU-DA", r"дагестан|махачкал")]),
];

/// Every abbreviation, each its own group (group `i + 1` is `ABBREVIATIONS[i]`), between
/// characters that are not letters or digits.
static ABBREVIATION: LazyLock<Regex> = LazyLock::new(|| {
    let alternatives: Vec<String> = ABBREVIATIONS.iter().map(|(p, _, _)| format!("({p})")).collect();
    re(&format!(r"(?:^|[^А-ЯЁа-яёA-Za-z0-9])(?:{})(?:$|[^А-ЯЁа-яёA-Za-z0-9])", alternatives.join("|")))
});

/// The hints of each abbreviation's subjects, compiled once.
static HINTS: LazyLock<Vec<Vec<(&'static str, Regex)>>> = LazyLock::new(|| {
    ABBREVIATIONS.iter().map(|(_, _, alternatives)| alternatives.iter().map(|(iso, hint)| (*iso, re(hint))).collect()).collect()
});

/// The subject the abbreviation `ABBREVIATIONS[index]` stands for in a document whose whole
/// text, lowered, is `lowered`.
fn abbreviated(index: usize, lowered: &str) -> Option<Subject> {
    let (_, default, _) = ABBREVIATIONS.get(index)?;
    let hinted: Vec<&str> = HINTS.get(index)?.iter().filter(|(_, hint)| hint.is_match(lowered)).map(|(iso, _)| *iso).collect();
    let iso = match hinted.as_slice() {
        [] => (*default)?,
        [one] => one,
        _ => return None,
    };
    SUBJECTS.iter().find(|(_, code, _)| *code == iso).map(|&(_, iso, name)| Subject { iso, name })
}

/// The subject a text names most often (the first named on a tie), counting abbreviations read
/// in the document's `context`; a text that names no subject by its name or abbreviation names
/// the subject of the towns it names most. Names of events («Кубок Москвы») do not count.
pub fn most_named_in(text: &str, context: &str) -> Option<Subject> {
    let (subjects, towns) = named_in(text, context);
    tally(&subjects).or_else(|| tally(&towns)).map(|(_, s)| s)
}

/// The subject a whole document names more often than all others together (a table of the
/// laws of six regions names none of them), else the town's subject it names so, as
/// [`most_named_in`] counts them.
pub fn mostly_named_in(text: &str, context: &str) -> Option<Subject> {
    let (subjects, towns) = named_in(text, context);
    let most = |found: &[Mention]| tally(found).filter(|(count, _)| 2 * count > found.len()).map(|(_, s)| s);
    if subjects.is_empty() {
        most(&towns)
    } else {
        most(&subjects)
    }
}

/// The subjects a text names by their names and abbreviations (read in `context`), and by
/// their towns, outside the names of events.
fn named_in(text: &str, context: &str) -> (Vec<Mention>, Vec<Mention>) {
    let (towns, mut found): (Vec<Mention>, Vec<Mention>) = mentions(text).into_iter().filter(|m| !m.in_event).partition(|m| m.by_town);
    if ABBREVIATION.is_match(text) {
        // each abbreviation is read once per text, the context lowered once
        let lowered = crate::case::lowercase_in_place(context);
        let mut read: std::collections::HashMap<usize, Option<Subject>> = std::collections::HashMap::new();
        for c in ABBREVIATION.captures_iter(text) {
            let Some((index, m)) = c.iter().skip(1).enumerate().find_map(|(i, g)| g.map(|g| (i, g))) else { continue };
            if let Some(subject) = *read.entry(index).or_insert_with(|| abbreviated(index, &lowered)) {
                found.push(Mention { start: m.start(), end: m.end(), subject, by_town: false, in_event: false });
            }
        }
        found.sort_by_key(|m| m.start);
    }
    (found, towns)
}

/// The subject named most often (the first named on a tie), with its count.
fn tally(found: &[Mention]) -> Option<(usize, Subject)> {
    let mut best: Option<(usize, Subject)> = None;
    for m in found {
        let count = found.iter().filter(|o| o.subject.iso == m.subject.iso).count();
        if best.is_none_or(|(c, _)| count > c) {
            best = Some((count, m.subject));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_alternative_gives_the_literal_it_starts_with() {
        assert_eq!(stems(r"республик[а-яё]*\s+ты?в[аыеу]\b|\bтыв[аыеу]\b"), ["республик", "тыв"]);
        assert_eq!(stems(r"ты?в|кубан"), ["т", "кубан"]);
        assert_eq!(stems(r"\bг(?:ород[а-яё]*|\.)\s*москв|\bмосквы\b"), ["г", "москвы"]);
        assert_eq!(stems(r"(?:a|b)c|ханты-мансийск"), ["", "ханты-мансийск"]);
        // every subject is found by its stems, none is looked for in every text
        assert!(CANDIDATES.always.is_empty());
    }

    #[test]
    fn every_town_belongs_to_a_subject_and_is_found_by_a_literal() {
        for i in SUBJECTS.len()..places() {
            let (written, _, _, town) = place(i).unwrap_or_else(|| panic!("town {:?} of no subject", TOWNS.get(i - SUBJECTS.len())));
            assert!(town);
            assert!(stems(written).iter().all(|s| s.chars().count() >= 3), "{written}: a stem shorter than 3 letters");
            assert!(pattern(i).is_some());
        }
    }

    #[test]
    fn towns_name_their_subject_in_any_case() {
        let iso = |t: &str| most_named_in(t, t).map(|s| s.iso);
        assert_eq!(iso("г. Липецк"), Some("RU-LIP"));
        assert_eq!(iso("КГКУ «Центр содействия семейному устройству г.Уссурийска»"), Some("RU-PRI"));
        assert_eq!(iso("на территории Уссурийского городского округа"), Some("RU-PRI"));
        assert_eq!(iso("ОМВД России по г. Уссурийску"), Some("RU-PRI"));
        assert_eq!(iso("«02» декабря 2024 г.    г. Новосибирск"), Some("RU-NVS"));
        assert_eq!(iso("МАОУ «СОШ № 5» Г. НАБЕРЕЖНЫЕ ЧЕЛНЫ"), Some("RU-TA"));
        assert_eq!(iso("в Нижнем Новгороде"), Some("RU-NIZ"));
        // a name that is also a word or a person's name counts only after a settlement's mark
        assert_eq!(iso("находка для методиста"), None);
        assert_eq!(iso("ул. Ленина, г. Находка"), Some("RU-PRI"));
        assert_eq!(iso("Артём Иванов, Иванова И.И., Киров С.М."), None);
        assert_eq!(iso("администрация города Кургана"), Some("RU-KGN"));
        assert_eq!(iso("в братском кругу"), None);
    }

    #[test]
    fn a_subject_outranks_its_towns_and_events_count_for_nothing() {
        let iso = |t: &str| most_named_in(t, t).map(|s| s.iso);
        assert_eq!(iso("Республика Башкортостан, г. Благовещенск, г. Благовещенск"), Some("RU-BA"));
        assert_eq!(iso("Кубок Москвы по мини-футболу"), None);
        assert_eq!(iso("Мероприятия ко Дню города Уссурийска"), None);
        assert_eq!(iso("Участие в празднике «День Санкт-Петербурга»"), None);
        assert_eq!(iso("первенство Приморского края по шахматам, г. Липецк"), Some("RU-LIP"));
    }

    #[test]
    fn a_whole_text_names_a_subject_only_above_all_others() {
        let mostly = |t: &str| mostly_named_in(t, t).map(|s| s.iso);
        let ural = "Курганская область, Свердловская область, Тюменская область, ХМАО-Югра, ЯНАО, законы Курганской области";
        assert_eq!(mostly(ural), None);
        assert_eq!(most_named_in(ural, ural).map(|s| s.iso), Some("RU-KGN"));
        assert_eq!(mostly("бюджет Республики Башкортостан, Республики Башкортостан, с. Федоровка, г. Уфа"), Some("RU-BA"));
        assert_eq!(mostly("г. Уссурийск, ул. Фадеева, 20; экскурсия во Владивосток, в Уссурийск"), Some("RU-PRI"));
    }

    #[test]
    fn a_place_is_a_candidate_where_a_word_starts_with_its_stem() {
        let named = |text: &str| -> Vec<&str> { candidates(text).into_iter().filter_map(place).map(|(p, _, _, _)| p).collect() };
        let found = named("в приморском крае, г. уфа");
        assert!(found.iter().any(|p| p.starts_with("приморск")), "{found:?}");
        assert!(found.iter().any(|p| p.starts_with("уфа")), "{found:?}");
        assert!(!found.iter().any(|p| p.starts_with("орск")), "a stem inside a word names nothing: {found:?}");
        assert!(named("туфли").is_empty());
    }

    #[test]
    fn all_subjects_have_distinct_codes() {
        let mut codes: Vec<_> = SUBJECTS.iter().map(|s| s.1).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 85);
    }

    #[test]
    fn any_grammatical_case() {
        let iso = |t: &str| most_named_in(t, t).map(|s| s.iso);
        assert_eq!(iso("КОМИТЕТ ОБЩЕГО ОБРАЗОВАНИЯ ЛЕНИНГРАДСКОЙ ОБЛАСТИ"), Some("RU-LEN"));
        assert_eq!(iso("в Приморском крае в 2021 году"), Some("RU-PRI"));
        assert_eq!(iso("Министерство образования Республики Татарстан"), Some("RU-TA"));
        assert_eq!(iso("Департамент образования г. Москвы"), Some("RU-MOW"));
        assert_eq!(iso("Ханты-Мансийского автономного округа – Югры"), Some("RU-KHM"));
        assert_eq!(iso("Ямало-Ненецкого автономного округа"), Some("RU-YAN"));
        assert_eq!(iso("Ненецкого автономного округа"), Some("RU-NEN"));
        assert_eq!(iso("Алтайского края"), Some("RU-ALT"));
        assert_eq!(iso("Республики Алтай"), Some("RU-AL"));
        assert_eq!(iso("Курской области"), Some("RU-KRS"));
        assert_eq!(iso("комиссия школы"), None);
        assert_eq!(iso("ДЕПАРТАМЕНТ ОБРАЗОВАНИЯ ГОРОДА МОСКВЫ"), Some("RU-MOW"));
        // positions are those of the text as given, whatever its case
        let abbreviated = |t: &str, context: &str| most_named_in(t, context).map(|s| s.iso);
        assert_eq!(abbreviated("МОБУ СОШ с. Целинный МР Абзелиловский район РБ", ""), Some("RU-BA"));
        assert_eq!(abbreviated("Министерство образования РБ", "г. Улан-Удэ"), Some("RU-BU"));
        assert_eq!(abbreviated("школы РС(Я)", ""), Some("RU-SA"));
        assert_eq!(abbreviated("ХМАО – Югры", ""), Some("RU-KHM"));
        assert_eq!(abbreviated("Министерство образования РК", ""), None);
        assert_eq!(abbreviated("Министерство образования РК", "г. Петрозаводск"), Some("RU-KR"));
        assert_eq!(abbreviated("Министерство образования МО", ""), None);
        assert_eq!(abbreviated("ГРБС, ПРОЕКТ", ""), None, "letters of a longer word are no abbreviation");
        let text = "İstanbul и Калужская область";
        let m = mentions(text)[0];
        assert!(text[m.start..m.end].starts_with("Калужск"), "{}", &text[m.start..m.end]);
    }
}
