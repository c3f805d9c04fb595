//! The 85 federal subjects of Russia: nominative name, ISO 3166-2:RU code, and a pattern that
//! finds the subject in lowercased text in any grammatical case.

use std::sync::{LazyLock, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex::Regex;

use crate::re;

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

/// Each subject's pattern, compiled the first time a text may name the subject.
static PATTERNS: LazyLock<Vec<OnceLock<Regex>>> = LazyLock::new(|| SUBJECTS.iter().map(|_| OnceLock::new()).collect());

fn pattern(i: usize) -> Option<&'static Regex> {
    let (p, _, _) = SUBJECTS.get(i)?;
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

/// Every subject's stems in one automaton: a single pass over a text tells which subjects may
/// be named in it, and only their patterns are built and run. A subject with an alternative
/// that has no stem is always a candidate.
struct Candidates {
    stems: AhoCorasick,
    /// The subject of each stem.
    subject_of: Vec<usize>,
    always: Vec<usize>,
}

static CANDIDATES: LazyLock<Candidates> = LazyLock::new(|| {
    let mut words = Vec::new();
    let mut subject_of = Vec::new();
    let mut always = Vec::new();
    for (i, (pattern, _, _)) in SUBJECTS.iter().enumerate() {
        let stems = stems(pattern);
        if stems.iter().any(String::is_empty) {
            always.push(i);
            continue;
        }
        for stem in stems {
            words.push(stem);
            subject_of.push(i);
        }
    }
    let stems = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(&words)
        .unwrap_or_else(|e| unreachable!("subject stems: {e}"));
    Candidates { stems, subject_of, always }
});

/// The subjects whose patterns may match `lowered`, in the order of [`SUBJECTS`].
fn candidates(lowered: &str) -> Vec<usize> {
    let mut found = CANDIDATES.always.clone();
    found
        .extend(CANDIDATES.stems.find_overlapping_iter(lowered).filter_map(|m| CANDIDATES.subject_of.get(m.pattern().as_usize()).copied()));
    found.sort_unstable();
    found.dedup();
    found
}

/// A subject found in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject {
    pub iso: &'static str,
    pub name: &'static str,
}

/// Every subject named in `text`, with the byte range of each mention.
pub fn mentions(text: &str) -> Vec<(usize, usize, Subject)> {
    let mut out: Vec<(usize, usize, Subject)> = Vec::new();
    let lowered = crate::case::lowercase_in_place(text);
    let text = lowered.as_str();
    for i in candidates(text) {
        let (Some(re), Some(&(_, iso, name))) = (pattern(i), SUBJECTS.get(i)) else { continue };
        for m in re.find_iter(text) {
            // a more specific subject already claimed this place («Ямало-Ненецкий»)
            if out.iter().any(|(s, e, _)| m.start() < *e && *s < m.end()) {
                continue;
            }
            out.push((m.start(), m.end(), Subject { iso, name }));
        }
    }
    out.sort_by_key(|m| m.0);
    out
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
/// in the document's `context`.
pub fn most_named_in(text: &str, context: &str) -> Option<Subject> {
    let mut found = mentions(text);
    if ABBREVIATION.is_match(text) {
        // each abbreviation is read once per text, the context lowered once
        let lowered = crate::case::lowercase_in_place(context);
        let mut read: std::collections::HashMap<usize, Option<Subject>> = std::collections::HashMap::new();
        for c in ABBREVIATION.captures_iter(text) {
            let Some((index, m)) = c.iter().skip(1).enumerate().find_map(|(i, g)| g.map(|g| (i, g))) else { continue };
            if let Some(subject) = *read.entry(index).or_insert_with(|| abbreviated(index, &lowered)) {
                found.push((m.start(), m.end(), subject));
            }
        }
        found.sort_by_key(|m| m.0);
    }
    tally(&found)
}

/// The subject a text names most often (the first named on a tie).
pub fn most_named(text: &str) -> Option<Subject> {
    tally(&mentions(text))
}

fn tally(found: &[(usize, usize, Subject)]) -> Option<Subject> {
    let mut best: Option<(usize, Subject)> = None;
    for (_, _, s) in found {
        let count = found.iter().filter(|(_, _, o)| o.iso == s.iso).count();
        if best.is_none_or(|(c, _)| count > c) {
            best = Some((count, *s));
        }
    }
    best.map(|(_, s)| s)
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
    fn all_subjects_have_distinct_codes() {
        let mut codes: Vec<_> = SUBJECTS.iter().map(|s| s.1).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 85);
    }

    #[test]
    fn any_grammatical_case() {
        let iso = |t: &str| most_named(t).map(|s| s.iso);
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
        let (s, e, _) = mentions(text)[0];
        assert!(text[s..e].starts_with("Калужск"), "{}", &text[s..e]);
    }
}
