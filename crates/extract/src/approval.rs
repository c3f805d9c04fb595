//! The approval block of a document approved on its own, and the acceptance blocks beside it.
//!
//! In: the lines at the head of a document. Out: where its approval block stands and what the
//! block says — who approved the document (post, body, name), when, and by which act:
//!
//! ```text
//! УТВЕРЖДАЮ                                   Утвержден
//! Директор КГКУ «Центр содействия             приказом № 37-од от 09.01.2019
//! семейному устройству г.Уссурийска»
//! ________ И.А. Соколовская                    УТВЕРЖДЕНО решением координационного
//! «24» августа 2019 г.                        совещания … «30» октября 2015 года
//! ```
//!
//! An acceptance block («Принято решением педагогического совета, протокол № 1 от …»,
//! «Рассмотрено», «Согласовано») says who else looked at the document: it is neither its
//! authority nor its date. When a word processor's two columns came out as one line («Принят
//! «Утверждаю»», «СОГЛАСОВАНО: УТВЕРЖДАЮ:») the lines below mix both columns: the block's name,
//! date and act are still read, its post and body are not.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::case::lowercase_in_place;
use crate::meta::{date_on, number_on, NAME_PATTERN};
use crate::re;

/// What an approval block says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Approval {
    /// The block's lines, from the one with «УТВЕРЖДАЮ».
    pub lines: Range<usize>,
    /// The post and the body as the block writes them: «Директор КГКУ «Центр …»».
    pub position: Option<String>,
    /// The approving body: «КГКУ «Центр …»», the words after the post (or the block's words
    /// from the first organisational abbreviation, when the post is not legible).
    pub body: Option<String>,
    /// Who signed: «И.А. Соколовская».
    pub name: Option<String>,
    pub date: Option<String>,
    /// The approving act's number: «37-од».
    pub number: Option<String>,
}

/// The act that approved the document: «приказом № 37-од от 09.01.2019», «Приказ № од от
/// «30».08.2019г.», «решением … совещания» (over lowered text).
static ACT: LazyLock<Regex> = LazyLock::new(|| re(r"(?:^|[^а-яё])(?:приказ|распоряжени|постановлени|решени)[а-яё]*(?:[^а-яё]|$)"));
/// A number the scan lost its «№» before: «37-од от 09.01.2019» (over lowered text).
static NUMBER_BEFORE_DATE: LazyLock<Regex> = LazyLock::new(|| re(r"(?:^|\s)([0-9]{1,5}(?:\s*[-/]\s*[а-яёa-z0-9]{1,6})+)\s+от\s"));
/// A protocol with its number and date, over lowered text: «Протокол № 1 от «29».08.2019г.»,
/// «протокол №___».
static PROTOCOL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"протокол[а-яё]*\s*(?:№\s*[0-9a-zа-яё/_-]*)?(?:\s*от\s*«?\s*[0-9_]{0,2}\s*»?[.\s_]*(?:[0-9]{1,2}|[а-яё]+)?[.\s_]*(?:19|20)?[0-9]{0,2}\s*(?:г\.?|года)?)?",
    )
});
/// A post heading a body: «Директор», «Заведующий», «И.о. начальника» (over lowered text).
static POST: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:^|[^а-яё])(?:генеральн[а-яё]*\s+)?(?:директор|заведующ|ректор|начальник|руководител|председател|заместител|глава|президент|врио|и\.\s?о\.|исполняющ)",
    )
});
/// A signed name anywhere on a line, after a line for the signature or a slash.
static NAME_ON_LINE: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?:^|[^А-ЯЁа-яё.])({NAME_PATTERN})(?:[^А-ЯЁа-яё]|$)")));
/// An organisational abbreviation a body's name starts with: «КГКУ», «МБОУ», «ООО», or a short
/// one with its region's («БУ ВО», «КУ ВО»).
static ABBREVIATION: LazyLock<Regex> = LazyLock::new(|| re(r"(?:^|[^А-ЯЁа-яё])(?:[А-ЯЁ]{3,}|[А-ЯЁ]{2} [А-ЯЁ]{2,})(?:[^А-ЯЁа-яё]|$)"));

