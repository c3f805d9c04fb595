//! Document metadata from the text around the roadmap table: kind, authority, region, number,
//! date, place, title, signatory, cited acts, and the plan's title and year.

use std::sync::LazyLock;

use regex::Regex;
use roadmap_dates::{normalize, Kind, PlanPeriod};
use roadmap_layout::{Block, Document};
use roadmap_model::{DocumentKind, DocumentMeta, Reference, Region, Relation, Signatory};

use crate::approval::{self, Approval};
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
pub(crate) fn is_body_line(line: &str) -> bool {
    BODY_WORDS.is_match(&roadmap_layout::lowercase(line))
}

/// The stems of the words of legal forms before their noun: «муниципальное», «бюджетное».
const LEGAL_FORM_WORDS: &[&str] = &[
    "муниципальн",
    "государственн",
    "федеральн",
    "областн",
    "краев",
    "частн",
    "автономн",
    "бюджетн",
    "казённ",
    "казенн",
    "некоммерческ",
    "общеобразовательн",
    "образовательн",
    "дошкольн",
    "профессиональн",
    "дополнительн",
];

fn legal_form_word(word: &str) -> bool {
    LEGAL_FORM_WORDS.iter().any(|s| word.starts_with(s))
}

/// A line naming only a legal form, whose name follows on the next line: «Общество с
/// ограниченной ответственностью», «Муниципальное бюджетное общеобразовательное учреждение».
fn legal_form_line(line: &str) -> bool {
    let lowered = roadmap_layout::lowercase(line.trim());
    match words(&lowered).collect::<Vec<_>>().as_slice() {
        ["общество" | "общества", "с", "ограниченной", "ответственностью"] => true,
        [adjectives @ .., noun] if !adjectives.is_empty() => {
            adjectives.iter().all(|w| legal_form_word(w))
                && matches!(*noun, "учреждение" | "учреждения" | "организация" | "организации" | "предприятие" | "предприятия")
        }
        _ => false,
    }
}

/// A line of the words of a legal form before their noun: «ФЕДЕРАЛЬНОЕ ГОСУДАРСТВЕННОЕ
/// КАЗЕННОЕ ОБРАЗОВАТЕЛЬНОЕ».
fn legal_form_words_line(line: &str) -> bool {
    let lowered = roadmap_layout::lowercase(line.trim());
    let words: Vec<&str> = words(&lowered).collect();
    !words.is_empty() && words.iter().all(|w| legal_form_word(w))
}

/// An authority of the federation: its acts have a region only when their title names one.
static FEDERAL: LazyLock<Regex> = LazyLock::new(|| {
    re(r"российской\s+федерации|\bроссии\b|^федеральн|рособрнадзор|минпросвещени|минобрнауки|правительств[а-яё]*\s+рф|президент")
});
/// A signatory's name as signed: «Т.Г.Рыборецкая», «А.С. Аникеев», «Аникеев А.С.», «В.СЕЛИН»,
/// «Ануфриева Юлия Валерьевна».
pub(crate) const NAME_PATTERN: &str = r"(?:[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.\s?)?[А-ЯЁ](?:[а-яё]+|[А-ЯЁ]+)(?:-[А-ЯЁ][а-яёА-ЯЁ]+)?|[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.|[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё]+(?:вич|вна|чна|ична|ич|оглы|кызы))";
static NAME: LazyLock<Regex> = LazyLock::new(|| re(&format!("^{NAME_PATTERN}$")));
/// A signature on one line: «Директор школы ______ Р.Ф. Ахметкужин», the post and the name
/// apart by a line for the signature, a tab or a wide gap.
static SIGNATURE_LINE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"^(?P<position>\S.*?\S)\s*(?:_{{2,}}\s*)?(?P<name>{NAME_PATTERN})$")));
/// Over lowered text.
/// A year a title names as the plan's: «на 2021 год», «в 2022 году», «на ноябрь 2021 года»,
/// «в период школьных каникул 2019 года», «на летний период 2018 год».
static YEAR_IN_TITLE: LazyLock<Regex> = LazyLock::new(|| re(r"\b(20[0-9]{2})(?:\s*[-–—/]\s*20[0-9]{2})?\s*(?:год|уч)"));
/// What ends the text before a year that is a date's, not the plan's: «от 12 марта 2019 года»,
/// «01.02.2019 года».
static DATE_BEFORE_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:[0-9]\s*(?:января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)|[0-9][./])\s*$")
});
/// A school year however it is named: «на 2021/2022 учебный год», «2021-2022 уч. год»,
/// «2021/22 учебного года», «2019-2020 уч.г.», «на 2019-2020 тренировочный год» (a sports
/// school's), «2019/2020 академический год».
static SCHOOL_YEAR_IN_TITLE: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b((?:19|20)[0-9]{2})\s*[-–—/]\s*((?:19|20)?[0-9]{2})\s*(?:гг?\.?\s*)?(?:уч\b|учебн|тренировочн|академическ)"));
/// A summer and its year: «на летний период 2018 год», «летних каникул 2019 года», «летней
/// оздоровительной кампании 2020 года», «на лето 2019 г.».
static SUMMER_IN_TITLE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:\bлетн[а-яё]*\s+(?:период|каникул|оздоровительн|кампани|отдых)|\bна\s+лето\b)[^0-9]{0,40}?\b(20[0-9]{2})\b"));
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
/// title runs on across it. `in_table` tells, for each line before the roadmap, whether it is a
/// layout table's.
struct Lines {
    before: Vec<String>,
    after: Vec<String>,
    in_table: Vec<bool>,
}

fn lines(doc: &Document, roadmap_block: Option<usize>) -> Lines {
    let mut before = Vec::new();
    let mut after = Vec::new();
    let mut in_table = Vec::new();
    for (i, block) in doc.blocks.iter().enumerate() {
        let is_after = roadmap_block.is_some_and(|r| i >= r);
        let target = if is_after { &mut after } else { &mut before };
        let table = matches!(block, Block::Table(_));
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
        if !is_after {
            in_table.resize(before.len(), table);
        }
    }
    Lines { before, after, in_table }
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
    (is_place(rest) && beside && kind_of(rest).is_none() && !is_body_line(rest)).then(|| rest.to_string())
}

/// A settlement's name: written after its kind («г. Москва», «с. Целинный»), or alone when it
/// is a town's name the crate knows («Москва», «Новосибирск»): a word is not a place by its
/// capital letter alone («Протокол», «Контракт», «План»).
fn is_place(text: &str) -> bool {
    const KINDS: &[&str] =
        &["г.", "город", "пос.", "пгт", "п.", "с.", "село", "д.", "дер.", "ст-ца", "станица", "рп", "р.п.", "р. п.", "аул"];
    let lowered = roadmap_layout::lowercase(text);
    PLACE.is_match(text) && (KINDS.iter().any(|k| lowered.starts_with(k)) || regions::is_town(text))
}

