//! Tokens of a deadline cell: dates, months, quarters, halves, school years and terms, school
//! holidays, seasons, parts and weeks of a month, clock times, bare day numbers, dashes, list
//! separators and the connectives «с», «по», «до», «по итогам».

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::Precision;
use roadmap_ascii::Shadow;

/// What a span token covers, before its year is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Day {
        day: u32,
        month: u32,
    },
    Month(u32),
    /// Whole months from `first` to `last`, into the next year when `last` comes earlier: the
    /// seasons («весна» March to May, «зима» December to February).
    Months {
        first: u32,
        last: u32,
    },
    /// Days `from..=to` of a month (`to` 0 = the month's last day): «вторая половина ноября»,
    /// «3 неделя сентября». Month 0 is the month of the section heading («вторая половина
    /// месяца», «3 неделя» under «СЕНТЯБРЬ»).
    MonthPart {
        month: u32,
        from: u32,
        to: u32,
    },
    Quarter(u32),
    Half(u32),
    Year,
    /// Whole years up to and including this one.
    YearsTo(i32),
    /// 1 September of the year to 31 May of this one: a school year named in a cell, its months
    /// of teaching.
    SchoolYearTo(i32),
    /// 1 September of the year to 31 August of this one: a school year that runs through the
    /// summer (a sports school's «тренировочный год»), or the plan's own school year named by its
    /// years («2019-2020 гг.» in the plan for 2019/2020).
    SchoolYearThroughSummerTo(i32),
    /// A school term or holidays on their conventional dates, (month, day) to (month, day);
    /// the year is that of the first day, the last day falls in the next year when its month
    /// comes earlier.
    School {
        name: &'static str,
        from: (u32, u32),
        to: (u32, u32),
    },
}

/// School terms and holidays on their conventional dates (each school's calendar fixes its
/// own): what, first day, last day.
pub(crate) const SCHOOL_TERMS: &[crate::SchoolTerm] = &[
    crate::SchoolTerm { name: "I четверть", first: (9, 1), last: (10, 31) },
    crate::SchoolTerm { name: "II четверть", first: (11, 1), last: (12, 31) },
    crate::SchoolTerm { name: "III четверть", first: (1, 1), last: (3, 31) },
    crate::SchoolTerm { name: "IV четверть", first: (4, 1), last: (5, 31) },
    crate::SchoolTerm { name: "I полугодие (семестр) учебного года", first: (9, 1), last: (12, 31) },
    crate::SchoolTerm { name: "II полугодие (семестр) учебного года", first: (1, 1), last: (5, 31) },
    crate::SchoolTerm { name: "осенние каникулы", first: (10, 25), last: (11, 7) },
    crate::SchoolTerm { name: "зимние каникулы", first: (12, 29), last: (1, 8) },
    crate::SchoolTerm { name: "весенние каникулы", first: (3, 21), last: (3, 31) },
    crate::SchoolTerm { name: "летние каникулы", first: (6, 1), last: (8, 31) },
    crate::SchoolTerm { name: "учебный год (месяцы учёбы)", first: (9, 1), last: (5, 31) },
];

/// The school term or holidays at `index` of [`SCHOOL_TERMS`] as a unit.
pub(crate) fn school_unit(index: usize) -> Unit {
    let term = &SCHOOL_TERMS[index.min(SCHOOL_TERMS.len() - 1)];
    Unit::School { name: term.name, from: term.first, to: term.last }
}

/// A span with the year the text gives, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub unit: Unit,
    pub year: Option<i32>,
    /// The year was written, not filled in.
    pub explicit: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token {
    Span(Span),
    /// A bare number that may be a day sharing the month of what follows («13-24.09.21»).
    Number(u32),
    Dash,
    Separator,
    From,
    /// «по»; `deadline`: it opens the cell right before a date («по 15 ноября»), a deadline.
    To {
        deadline: bool,
    },
    /// «до», «к», «не позднее»; `before_month`: the word («до», «к») that puts a whole month
    /// it precedes out («до июля» is by 30 June).
    Until {
        before_month: bool,
    },
    /// A clock time («10.00-11.00»): never a date; the day comes from elsewhere.
    Time,
    /// «по итогам», «по окончании»: just after what follows.
    After,
}

