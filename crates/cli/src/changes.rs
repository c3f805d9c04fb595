//! `roadmap changes OLD NEW`: what changed between two sets of canonical documents (two
//! `extract -o` folders, a week apart): the acts added, the acts removed, and for an act in
//! both whose best rendition says something else, its changes field by field and row by row
//! (the `diff` engine, the renditions compared as `diff --pair act` does).
//!
//! In: two paths of anything `export` takes (canonical files, folders of them, source
//! documents), or two `export` folders (CSV, Parquet or partitions: an act's fields and its
//! rows are then the tables' columns, compared by the same engine). Out: text for a person,
//! JSON, or CSV (one row per change); exit 0 nothing changed, 1 something did, 2 error.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::PathBuf;

use roadmap_diff::{ActionChange, FieldChange, Report};
use roadmap_model::Roadmap;
use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ChangesFormat {
    Text,
    Json,
    Csv,
}

#[derive(clap::Args)]
pub struct ChangesArgs {
    /// The earlier documents: canonical files or a folder of them (or source documents), or
    /// an `export` folder.
    old: PathBuf,
    /// The later documents (an `export` folder when OLD is one).
    new: PathBuf,
    #[arg(long, value_enum, default_value_t = ChangesFormat::Text)]
    format: ChangesFormat,
}

/// An act that only one side has.
#[derive(Serialize)]
struct ActOnly {
    act_key: String,
    /// Its best rendition's `source.path`.
    path: String,
    actions: usize,
}

/// An act both sides have, its best renditions differing.
#[derive(Serialize)]
struct ActChanged {
    act_key: String,
    old: String,
    new: String,
    differences: usize,
    #[serde(flatten)]
    report: Report,
}

#[derive(Serialize, Default)]
struct Changes {
    added: Vec<ActOnly>,
    removed: Vec<ActOnly>,
    changed: Vec<ActChanged>,
    /// Acts in both whose best renditions say the same.
    unchanged: usize,
}

impl Changes {
    fn any(&self) -> bool {
        !(self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty())
    }
}

/// An act as one side holds it: its best rendition, read from canonical files or from an
/// export's rows.
struct Held {
    /// The rendition's `source.path`.
    path: String,
    sha256: String,
    actions: usize,
    says: Says,
}

enum Says {
    Roadmap(Box<Roadmap>),
    /// `{"document": {…}, "actions": [{…}]}` from an export's columns.
    Rows(Value),
}

impl Held {
    /// What the act says, as the diff engine compares it (whitespace collapsed, where it was
    /// read left out).
    fn says(&self) -> Value {
        match &self.says {
            Says::Roadmap(r) => serde_json::to_value(r).map(crate::review::what_an_act_says).unwrap_or(Value::Null),
            Says::Rows(v) => crate::review::what_an_act_says(v.clone()),
        }
    }
}

/// Each act's best rendition (the one `export` takes its actions from), by act key.
fn best_renditions(roadmaps: Vec<Roadmap>) -> BTreeMap<String, Held> {
    let mut acts: BTreeMap<String, Roadmap> = BTreeMap::new();
    for r in roadmaps {
        let key = r.act();
        match acts.get(&key) {
            Some(held) if roadmap_export::rendition_rank(held) <= roadmap_export::rendition_rank(&r) => {}
            _ => {
                acts.insert(key, r);
            }
        }
    }
    acts.into_iter()
        .map(|(key, r)| {
            let held = Held {
                path: r.source.path.clone(),
                sha256: r.source.sha256.clone(),
                actions: r.actions.len(),
                says: Says::Roadmap(Box::new(r)),
            };
            (key, held)
        })
        .collect()
}

/// The columns that say where a row comes from, not what its act says.
const WHERE_FROM: [&str; 10] =
    ["act_key", "document_key", "action_key", "renditions", "formats", "path", "format", "sha256", "bytes", "actions"];

/// The columns of an action that repeat its act's.
const REPEATS_ITS_ACT: [&str; 3] = ["region_iso", "region", "year"];

