//! Document metadata from the text around the roadmap table: kind, authority, region, number,
//! date, place, title, signatory, cited acts, and the plan's title and year.

use std::sync::LazyLock;

use regex::Regex;
use roadmap_dates::{normalize, Kind, PlanPeriod};
use roadmap_layout::{Block, Document};
use roadmap_model::{DocumentKind, DocumentMeta, Reference, Region, Relation, Signatory};

use crate::bounded::Bounded;
use crate::case::lowercase_in_place;
use crate::re;
use crate::regions;

/// «№ 226», «№ 832-р», «№ 01-03/245-пр», «№ 2О», «№ ОД-15», «N 45»: letters of either
/// alphabet, slashes and dashes.
static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:№|\bN)\s*((?:[А-ЯЁA-Z]{1,6}\s*[-–]\s*)?[0-9]+[0-9а-яА-ЯёЁa-zA-Z]*(?:\s*[-/–]\s*[0-9а-яА-ЯёЁa-zA-Z]+)*)"));
/// A settlement: «г. Москва», «с. Целинный», «пос. Раздольный», or a city's bare name.
static PLACE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:(?:г\.|город|пос\.|пгт\.?|п\.|с\.|село|д\.|дер\.|ст-ца|станица|рп\.?|р\.\s?п\.|аул)\s*[А-ЯЁ][а-яё]+(?:[- ][А-ЯЁ]?[а-яё]+)?|[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)*)$",
    )
});
/// What a header line says besides the place: a date, «от», «№ …», «г.».
static DATE_OR_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:«?[0-9]{1,2}»?\s*[а-яёА-ЯЁ]+\s+[0-9]{4}|[0-9]{1,2}\s?\.\s?[0-9]{1,2}\s?\.\s?[0-9]{2,4})\s*(?:[гГ]\.|[гГ]ода?\b)?|(?:№|\bN)\s*\S+|\b[оО][тТ]\b|_+",
    )
});
static TITLE_START: LazyLock<Regex> = LazyLock::new(|| re(r"^Об?\s+[а-яё«]"));
/// A title right under the kind line may start in lower case: «Приказ № 19 / о проведении …».
static TITLE_START_ANY_CASE: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:Об?|об?|ОБ?)\s+[а-яёА-ЯЁ«]"));
/// Over lowered text, as the patterns below marked so.
static BODY_START: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:в\s+соответствии|на\s+основании|в\s+целях|во\s+исполнение|в\s+связи|руководствуясь|согласно|приказываю|п\s*р\s*и\s*к\s*а\s*з\s*ы\s*в\s*а\s*ю|[0-9]+\.)",
    )
});
/// Over lowercased text, as the patterns below marked so: a case-insensitive pattern of this
/// size costs a millisecond to build.
static BODY_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:министерств|комитет|департамент|управлени|администраци|правительств|агентств|служб|отдел|инспекци|государственн|федеральн|муниципальн|бюджетн|автономн|казённ|казенн|частн|обществ|учреждени|организаци|центр|школ|гимнази|лице[йя]|колледж|техникум|институт|университет|совет|дума|собрани|глава|губернатор|мэри|(?:[мг][бак]?|мо[бак])(?:д?оу|у)\b|ооо\b|ано\b|[а-яё]+\s+россии\b|рособрнадзор|минпросвещени|минобрнауки|рос[а-яё]+надзор)",
    )
});
/// A line that starts with the name of a body: a ministry, an office, a school, a company.
fn is_body_line(line: &str) -> bool {
    BODY_WORDS.is_match(&roadmap_layout::lowercase(line))
}

