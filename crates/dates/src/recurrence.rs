//! Recurrences as RFC 5545 `RRULE`s: «ежемесячно», «еженедельно по четвергам»,
//! «2 и 4 среда каждого месяца», «в последний вторник месяца», «2 раза в квартал», «2 р в год»,
//! «1 раз в четверть», «раз в 2 месяца», «Понедельник в 10.00».

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
/// «2 раза в месяц», «2 р. в год»: a count per period, kept as a note.
static TIMES_PER: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b([0-9]+|один|два|три|четыре)\s+раза?\s+в\s+(день|неделю|месяц|квартал|четверть|полугодие|полгода|год)"));
/// «раз в 2 месяца», «раз в 14 дней», «каждые 2 недели»: an interval.
static EVERY_N: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:раза?\s+в|кажды[ея])\s+([0-9]+|два|две|три|четыре|пять|шесть)\s+(дн|день|недел|месяц|год|лет)"));

/// «до 5 числа», «25-го числа», «в последний день месяца»: the day of the month.
static MONTH_DAY: LazyLock<Regex> =
    LazyLock::new(|| re(r"\b(?:([0-9]{1,2})(?:-?(?:го|е))?\s+числ[а-яё]*|(последн[а-яё]*)\s+(?:числ[а-яё]*|д(?:ень|ня|нём|нем)))"));

/// (pattern, FREQ part), checked in order. A school term
/// («четверть») is two to three months: its rule is every three, with a note.
const FREQUENCIES: &[(&str, &str)] = &[
    (r"ежедневн|кажд[а-яё]*\s+день|раза?\s+в\s+день", "FREQ=DAILY"),
    (r"еженедельн|кажд[а-яё]*\s+недел|раза?\s+в\s+неделю", "FREQ=WEEKLY"),
    (r"ежеквартальн|кажд[а-яё]*\s+квартал|раза?\s+в\s+квартал", "FREQ=MONTHLY;INTERVAL=3"),
    (r"ежечетвертн|кажд[а-яё]*\s+четверт|раза?\s+в\s+четверть", TERMLY),
    (r"раза?\s+в\s+(?:полугодие|полгода)|кажд[а-яё]*\s+полугоди", "FREQ=MONTHLY;INTERVAL=6"),
    (r"ежемесячн|кажд[а-яё]*\s+месяц|раза?\s+в\s+месяц", "FREQ=MONTHLY"),
    (r"ежегодн|кажд[а-яё]*\s+год|раза?\s+в\s+год", "FREQ=YEARLY"),
];

/// The rule of «1 раз в четверть».
const TERMLY: &str = "FREQ=MONTHLY;INTERVAL=3";

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
    let spelled_out = spell_out_times(text);
    let text = spelled_out.as_ref();
    let note = TIMES_PER
        .captures(text)
        .filter(|c| !matches!(c.get(1).map(|m| m.as_str()), Some("1" | "один")))
        .map(|c| c.get(0).map_or(String::new(), |m| m.as_str().to_string()));
    if let Some(rrule) = every_n(text) {
        return Some(Recurrence { rrule, note });
    }
    let frequency = FREQUENCY_SET.matches(text).iter().next().and_then(|i| FREQUENCIES.get(i)).map(|(_, f)| *f);
    let note = match (note, frequency == Some(TERMLY) && text.contains("четверт")) {
        (note, false) => note,
        (None, true) => Some("once a school term (четверть): the rule says every three months".to_string()),
        (Some(count), true) => Some(format!("{count}: the rule says every three months")),
    };

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

/// «2 р в год», «2 р. в месяц»: «раз» abbreviated, spelled out; «1 разв неделю», «2 разав год»:
/// the space before «в» left out, put back (a plain search first: a pattern for a one-letter
/// word would try every «р» of every cell).
fn spell_out_times(text: &str) -> std::borrow::Cow<'_, str> {
    const SPELLED: [(&str, &str); 4] = [(" р. в ", " раз в "), (" р в ", " раз в "), (" разв ", " раз в "), (" разав ", " раза в ")];
    if SPELLED.iter().any(|(short, _)| text.contains(short)) {
        std::borrow::Cow::Owned(SPELLED.iter().fold(text.to_string(), |text, (short, full)| text.replace(short, full)))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// «раз в 2 месяца»: a frequency with an interval.
fn every_n(text: &str) -> Option<String> {
    if !text.contains("раз") && !text.contains("кажд") {
        return None;
    }
    let c = EVERY_N.captures(text)?;
    let n: u32 = match c.get(1)?.as_str() {
        "два" | "две" => 2,
        "три" => 3,
        "четыре" => 4,
        "пять" => 5,
        "шесть" => 6,
        n => n.parse().ok().filter(|n| (1..=366).contains(n))?,
    };
    let unit = c.get(2)?.as_str();
    let frequency = if unit.starts_with("дн") || unit == "день" {
        "DAILY"
    } else if unit.starts_with("недел") {
        "WEEKLY"
    } else if unit.starts_with("месяц") {
        "MONTHLY"
    } else {
        "YEARLY"
    };
    Some(if n == 1 { format!("FREQ={frequency}") } else { format!("FREQ={frequency};INTERVAL={n}") })
}

/// A cell that starts with a weekday and names no date («Понедельник в 10.00», «среда,
/// пятница»): weekly on those days.
pub(crate) fn weekdays_alone(text: &str) -> Option<Recurrence> {
    let trimmed = text.trim_start();
    let first = ANY_WEEKDAY.find(trimmed).filter(|m| m.start() == 0)?;
    let mut days: Vec<&str> = Vec::new();
    for c in ANY_WEEKDAY.captures_iter(&trimmed[first.start()..]) {
        let day = weekday_code(c.get(1).map_or("", |m| m.as_str()));
        if !days.contains(&day) {
            days.push(day);
        }
    }
    Some(Recurrence { rrule: format!("FREQ=WEEKLY;BYDAY={}", days.join(",")), note: None })
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
        assert_eq!(rule("2 р в год").as_deref(), Some("FREQ=YEARLY"));
        assert_eq!(rule("1 разв неделю").as_deref(), Some("FREQ=WEEKLY"));
        assert_eq!(rule("2 разав месяц").as_deref(), Some("FREQ=MONTHLY"));
        assert_eq!(rule("не реже 2 раз в год").as_deref(), Some("FREQ=YEARLY"));
        assert_eq!(rule("1 раз в четверть").as_deref(), Some("FREQ=MONTHLY;INTERVAL=3"));
        assert_eq!(rule("раз в 2 месяца").as_deref(), Some("FREQ=MONTHLY;INTERVAL=2"));
        assert_eq!(rule("раз в 14 дней").as_deref(), Some("FREQ=DAILY;INTERVAL=14"));
        assert_eq!(rule("каждые две недели").as_deref(), Some("FREQ=WEEKLY;INTERVAL=2"));
    }

    #[test]
    fn weekdays_alone_are_weekly() {
        let alone = |text: &str| weekdays_alone(&crate::scan::prepare(text)).map(|r| r.rrule);
        assert_eq!(alone("Понедельник в 10.00").as_deref(), Some("FREQ=WEEKLY;BYDAY=MO"));
        assert_eq!(alone("среда, пятница").as_deref(), Some("FREQ=WEEKLY;BYDAY=WE,FR"));
        assert_eq!(alone("в среду"), None);
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
