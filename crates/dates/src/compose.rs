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
    /// «с марта 2022 года»: from the span to the end of its year.
    OpenFrom(Span),
    /// «по итогам I полугодия»: the month after the span.
    After(Span),
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| unreachable!("keyword pattern: {e}"))
}

static THROUGHOUT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"в\s+течени[ея]|в\s+теч\b|в\s+ходе\s+реализации|постоянно|систематически|на\s+протяжении|весь\s+период|в\s+период\s+реализации|круглогодично|в\s+рамках\s+реализации",
    )
});
static BY_SCHEDULE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"график|по\s+плану|(?:в\s+соответствии\s+с|согласно)\s+план|в\s+установленные\s+сроки|в\s+сроки,?\s+установленные|по\s+срокам")
});
static ON_DEMAND: LazyLock<Regex> =
    LazyLock::new(|| re(r"по\s+мере|по\s+необходимости|при\s+необходимости|по\s+запрос|по\s+требовани|по\s+заявк"));
static END_OF_YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"(?:до|к)\s+конц[ау]\s+(?:текущего\s+|календарного\s+)?года"));
/// «в течение учебного года», «до конца учебного года».
static SCHOOL_YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"учебн[а-яё]*\s+год|уч\.?\s+год"));
/// «в течение месяца», «в теч. семестра»: a span of time that names none in particular.
static UNANCHORED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:в\s+течени[ея]|в\s+теч\b\.?)\s+(?:(?:одного|каждого|всего)\s+)?(?P<what>месяц|мес\b|недел|дня|квартал|семестр|четверт|полугоди|триместр)",
    )
});
/// «в течение 10 дней со дня подписания», «в месячный срок после издания приказа»: a span
/// counted from an event.
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:(?:в\s+течени[ея]|в\s+теч\b\.?|не\s+позднее|не\s+позже|в\s+срок\s+(?:не\s+позднее|до)|до|через|в\s+срок)\s+(?P<n>[0-9]+|одного|одной|двух|тр[её]х|пяти|семи|десяти|пятнадцати|тридцати)?\s*(?:-?х\s+)?(?P<unit>рабоч[а-яё]*\s+дн|календарн[а-яё]*\s+дн|дн|недел|месяц)[а-яё]*|в\s+(?P<n2>[0-9]+|месячный|недельный)\s*-?\s*(?P<unit2>дневный|месячный|недельный)?\s*срок)\s*,?\s*(?P<from>после|со?\s+дня|с\s+момента|с\s+даты|от\s+даты)\s*(?P<event>.*)",
    )
});
/// An event that is the order itself: its signing, publication or coming into force.
static THE_ORDER: LazyLock<Regex> =
    LazyLock::new(|| re(r"приказ|распоряжени|постановлени|подписани|издани|утвержд|опубликовани|вступлени|настоящ"));
/// «до 01.04.2022, далее ежеквартально»: a deadline, then a recurrence.
static THEN: LazyLock<Regex> = LazyLock::new(|| re(r"\bдалее\b|\bзатем\b|в\s+дальнейшем|после\s+чего|впоследствии"));

