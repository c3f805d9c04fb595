//! [`roadmap_layout::Document`] → [`roadmap_model::Roadmap`]: the same code for every format.
//!
//! In: a document from any reader and a [`roadmap_model::Source`]. Out: the canonical roadmap:
//! - roadmap tables are found by their header row (vocabulary, not position); layout tables
//!   (date/number, signature) have no such header and are ignored; a header-less table with
//!   the same columns right after a roadmap table continues it;
//! - header cells map to fields ([`header::classify`]), two-row headers included; unmapped
//!   columns go to `extra`;
//! - repeated header rows and column-number rows are skipped, section rows set `section`,
//!   a row continued after a page break (empty key cell) joins the row before it;
//! - every deadline cell goes through `roadmap-dates` with the plan year;
//! - metadata, abbreviations, parties, targets and links are read from the text;
//! - each action is classified into the «500+» milestones (`roadmap-milestones`).
//!
//! ```
//! let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/saratov-krasnoarmeysky-2022-roadmap.docx")).unwrap();
//! let doc = roadmap_docx::read(&bytes).unwrap();
//! let source = roadmap_model::Source { path: "x.docx".into(), format: roadmap_model::Format::Docx, sha256: String::new(), bytes: 0, pages: None, properties: None, ocr: None };
//! let roadmap = roadmap_extract::extract(doc, source);
//! assert_eq!(roadmap.actions.len(), 24);
//! assert_eq!(roadmap.plan.year, Some(2022));
//! ```

mod approval;
mod bounded;
mod case;
pub mod cells;
pub mod header;
pub mod judge;
pub mod meta;
pub mod parties;
pub mod places;
pub mod regions;
pub mod table;
mod towns;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::Datelike;

use roadmap_layout::Document;
use roadmap_milestones::Vocabulary;
use roadmap_model::{
    Action, Column, Deadline, DeadlineKind, Period, Plan, PlanPeriodKind, Precision, Provenance, Responsible, Roadmap, Section, Source,
    Warning, SCHEMA_VERSION,
};

use crate::header::Field;

/// A pattern of this crate, compiled: the patterns are constants, checked by the tests that
/// use them, so a pattern that does not compile is a bug, not an input error.
fn re(pattern: &str) -> regex::Regex {
    regex::Regex::new(pattern).unwrap_or_else(|e| unreachable!("pattern {pattern:?}: {e}"))
}

/// A pattern of this crate written for lower-case text, spelled for the text's ASCII spelling
/// ([`roadmap_ascii`]): its word boundaries then run on the regex crate's DFAs. A constant
/// that does not spell is a bug, as in [`re`].
fn spelled(pattern: &str) -> String {
    roadmap_ascii::pattern(pattern).unwrap_or_else(|e| unreachable!("pattern {pattern:?}: {e}"))
}

/// One deadline cell normalized in its context, as `roadmap dates` prints it.
pub fn normalize_deadline(text: &str, context: &roadmap_dates::Context) -> roadmap_model::DatesOutput {
    let d = roadmap_dates::normalize_in(text, context);
    roadmap_model::DatesOutput {
        deadline: deadline_to_model(text, &d),
        warnings: d.warnings.iter().map(|w| roadmap_model::DateWarning { code: w.code.to_string(), message: w.message.clone() }).collect(),
    }
}

/// The wire form of a normalized deadline.
pub fn deadline_to_model(raw: &str, d: &roadmap_dates::Deadline) -> Deadline {
    use roadmap_dates::{Kind, Precision as P};
    let iso = |d: &chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    Deadline {
        raw: raw.to_string(),
        kind: match d.kind {
            Kind::Date => DeadlineKind::Date,
            Kind::Period => DeadlineKind::Period,
            Kind::Deadline => DeadlineKind::Deadline,
            Kind::Multiple => DeadlineKind::Multiple,
            Kind::Recurring => DeadlineKind::Recurring,
            Kind::Throughout => DeadlineKind::Throughout,
            Kind::BySchedule => DeadlineKind::BySchedule,
            Kind::OnDemand => DeadlineKind::OnDemand,
            Kind::Relative => DeadlineKind::Relative,
            Kind::Unknown => DeadlineKind::Unknown,
        },
        start: d.start.as_ref().map(iso),
        end: d.end.as_ref().map(iso),
        precision: d.precision.map(|p| match p {
            P::Day => Precision::Day,
            P::Month => Precision::Month,
            P::Quarter => Precision::Quarter,
            P::HalfYear => Precision::HalfYear,
            P::Year => Precision::Year,
        }),
        periods: d.periods.iter().map(|(s, e)| Period { start: iso(s), end: iso(e) }).collect(),
        dates: d.dates.iter().map(iso).collect(),
        rrule: d.rrule.clone(),
        year_inferred: d.year_inferred,
        note: d.note.clone(),
    }
}