/// A line naming only a legal form, whose name follows on the next line: «Общество с
/// ограниченной ответственностью», «Муниципальное бюджетное общеобразовательное учреждение».
static LEGAL_FORM: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:(?:муниципальн|государственн|федеральн|областн|краев|частн|автономн|бюджетн|казённ|казенн|некоммерческ|общеобразовательн|образовательн|дошкольн|профессиональн|дополнительн)[а-яё]*\s+)+(?:учреждени[ея]|организаци[яи]|предприяти[ея])$|^обществ[оа]\s+с\s+ограниченной\s+ответственностью$",
    )
});
/// An authority of the federation: its acts have a region only when their title names one.
static FEDERAL: LazyLock<Regex> = LazyLock::new(|| {
    re(r"российской\s+федерации|\bроссии\b|^федеральн|рособрнадзор|минпросвещени|минобрнауки|правительств[а-яё]*\s+рф|президент")
});
/// A signatory's name as signed: «Т.Г.Рыборецкая», «А.С. Аникеев», «Аникеев А.С.», «В.СЕЛИН»,
/// «Ануфриева Юлия Валерьевна».
const NAME_PATTERN: &str = r"(?:[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.\s?)?[А-ЯЁ](?:[а-яё]+|[А-ЯЁ]+)(?:-[А-ЯЁ][а-яёА-ЯЁ]+)?|[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.|[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+(?:вич|вна|чна|ична|ич|оглы|кызы))";
static NAME: LazyLock<Regex> = LazyLock::new(|| re(&format!("^{NAME_PATTERN}$")));
/// A signature on one line: «Директор школы ______ Р.Ф. Ахметкужин», the post and the name
/// apart by a line for the signature, a tab or a wide gap.
static SIGNATURE_LINE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"^(?P<position>\S.*?\S)\s*(?:_{{2,}}\s*)?(?P<name>{NAME_PATTERN})$")));
/// Over lowered text.
static YEAR_IN_TITLE: LazyLock<Regex> = LazyLock::new(|| re(r"(?:в|на)\s+(20[0-9]{2})(?:\s*[-–—/]\s*20[0-9]{2})?\s*(?:год|уч)"));
/// A school year however it is named: «на 2021/2022 учебный год», «2021-2022 уч. год»,
/// «2021/22 учебного года», «2019-2020 уч.г.», «на 2019-2020 тренировочный год» (a sports
/// school's), «2019/2020 академический год».
static SCHOOL_YEAR_IN_TITLE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b((?:19|20)[0-9]{2})\s*[-–—/]\s*((?:19|20)?[0-9]{2})\s*(?:гг?\.?\s*)?(?:уч\b|учебн|тренировочн|академическ)"));
/// Several calendar years: «на 2013–2018 годы», «2021-2025 гг.», «на период 2013 - 2018 годов».
static YEARS_IN_TITLE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b((?:19|20)[0-9]{2})\s*(?:гг?\.?\s*)?[-–—]\s*((?:19|20)[0-9]{2})\s*(?:гг\b|годы|годов|годах|годам)"));
/// A cited act over text lowered in place (positions kept), see [`references`]: its kind, at
/// most 160 characters to «от», a date of 4 to 30 characters, the number, and a title of up to
/// 400 characters in quotes.
static CITATION: Bounded = Bounded::new(
    r"(приказ[а-яё]*|распоряжени[а-яё]*|постановлени[а-яё]*|письм[а-яё]*|решени[а-яё]*|указ[а-яё]*|закон[а-яё]*)\b(?P<gap>[^.;№]{0,160}?)\bот\s+(?P<date>[^№]{4,30}?)\s*№\s*(?P<number>[0-9][0-9а-яА-ЯёЁa-zA-Z/\-–]*)(?P<quote>\s*«(?P<quoted>[^»]{1,400})»)?",
    &[("gap", 0, 160), ("date", 4, 30), ("quoted", 1, 400)],
);

/// Text lines of the document in order: paragraphs, and the cells of layout tables (a header
/// or signature block laid out in a table), with whether they come before the roadmap table.
/// A data table that is not the roadmap (a list of schools, a budget) gives no lines: its
/// cells are neither a title nor a signatory; an empty line stands where it was, so that no
/// title runs on across it.
struct Lines {
    before: Vec<String>,
    after: Vec<String>,
}

fn lines(doc: &Document, roadmap_block: Option<usize>) -> Lines {
    let mut before = Vec::new();
    let mut after = Vec::new();
    for (i, block) in doc.blocks.iter().enumerate() {
        let target = if roadmap_block.is_some_and(|r| i >= r) { &mut after } else { &mut before };
        match block {
            Block::Paragraph(p) => target.extend(p.text.lines().map(str::to_string)),
            Block::Table(t) if Some(i) != roadmap_block && is_data_table(t) => target.push(String::new()),
            Block::Table(t) if Some(i) != roadmap_block => {
                for row in t.rows.iter().take(12) {
                    for cell in row.filled() {
                        target.extend(cell.text.lines().map(str::to_string));
                    }
                }
            }
            Block::Table(_) => {}
        }
    }
    Lines { before, after }
}

/// A table of records rather than a block laid out in cells: more than three rows, with
/// several filled cells in a row.
pub(crate) fn is_data_table(t: &roadmap_layout::Table) -> bool {
    t.rows.len() > 3 && t.rows.iter().any(|r| r.filled().count() >= 2)
}

fn letters_only_upper(line: &str) -> String {
    line.chars().filter(|c| c.is_alphabetic()).collect::<String>().to_uppercase()
}

/// The kind a line names as the act's heading: «ПРИКАЗ», «П Р И К А З», «Приказ № 19»,
/// «ФЕДЕРАЛЬНЫЙ ЗАКОН», «ЗАКОН КАЛУЖСКОЙ ОБЛАСТИ», «Закон г. Москвы от 21 ноября 2007 г.
/// N 45 …», «УКАЗ», «РЕШЕНИЕ».
pub(crate) fn kind_of(line: &str) -> Option<DocumentKind> {
    static LAW: LazyLock<Regex> = LazyLock::new(|| {
        re(r"^(?:(?:ФЕДЕРАЛЬНЫЙ|Федеральный|ОБЛАСТНОЙ|Областной|КРАЕВОЙ|Краевой)\s+)?(?:ЗАКОН|Закон)\s+(?:[А-ЯЁ]|г\.|от\b)")
    });
    // the heading without its number: «Приказ № 2О» is a heading, the letter О a number's
    let heading = line.split(['№']).next().unwrap_or(line);
    let kind = match letters_only_upper(heading).as_str() {
        "ПРИКАЗ" => Some(DocumentKind::Order),
        "РАСПОРЯЖЕНИЕ" => Some(DocumentKind::Directive),
        "ПОСТАНОВЛЕНИЕ" => Some(DocumentKind::Resolution),
        "ЗАКОН" | "ФЕДЕРАЛЬНЫЙЗАКОН" => Some(DocumentKind::Law),
        "УКАЗ" => Some(DocumentKind::Decree),
        "РЕШЕНИЕ" => Some(DocumentKind::Decision),
        _ => None,
    };
    kind.or_else(|| LAW.is_match(line.trim()).then_some(DocumentKind::Law))
}

