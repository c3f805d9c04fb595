//! From tokens to a [`Deadline`]: group tokens into items, give every span a year, resolve
//! ranges (crossing a year boundary, school years), then choose the kind.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::recurrence;
use crate::scan::{self, year_end, Span, Token, Unit};
use crate::{Deadline, Kind, Precision, Warning};

/// A grouped piece of the cell.
#[derive(Debug, Clone, Copy)]
enum Item {
    Single(Span),
    Range(Span, Span),
    Until(Span),
    /// «с марта 2022 года»: from the span to the end of its year.
    OpenFrom(Span),
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| unreachable!("keyword pattern: {e}"))
}

static THROUGHOUT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"в\s+течени[ея]|в\s+ходе\s+реализации|постоянно|систематически|на\s+протяжении|весь\s+период|в\s+период\s+реализации|круглогодично|в\s+рамках\s+реализации",
    )
});
static BY_SCHEDULE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"график|по\s+плану|(?:в\s+соответствии\s+с|согласно)\s+план|в\s+установленные\s+сроки|в\s+сроки,?\s+установленные|по\s+срокам")
});
static ON_DEMAND: LazyLock<Regex> =
    LazyLock::new(|| re(r"по\s+мере|по\s+необходимости|при\s+необходимости|по\s+запрос|по\s+требовани|по\s+заявк"));
static END_OF_YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"(?:до|к)\s+конц[ау]\s+(?:текущего\s+|календарного\s+)?года"));

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
            Item::Single(s) | Item::Until(s) | Item::OpenFrom(s) => vec![s],
            Item::Range(a, b) => vec![a, b],
        })
        .collect()
}

/// Give every span a year: the nearest written year to its right, else to its left, else the
/// plan year. Returns whether the plan year was used.
fn fill_years(items: &mut [Item], plan_year: Option<i32>) -> bool {
    let mut spans = spans_mut(items);
    let written: Vec<Option<i32>> = spans.iter().map(|s| if s.explicit { s.year } else { None }).collect();
    let mut inferred = false;
    for (i, s) in spans.iter_mut().enumerate() {
        if s.year.is_some() {
            continue;
        }
        let right = written[i + 1..].iter().flatten().next();
        let left = written[..i].iter().rev().flatten().next();
        s.year = right.or(left).copied().or_else(|| {
            inferred = plan_year.is_some();
            plan_year
        });
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
fn resolve(item: &Item, warnings: &mut Vec<Warning>) -> Result<Resolved, Warning> {
    let bounds = |s: &Span| -> Result<(NaiveDate, NaiveDate), Warning> {
        let year = s.year.ok_or_else(|| Warning { code: "deadline.no_year", message: "no year in the text and no plan year".into() })?;
        s.bounds(year).ok_or_else(|| {
            let date = match s.unit {
                Unit::Day { day, month } => format!("{day:02}.{month:02}.{year}"),
                Unit::MonthPart { month, from, to } => format!("{from}–{to}.{month:02}.{year}"),
                _ => year.to_string(),
            };
            Warning { code: "deadline.impossible_date", message: format!("no such date: {date}") }
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
        Item::OpenFrom(s) => {
            let (a, _) = bounds(s)?;
            let end = year_end(a).ok_or_else(|| Warning { code: "deadline.impossible_date", message: "no year end".into() })?;
            Ok(Resolved { start: Some(a), end, precision: s.precision(), single_day: false })
        }
        Item::Range(a, b) => {
            let (mut a, mut b) = (*a, *b);
            let (mut start, _) = bounds(&a)?;
            let (_, mut end) = bounds(&b)?;
            if end < start {
                match (a.explicit, b.explicit) {
                    (false, true) => {
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
                            code: "deadline.end_before_start",
                            message: format!("the end precedes the start; read as the school year {start} – {end}"),
                        });
                    }
                    (true, true) => {
                        return Err(Warning {
                            code: "deadline.end_before_start",
                            message: format!("the end {end} precedes the start {start}"),
                        });
                    }
                }
            }
            if end < start {
                return Err(Warning { code: "deadline.end_before_start", message: format!("the end {end} precedes the start {start}") });
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

fn year_span(year: Option<i32>) -> (Option<NaiveDate>, Option<NaiveDate>) {
    match year {
        Some(y) => (NaiveDate::from_ymd_opt(y, 1, 1), NaiveDate::from_ymd_opt(y, 12, 31)),
        None => (None, None),
    }
}

pub(crate) fn normalize(text: &str, plan_year: Option<i32>) -> Deadline {
    let prepared = scan::prepare(text);
    let tokens = scan::tokens(&prepared);
    let mut items = group(&tokens);
    if items.is_empty() && END_OF_YEAR.is_match(&prepared) {
        items.push(Item::Until(Span { unit: scan::Unit::Year, year: None, explicit: false }));
    }
    let year_inferred = fill_years(&mut items, plan_year);
    let recurrence = recurrence::detect(&prepared);
    let mut out = Deadline::empty(Kind::Unknown);
    out.note = note_of(text);
    if let Some(extra) = recurrence.as_ref().and_then(|r| r.note.clone()) {
        if !out.note.as_deref().is_some_and(|n| n.contains(&extra)) {
            out.note = Some(match out.note.take() {
                Some(n) => format!("{n}; {extra}"),
                None => extra,
            });
        }
    }

    let mut resolved = Vec::with_capacity(items.len());
    for item in &items {
        match resolve(item, &mut out.warnings) {
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
        if resolved.is_empty() {
            (out.start, out.end) = year_span(plan_year);
            out.year_inferred = plan_year.is_some();
        } else {
            let first_year = resolved.iter().map(|r| r.end).min().map(|d| chrono::Datelike::year(&d));
            out.start = resolved.iter().filter_map(|r| r.start).min().or_else(|| year_span(first_year).0);
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
                    (out.start, out.end) = year_span(plan_year);
                    out.year_inferred = plan_year.is_some();
                }
            }
            out.precision = Some(Precision::Year);
        } else if BY_SCHEDULE.is_match(&prepared) {
            out.kind = Kind::BySchedule;
        } else if ON_DEMAND.is_match(&prepared) {
            out.kind = Kind::OnDemand;
        } else if !prepared.trim().is_empty() {
            out.warnings
                .push(Warning { code: "deadline.unreadable", message: format!("no date, period or known phrase in «{}»", text.trim()) });
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