/// The wire form of a responsible cell: its parties and their kinds.
pub fn responsible(raw: Option<String>, abbreviations: &BTreeMap<String, String>) -> Responsible {
    let found = raw.as_deref().map(|r| parties::parties(r, abbreviations)).unwrap_or_default();
    let kinds = found
        .iter()
        .map(|p| {
            p.kind.map(|k| match k {
                parties::PartyKind::Person => roadmap_model::PartyKind::Person,
                parties::PartyKind::Post => roadmap_model::PartyKind::Post,
                parties::PartyKind::Organization => roadmap_model::PartyKind::Organization,
                parties::PartyKind::Body => roadmap_model::PartyKind::Body,
            })
        })
        .collect();
    Responsible { raw, parties: found.into_iter().map(|p| p.name).collect(), kinds }
}

/// The wire form of a plan period.
fn period_to_model(period: roadmap_dates::PlanPeriod) -> roadmap_model::PlanPeriod {
    let (start, end) = period.bounds();
    roadmap_model::PlanPeriod {
        kind: match period {
            roadmap_dates::PlanPeriod::Year(_) => PlanPeriodKind::CalendarYear,
            roadmap_dates::PlanPeriod::SchoolYear(_) => PlanPeriodKind::SchoolYear,
            roadmap_dates::PlanPeriod::Years(..) => PlanPeriodKind::Years,
            roadmap_dates::PlanPeriod::Months { .. } => PlanPeriodKind::Months,
        },
        label: period.label(),
        start: start.format("%Y-%m-%d").to_string(),
        end: end.format("%Y-%m-%d").to_string(),
    }
}

/// The year most deadline cells name, for a plan whose title names none.
fn year_from_deadlines(deadlines: &[roadmap_dates::Deadline]) -> Option<i32> {
    let mut counts: BTreeMap<i32, usize> = BTreeMap::new();
    for d in deadlines {
        if let Some(y) = d.end.or(d.start).filter(|_| !d.year_inferred).map(|e| chrono::Datelike::year(&e)) {
            *counts.entry(y).or_default() += 1;
        }
    }
    counts.into_iter().max_by_key(|&(y, n)| (n, -y)).map(|(y, _)| y)
}

