//! Russian deadline text → a normalized [`Deadline`]. Pure: no I/O, no clock.
//!
//! In: one deadline cell as printed («До 16.12. 2021 г.», «Сентябрь-декабрь 2021»,
//! «Еженедельно по четвергам С 10.02.2022 По 23.06.2022») and a [`Context`]: the plan's period
//! (a calendar year, a school year that runs from September to August, or several calendar
//! years), used for text that names no year; the order's own date, for spans counted from it
//! («в течение 10 дней со дня подписания»); the month or day of the section heading in a plan
//! laid out by months or by date rows, and whether the row opens its table's months (an August
//! that prepares the school year). Out: a [`Deadline`]: its [`Kind`], the whole span it covers, its precision,
//! the periods and days of a list, an RFC 5545 `RRULE` for recurrences, whether the year was
//! inferred, a note with what the text adds, and warnings for contradictions.
//!
//! The reading is done in three steps: [`scan`](crate::scan) turns the text into tokens
//! (dates, months, quarters, halves, school years, parts of a month, dashes, «с/по/до»);
//! the grammar groups them into items (a single span, a range, a deadline, an open start);
//! the result is composed from the items and the keywords of recurrences, «в течение года»,
//! «по графику» and «по мере необходимости».
//!
//! In a school-year plan a month without a year takes the year it falls in: «сентябрь» of
//! 2021/2022 is 2021-09, «28.01» and «март-май» are 2022. School terms («II четверть»,
//! «I семестр», the school year's halves, «осенние каникулы») have conventional dates, said
//! in the `note` (the README lists them).
//!
//! Impossible dates (31.09) are never dates: the result is [`Kind::Unknown`] with a warning.
//! A range whose end precedes its start is read as a school year when it runs from autumn to
//! spring (with a warning), and is `unknown` otherwise.
//!
//! ```
//! use roadmap_dates::{normalize, Kind};
//! let d = normalize("До 16.12. 2021 г.", Some(2022));
//! assert_eq!(d.kind, Kind::Deadline);
//! assert_eq!(d.end.map(|e| e.to_string()).as_deref(), Some("2021-12-16"));
//! let r = normalize("2 и 4 среда каждого месяца", Some(2021));
//! assert_eq!(r.rrule.as_deref(), Some("FREQ=MONTHLY;BYDAY=2WE,4WE"));
//! ```

mod compose;
mod recurrence;
mod scan;
#[cfg(test)]
mod token;

use chrono::NaiveDate;

/// What sort of deadline a cell states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One day.
    Date,
    /// One continuous span: a month, a quarter, a range of days or months.
    Period,
    /// «до …», «не позднее …»: only an end.
    Deadline,
    /// Several days or spans.
    Multiple,
    /// A repetition (`rrule`), bounded by `periods` or by the plan year.
    Recurring,
    /// The whole plan period: «в течение года», «постоянно».
    Throughout,
    /// «по графику»: dates are in another document.
    BySchedule,
    /// «по мере необходимости», «по запросу».
    OnDemand,
    /// Counted from an event whose date is not known: «в течение 10 дней со дня подписания»
    /// when the order's date is not known. `note` says what it counts from.
    Relative,
    /// Nothing could be read, or the text contradicts itself.
    Unknown,
}

impl Kind {
    /// The contract's name for the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Date => "date",
            Kind::Period => "period",
            Kind::Deadline => "deadline",
            Kind::Multiple => "multiple",
            Kind::Recurring => "recurring",
            Kind::Throughout => "throughout",
            Kind::BySchedule => "by_schedule",
            Kind::OnDemand => "on_demand",
            Kind::Relative => "relative",
            Kind::Unknown => "unknown",
        }
    }
}

/// How fine the span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    Day,
    Month,
    Quarter,
    HalfYear,
    Year,
}

impl Precision {
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Quarter => "quarter",
            Precision::HalfYear => "half_year",
            Precision::Year => "year",
        }
    }
}

/// A contradiction or a correction the reader should know about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// `deadline.end_before_start`, `deadline.impossible_date`, `deadline.unreadable`, from
    /// the one list of codes.
    pub code: roadmap_codes::Code,
    pub message: String,
}

/// A normalized deadline cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub kind: Kind,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub precision: Option<Precision>,
    pub periods: Vec<(NaiveDate, NaiveDate)>,
    pub dates: Vec<NaiveDate>,
    pub rrule: Option<String>,
    pub year_inferred: bool,
    pub note: Option<String>,
    pub warnings: Vec<Warning>,
}

impl Deadline {
    fn empty(kind: Kind) -> Self {
        Deadline {
            kind,
            start: None,
            end: None,
            precision: None,
            periods: Vec::new(),
            dates: Vec::new(),
            rrule: None,
            year_inferred: false,
            note: None,
            warnings: Vec::new(),
        }
    }
}