/// The place a header line names beside the date and number («11 февраля 2013 г. Москва
/// № 17», «г. Новосибирск»).
fn place_on(line: &str) -> Option<String> {
    let rest = DATE_OR_NUMBER.replace_all(line, " ");
    let rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    let rest = rest.trim_matches(|c: char| c == ',' || c == '.' || c.is_whitespace());
    // a lone word is a place only beside a date or a number
    let beside = rest != line.trim() || rest.starts_with(|c: char| c.is_lowercase());
    (PLACE.is_match(rest) && beside && kind_of(rest).is_none() && !is_body_line(rest)).then(|| rest.to_string())
}

/// Sentence case with the region's words and «Российской Федерации» capitalised.
fn sentence_case(text: &str) -> String {
    // abbreviations keep their capitals: those in parentheses («(ФСТЭК России)») and the
    // organisational forms and education abbreviations of [`ACRONYMS`]
    let kept: Vec<(usize, &str)> = acronyms(text);
    let lower = roadmap_layout::lowercase(text);
    let mut chars: Vec<char> = lower.chars().collect();
    if let Some(c) = chars.first_mut() {
        *c = c.to_uppercase().next().unwrap_or(*c);
    }
    let mut out: String = chars.into_iter().collect();
    let capitalize = |start: usize, end: usize, out: &mut String| {
        let fragment = out[start..end].to_string();
        let fixed: Vec<String> = fragment
            .split(' ')
            .map(|w| {
                let generic = ["области", "область", "края", "край", "автономного", "автономный", "округа", "округ", "автономной"];
                if generic.contains(&w) {
                    w.to_string()
                } else {
                    let mut c = w.chars();
                    c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
                }
            })
            .collect();
        out.replace_range(start..end, &fixed.join(" "));
    };
    for (s, e, _) in regions::mentions(&out.clone()) {
        // extend the mention to the whole word it ends in, and to «Республики» before it
        let end = out[e..].find(' ').map_or(out.len(), |i| e + i);
        let before = out[..s].trim_end();
        let start = match before.rfind(' ').map_or(0, |i| i + 1) {
            w if out[w..s].starts_with("республик") => w,
            _ => s,
        };
        capitalize(start, end.max(e), &mut out);
    }
    if let Some(i) = out.find("российской федерации") {
        capitalize(i, i + "российской федерации".len(), &mut out);
    }
    for word in ["россии", "москвы", "москва", "санкт-петербурга", "санкт-петербург", "севастополя", "севастополь"]
    {
        while let Some(i) = out.find(word) {
            capitalize(i, i + word.len(), &mut out);
        }
    }
    // lowercasing keeps byte offsets of Cyrillic and Latin letters
    for (at, word) in kept {
        if out.get(at..at + word.len()).is_some_and(|w| roadmap_layout::lowercase(w) == roadmap_layout::lowercase(word)) {
            out.replace_range(at..at + word.len(), word);
        }
    }
    // a name in quotes starts with a capital: «Средняя общеобразовательная школа № 1»; so
    // does a settlement's name after its kind («с. Кировское») and a district's before
    // «район» («Учалинский район»)
    static PROPER: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?:«|(?:^|\s)(?:г\.|с\.|п\.|д\.|пос\.|пгт\.?|село|город[а-я]*|деревн[а-я]+)\s*)([а-яё])|(?:^|\s)([а-яё])[а-яё-]+(?:ий|ый|ой)\s+район\b",
        )
    });
    let mut fixed = out.clone();
    for c in PROPER.captures_iter(&out) {
        if let Some(m) = c.get(1).or(c.get(2)) {
            let upper: String = m.as_str().to_uppercase();
            if upper.len() == m.len() {
                fixed.replace_range(m.start()..m.end(), &upper);
            }
        }
    }
    fixed
}

/// Organisational forms and education abbreviations that keep their capitals in an authority's
/// name written in capitals.
const ACRONYMS: &[&str] = &[
    "МБОУ",
    "МАОУ",
    "МКОУ",
    "МОБУ",
    "МОАУ",
    "МОКУ",
    "ГБОУ",
    "ГАОУ",
    "ГКОУ",
    "ГБУ",
    "ГАУ",
    "ГКУ",
    "МБУ",
    "МАУ",
    "МКУ",
    "ФГБУ",
    "ФГБОУ",
    "ФГАОУ",
    "ФГКОУ",
    "АНО",
    "ООО",
    "ДПО",
    "СОШ",
    "ООШ",
    "НОШ",
    "ДОУ",
    "МДОУ",
    "МБДОУ",
    "МАДОУ",
    "ДДТ",
    "ЦДТ",
    "ДЮСШ",
    "ИРО",
    "РФ",
    "МР",
    "ГО",
    "РБ",
    "РТ",
    "КБР",
    "КЧР",
    "ХМАО",
    "ЯНАО",
    "ЕАО",
];