/// Extract the canonical roadmap of a document. The document is taken by value so that its
/// cells are freed once the rows are read, before the actions are built: a sheet of hundreds
/// of thousands of rows never has its layout and its actions in memory at once.
pub fn extract(doc: Document, source: Source) -> Roadmap {
    let tables = table::extract_tables(&doc);
    let mut meta = meta::read(&doc, tables.first_block, !tables.actions.is_empty());
    let (document_at, plan_title_at) = places::locate(&doc, tables.first_block, &meta.document, meta.plan_title.as_deref());
    meta.document.provenance = document_at;
    let mut warnings: Vec<Warning> =
        doc.diagnostics.iter().map(|d| Warning { code: d.code.to_string(), seq: None, message: d.message.clone() }).collect();
    warnings.extend(tables.warnings.iter().cloned());
    if tables.actions.is_empty() {
        warnings.push(Warning {
            code: roadmap_codes::DOCUMENT_NO_ROADMAP_TABLE.into(),
            seq: None,
            message: "no table with a roadmap header (action and deadline, responsible or result columns)".into(),
        });
    }

    let deadline_text = |a: &table::RawAction| -> String {
        match (a.cells.get(&Field::Deadline), a.cells.get(&Field::DeadlineStart), a.cells.get(&Field::DeadlineEnd)) {
            (Some(d), _, _) => d.clone(),
            (None, Some(s), Some(e)) => format!("{s} – {e}"),
            (None, Some(s), None) => bounded("с", s),
            (None, None, Some(e)) => bounded("до", e),
            (None, None, None) => String::new(),
        }
    };
    let raw_deadlines: Vec<String> = tables.actions.iter().map(deadline_text).collect();
    // Without a plan year in the titles, the deadlines read without one name it. A deadline
    // that came out whole and clean from that reading does not depend on the plan year.
    let document_date = meta.document.date.as_deref().and_then(|d| d.parse::<chrono::NaiveDate>().ok());
    let context = roadmap_dates::Context { period: meta.plan_period, document_date, ..roadmap_dates::Context::default() };
    let yearless: Vec<roadmap_dates::Deadline> = match meta.plan_period {
        Some(_) => Vec::new(),
        None => raw_deadlines.iter().map(|t| roadmap_dates::normalize_in(t, &context)).collect(),
    };
    let period = meta.plan_period.or_else(|| year_from_deadlines(&yearless).map(roadmap_dates::PlanPeriod::Year));
    let plan_year = period.map(roadmap_dates::PlanPeriod::first_year);

    // abbreviations from the text, every cell, and the actions' cells joined across pages
    let mut abbreviations = BTreeMap::new();
    for block in &doc.blocks {
        match block {
            roadmap_layout::Block::Paragraph(p) => cells::abbreviations(&p.text, &mut abbreviations),
            roadmap_layout::Block::Table(t) => {
                for row in &t.rows {
                    for cell in row.filled() {
                        cells::abbreviations(&cell.text, &mut abbreviations);
                    }
                }
            }
        }
    }
    for text in tables.actions.iter().flat_map(|a| a.cells.values()) {
        cells::abbreviations(text, &mut abbreviations);
    }
    drop(doc);

    let mut actions = Vec::with_capacity(tables.actions.len());
    let mut seen_numbers: HashMap<String, usize> = HashMap::new();
    // Plans repeat their deadline texts («В течение года»): each is read once in a section.
    let mut read_deadlines: HashMap<(String, roadmap_dates::Context), roadmap_dates::Deadline> = HashMap::new();
    // the tables (by index) a row of which has named a month other than August: a later August
    // is the one that ends a school year, not the one that prepares it
    let mut past_august: HashSet<usize> = HashSet::new();
    let columns: Vec<Column> = tables
        .columns
        .iter()
        .map(|c| Column { index: c.index, header: c.header.clone(), field: c.field.map(|f| f.as_str().to_string()) })
        .collect();
    for (i, (mut raw, deadline_raw)) in tables.actions.into_iter().zip(&raw_deadlines).enumerate() {
        let seq = i + 1;
        // in a plan laid out by months or days, the month or day of the caption or section heading
        let row_context = roadmap_dates::Context {
            period,
            month: raw.month,
            day: raw.day,
            opens_school_year: !past_august.contains(&raw.table),
            ..context
        };
        // a row without a deadline of its own under a section row that names a time («Сентябрь»,
        // «В течение года», «23 марта») has the section's; its raw text stays empty
        let section_time = raw
            .section
            .as_ref()
            .map(|(_, title)| title.as_str())
            .filter(|t| deadline_raw.trim().is_empty() && t.split_whitespace().count() <= 5);
        let text = section_time.unwrap_or(deadline_raw);
        let mut normalized = match yearless.get(i) {
            Some(d) if section_time.is_none() && d.end.is_some() && d.warnings.is_empty() => d.clone(),
            _ => read_deadlines
                .entry((text.to_string(), row_context))
                .or_insert_with(|| roadmap_dates::normalize_in(text, &row_context))
                .clone(),
        };
        if section_time.is_some() && normalized.kind == roadmap_dates::Kind::Unknown {
            normalized = roadmap_dates::normalize_in("", &row_context);
        }
        let named_month =
            raw.month.or_else(|| normalized.start.filter(|_| normalized.kind != roadmap_dates::Kind::Unknown).map(|d| d.month()));
        if named_month.is_some_and(|m| m != 8) {
            past_august.insert(raw.table);
        }
        for w in &normalized.warnings {
            warnings.push(Warning { code: w.code.to_string(), seq: Some(seq), message: format!("«{deadline_raw}»: {}", w.message) });
        }
        for (code, message) in std::mem::take(&mut raw.notes) {
            warnings.push(Warning { code: code.to_string(), seq: Some(seq), message });
        }
        if let Some(confidence) = raw.confidence.filter(|c| *c < LOW_CONFIDENCE) {
            warnings.push(Warning {
                code: roadmap_codes::OCR_LOW_CONFIDENCE.into(),
                seq: Some(seq),
                message: format!("a word of this row was recognized with {confidence}% confidence: check its text against the scan"),
            });
        }
        if let Some(n) = &raw.number {
            if let Some(first) = seen_numbers.insert(n.clone(), seq) {
                warnings.push(Warning {
                    code: roadmap_codes::ACTION_DUPLICATE_NUMBER.into(),
                    seq: Some(seq),
                    message: format!("number {n} is used by action {first} too"),
                });
            }
        }
        let mut links: Vec<String> = std::mem::take(&mut raw.links);
        for cell in raw.cells.values().chain(raw.extra.values()) {
            links.extend(cells::links(cell));
        }
        let mut unique = Vec::with_capacity(links.len());
        for l in links {
            if !unique.contains(&l) {
                unique.push(l);
            }
        }
        let provenance = provenance(&mut raw);
        let mut text = |f: Field| raw.cells.remove(&f);
        let responsible_raw = text(Field::Responsible);
        let result = text(Field::Result);
        let info = text(Field::Info);
        let action = text(Field::Action).unwrap_or_default();
        let milestones = Vocabulary::builtin().classify(&action).into_iter().map(String::from).collect();
        actions.push(Action {
            seq,
            key: String::new(),
            number: raw.number,
            section: raw.section.map(|(number, title)| Section { number, title }),
            action,
            items: std::mem::take(&mut raw.items),
            deadline: deadline_to_model(deadline_raw, &normalized),
            responsible: responsible(responsible_raw, &abbreviations),
            targets: result.as_deref().map(cells::targets).unwrap_or_default(),
            result,
            info,
            extra: raw.extra,
            links: unique,
            milestones,
            provenance,
            corrected: false,
            corrections: Vec::new(),
            verdict: None,
        });
    }

    let confidence = plan_confidence(&tables.tables);
    let decisions = tables
        .tables
        .iter()
        .map(|t| roadmap_model::TableDecision {
            table: t.table,
            decision: if t.judgement.plan { roadmap_model::Decision::Plan } else { roadmap_model::Decision::NotAPlan },
            confidence: two_decimals(t.judgement.confidence),
            reason: t.judgement.reason.clone(),
            actions: t.actions,
        })
        .collect();
    let plan = Plan {
        title: meta.plan_title,
        year: plan_year,
        period: period.map(period_to_model),
        columns,
        confidence: Some(confidence),
        tables: decisions,
        provenance: roadmap_model::PlanProvenance { title: plan_title_at },
    };
    let mut document = meta.document;
    document.act_key = roadmap_model::act_key(&document, &plan, &source);
    let keys = roadmap_model::action_keys(&document.act_key, plan.year, &actions);
    for (action, key) in actions.iter_mut().zip(keys) {
        action.key = key;
    }
    Roadmap { schema_version: SCHEMA_VERSION.to_string(), source, document, plan, abbreviations, actions, warnings }
}

