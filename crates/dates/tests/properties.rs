//! Properties that hold for any input: no panic (in any context: the plan's period, a
//! section's month or day, an opening August), spans never run backwards, and the year is
//! inferred exactly when the text writes none.

use proptest::prelude::*;
use roadmap_dates::{normalize, normalize_in, Context, PlanPeriod, SectionDay};

const MONTHS: [&str; 12] =
    ["январь", "февраля", "марта", "апрель", "мая", "июнь", "июля", "август", "сентября", "октябрь", "ноября", "декабря"];

/// Deadline-like text: dates, months, ranges and prefixes, with or without a year.
fn phrase() -> impl Strategy<Value = (String, bool)> {
    let day = 1u32..=31;
    let month = 1u32..=12;
    let year = prop::option::of(2019i32..=2026);
    let prefix = prop::sample::select(vec!["", "до ", "не позднее ", "с ", "в течение ", "ежемесячно ", "по "]);
    let joiner = prop::sample::select(vec![" - ", "–", " по ", ", ", " и "]);
    (prefix, day.clone(), month.clone(), year, joiner, day, month, prop::bool::ANY).prop_map(
        |(prefix, d1, m1, y, joiner, d2, m2, by_name)| {
            let first = if by_name { format!("{d1} {}", MONTHS[(m1 - 1) as usize]) } else { format!("{d1:02}.{m1:02}") };
            let second = if by_name { format!("{d2} {}", MONTHS[(m2 - 1) as usize]) } else { format!("{d2:02}.{m2:02}") };
            let year_text = match y {
                Some(y) if by_name => format!(" {y} г."),
                Some(y) => format!(".{y}"),
                None => String::new(),
            };
            (format!("{prefix}{first}{joiner}{second}{year_text}"), y.is_some())
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_on_arbitrary_text(text in "\\PC{0,80}", year in prop::option::of(1900i32..2100)) {
        let _ = normalize(&text, year);
    }

    #[test]
    fn never_panics_on_digits_and_dashes(text in "[0-9.,/ \\-–a-zа-я]{0,40}") {
        let _ = normalize(&text, Some(2022));
    }

    #[test]
    fn never_panics_in_any_context(
        text in "[0-9.:,/ \\-–a-zа-я]{0,30}",
        first in 1990i32..2100,
        span in 0i32..12,
        kind in 0u8..3,
        month in prop::option::of(0u32..14),
        day in prop::option::of((0u32..14, 0u32..33, prop::option::of(1990i32..2100))),
        opens in prop::bool::ANY,
    ) {
        let period = match kind {
            0 => PlanPeriod::Year(first),
            1 => PlanPeriod::SchoolYear(first),
            _ => PlanPeriod::Years(first, first + span),
        };
        let day = day.map(|(month, day, year)| SectionDay { month, day, year });
        let context = Context { period: Some(period), month, day, opens_school_year: opens, ..Context::default() };
        let d = normalize_in(&text, &context);
        if let (Some(s), Some(e)) = (d.start, d.end) {
            prop_assert!(s <= e, "{text:?}: {s} > {e}");
        }
    }

    #[test]
    fn spans_never_run_backwards(text in "\\PC{0,60}", year in 2000i32..2040) {
        let d = normalize(&text, Some(year));
        if let (Some(s), Some(e)) = (d.start, d.end) {
            prop_assert!(s <= e, "{text:?}: {s} > {e}");
        }
        for (s, e) in &d.periods {
            prop_assert!(s <= e);
        }
    }

    #[test]
    fn generated_phrases_hold_their_invariants((text, has_year) in phrase()) {
        let d = normalize(&text, Some(2022));
        if let (Some(s), Some(e)) = (d.start, d.end) {
            prop_assert!(s <= e, "{text:?}: {s} > {e}");
        }
        if d.start.is_some() || d.end.is_some() {
            prop_assert_eq!(d.year_inferred, !has_year, "{}", text);
        }
    }
}
