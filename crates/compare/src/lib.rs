//! Canonical roadmaps of many regions → one region × milestone table.
//!
//! In: roadmaps (each action carrying its `milestones`) and the milestone vocabulary. Out: a
//! [`Comparison`]: one row per region and plan year (documents of the same region and year
//! merged, plans of different years apart; a document that names no region is a row of its
//! own; renditions of one act — its DOCX, its PDF and its table as XLSX, by `act_key` or by
//! the same actions — count once), with the acts (kind, number, date) and their source files,
//! and for each milestone the span of the region's
//! actions in it (earliest start to latest end) and how many there are; the region's coverage
//! and the milestones it lacks. Rendered as Markdown ([`Comparison::markdown`]), CSV, JSON
//! (`Serialize`) or a self-contained HTML page ([`Comparison::html`]).
//!
//! ```
//! let c = roadmap_compare::compare(&[], roadmap_milestones::Vocabulary::builtin(), None);
//! assert!(c.regions.is_empty());
//! assert!(c.markdown().starts_with("| Регион |"));
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;

mod page;

use roadmap_milestones::Vocabulary;
use roadmap_model::Roadmap;
use serde::Serialize;

/// A milestone column.
#[derive(Debug, Clone, Serialize)]
pub struct MilestoneColumn {
    pub id: String,
    pub name: String,
}

/// What a region's plans hold for one milestone.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Cell {
    /// Actions in the milestone.
    pub actions: usize,
    /// Earliest date of those actions (ISO), if any has one.
    pub start: Option<String>,
    /// Latest date of those actions.
    pub end: Option<String>,
    /// The actions behind the cell, in document order.
    pub evidence: Vec<Evidence>,
}

/// An action behind a cell: enough to read it, and where to find its row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    /// The document's SHA-256 and path, and the action's `seq` in it.
    pub document: String,
    pub path: String,
    pub seq: usize,
    pub number: Option<String>,
    pub action: String,
    /// The deadline as written, and its span.
    pub deadline: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub responsible: Vec<String>,
}

impl Cell {
    /// «2021-09-01 – 2021-12-31», one date when both ends agree, «без срока» without dates.
    pub fn span(&self) -> String {
        match (&self.start, &self.end) {
            (Some(s), Some(e)) if s == e => s.clone(),
            (Some(s), Some(e)) => format!("{s} – {e}"),
            (Some(d), None) | (None, Some(d)) => d.clone(),
            (None, None) => "без срока".to_string(),
        }
    }
}

/// An act a row's documents render.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActRef {
    pub act_key: String,
    /// `order`, `directive`, … as in the contract; `plan` for a standalone plan.
    pub kind: String,
    pub number: Option<String>,
    pub date: Option<String>,
}

impl ActRef {
    /// «приказ № 226 от 2022-02-28», «план».
    pub fn label(&self) -> String {
        let kind = match self.kind.as_str() {
            "order" => "приказ",
            "directive" => "распоряжение",
            "resolution" => "постановление",
            "law" => "закон",
            "decree" => "указ",
            "decision" => "решение",
            "plan" => "план",
            "programme" => "программа",
            "report" => "отчёт",
            _ if self.number.is_none() && self.date.is_none() => "—",
            _ => "документ",
        };
        let mut out = kind.to_string();
        if let Some(n) = &self.number {
            let _ = write!(out, " № {n}");
        }
        if let Some(d) = &self.date {
            let _ = write!(out, " от {d}");
        }
        out
    }
}

/// One region's row for one plan year.
#[derive(Debug, Clone, Serialize)]
pub struct RegionRow {
    /// Region name, or the document's file name when it names no region.
    pub region: String,
    pub iso: Option<String>,
    /// The plan year of the row's documents.
    pub year: Option<i32>,
    /// The acts the row's documents render, each once.
    pub acts: Vec<ActRef>,
    /// Source paths of the region's documents.
    pub documents: Vec<String>,
    pub actions: usize,
    /// By milestone id, the milestones the region's actions reach.
    pub milestones: BTreeMap<String, Cell>,
    /// Milestones reached, out of all.
    pub covered: usize,
    pub total: usize,
    /// Ids of the milestones the region lacks, in vocabulary order.
    pub missing: Vec<String>,
}

/// The file name of a path.
pub(crate) fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

impl RegionRow {
    /// The row's acts, «приказ № 226 от 2022-02-28; план».
    pub fn acts_label(&self) -> String {
        self.acts.iter().map(ActRef::label).collect::<Vec<_>>().join("; ")
    }