/// Where an action was read: its row, the row's box on each page, and each of its cells.
fn provenance(raw: &mut table::RawAction) -> Provenance {
    let places = std::mem::take(&mut raw.places);
    let mut boxes: Vec<roadmap_layout::PageBox> = Vec::new();
    for area in places.iter().filter_map(|p| p.area) {
        match boxes.iter_mut().find(|b| b.page == area.page) {
            Some(b) => *b = b.union(area).unwrap_or(*b),
            None => boxes.push(area),
        }
    }
    let range = places.iter().filter_map(|p| p.range).reduce(|a, b| (a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3)));
    let cells = places
        .into_iter()
        .map(|p| {
            let (field, header) = match p.slot {
                table::Slot::Field(f) => (f, None),
                table::Slot::Extra(header) => (roadmap_model::CellField::Extra, Some(header)),
            };
            roadmap_model::CellSource {
                field,
                header,
                row: count(p.row + 1),
                column: count(p.column + 1),
                page: p.area.map(|a| a.page),
                bbox: p.area.map(bbox),
                range: p.range.map(a1),
            }
        })
        .collect();
    Provenance {
        page: raw.page,
        table: raw.table,
        row: raw.row,
        confidence: raw.confidence,
        boxes: boxes.into_iter().map(|b| roadmap_model::PageBox { page: b.page, bbox: bbox(b) }).collect(),
        sheet: raw.sheet.take(),
        range: range.map(a1),
        cells,
    }
}

/// A box's corners as the contract writes them: `[x0, top, x1, bottom]`.
pub fn bbox(b: roadmap_layout::PageBox) -> [f32; 4] {
    [b.x0, b.top, b.x1, b.bottom]
}

/// A sheet's (first row, first column, last row, last column) in A1 notation.
pub fn a1((first_row, first_column, last_row, last_column): (u32, u32, u32, u32)) -> roadmap_model::A1Range {
    roadmap_model::A1Range { first_row, first_column, last_row, last_column }
}

/// A count as the contract writes places (a table past four billion rows is not read).
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// How surely a document's actions are a plan's: the confidence of the tables taken for a plan,
/// weighted by their actions; when none was, that of the table that came nearest; 0 when no
/// table could have been one.
fn plan_confidence(tables: &[table::TableDecision]) -> f64 {
    let taken: Vec<&table::TableDecision> = tables.iter().filter(|t| t.judgement.plan && t.actions > 0).collect();
    let confidence = if taken.is_empty() {
        tables.iter().map(|t| t.judgement.confidence).fold(0.0, f32::max)
    } else {
        let actions: usize = taken.iter().map(|t| t.actions).sum();
        taken.iter().map(|t| t.judgement.confidence * t.actions as f32).sum::<f32>() / actions as f32
    };
    two_decimals(confidence)
}