/// The token pattern ([`crate::token`]) spelled for prepared text's ASCII form (see
/// [`roadmap_ascii`]), at build time.
static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(include_str!(concat!(env!("OUT_DIR"), "/token.spelled"))).unwrap_or_else(|e| unreachable!("token pattern: {e}"))
});

/// A date whose year a line break splits: «20.12.20⏎21».
static SPLIT_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]{1,2}\s?\.\s?[0-9]{1,2}\s?\.\s?)([0-9]{1,3})[ \t]*\r?\n[ \t]*([0-9]{1,3})\b").unwrap_or_else(|e| unreachable!("{e}"))
});
static DIGIT_LETTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"([0-9])([а-яёa-z])").unwrap_or_else(|e| unreachable!("{e}")));
static LETTER_DIGIT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"([а-яёa-z])([0-9])").unwrap_or_else(|e| unreachable!("{e}")));

/// Lowercase, unify dashes and quotes, part digits from letters («2021г» → «2021 г»), and join a
/// date's year split by a line break («20.12.20⏎21» → «20.12.2021»).
pub(crate) fn prepare(text: &str) -> String {
    let joined = if text.contains('\n') {
        SPLIT_YEAR.replace_all(text, |c: &regex::Captures<'_>| {
            let (head, first, second) = (&c[1], &c[2], &c[3]);
            if first.len() + second.len() == 4 {
                format!("{head}{first}{second}")
            } else {
                c[0].to_string()
            }
        })
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let lower: String = joined
        .to_lowercase()
        .chars()
        .map(|c| match c {
            c if crate::is_dash(c) => '-',
            '«' | '»' | '"' | '“' | '”' | '„' => ' ',
            '\u{a0}' | '\t' | '\n' | '\r' => ' ',
            c => c,
        })
        .collect();
    let parted = DIGIT_LETTER.replace_all(&lower, "$1 $2");
    LETTER_DIGIT.replace_all(&parted, "$1 $2").into_owned()
}

fn month_number(name: &str) -> u32 {
    const PREFIXES: [(&str, u32); 12] = [
        ("янв", 1),
        ("фев", 2),
        ("мар", 3),
        ("апр", 4),
        ("ма", 5),
        ("июн", 6),
        ("июл", 7),
        ("авг", 8),
        ("сен", 9),
        ("окт", 10),
        ("ноя", 11),
        ("дек", 12),
    ];
    PREFIXES.iter().find(|(p, _)| name.starts_with(p)).map_or(0, |&(_, m)| m)
}

fn roman_or_digit(s: &str) -> u32 {
    match s {
        "i" | "1" => 1,
        "ii" | "2" => 2,
        "iii" | "3" => 3,
        "iv" | "4" => 4,
        s if s.starts_with("перв") => 1,
        s if s.starts_with("втор") => 2,
        s if s.starts_with("трет") => 3,
        s if s.starts_with("четв") => 4,
        "5" => 5,
        s if s.starts_with("пят") => 5,
        _ => 0,
    }
}

fn year_of(s: &str) -> Option<i32> {
    let y: i32 = s.parse().ok()?;
    Some(if s.len() == 2 {
        if y < 70 {
            2000 + y
        } else {
            1900 + y
        }
    } else {
        y
    })
}

fn span(unit: Unit, year: Option<i32>) -> Token {
    Token::Span(Span { unit, year, explicit: year.is_some() })
}

/// The tokens of prepared text, in order.
pub(crate) fn tokens(prepared: &str) -> Vec<Token> {
    let shadow = Shadow::of(prepared);
    tokens_in(&TOKEN, &shadow)
}