/// The issuer's name as a document writes it: a name set in capitals in sentence case, any
/// other as written («Общество с ограниченной ответственностью Учебно-производственный центр
/// «Горизонт»», «КГКУ «Центр содействия семейному устройству г.Уссурийска»»).
fn authority_case(name: &str) -> String {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = name.chars().filter(|c| c.is_uppercase()).count();
    if 2 * capitals > letters {
        sentence_case(name)
    } else {
        name.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// The approval block's lines, and those of the acceptance blocks in the head («ПРИНЯТО /
/// педагогическим советом / протокол № 1 от …»): what they say is not the document's.
fn set_aside(lines: &[String], head_end: usize, approval: Option<&Approval>) -> Vec<bool> {
    let mut aside = vec![false; lines.len()];
    if let Some(a) = approval {
        for flag in aside.iter_mut().take(a.lines.end).skip(a.lines.start) {
            *flag = true;
        }
    }
    let mut i = 0;
    while i < head_end.min(lines.len()) {
        if aside[i] || !approval::accepted(&lines[i]) {
            i += 1;
            continue;
        }
        // the block runs on to a gap, the approval, the document's heading, or four lines
        let mut j = i;
        while j < lines.len().min(i + 4) && !aside[j] && !lines[j].trim().is_empty() && (j == i || !approval::starts_heading(&lines[j])) {
            aside[j] = true;
            j += 1;
        }
        i = j.max(i + 1);
    }
    aside
}

/// «Приказ №12Роб утверждении …», «Приказ № 19 о проведении …»: the number, and the title
/// run on after it on the kind line.
fn glued_title(line: &str) -> Option<(String, String)> {
    static GLUED: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?:№|\bN)\s*([0-9][0-9а-яА-ЯёЁa-zA-Z/\-]*?)\s*((?:об?|Об?|ОБ?)\s+[а-яё]{3,}.*)$"));
    // only a line with words after its number has a title on it
    let (_, after) = line.split_once('№').or_else(|| line.split_once(" N"))?;
    if after.split_whitespace().count() < 2 {
        return None;
    }
    let c = GLUED.captures(line)?;
    Some((c.get(1)?.as_str().to_string(), c.get(2)?.as_str().trim().to_string()))
}

/// The kind a heading of a document that is not an act names: «План мероприятий …», «ПЛАН
/// РАБОТЫ», «Годовой план …», «Дорожная карта», «Программа развития …», «Отчёт о результатах
/// самообследования», «Публичный доклад».
fn heading_kind(line: &str) -> Option<DocumentKind> {
    let lowered = roadmap_layout::lowercase(line.trim());
    let mut words = words(&lowered);
    let first = words.next()?;
    // an adjective before the noun: «Годовой план», «Публичный отчёт», «Рабочая программа»
    let adjective = ["ый", "ий", "ой", "ая", "яя"].iter().any(|e| first.ends_with(e));
    let noun = if adjective { words.next().unwrap_or("") } else { first };
    let after = words.next().unwrap_or("");
    if noun.starts_with("программ") {
        Some(DocumentKind::Programme)
    } else if noun.starts_with("отчёт") || noun.starts_with("отчет") || first.starts_with("публичн") && noun.starts_with("доклад")
    {
        Some(DocumentKind::Report)
    } else if noun == "план" || noun.starts_with("циклограмм") || noun.starts_with("дорожн") && after.starts_with("карт")
    {
        Some(DocumentKind::Plan)
    } else {
        None
    }
}

/// The words of lowered text: runs of letters.
pub(crate) fn words(lowered: &str) -> impl DoubleEndedIterator<Item = &str> {
    lowered.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty())
}

/// A line that may carry an issuer's name: a short line, not a sentence.
fn name_line(line: &str) -> bool {
    !line.is_empty() && line.chars().count() <= 160
}

/// A number line under a name («№ 17», «от 01.02.2021 № 5»); a number inside a quoted name
/// («Школа № 3») is part of the name.
fn number_line(line: &str) -> bool {
    line.starts_with(['№', 'N']) || roadmap_layout::lowercase(line).starts_with("от ") || (number_on(line).is_some() && !line.contains('«'))
}

/// The most specific body named above the kind line `k`, with a legal form on the line before
/// it, and the lines that carry its name on up to a date, a number or a gap.
fn body_above(before: &[String], k: usize, aside: &dyn Fn(usize) -> bool) -> Option<String> {
    let mut first_body = (0..k).rev().find(|&i| !aside(i) && is_body_line(before[i].trim()))?;
    if first_body > 0 && legal_form_line(&before[first_body - 1]) {
        first_body -= 1;
    }
    let name: Vec<&str> = (first_body..k)
        .take_while(|&i| {
            let l = before[i].trim();
            !aside(i) && name_line(l) && date_on(l).is_none() && !number_line(l) && place_on(l).is_none()
        })
        .map(|i| before[i].trim())
        .collect();
    (!name.is_empty()).then(|| authority_case(&name.join(" ")))
}

/// The issuer's name at the top of a document that is not an act: the first line that names a
/// body («Краевое государственное казённое учреждение», «КГКУ «Центр …»», «ОТДЕЛ МИНИСТЕРСТВА
/// …»), carried on by the lines that continue it (a quoted name, words in lower case, or more
/// capitals under a name in capitals).
fn letterhead(lines: &[String], aside: &dyn Fn(usize) -> bool) -> Option<String> {
    let capitals = |l: &str| {
        let letters = l.chars().filter(|c| c.is_alphabetic()).count();
        letters > 0 && l.chars().filter(|c| c.is_uppercase()).count() == letters
    };
    // «КГКУ «Центр …»»: abbreviations in capitals, then a name in quotes
    let abbreviated = |l: &str| {
        let tokens: Vec<&str> = l.split_whitespace().collect();
        let quoted = tokens.iter().position(|t| t.starts_with('«'));
        quoted.is_some_and(|q| q > 0 && tokens[..q].iter().all(|t| t.chars().count() >= 2 && t.chars().all(roadmap_layout::is_capital)))
    };
    let starts_a_name = |l: &str| name_line(l) && (abbreviated(l) || legal_form_line(l) || is_body_line(l));
    // a word that carries on a name above it («МИНИСТЕРСТВА ВНУТРЕННИХ ДЕЛ» under «ОТДЕЛ»)
    let genitive = |l: &str| {
        let first = roadmap_layout::lowercase(l.split_whitespace().next().unwrap_or(""));
        [
            "министерства",
            "управления",
            "отдела",
            "комитета",
            "департамента",
            "администрации",
            "учреждения",
            "агентства",
            "службы",
            "правительства",
        ]
        .contains(&first.as_str())
    };
    // the letterhead stands at the top, above any table of figures (an empty line stands for
    // it); of a parent and its office, the office issues: the last body the top names
    let top = lines.iter().take(8).position(|l| l.trim().is_empty()).unwrap_or(lines.len().min(8));
    let opens = |l: &str| l.starts_with(|c: char| c.is_uppercase() || c == '«');
    let mut start =
        (0..top).rev().find(|&i| !aside(i) && opens(lines[i].trim()) && starts_a_name(lines[i].trim()) && !genitive(lines[i].trim()))?;
    // a legal form set on the lines above its noun («ФЕДЕРАЛЬНОЕ ГОСУДАРСТВЕННОЕ КАЗЕННОЕ
    // ОБРАЗОВАТЕЛЬНОЕ» / «УЧРЕЖДЕНИЕ ВЫСШЕГО ОБРАЗОВАНИЯ»)
    while start > 0 && !aside(start - 1) && legal_form_words_line(&lines[start - 1]) {
        start -= 1;
    }
    let in_capitals = capitals(lines[start].trim());
    let mut name = vec![lines[start].trim()];
    for (i, line) in lines.iter().enumerate().skip(start + 1) {
        let l = line.trim();
        let continues = if in_capitals { capitals(l) } else { l.starts_with('«') || l.starts_with(|c: char| c.is_lowercase()) };
        if aside(i) || !name_line(l) || !continues || date_on(l).is_some() || number_line(l) || place_on(l).is_some() {
            break;
        }
        name.push(l);
    }
    let name = name.join(" ");
    // a bare word («Отдел») names no one, nor a heading («Организация образовательного
    // процесса»): a body's name has a proper name in it — in quotes, an abbreviation, a place
    (name.split_whitespace().count() >= 2 && has_a_proper_name(&name)).then(|| authority_case(&name))
}