/// A dash as tables write it: the hyphen-minus and its typographic kin («–», «—», «−», …),
/// all read as `-`.
pub fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‐' | '‑' | '‒' | '−' | '―')
}

/// Normalize one deadline cell. `plan_year` stands in for a year the text does not name.
pub fn normalize(text: &str, plan_year: Option<i32>) -> Deadline {
    compose::normalize(text, &Context { period: plan_year.map(PlanPeriod::Year), ..Context::default() })
}

/// Normalize one deadline cell read in its plan's context.
pub fn normalize_in(text: &str, context: &Context) -> Deadline {
    compose::normalize(text, context)
}

/// What a deadline cell is read against.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Context {
    /// The period the plan covers: it gives a year to text that names none.
    pub period: Option<PlanPeriod>,
    /// The order's own date, for spans counted from its signing or publication.
    pub document_date: Option<NaiveDate>,
    /// The month (1–12) of the section heading the row stands under, in a plan laid out by
    /// months («СЕНТЯБРЬ»): «в течение месяца», «3 неделя», «вторая половина месяца», bare days
    /// «1-10» and an empty cell are of that month.
    pub month: Option<u32>,
    /// The day of the section heading the row stands under, in a plan laid out by date rows
    /// («23 марта», read by [`day_heading`]): a cell that names no date of its own (a clock time
    /// «10.00-11.00», «в течение дня», «по доп. графику», an empty cell) is that day. Its month
    /// stands for [`Context::month`] when that is not given.
    pub day: Option<SectionDay>,
    /// The row comes before the other months of its table: no row above it in the table names
    /// a month other than August (by its deadline cell or its section heading). In a school
    /// year, an August such a row names (a cell whose first span is August, or the section
    /// heading «АВГУСТ») is the August that prepares the year, before the period starts, not the
    /// August that ends it.
    pub opens_school_year: bool,
}

impl Context {
    /// The year a month without one falls in, in the plan's period: an August that opens a
    /// school year's table ([`Context::opens_school_year`]) is the first year's; `None` without
    /// a period.
    pub fn year_of_month(&self, month: u32) -> Option<i32> {
        Some(match self.period? {
            PlanPeriod::SchoolYear(first) if month == 8 && self.opens_school_year => first,
            period => period.year_of_month(month),
        })
    }

    /// The section's month: [`Context::month`], else the month of [`Context::day`].
    pub(crate) fn section_month(&self) -> Option<u32> {
        self.month.or(self.day.map(|d| d.month)).filter(|m| (1..=12).contains(m))
    }

    /// The section's month as days, in the plan's period.
    pub(crate) fn section_month_bounds(&self) -> Option<(NaiveDate, NaiveDate)> {
        let month = self.section_month()?;
        let first = NaiveDate::from_ymd_opt(self.year_of_month(month)?, month, 1)?;
        Some((first, first.checked_add_months(chrono::Months::new(1))?.pred_opt()?))
    }

    /// The section's day, with its written year or the plan period's for its month.
    pub(crate) fn section_date(&self) -> Option<NaiveDate> {
        let day = self.day?;
        let year = match day.year {
            Some(year) => year,
            None => self.year_of_month(day.month)?,
        };
        NaiveDate::from_ymd_opt(year, day.month, day.day)
    }
}

/// A day a section heading names, its year when written: «23 марта», «24.03», «23 марта 2019 г.».
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SectionDay {
    pub month: u32,
    pub day: u32,
    pub year: Option<i32>,
}

/// The period a plan covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlanPeriod {
    /// A calendar year.
    Year(i32),
    /// The school year that starts on 1 September of this year and ends on 31 August of the
    /// next («учебный год», «тренировочный год» of a sports school, «академический год»).
    SchoolYear(i32),
    /// Calendar years from the first to the last, both whole: a programme «на 2013–2018 годы».
    Years(i32, i32),
    /// Whole months of one year, the first to the last: a summer plan «на летний период 2018
    /// года» (June to August).
    Months { year: i32, first: u32, last: u32 },
}

/// A plan's period as a user gives it (`--year`): «2021», «2021/2022» or «2013-2018», within
/// 1990–2100.
pub fn plan_period(text: &str) -> Result<PlanPeriod, String> {
    PlanPeriod::parse(text)
        .filter(|p| (1990..=2100).contains(&p.first_year()) && (1990..=2100).contains(&chrono::Datelike::year(&p.bounds().1)))
        .ok_or_else(|| {
            format!(
                "«{text}» is not a year from 1990 to 2100, a school year such as 2021/2022, years such as 2013-2018 (2021..2022) or months such as 2018-06..2018-08"
            )
        })
}

