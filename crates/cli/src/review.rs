//! `roadmap diff EXPECTED ACTUAL`: field-level differences between canonical files, or between
//! two folders of them, paired by relative path or (`--pair act`) by the act they render, so
//! that the renditions of one act (its DOCX, PDF, XLSX, a scan) can be held against each other.
//! Exit 0 same, 1 different, 2 error.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use roadmap_diff::Report;
use serde::Serialize;
use serde_json::Value;

use crate::inputs::{walk, Input, WalkRules};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PairBy {
    /// Files of the same relative path.
    Path,
    /// Each file of ACTUAL with the rendition of the same act in EXPECTED (its `act_key`;
    /// the DOCX first, then the other word-processor formats, the workbooks, the PDF). Give
    /// one folder twice to hold every rendition against its act's best one.
    Act,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Colour {
    /// Colour when stdout is a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

#[derive(clap::Args)]
pub struct DiffArgs {
    /// The expected canonical file (or folder of them), e.g. a blessed fixture.
    expected: PathBuf,
    /// The actual canonical file (or folder).
    actual: PathBuf,
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    #[arg(long, value_enum, default_value_t = Colour::Auto)]
    color: Colour,
    /// How the files of two folders are paired.
    #[arg(long, value_enum, default_value_t = PairBy::Path)]
    pair: PairBy,
    /// Also write DIR/index.html: each changed row with its source before and after (the
    /// crop of its PDF page, or its table drawn), the sources found at `source.path`.
    #[arg(long, value_name = "DIR")]
    html: Option<PathBuf>,
}

/// One compared pair; a side is `None` when only the other folder has the file.
#[derive(Serialize)]
struct Pair {
    expected: Option<String>,
    actual: Option<String>,
    differences: usize,
    #[serde(flatten)]
    report: Report,
}

#[derive(Serialize)]
struct JsonReport {
    same: bool,
    differences: usize,
    documents: Vec<Pair>,
}

/// A canonical file as JSON; anything else is refused with what to do instead.
fn read_json(path: &Path) -> Result<Value, String> {
    let not_canonical = |why: String| {
        format!(
            "{}: not a canonical roadmap ({why}); diff compares the JSON that `roadmap extract` writes: run `roadmap extract {}` first",
            path.display(),
            path.display()
        )
    };
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|_| not_canonical("not text".into()))?;
    let value: Value = serde_json::from_str(&text).map_err(|e| not_canonical(format!("not JSON: {e}")))?;
    if value.get("schema_version").is_none() || value.get("actions").is_none() {
        return Err(not_canonical("no schema_version or actions".into()));
    }
    Ok(value)
}

/// An expected and an actual file; a side is `None` when only the other folder has it.
type FilePair = (Option<PathBuf>, Option<PathBuf>);

/// A rendition without what differs between renditions by nature: the source file, where
/// each field and action stands in it, how its plan's tables were judged (their places and
/// cell counts are the layout's: `plan.tables`, `plan.confidence`), and the kind of white
/// space between words (a PDF has line ends where a DOCX has spaces).
pub(crate) fn what_an_act_says(mut value: Value) -> Value {
    fn collapse(value: &mut Value) {
        match value {
            Value::String(s) => *s = s.split_whitespace().collect::<Vec<_>>().join(" "),
            Value::Array(items) => items.iter_mut().for_each(collapse),
            Value::Object(map) => map.values_mut().for_each(collapse),
            _ => {}
        }
    }
    if let Some(object) = value.as_object_mut() {
        object.remove("source");
    }
    for part in ["document", "plan"] {
        if let Some(part) = value.get_mut(part).and_then(Value::as_object_mut) {
            part.remove("provenance");
        }
    }
    if let Some(plan) = value.get_mut("plan").and_then(Value::as_object_mut) {
        plan.remove("tables");
        plan.remove("confidence");
    }
    if let Some(actions) = value.get_mut("actions").and_then(Value::as_array_mut) {
        for action in actions {
            if let Some(action) = action.as_object_mut() {
                action.remove("provenance");
            }
        }
    }
    collapse(&mut value);
    value
}

/// A canonical file's act and how good a rendition of it it is (lower is better).
fn act_of(path: &Path) -> Result<(String, u8), String> {
    let value = read_json(path)?;
    let roadmap: roadmap_model::Roadmap =
        serde_json::from_value(value).map_err(|e| format!("{}: not a canonical roadmap ({e})", path.display()))?;
    Ok((roadmap.act(), roadmap.source.format.rendition_rank()))
}

/// Every file of `actual` with its act's best rendition in `expected` (itself left out when
/// the folders are one); the acts of `expected` that `actual` lacks, alone.
fn pairs_by_act(expected: &[Input], actual: &[Input]) -> Result<Vec<FilePair>, String> {
    let read = |inputs: &[Input]| -> Result<Vec<(PathBuf, String, u8)>, String> {
        inputs.iter().map(|i| act_of(&i.path).map(|(key, rank)| (i.path.clone(), key, rank))).collect()
    };
    let (mut a, b) = (read(expected)?, read(actual)?);
    a.sort_by(|x, y| (x.2, &x.0).cmp(&(y.2, &y.0)));
    let best = |key: &str| a.iter().find(|(_, k, _)| k == key).map(|(p, _, _)| p.clone());
    let mut out: Vec<FilePair> = Vec::new();
    for (path, key, _) in &b {
        match best(key) {
            // the best rendition itself, when one folder is given twice
            Some(expected) if expected == *path => {}
            Some(expected) => out.push((Some(expected), Some(path.clone()))),
            None => out.push((None, Some(path.clone()))),
        }
    }
    for (path, key, _) in &a {
        if !b.iter().any(|(_, k, _)| k == key) && !out.iter().any(|(e, _)| e.as_ref() == Some(path)) {
            out.push((Some(path.clone()), None));
        }
    }
    Ok(out)
}

/// The files to compare: the two files, or the `.json` files of two folders by relative path
/// or by act.
fn pairs(expected: &Path, actual: &Path, by: PairBy) -> Result<Vec<FilePair>, String> {
    match (expected.is_dir(), actual.is_dir()) {
        (false, false) => Ok(vec![(Some(expected.to_path_buf()), Some(actual.to_path_buf()))]),
        (true, true) if by == PairBy::Act => {
            let rules = WalkRules { extensions: vec!["json"], ..WalkRules::default() };
            pairs_by_act(&walk(&[expected.to_path_buf()], &rules)?.inputs, &walk(&[actual.to_path_buf()], &rules)?.inputs)
        }
        (true, true) => {
            let rules = WalkRules { extensions: vec!["json"], ..WalkRules::default() };
            let a = walk(&[expected.to_path_buf()], &rules)?.inputs;
            let b = walk(&[actual.to_path_buf()], &rules)?.inputs;
            let mut names: Vec<&PathBuf> = a.iter().chain(&b).map(|i| &i.relative).collect();
            names.sort();
            names.dedup();
            Ok(names
                .into_iter()
                .map(|n| {
                    let find = |list: &[Input]| list.iter().find(|i| &i.relative == n).map(|i| i.path.clone());
                    (find(&a), find(&b))
                })
                .collect())
        }
        _ => Err("compare a file with a file, or a folder with a folder".into()),
    }
}

pub fn run(args: DiffArgs) -> u8 {
    for p in [&args.expected, &args.actual] {
        if !p.exists() {
            eprintln!("error: {}: no such file or folder", p.display());
            return 2;
        }
    }
    let pairs = match pairs(&args.expected, &args.actual, args.pair) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let mut documents = Vec::new();
    let mut compared = Vec::new();
    for (a, b) in pairs {
        let load = |p: &Option<PathBuf>| p.as_deref().map(read_json).transpose();
        let (va, vb) = match (load(&a), load(&b)) {
            (Ok(va), Ok(vb)) => (va, vb),
            (Err(e), _) | (_, Err(e)) => {
                eprintln!("error: {e}");
                return 2;
            }
        };
        let report = match (va, vb) {
            (Some(x), Some(y)) if args.pair == PairBy::Act => roadmap_diff::diff(&what_an_act_says(x), &what_an_act_says(y)),
            (Some(x), Some(y)) => roadmap_diff::diff(&x, &y),
            _ => Report::default(),
        };
        let missing = usize::from(a.is_none() || b.is_none());
        let shown = |p: &Option<PathBuf>| p.as_ref().map(|p| p.display().to_string());
        documents.push(Pair { expected: shown(&a), actual: shown(&b), differences: report.count() + missing, report });
        compared.push((a, b));
    }
    if let Some(dir) = &args.html {
        if let Err(e) = write_html(dir, &compared, &documents) {
            eprintln!("error: {}: {e}", dir.display());
            return 2;
        }
    }
    let total: usize = documents.iter().map(|d| d.differences).sum();
    let colour = match args.color {
        Colour::Always => true,
        Colour::Never => false,
        Colour::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let written = match args.format {
        DiffFormat::Json => {
            crate::print_json(&JsonReport { same: total == 0, differences: total, documents });
            Ok(())
        }
        DiffFormat::Text => write_text(&documents, total, colour),
    };
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write the output: {e}");
            2
        }
        _ if total == 0 => 0,
        _ => 1,
    }
}

