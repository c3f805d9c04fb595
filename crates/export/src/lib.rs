//! Canonical roadmaps → flat files for a warehouse: `acts.csv`, `documents.csv`,
//! `actions.csv` and the PostgreSQL `schema.sql` they load into.
//!
//! In: roadmaps. Out: [`Files`]: UTF-8 CSV with RFC 4180 quoting (one row per act, one row per
//! document — a rendition of an act —, one row per action: document key, region, year,
//! number, section, action, deadline kind, start and end, responsible, result, milestones),
//! and the schema text. An absent value is an empty field (NULL in PostgreSQL); `parties` and
//! `milestones` are PostgreSQL array literals. The document key is the source's SHA-256, so
//! the same file given twice is exported once. Renditions of one act share its `act_key`;
//! its actions are exported once, from its best rendition (the fewest warnings; DOCX, then the
//! other word-processor formats, then XLSX, then PDF when equal), unless
//! [`Options::all_renditions`] asks for every rendition's.
//!
//! ```
//! let files = roadmap_export::export(&[], roadmap_export::Options::default()).unwrap();
//! assert!(files.actions.starts_with("document_key,seq,region_iso,"));
//! assert!(files.schema.contains("CREATE TABLE IF NOT EXISTS actions"));
//! ```

use std::collections::{BTreeMap, HashSet};

use roadmap_model::Roadmap;
use serde::Serialize;

/// The PostgreSQL tables the CSV files load into.
pub const SCHEMA_SQL: &str = include_str!("../schema.sql");

const DOCUMENT_COLUMNS: [&str; 22] = [
    "document_key",
    "path",
    "format",
    "sha256",
    "bytes",
    "pages",
    "kind",
    "authority",
    "region",
    "region_iso",
    "number",
    "date",
    "place",
    "title",
    "signatory",
    "plan_title",
    "plan_year",
    "actions",
    "plan_period",
    "plan_start",
    "plan_end",
    "act_key",
];

const ACT_COLUMNS: [&str; 11] =
    ["act_key", "kind", "region_iso", "region", "number", "date", "plan_title", "plan_year", "renditions", "formats", "document_key"];

const ACTION_COLUMNS: [&str; 19] = [
    "document_key",
    "seq",
    "region_iso",
    "region",
    "year",
    "number",
    "section_number",
    "section_title",
    "action",
    "deadline_raw",
    "deadline_kind",
    "deadline_start",
    "deadline_end",
    "responsible",
    "parties",
    "result",
    "milestones",
    "party_kinds",
    "act_key",
];

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
}

/// What to export.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Export the actions of every rendition of an act, not only of its best one.
    pub all_renditions: bool,
}

/// The exported files.
#[derive(Debug, Clone)]
pub struct Files {
    pub acts: String,
    pub documents: String,
    pub actions: String,
    pub schema: String,
    /// Rows in `actions`.
    pub action_rows: usize,
    /// Rows in `acts`.
    pub act_rows: usize,
}

/// How good a rendition is to export an act's actions from: fewer warnings first, then the
/// format (DOCX, the other word-processor formats, workbooks, PDF).
fn rendition_rank(r: &Roadmap) -> (usize, u8, &str) {
    (r.warnings.len(), r.source.format.rendition_rank(), r.source.path.as_str())
}

/// An enum's name in the canonical JSON («order», «by_schedule»).
fn name_of<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

/// A PostgreSQL array literal of text: `{"a","b \"c\""}`.
fn pg_array(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("\"{}\"", i.replace('\\', "\\\\").replace('"', "\\\""))).collect();
    format!("{{{}}}", quoted.join(","))
}

/// An array literal of enum names, `NULL` for a missing one.
fn pg_array_of_names<T: Serialize>(items: &[Option<T>]) -> String {
    let names: Vec<String> = items.iter().map(|i| i.as_ref().map_or_else(|| "NULL".to_string(), name_of)).collect();
    format!("{{{}}}", names.join(","))
}

fn text(value: Option<&String>) -> String {
    value.cloned().unwrap_or_default()
}