/// Where the abbreviations to keep stand in `text`: words in parentheses written in capitals,
/// and the words of [`ACRONYMS`].
fn acronyms(text: &str) -> Vec<(usize, &str)> {
    let mut kept = Vec::new();
    let mut depth = 0usize;
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if c.is_alphanumeric() || c == '-' {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            let word = &text[s..i];
            let capitals = word.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) && word.chars().count() >= 2;
            if capitals && (depth > 0 || ACRONYMS.contains(&word)) {
                kept.push((s, word));
            }
        }
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    kept
}

/// A document date on a line («от «10» 06 2021 г.», «28 ФЕВ 2022», ««31» марта 2021 года № 832 - р»).
pub(crate) fn date_on(line: &str) -> Option<String> {
    let mut without_number = line.split('№').next().unwrap_or(line);
    if let Some(i) = without_number.rfind(" от ") {
        without_number = &without_number[i..];
    }
    if without_number.chars().count() > 60 {
        return None;
    }
    let d = normalize(without_number, None);
    (d.kind == Kind::Date && !d.year_inferred).then(|| d.start.map(|s| s.to_string())).flatten()
}

pub(crate) fn number_on(line: &str) -> Option<String> {
    let c = NUMBER.captures(line)?;
    let raw = c.get(1)?.as_str();
    Some(raw.chars().filter(|c| !c.is_whitespace()).collect::<String>().replace('–', "-"))
}

/// The title: a line «Об …»/«О …» and the lines that continue it, up to the body.
fn title_at(lines: &[String]) -> Option<(usize, String)> {
    let start = lines.iter().position(|l| TITLE_START.is_match(l))?;
    Some((start, title_from(lines, start)))
}

/// The title starting at line `start` with the lines that continue it, up to the body.
fn title_from(lines: &[String], start: usize) -> String {
    let mut title = lines[start].clone();
    for l in lines.iter().skip(start + 1).take(6) {
        if l.trim().is_empty() || BODY_START.is_match(&lowercase_in_place(l)) || l.chars().count() > 250 {
            break;
        }
        title.push(' ');
        title.push_str(l);
    }
    title
}

fn signatory(lines: &[String]) -> Option<Signatory> {
    let at = lines.iter().rposition(|l| NAME.is_match(l.trim()) || signature_line(l).is_some())?;
    if let Some((position, name)) = signature_line(&lines[at]) {
        return Some(Signatory { position: Some(position), name });
    }
    let mut position: Vec<&str> = Vec::new();
    for l in lines[..at].iter().rev().take(4) {
        // the line for the signature is not part of the post
        let l = l.trim().trim_end_matches(|c: char| c == '_' || c.is_whitespace());
        if l.is_empty() {
            continue;
        }
        let header = kind_of(l).is_some() || number_on(l).is_some() || date_on(l).is_some() || TITLE_START_ANY_CASE.is_match(l);
        if l.chars().count() > 90 || l.ends_with(['.', ';', ':']) || BODY_START.is_match(&lowercase_in_place(l)) || header {
            break;
        }
        position.insert(0, l);
    }
    Some(Signatory { position: (!position.is_empty()).then(|| position.join(" ")), name: lines[at].trim().to_string() })
}

/// «Директор школы ______ Р.Ф. Ахметкужин»: a post and a name on one line.
fn signature_line(line: &str) -> Option<(String, String)> {
    let c = SIGNATURE_LINE.captures(line.trim())?;
    let position = c.name("position")?.as_str().trim_end_matches(|c: char| c == '_' || c.is_whitespace()).to_string();
    crate::parties::is_post(&position).then(|| (position, c.name("name").map_or(String::new(), |m| m.as_str().to_string())))
}

fn references(text: &str, title: Option<&str>) -> Vec<Reference> {
    let mut out: Vec<Reference> = Vec::new();
    let amends_title = title.is_some_and(|t| roadmap_layout::lowercase(t).contains("внесении изменени"));
    for sentence in text.split_inclusive(['\n']) {
        // Every citation has a number sign.
        if !sentence.contains('№') {
            continue;
        }
        let based_on = roadmap_layout::lowercase(sentence.trim_start()).starts_with("на основании")
            || roadmap_layout::lowercase(sentence.trim_start()).starts_with("в соответствии")
            || roadmap_layout::lowercase(sentence.trim_start()).starts_with("во исполнение");
        // matched in lower case, read from the text as written at the same positions
        let lowered = lowercase_in_place(sentence);
        for c in CITATION.captures_all(&lowered) {
            let Some(whole) = c.get(0).map(|m| &sentence[m.range()]) else { continue };
            let date = c.name("date").and_then(|d| date_on(&sentence[d.range()]));
            let number = c.name("number").map(|n| sentence[n.range()].trim_end_matches(['.', ',']).to_string());
            let in_title = title.is_some_and(|t| t.contains(whole.trim()));
            let relation = if amends_title && in_title {
                Relation::Amends
            } else if based_on {
                Relation::BasedOn
            } else {
                Relation::Cites
            };
            if out.iter().any(|r| r.number == number && r.date == date) {
                continue;
            }
            out.push(Reference { relation, date, number, text: whole.trim().to_string() });
        }
    }
    out
}