/// A name with a proper name in it: a name in quotes, an abbreviation in capitals (in a name
/// not set in capitals), a subject, a town or a settlement («с. Целинный»), or Russia.
fn has_a_proper_name(name: &str) -> bool {
    static SETTLEMENT: LazyLock<Regex> = LazyLock::new(|| re(r"(?:^|[^а-яё])(?:г|с|п|пос|д|пгт)\.\s*[А-ЯЁ]"));
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    let capitals = name.chars().filter(|c| c.is_uppercase()).count();
    let abbreviation = capitals < letters
        && name.split_whitespace().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphabetic());
            w.chars().count() >= 2 && w.chars().all(char::is_uppercase)
        });
    let lowered = roadmap_layout::lowercase(name);
    name.contains('«')
        || abbreviation
        || SETTLEMENT.is_match(name)
        || lowered.contains("росси")
        || regions::most_named_in(name, name).is_some()
}

/// An institution a title names by its organisational abbreviation and its name in quotes:
/// «КГКУ «Центр содействия семейному устройству г.Уссурийска»», «МБОУ «СОШ № 1»»; a name is
/// words («„Ус рийска» is a scan's misreading).
fn institution_named(title: &str) -> Option<String> {
    static INSTITUTION: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?:^|[^А-ЯЁа-яё])([А-ЯЁ]{3,}(?: [А-ЯЁ]{2,})* ?«[а-яёА-ЯЁa-zA-Z0-9 .,№()–—-]{3,}(?:«[а-яёА-ЯЁa-zA-Z0-9 .,№()–—-]*»[а-яёА-ЯЁa-zA-Z0-9 .,№()–—-]*)?»)",
        )
    });
    if !title.contains('«') {
        return None;
    }
    INSTITUTION.captures(title).and_then(|c| c.get(1)).map(|m| m.as_str().split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A signature at the end of a document that is not an act: a post and a name on one line
/// («Директор И.А. Соколовская»), or the name under the post.
fn signed_at_end(lines: &[String]) -> Option<Signatory> {
    // the last name under a post among the last lines: a name below it may be an addressee's
    // or an executor's
    let signed = |l: &String| name_alone(l).is_some() || signature_line(l).is_some();
    (lines.len().saturating_sub(40)..lines.len())
        .rev()
        .filter(|&i| signed(&lines[i]))
        .take(6)
        .find_map(|i| signatory(&lines[..=i]).filter(|s| s.position.as_deref().is_some_and(crate::parties::is_post)))
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
    for regions::Mention { start: s, end: e, .. } in regions::mentions(&out.clone()) {
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
    // so does a person's name with initials («имени В.Я. Кикотя»)
    static INITIALS: LazyLock<Regex> = LazyLock::new(|| re(r"(?:^|[\s«(])([а-яё])\.\s?([а-яё])\.\s?([а-яё])[а-яё-]+"));
    let mut fixed = out.clone();
    let letters = PROPER.captures_iter(&out).filter_map(|c| c.get(1).or(c.get(2)));
    // (a dot, a letter and a dot: only then is the pattern built)
    let chars: Vec<char> = out.chars().collect();
    let has_initials = chars
        .windows(4)
        .any(|w| w[0] == '.' && (w[1].is_alphabetic() && w[2] == '.' || w[1] == ' ' && w[2].is_alphabetic() && w[3] == '.'));
    let initials =
        has_initials.then(|| INITIALS.captures_iter(&out).flat_map(|c| [c.get(1), c.get(2), c.get(3)]).flatten().collect::<Vec<_>>());
    let initials = initials.into_iter().flatten();
    for m in letters.chain(initials) {
        let upper: String = m.as_str().to_uppercase();
        if upper.len() == m.len() {
            fixed.replace_range(m.start()..m.end(), &upper);
        }
    }
    fixed
}

/// Organisational forms, education abbreviations and federal agencies that keep their capitals in an authority's
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
    "КГКУ",
    "КГОКУ",
    "КГБУ",
    "КГАУ",
    "ГБПОУ",
    "ГАПОУ",
    "ГБУЗ",
    "ЦРБ",
    "ЧОУ",
    "НОУ",
    "МВД",
    "МЧС",
    "ФСБ",
    "ФСИН",
    "ГИБДД",
    "РАН",
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

/// A date on a line («от «10» 06 2021 г.», «28 ФЕВ 2022», ««31» марта 2021 года № 832 - р»,
/// «с.Ивановка «27» ноября 2018 г.», «24.августа.2019», ««_30_» августа___ 2016 г.»), whoever's
/// it is.
pub(crate) fn date_on(line: &str) -> Option<String> {
    dated(line, false)
}

/// The document's own date on a line: not the date of an act the line cites («в соответствии с
/// Федеральным законом от 05.04.2013 № 44-ФЗ», «Протокол № 1 от 29.08.2019»). A line that
/// opens with the document's heading, an appendix's or an approval's («Приложение к приказу …
/// от …», «Утвержден приказом … от …») dates the document itself.
pub(crate) fn own_date_on(line: &str) -> Option<String> {
    dated(line, true)
}

fn dated(line: &str, own: bool) -> Option<String> {
    let tidy = tidy_date(line);
    let line = tidy.as_str();
    let candidates = date_candidates(line);
    // «по состоянию на 01.01.2017», «с 23 по 27 декабря»: a date the text is about
    let about = |at: usize| {
        let before = roadmap_layout::lowercase(&line[..at]);
        let last = words(&before).next_back().map(str::to_string);
        matches!(last.as_deref(), Some("на" | "с" | "со" | "по" | "до" | "к"))
    };
    if own && candidates.iter().any(|c| about(c.start)) {
        return None;
    }
    let before_number = line.split('№').next().unwrap_or(line);
    let (prefix, phrase) = before_number.rfind(" от ").map_or(("", before_number), |i| before_number.split_at(i));
    if phrase.chars().count() <= 60 && !(own && cites_another_act(prefix)) {
        let d = normalize(phrase, None);
        if d.kind == Kind::Date && !d.year_inferred {
            return d.start.map(|s| s.to_string());
        }
    }
    // a date written among other words: the place before it, a name after it
    candidates.into_iter().filter(|c| !(own && cites_another_act(&line[..c.start]))).find_map(|c| {
        let d = normalize(&line[c], None);
        (d.kind == Kind::Date && !d.year_inferred).then(|| d.start.map(|s| s.to_string())).flatten()
    })
}

/// Where a line may write a date: from a day (one or two digits, after «) to the first year
/// after it (19.. or 20..) within 30 characters: «27» ноября 2018, 09.01.2019, «29».08.2019.
/// The date normalizer tells which of them are dates.
fn date_candidates(line: &str) -> Vec<std::ops::Range<usize>> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let digits_at = |i: usize| chars[i..].iter().take_while(|(_, c)| c.is_ascii_digit()).count();
    let starts_number = |i: usize| chars[i].1.is_ascii_digit() && (i == 0 || !chars[i - 1].1.is_ascii_digit());
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !starts_number(i) {
            i += 1;
            continue;
        }
        let day = digits_at(i);
        if day <= 2 {
            let year = (i + day..chars.len().min(i + 30))
                .filter(|&j| starts_number(j))
                .find(|&j| digits_at(j) == 4 && matches!((chars[j].1, chars[j + 1].1), ('1', '9') | ('2', '0')));
            if let Some(j) = year {
                let end = chars.get(j + 4).map_or(line.len(), |(b, _)| *b);
                out.push(chars[i].0..end);
            }
        }
        i += day;
    }
    out
}