/// The day of a section heading as a user gives it (`--day`): «23.03», «23 марта», «23.03.2019».
pub fn section_day(text: &str) -> Result<SectionDay, String> {
    day_heading(text).ok_or_else(|| format!("«{text}» is not a day such as 23.03 or «23 марта»"))
}

impl PlanPeriod {
    /// «2021»; a school year «2021/2022», «2021-2022», «2021/22» (the second year follows the
    /// first); several calendar years «2013-2018» (the last at least two after the first) or
    /// «2021..2022» (any span of years); months of one year «2018-06..2018-08».
    pub fn parse(text: &str) -> Option<PlanPeriod> {
        let text = text.trim();
        let year = |s: &str| s.trim().parse::<i32>().ok().filter(|y| (1900..=2200).contains(y));
        if let Some((first, last)) = text.split_once("..") {
            // months of one year: «2018-06..2018-08»
            let month = |s: &str| -> Option<(i32, u32)> {
                let (y, m) = s.trim().split_once('-')?;
                Some((year(y)?, m.parse().ok().filter(|m| (1..=12).contains(m))?))
            };
            if let (Some((y1, m1)), Some((y2, m2))) = (month(first), month(last)) {
                return (y1 == y2 && m1 <= m2).then_some(PlanPeriod::Months { year: y1, first: m1, last: m2 });
            }
            let (first, last) = (year(first)?, year(last)?);
            return (last > first).then_some(PlanPeriod::Years(first, last));
        }
        match text.split_once(|c: char| c == '/' || is_dash(c)) {
            None => year(text).map(PlanPeriod::Year),
            Some((first, second)) => {
                let first = year(first)?;
                let second: i32 = second.trim().parse().ok()?;
                let second = if second < 100 { first - first % 100 + second } else { second };
                if second == first + 1 {
                    Some(PlanPeriod::SchoolYear(first))
                } else if second > first + 1 && second <= 2200 && !text.contains('/') {
                    Some(PlanPeriod::Years(first, second))
                } else {
                    None
                }
            }
        }
    }

    /// The first and last day of the period.
    pub fn bounds(self) -> (NaiveDate, NaiveDate) {
        let day = |y: i32, m: u32, d: u32| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        match self {
            PlanPeriod::Year(y) => (day(y, 1, 1), day(y, 12, 31)),
            PlanPeriod::SchoolYear(y) => (day(y, 9, 1), day(y + 1, 8, 31)),
            PlanPeriod::Years(first, last) => (day(first, 1, 1), day(last, 12, 31)),
            PlanPeriod::Months { year, first, last } => {
                let after = if last >= 12 { day(year + 1, 1, 1) } else { day(year, last + 1, 1) };
                (day(year, first, 1), after.pred_opt().unwrap_or_default())
            }
        }
    }

    /// The calendar year a month without a year falls in: in a school year September to
    /// December are its first year and January to August its second; in a span of years, the
    /// first year (the text names no particular one).
    pub fn year_of_month(self, month: u32) -> i32 {
        match self {
            PlanPeriod::Year(y) | PlanPeriod::Years(y, _) | PlanPeriod::Months { year: y, .. } => y,
            PlanPeriod::SchoolYear(y) if month >= 9 => y,
            PlanPeriod::SchoolYear(y) => y + 1,
        }
    }

    /// The year the period starts in.
    pub fn first_year(self) -> i32 {
        match self {
            PlanPeriod::Year(y) | PlanPeriod::SchoolYear(y) | PlanPeriod::Years(y, _) | PlanPeriod::Months { year: y, .. } => y,
        }
    }

    /// «2021», «2021/2022», «2013-2018» or «2018-06..2018-08».
    pub fn label(self) -> String {
        match self {
            PlanPeriod::Year(y) => y.to_string(),
            PlanPeriod::SchoolYear(y) => format!("{y}/{}", y + 1),
            PlanPeriod::Years(first, last) => format!("{first}-{last}"),
            PlanPeriod::Months { year, first, last } => format!("{year}-{first:02}..{year}-{last:02}"),
        }
    }
}

/// The month a heading names, in a plan laid out by months: a section heading that names only
/// a month («Сентябрь», «ОКТЯБРЬ 2021 г.», «Ноябрь месяц»), or a caption of a plan «на» a month
/// («План работы школы на сентябрь 2015/2016 учебного года»).
pub fn month_heading(text: &str) -> Option<u32> {
    let prepared = scan::prepare(text);
    if prepared.split_whitespace().count() > 4 {
        let on_month = prepared.split_whitespace().collect::<Vec<_>>().windows(2).find_map(|pair| match pair {
            ["на", word] => match scan::tokens(word).as_slice() {
                [scan::Token::Span(scan::Span { unit: scan::Unit::Month(m), .. })] => Some(*m),
                _ => None,
            },
            _ => None,
        });
        return on_month.filter(|m| (1..=12).contains(m));
    }
    match scan::tokens(&prepared).as_slice() {
        [scan::Token::Span(s)] | [scan::Token::Span(s), scan::Token::Span(scan::Span { unit: scan::Unit::Year, .. })] => match s.unit {
            scan::Unit::Month(m) if (1..=12).contains(&m) => Some(m),
            _ => None,
        },
        _ => None,
    }
}