/// Document metadata, the plan title and the plan year named in the text (not from dates).
pub struct Meta {
    pub document: DocumentMeta,
    pub plan_title: Option<String>,
    /// The period named in the plan's title, the document's title or the lines above the
    /// table: a school year, or a calendar year.
    pub plan_period: Option<PlanPeriod>,
}

/// The period a title names: a school year («на 2021/2022 учебный год»), then several calendar
/// years («на 2013–2018 годы»), then a calendar year («на 2021 год»).
fn period_named(title: &str) -> Option<PlanPeriod> {
    let lowered = lowercase_in_place(title);
    let years = |pattern: &Regex| -> Option<(String, String)> {
        let c = pattern.captures(&lowered)?;
        Some((c.get(1)?.as_str().to_string(), c.get(2)?.as_str().to_string()))
    };
    let school = years(&SCHOOL_YEAR_IN_TITLE).and_then(|(first, second)| PlanPeriod::parse(&format!("{first}/{second}")));
    let span = || years(&YEARS_IN_TITLE).and_then(|(first, last)| PlanPeriod::parse(&format!("{first}..{last}")));
    school
        .or_else(span)
        .or_else(|| YEAR_IN_TITLE.captures(&lowered).and_then(|c| c.get(1)).and_then(|y| y.as_str().parse().ok()).map(PlanPeriod::Year))
}

pub fn read(doc: &Document, roadmap_block: Option<usize>, has_roadmap: bool) -> Meta {
    let Lines { before, after } = lines(doc, roadmap_block);
    let mut meta = DocumentMeta::default();

    let kind_at = before.iter().position(|l| kind_of(l).is_some());
    // a title right under the kind line, in any case, or the first «О …» line
    let title = kind_at
        .and_then(|k| {
            let at = (k + 1..before.len().min(k + 5)).find(|&i| TITLE_START_ANY_CASE.is_match(&before[i]))?;
            Some((at, title_from(&before, at)))
        })
        .or_else(|| title_at(&before));
    let header_end = title.as_ref().map_or(before.len().min(12), |(i, _)| *i);
    meta.kind = match kind_at.and_then(|i| before.get(i)).and_then(|l| kind_of(l)) {
        Some(k) => k,
        None => {
            let appendix = before.iter().find(|l| roadmap_layout::lowercase(l).contains("приложени"));
            match appendix.map(|l| roadmap_layout::lowercase(l)) {
                Some(l) if l.contains("приказ") => DocumentKind::Order,
                Some(l) if l.contains("распоряжени") => DocumentKind::Directive,
                Some(l) if l.contains("постановлени") => DocumentKind::Resolution,
                _ if has_roadmap => DocumentKind::Plan,
                _ => DocumentKind::Unknown,
            }
        }
    };

    // authority: the most specific body named above the kind line, with a legal form on the
    // line before it, and the lines that carry its name on up to a date, a number or a gap
    if let Some(k) = kind_at {
        if let Some(mut first_body) = before[..k].iter().rposition(|l| is_body_line(l.trim())) {
            if first_body > 0 && LEGAL_FORM.is_match(&roadmap_layout::lowercase(before[first_body - 1].trim())) {
                first_body -= 1;
            }
            // a number inside a quoted name («Школа № 3») is part of the name
            let number_line = |l: &str| {
                l.starts_with(['№', 'N']) || roadmap_layout::lowercase(l).starts_with("от ") || (number_on(l).is_some() && !l.contains('«'))
            };
            let name: Vec<&str> = before[first_body..k]
                .iter()
                .map(|l| l.trim())
                .take_while(|l| !l.is_empty() && date_on(l).is_none() && !number_line(l) && place_on(l).is_none())
                .collect();
            if !name.is_empty() {
                meta.authority = Some(sentence_case(&name.join(" ")));
            }
        }
    }

    // number, date, place: in the header block, else in an appendix header
    let header: Vec<&String> = before[..header_end.min(before.len())].iter().collect();
    let appendix: Vec<&String> = before.iter().skip_while(|l| !roadmap_layout::lowercase(l).starts_with("приложени")).take(6).collect();
    // the act's own number and date stand under its heading, before any name above it
    let under_heading: Vec<&String> =
        kind_at.map(|k| before[k..header_end.max(k + 1).min(before.len())].iter().collect()).unwrap_or_default();
    for block in [&under_heading, &header, &appendix] {
        if meta.number.is_none() {
            meta.number = block.iter().find_map(|l| number_on(l));
        }
        if meta.date.is_none() {
            meta.date = block.iter().find_map(|l| date_on(l));
        }
    }
    let place_zone = kind_at.map_or(header_end, |k| (k + 3).max(header_end)).min(before.len());
    // the place beside the date or number, or on a line of its own between them
    let beside_date = |i: usize| before.get(i).is_some_and(|l| date_on(l).is_some() || number_on(l).is_some());
    meta.place = (0..place_zone).find_map(|i| {
        place_on(&before[i]).or_else(|| {
            let line = before[i].trim();
            let alone = PLACE.is_match(line) && kind_of(line).is_none() && !is_body_line(line);
            (alone && (beside_date(i.wrapping_sub(1)) || beside_date(i + 1))).then(|| line.to_string())
        })
    });
    meta.title = title.as_ref().map(|(_, t)| t.clone());

    // signatory: the last line that is only a name, before the roadmap table
    let signature_zone: &[String] = match before.iter().position(|l| roadmap_layout::lowercase(l).starts_with("приложени")) {
        Some(i) => &before[..i],
        None => &before,
    };
    if kind_at.is_some() {
        meta.signatory = signatory(signature_zone);
    }

    let body_text = before.join("\n");
    meta.references = references(&body_text, meta.title.as_deref());
    // An appendix heading («Приложение к приказу … от 28.02.2022 № 226») names the document
    // itself, not an act it cites.
    if meta.number.is_some() && meta.date.is_some() {
        meta.references.retain(|r| !(r.number == meta.number && r.date == meta.date));
    }

    // plan title: the lines just above the table that name the plan
    let plan_title = plan_title(&before);
    let plan_period = [plan_title.as_deref(), meta.title.as_deref()]
        .into_iter()
        .flatten()
        .find_map(period_named)
        .or_else(|| before.iter().take(40).find_map(|line| period_named(line).filter(|p| !matches!(p, PlanPeriod::Year(_)))));

    // region: from the authority, then the titles, then whatever the text names most
    let roadmap_text: Vec<&str> = roadmap_block
        .and_then(|i| doc.blocks.get(i))
        .map(|b| match b {
            Block::Table(t) => t.rows.iter().flat_map(|r| r.filled().map(|c| c.text.as_str())).collect(),
            Block::Paragraph(_) => Vec::new(),
        })
        .unwrap_or_default();
    let all_text = format!("{}\n{}\n{}", before.join("\n"), after.join("\n"), roadmap_text.join("\n"));
    // a federal authority's act has a region only when its titles name one; the place where
    // an act was signed is the region only when the authority is that region's
    let federal = meta.authority.as_deref().is_some_and(|a| FEDERAL.is_match(&roadmap_layout::lowercase(a)));
    let region = [meta.authority.as_deref(), meta.title.as_deref(), plan_title.as_deref()]
        .into_iter()
        .flatten()
        .find_map(|t| regions::most_named_in(t, &all_text))
        .or_else(|| if federal { None } else { regions::most_named_in(&all_text, &all_text) });
    meta.region = region.map(|s| Region { name: s.name.to_string(), iso: s.iso.to_string() });
    Meta { document: meta, plan_title, plan_period }
}