/// A date as forms and hands write it, made readable: blanks filled in («_30_», «августа___»),
/// a month's name between dots («24.августа.2019»).
fn tidy_date(line: &str) -> String {
    static MONTH_BETWEEN_DOTS: LazyLock<Regex> = LazyLock::new(|| re(r"([0-9])\.\s*([а-яёА-ЯЁ]{3,})\.\s*((?:19|20)[0-9]{2})"));
    let line = line.replace('_', " ");
    // a digit, a dot, a word of three letters and a dot: only then is the pattern built
    let chars: Vec<char> = line.chars().collect();
    let month_between_dots = (0..chars.len()).any(|i| {
        let word = |from: usize| chars[from..].iter().take_while(|c| c.is_alphabetic()).count();
        let after_dot = |from: usize| from + chars[from..].iter().take_while(|c| **c == ' ').count();
        chars[i].is_ascii_digit() && chars.get(i + 1) == Some(&'.') && {
            let start = after_dot(i + 2);
            let letters = word(start);
            letters >= 3 && chars.get(start + letters) == Some(&'.')
        }
    });
    if !month_between_dots {
        return line;
    }
    MONTH_BETWEEN_DOTS.replace_all(&line, "$1 $2 $3").into_owned()
}

/// A word that names an act another document may be cited by: «законом», «приказа»,
/// «постановлением», «письма», «протокол», «Указом».
fn names_an_act(word: &str) -> bool {
    const STEMS: &[&str] = &[
        "кодекс",
        "постановлени",
        "решени",
        "протокол",
        "распоряжени",
        "приказ",
        "положени",
        "договор",
        "контракт",
        "соглашени",
        "конвенци",
    ];
    const ENDINGS: &[&str] = &["", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах"];
    let inflected = |stem: &str| word.strip_prefix(stem).is_some_and(|e| ENDINGS.contains(&e));
    STEMS.iter().any(|s| word.starts_with(s))
        || inflected("закон")
        || inflected("указ")
        || inflected("устав")
        || word.starts_with("письм") && !word.starts_with("письменн")
}

/// A line that opens with the document's own heading («Приказ № 19», «Закон г. Москвы от …»,
/// «Контракт №13»), an appendix's («Приложение к приказу …») or an approval's («Утвержден
/// приказом …»): what follows names the document itself.
fn opens_with_own_heading(lowered: &str) -> bool {
    const HEADINGS: &[&str] = &["приказ", "распоряжение", "постановление", "решение", "указ", "закон", "контракт", "договор", "соглашение"];
    let mut words = words(lowered);
    let Some(first) = words.next() else { return false };
    let second = words.next().unwrap_or("");
    let adjective = ["федеральн", "областн", "краев", "республиканск"].iter().any(|a| first.starts_with(a));
    HEADINGS.contains(&first)
        || adjective && HEADINGS.contains(&second)
        || ["приложени", "утвержд", "введен"].iter().any(|p| first.starts_with(p))
        || first == "к" && ["приказу", "распоряжению", "постановлению", "решению"].contains(&second)
}

/// The text before a date or number on a line cites another act: «… Федеральным законом от»,
/// «Протокол № 1 от», «решением педагогического совета (протокол от» — unless the line opens
/// with the document's own heading, an appendix's or an approval's.
fn cites_another_act(prefix: &str) -> bool {
    let lowered = roadmap_layout::lowercase(prefix.trim());
    if lowered.contains("протокол") {
        return true;
    }
    words(&lowered).any(names_an_act) && !opens_with_own_heading(&lowered)
}

/// A number on a line, whoever's it is.
pub(crate) fn number_on(line: &str) -> Option<String> {
    let c = NUMBER.captures(line)?;
    let raw = c.get(1)?.as_str();
    Some(raw.chars().filter(|c| !c.is_whitespace()).collect::<String>().replace('–', "-"))
}

/// The document's own number on a line: not that of an act it cites («в соответствии с
/// Федеральным законом № 122-ФЗ», «Протокол № 1»), nor a federal law's («№ 273-ФЗ») unless
/// the document is a law.
fn own_number_on(line: &str, kind: DocumentKind) -> Option<String> {
    let at = NUMBER.find(line)?.start();
    let number = number_on(line)?;
    let law = number.to_uppercase().ends_with("-ФЗ") || number.to_uppercase().ends_with("-ФКЗ");
    (numbers_the_document(&line[..at]) && (!law || kind == DocumentKind::Law)).then_some(number)
}

/// What stands before a number on a line makes it the document's: nothing, the document's
/// heading («Приказ №19», «П Р И К А З № 5»), its date and place («11 февраля 2013 г. Москва
/// № 17»), an appendix's or an approval's heading, an outgoing letter's mark («Исх. №») — not a
/// name («МБОУ СОШ №6», «Школа № 3») nor an act the line cites.
fn numbers_the_document(prefix: &str) -> bool {
    let prefix = prefix.trim().trim_end_matches([',', ':', '-', '–']).trim();
    if cites_another_act(prefix) {
        return false;
    }
    let lowered = roadmap_layout::lowercase(prefix);
    let outgoing = matches!(words(&lowered).collect::<Vec<_>>().as_slice(), ["исх" | "вх" | "рег"]);
    prefix.chars().all(|c| !c.is_alphanumeric())
        || opens_with_own_heading(&lowered)
        || kind_of(prefix).is_some()
        || outgoing
        || date_on(prefix).is_some()
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
        // the place and the date under a title are not part of it
        let place = is_place(l.trim()) || place_on(l).is_some();
        if l.trim().is_empty() || BODY_START.is_match(&lowercase_in_place(l)) || l.chars().count() > 250 || place {
            break;
        }
        title.push(' ');
        title.push_str(l);
    }
    title
}