/// Where a line's approval word stands: «УТВЕРЖДАЮ», «У Т В Е Р Ж Д А Ю», «Утверждено»,
/// «УТВЕРЖДЕН», «Утверждена».
fn approval_word(line: &str) -> Option<Range<usize>> {
    const SPACED: &str = "у т в е р ж д а ю";
    let lowered = lowercase_in_place(line);
    if let Some(at) = lowered.find(SPACED) {
        return Some(at..at + SPACED.len());
    }
    if !lowered.contains("утвержд") {
        return None;
    }
    let mut at = 0;
    for word in lowered.split(|c: char| !c.is_alphabetic()) {
        let approved =
            word.strip_prefix("утвержд").is_some_and(|e| matches!(e, "аю" | "ен" | "ён" | "ена" | "ёна" | "ено" | "ёно" | "ены" | "ёны"));
        if approved {
            return Some(at..at + word.len());
        }
        // the separator after the word
        at += word.len() + lowered[at + word.len()..].chars().next().map_or(0, char::len_utf8);
    }
    None
}

/// Whether a line starts the document's own heading or title («План …», «Положение о …»,
/// «ПРИКАЗ», «О …»).
pub fn starts_heading(line: &str) -> bool {
    const STEMS: &[&str] = &[
        "план",
        "программ",
        "положени",
        "отчёт",
        "отчет",
        "порядок",
        "правила",
        "график",
        "циклограмм",
        "дорожн",
        "перечень",
        "календарн",
        "годов",
        "детальн",
        "совместн",
        "комплексн",
        "публичн",
        "инструкци",
        "регламент",
        "устав",
        "смет",
        "бюджетн",
        "приказ",
        "распоряжени",
        "постановлени",
    ];
    let lowered = lowercase_in_place(line.trim());
    let opening = lowered.trim_start_matches(['«', '"', ' ']);
    let first = opening.split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
    first == "о" || first == "об" || !first.is_empty() && STEMS.iter().any(|s| first.starts_with(s))
}

/// Whether a line opens an acceptance block.
pub fn accepted(line: &str) -> bool {
    const WORDS: &[&str] = &["принят", "рассмотрен", "согласован", "одобрен"];
    let lowered = lowercase_in_place(line.trim());
    let opening = lowered.trim_start_matches(['«', '"', ' ']);
    let first = opening.split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
    WORDS.iter().any(|w| first.strip_prefix(w).is_some_and(|e| matches!(e, "" | "а" | "о" | "ы")))
}

/// A line that is mostly not words: a stamp, a signature or a scan's noise («‚р-ттьгах.0KGag»).
fn noise(line: &str) -> bool {
    // of the words with letters, how many are Russian words
    let lettered: Vec<Vec<char>> =
        line.split_whitespace().map(|t| t.chars().filter(|c| c.is_alphabetic()).collect::<Vec<char>>()).filter(|l| !l.is_empty()).collect();
    let russian = lettered.iter().filter(|letters| letters.iter().all(|c| roadmap_layout::is_letter(*c) && !c.is_ascii())).count();
    3 * russian < 2 * lettered.len()
}

/// The approval block among the first `limit` lines: the first line with an approval word
/// before any heading, and the lines under it up to the document's heading, a gap or 7 lines.
pub fn find(lines: &[String], limit: usize) -> Option<Approval> {
    let limit = limit.min(lines.len());
    let start = (0..limit).find(|&i| lines[i].chars().count() <= 80 && approval_word(&lines[i]).is_some())?;
    let mut end = start + 1;
    while end < lines.len().min(start + 8) {
        let line = lines[end].trim();
        if line.is_empty() || line.chars().count() > 120 || starts_heading(line) && !ACT.is_match(&lowercase_in_place(line)) {
            break;
        }
        end += 1;
    }
    Some(read(lines, start..end))
}

