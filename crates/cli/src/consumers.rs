//! `roadmap compare PATH...` and `roadmap export PATH... --to DIR`: canonical documents (JSON
//! files, or source documents extracted on the way) → a region × milestone comparison, or flat
//! files for a warehouse.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use roadmap_milestones::Vocabulary;

use crate::corrections::Corrections;
use crate::documents::{load, Loaded};
use crate::output::{self, Output};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum CompareFormat {
    /// A Markdown table.
    Md,
    Csv,
    Json,
    /// One self-contained HTML page.
    Html,
}

#[derive(clap::Args)]
pub struct CompareArgs {
    /// Canonical JSON files (.json, .jsonl), source documents, or folders of them.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = CompareFormat::Md)]
    format: CompareFormat,
    /// Write to FILE instead of stdout.
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    out: Option<PathBuf>,
    /// Only the plans of this year (by default, one row per region and plan year).
    #[arg(long, value_parser = clap::value_parser!(i32).range(1990..=2100))]
    year: Option<i32>,
    /// Apply the reviewers' corrections of this file first (rows marked wrong are left out).
    #[arg(long, value_name = "FILE")]
    corrections: Option<PathBuf>,
    /// HTML: link each cell's actions to their rows in the review report at this folder or
    /// address (as `roadmap review` writes it), relative to the page.
    #[arg(long, value_name = "DIR")]
    review: Option<String>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    Csv,
    Parquet,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// Canonical JSON files (.json, .jsonl), source documents, or folders of them.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Folder for the tables: acts, documents and actions (with schema.sql for CSV).
    #[arg(long, value_name = "DIR")]
    to: PathBuf,
    /// CSV files with a PostgreSQL schema.sql, or Parquet files (DATE, INT, list<string>, zstd).
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    format: ExportFormat,
    /// Export the actions of every rendition of an act (by default, of its best rendition).
    #[arg(long)]
    all_renditions: bool,
    /// Apply the reviewers' corrections of this file first.
    #[arg(long, value_name = "FILE")]
    corrections: Option<PathBuf>,
    /// With --format parquet: Hive-style partitions by region and plan year
    /// (`actions/region_iso=RU-ORL/year=2022/part-0.parquet`), only the partitions that changed
    /// written again, those no longer exported removed.
    #[arg(long)]
    partitioned: bool,
}

/// Load the documents, with the corrections of `corrections` applied; the exit code (after
/// saying why) when there is nothing to work on.
fn documents(paths: &[PathBuf], corrections: Option<&std::path::Path>) -> Result<Loaded, u8> {
    let corrections = Corrections::load_optional(corrections).map_err(|e| {
        eprintln!("error: {e}");
        2
    })?;
    match load(paths) {
        Ok(loaded) if loaded.roadmaps.is_empty() => {
            eprintln!("error: none of the documents could be read");
            Err(1)
        }
        Ok(mut loaded) => {
            if let Some(c) = &corrections {
                loaded.roadmaps.iter_mut().for_each(|r| c.apply(r));
                c.finish();
            }
            Ok(loaded)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Err(2)
        }
    }
}

fn finish(failed: usize) -> u8 {
    if failed > 0 {
        1
    } else {
        0
    }
}

pub fn compare(args: CompareArgs) -> u8 {
    // the output first: no work is done to find it cannot be written
    let mut out = match Output::create(args.out.as_deref().unwrap_or(std::path::Path::new("-"))) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {}: cannot write the output: {e}", args.out.as_deref().unwrap_or(std::path::Path::new("-")).display());
            return 2;
        }
    };
    let loaded = match documents(&args.paths, args.corrections.as_deref()) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let comparison = roadmap_compare::compare(&loaded.roadmaps, Vocabulary::builtin(), args.year);
    let text = match args.format {
        CompareFormat::Md => Ok(comparison.markdown()),
        CompareFormat::Csv => comparison.csv().map_err(|e| e.to_string()),
        CompareFormat::Json => serde_json::to_string_pretty(&comparison).map(|j| j + "\n").map_err(|e| e.to_string()),
        CompareFormat::Html => Ok(comparison.html(args.review.as_deref())),
    };
    let written = text.and_then(|text| match out.write_all(text.as_bytes()).and_then(|()| out.commit()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("cannot write the output: {e}")),
        _ => Ok(()),
    });
    if let Err(e) = written {
        eprintln!("error: {e}");
        return 2;
    }
    finish(loaded.failed)
}

