//! Table-driven cases: `cases.tsv` holds one deadline cell per line with its context and the
//! expected kind, start, end and rrule (empty = null). Add a line to add a case.
//!
//! The context column is the plan period («2021», a school year «2021/2022», several years
//! «2013-2018»), optionally followed by `;date=YYYY-MM-DD` (the order's date), `;month=N` (the
//! section's month), `;day=DD.MM` (the section's day) and `;opens` (the row opens its table's
//! months). A `⏎` in the text stands for a line break.

#![allow(clippy::expect_used)]

use roadmap_dates::{day_heading, normalize_in, Context, PlanPeriod};

fn context(text: &str) -> Context {
    let mut parts = text.split(';');
    let mut context = Context { period: parts.next().and_then(PlanPeriod::parse), ..Context::default() };
    for part in parts {
        match part.split_once('=') {
            Some(("date", d)) => context.document_date = Some(d.parse().expect("date=YYYY-MM-DD")),
            Some(("month", m)) => context.month = Some(m.parse().expect("month=N")),
            Some(("day", d)) => context.day = Some(day_heading(d).expect("day=DD.MM")),
            None if part == "opens" => context.opens_school_year = true,
            _ => panic!("unknown context part «{part}»"),
        }
    }
    context
}

#[test]
fn every_case_in_the_table() {
    let table = include_str!("cases.tsv");
    let mut failures = Vec::new();
    let mut count = 0;
    for (n, line) in table.lines().enumerate().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [text, year, kind, start, end, rrule] = cols[..] else {
            panic!("cases.tsv line {}: expected 6 tab-separated columns, got {}", n + 1, cols.len());
        };
        count += 1;
        let text = &text.replace('⏎', "\n");
        let d = normalize_in(text, &context(year));
        let got = (
            d.kind.as_str(),
            d.start.map(|s| s.to_string()).unwrap_or_default(),
            d.end.map(|s| s.to_string()).unwrap_or_default(),
            d.rrule.clone().unwrap_or_default(),
        );
        let want = (kind, start.to_string(), end.to_string(), rrule.to_string());
        if got != want {
            failures.push(format!("line {}: «{text}» ({year})\n   want {want:?}\n    got {got:?}", n + 1));
        }
    }
    assert!(count >= 200, "the table should hold at least 200 cases, has {count}");
    assert!(failures.is_empty(), "{} of {count} cases fail:\n{}", failures.len(), failures.join("\n"));
}
