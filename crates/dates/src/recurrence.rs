//! Recurrences as RFC 5545 `RRULE`s: «ежемесячно», «еженедельно по четвергам»,
//! «2 и 4 среда каждого месяца», «в последний вторник месяца», «2 раза в квартал».

use std::sync::LazyLock;

use regex::{Regex, RegexSet};

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| unreachable!("recurrence pattern: {e}"))
}

const WEEKDAY: &str = r"(понедельник|вторник|сред|четверг|пятниц|суббот|воскресень?)[а-яё]*";

/// «2 и 4 среда», «в последний вторник»: ordinals before a weekday.
static NTH_WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"((?:(?:\b[1-5]|\bперв[а-яё]*|\bвтор(?:ой|ую|ая|ое)|\bтрет[а-яё]*|\bчетв[её]рт(?:ый|ую|ая|ое)|\bпят(?:ый|ую|ая)|\bпоследн[а-яё]*)(?:-?(?:й|я|ю|ый|ая|ую))?\s*(?:,|\bи\b)?\s*)+){WEEKDAY}"
    ))
});
/// «по четвергам», «каждую пятницу».
static WEEKLY_DAY: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?:\bпо|\bкажд[а-яё]*)\s+{WEEKDAY}")));
static ANY_WEEKDAY: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"\b{WEEKDAY}")));
/// «2 раза в месяц»: a count per period, kept as a note.
static TIMES_PER: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b([0-9]+|один|два|три|четыре)\s+раз[а]?\s+в\s+(день|неделю|месяц|квартал|полугодие|полгода|год)"));

/// «до 5 числа», «25-го числа», «в последний день месяца»: the day of the month.
static MONTH_DAY: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:([0-9]{1,2})(?:-?(?:го|е))?\s+числ[а-яё]*|(последн[а-яё]*)\s+(?:числ[а-яё]*|д(?:ень|ня|нём|нем)))"));

/// (pattern, FREQ part), checked in order.
const FREQUENCIES: &[(&str, &str)] = &[
    (r"ежедневн|кажд[а-яё]*\s+день|раза?\s+в\s+день", "FREQ=DAILY"),
    (r"еженедельн|кажд[а-яё]*\s+недел|раза?\s+в\s+неделю", "FREQ=WEEKLY"),
    (r"ежеквартальн|кажд[а-яё]*\s+квартал|раза?\s+в\s+квартал", "FREQ=MONTHLY;INTERVAL=3"),
    (r"раза?\s+в\s+(?:полугодие|полгода)|кажд[а-яё]*\s+полугоди", "FREQ=MONTHLY;INTERVAL=6"),
    (r"ежемесячн|кажд[а-яё]*\s+месяц|раза?\s+в\s+месяц", "FREQ=MONTHLY"),
    (r"ежегодн|кажд[а-яё]*\s+год|раза?\s+в\s+год", "FREQ=YEARLY"),
];

/// The patterns of [`FREQUENCIES`] as one set: built at once in less time than one by one.
static FREQUENCY_SET: LazyLock<RegexSet> =
    LazyLock::new(|| RegexSet::new(FREQUENCIES.iter().map(|(p, _)| p)).unwrap_or_else(|e| unreachable!("frequency patterns: {e}")));

fn weekday_code(name: &str) -> &'static str {
    match name {
        n if n.starts_with("понедельник") => "MO",
        n if n.starts_with("вторник") => "TU",
        n if n.starts_with("сред") => "WE",
        n if n.starts_with("четверг") => "TH",
        n if n.starts_with("пятниц") => "FR",
        n if n.starts_with("суббот") => "SA",
        _ => "SU",
    }
}

fn ordinal(word: &str) -> Option<i32> {
    let w = word.trim_end_matches(['-', 'й', 'я', 'ю']);
    Some(match w {
        _ if word.starts_with("последн") => -1,
        _ if word.starts_with("перв") => 1,
        _ if word.starts_with("втор") => 2,
        _ if word.starts_with("трет") => 3,
        _ if word.starts_with("четв") => 4,
        _ if word.starts_with("пят") => 5,
        d => d.parse().ok().filter(|n| (1..=5).contains(n))?,
    })
}

/// A recurrence found in prepared (lowercased) text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Recurrence {
    pub rrule: String,
    /// «2 раза в месяц» and the like, which the rule cannot say.
    pub note: Option<String>,
}