fn signatory(lines: &[String]) -> Option<Signatory> {
    let at = lines.iter().rposition(|l| name_alone(l).is_some() || signature_line(l).is_some())?;
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
    Some(Signatory { position: (!position.is_empty()).then(|| position.join(" ")), name: name_alone(&lines[at])?.to_string() })
}

/// A line that is only a name, or a name after what a scan made of the signature itself
/// («;wea) wets Семёнова Ю.В.»: no Russian word before the name).
fn name_alone(line: &str) -> Option<&str> {
    let line = line.trim();
    if !may_hold_a_name(line) {
        return None;
    }
    if NAME.is_match(line) {
        return Some(line);
    }
    let at = name_at_end(line)?;
    (!line[..at].chars().any(|c| roadmap_layout::is_letter(c) && !c.is_ascii())).then_some(&line[at..])
}

/// Where a name ends a line: its last one to three words, after a space, a line for the
/// signature or a slash.
pub(crate) fn name_at_end(line: &str) -> Option<usize> {
    let starts: Vec<usize> = line
        .char_indices()
        .zip(line.chars().skip(1))
        .filter(|((_, c), next)| (c.is_whitespace() || *c == '_' || *c == '/') && !(next.is_whitespace() || *next == '_' || *next == '/'))
        .map(|((i, c), _)| i + c.len_utf8())
        .collect();
    starts.iter().rev().take(3).rev().copied().find(|&at| NAME.is_match(line[at..].trim_end()))
}

/// A line short enough for a signature, with initials or a patronymic in it: only such a line
/// is matched against the name patterns, which are costly to build.
fn may_hold_a_name(line: &str) -> bool {
    const PATRONYMIC: &[&str] = &["вич", "вна", "чна", "ична", "ич", "оглы", "кызы"];
    line.chars().count() <= 160 && (line.contains('.') || PATRONYMIC.iter().any(|p| line.ends_with(p)))
}

/// «Директор школы ______ Р.Ф. Ахметкужин»: a post and a name on one line.
fn signature_line(line: &str) -> Option<(String, String)> {
    if !may_hold_a_name(line.trim()) {
        return None;
    }
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
    /// table (a school year, or a calendar year); else, for a document with a plan, the school
    /// year its text names most.
    pub plan_period: Option<PlanPeriod>,
}

/// The period a title names: a school year («на 2021/2022 учебный год»), then several calendar
/// years («на 2013–2018 годы»), then a summer («на летний период 2018 года»: June to August),
/// then a calendar year («на 2021 год»).
fn period_named(title: &str) -> Option<PlanPeriod> {
    let lowered = lowercase_in_place(title);
    let years = |pattern: &Regex| -> Option<(String, String)> {
        let c = pattern.captures(&lowered)?;
        Some((c.get(1)?.as_str().to_string(), c.get(2)?.as_str().to_string()))
    };
    let school = years(&SCHOOL_YEAR_IN_TITLE).and_then(|(first, second)| school_year(&first, &second));
    let span = || years(&YEARS_IN_TITLE).and_then(|(first, last)| PlanPeriod::parse(&format!("{first}..{last}")));
    let summer = || {
        let year = SUMMER_IN_TITLE.captures(&lowered)?.get(1)?.as_str().parse().ok()?;
        Some(PlanPeriod::Months { year, first: 6, last: 8 })
    };
    school.or_else(span).or_else(summer).or_else(|| {
        YEAR_IN_TITLE
            .captures_iter(&lowered)
            .filter_map(|c| c.get(1))
            .find(|y| !DATE_BEFORE_YEAR.is_match(&lowered[..y.start()]))
            .and_then(|y| y.as_str().parse().ok())
            .map(PlanPeriod::Year)
    })
}

/// The school year named by its two years: «2021/2022», «2021-22»; and one named with years two
/// apart («на 2014-2016 учебный год»: one school year, the title of an earlier year's plan whose
/// second year alone was brought forward) is the school year that ends in the last year named.
fn school_year(first: &str, second: &str) -> Option<PlanPeriod> {
    PlanPeriod::parse(&format!("{first}/{second}")).or_else(|| {
        let (first, last): (i32, i32) = (first.parse().ok()?, second.parse().ok()?);
        (last == first + 2).then_some(PlanPeriod::SchoolYear(first + 1))
    })
}

/// The school year a document's paragraphs and cells name most often, for a plan (a document
/// with a plan's table) whose titles and head name no period: a school's yearly plan names its year in its body («Цели и задачи
/// … на 2013-2014 учебный год», «План методической работы на 2013-2014 уч. год»). Only a
/// school year counts: a span of calendar years in a body is as often a programme it cites.
fn school_year_named_most(doc: &Document) -> Option<PlanPeriod> {
    let mut named: Vec<(PlanPeriod, usize)> = Vec::new();
    let mut count = |text: &str| {
        let lowered = lowercase_in_place(text);
        for c in SCHOOL_YEAR_IN_TITLE.captures_iter(&lowered) {
            let (Some(first), Some(second)) = (c.get(1), c.get(2)) else { continue };
            let Some(period) = school_year(first.as_str(), second.as_str()) else { continue };
            match named.iter_mut().find(|(p, _)| *p == period) {
                Some((_, n)) => *n += 1,
                None => named.push((period, 1)),
            }
        }
    };
    for block in &doc.blocks {
        match block {
            Block::Paragraph(p) => count(&p.text),
            Block::Table(t) => t.rows.iter().flat_map(|r| r.filled()).for_each(|cell| count(&cell.text)),
        }
    }
    // the most named; of those named as often, the first
    let most = named.iter().map(|(_, n)| *n).max()?;
    named.into_iter().find(|(_, n)| *n == most).map(|(p, _)| p)
}

/// How many lines at the head of a document may hold its letterhead, approval and heading.
const HEAD_LINES: usize = 30;