fn plan_title(before: &[String]) -> Option<String> {
    // over lowered lines
    static PLAN: LazyLock<Regex> = LazyLock::new(|| re(r"план|дорожн[а-яё]*\s+карт|график|перечень\s+мероприятий|комплекс\s+мер"));
    static STOP: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:цел[ьи]|задач[аи]|[0-9]+\.|приложени|к\s+приказу|от\s)"));
    let start_from = before.iter().rposition(|l| {
        let lower = roadmap_layout::lowercase(l);
        lower.starts_with("приложени") || lower.starts_with("к приказу") || lower.starts_with("к распоряжению") || NAME.is_match(l.trim())
    });
    let zone_start = start_from.map_or(0, |i| i + 1);
    let zone = &before[zone_start..];
    let start = zone.iter().position(|l| {
        let lowered = lowercase_in_place(l);
        PLAN.is_match(&lowered) && !STOP.is_match(&lowered) && !TITLE_START.is_match(l) && NUMBER.find(l).is_none()
    })?;
    let mut title = zone[start].trim().to_string();
    for l in zone.iter().skip(start + 1) {
        if STOP.is_match(&lowercase_in_place(l.trim())) || l.chars().count() > 300 {
            break;
        }
        title.push(' ');
        title.push_str(l.trim());
    }
    Some(title)
}

#[cfg(test)]
mod tests {
    use super::*;
    use roadmap_layout::Paragraph;

    fn doc(lines: &[&str]) -> Document {
        Document {
            blocks: lines.iter().map(|l| Block::Paragraph(Paragraph { text: l.to_string(), ..Paragraph::default() })).collect(),
            ..Document::default()
        }
    }

    #[test]
    fn a_data_table_that_is_not_the_roadmap_is_neither_title_nor_signatory() {
        let mut d = doc(&["ПРИКАЗ", "от 01.09.2021 № 45", "Об утверждении списка школ"]);
        let mut schools = roadmap_layout::Table::default();
        for row in [
            ["Район", "Школа", "Директор"],
            ["Бежецкий", "МОУ СОШ № 1", "Иванова И.И."],
            ["Бежецкий", "МОУ СОШ № 2", "Петров П.П."],
            ["Весьегонский", "МОУ СОШ № 3", "Сидоров С.С."],
        ] {
            let cells = row.iter().enumerate().map(|(c, t)| roadmap_layout::Cell::new(c, t)).collect();
            schools.rows.push(roadmap_layout::Row { cells, ..roadmap_layout::Row::default() });
        }
        d.blocks.push(Block::Table(schools));
        let m = read(&d, None, false);
        assert_eq!(m.document.title.as_deref(), Some("Об утверждении списка школ"));
        assert_eq!(m.document.signatory, None);
        assert_eq!(m.document.number.as_deref(), Some("45"));
    }

