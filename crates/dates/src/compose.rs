//! From tokens to a [`Deadline`]: group tokens into items, give every span a year, resolve
//! ranges (crossing a year boundary, school years), then choose the kind.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::recurrence;
use crate::scan::{self, year_end, Span, Token, Unit};
use crate::{Context, Deadline, Kind, PlanPeriod, Precision, Warning};

/// A grouped piece of the cell.
#[derive(Debug, Clone, Copy)]
enum Item {
    Single(Span),
    Range(Span, Span),
    Until(Span),
    /// «до июля», «к сентябрю»: by the day before the month or season begins.
    Before(Span),
    /// «с марта 2022 года»: from the span to the end of its year.
    OpenFrom(Span),
    /// «по итогам I полугодия»: the month after the span.
    After(Span),
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| unreachable!("keyword pattern: {e}"))
}

// The phrase patterns below start words with a character that is no letter, not `\b`: a
// Unicode word boundary keeps the regex crate off its DFAs on Cyrillic text.

/// «в течение года» as typed: «в теч.», «втечение», «в течении», «постояно».
static THROUGHOUT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:^|[^а-яё])в\s*теч(?:ени[еяи]|[^а-яё]|$)|в\s+ходе\s+реализации|постоянн?о|систематически|регулярно|на\s+протяжении|весь\s+период|в\s+период\s+реализации|круглогодично|в\s+рамках\s+реализации",
    )
});
/// Dates kept in another schedule: «по графику», «по плану воспитателей», «согласно годового
/// плана», «на планёрках» (the meetings' own dates), «единый информационный день».
static BY_SCHEDULE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"график|по\s+план(?:у|ам)(?:[^а-яё]|$)|(?:в\s+соответствии\s+с|согласно)\s+(?:[а-яё]+\s+)?план|в\s+установленные\s+сроки|в\s+сроки,?\s+установленные|по\s+срокам|(?:^|[^а-яё])на\s+(?:планерк|планёрк|педсовет|совещани|заседани)|(?:^|[^а-яё])единый\s+(?:[а-яё]+\s+)?день",
    )
});
/// When something calls for it: «по мере необходимости», «по запросу», «по показаниям», «по
/// назначению врача», «перед проведением мероприятий» (each of them), «в адаптационный период».
static ON_DEMAND: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"по\s+мере|по\s+необходимости|при\s+необходимости|по\s+запрос|по\s+требовани|по\s+заявк|по\s+показани|(?:по|согласно)\s+назначени|перед\s+(?:проведением\s+)?(?:[а-яё]+\s+)?мероприяти|(?:^|[^а-яё])в\s+адаптационн|период[а-яё]*\s+адаптаци",
    )
});
static END_OF_YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"(?:до|к)\s+конц[ау]\s+(?:текущего\s+|календарного\s+)?года"));
/// «в течение учебного года», «до конца учебного года».
static SCHOOL_YEAR: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:учебн|тренировочн|академическ)[а-яё]*\s+год|(?:^|[^а-яё])уч\.?\s*г(?:од|[^а-яё]|$)"));
/// «в течение месяца», «в теч. семестра», «в течение 2 недель»: a span of time that names none
/// in particular.
static UNANCHORED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\bв\s*течени[еяи]|\bв\s*теч\b\.?)\s*(?:(?:одного|каждого|всего)\s+|(?P<count>[0-9]+|двух|тр[её]х|пяти|десяти)\s*(?:-?х\s+)?)?(?P<what>месяц|мес\b|недел|дн(?:я|ей)|квартал|семестр|четверт|полугоди|триместр)",
    )
});
/// «в течение 10 дней со дня подписания», «в месячный срок после издания приказа»: a span
/// counted from an event.
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:(?:в\s+течени[еяи]|в\s+теч\b\.?|не\s+позднее|не\s+позже|в\s+срок\s+(?:не\s+позднее|до)|до|через|в\s+срок)\s+(?P<n>[0-9]+|одного|одной|двух|тр[её]х|пяти|семи|десяти|пятнадцати|тридцати)?\s*(?:-?х\s+)?(?P<unit>рабоч[а-яё]*\s+дн|календарн[а-яё]*\s+дн|дн|недел|месяц)[а-яё]*|в\s+(?P<n2>[0-9]+|месячный|недельный)\s*-?\s*(?P<unit2>дневный|месячный|недельный)?\s*срок)\s*,?\s*(?P<from>после|со?\s+дня|с\s+момента|с\s+даты|от\s+даты)\s*(?P<event>.*)",
    )
});
/// An event that is the order itself: its signing, publication or coming into force.
static THE_ORDER: LazyLock<Regex> =
    LazyLock::new(|| re(r"приказ|распоряжени|постановлени|подписани|издани|утвержд|опубликовани|вступлени|настоящ"));