/// A value of a change as the page shows it: text as it is, nothing for `null`.
fn as_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn field_changes(changes: &[roadmap_diff::FieldChange]) -> Vec<roadmap_review::FieldChange> {
    changes
        .iter()
        .map(|f| roadmap_review::FieldChange { path: f.path.clone(), before: as_text(&f.expected), after: as_text(&f.actual) })
        .collect()
}

/// `diff --html DIR`: the changed pairs' rows with their sources before and after, the PDF
/// pages they are on drawn into `DIR/pages/`.
fn write_html(dir: &Path, compared: &[(Option<PathBuf>, Option<PathBuf>)], documents: &[Pair]) -> Result<(), String> {
    use roadmap_diff::ActionChange;
    crate::output::check_folder(dir).and_then(|()| std::fs::create_dir_all(dir.join("pages"))).map_err(|e| e.to_string())?;
    let prepare = |path: &Path| -> Result<crate::report::Prepared, String> {
        let input = Input { path: path.to_path_buf(), relative: PathBuf::new() };
        crate::report::prepare(&input, dir, 150.0, None)?.into_iter().next().ok_or_else(|| format!("{}: no document", path.display()))
    };
    let mut sides = Vec::new();
    for ((a, b), pair) in compared.iter().zip(documents) {
        if let (Some(a), Some(b), false) = (a, b, pair.report.is_empty()) {
            sides.push((prepare(a)?, prepare(b)?, &pair.report));
        }
    }
    let changed: Vec<roadmap_review::ChangedDocument> = sides
        .iter()
        .map(|(before, after, report)| {
            let rows = report
                .actions
                .iter()
                .map(|change| {
                    let name = |number: &Option<String>, action: &str| {
                        let short: String = action.chars().take(60).collect();
                        format!(
                            "action {} «{short}{}»",
                            number.as_deref().unwrap_or("—"),
                            if short.len() < action.len() { "…" } else { "" }
                        )
                    };
                    match change {
                        ActionChange::Changed { number, action, expected_seq, actual_seq, fields } => roadmap_review::RowChange {
                            label: format!("~ {}", name(number, action)),
                            before: *expected_seq,
                            after: *actual_seq,
                            fields: field_changes(fields),
                        },
                        ActionChange::Added { number, action, actual_seq } => roadmap_review::RowChange {
                            label: format!("+ {}", name(number, action)),
                            before: None,
                            after: *actual_seq,
                            fields: Vec::new(),
                        },
                        ActionChange::Removed { number, action, expected_seq } => roadmap_review::RowChange {
                            label: format!("- {}", name(number, action)),
                            before: *expected_seq,
                            after: None,
                            fields: Vec::new(),
                        },
                    }
                })
                .collect();
            roadmap_review::ChangedDocument {
                before: before.reviewed(),
                after: after.reviewed(),
                fields: field_changes(&report.document),
                rows,
            }
        })
        .collect();
    crate::output::write(&dir.join("index.html"), roadmap_review::changes_page(&changed).as_bytes()).map_err(|e| e.to_string())
}

fn write_text(documents: &[Pair], total: usize, colour: bool) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    let several = documents.len() > 1;
    for d in documents {
        match (&d.expected, &d.actual) {
            (Some(a), None) => writeln!(out, "- {a}: only expected")?,
            (None, Some(b)) => writeln!(out, "+ {b}: only actual")?,
            (Some(a), Some(b)) if d.differences > 0 || !several => {
                writeln!(out, "--- {a}\n+++ {b}")?;
                write!(out, "{}", d.report.render(colour))?;
            }
            _ => {}
        }
    }
    match total {
        0 => writeln!(out, "no differences"),
        1 => writeln!(out, "1 difference"),
        n => writeln!(out, "{n} differences"),
    }
}