pub fn read(doc: &Document, roadmap_block: Option<usize>, has_roadmap: bool) -> Meta {
    let Lines { before, after, in_table } = lines(doc, roadmap_block);
    let mut meta = DocumentMeta::default();

    // the head: the lines above the body («В соответствии …», «ПРИКАЗЫВАЮ», «1. …»)
    let head_end = before
        .iter()
        .take(HEAD_LINES)
        .position(|l| BODY_START.is_match(&lowercase_in_place(l.trim())))
        .unwrap_or(before.len().min(HEAD_LINES));
    // an approval block above any heading, and the acceptance blocks beside it: their lines
    // speak of the acts and bodies that approved the document, not of the document
    let first_kind = before.iter().position(|l| kind_of(l).is_some());
    let approval = approval::find(&before, first_kind.unwrap_or(head_end).min(head_end));
    let set_aside = set_aside(&before, head_end, approval.as_ref());
    let aside = |i: usize| set_aside.get(i).copied().unwrap_or(false);

    let kind_at = (0..before.len()).find(|&i| !aside(i) && kind_of(&before[i]).is_some());
    // a title right under the kind line, in any case (or run on after its number on the kind
    // line itself, as a scan may join them), or the first «О …» line
    let title = kind_at
        .and_then(|k| {
            if let Some(glued) = glued_title(&before[k]) {
                return Some((k, glued.1));
            }
            let at = (k + 1..before.len().min(k + 5)).find(|&i| TITLE_START_ANY_CASE.is_match(&before[i]))?;
            Some((at, title_from(&before, at)))
        })
        .or_else(|| title_at(&before));
    let header_end = title.as_ref().map_or(before.len().min(12), |(i, _)| *i);
    // the heading of a document that is not an act: «План …», «Программа развития …», «Отчёт о …»
    let heading_at = (0..head_end).find(|&i| !aside(i) && heading_kind(&before[i]).is_some());
    let heading = heading_at.and_then(|i| heading_kind(&before[i]));
    meta.kind = match kind_at.and_then(|i| before.get(i)).and_then(|l| kind_of(l)) {
        Some(k) => k,
        None => match heading {
            Some(k @ (DocumentKind::Programme | DocumentKind::Report)) => k,
            _ if approval.is_some() && (heading.is_some() || has_roadmap) => DocumentKind::Plan,
            _ => {
                let appendix = before.iter().find(|l| roadmap_layout::lowercase(l).contains("приложени"));
                match appendix.map(|l| roadmap_layout::lowercase(l)) {
                    Some(l) if l.contains("приказ") => DocumentKind::Order,
                    Some(l) if l.contains("распоряжени") => DocumentKind::Directive,
                    Some(l) if l.contains("постановлени") => DocumentKind::Resolution,
                    _ if has_roadmap || heading.is_some() => DocumentKind::Plan,
                    _ => DocumentKind::Unknown,
                }
            }
        },
    };

    // authority: the most specific body named above the kind line, with a legal form on the
    // line before it, and the lines that carry its name on up to a date, a number or a gap;
    // without a kind line, the letterhead above the approval and the heading, else the body
    // that approved the document
    meta.authority = match kind_at {
        Some(k) => body_above(&before, k, &aside),
        None => {
            let letterhead_end = [approval.as_ref().map(|a| a.lines.start), heading_at, title.as_ref().map(|(i, _)| *i), Some(head_end)]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(0);
            letterhead(&before[..letterhead_end], &aside).or_else(|| approval.as_ref().and_then(|a| a.body.clone()))
        }
    };

    // number, date, place: the approval's, or in the header block, else in an appendix header
    if kind_at.is_none() {
        if let Some(a) = &approval {
            meta.number.clone_from(&a.number);
            meta.date.clone_from(&a.date);
        }
    }
    let header_line = |i: &usize| !aside(*i) && before[*i].chars().count() <= 120;
    let header: Vec<&String> = (0..header_end.min(before.len())).filter(header_line).map(|i| &before[i]).collect();
    let appendix: Vec<&String> = before.iter().skip_while(|l| !roadmap_layout::lowercase(l).starts_with("приложени")).take(6).collect();
    // the act's own number and date stand under its heading, before any name above it and
    // before its body
    let under_heading: Vec<&String> = kind_at
        .map(|k| {
            let end = header_end.max(k + 1).min(before.len());
            (k..end)
                .take_while(|&i| i == k || !BODY_START.is_match(&lowercase_in_place(before[i].trim())))
                .filter(header_line)
                .map(|i| &before[i])
                .collect()
        })
        .unwrap_or_default();
    let glued_number = kind_at.and_then(|k| glued_title(&before[k])).map(|(number, _)| number);
    if glued_number.is_some() {
        meta.number = glued_number;
    }
    for block in [&under_heading, &header, &appendix] {
        if meta.number.is_none() {
            meta.number = block.iter().find_map(|l| own_number_on(l, meta.kind));
        }
        if meta.date.is_none() {
            meta.date = block.iter().find_map(|l| own_date_on(l));
        }
    }
    let place_zone = kind_at.map_or(header_end, |k| (k + 3).max(header_end)).min(before.len());
    // the place beside the date or number, or on a line of its own between them
    let beside_date = |i: usize| before.get(i).is_some_and(|l| date_on(l).is_some() || number_on(l).is_some());
    meta.place = (0..place_zone).filter(|&i| !aside(i)).find_map(|i| {
        place_on(&before[i]).or_else(|| {
            let line = before[i].trim();
            let alone = is_place(line) && kind_of(line).is_none() && !is_body_line(line);
            (alone && (beside_date(i.wrapping_sub(1)) || beside_date(i + 1))).then(|| line.to_string())
        })
    });
    meta.title = title.as_ref().map(|(_, t)| t.clone()).or_else(|| match (heading, heading_at) {
        // a programme's or a report's title is its heading
        (Some(DocumentKind::Programme | DocumentKind::Report), Some(at)) => Some(title_from(&before, at)),
        _ => None,
    });

    // signatory: the last line that is only a name, before the roadmap table; for a document
    // approved on its own, who approved it; else a signature (a post and a name) at its end
    let signature_zone: &[String] = match before.iter().position(|l| roadmap_layout::lowercase(l).starts_with("приложени")) {
        Some(i) => &before[..i],
        None => &before,
    };
    meta.signatory = if kind_at.is_some() {
        signatory(signature_zone)
    } else if let Some(name) = approval.as_ref().and_then(|a| a.name.clone()) {
        Some(Signatory { position: approval.as_ref().and_then(|a| a.position.clone()), name })
    } else {
        [&after[..], &before[head_end.min(before.len())..]].into_iter().find_map(signed_at_end)
    };

    let body_text = before.join("\n");
    meta.references = references(&body_text, meta.title.as_deref());
    // An appendix heading («Приложение к приказу … от 28.02.2022 № 226») names the document
    // itself, not an act it cites.
    if meta.number.is_some() && meta.date.is_some() {
        meta.references.retain(|r| !(r.number == meta.number && r.date == meta.date));
    }

    // plan title: the lines just above the table that name the plan
    let plan_title = if has_roadmap || meta.kind == DocumentKind::Plan { plan_title(&before, &in_table) } else { None };
    // a plan that names no issuer above it is the plan of the institution its title names
    // («План мероприятий … КГКУ «Центр …» на 2019-2020 учебный год»)
    if meta.authority.is_none() && kind_at.is_none() {
        meta.authority = plan_title.as_deref().and_then(institution_named);
    }
    let plan_period = [plan_title.as_deref(), meta.title.as_deref()]
        .into_iter()
        .flatten()
        .find_map(period_named)
        .or_else(|| before.iter().take(40).find_map(|line| period_named(line).filter(|p| !matches!(p, PlanPeriod::Year(_)))))
        .or_else(|| if has_roadmap { school_year_named_most(doc) } else { None });

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
        .or_else(|| if federal { None } else { regions::mostly_named_in(&all_text, &all_text) });
    meta.region = region.map(|s| Region { name: s.name.to_string(), iso: s.iso.to_string() });
    Meta { document: meta, plan_title, plan_period }
}

