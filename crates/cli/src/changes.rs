//! `roadmap changes OLD NEW`: what changed between two sets of canonical documents (two
//! `extract -o` folders, a week apart): the acts added, the acts removed, and for an act in
//! both whose best rendition says something else, its changes field by field and row by row
//! (the `diff` engine, the renditions compared as `diff --pair act` does).
//!
//! In: two paths of anything `export` takes (canonical files, folders of them, source
//! documents). Out: text for a person, JSON, or CSV (one row per change); exit 0 nothing
//! changed, 1 something did, 2 error.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

use roadmap_diff::{ActionChange, FieldChange, Report};
use roadmap_model::Roadmap;
use serde::Serialize;
use serde_json::Value;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ChangesFormat {
    Text,
    Json,
    Csv,
}

#[derive(clap::Args)]
pub struct ChangesArgs {
    /// The earlier documents: canonical files or a folder of them (or source documents).
    old: PathBuf,
    /// The later documents.
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

/// Each act's best rendition (the one `export` takes its actions from), by act key.
fn best_renditions(roadmaps: Vec<Roadmap>) -> BTreeMap<String, Roadmap> {
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
    acts
}

fn only(act_key: &str, r: &Roadmap) -> ActOnly {
    ActOnly { act_key: act_key.to_string(), path: r.source.path.clone(), actions: r.actions.len() }
}

/// The changes from `old` to `new`, act by act.
fn changes(old: Vec<Roadmap>, new: Vec<Roadmap>) -> Changes {
    let (old, new) = (best_renditions(old), best_renditions(new));
    let mut out = Changes::default();
    for (key, r) in &old {
        if !new.contains_key(key) {
            out.removed.push(only(key, r));
        }
    }
    for (key, n) in &new {
        let Some(o) = old.get(key) else {
            out.added.push(only(key, n));
            continue;
        };
        if o.source.sha256 == n.source.sha256 {
            out.unchanged += 1;
            continue;
        }
        let says = |r: &Roadmap| serde_json::to_value(r).map(crate::review::what_an_act_says).unwrap_or(Value::Null);
        let report = roadmap_diff::diff(&says(o), &says(n));
        if report.is_empty() {
            out.unchanged += 1;
        } else {
            let (old, new) = (o.source.path.clone(), n.source.path.clone());
            out.changed.push(ActChanged { act_key: key.clone(), old, new, differences: report.count(), report });
        }
    }
    out
}

pub fn run(args: ChangesArgs) -> u8 {
    let mut sides = Vec::new();
    let mut failed = 0;
    for path in [&args.old, &args.new] {
        match crate::documents::load(std::slice::from_ref(path)) {
            Ok(loaded) => {
                failed += loaded.failed;
                sides.push(loaded.roadmaps);
            }
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        }
    }
    if failed > 0 {
        // a file that could not be read would show its act as removed or added
        eprintln!("error: {failed} files could not be read; no changes are reported without them");
        return 2;
    }
    let new = sides.pop().unwrap_or_default();
    let old = sides.pop().unwrap_or_default();
    let found = changes(old, new);
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