/// A row of `table` as a JSON object, without the columns `left_out`.
fn said(table: &roadmap_export::Table, row: &[roadmap_export::Value], left_out: &[&str]) -> Map<String, Value> {
    use roadmap_export::Value as V;
    let mut object = Map::new();
    for (column, value) in table.columns.iter().zip(row) {
        if WHERE_FROM.contains(&column.name) || left_out.contains(&column.name) {
            continue;
        }
        let json = match value {
            V::Text(t) => t.clone().map_or(Value::Null, Value::String),
            V::Integer(n) => n.map_or(Value::Null, Value::from),
            V::Date(d) => d.map_or(Value::Null, |d| Value::String(d.format("%Y-%m-%d").to_string())),
            V::List(items) => Value::Array(items.iter().map(|i| i.clone().map_or(Value::Null, Value::String)).collect()),
        };
        object.insert(column.name.to_string(), json);
    }
    object
}

/// Each act of an export with the rows of its best rendition (the document its `acts` row names).
fn exported_acts(tables: &roadmap_export::Tables) -> BTreeMap<String, Held> {
    use roadmap_export::{Table, Value as V};
    // a text column's value in a row, its place found once
    let column = |table: &Table, name: &str| table.columns.iter().position(|c| c.name == name);
    let text = |row: &[V], at: Option<usize>| -> String {
        match at.and_then(|i| row.get(i)) {
            Some(V::Text(Some(t))) => t.clone(),
            _ => String::new(),
        }
    };
    let (act_key, act_document) = (column(&tables.acts, "act_key"), column(&tables.acts, "document_key"));
    let (document_key, path, sha256) =
        (column(&tables.documents, "document_key"), column(&tables.documents, "path"), column(&tables.documents, "sha256"));
    let (action_document, seq) = (column(&tables.actions, "document_key"), column(&tables.actions, "seq"));
    let documents: HashMap<String, &Vec<V>> = tables.documents.rows.iter().map(|d| (text(d, document_key), d)).collect();
    let mut rows_of: HashMap<String, Vec<&Vec<V>>> = HashMap::new();
    for a in &tables.actions.rows {
        rows_of.entry(text(a, action_document)).or_default().push(a);
    }
    let mut acts = BTreeMap::new();
    for act in &tables.acts.rows {
        let key = text(act, act_document);
        let Some(document) = documents.get(&key) else { continue };
        let mut fields = said(&tables.documents, document, &[]);
        fields.extend(said(&tables.acts, act, &[]));
        let mut rows = rows_of.remove(&key).unwrap_or_default();
        rows.sort_by_key(|a| match seq.and_then(|i| a.get(i)) {
            Some(V::Integer(Some(n))) => *n,
            _ => 0,
        });
        let actions: Vec<Value> = rows.iter().map(|a| Value::Object(said(&tables.actions, a, &REPEATS_ITS_ACT))).collect();
        let held = Held {
            path: text(document, path),
            sha256: text(document, sha256),
            actions: actions.len(),
            says: Says::Rows(serde_json::json!({"document": fields, "actions": actions})),
        };
        acts.insert(text(act, act_key), held);
    }
    acts
}

fn only(act_key: &str, held: &Held) -> ActOnly {
    ActOnly { act_key: act_key.to_string(), path: held.path.clone(), actions: held.actions }
}

/// The changes from `old` to `new`, act by act.
fn changes(old: &BTreeMap<String, Held>, new: &BTreeMap<String, Held>) -> Changes {
    let mut out = Changes::default();
    for (key, r) in old {
        if !new.contains_key(key) {
            out.removed.push(only(key, r));
        }
    }
    for (key, n) in new {
        let Some(o) = old.get(key) else {
            out.added.push(only(key, n));
            continue;
        };
        if o.sha256 == n.sha256 {
            out.unchanged += 1;
            continue;
        }
        let report = roadmap_diff::diff(&o.says(), &n.says());
        if report.is_empty() {
            out.unchanged += 1;
        } else {
            let (old, new) = (o.path.clone(), n.path.clone());
            out.changed.push(ActChanged { act_key: key.clone(), old, new, differences: report.count(), report });
        }
    }
    out
}

/// One side of the comparison.
struct Side {
    acts: BTreeMap<String, Held>,
    /// Files that could not be read.
    failed: usize,
    /// Read from an export folder's tables.
    export: bool,
}

