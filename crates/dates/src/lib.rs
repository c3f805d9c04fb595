//! Russian deadline text → a normalized [`Deadline`]. Pure: no I/O, no clock.
//!
//! In: one deadline cell as printed («До 16.12. 2021 г.», «Сентябрь-декабрь 2021»,
//! «Еженедельно по четвергам С 10.02.2022 По 23.06.2022») and the plan year, used for text that
//! names no year. Out: a [`Deadline`]: its [`Kind`], the whole span it covers, its precision,
//! the periods and days of a list, an RFC 5545 `RRULE` for recurrences, whether the year was
//! inferred, a note with what the text adds, and warnings for contradictions.
//!
//! The reading is done in three steps: [`scan`](crate::scan) turns the text into tokens
//! (dates, months, quarters, halves, school years, parts of a month, dashes, «с/по/до»);
//! the grammar groups them into items (a single span, a range, a deadline, an open start);
//! the result is composed from the items and the keywords of recurrences, «в течение года»,
//! «по графику» and «по мере необходимости».
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
    /// `deadline.end_before_start`, `deadline.impossible_date`, `deadline.unreadable`.
    pub code: &'static str,
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
    compose::normalize(text, plan_year)
}