    /// Coverage in percent, rounded to the nearest whole (halves up).
    pub fn coverage_percent(&self) -> usize {
        (self.covered * 200 + self.total).checked_div(self.total * 2).unwrap_or(0)
    }
}

/// The whole table.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub milestones: Vec<MilestoneColumn>,
    pub regions: Vec<RegionRow>,
}

fn earlier(a: Option<String>, b: Option<&String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b < &a { b.clone() } else { a }),
        (a, b) => a.or_else(|| b.cloned()),
    }
}

fn later(a: Option<String>, b: Option<&String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b > &a { b.clone() } else { a }),
        (a, b) => a.or_else(|| b.cloned()),
    }
}

/// What makes two files renditions of the same act (its DOCX, its PDF, its table as XLSX):
/// the region and the same actions, by number and text; `None` for a document without any.
fn act_identity(r: &Roadmap) -> Option<String> {
    if r.actions.is_empty() {
        return None;
    }
    let mut id = format!("{:?}", r.document.region.as_ref().map(|g| &g.iso));
    for a in &r.actions {
        id.push('\u{1}');
        id.push_str(a.number.as_deref().unwrap_or(""));
        id.push('\u{2}');
        id.extend(a.action.split_whitespace().flat_map(|w| w.chars().chain([' '])));
    }
    Some(id)
}

/// Build the table: regions in name order and plan years in order, milestones in vocabulary
/// order; `year` keeps the plans of that year only.
pub fn compare(roadmaps: &[Roadmap], vocabulary: &Vocabulary, year: Option<i32>) -> Comparison {
    let mut rows: BTreeMap<(String, Option<i32>), RegionRow> = BTreeMap::new();
    let mut acts_seen = std::collections::HashSet::new();
    let mut act_keys_seen = std::collections::HashSet::new();
    for roadmap in roadmaps.iter().filter(|r| year.is_none() || r.plan.year == year) {
        let (key, region, iso) = match &roadmap.document.region {
            Some(r) => (r.iso.clone(), r.name.clone(), Some(r.iso.clone())),
            None => {
                let file = roadmap.source.path.rsplit(['/', '\\']).next().unwrap_or(&roadmap.source.path).to_string();
                (format!("~{}", roadmap.source.path), file, None)
            }
        };
        let act_key = roadmap.act();
        let row = rows.entry((key, roadmap.plan.year)).or_insert_with(|| RegionRow {
            region,
            iso,
            year: roadmap.plan.year,
            acts: Vec::new(),
            documents: Vec::new(),
            actions: 0,
            milestones: BTreeMap::new(),
            covered: 0,
            total: vocabulary.milestones.len(),
            missing: Vec::new(),
        });
        row.documents.push(roadmap.source.path.clone());
        // the act as the rendition that states most of it says (a workbook lacks the order)
        let d = &roadmap.document;
        let act = ActRef { act_key: act_key.clone(), kind: d.kind.as_str().to_string(), number: d.number.clone(), date: d.date.clone() };
        match row.acts.iter_mut().find(|a| a.act_key == act_key) {
            Some(known) if known.number.is_none() && act.number.is_some() => *known = act,
            Some(_) => {}
            None => row.acts.push(act),
        }
        let same_actions = act_identity(roadmap).is_some_and(|id| !acts_seen.insert(id));
        if !act_keys_seen.insert(act_key) || same_actions {
            continue;
        }
        // a row a reviewer marked wrong is not an action of the plan
        let actions = roadmap.actions.iter().filter(|a| a.verdict != Some(roadmap_model::Verdict::Wrong));
        for action in actions {
            row.actions += 1;
            for id in &action.milestones {
                let cell = row.milestones.entry(id.clone()).or_default();
                cell.actions += 1;
                let d = &action.deadline;
                cell.start = earlier(cell.start.take(), d.start.as_ref().or(d.end.as_ref()));
                cell.end = later(cell.end.take(), d.end.as_ref().or(d.start.as_ref()));
                cell.evidence.push(Evidence {
                    document: roadmap.source.sha256.clone(),
                    path: roadmap.source.path.clone(),
                    seq: action.seq,
                    number: action.number.clone(),
                    action: action.action.clone(),
                    deadline: d.raw.clone(),
                    start: d.start.clone(),
                    end: d.end.clone(),
                    responsible: action.responsible.parties.clone(),
                });
            }
        }
    }
    let mut regions: Vec<RegionRow> = rows.into_values().collect();
    for row in &mut regions {
        row.missing = vocabulary.milestones.iter().filter(|m| !row.milestones.contains_key(&m.id)).map(|m| m.id.clone()).collect();
        row.covered = row.total - row.missing.len();
    }
    regions.sort_by(|a, b| a.region.cmp(&b.region).then(a.year.cmp(&b.year)));
    Comparison {
        milestones: vocabulary.milestones.iter().map(|m| MilestoneColumn { id: m.id.clone(), name: m.name.clone() }).collect(),
        regions,
    }
}