/// The acts at `path`: an export folder's, or the canonical documents'.
fn side(path: &std::path::Path) -> Result<Side, String> {
    if path.is_dir() && roadmap_export::is_export(path) {
        let tables = roadmap_export::read_tables(path).map_err(|e| e.to_string())?;
        return Ok(Side { acts: exported_acts(&tables), failed: 0, export: true });
    }
    let loaded = crate::documents::load(std::slice::from_ref(&path.to_path_buf()))?;
    Ok(Side { acts: best_renditions(loaded.roadmaps), failed: loaded.failed, export: false })
}

pub fn run(args: ChangesArgs) -> u8 {
    let (old, new) = match (side(&args.old), side(&args.new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    if old.export != new.export {
        let (export, other) = if old.export { (&args.old, &args.new) } else { (&args.new, &args.old) };
        eprintln!(
            "error: {} is an export and {} is not: compare two exports, or two sets of canonical files",
            export.display(),
            other.display()
        );
        return 2;
    }
    let failed = old.failed + new.failed;
    if failed > 0 {
        // a file that could not be read would show its act as removed or added
        eprintln!("error: {failed} files could not be read; no changes are reported without them");
        return 2;
    }
    let found = changes(&old.acts, &new.acts);
    let written = match args.format {
        ChangesFormat::Json => {
            let code = crate::print_json(&found);
            if code != 0 {
                return code;
            }
            Ok(())
        }
        ChangesFormat::Text => write_text(&found, &mut std::io::stdout().lock()),
        ChangesFormat::Csv => write_csv(&found, &mut std::io::stdout().lock()),
    };
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write the output: {e}");
            2
        }
        _ => u8::from(found.any()),
    }
}

fn write_text(c: &Changes, out: &mut impl Write) -> std::io::Result<()> {
    for a in &c.added {
        writeln!(out, "+ {}: added ({}, {} actions)", a.act_key, a.path, a.actions)?;
    }
    for a in &c.removed {
        writeln!(out, "- {}: removed ({}, {} actions)", a.act_key, a.path, a.actions)?;
    }
    for a in &c.changed {
        writeln!(out, "~ {}: changed\n--- {}\n+++ {}", a.act_key, a.old, a.new)?;
        write!(out, "{}", a.report.render(false))?;
    }
    writeln!(out, "{} acts added, {} removed, {} changed, {} unchanged", c.added.len(), c.removed.len(), c.changed.len(), c.unchanged)
}

/// The columns of `--format csv`.
const CSV_COLUMNS: [&str; 9] = ["act_key", "change", "old_path", "new_path", "number", "action", "field", "old", "new"];

/// One row per change: an act added or removed; for a changed act, each document field, each
/// action added or removed and each field of a changed action.
fn write_csv(c: &Changes, out: &mut impl Write) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS)?;
    let value = |v: &Value| match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    for a in &c.added {
        w.write_record([a.act_key.as_str(), "act_added", "", &a.path, "", "", "", "", ""])?;
    }
    for a in &c.removed {
        w.write_record([a.act_key.as_str(), "act_removed", &a.path, "", "", "", "", "", ""])?;
    }
    for a in &c.changed {
        let field = |w: &mut csv::Writer<_>, change: &str, number: &str, action: &str, f: &FieldChange| {
            w.write_record([&a.act_key, change, &a.old, &a.new, number, action, &f.path, &value(&f.expected), &value(&f.actual)])
        };
        for f in &a.report.document {
            field(&mut w, "document_changed", "", "", f)?;
        }
        for change in &a.report.actions {
            match change {
                ActionChange::Added { number, action, .. } => {
                    w.write_record([&a.act_key, "action_added", &a.old, &a.new, number.as_deref().unwrap_or(""), action, "", "", ""])?
                }
                ActionChange::Removed { number, action, .. } => {
                    w.write_record([&a.act_key, "action_removed", &a.old, &a.new, number.as_deref().unwrap_or(""), action, "", "", ""])?
                }
                ActionChange::Changed { number, action, fields, .. } => {
                    for f in fields {
                        field(&mut w, "action_changed", number.as_deref().unwrap_or(""), action, f)?;
                    }
                }
            }
        }
    }
    w.flush()
}