fn number<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn finish(writer: csv::Writer<Vec<u8>>) -> Result<String, ExportError> {
    let bytes = writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Flatten `roadmaps` into the CSV files.
pub fn export(roadmaps: &[Roadmap], options: Options) -> Result<Files, ExportError> {
    let mut acts = csv::Writer::from_writer(Vec::new());
    let mut documents = csv::Writer::from_writer(Vec::new());
    let mut actions = csv::Writer::from_writer(Vec::new());
    acts.write_record(ACT_COLUMNS)?;
    documents.write_record(DOCUMENT_COLUMNS)?;
    actions.write_record(ACTION_COLUMNS)?;
    // each file once; the renditions of each act, best first
    let mut seen = HashSet::new();
    let unique: Vec<&Roadmap> = roadmaps.iter().filter(|r| seen.insert(r.source.sha256.clone())).collect();
    let mut by_act: BTreeMap<String, Vec<&Roadmap>> = BTreeMap::new();
    for r in &unique {
        by_act.entry(r.act()).or_default().push(r);
    }
    let mut best: HashSet<&str> = HashSet::new();
    let act_rows = by_act.len();
    for (act_key, renditions) in &mut by_act {
        renditions.sort_by(|a, b| rendition_rank(a).cmp(&rendition_rank(b)));
        let Some(first) = renditions.first() else { continue };
        best.insert(first.source.sha256.as_str());
        // the act's fields from the rendition that states them
        let stated = |f: &dyn Fn(&Roadmap) -> Option<String>| renditions.iter().find_map(|r| f(r));
        let mut formats: Vec<String> = renditions.iter().map(|r| name_of(&r.source.format)).collect();
        formats.dedup();
        let kind = renditions
            .iter()
            .map(|r| r.document.kind)
            .find(|k| !matches!(k, roadmap_model::DocumentKind::Plan | roadmap_model::DocumentKind::Unknown));
        acts.write_record([
            act_key.clone(),
            name_of(&kind.unwrap_or(first.document.kind)),
            text(stated(&|r| r.document.region.as_ref().map(|g| g.iso.clone())).as_ref()),
            text(stated(&|r| r.document.region.as_ref().map(|g| g.name.clone())).as_ref()),
            text(stated(&|r| r.document.number.clone()).as_ref()),
            text(stated(&|r| r.document.date.clone()).as_ref()),
            text(stated(&|r| r.plan.title.clone()).as_ref()),
            number(renditions.iter().find_map(|r| r.plan.year)),
            renditions.len().to_string(),
            pg_array(&formats),
            first.source.sha256.clone(),
        ])?;
    }
    let mut action_rows = 0;
    for r in unique {
        let key = &r.source.sha256;
        let act_key = r.act();
        let d = &r.document;
        let signatory = d.signatory.as_ref().map(|s| match &s.position {
            Some(p) => format!("{p} {}", s.name),
            None => s.name.clone(),
        });
        documents.write_record([
            key.clone(),
            r.source.path.clone(),
            name_of(&r.source.format),
            r.source.sha256.clone(),
            r.source.bytes.to_string(),
            number(r.source.pages),
            name_of(&d.kind),
            text(d.authority.as_ref()),
            text(d.region.as_ref().map(|g| &g.name)),
            text(d.region.as_ref().map(|g| &g.iso)),
            text(d.number.as_ref()),
            text(d.date.as_ref()),
            text(d.place.as_ref()),
            text(d.title.as_ref()),
            text(signatory.as_ref()),
            text(r.plan.title.as_ref()),
            number(r.plan.year),
            r.actions.len().to_string(),
            text(r.plan.period.as_ref().map(|p| &p.label)),
            text(r.plan.period.as_ref().map(|p| &p.start)),
            text(r.plan.period.as_ref().map(|p| &p.end)),
            act_key.clone(),
        ])?;
        if !options.all_renditions && !best.contains(key.as_str()) {
            continue;
        }
        for a in &r.actions {
            actions.write_record([
                key.clone(),
                a.seq.to_string(),
                text(d.region.as_ref().map(|g| &g.iso)),
                text(d.region.as_ref().map(|g| &g.name)),
                number(r.plan.year),
                text(a.number.as_ref()),
                text(a.section.as_ref().and_then(|s| s.number.as_ref())),
                text(a.section.as_ref().map(|s| &s.title)),
                a.action.clone(),
                a.deadline.raw.clone(),
                name_of(&a.deadline.kind),
                text(a.deadline.start.as_ref()),
                text(a.deadline.end.as_ref()),
                text(a.responsible.raw.as_ref()),
                pg_array(&a.responsible.parties),
                text(a.result.as_ref()),
                pg_array(&a.milestones),
                pg_array_of_names(&a.responsible.kinds),
                act_key.clone(),
            ])?;
            action_rows += 1;
        }
    }
    Ok(Files {
        acts: finish(acts)?,
        documents: finish(documents)?,
        actions: finish(actions)?,
        schema: SCHEMA_SQL.to_string(),
        action_rows,
        act_rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_literals_escape_quotes_and_backslashes() {
        assert_eq!(pg_array(&[]), "{}");
        assert_eq!(pg_array(&["МОУО".into(), "ГАУ ДПО «ИРО» \"x\\y\"".into()]), r#"{"МОУО","ГАУ ДПО «ИРО» \"x\\y\""}"#);
    }

    #[test]
    fn schema_columns_match_the_csv_headers() {
        let table = |name: &str| -> Vec<String> {
            let start = SCHEMA_SQL.find(&format!("CREATE TABLE IF NOT EXISTS {name} (")).unwrap_or(0);
            let body = &SCHEMA_SQL[start..];
            let body = &body[body.find('(').map_or(0, |i| i + 1)..body.find("\n);").unwrap_or(0)];
            body.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with("PRIMARY KEY"))
                .filter_map(|l| l.split_whitespace().next().map(String::from))
                .collect()
        };
        assert_eq!(table("acts"), ACT_COLUMNS);
        assert_eq!(table("documents"), DOCUMENT_COLUMNS);
        assert_eq!(table("actions"), ACTION_COLUMNS);
    }
}