/// Group tokens: «A - B», «с A по B», «до A», single spans; bare numbers that share the month
/// of a following date («13-24.09.21», «с 10 по 20 марта»).
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
                    Token::Number(_) | Token::Dash | Token::Separator | Token::To => None,
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
            Token::Until => {
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
                    if let (Some(Token::To | Token::Dash | Token::Until), Some((b, after))) = (tokens.get(next), span_at(next + 1)) {
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
                    if let (Some(Token::Dash), Some((b, after))) = (tokens.get(next), span_at(next + 1)) {
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

fn spans_mut(items: &mut [Item]) -> Vec<&mut Span> {
    items
        .iter_mut()
        .flat_map(|item| match item {
            Item::Single(s) | Item::Until(s) | Item::OpenFrom(s) | Item::After(s) => vec![s],
            Item::Range(a, b) => vec![a, b],
        })
        .collect()
}

/// Give every span a year: the nearest written year to its right, else to its left, else the
/// plan period's year for its month (in a school year, September to December are the first
/// year and January to August the second; the halves of a school year are its own). Returns
/// whether the plan period was used.
fn fill_years(items: &mut [Item], period: Option<PlanPeriod>, month: Option<u32>) -> bool {
    let mut spans = spans_mut(items);
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
                let anchor_year = period.year_of_month(anchor);
                let distance = |y: i32| ((y * 12 + s.start_month() as i32) - (anchor_year * 12 + anchor as i32)).abs();
                [anchor_year - 1, anchor_year, anchor_year + 1].into_iter().min_by_key(|y| distance(*y)).unwrap_or(anchor_year)
            }
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
    if let Some((_, after)) = text.split_once('/') {
        let after = after.split('(').next().unwrap_or("").trim();
        if after.chars().any(char::is_alphabetic) && !after.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            notes.push(after.to_string());
        }
    }
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

pub(crate) fn normalize(text: &str, context: &Context) -> Deadline {
    let prepared = scan::prepare(text);
    if let Some(relative) = relative(text, &prepared, context) {
        return relative;
    }
    let period = context.period;
    let tokens = scan::tokens(&prepared);
    let mut items = group(&tokens);
    let school_year = prepared.contains("уч") && SCHOOL_YEAR.is_match(&prepared);
    if items.is_empty() && END_OF_YEAR.is_match(&prepared) {
        items.push(Item::Until(Span { unit: scan::Unit::Year, year: None, explicit: false }));
    }
    let year_inferred = fill_years(&mut items, period, context.month.filter(|m| (1..=12).contains(m)));
    let recurrence = recurrence::detect(&prepared);
    let mut out = Deadline::empty(Kind::Unknown);
    out.note = note_of(text);
    for item in &items {
        let (Item::Single(s) | Item::Until(s) | Item::OpenFrom(s) | Item::After(s) | Item::Range(s, _)) = item;
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
    // «в течение месяца»: the section's month, or nothing in particular
    if items.is_empty() && recurrence.is_none() {
        if let Some(c) = UNANCHORED.captures(&prepared) {
            let what = match c.name("what").map_or("", |m| m.as_str()) {
                "мес" => "месяц",
                other => other,
            };
            match (what, context.month, period) {
                ("месяц", Some(month), Some(period)) => {
                    let span = Span { unit: Unit::Month(month), year: Some(period.year_of_month(month)), explicit: false };
                    if let Some((start, end)) = span.bounds(period.year_of_month(month)) {
                        (out.kind, out.start, out.end, out.precision) = (Kind::Period, Some(start), Some(end), Some(Precision::Month));
                        out.year_inferred = true;
                        add_note(&mut out, "the month of the section heading");
                        return out;
                    }
                }
                ("семестр" | "четверт" | "полугоди" | "триместр" | "квартал", _, _) => {
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
        }
        out.precision = resolved.iter().map(|r| r.precision).max().or(Some(Precision::Year));
        return out;
    }
    if resolved.is_empty() || (only_years && THROUGHOUT.is_match(&prepared)) {
        if THROUGHOUT.is_match(&prepared) {
            out.kind = Kind::Throughout;
            match resolved.first() {
                Some(r) => (out.start, out.end) = (r.start, Some(r.end)),
                None => {
                    (out.start, out.end) = period_span(period);
                    out.year_inferred = period.is_some();
                    // a calendar plan's year overlaps two school years: which one is not said
                    if let (Some(PlanPeriod::Year(y)), true) = (period, school_year) {
                        add_note(&mut out, &format!("«учебный год» in a plan for the calendar year {y}: read as the plan's year"));
                    }
                }
            }
            out.precision = Some(Precision::Year);
        } else if BY_SCHEDULE.is_match(&prepared) {
            out.kind = Kind::BySchedule;
        } else if ON_DEMAND.is_match(&prepared) {
            out.kind = Kind::OnDemand;
        } else if !prepared.trim().is_empty() {
            out.warnings.push(Warning {
                code: roadmap_codes::DEADLINE_UNREADABLE,
                message: format!("no date, period or known phrase in «{}»", text.trim()),
            });
        }
        if out.kind != Kind::Throughout {
            out.year_inferred = false;
        }
        return out;
    }

    out.precision = resolved.iter().map(|r| r.precision).max();
    out.end = resolved.iter().map(|r| r.end).max();
    if resolved.len() == 1 {
        let r = &resolved[0];
        out.start = r.start;
        out.kind = match items[0] {
            Item::Until(_) => Kind::Deadline,
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
