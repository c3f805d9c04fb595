//! `roadmap diff EXPECTED ACTUAL`: field-level differences between canonical files, or between
//! two folders of them (paired by relative path). Exit 0 same, 1 different, 2 error.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use roadmap_diff::Report;
use serde::Serialize;
use serde_json::Value;

use crate::inputs::{walk, Input, WalkRules};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum DiffFormat {
    Text,
    Json,
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

/// The files to compare: the two files, or the `.json` files of two folders by relative path.
fn pairs(expected: &Path, actual: &Path) -> Result<Vec<FilePair>, String> {
    match (expected.is_dir(), actual.is_dir()) {
        (false, false) => Ok(vec![(Some(expected.to_path_buf()), Some(actual.to_path_buf()))]),
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

pub fn run(args: DiffArgs) -> ExitCode {
    for p in [&args.expected, &args.actual] {
        if !p.exists() {
            eprintln!("error: {}: no such file or folder", p.display());
            return ExitCode::from(2);
        }
    }
    let pairs = match pairs(&args.expected, &args.actual) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut documents = Vec::new();
    for (a, b) in pairs {
        let load = |p: &Option<PathBuf>| p.as_deref().map(read_json).transpose();
        let (va, vb) = match (load(&a), load(&b)) {
            (Ok(va), Ok(vb)) => (va, vb),
            (Err(e), _) | (_, Err(e)) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        let report = match (&va, &vb) {
            (Some(x), Some(y)) => roadmap_diff::diff(x, y),
            _ => Report::default(),
        };
        let missing = usize::from(va.is_none() || vb.is_none());
        let shown = |p: &Option<PathBuf>| p.as_ref().map(|p| p.display().to_string());
        documents.push(Pair { expected: shown(&a), actual: shown(&b), differences: report.count() + missing, report });
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
            ExitCode::from(2)
        }
        _ if total == 0 => ExitCode::SUCCESS,
        _ => ExitCode::from(1),
    }
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