/// The plan's title: the first lines that name a plan, after any appendix heading or
/// signature, up to its end («…» and a full stop or a colon), a gap, a table set apart from
/// the title's paragraphs, or another plan's title (a month's plan under the year's).
fn plan_title(before: &[String], in_table: &[bool]) -> Option<String> {
    // over lowered lines
    static PLAN: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?:^|[^а-яё])(?:план|дорожн[а-яё]*\s+карт[а-яё]*|график|перечень\s+мероприятий|комплекс\s+мер|соглашени[ея]\s+по\s+охране\s+труда)(?:[^а-яё]|$)",
        )
    });
    static STOP: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:цел[ьи]|задач[аи]|[0-9]+\.|приложени|к\s+приказу|от\s)"));
    let start_from = before.iter().rposition(|l| {
        let lower = roadmap_layout::lowercase(l);
        lower.starts_with("приложени") || lower.starts_with("к приказу") || lower.starts_with("к распоряжению") || NAME.is_match(l.trim())
    });
    let zone_start = start_from.map_or(0, |i| i + 1);
    let zone = &before[zone_start..];
    // a plan's title names the plan among its first words («Региональный План-график …»), not
    // in the middle of a sentence
    let names_a_plan = |l: &str| {
        let lowered = lowercase_in_place(l.trim());
        PLAN.find(&lowered).is_some_and(|m| lowered[..m.start()].split_whitespace().count() <= 2) && !STOP.is_match(&lowered)
    };
    let start = zone.iter().position(|l| names_a_plan(l) && !TITLE_START.is_match(l) && NUMBER.find(l).is_none())?;
    let table = |i: usize| in_table.get(zone_start + i).copied().unwrap_or(false);
    let mut title = zone[start].trim().to_string();
    for (i, l) in zone.iter().enumerate().skip(start + 1) {
        let ended = title.ends_with(':') || title.ends_with('.') && !title.ends_with(" г.");
        // a second plan's title (a month's plan under the year's) is not this one's
        let another = names_a_plan(l) && heading_kind(l).is_some();
        if ended
            || another
            || l.trim().is_empty()
            || table(i) != table(start)
            || STOP.is_match(&lowercase_in_place(l.trim()))
            || l.chars().count() > 300
        {
            break;
        }
        title.push(' ');
        title.push_str(l.trim());
    }
    Some(title.trim_end_matches(':').trim_end().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::paragraphs_of as doc;

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
        // a labour-safety agreement is a plan of measures for its year
        let agreement = read(&doc(&["СОГЛАШЕНИЕ ПО ОХРАНЕ ТРУДА", "МБУ ДО «Детская школа искусств № 5» на 2020 год"]), None, true);
        assert_eq!(agreement.plan_title.as_deref(), Some("СОГЛАШЕНИЕ ПО ОХРАНЕ ТРУДА МБУ ДО «Детская школа искусств № 5» на 2020 год"));
        assert_eq!(agreement.plan_period, Some(PlanPeriod::Year(2020)));
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
            ("Совместный план работы на 2014-2016 учебный год", Some(PlanPeriod::SchoolYear(2015))),
            ("Программа развития на 2013–2018 годы", Some(PlanPeriod::Years(2013, 2018))),
            ("Комплекс мер на 2021 - 2025 гг.", Some(PlanPeriod::Years(2021, 2025))),
            ("План на период 2021-2022 годов", Some(PlanPeriod::Years(2021, 2022))),
            ("План работы на 2022 год", Some(PlanPeriod::Year(2022))),
            ("План мероприятий на ноябрь 2021 года", Some(PlanPeriod::Year(2021))),
            ("План мероприятий в период школьных каникул 2019 года", Some(PlanPeriod::Year(2019))),
            ("План работы на летний период 2018 год", Some(PlanPeriod::Months { year: 2018, first: 6, last: 8 })),
            ("План мероприятий летней оздоровительной кампании 2020 года", Some(PlanPeriod::Months { year: 2020, first: 6, last: 8 })),
            ("План, утверждённый приказом от 12 марта 2019 года", None),
            ("План к приказу от 01.02.2019 года", None),
            ("План работы школы", None),
        ] {
            assert_eq!(period_named(title), period, "{title}");
        }
        // a programme's years on a line above the table, under a title that names none
        let d = doc(&["УТВЕРЖДАЮ", "Директор", "Программа развития учреждения", "на 2013–2018 годы"]);
        assert_eq!(read(&d, None, true).plan_period, Some(PlanPeriod::Years(2013, 2018)));
        // a school's plan that names its year only in its body, far below its head: the school
        // year named most (not the past year it reviews, nor a span of years it cites)
        let mut lines = vec!["УТВЕРЖДАЮ", "Директор", "План учебно-воспитательной работы детского дома"];
        lines.extend(std::iter::repeat_n("1. Общие положения", 45));
        lines.extend([
            "Анализ работы за 2012-2013 учебный год",
            "Цели и задачи на 2013-2014 учебный год",
            "Федеральная программа на 2011–2015 годы",
            "План методической работы на 2013-2014 уч. год",
        ]);
        let m = read(&doc(&lines), None, true);
        assert_eq!(m.plan_period, Some(PlanPeriod::SchoolYear(2013)), "{:?} {:?}", m.document.title, m.plan_title);
        assert_eq!(read(&doc(&lines), None, false).plan_period, None, "a document without a plan has no plan period from its body");
        lines.truncate(48);
        assert_eq!(read(&doc(&lines), None, true).plan_period, None, "no school year named");
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

    #[test]
    fn a_date_or_number_of_a_cited_act_is_not_the_documents() {
        // a contract dated beside its place, citing a federal law in its preamble
        let contract = read(
            &doc(&[
                "Контракт №13",
                "на закупку продуктов питания для нужд ГБУЗ РБ Ивановская ЦРБ",
                "с.Ивановка                    «27» ноября 2018 г.",
                "Государственное бюджетное учреждение здравоохранения Республики Башкортостан, в лице главного врача, в соответствии с Федеральным законом от 05.04.2013 № 44-ФЗ заключили настоящий контракт:",
            ]),
            None,
            false,
        )
        .document;
        assert_eq!((contract.date.as_deref(), contract.number.as_deref()), (Some("2018-11-27"), Some("13")));
        assert_eq!(contract.place.as_deref(), Some("с.Ивановка"));
        assert_eq!(contract.authority, None, "a sentence is no authority");
        // an order without its own date: the citation's under the heading is not taken
        let order = read(
            &doc(&[
                "Приказ №12",
                "Руководствуясь частью 9 статьи 54 Федерального закона от 29 декабря 2012г. № 273-ФЗ «Об образовании в Российской Федерации»,",
                "ПРИКАЗЫВАЮ:",
            ]),
            None,
            false,
        )
        .document;
        assert_eq!((order.date, order.number.as_deref()), (None, Some("12")));
        // a table of laws headed by the law it covers
        let table = read(
            &doc(&["Сводная таблица законодательных актов", "в соответствии с Федеральным законом РФ № 122-ФЗ в сфере образования"]),
            None,
            false,
        );
        assert_eq!(table.document.number, None);
        // a school's name carries a number; a council's protocol is the council's
        let letter = read(&doc(&["МБОУ СОШ №6", "Протокол № 1 от 29.08.2019", "№ 15/41 от 09.01.2019"]), None, false).document;
        assert_eq!((letter.number.as_deref(), letter.date.as_deref()), (Some("15/41"), Some("2019-01-09")));
        // «as of» a date is what a report is about
        assert_eq!(own_date_on("Расшифровка к плану по состоянию на 01.01.2017 года"), None);
        assert_eq!(own_date_on("от «12» февраля 2016   года"), Some("2016-02-12".into()));
    }

    #[test]
    fn a_plan_approved_on_its_own() {
        let d = doc(&[
            "УТВЕРЖДАЮ",
            "Директор КГКУ «Центр содействия",
            "семейному устройству г.",
            "Уссурийска»_____________И.А. Соколовская",
            "« 25 » августа 2019г.",
            "План мероприятий",
            "по профилактике терроризма и экстремизма на 2019 – 2020 учебный год.",
        ]);
        let m = read(&d, None, false);
        let doc = m.document;
        assert_eq!(doc.kind, DocumentKind::Plan, "a plan approved by its director is a plan even where its table is not found");
        assert_eq!(doc.authority.as_deref(), Some("КГКУ «Центр содействия семейному устройству г. Уссурийска»"));
        assert_eq!(doc.date.as_deref(), Some("2019-08-25"));
        assert_eq!(doc.number, None);
        assert_eq!(doc.region.map(|r| r.iso), Some("RU-PRI".to_string()), "a town names its subject");
        assert_eq!(doc.signatory.map(|s| s.name), Some("И.А. Соколовская".to_string()));
        // approved by an order: that order's number and date
        let by_order =
            read(&doc_of(&["Утвержден", "приказом № 37-од от 09.01.2019", "План оздоровительных мероприятий на 2019 год"]), None, true)
                .document;
        assert_eq!(
            (by_order.kind, by_order.number.as_deref(), by_order.date.as_deref()),
            (DocumentKind::Plan, Some("37-од"), Some("2019-01-09"))
        );
    }

    fn doc_of(lines: &[&str]) -> Document {
        doc(lines)
    }

    #[test]
    fn a_letterhead_names_the_issuer_in_its_own_capitals() {
        let d = doc(&[
            "Краевое государственное казённое учреждение",
            "«Центр содействия семейному устройству детей-сирот и детей,",
            "оставшихся без попечения родителей г. Уссурийска»",
            "План весенних мероприятий в период школьных каникул 2019 года",
        ]);
        let doc = read(&d, None, true).document;
        assert_eq!(
            doc.authority.as_deref(),
            Some("Краевое государственное казённое учреждение «Центр содействия семейному устройству детей-сирот и детей, оставшихся без попечения родителей г. Уссурийска»")
        );
        assert_eq!(doc.region.map(|r| r.iso), Some("RU-PRI".to_string()));
        // a heading is not a body, though it starts with a body's word
        let heading =
            read(&doc_of(&["ОРГАНИЗАЦИЯ ОБРАЗОВАТЕЛЬНОГО ПРОЦЕССА", "муниципального бюджетного учреждения"]), None, false).document;
        assert_eq!(heading.authority, None);
        // a company's name set in lines of mixed case is kept as written
        let company = read(
            &doc_of(&[
                "Общество с ограниченной ответственностью",
                "Учебно-производственный центр «Горизонт»",
                "«02» декабря 2024 г.    г. Новосибирск",
                "Приказ №19",
                "о проведении самообследования",
            ]),
            None,
            false,
        )
        .document;
        assert_eq!(company.authority.as_deref(), Some("Общество с ограниченной ответственностью Учебно-производственный центр «Горизонт»"));
        assert_eq!(company.region.map(|r| r.iso), Some("RU-NVS".to_string()));
    }

    #[test]
    fn a_private_schools_programme_is_neither_an_order_nor_its_councils() {
        let d = doc(&[
            "ПРИНЯТО",
            "решением педагогического совета",
            "Протокол № 1 от 28.08.2020",
            "УТВЕРЖДЕНО",
            "Приказ № 12 от 30.08.2020",
            "Директор ЧОУ «Школа «Развитие»",
            "________ А.Б. Смирнова",
            "ПРОГРАММА РАЗВИТИЯ",
            "частного общеобразовательного учреждения «Школа «Развитие» на 2020–2025 годы",
            "г. Липецк",
        ]);
        let doc = read(&d, None, false).document;
        assert_eq!(doc.kind, DocumentKind::Programme);
        assert_eq!(doc.authority.as_deref(), Some("ЧОУ «Школа «Развитие»"));
        assert_eq!((doc.number.as_deref(), doc.date.as_deref()), (Some("12"), Some("2020-08-30")));
        assert_eq!(
            doc.title.as_deref(),
            Some("ПРОГРАММА РАЗВИТИЯ частного общеобразовательного учреждения «Школа «Развитие» на 2020–2025 годы")
        );
        assert_eq!(doc.region.map(|r| r.iso), Some("RU-LIP".to_string()));
        assert_eq!(doc.signatory.map(|s| s.name), Some("А.Б. Смирнова".to_string()));
        let report = read(&doc_of(&["Отчет о результатах самообследования", "МБОУ «СОШ № 1» г. Курска за 2023 год"]), None, false).document;
        assert_eq!(report.kind, DocumentKind::Report);
        assert_eq!(report.region.map(|r| r.iso), Some("RU-KRS".to_string()));
    }

    #[test]
    fn a_word_is_not_a_place_by_its_capital_alone() {
        assert_eq!(place_on("Протокол № ____ от 12.01. 2016 г."), None);
        assert_eq!(place_on("Контракт №13"), None);
        assert_eq!(place_on("11 февраля 2013 г.      Москва       № 17").as_deref(), Some("Москва"));
        assert_eq!(place_on("«02» декабря 2024 г.       г. Новосибирск").as_deref(), Some("г. Новосибирск"));
    }

    #[test]
    fn a_title_run_on_after_the_number_on_a_scanned_heading() {
        let doc =
            read(&doc_of(&["Приказ №12Роб утверждении стоимости обучения", "Руководствуясь требованиями", "ПРИКАЗЫВАЮ:"]), None, false)
                .document;
        assert_eq!(doc.number.as_deref(), Some("12Р"));
        assert_eq!(doc.title.as_deref(), Some("об утверждении стоимости обучения"));
        assert_eq!(glued_title("Приказ №2О"), None);
    }

    #[test]
    fn a_plan_title_is_not_doubled_by_the_next_plans() {
        let m = read(
            &doc_of(&[
                "ПЛАН РАБОТЫ",
                "МОБУ СОШ с. Целинный",
                "на 2015/2016 учебный год",
                "ПЛАН РАБОТЫ МОБУ СОШ с. Целинный",
                "НА СЕНТЯБРЬ 2015/2016 УЧЕБНЫЙ ГОД",
            ]),
            None,
            true,
        );
        assert_eq!(m.plan_title.as_deref(), Some("ПЛАН РАБОТЫ МОБУ СОШ с. Целинный на 2015/2016 учебный год"));
    }

    #[test]
    fn a_signature_read_from_a_scan() {
        let doc = read(
            &doc_of(&["Приказ № 5", "о проведении", "1. Провести.", "Директор ООО УПЦ «Горизонт»", ";wea) wets Семёнова Ю.В."]),
            None,
            false,
        )
        .document;
        assert_eq!(doc.signatory.map(|s| (s.position, s.name)), Some((Some("Директор ООО УПЦ «Горизонт»".into()), "Семёнова Ю.В.".into())));
    }
}