fn two_decimals(x: f32) -> f64 {
    (f64::from(x) * 100.0).round() / 100.0
}

/// The word confidence (0–100) under which a row read from a scan is flagged for review.
pub const LOW_CONFIDENCE: u8 = 60;

/// A start or end column's text as a deadline: «с 01.03.2022», «до 15.12.2022»; text that is
/// not a point or span of time («еженедельно по средам», «постоянно») stays as written.
fn bounded(preposition: &str, text: &str) -> String {
    match roadmap_dates::normalize(text, None).kind {
        roadmap_dates::Kind::Date | roadmap_dates::Kind::Period => format!("{preposition} {text}"),
        _ => text.to_string(),
    }
}

/// A document of one paragraph per line, for the tests of the readers of its text.
#[cfg(test)]
pub(crate) fn paragraphs_of(lines: &[&str]) -> Document {
    let paragraph = |l: &&str| roadmap_layout::Block::Paragraph(roadmap_layout::Paragraph { text: l.to_string(), ..Default::default() });
    Document { blocks: lines.iter().map(paragraph).collect(), ..Document::default() }
}

#[cfg(test)]
mod tests {
    use roadmap_layout::{Block, Cell, Paragraph, Row, Table};

    use super::{bounded, Document, Roadmap};

    /// A document of a title and one table (a header, then rows; a row of one text is a
    /// section row across the table), extracted.
    fn plan(title: &str, rows: &[&[&str]]) -> Roadmap {
        let rows = rows
            .iter()
            .map(|texts| {
                let mut cells: Vec<Cell> = texts.iter().enumerate().map(|(i, t)| Cell::new(i, t)).collect();
                if let [only] = cells.as_mut_slice() {
                    only.col_span = 4;
                }
                Row { cells, ..Row::default() }
            })
            .collect();
        let title = Paragraph { text: title.into(), ..Paragraph::default() };
        let doc = Document { blocks: vec![Block::Paragraph(title), Block::Table(Table::from_rows(rows))], ..Document::default() };
        let source = roadmap_model::Source {
            path: "plan.docx".into(),
            format: roadmap_model::Format::Docx,
            sha256: String::new(),
            bytes: 0,
            pages: None,
            properties: None,
            ocr: None,
        };
        super::extract(doc, source)
    }

    fn spans(roadmap: &Roadmap) -> Vec<(Option<String>, Option<String>)> {
        roadmap.actions.iter().map(|a| (a.deadline.start.clone(), a.deadline.end.clone())).collect()
    }

    #[test]
    fn rows_under_a_date_row_are_on_its_day() {
        let header: &[&str] = &["№", "Мероприятие", "Время", "Ответственный"];
        let roadmap = plan(
            "План мероприятий на 2019 год",
            &[
                header,
                &["23 марта"],
                &["1", "Экскурсия в музей", "10.00-11.00", "Иванова А.А."],
                &["2", "Турнир по шашкам", "", "Петров И.И."],
            ],
        );
        let day = (Some("2019-03-23".to_string()), Some("2019-03-23".to_string()));
        assert_eq!(spans(&roadmap), vec![day.clone(), day]);
    }

    #[test]
    fn an_august_before_the_other_months_opens_the_school_year() {
        let header: &[&str] = &["№", "Мероприятие", "Срок", "Ответственный"];
        let roadmap = plan(
            "План работы на 2019-2020 учебный год",
            &[
                header,
                &["1", "Подготовка к новому учебному году", "август", "Директор"],
                &["2", "Торжественная линейка", "сентябрь", "Завуч"],
                &["3", "Анализ работы за год", "август", "Директор"],
            ],
        );
        let month = |start: &str, end: &str| (Some(start.to_string()), Some(end.to_string()));
        assert_eq!(
            spans(&roadmap),
            vec![month("2019-08-01", "2019-08-31"), month("2019-09-01", "2019-09-30"), month("2020-08-01", "2020-08-31")]
        );
    }

    #[test]
    fn a_lone_start_or_end_column_reads_as_a_bound_only_when_it_is_a_time() {
        assert_eq!(bounded("с", "01.03.2022"), "с 01.03.2022");
        assert_eq!(bounded("до", "май 2022"), "до май 2022");
        assert_eq!(bounded("с", "еженедельно по средам"), "еженедельно по средам");
        assert_eq!(bounded("до", "постоянно"), "постоянно");
    }
}