/// What the block's lines say.
fn read(lines: &[String], range: Range<usize>) -> Approval {
    let mut approval = Approval { lines: range.clone(), ..Approval::default() };
    let first = &lines[range.start];
    let word = approval_word(first).unwrap_or(0..0);
    // two columns set on one line: «Принят «Утверждаю»», «СОГЛАСОВАНО: УТВЕРЖДАЮ:»
    let merged = first[..word.start].chars().any(char::is_alphabetic);
    let mut words: Vec<String> = Vec::new();
    let mut noisy = false;
    // an approving act named on a line without its number and date, which the next line gives
    // («приказом ректора …» / «от 30.12.2015 № 1045»)
    let mut act_open = false;
    for (i, line) in lines[range.clone()].iter().enumerate() {
        let mut text: String = if i == 0 { first[word.end..].to_string() } else { line.clone() };
        // the council's protocol beside the approval is the acceptance's, not the approval's:
        // its number and date are not read (a name beside it is, from the other column)
        let lowered = lowercase_in_place(&text);
        let protocol = PROTOCOL.find(&lowered).map(|m| m.range());
        if let Some(range) = &protocol {
            text.replace_range(range.clone(), " ");
        }
        let lowered = lowercase_in_place(&text);
        let act = if protocol.is_some() { None } else { ACT.find(&lowered) };
        if let Some(act) = act {
            let act_text = &text[act.start()..];
            approval.number = approval.number.take().or_else(|| number_on(act_text));
            approval.date = approval.date.take().or_else(|| date_on(act_text));
            act_open = approval.number.is_none() && approval.date.is_none();
            text.truncate(act.start());
        } else if act_open && (lowered.trim_start().starts_with("от ") || lowered.trim_start().starts_with('№')) {
            act_open = false;
            approval.number = number_on(&text);
            approval.date = date_on(&text);
            text.clear();
        } else if let Some(c) = NUMBER_BEFORE_DATE.captures(&lowered) {
            // «37-од от 09.01.2019»: the act's words and its «№» lost on a scan
            if let (Some(m), Some(date)) = (c.get(1), date_on(&text[c.get(0).map_or(0, |m| m.start())..])) {
                approval.number = approval.number.take().or_else(|| Some(text[m.range()].chars().filter(|c| !c.is_whitespace()).collect()));
                approval.date = approval.date.take().or(Some(date));
                text.truncate(m.start());
            }
        }
        if let Some(date) = date_on(&text).filter(|_| protocol.is_none()) {
            approval.date.get_or_insert(date);
            // what stands before a date on its line is still the body's (««_30_» августа 2016 г.
            // «Центр …» in a merged line comes after it)
            text = strip_date(&text);
        }
        // the post and the body stand above the signature
        let signed = approval.name.is_some();
        if let Some(m) = NAME_ON_LINE.captures_iter(&text).last().and_then(|c| c.get(1)) {
            approval.name = Some(m.as_str().trim().to_string());
            text.truncate(m.start());
        }
        if signed {
            continue;
        }
        let text = text.replace(['_', '/'], " ");
        let text = text.trim_matches(|c: char| c.is_whitespace() || c == ':' || c == ',').to_string();
        if text.is_empty() {
            continue;
        }
        if noise(&text) {
            noisy = true;
            continue;
        }
        words.push(text);
    }
    if merged || noisy {
        return approval;
    }
    let joined = words.join(" ");
    let joined = joined.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.is_empty() {
        return approval;
    }
    let lowered = lowercase_in_place(&joined);
    let post_at = POST.find(&lowered).map(|m| m.start() + lowered[m.range()].find(|c: char| c.is_alphabetic()).unwrap_or(0));
    match post_at {
        Some(at) => {
            approval.position = Some(joined[at..].to_string());
            // the post's own words («Директор школы»), then the body's name from its first
            // capital or quote
            let post_end = joined[at..].find(char::is_whitespace).map_or(joined.len(), |i| at + i);
            let rest = &joined[post_end..];
            approval.body =
                rest.find(|c: char| c == '«' || c.is_uppercase()).map(|b| rest[b..].trim().to_string()).filter(|b| names_a_body(b));
        }
        None => {
            approval.body =
                ABBREVIATION.find(&joined).map(|m| joined[m.start()..].trim_start_matches(|c: char| !c.is_alphabetic()).to_string())
        }
    }
    approval.body = approval.body.filter(|b| b.split_whitespace().count() >= 2 || b.contains('«'));
    approval
}

/// A body's name starts with an organisational abbreviation («КГКУ …»), a quote, or a body's
/// word («Центр …», «Управление …»), not with a town's or a person's name.
fn names_a_body(text: &str) -> bool {
    text.starts_with('«') || ABBREVIATION.find(text).is_some_and(|m| m.start() == 0) || crate::meta::is_body_line(text)
}