/// The day a heading names, in a plan laid out by date rows: a section heading that names only a
/// day of a month («23 марта», «23марта», «Суббота, 23 марта», «24.03», «24.03.2019»). A day that
/// no month has (31.04, or 29.02 of a year that is not leap) is none.
pub fn day_heading(text: &str) -> Option<SectionDay> {
    let prepared = scan::prepare(text);
    if prepared.split_whitespace().count() > 5 {
        return None;
    }
    let tokens: Vec<scan::Token> = scan::tokens(&prepared).into_iter().filter(|t| *t != scan::Token::Separator).collect();
    match tokens.as_slice() {
        [scan::Token::Span(scan::Span { unit: scan::Unit::Day { day, month }, year, .. })] => {
            // a year-less day must exist in some year: 29.02 does, 31.04 does not
            NaiveDate::from_ymd_opt(year.unwrap_or(2000), *month, *day)?;
            Some(SectionDay { month: *month, day: *day, year: *year })
        }
        _ => None,
    }
}

/// A school term or holidays on its conventional dates (each school sets its own calendar, so
/// a deadline read from one of these says so in its `note`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SchoolTerm {
    pub name: &'static str,
    /// First day, as (month, day).
    pub first: (u32, u32),
    /// Last day, as (month, day); in the next year when its month comes earlier.
    pub last: (u32, u32),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_days() {
        let day = |month, day, year| Some(SectionDay { month, day, year });
        assert_eq!(day_heading("23 марта"), day(3, 23, None));
        assert_eq!(day_heading("23марта"), day(3, 23, None));
        assert_eq!(day_heading("Суббота, 23 марта"), day(3, 23, None));
        assert_eq!(day_heading("24.03.2019"), day(3, 24, Some(2019)));
        assert_eq!(day_heading("29.02"), day(2, 29, None));
        assert_eq!(day_heading("31.04"), None);
        assert_eq!(day_heading("МАРТ"), None);
        assert_eq!(day_heading("23 марта и 24 марта"), None);
        assert_eq!(day_heading("Мероприятия к 8 марта для воспитанников центра"), None);
    }

    #[test]
    fn plan_periods() {
        assert_eq!(PlanPeriod::parse("2013-2018"), Some(PlanPeriod::Years(2013, 2018)));
        assert_eq!(PlanPeriod::parse("2021..2022"), Some(PlanPeriod::Years(2021, 2022)));
        assert_eq!(PlanPeriod::parse("2021-2022"), Some(PlanPeriod::SchoolYear(2021)));
        assert_eq!(PlanPeriod::parse("2018/2013"), None);
        assert_eq!(PlanPeriod::parse("2013/2018"), None);
        assert_eq!(PlanPeriod::Years(2013, 2018).label(), "2013-2018");
        let bounds = PlanPeriod::Years(2013, 2018).bounds();
        assert_eq!((bounds.0.to_string(), bounds.1.to_string()), ("2013-01-01".into(), "2018-12-31".into()));
        // a summer: «постоянно» and «1 раз в день» run over its three months
        let summer = PlanPeriod::Months { year: 2018, first: 6, last: 8 };
        assert_eq!(summer.label(), "2018-06..2018-08");
        assert_eq!(PlanPeriod::parse(&summer.label()), Some(summer));
        assert_eq!(PlanPeriod::parse("2018-08..2018-06"), None);
        assert_eq!(PlanPeriod::parse("2018-06..2019-08"), None);
        let bounds = summer.bounds();
        assert_eq!((bounds.0.to_string(), bounds.1.to_string()), ("2018-06-01".into(), "2018-08-31".into()));
        let within = Context { period: Some(summer), ..Context::default() };
        for text in ["Постоянно", "1 раз в день"] {
            let d = normalize_in(text, &within);
            assert_eq!(
                (d.start.map(|d| d.to_string()), d.end.map(|d| d.to_string())),
                (Some("2018-06-01".into()), Some("2018-08-31".into())),
                "{text}"
            );
        }
        assert_eq!(normalize_in("июль", &within).start.map(|d| d.to_string()).as_deref(), Some("2018-07-01"));
        let december = PlanPeriod::Months { year: 2019, first: 12, last: 12 }.bounds();
        assert_eq!(december.1.to_string(), "2019-12-31");
    }
}