pub(crate) fn detect(text: &str) -> Option<Recurrence> {
    let note = TIMES_PER
        .captures(text)
        .filter(|c| !matches!(c.get(1).map(|m| m.as_str()), Some("1" | "один")))
        .map(|c| c.get(0).map_or(String::new(), |m| m.as_str().to_string()));
    let frequency = FREQUENCY_SET.matches(text).iter().next().and_then(|i| FREQUENCIES.get(i)).map(|(_, f)| *f);

    // nth weekdays of the month
    if text.contains("месяц") {
        if let Some(c) = NTH_WEEKDAY.captures(text) {
            let ords: Vec<i32> = c
                .get(1)
                .map(|m| m.as_str())
                .unwrap_or("")
                .split(|ch: char| ch == ',' || ch.is_whitespace())
                .filter(|w| !w.is_empty() && *w != "и")
                .filter_map(ordinal)
                .collect();
            if !ords.is_empty() {
                let day = weekday_code(c.get(2).map_or("", |m| m.as_str()));
                let byday: Vec<String> = ords.iter().map(|n| format!("{n}{day}")).collect();
                return Some(Recurrence { rrule: format!("FREQ=MONTHLY;BYDAY={}", byday.join(",")), note });
            }
        }
    }
    let weekly_day = WEEKLY_DAY.captures(text).or_else(|| (frequency == Some("FREQ=WEEKLY")).then(|| ANY_WEEKDAY.captures(text)).flatten());
    if let Some(c) = weekly_day {
        let day = weekday_code(c.get(1).map_or("", |m| m.as_str()));
        return Some(Recurrence { rrule: format!("FREQ=WEEKLY;BYDAY={day}"), note });
    }
    frequency.map(|f| {
        let day = if f.starts_with("FREQ=MONTHLY") { month_day(text) } else { None };
        let rrule = match day {
            Some(d) => format!("{f};BYMONTHDAY={d}"),
            None if f == "FREQ=YEARLY" => format!("{f}{}", day_of_year(text)),
            None => f.to_string(),
        };
        Recurrence { rrule, note }
    })
}

/// «ежегодно до 20 декабря»: the month and day a yearly rule falls on, as RRULE parts.
fn day_of_year(text: &str) -> String {
    use crate::scan::{Token, Unit};
    let spans = crate::scan::tokens(text).into_iter().filter_map(|t| match t {
        Token::Span(s) => Some(s.unit),
        _ => None,
    });
    for unit in spans {
        match unit {
            Unit::Day { day, month } if (1..=12).contains(&month) && (1..=31).contains(&day) => {
                return format!(";BYMONTH={month};BYMONTHDAY={day}")
            }
            Unit::Month(month) if (1..=12).contains(&month) => return format!(";BYMONTH={month}"),
            _ => {}
        }
    }
    String::new()
}

/// The day of the month a monthly rule falls on: 1 to 31, or -1 for the last.
fn month_day(text: &str) -> Option<i32> {
    let c = MONTH_DAY.captures(text)?;
    if c.get(2).is_some() {
        return Some(-1);
    }
    c.get(1)?.as_str().parse().ok().filter(|d| (1..=31).contains(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(text: &str) -> Option<String> {
        detect(&crate::scan::prepare(text)).map(|r| r.rrule)
    }

    #[test]
    fn frequencies() {
        assert_eq!(rule("Ежемесячно").as_deref(), Some("FREQ=MONTHLY"));
        assert_eq!(rule("ежеквартально").as_deref(), Some("FREQ=MONTHLY;INTERVAL=3"));
        assert_eq!(rule("ежедневно").as_deref(), Some("FREQ=DAILY"));
        assert_eq!(rule("ежегодно").as_deref(), Some("FREQ=YEARLY"));
        assert_eq!(rule("1 раз в полугодие").as_deref(), Some("FREQ=MONTHLY;INTERVAL=6"));
        assert_eq!(rule("В течение года"), None);
    }

    #[test]
    fn weekdays() {
        assert_eq!(rule("еженедельно по вторникам").as_deref(), Some("FREQ=WEEKLY;BYDAY=TU"));
        assert_eq!(rule("каждую пятницу").as_deref(), Some("FREQ=WEEKLY;BYDAY=FR"));
        assert_eq!(rule("Еженедельно, среда").as_deref(), Some("FREQ=WEEKLY;BYDAY=WE"));
        assert_eq!(rule("2 и 4 среда каждого месяца").as_deref(), Some("FREQ=MONTHLY;BYDAY=2WE,4WE"));
        assert_eq!(rule("в последний вторник месяца").as_deref(), Some("FREQ=MONTHLY;BYDAY=-1TU"));
        assert_eq!(rule("первый понедельник месяца").as_deref(), Some("FREQ=MONTHLY;BYDAY=1MO"));
    }

    #[test]
    fn days_of_the_month() {
        assert_eq!(rule("ежемесячно, до 5 числа").as_deref(), Some("FREQ=MONTHLY;BYMONTHDAY=5"));
        assert_eq!(rule("Ежемесячно 25-го числа").as_deref(), Some("FREQ=MONTHLY;BYMONTHDAY=25"));
        assert_eq!(rule("ежемесячно в последний день месяца").as_deref(), Some("FREQ=MONTHLY;BYMONTHDAY=-1"));
        assert_eq!(
            rule("ежеквартально, до 10 числа месяца, следующего за отчетным").as_deref(),
            Some("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=10")
        );
        assert_eq!(rule("ежемесячно до 40 числа").as_deref(), Some("FREQ=MONTHLY"));
        assert_eq!(rule("ежегодно до 20 декабря").as_deref(), Some("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=20"));
        assert_eq!(rule("ежегодно, до 01.04").as_deref(), Some("FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=1"));
        assert_eq!(rule("ежегодно в сентябре").as_deref(), Some("FREQ=YEARLY;BYMONTH=9"));
        assert_eq!(rule("еженедельно, 5 числа не проводится").as_deref(), Some("FREQ=WEEKLY"));
    }

    #[test]
    fn counts_per_period_become_a_note() {
        let r = detect("2 раза в месяц").unwrap();
        assert_eq!(r.rrule, "FREQ=MONTHLY");
        assert_eq!(r.note.as_deref(), Some("2 раза в месяц"));
        assert_eq!(detect("1 раз в месяц").unwrap().note, None);
    }
}