/// Escape `|` and line breaks for a Markdown table cell.
fn md(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// Text escaped for HTML text and attribute values (the page's, and the service's pages').
pub fn html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

impl Comparison {
    pub(crate) fn name_of(&self, id: &str) -> String {
        self.milestones.iter().find(|m| m.id == id).map_or_else(|| id.to_string(), |m| m.name.clone())
    }

    /// A Markdown table (regions × milestones: the span and the number of actions), then each
    /// region's missing milestones.
    pub fn markdown(&self) -> String {
        let mut out = String::from("| Регион | Год | Акт | Охват |");
        for m in &self.milestones {
            let _ = write!(out, " {} |", md(&m.name));
        }
        out.push_str("\n|---|---|---|---|");
        out.push_str(&"---|".repeat(self.milestones.len()));
        out.push('\n');
        for r in &self.regions {
            let _ = write!(
                out,
                "| {} | {} | {} | {}/{} ({}%) |",
                md(&r.region),
                r.year.map_or_else(|| "—".to_string(), |y| y.to_string()),
                md(&r.acts_label()),
                r.covered,
                r.total,
                r.coverage_percent()
            );
            for m in &self.milestones {
                match r.milestones.get(&m.id) {
                    Some(c) => {
                        let _ = write!(out, " {} ({}) |", c.span(), c.actions);
                    }
                    None => out.push_str(" — |"),
                }
            }
            out.push('\n');
        }
        out.push_str("\n| Регион | Год | Нет этапов | Документы |\n|---|---|---|---|\n");
        for r in &self.regions {
            let missing: Vec<String> = r.missing.iter().map(|id| self.name_of(id)).collect();
            let missing = if missing.is_empty() { "—".to_string() } else { missing.join("; ") };
            let links: Vec<String> = r.documents.iter().map(|p| format!("[{}](<{}>)", md(file_name(p)), p.replace('>', "%3E"))).collect();
            let year = r.year.map_or_else(|| "—".to_string(), |y| y.to_string());
            let _ = writeln!(out, "| {} | {year} | {} | {} |", md(&r.region), md(&missing), links.join(", "));
        }
        out
    }

    /// CSV (RFC 4180): one row per region; for each milestone its start, end and action count.
    pub fn csv(&self) -> Result<String, csv::Error> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header: Vec<String> =
            ["region", "iso", "documents", "actions", "covered", "total", "coverage_percent", "missing"].map(String::from).into();
        for m in &self.milestones {
            header.extend([format!("{}.start", m.id), format!("{}.end", m.id), format!("{}.actions", m.id)]);
        }
        // columns added later come last, so readers by position keep working
        header.extend(["year", "acts"].map(String::from));
        w.write_record(&header)?;
        for r in &self.regions {
            let mut record = vec![
                r.region.clone(),
                r.iso.clone().unwrap_or_default(),
                r.documents.join(";"),
                r.actions.to_string(),
                r.covered.to_string(),
                r.total.to_string(),
                r.coverage_percent().to_string(),
                r.missing.join(";"),
            ];
            for m in &self.milestones {
                let c = r.milestones.get(&m.id).cloned().unwrap_or_default();
                record.extend([c.start.unwrap_or_default(), c.end.unwrap_or_default(), c.actions.to_string()]);
            }
            record.extend([r.year.map(|y| y.to_string()).unwrap_or_default(), r.acts_label()]);
            w.write_record(&record)?;
        }
        let bytes = w.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use roadmap_model::*;

    fn action(milestones: &[&str], start: Option<&str>, end: Option<&str>) -> Action {
        Action {
            key: String::new(),
            seq: 1,
            number: None,
            section: None,
            action: "…".into(),
            items: Vec::new(),
            deadline: Deadline {
                raw: String::new(),
                kind: DeadlineKind::Period,
                start: start.map(String::from),
                end: end.map(String::from),
                precision: None,
                periods: vec![],
                dates: vec![],
                rrule: None,
                year_inferred: false,
                note: None,
            },
            responsible: Responsible::default(),
            result: None,
            info: None,
            extra: BTreeMap::new(),
            targets: vec![],
            links: vec![],
            milestones: milestones.iter().map(|m| m.to_string()).collect(),
            provenance: Provenance { table: 1, row: 1, ..Provenance::default() },
            corrected: false,
            corrections: vec![],
            verdict: None,
        }
    }

    fn roadmap(path: &str, region: Option<(&str, &str)>, actions: Vec<Action>) -> Roadmap {
        Roadmap {
            schema_version: "1".into(),
            source: Source {
                path: path.into(),
                format: Format::Docx,
                sha256: String::new(),
                bytes: 0,
                pages: None,
                properties: None,
                ocr: None,
            },
            document: DocumentMeta { region: region.map(|(n, i)| Region { name: n.into(), iso: i.into() }), ..DocumentMeta::default() },
            plan: Plan::default(),
            abbreviations: BTreeMap::new(),
            actions,
            warnings: vec![],
        }
    }

    #[test]
    fn merges_a_regions_documents_and_spans_their_dates() {
        let v = Vocabulary::builtin();
        let docs = vec![
            roadmap(
                "a/kaluga.docx",
                Some(("Калужская область", "RU-KLU")),
                vec![action(&["school_selection"], Some("2021-03-01"), Some("2021-03-31"))],
            ),
            roadmap(
                "a/kaluga.pdf",
                Some(("Калужская область", "RU-KLU")),
                vec![{
                    let mut other = action(&["school_selection", "summing_up"], None, Some("2021-12-20"));
                    other.action = "Подведение итогов".into();
                    other
                }],
            ),
            // The same act as the first, in another format: counted once.
            roadmap(
                "a/kaluga-copy.docx",
                Some(("Калужская область", "RU-KLU")),
                vec![action(&["school_selection"], Some("2021-03-01"), Some("2021-03-31"))],
            ),
            roadmap("b/plan.xlsx", None, vec![action(&["monitoring"], None, None)]),
        ];
        let c = compare(&docs, v, None);
        assert_eq!(c.regions.len(), 2);
        let kaluga = &c.regions[1];
        assert_eq!(kaluga.region, "Калужская область");
        assert_eq!(kaluga.documents.len(), 3);
        assert_eq!(kaluga.actions, 2);
        let cell = &kaluga.milestones["school_selection"];
        assert_eq!((cell.actions, cell.start.as_deref(), cell.end.as_deref()), (2, Some("2021-03-01"), Some("2021-12-20")));
        assert_eq!(cell.evidence.len(), 2, "the actions behind the cell");
        assert_eq!(kaluga.covered, 2);
        assert_eq!(kaluga.missing.len(), v.milestones.len() - 2);
        assert!(!kaluga.missing.contains(&"summing_up".to_string()));
        assert_eq!(c.regions[0].region, "plan.xlsx");
        assert_eq!(c.regions[0].milestones["monitoring"].span(), "без срока");
    }

    #[test]
    fn coverage_is_rounded_to_the_nearest_percent() {
        let row = |covered, total| RegionRow {
            region: String::new(),
            iso: None,
            year: None,
            acts: vec![],
            documents: vec![],
            actions: 0,
            milestones: BTreeMap::new(),
            covered,
            total,
            missing: vec![],
        };
        assert_eq!(row(8, 13).coverage_percent(), 62);
        assert_eq!(row(4, 13).coverage_percent(), 31);
        assert_eq!(row(1, 200).coverage_percent(), 1);
        assert_eq!(row(13, 13).coverage_percent(), 100);
        assert_eq!(row(0, 0).coverage_percent(), 0);
    }

    #[test]
    fn renders_every_format() {
        let v = Vocabulary::builtin();
        let docs = vec![roadmap(
            "k.docx",
            Some(("Калужская | область", "RU-KLU")),
            vec![action(&["curators"], Some("2021-04-01"), Some("2021-04-01"))],
        )];
        let c = compare(&docs, v, None);
        let md = c.markdown();
        assert!(md.contains("| Калужская \\| область | — | — | 1/13 (8%) |"), "{md}");
        assert!(md.contains(" 2021-04-01 (1) |"), "{md}");
        let csv = c.csv().unwrap_or_default();
        let mut lines = csv.lines();
        assert!(lines
            .next()
            .is_some_and(|h| h.starts_with("region,iso,documents,actions,covered,total,coverage_percent,missing,coordinators.start")));
        assert!(lines.next().is_some_and(|l| l.starts_with("Калужская | область,RU-KLU,k.docx,1,1,13,8,")));
        let page = c.html(Some("review"));
        assert!(page.contains("<td class=\"yes\" data-sort=\"2021-04-01\""));
        assert!(page.contains("#row-1\">строка в отчёте проверки</a>"), "each action behind a cell links to its row in the review report");
        assert!(page.contains("\u{ad}"), "headers hyphenated: {page}");
        assert!(!page.contains("<script src") && !page.contains("<link"), "self-contained");
    }
}