/// The tokens `token` finds in the text of `shadow`.
fn tokens_in(token: &Regex, shadow: &Shadow<'_>) -> Vec<Token> {
    let mut out = Vec::new();
    let mut previous_end = 0;
    // the last token is a «по» that opened the cell
    let mut po_opened_the_cell = false;
    for c in token.captures_iter(shadow.ascii()) {
        let (start, end) = c.get(0).map_or((previous_end, previous_end), |m| (m.start(), m.end()));
        let after_a_space = shadow.ascii().get(previous_end..start).is_some_and(|gap| gap.trim().is_empty());
        let opens_the_cell = shadow.ascii().get(..start).is_some_and(|before| before.trim().is_empty());
        previous_end = end;
        // a group's text in the prepared text
        let group = |name: &str| c.name(name).map(|m| shadow.original(m));
        let year = |name: &str| group(name).and_then(year_of);
        let num = |name: &str| group(name).and_then(|s| s.parse().ok()).unwrap_or(0);
        let day = |d: &str, m: &str| Unit::Day { day: num(d), month: num(m) };
        if let Some(items) = group("qitems") {
            let half = group("qkind").is_some_and(|k| k.starts_with("полугоди"));
            let list_year = year("qly");
            let mut words = items.split(|ch: char| ch == '-' || ch == ',' || ch.is_whitespace()).filter(|w| !w.is_empty()).peekable();
            let mut rest = items;
            while let Some(w) = words.next() {
                if w == "и" {
                    out.push(Token::Separator);
                    continue;
                }
                let n = roman_or_digit(w);
                let unit = if half { Unit::Half(n) } else { Unit::Quarter(n) };
                out.push(span(unit, if words.peek().is_none() { list_year } else { None }));
                let after = rest.find(w).map_or(rest.len(), |i| i + w.len());
                rest = &rest[after..];
                let gap = rest.trim_start();
                if gap.starts_with('-') {
                    out.push(Token::Dash);
                } else if gap.starts_with(',') {
                    out.push(Token::Separator);
                }
            }
            continue;
        }
        let token = if c.name("school").is_some() {
            let first = year("sy1").unwrap_or(0);
            let mut second = year("sy2").unwrap_or(first + 1);
            if second < 100 {
                second += first - first % 100;
            }
            let named = group("school").unwrap_or_default();
            let unit = if named.contains("тренировочн") || named.contains("академическ") {
                Unit::SchoolYearThroughSummerTo(second)
            } else {
                Unit::SchoolYearTo(second)
            };
            span(unit, Some(first))
        } else if c.name("iso").is_some() {
            span(day("id", "im"), year("iy"))
        } else if c.name("dmy").is_some() {
            span(day("d1", "m1"), year("y1").or(year("y1s")))
        } else if c.name("dmys").is_some() {
            span(day("ds", "ms"), year("ys"))
        } else if c.name("dmy2").is_some() {
            span(day("d2", "m2"), year("y2"))
        } else if c.name("dmy3").is_some() {
            span(day("d3", "m3"), year("y3"))
        } else if c.name("dm").is_some() {
            span(day("d4", if c.name("m4").is_some() { "m4" } else { "m4s" }), None)
        } else if let Some(m) = group("mn5") {
            span(Unit::Day { day: num("d5"), month: month_number(m) }, year("y5"))
        } else if let Some(m) = group("mn6") {
            let month = month_number(m);
            let (from, to) = if c.name("pbeg").is_some() {
                (1, 10)
            } else if c.name("pmid").is_some() {
                (11, 20)
            } else if c.name("pend").is_some() {
                (21, 0)
            } else {
                let ord = roman_or_digit(group("pord").or(group("pnum")).unwrap_or_default());
                match (group("pkind"), ord) {
                    (Some("половин"), 1) => (1, 15),
                    (Some("половин"), _) => (16, 0),
                    (_, 1) => (1, 10),
                    (_, 2) => (11, 20),
                    _ => (21, 0),
                }
            };
            span(Unit::MonthPart { month, from, to }, year("y6"))
        } else if let Some(n) = group("tn") {
            match roman_or_digit(n) {
                n @ 1..=4 => span(school_unit(n as usize - 1), None),
                _ => continue,
            }
        } else if let Some(n) = group("sn") {
            match roman_or_digit(n) {
                n @ 1..=2 => span(school_unit(n as usize + 3), None),
                _ => continue,
            }
        } else if c.name("holidays").is_some() {
            match group("season") {
                Some("осенн") => span(school_unit(6), None),
                Some("зимн") => span(school_unit(7), None),
                Some("весенн") => span(school_unit(8), None),
                Some(_) => span(school_unit(9), None),
                None => {
                    // every holidays of the school year, in order
                    for index in 6..=9 {
                        if index > 6 {
                            out.push(Token::Separator);
                        }
                        out.push(span(school_unit(index), None));
                    }
                    continue;
                }
            }
        } else if c.name("after").is_some() {
            out.push(Token::After);
            if c.name("after_school").is_some() {
                out.push(span(school_unit(10), None));
            } else if c.name("after_year").is_some() {
                out.push(span(Unit::Year, None));
            }
            continue;
        } else if c.name("quarter").is_some() {
            span(Unit::Quarter(roman_or_digit(group("q").unwrap_or_default())), year("qy"))
        } else if c.name("half").is_some() {
            span(Unit::Half(roman_or_digit(group("h").unwrap_or_default())), year("hy"))
        } else if let Some(m) = group("mn7") {
            span(Unit::Month(month_number(m)), year("y7"))
        } else if c.name("yrange").is_some() {
            span(Unit::YearsTo(year("yr2").unwrap_or(0)), year("yr1"))
        } else if c.name("year").is_some() {
            span(Unit::Year, year("yr"))
        } else if let Some(m) = group("num") {
            Token::Number(m.parse().unwrap_or(0))
        } else if c.name("time").is_some() {
            Token::Time
        } else if let Some(n) = group("wk1") {
            // week n: days 7n-6 to 7n; the fourth and fifth run to the month's end
            let first = roman_or_digit(n);
            let last = group("wk2").map_or(first, roman_or_digit);
            if !(1..=5).contains(&first) || !(first..=5).contains(&last) {
                continue;
            }
            span(Unit::MonthPart { month: 0, from: 7 * first - 6, to: if last >= 4 { 0 } else { 7 * last } }, None)
        } else if let Some(season) = group("seasons") {
            let (first, last) = if season.starts_with("вес") {
                (3, 5)
            } else if season.starts_with("лет") {
                (6, 8)
            } else if season.starts_with("осен") {
                (9, 11)
            } else {
                (12, 2)
            };
            span(Unit::Months { first, last }, None)
        } else if c.name("dash").is_some() {
            Token::Dash
        } else if c.name("sep").is_some() {
            Token::Separator
        } else if let Some(until) = group("until") {
            Token::Until { before_month: !until.starts_with("не") }
        } else if c.name("from").is_some() {
            Token::From
        } else {
            Token::To { deadline: false }
        };
        if let (Some(Token::To { deadline }), true) = (out.last_mut(), po_opened_the_cell) {
            *deadline = after_a_space && matches!(token, Token::Span(_) | Token::Number(_));
        }
        po_opened_the_cell = matches!(token, Token::To { .. }) && opens_the_cell;
        // «3 неделя сентября»: a part of a month that names none takes the month right after it
        if let (Some(Token::Span(part)), Token::Span(Span { unit: Unit::Month(month), year, explicit })) = (out.last_mut(), &token) {
            if let Unit::MonthPart { month: unset @ 0, .. } = &mut part.unit {
                *unset = *month;
                (part.year, part.explicit) = (*year, *explicit);
                continue;
            }
        }
        out.push(token);
    }
    out
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 { (year + 1, 1) } else { (year, month + 1) };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

impl Span {
    /// First and last day of the span in `year`; `None` for an impossible date.
    pub(crate) fn bounds(&self, year: i32) -> Option<(NaiveDate, NaiveDate)> {
        let month_span = |m: u32| Some((NaiveDate::from_ymd_opt(year, m, 1)?, last_day_of_month(year, m)?));
        match self.unit {
            Unit::Day { day, month } => {
                let d = NaiveDate::from_ymd_opt(year, month, day)?;
                Some((d, d))
            }
            Unit::Month(m) => month_span(m),
            Unit::Months { first, last } => {
                let last_year = if last < first { year + 1 } else { year };
                Some((month_span(first)?.0, last_day_of_month(last_year, last)?))
            }
            Unit::MonthPart { month, from, to } => {
                let last = last_day_of_month(year, month)?;
                let end = if to == 0 { last } else { NaiveDate::from_ymd_opt(year, month, to)? };
                Some((NaiveDate::from_ymd_opt(year, month, from)?, end))
            }
            Unit::Quarter(q) if (1..=4).contains(&q) => Some((month_span(q * 3 - 2)?.0, month_span(q * 3)?.1)),
            Unit::Half(h) if (1..=2).contains(&h) => Some((month_span(h * 6 - 5)?.0, month_span(h * 6)?.1)),
            Unit::Quarter(_) | Unit::Half(_) => None,
            Unit::Year => Some((NaiveDate::from_ymd_opt(year, 1, 1)?, NaiveDate::from_ymd_opt(year, 12, 31)?)),
            Unit::YearsTo(last) => Some((NaiveDate::from_ymd_opt(year, 1, 1)?, NaiveDate::from_ymd_opt(last, 12, 31)?)),
            Unit::SchoolYearTo(last) => Some((NaiveDate::from_ymd_opt(year, 9, 1)?, NaiveDate::from_ymd_opt(last, 5, 31)?)),
            Unit::SchoolYearThroughSummerTo(last) => Some((NaiveDate::from_ymd_opt(year, 9, 1)?, NaiveDate::from_ymd_opt(last, 8, 31)?)),
            Unit::School { from, to, .. } => {
                let end_year = if to.0 < from.0 { year + 1 } else { year };
                Some((NaiveDate::from_ymd_opt(year, from.0, from.1)?, NaiveDate::from_ymd_opt(end_year, to.0, to.1)?))
            }
        }
    }

    pub(crate) fn precision(&self) -> Precision {
        match self.unit {
            Unit::Day { .. } | Unit::MonthPart { .. } | Unit::School { .. } => Precision::Day,
            Unit::Month(_) | Unit::Months { .. } | Unit::SchoolYearTo(_) | Unit::SchoolYearThroughSummerTo(_) => Precision::Month,
            Unit::Quarter(_) => Precision::Quarter,
            Unit::Half(_) => Precision::HalfYear,
            Unit::Year | Unit::YearsTo(_) => Precision::Year,
        }
    }

    /// A bare day number takes the month of a following day-level span.
    pub(crate) fn day_sharing_month(day: u32, with: &Span) -> Option<Span> {
        match with.unit {
            Unit::Day { month, .. } => Some(Span { unit: Unit::Day { day, month }, ..*with }),
            Unit::Month(month) => Some(Span { unit: Unit::Day { day, month }, ..*with }),
            _ => None,
        }
    }

    /// The month the span starts in, for telling an autumn-to-spring span.
    pub(crate) fn start_month(&self) -> u32 {
        match self.unit {
            Unit::Day { month, .. } | Unit::Month(month) | Unit::MonthPart { month, .. } | Unit::Months { first: month, .. } => month,
            Unit::Quarter(q) => q * 3 - 2,
            Unit::Half(h) => h * 6 - 5,
            Unit::Year | Unit::YearsTo(_) => 1,
            Unit::SchoolYearTo(_) | Unit::SchoolYearThroughSummerTo(_) => 9,
            Unit::School { from, .. } => from.0,
        }
    }

    /// A whole year: a calendar year, or a school year named with its years.
    pub(crate) fn is_year(&self) -> bool {
        matches!(self.unit, Unit::Year | Unit::SchoolYearTo(_) | Unit::SchoolYearThroughSummerTo(_))
    }
}

/// The year of a date, for callers that only hold a date.
pub(crate) fn year_end(date: NaiveDate) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(date.year(), 12, 31)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Pieces of deadline text, and characters that test the spelling's classes.
    const PIECES: &[&str] = &[
        " ",
        "  ",
        ".",
        ". ",
        ",",
        "-",
        "/",
        ";",
        "«",
        "»",
        "\u{a0}",
        "\u{2009}",
        "—",
        "№",
        "é",
        "ї",
        "ß",
        "x",
        "a",
        "c",
        "i",
        "v",
        "iv",
        "ii",
        "0",
        "1",
        "2",
        "3",
        "4",
        "05",
        "12",
        "13",
        "21",
        "31",
        "2021",
        "2022",
        "1999",
        "гг",
        "г",
        "год",
        "года",
        "уч",
        "учебного",
        "январь",
        "янв",
        "февр",
        "мая",
        "маем",
        "сент",
        "декабря",
        "начало",
        "середина",
        "конец",
        "второй",
        "половина",
        "декада",
        "й",
        "я",
        "ая",
        "го",
        "е",
        "четверть",
        "семестр",
        "полугодие",
        "квартал",
        "кв",
        "осенние",
        "каникулы",
        "по",
        "итогам",
        "до",
        "не",
        "позднее",
        "в",
        "срок",
        "к",
        "с",
        "со",
        "начиная",
        "и",
        "ё",
        "её",
        "Ж",
        "подо",
        "кино",
        "сi",
        "кон",
        "ц",
        "четв",
        "рт",
        "отч",
        "тного",
        "результатам",
        ":",
        "..",
        "00",
        "30",
        "59",
        "ч",
        "час",
        "неделя",
        "недели",
        "неделе",
        "месяца",
        "пятая",
        "весна",
        "лета",
        "осенью",
        "зимний",
        "период",
        "тренировочный",
        "академический",
        "позже",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// The pattern spelled in ASCII finds in the spelled text the tokens the pattern written
        /// for the text finds in it.
        #[test]
        fn ascii_spelling_finds_what_the_pattern_for_the_text_finds(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..16),
            letters in "[а-яё .0-9-]{0,8}",
            noise in "\\PC{0,6}",
        ) {
            static UNICODE: LazyLock<Regex> = LazyLock::new(|| Regex::new(&crate::token::pattern()).unwrap());
            let text = prepare(&format!("{}{letters}{noise}", pieces.concat()));
            prop_assert_eq!(tokens(&text), tokens_in(&UNICODE, &Shadow::unchanged(&text)), "{}", text);
        }
    }

    fn spans(text: &str) -> Vec<Token> {
        tokens(&prepare(text))
    }

    #[test]
    fn written_dates() {
        let d = |day, month, year| Token::Span(Span { unit: Unit::Day { day, month }, year: Some(year), explicit: true });
        assert_eq!(spans("16.12. 2021 г."), vec![d(16, 12, 2021)]);
        assert_eq!(spans("13.09.21"), vec![d(13, 9, 2021)]);
        assert_eq!(spans("«10» 06 2021 г."), vec![d(10, 6, 2021)]);
        assert_eq!(spans("28 ФЕВ 2022"), vec![d(28, 2, 2022)]);
        assert_eq!(spans("2021-09-01"), vec![d(1, 9, 2021)]);
        assert_eq!(spans("от18.01.2021г."), vec![d(18, 1, 2021)]);
    }

    #[test]
    fn clock_times_are_never_dates() {
        for text in ["10.00", "14:00", "19..30", "11-00", "9.30", "12.30", "10.10 ч.", "10:10"] {
            assert_eq!(spans(text), vec![Token::Time], "{text}");
        }
        // a time that could be a day and a month is a date without an hour word
        assert!(matches!(spans("10.10").as_slice(), [Token::Span(_)]));
        assert!(matches!(spans("20.11.2018 в 10.00ч.").as_slice(), [Token::Span(_), Token::Time]));
    }

    #[test]
    fn a_year_split_by_a_line_break_is_joined() {
        assert_eq!(prepare("20.12.20\n21"), "20.12.2021");
        assert_eq!(prepare("до 20.12.2\r\n021 г."), "до 20.12.2021 г.");
        assert_eq!(prepare("20.12.20\n1 раз"), "20.12.20 1 раз", "a line of its own is not a year's end");
    }

    #[test]
    fn month_names_in_any_case_and_abbreviated() {
        for (text, month) in [("января", 1), ("Сент.", 9), ("окт", 10), ("мае", 5), ("МАРТА", 3), ("дек.", 12)] {
            assert_eq!(spans(text), vec![Token::Span(Span { unit: Unit::Month(month), year: None, explicit: false })], "{text}");
        }
        assert!(spans("декада").is_empty());
        assert!(spans("маршрут").is_empty());
    }
}