    #[test]
    fn order_header() {
        let d = doc(&[
            "РОССИЙСКАЯ ФЕДЕРАЦИЯ",
            "Администрация Ленинградской области",
            "КОМИТЕТ",
            "ОБЩЕГО И ПРОФЕССИОНАЛЬНОГО ОБРАЗОВАНИЯ",
            "ЛЕНИНГРАДСКОЙ ОБЛАСТИ",
            "РАСПОРЯЖЕНИЕ",
            "«31» марта 2021 года № 832 - р",
            "Об утверждении регионального плана-графика",
            "Ленинградской области в 2021 году",
            "В соответствии с письмом ФГБУ «ФИОКО» от 18.01.2021 №02-21/9 «О начале реализации проекта»:",
            "1. Утвердить план-график.",
            "Заместитель председателя комитета",
            "Т.Г.Рыборецкая",
        ]);
        let m = read(&d, None, true);
        assert_eq!(m.document.kind, DocumentKind::Directive);
        assert_eq!(m.document.authority.as_deref(), Some("Комитет общего и профессионального образования Ленинградской области"));
        assert_eq!(m.document.number.as_deref(), Some("832-р"));
        assert_eq!(m.document.date.as_deref(), Some("2021-03-31"));
        assert_eq!(m.document.region.as_ref().map(|r| r.iso.as_str()), Some("RU-LEN"));
        assert_eq!(m.document.signatory.as_ref().map(|s| s.name.as_str()), Some("Т.Г.Рыборецкая"));
        assert_eq!(m.document.signatory.as_ref().and_then(|s| s.position.as_deref()), Some("Заместитель председателя комитета"));
        assert_eq!(m.plan_period, Some(PlanPeriod::Year(2021)));
        let r = &m.document.references[0];
        assert_eq!((r.relation, r.date.as_deref(), r.number.as_deref()), (Relation::BasedOn, Some("2021-01-18"), Some("02-21/9")));
    }

    #[test]
    fn spaced_kind_place_and_other_number_styles() {
        let d = doc(&[
            "МИНИСТЕРСТВО ОБРАЗОВАНИЯ РЕСПУБЛИКИ ТАТАРСТАН",
            "П Р И К А З",
            "05.04.2021",
            "г. Казань",
            "№ 101/01-03",
            "О внесении изменений в приказ от 19.03.2021 № 301",
            "В целях",
        ]);
        let m = read(&d, None, true);
        assert_eq!(m.document.kind, DocumentKind::Order);
        assert_eq!(m.document.authority.as_deref(), Some("Министерство образования Республики Татарстан"));
        assert_eq!(m.document.number.as_deref(), Some("101/01-03"));
        assert_eq!(m.document.date.as_deref(), Some("2021-04-05"));
        assert_eq!(m.document.place.as_deref(), Some("г. Казань"));
        assert_eq!(m.document.references[0].relation, Relation::Amends);
        assert_eq!(m.document.region.map(|r| r.iso), Some("RU-TA".to_string()));
    }

    #[test]
    fn standalone_plan_and_appendix_header() {
        let d = doc(&[
            "Приложение к приказу Департамента образования Орловской области от 28 ФЕВ 2022 № 226",
            "Региональный План-график",
            "реализации проекта в 2022 году",
        ]);
        let m = read(&d, None, true);
        assert_eq!(m.document.kind, DocumentKind::Order);
        assert_eq!(m.document.number.as_deref(), Some("226"));
        assert_eq!(m.document.date.as_deref(), Some("2022-02-28"));
        assert_eq!(m.plan_title.as_deref(), Some("Региональный План-график реализации проекта в 2022 году"));
        assert_eq!(m.plan_period, Some(PlanPeriod::Year(2022)));
        assert!(m.document.references.is_empty(), "the appendix heading names the document itself: {:?}", m.document.references);
        let plain = read(&doc(&["Дорожная карта", "по оказанию поддержки в 2022 году"]), None, true);
        assert_eq!(plain.document.kind, DocumentKind::Plan);
        assert_eq!(plain.document.number, None);
        let empty = read(&Document::default(), None, false);
        assert_eq!(empty.document.kind, DocumentKind::Unknown);
    }

    #[test]
    fn names_in_either_order() {
        for name in ["А. И. Карлов", "А.С. Аникеев", "Бондаренко Н.В."] {
            assert!(NAME.is_match(name), "{name}");
        }
        assert!(!NAME.is_match("Министр"));
    }

    #[test]
    fn a_federal_agency_order_has_no_region_from_its_place() {
        let d = doc(&[
            "ФЕДЕРАЛЬНАЯ СЛУЖБА ПО НАДЗОРУ В СФЕРЕ ОБРАЗОВАНИЯ И НАУКИ",
            "(РОСОБРНАДЗОР)",
            "П Р И К А З",
            "14 марта 2023 г.",
            "Москва",
            "№ 01-03/245-пр",
            "Об утверждении порядка проведения проверок",
            "В соответствии с пунктом 5 Положения, п р и к а з ы в а ю:",
            "1. Утвердить порядок.",
            "Руководитель",
            "А.А. МУЗАЕВ",
        ]);
        let m = read(&d, None, false).document;
        assert_eq!(m.kind, DocumentKind::Order);
        assert_eq!(m.authority.as_deref(), Some("Федеральная служба по надзору в сфере образования и науки (РОСОБРНАДЗОР)"));
        assert_eq!(
            (m.number.as_deref(), m.date.as_deref(), m.place.as_deref()),
            (Some("01-03/245-пр"), Some("2023-03-14"), Some("Москва"))
        );
        assert_eq!(m.region, None, "the place where a federal act was signed is not its region");
        assert_eq!(m.signatory.map(|s| (s.position, s.name)), Some((Some("Руководитель".into()), "А.А. МУЗАЕВ".into())));
    }

