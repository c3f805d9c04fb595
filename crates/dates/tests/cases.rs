//! Table-driven cases: `cases.tsv` holds one deadline cell per line with the plan year and the
//! expected kind, start, end and rrule (empty = null). Add a line to add a case.

use roadmap_dates::normalize;

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
        let d = normalize(text, year.parse().ok());
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