pub fn export(args: ExportArgs) -> u8 {
    if args.partitioned && !matches!(args.format, ExportFormat::Parquet) {
        eprintln!("error: --partitioned needs --format parquet");
        return 2;
    }
    let existed = args.to.exists();
    if let Err(e) = output::check_folder(&args.to) {
        eprintln!("error: {}: cannot write the output folder: {e}", args.to.display());
        return 2;
    }
    let loaded = match documents(&args.paths, args.corrections.as_deref()) {
        Ok(l) => l,
        Err(code) => {
            // nothing to export leaves no folder behind (removed only when it is ours and empty)
            if !existed {
                let _ = std::fs::remove_dir(&args.to);
            }
            return code;
        }
    };
    let options = roadmap_export::Options { all_renditions: args.all_renditions, every_file: false };
    let tables = roadmap_export::tables(&loaded.roadmaps, options);
    let mut outputs = Vec::new();
    for table in tables.all() {
        let written = match args.format {
            ExportFormat::Csv => table.to_csv().map(|csv| vec![(format!("{}.csv", table.name), csv.into_bytes())]),
            ExportFormat::Parquet if args.partitioned => table.to_partitions(),
            ExportFormat::Parquet => table.to_parquet().map(|bytes| vec![(format!("{}.parquet", table.name), bytes)]),
        };
        match written {
            Ok(files) => outputs.extend(files),
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        }
    }
    if matches!(args.format, ExportFormat::Csv) {
        outputs.push(("schema.sql".to_string(), roadmap_export::SCHEMA_SQL.as_bytes().to_vec()));
        outputs.push(("merge.sql".to_string(), roadmap_export::merge_sql().into_bytes()));
    }
    // a file that already holds what it would be written with is left as it is, so a loader
    // that looks at time stamps (or a partition reader) sees only what changed
    let mut rewritten = 0;
    for (name, data) in &outputs {
        let path = args.to.join(name);
        match output::write_if_changed(&path, data) {
            Ok(wrote) => rewritten += usize::from(wrote),
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                return 2;
            }
        }
    }
    let removed = if args.partitioned {
        let kept: HashSet<PathBuf> = outputs.iter().map(|(name, _)| args.to.join(name)).collect();
        match remove_stale_partitions(&args.to, &kept) {
            Ok(n) => n,
            Err(e) => {
                eprintln!("error: {}: {e}", args.to.display());
                return 2;
            }
        }
    } else {
        0
    };
    let (acts, actions) = (tables.acts.rows.len(), tables.actions.rows.len());
    let mut files = format!("{rewritten} of {} files written", outputs.len());
    if removed > 0 {
        files.push_str(&format!(", {removed} partitions removed"));
    }
    eprintln!("{acts} acts, {} documents, {actions} actions → {} ({files})", loaded.roadmaps.len(), args.to.display());
    finish(loaded.failed)
}

/// Remove the partition files under `dir`'s table folders that this export did not write (an
/// act that moved to another region or year, or is no longer exported), and the folders they
/// leave empty; nothing else is touched. The number removed.
fn remove_stale_partitions(dir: &Path, kept: &HashSet<PathBuf>) -> std::io::Result<usize> {
    let mut removed = 0;
    for table in ["acts", "documents", "actions"] {
        let root = dir.join(table);
        if !root.is_dir() {
            continue;
        }
        let stale: Vec<PathBuf> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() && e.file_name() == roadmap_export::PARTITION_FILE && !kept.contains(e.path()))
            .map(|e| e.into_path())
            .collect();
        for path in stale {
            std::fs::remove_file(&path)?;
            removed += 1;
            // the partition's folders, while they are empty (remove_dir refuses a folder that is not)
            for folder in path.ancestors().skip(1).take_while(|f| *f != root) {
                if std::fs::remove_dir(folder).is_err() {
                    break;
                }
            }
        }
    }
    Ok(removed)
}