/// The line without its date phrase and the «от» before it.
fn strip_date(text: &str) -> String {
    static DATE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?:\bот\s*)?«?\s*[0-9]{1,2}\s*»?\s*(?:[.\s]\s*(?:[0-9]{1,2}|[а-яёА-ЯЁ]{3,})\s*\.?\s*)(?:19|20)[0-9]{2}\s*(?:г\.?|года?)?|[0-9]{1,2}\.[0-9]{1,2}\.(?:19|20)[0-9]{2}\s*(?:г\.?)?",
        )
    });
    DATE.replace_all(&text.replace('_', " "), " ").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &[&str]) -> Vec<String> {
        text.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn a_director_approves_with_body_name_and_date() {
        let block = find(
            &lines(&[
                "УТВЕРЖДАЮ",
                "Директор КГКУ «Центр содействия",
                "семейному устройству",
                "г.Уссурийска»",
                "________ И.А.Соколовская",
                "« 25 » августа 2019г.",
                "Детальный план",
                "мероприятий по профилактике",
            ]),
            10,
        )
        .expect("a block");
        assert_eq!(block.lines, 0..6);
        assert_eq!(block.body.as_deref(), Some("КГКУ «Центр содействия семейному устройству г.Уссурийска»"));
        assert_eq!(block.position.as_deref(), Some("Директор КГКУ «Центр содействия семейному устройству г.Уссурийска»"));
        assert_eq!(block.name.as_deref(), Some("И.А.Соколовская"));
        assert_eq!(block.date.as_deref(), Some("2019-08-25"));
        assert_eq!(block.number, None);
        // a short abbreviation with its region's
        let block = find(&lines(&["УТВЕРЖДАЮ", "Директор БУ ВО «Центр содействия", "семейному устройству»", "________ О.В. Морозова"]), 10)
            .expect("a block");
        assert_eq!(block.body.as_deref(), Some("БУ ВО «Центр содействия семейному устройству»"));
    }

    #[test]
    fn an_approving_order_gives_its_number_and_date() {
        let block = find(&lines(&["Утвержден", "приказом № 37-од от 09.01.2019", "План оздоровительных мероприятий"]), 5).expect("block");
        assert_eq!((block.number.as_deref(), block.date.as_deref()), (Some("37-од"), Some("2019-01-09")));
        // the order named on one line, its date and number on the next
        let split =
            find(&lines(&["УТВЕРЖДЕН", "приказом ректора ФГБОУ ВО «Северный технический университет»", "от 30.12.2015 № 1045", "План"]), 5)
                .expect("block");
        assert_eq!((split.number.as_deref(), split.date.as_deref()), (Some("1045"), Some("2015-12-30")));
        // a scan that lost the order's words and its «№»
        let scan = find(
            &lines(&["УТВЕРЖДАЮ", "Ttibesrop КГКУ «ЦССУ г. Уссурийска»", "И.А. Соколовская", "‘ а3. у 37-од от 09.01.2019 г.", "План"]),
            5,
        )
        .expect("block");
        assert_eq!((scan.number.as_deref(), scan.date.as_deref()), (Some("37-од"), Some("2019-01-09")));
        assert_eq!(scan.body.as_deref(), Some("КГКУ «ЦССУ г. Уссурийска»"));
        assert_eq!(scan.name.as_deref(), Some("И.А. Соколовская"));
    }

    #[test]
    fn a_councils_protocol_beside_the_approval_is_not_the_documents() {
        let block = find(
            &lines(&[
                "Принято Утверждаю:",
                "на педагогическом совете ДиректорКГКУ «ЦССУ»",
                "Протокол № 1 от «29».08.2019г.",
                "И.А.Соколовская Приказ № од от «30».08.2019г.",
                "План работы педагогического совета",
            ]),
            5,
        )
        .expect("block");
        assert_eq!(block.date.as_deref(), Some("2019-08-30"));
        assert_eq!(block.number, None);
        assert_eq!(block.name.as_deref(), Some("И.А.Соколовская"));
        assert_eq!(block.body, None, "two columns on one line: whose words are whose cannot be told");
        assert!(accepted("Принято Утверждаю:"));
    }

    #[test]
    fn a_block_in_a_form_with_blanks_and_a_slash_name() {
        let block = find(
            &lines(&[
                "«УТВЕРЖДАЮ»",
                "Директор",
                "МБОУ СОШ с. Целинный МР Абзелиловский район РБ:",
                "__________ /Ш. И.Валиева/",
                "«12» февраля 2016 г.",
                "Положение",
            ]),
            6,
        )
        .expect("block");
        assert_eq!(block.body.as_deref(), Some("МБОУ СОШ с. Целинный МР Абзелиловский район РБ"));
        assert_eq!(block.name.as_deref(), Some("Ш. И.Валиева"));
        assert_eq!(block.date.as_deref(), Some("2016-02-12"));
        let dotted = find(&lines(&["УТВЕРЖДАЮ", "Директор школы", "24.августа.2019", "И.А. Соколовская", "План"]), 5).expect("block");
        assert_eq!(dotted.date.as_deref(), Some("2019-08-24"));
        assert_eq!(dotted.body, None, "«школы» is the post's word, not a body's name");
        assert_eq!(dotted.position.as_deref(), Some("Директор школы"));
    }

    #[test]
    fn a_scans_noise_gives_no_body() {
        let block =
            find(&lines(&["Утверждаю:", "Директор ГКУ «Центр содействия", "‚р-ттьгах.0KGag", "План мероприятий"]), 4).expect("block");
        assert_eq!(block.body, None);
        assert_eq!(
            find(
                &lines(&[
                    "Положение о порядке",
                    "утвержденном приказом от 01.09.2020 № 5, и другие слова до конца этой длинной строки текста"
                ]),
                2
            ),
            None
        );
    }
}