/// «до 01.04.2022, далее ежеквартально»: a deadline, then a recurrence.
static THEN: LazyLock<Regex> = LazyLock::new(|| re(r"\bдалее\b|\bзатем\b|в\s+дальнейшем|после\s+чего|впоследствии"));

/// Group tokens: «A - B», «с A по B», «A по B», «до A», «по A» opening the cell (a deadline,
/// «по 15 ноября»), single spans; bare numbers that share the month of a following date
/// («13-24.09.21», «с 10 по 20 марта»).
fn group(tokens: &[Token]) -> Vec<Item> {
    let mut items = Vec::new();
    let mut i = 0;
    // A span at `at`, or a bare day number completed by a span further on.
    let span_at = |at: usize| -> Option<(Span, usize)> {
        match tokens.get(at)? {
            Token::Span(s) => Some((*s, at + 1)),
            Token::Number(day) => {
                // «15-02-20.02»: day and month written with a dash before a range dash
                if let (Some(Token::Dash), Some(Token::Number(month)), Some(Token::Dash), Some(Token::Span(next))) =
                    (tokens.get(at + 1), tokens.get(at + 2), tokens.get(at + 3), tokens.get(at + 4))
                {
                    if (1..=12).contains(month) && matches!(next.unit, scan::Unit::Day { .. }) {
                        let unit = scan::Unit::Day { day: *day, month: *month };
                        return Some((Span { unit, year: None, explicit: false }, at + 3));
                    }
                }
                let next = tokens[at + 1..].iter().find_map(|t| match t {
                    Token::Span(s) => Some(s),
                    Token::Number(_) | Token::Dash | Token::Separator | Token::To { .. } | Token::Time => None,
                    _ => Some(&Span { unit: scan::Unit::Year, year: None, explicit: false }),
                })?;
                let mut s = Span::day_sharing_month(*day, next)?;
                s.explicit = false;
                s.year = None;
                Some((s, at + 1))
            }
            _ => None,
        }
    };
    while i < tokens.len() {
        match &tokens[i] {
            Token::Until { before_month } => {
                if let Some((s, next)) = span_at(i + 1) {
                    // «до июля» is by 30 June; a month with its year («до декабря 2022 г.») is
                    // read to its end
                    let whole_months = matches!(s.unit, scan::Unit::Month(_) | scan::Unit::Months { .. }) && !s.explicit;
                    items.push(if *before_month && whole_months { Item::Before(s) } else { Item::Until(s) });
                    i = next;
                    continue;
                }
            }
            // «по 15 ноября»: a deadline
            Token::To { deadline: true } => {
                if let Some((s, next)) = span_at(i + 1) {
                    items.push(Item::Until(s));
                    i = next;
                    continue;
                }
            }
            Token::After => {
                if let Some((s, next)) = span_at(i + 1) {
                    items.push(Item::After(s));
                    i = next;
                    continue;
                }
            }
            Token::From => {
                if let Some((a, next)) = span_at(i + 1) {
                    if let (Some(Token::To { .. } | Token::Dash | Token::Until { .. }), Some((b, after))) =
                        (tokens.get(next), span_at(next + 1))
                    {
                        items.push(Item::Range(a, b));
                        i = after;
                    } else {
                        items.push(Item::OpenFrom(a));
                        i = next;
                    }
                    continue;
                }
            }
            Token::Span(_) | Token::Number(_) => {
                if let Some((a, next)) = span_at(i) {
                    if let (Some(Token::Dash | Token::To { .. }), Some((b, after))) = (tokens.get(next), span_at(next + 1)) {
                        items.push(Item::Range(a, b));
                        i = after;
                    } else {
                        // a bare day counts only in a list sharing a month: «10, 17 и 24 марта»
                        if matches!(tokens[i], Token::Span(_)) || matches!(tokens.get(next), Some(Token::Separator)) {
                            items.push(Item::Single(a));
                        }
                        i = next;
                    }
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    items
}

fn spans_mut(items: &mut [Item]) -> impl Iterator<Item = &mut Span> {
    items
        .iter_mut()
        .flat_map(|item| match item {
            Item::Single(s) | Item::Until(s) | Item::Before(s) | Item::OpenFrom(s) | Item::After(s) => [Some(s), None],
            Item::Range(a, b) => [Some(a), Some(b)],
        })
        .flatten()
}

/// Give every span a year: the nearest written year to its right, else to its left, else the
/// plan period's year for its month (in a school year, September to December are the first
/// year and January to August the second, and an August that opens the plan's months the
/// first, see [`Context::opens_school_year`]; the halves of a school year are its own). Returns
/// whether the plan period was used.
fn fill_years(items: &mut [Item], context: &Context, month: Option<u32>) -> bool {
    let period = context.period;
    let mut spans: Vec<&mut Span> = spans_mut(items).collect();
    let written: Vec<Option<i32>> = spans.iter().map(|s| if s.explicit { s.year } else { None }).collect();
    let mut inferred = false;
    for (i, s) in spans.iter_mut().enumerate() {
        if s.year.is_some() {
            continue;
        }
        let right = written[i + 1..].iter().flatten().next();
        let left = written[..i].iter().rev().flatten().next();
        if let Some(year) = right.or(left) {
            s.year = Some(*year);
            continue;
        }
        let Some(period) = period else { continue };
        if let (PlanPeriod::SchoolYear(_), Unit::Half(h @ 1..=2)) = (period, s.unit) {
            s.unit = scan::school_unit(h as usize + 3);
        }
        s.year = Some(match (period, month) {
            // under a month's heading, the year that puts the month nearest to it («30.08»
            // in a school year's September is the August before)
            (PlanPeriod::SchoolYear(_), Some(anchor)) => {
                let anchor_year = context.year_of_month(anchor).unwrap_or(period.first_year());
                let distance = |y: i32| ((y * 12 + s.start_month() as i32) - (anchor_year * 12 + anchor as i32)).abs();
                [anchor_year - 1, anchor_year, anchor_year + 1].into_iter().min_by_key(|y| distance(*y)).unwrap_or(anchor_year)
            }
            // the cell's first span is the one an opening August can be
            _ if i == 0 => context.year_of_month(s.start_month()).unwrap_or(period.first_year()),
            _ => period.year_of_month(s.start_month()),
        });
        inferred = true;
    }
    inferred
}

struct Resolved {
    start: Option<NaiveDate>,
    end: NaiveDate,
    precision: Precision,
    single_day: bool,
}

/// Resolve an item to dates. `Err` carries the warning that makes the cell unreadable.
fn resolve(item: &Item, period: Option<PlanPeriod>, warnings: &mut Vec<Warning>) -> Result<Resolved, Warning> {
    let bounds = |s: &Span| -> Result<(NaiveDate, NaiveDate), Warning> {
        let year = s
            .year
            .ok_or_else(|| Warning { code: roadmap_codes::DEADLINE_NO_YEAR, message: "no year in the text and no plan year".into() })?;
        s.bounds(year).ok_or_else(|| {
            let date = match s.unit {
                Unit::Day { day, month } => format!("{day:02}.{month:02}.{year}"),
                Unit::MonthPart { month, from, to } => format!("{from}–{to}.{month:02}.{year}"),
                _ => year.to_string(),
            };
            Warning { code: roadmap_codes::DEADLINE_IMPOSSIBLE_DATE, message: format!("no such date: {date}") }
        })
    };
    match item {
        Item::Single(s) => {
            let (a, b) = bounds(s)?;
            Ok(Resolved { start: Some(a), end: b, precision: s.precision(), single_day: a == b })
        }
        Item::Until(s) => {
            let (_, b) = bounds(s)?;
            Ok(Resolved { start: None, end: b, precision: s.precision(), single_day: false })
        }
        Item::Before(s) => {
            let (a, _) = bounds(s)?;
            let end = a
                .pred_opt()
                .ok_or_else(|| Warning { code: roadmap_codes::DEADLINE_IMPOSSIBLE_DATE, message: "no day before the period".into() })?;
            Ok(Resolved { start: None, end, precision: s.precision(), single_day: false })
        }
        Item::After(s) => {
            let (_, b) = bounds(s)?;
            let no_date = || Warning { code: roadmap_codes::DEADLINE_IMPOSSIBLE_DATE, message: "no month after the period".into() };
            let start = b.succ_opt().ok_or_else(no_date)?;
            let end = start.checked_add_months(chrono::Months::new(1)).and_then(|d| d.pred_opt()).ok_or_else(no_date)?;
            Ok(Resolved { start: Some(start), end, precision: Precision::Month, single_day: false })
        }
        Item::OpenFrom(s) => {
            let (a, _) = bounds(s)?;
            let end =
                year_end(a).ok_or_else(|| Warning { code: roadmap_codes::DEADLINE_IMPOSSIBLE_DATE, message: "no year end".into() })?;
            Ok(Resolved { start: Some(a), end, precision: s.precision(), single_day: false })
        }
        Item::Range(a, b) => {
            let (mut a, mut b) = (*a, *b);
            let (mut start, _) = bounds(&a)?;
            let (_, mut end) = bounds(&b)?;
            if end < start {
                // «Август-сентябрь» in a school year: the August before it starts
                let summer_before = |s: &Span| match period {
                    Some(PlanPeriod::SchoolYear(first)) => s.year == Some(first + 1) && (7..=8).contains(&s.start_month()),
                    _ => false,
                };
                match (a.explicit, b.explicit) {
                    (false, true) => {
                        a.year = a.year.map(|y| y - 1);
                        start = bounds(&a)?.0;
                    }
                    (false, false) if summer_before(&a) => {
                        a.year = a.year.map(|y| y - 1);
                        start = bounds(&a)?.0;
                    }
                    (_, false) => {
                        b.year = b.year.map(|y| y + 1);
                        end = bounds(&b)?.1;
                    }
                    (true, true) if a.start_month() >= 8 && b.start_month() <= 6 => {
                        b.year = b.year.map(|y| y + 1);
                        end = bounds(&b)?.1;
                        warnings.push(Warning {
                            code: roadmap_codes::DEADLINE_END_BEFORE_START,
                            message: format!("the end precedes the start; read as the school year {start} – {end}"),
                        });
                    }
                    (true, true) => {
                        return Err(Warning {
                            code: roadmap_codes::DEADLINE_END_BEFORE_START,
                            message: format!("the end {end} precedes the start {start}"),
                        });
                    }
                }
            }
            if end < start {
                return Err(Warning {
                    code: roadmap_codes::DEADLINE_END_BEFORE_START,
                    message: format!("the end {end} precedes the start {start}"),
                });
            }
            Ok(Resolved { start: Some(start), end, precision: a.precision().max(b.precision()), single_day: false })
        }
    }
}

/// What follows a slash when it is a note: a slash parts two periods when a date or a period
/// follows it («октябрь / ноябрь», «24.05 / 30.05»), and adds a note otherwise («2022 / по
/// согласованию»); a slash inside an abbreviation («по запросу д/д», «п/п») does neither.
fn slash_note(text: &str) -> Option<String> {
    for (at, _) in text.match_indices('/') {
        let (before, after) = (&text[..at], &text[at + 1..]);
        let word_before = before.chars().rev().take_while(|c| c.is_alphabetic()).count();
        if (1..=2).contains(&word_before) && after.starts_with(char::is_alphabetic) {
            continue;
        }
        let after = after.split('(').next().unwrap_or("").trim();
        let names_a_time = matches!(scan::tokens(&scan::prepare(after)).first(), Some(Token::Span(_)));
        let words = after.chars().any(char::is_alphabetic) && !after.starts_with(|c: char| c.is_ascii_digit());
        return (words && !names_a_time).then(|| after.to_string());
    }
    None
}

/// Parenthesised text and what follows a slash: what the text adds.
fn note_of(text: &str) -> Option<String> {
    let mut notes = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for ch in text.chars() {
        match ch {
            '(' => {
                depth += 1;
                if depth == 1 {
                    current.clear();
                    continue;
                }
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    notes.push(current.trim().to_string());
                    continue;
                }
            }
            _ => {}
        }
        if depth > 0 {
            current.push(ch);
        }
    }
    notes.extend(slash_note(text));
    notes.retain(|n| !n.is_empty());
    (!notes.is_empty()).then(|| notes.join("; "))
}

fn period_span(period: Option<PlanPeriod>) -> (Option<NaiveDate>, Option<NaiveDate>) {
    match period {
        Some(p) => {
            let (start, end) = p.bounds();
            (Some(start), Some(end))
        }
        None => (None, None),
    }
}

fn add_note(out: &mut Deadline, extra: &str) {
    if out.note.as_deref().is_some_and(|n| n.contains(extra)) {
        return;
    }
    out.note = Some(match out.note.take() {
        Some(n) => format!("{n}; {extra}"),
        None => extra.to_string(),
    });
}

/// A count of days, weeks or months from an event: from the order's date when the event is
/// the order and its date is known, else [`Kind::Relative`].
fn relative(text: &str, prepared: &str, context: &Context) -> Option<Deadline> {
    // every cell comes here: the pattern is built and run only for text that counts from an event
    let from_an_event = ["после", "дня", "момента", "даты"].iter().any(|w| prepared.contains(w));
    if !from_an_event {
        return None;
    }
    let c = RELATIVE.captures(prepared)?;
    let count = |word: &str| -> Option<u32> {
        Some(match word {
            "одного" | "одной" | "месячный" | "недельный" => 1,
            "двух" => 2,
            "трех" | "трёх" => 3,
            "пяти" => 5,
            "семи" => 7,
            "десяти" => 10,
            "пятнадцати" => 15,
            "тридцати" => 30,
            n => n.parse().ok().filter(|n| (1..=3650).contains(n))?,
        })
    };
    let n = c.name("n").or(c.name("n2")).map_or(Some(1), |m| count(m.as_str()))?;
    let unit = c.name("unit").or(c.name("unit2")).or(c.name("n2")).map_or("", |m| m.as_str());
    let event = c.name("event").map_or("", |m| m.as_str().trim().trim_end_matches('.'));
    let (what, add): (String, Box<dyn Fn(NaiveDate) -> Option<NaiveDate>>) = if unit.starts_with("рабоч") {
        (format!("{n} working days"), Box::new(move |d| Some(add_working_days(d, n))))
    } else if unit.starts_with("недел") {
        (format!("{n} weeks"), Box::new(move |d| d.checked_add_days(chrono::Days::new(u64::from(n) * 7))))
    } else if unit.starts_with("месяц") {
        (format!("{n} months"), Box::new(move |d| d.checked_add_months(chrono::Months::new(n))))
    } else {
        (format!("{n} days"), Box::new(move |d| d.checked_add_days(chrono::Days::new(u64::from(n)))))
    };
    let mut out = Deadline::empty(Kind::Relative);
    out.note = note_of(text);
    let from = if event.is_empty() { "an event the text does not name".to_string() } else { format!("«{event}»") };
    match context.document_date.filter(|_| THE_ORDER.is_match(event)) {
        Some(date) => {
            out.kind = Kind::Period;
            out.start = Some(date);
            out.end = add(date);
            out.precision = Some(Precision::Day);
            add_note(&mut out, &format!("{what} counted from the order's date {}", date.format("%d.%m.%Y")));
        }
        None => {
            let unknown = if THE_ORDER.is_match(event) { "; the order's date is not known" } else { "" };
            add_note(&mut out, &format!("{what} from {from}{unknown}"));
        }
    }
    Some(out)
}

/// `days` working days (Monday to Friday; public holidays are not known) after `date`.
fn add_working_days(date: NaiveDate, days: u32) -> NaiveDate {
    use chrono::Datelike;
    let mut d = date;
    let mut left = days;
    while left > 0 {
        let Some(next) = d.succ_opt() else { break };
        d = next;
        if d.weekday().number_from_monday() <= 5 {
            left -= 1;
        }
    }
    d
}

/// The kind a phrase with no date gives: «в течение …» (throughout), «по графику» (by
/// schedule), «по мере необходимости» (on demand); when a cell names several, the first
/// («по запросу, в течение года» is on demand).
fn phrase_kind(text: &str) -> Option<Kind> {
    let mut first: Option<(usize, Kind)> = None;
    for (pattern, kind) in [(&THROUGHOUT, Kind::Throughout), (&BY_SCHEDULE, Kind::BySchedule), (&ON_DEMAND, Kind::OnDemand)] {
        let Some(at) = pattern.find(text).map(|m| m.start()) else { continue };
        if first.is_none_or(|(earliest, _)| at < earliest) {
            first = Some((at, kind));
        }
        // a phrase that opens the cell is the first: the others' patterns need not be built
        if text.get(..at).is_some_and(|before| before.trim().is_empty()) {
            break;
        }
    }
    first.map(|(_, kind)| kind)
}

/// The text outside parentheses: what a cell says before the notes it adds.
fn outside_parentheses(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('(') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut depth = 0usize;
    text.chars()
        .filter(|c| {
            match c {
                '(' => depth += 1,
                ')' if depth > 0 => {
                    depth -= 1;
                    return false;
                }
                _ => {}
            }
            depth == 0
        })
        .collect::<String>()
        .into()
}

/// Only day numbers and what parts them: «1-10», «3», «25-26», «3, 10 и 17».
static DAYS_ONLY: LazyLock<Regex> = LazyLock::new(|| re(r"^[0-9]{1,2}(?:\s*(?:-|,|;|\bи\b)\s*[0-9]{1,2})*\s*\.?$"));

/// Spans that name no month of their own («3 неделя», «вторая половина месяца») take the
/// section's month. Returns false when one is left without a month.
fn anchor_to_section_month(items: &mut [Item], section_month: Option<u32>) -> bool {
    let mut anchored = true;
    for span in spans_mut(items) {
        if let Unit::MonthPart { month: month @ 0, .. } = &mut span.unit {
            match section_month {
                Some(m) => *month = m,
                None => anchored = false,
            }
        }
    }
    anchored
}

/// The month of the section heading as the cell's reading, with what `out` holds so far.
fn the_section_month(out: &Deadline, context: &Context) -> Option<Deadline> {
    let (start, end) = context.section_month_bounds()?;
    let mut month = out.clone();
    (month.kind, month.start, month.end, month.precision) = (Kind::Period, Some(start), Some(end), Some(Precision::Month));
    month.year_inferred = true;
    add_note(&mut month, "the month of the section heading");
    Some(month)
}

/// A range of two years that are the plan's school year («2019-2020 гг.» in the plan for
/// 2019/2020) is that school year, through the summer.
fn plan_school_year(items: &mut [Item], period: Option<PlanPeriod>) {
    let Some(PlanPeriod::SchoolYear(first)) = period else { return };
    for span in spans_mut(items) {
        if span.unit == Unit::YearsTo(first + 1) && span.year == Some(first) {
            span.unit = Unit::SchoolYearThroughSummerTo(first + 1);
        }
    }
}

pub(crate) fn normalize(text: &str, context: &Context) -> Deadline {
    let prepared = scan::prepare(text);
    if let Some(relative) = relative(text, &prepared, context) {
        return relative;
    }
    let period = context.period;
    let section_month = context.section_month();
    let tokens = scan::tokens(&prepared);
    let mut items = group(&tokens);
    // bare day numbers under a month's heading: «1-10», «3», «25-26»
    if let (true, Some(month)) = (items.is_empty() && DAYS_ONLY.is_match(prepared.trim()), section_month) {
        let days: Vec<Token> = tokens
            .iter()
            .map(|t| match t {
                Token::Number(day) => Token::Span(Span { unit: Unit::Day { day: *day, month }, year: None, explicit: false }),
                t => t.clone(),
            })
            .collect();
        items = group(&days);
    }
    if items.is_empty() && END_OF_YEAR.is_match(&prepared) {
        items.push(Item::Until(Span { unit: scan::Unit::Year, year: None, explicit: false }));
    }
    let mut out = Deadline::empty(Kind::Unknown);
    out.note = note_of(text);
    if !anchor_to_section_month(&mut items, section_month) {
        out.warnings.push(Warning {
            code: roadmap_codes::DEADLINE_UNANCHORED,
            message: format!("«{}» names a part of a month but no particular month", text.trim()),
        });
        return out;
    }
    let year_inferred = fill_years(&mut items, context, section_month);
    plan_school_year(&mut items, period);
    let outside = outside_parentheses(&prepared);
    let mut recurrence = recurrence::detect(&prepared);
    if items.is_empty() {
        // «по мере необходимости (не реже 2 раз в год)»: the phrase decides, the parentheses add
        if recurrence.is_some() && recurrence::detect(&outside).is_none() && phrase_kind(&outside).is_some() {
            recurrence = None;
        }
        if recurrence.is_none() {
            recurrence = recurrence::weekdays_alone(&prepared);
        }
    }
    for item in &items {
        let (Item::Single(s) | Item::Until(s) | Item::Before(s) | Item::OpenFrom(s) | Item::After(s) | Item::Range(s, _)) = item;
        let others = match item {
            Item::Range(_, b) => Some(b),
            _ => None,
        };
        for span in std::iter::once(s).chain(others) {
            if let Unit::School { name, .. } = span.unit {
                add_note(&mut out, &format!("{name}: conventional dates, the school's calendar fixes its own"));
            }
        }
        if matches!(item, Item::After(_)) {
            add_note(&mut out, "«по итогам»: the month after the period, by convention");
        }
    }
    if let Some(extra) = recurrence.as_ref().and_then(|r| r.note.clone()) {
        add_note(&mut out, &extra);
    }
    if items.is_empty() && recurrence.is_none() {
        // under a day's heading, a cell that names no day of its own (a clock time, «в течение
        // дня», «по доп. графику», nothing) is that day
        if let Some(day) = context.section_date() {
            (out.kind, out.start, out.end, out.precision) = (Kind::Date, Some(day), Some(day), Some(Precision::Day));
            out.year_inferred = context.day.is_some_and(|d| d.year.is_none());
            add_note(&mut out, "the day of the section heading");
            return out;
        }
        // an empty cell under a month's heading is that month
        if prepared.trim().is_empty() {
            if let Some(month) = the_section_month(&out, context) {
                return month;
            }
        }
    }
    // «в течение месяца»: the section's month, or nothing in particular
    if items.is_empty() && recurrence.is_none() {
        if let Some(c) = UNANCHORED.captures(&prepared) {
            let what = match c.name("what").map_or("", |m| m.as_str()) {
                "мес" => "месяц",
                other => other,
            };
            match (what, the_section_month(&out, context).filter(|_| c.name("count").is_none())) {
                ("месяц", Some(month)) => return month,
                ("семестр" | "четверт" | "полугоди" | "триместр" | "квартал", _) if c.name("count").is_none() =>
                {
                    (out.start, out.end) = period_span(period);
                    out.kind = Kind::Throughout;
                    out.precision = Some(Precision::Year);
                    out.year_inferred = period.is_some();
                    add_note(
                        &mut out,
                        &format!("«{}»: each one of the plan's period, the text names none", c.get(0).map_or("", |m| m.as_str())),
                    );
                    return out;
                }
                _ => {}
            }
            out.warnings.push(Warning {
                code: roadmap_codes::DEADLINE_UNANCHORED,
                message: format!(
                    "«{}» names no particular {}",
                    c.get(0).map_or("", |m| m.as_str()),
                    if what == "месяц" { "month" } else { "time" }
                ),
            });
            return out;
        }
    }

    let mut resolved = Vec::with_capacity(items.len());
    for item in &items {
        match resolve(item, period, &mut out.warnings) {
            Ok(r) => resolved.push(r),
            Err(w) => {
                out.warnings.push(w);
                return out;
            }
        }
    }
    out.year_inferred = year_inferred;
    let only_years = items.iter().all(|i| matches!(i, Item::Single(s) if s.is_year()));

    if let Some(rec) = recurrence {
        out.kind = Kind::Recurring;
        let yearly = rec.rrule.starts_with("FREQ=YEARLY");
        out.rrule = Some(rec.rrule);
        // «до 01.04.2022, далее ежеквартально»: the deadline, then the recurrence to the end
        if let ([first], true) = (resolved.as_slice(), THEN.is_match(&prepared)) {
            let end = period.map(|p| p.bounds().1).or_else(|| year_end(first.end));
            if let Some(end) = end.filter(|e| *e > first.end) {
                out.kind = Kind::Multiple;
                out.start = period.map(|p| p.bounds().0).filter(|s| *s <= first.end).or(first.start).or(Some(first.end));
                out.end = Some(end);
                out.dates = vec![first.end];
                out.periods =
                    first.end.succ_opt().map(|next| vec![(out.start.unwrap_or(first.end), first.end), (next, end)]).unwrap_or_default();
                out.precision = Some(first.precision);
                add_note(&mut out, "a deadline, then the recurrence to the end of the plan");
                return out;
            }
        }
        if resolved.is_empty() {
            (out.start, out.end) = period_span(period);
            out.year_inferred = period.is_some();
        } else {
            let first_year = resolved.iter().map(|r| r.end).min().map(|d| chrono::Datelike::year(&d));
            out.start = resolved.iter().filter_map(|r| r.start).min().or_else(|| period_span(first_year.map(PlanPeriod::Year)).0);
            out.end = resolved.iter().map(|r| r.end).max();
            if resolved.len() > 1 || items.iter().any(|i| matches!(i, Item::Range(..) | Item::OpenFrom(_))) {
                out.periods = resolved.iter().filter_map(|r| Some((r.start?, r.end))).collect();
            }
            // «ежегодно до 20 декабря» in a programme of several years: every one of its years
            if let (Some(PlanPeriod::Years(first, last)), true) = (period, yearly && year_inferred) {
                out.start = NaiveDate::from_ymd_opt(first, 1, 1);
                out.end = out.end.and_then(|e| chrono::Datelike::with_year(&e, last));
            }
        }
        out.precision = resolved.iter().map(|r| r.precision).max().or(Some(Precision::Year));
        return out;
    }
    if resolved.is_empty() || (only_years && THROUGHOUT.is_match(&prepared)) {
        match phrase_kind(&outside).or_else(|| phrase_kind(&prepared)) {
            Some(Kind::Throughout) => {
                out.kind = Kind::Throughout;
                match resolved.first() {
                    Some(r) => (out.start, out.end) = (r.start, Some(r.end)),
                    None => {
                        (out.start, out.end) = period_span(period);
                        out.year_inferred = period.is_some();
                        // a calendar plan's year overlaps two school years: which one is not said
                        let school_year =
                            ["уч", "тренировочн", "академическ"].iter().any(|w| prepared.contains(w)) && SCHOOL_YEAR.is_match(&prepared);
                        if let (Some(PlanPeriod::Year(y)), true) = (period, school_year) {
                            add_note(&mut out, &format!("«учебный год» in a plan for the calendar year {y}: read as the plan's year"));
                        }
                    }
                }
                out.precision = Some(Precision::Year);
            }
            Some(kind) => out.kind = kind,
            None if tokens.contains(&Token::Time) => out.warnings.push(Warning {
                code: roadmap_codes::DEADLINE_UNREADABLE,
                message: format!("«{}» is a clock time: no day is given", text.trim()),
            }),
            None if !prepared.trim().is_empty() => out.warnings.push(Warning {
                code: roadmap_codes::DEADLINE_UNREADABLE,
                message: format!("no date, period or known phrase in «{}»", text.trim()),
            }),
            None => {}
        }
        if out.kind != Kind::Throughout {
            out.year_inferred = false;
        }
        return out;
    }

    if let (Some(PlanPeriod::Years(first, _)), true) = (period, year_inferred) {
        add_note(&mut out, &format!("no year in the text, in a plan of several years: read in its first, {first}"));
    }
    out.precision = resolved.iter().map(|r| r.precision).max();
    out.end = resolved.iter().map(|r| r.end).max();
    if resolved.len() == 1 {
        let r = &resolved[0];
        out.start = r.start;
        out.kind = match items[0] {
            Item::Until(_) | Item::Before(_) => Kind::Deadline,
            Item::Single(_) if r.single_day => Kind::Date,
            _ => Kind::Period,
        };
        return out;
    }
    out.kind = Kind::Multiple;
    out.start = resolved.iter().filter_map(|r| r.start).min();
    if out.start.is_none() {
        out.kind = Kind::Deadline;
        return out;
    }
    if resolved.iter().all(|r| r.single_day) {
        out.dates = resolved.iter().map(|r| r.end).collect();
    }
    out.periods = resolved.iter().map(|r| (r.start.unwrap_or(r.end), r.end)).collect();
    out
}