    #[test]
    fn a_school_order_with_its_signature_on_one_line() {
        let d = doc(&[
            "МУНИЦИПАЛЬНОЕ ОБЩЕОБРАЗОВАТЕЛЬНОЕ БЮДЖЕТНОЕ УЧРЕЖДЕНИЕ",
            "СРЕДНЯЯ ОБЩЕОБРАЗОВАТЕЛЬНАЯ ШКОЛА с. ЦЕЛИННЫЙ МР АБЗЕЛИЛОВСКИЙ РАЙОН РБ",
            "ПРИКАЗ № 2О",
            "от 28.08.2021 г.                 с. Целинный",
            "об утверждении плана работы школы на 2021/2022 учебный год",
            "1. Утвердить план работы.",
            "Директор школы\t______\tР.Ф. Ахметкужин",
        ]);
        let m = read(&d, None, true);
        let doc = m.document;
        assert_eq!(doc.kind, DocumentKind::Order);
        assert_eq!(doc.number.as_deref(), Some("2О"));
        assert_eq!(doc.place.as_deref(), Some("с. Целинный"));
        assert_eq!(doc.title.as_deref(), Some("об утверждении плана работы школы на 2021/2022 учебный год"));
        assert_eq!(doc.region.as_ref().map(|r| r.iso.as_str()), Some("RU-BA"));
        assert!(
            doc.authority.as_deref().is_some_and(|a| a.starts_with("Муниципальное общеобразовательное бюджетное учреждение средняя")),
            "{:?}",
            doc.authority
        );
        assert_eq!(doc.signatory.map(|s| (s.position, s.name)), Some((Some("Директор школы".into()), "Р.Ф. Ахметкужин".into())));
        assert_eq!(m.plan_period, Some(PlanPeriod::SchoolYear(2021)));
    }

    #[test]
    fn a_plan_period_however_the_title_names_it() {
        for (title, period) in [
            ("План работы на 2019-2020 тренировочный год", Some(PlanPeriod::SchoolYear(2019))),
            ("План мероприятий на 2019-2020 уч.г.", Some(PlanPeriod::SchoolYear(2019))),
            ("План работы кафедры на 2021/2022 академический год", Some(PlanPeriod::SchoolYear(2021))),
            ("План профилактики на 2019–2020 учебный год", Some(PlanPeriod::SchoolYear(2019))),
            ("Программа развития на 2013–2018 годы", Some(PlanPeriod::Years(2013, 2018))),
            ("Комплекс мер на 2021 - 2025 гг.", Some(PlanPeriod::Years(2021, 2025))),
            ("План на период 2021-2022 годов", Some(PlanPeriod::Years(2021, 2022))),
            ("План работы на 2022 год", Some(PlanPeriod::Year(2022))),
            ("План работы школы", None),
        ] {
            assert_eq!(period_named(title), period, "{title}");
        }
        // a programme's years on a line above the table, under a title that names none
        let d = doc(&["УТВЕРЖДАЮ", "Директор", "Программа развития учреждения", "на 2013–2018 годы"]);
        assert_eq!(read(&d, None, true).plan_period, Some(PlanPeriod::Years(2013, 2018)));
    }

    #[test]
    fn laws_decrees_and_decisions() {
        assert_eq!(kind_of("ФЕДЕРАЛЬНЫЙ ЗАКОН"), Some(DocumentKind::Law));
        assert_eq!(kind_of("ЗАКОН КАЛУЖСКОЙ ОБЛАСТИ"), Some(DocumentKind::Law));
        assert_eq!(kind_of("Закон г. Москвы от 21 ноября 2007 г. N 45 «Кодекс города Москвы»"), Some(DocumentKind::Law));
        assert_eq!(kind_of("У К А З"), Some(DocumentKind::Decree));
        assert_eq!(kind_of("РЕШЕНИЕ"), Some(DocumentKind::Decision));
        assert_eq!(kind_of("Приказ № 19"), Some(DocumentKind::Order));
        assert_eq!(kind_of("Законом установлено"), None);
        assert_eq!(number_on("N 45 «Кодекс»").as_deref(), Some("45"));
        assert_eq!(number_on("№ ОД-15").as_deref(), Some("ОД-15"));
    }

    #[test]
    fn a_signature_block_laid_out_in_a_table() {
        let mut d = doc(&["ПРИКАЗ", "от 01.09.2021 № 12", "Об утверждении плана"]);
        let cells = vec![roadmap_layout::Cell::new(0, "Директор школы"), roadmap_layout::Cell::new(1, "Р.Ф. Ахметкужин")];
        let mut block = roadmap_layout::Table::default();
        block.rows.push(roadmap_layout::Row { cells, ..roadmap_layout::Row::default() });
        d.blocks.push(Block::Table(block));
        let signatory = read(&d, None, false).document.signatory;
        assert_eq!(signatory.map(|s| (s.position, s.name)), Some((Some("Директор школы".into()), "Р.Ф. Ахметкужин".into())));
    }
}
