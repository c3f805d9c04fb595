//! `roadmap extract`: one file to stdout, or a parallel batch into a folder or a JSON-lines
//! stream. One bad file never stops the batch; outputs are written atomically.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use crate::read::{extract_file, FileError, Limits};
use crate::Input;

#[derive(clap::Args)]
pub struct ExtractArgs {
    /// Files and folders (folders are searched recursively for .docx .pdf .xlsx .xls .ods).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Write one DIR/<file name>.json per document, and DIR/_errors.jsonl.
    #[arg(short = 'o', long = "out", value_name = "DIR", conflicts_with = "jsonl")]
    out: Option<PathBuf>,
    /// Write one JSON document per line to FILE (`-` for stdout), in input order.
    #[arg(long, value_name = "FILE")]
    jsonl: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// Largest decompressed size of one part of a DOCX/XLSX package, in MiB.
    #[arg(long, default_value_t = 64)]
    max_part_mib: u64,
}

/// Extensions of the source documents `extract` reads.
pub const SOURCE_EXTENSIONS: &[&str] = &["docx", "docm", "pdf", "xlsx", "xls", "ods"];

/// Expand folders into their files with one of `extensions`, sorted, with output names
/// mirroring sub-folders. Files named on the command line are taken whatever their extension.
pub fn collect_inputs(paths: &[PathBuf], extensions: &[&str]) -> Result<Vec<Input>, String> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut stack = vec![path.clone()];
            let mut found = Vec::new();
            while let Some(dir) = stack.pop() {
                let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                for entry in entries.flatten() {
                    let p = entry.path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| extensions.contains(&e.to_ascii_lowercase().as_str()))
                    {
                        found.push(p);
                    }
                }
            }
            found.sort();
            for p in found {
                let relative = p.strip_prefix(path).map(Path::to_path_buf).unwrap_or_else(|_| p.clone());
                inputs.push(Input { path: p, relative });
            }
        } else if path.exists() {
            let relative = PathBuf::from(path.file_name().unwrap_or(path.as_os_str()));
            inputs.push(Input { path: path.clone(), relative });
        } else {
            return Err(format!("{}: no such file or folder", path.display()));
        }
    }
    Ok(inputs)
}

/// Write `data` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomically(path: &Path, data: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(data)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[derive(Serialize)]
struct ErrorLine<'a> {
    path: &'a str,
    code: &'a str,
    message: String,
}

/// The roadmap (its actions dropped once written to a folder), a mislabelling warning, and
/// the number of actions.
type Outcome = Result<(roadmap_model::Roadmap, Option<String>, usize), FileError>;

pub fn run(args: ExtractArgs) -> ExitCode {
    let inputs = match collect_inputs(&args.paths, SOURCE_EXTENSIONS) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let limits = Limits { max_part_bytes: args.max_part_mib.saturating_mul(1024 * 1024), ..Limits::default() };
    let single = args.out.is_none() && args.jsonl.is_none();
    if single {
        if inputs.len() != 1 || args.paths[0].is_dir() {
            eprintln!("error: several files need -o DIR or --jsonl FILE");
            return ExitCode::from(2);
        }
        let input = &inputs[0];
        let shown = input.path.display().to_string();
        return match extract_file(&input.path, &shown, &limits) {
            Ok(e) => {
                if let Some((claimed, actual)) = e.mislabelled {
                    eprintln!("warning: {shown}: named as {claimed:?}, read as {actual:?}");
                }
                crate::print_json(&e.roadmap)
            }
            Err(e) => {
                eprintln!("error: {shown}: {e}");
                ExitCode::from(1)
            }
        };
    }

    let pool = match rayon::ThreadPoolBuilder::new().num_threads(args.jobs.unwrap_or(0)).build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: cannot start worker threads: {e}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let progress = std::io::stderr().is_terminal().then(|| {
        let bar = indicatif::ProgressBar::new(inputs.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} {msg}") {
            bar.set_style(style);
        }
        bar
    });

    // In folder mode each document is handed to a writer thread as soon as it is extracted
    // (so memory stays flat), and the workers never wait for the disk: the writer writes,
    // syncs and renames while they go on.
    let out_dir = args.out.clone();
    let (outcomes, write_errors) = std::thread::scope(|scope| {
        // PDFs need the spelling dictionary: load it beside the workers, not in their way.
        if inputs.iter().any(|i| i.path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"))) {
            scope.spawn(roadmap_pdf::warm_up);
        }
        let (to_writer, queue) = std::sync::mpsc::sync_channel::<(usize, PathBuf, Vec<u8>)>(64);
        let writer = out_dir.is_some().then(|| {
            scope.spawn(move || {
                let mut errors: Vec<(usize, std::io::Error)> = Vec::new();
                for (index, path, json) in queue {
                    if let Err(e) = write_atomically(&path, &json) {
                        errors.push((index, e));
                    }
                }
                errors
            })
        });
        let outcomes: Vec<(String, Outcome)> = pool.install(|| {
            inputs
                .par_iter()
                .enumerate()
                .map_with(to_writer, |to_writer, (index, input)| {
                    let shown = input.path.display().to_string();
                    let outcome = extract_file(&input.path, &shown, &limits).and_then(|e| {
                        let warning = e.mislabelled.map(|(c, a)| format!("named as {c:?}, read as {a:?}"));
                        let mut roadmap = e.roadmap;
                        let actions = roadmap.actions.len();
                        if let Some(dir) = &out_dir {
                            let mut name = input.relative.clone().into_os_string();
                            name.push(".json");
                            let json = serde_json::to_vec_pretty(&roadmap).map_err(std::io::Error::from)?;
                            to_writer
                                .send((index, dir.join(name), json))
                                .map_err(|_| std::io::Error::other("the output writer stopped"))?;
                            // keep only a summary of what was written
                            roadmap.actions = Vec::new();
                        }
                        Ok((roadmap, warning, actions))
                    });
                    if let Some(bar) = &progress {
                        bar.inc(1);
                    }
                    (shown, outcome)
                })
                .collect()
        });
        let write_errors =
            writer.map(|w| w.join().unwrap_or_else(|_| vec![(usize::MAX, std::io::Error::other("the output writer failed"))]));
        (outcomes, write_errors.unwrap_or_default())
    });
    let mut outcomes = outcomes;
    for (index, error) in write_errors {
        match outcomes.get_mut(index) {
            Some((_, outcome)) => *outcome = Err(FileError::Io(error)),
            None => eprintln!("error: {error}"),
        }
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    finish(&args, outcomes, started)
}

fn finish(args: &ExtractArgs, outcomes: Vec<(String, Outcome)>, started: Instant) -> ExitCode {
    let mut failures = 0usize;
    let mut documents = 0usize;
    let mut error_lines = Vec::new();
    let mut jsonl = Vec::new();
    for (shown, outcome) in &outcomes {
        match outcome {
            Ok((roadmap, warning, _)) => {
                documents += 1;
                if let Some(w) = warning {
                    eprintln!("warning: {shown}: {w}");
                }
                if args.jsonl.is_some() {
                    match serde_json::to_vec(roadmap) {
                        Ok(line) => {
                            jsonl.extend_from_slice(&line);
                            jsonl.push(b'\n');
                        }
                        Err(e) => eprintln!("error: {shown}: {e}"),
                    }
                }
            }
            Err(e) => {
                failures += 1;
                eprintln!("error: {shown}: {e}");
                let line = ErrorLine { path: shown, code: e.code(), message: e.to_string() };
                if let Ok(json) = serde_json::to_vec(&line) {
                    error_lines.extend_from_slice(&json);
                    error_lines.push(b'\n');
                }
            }
        }
    }
    let actions: usize = outcomes.iter().filter_map(|(_, o)| o.as_ref().ok()).map(|(_, _, n)| n).sum();
    let mut write_failed = false;
    if let Some(dir) = &args.out {
        if let Err(e) = write_atomically(&dir.join("_errors.jsonl"), &error_lines) {
            eprintln!("error: {}: {e}", dir.display());
            write_failed = true;
        }
    }
    if let Some(target) = &args.jsonl {
        let written = if target.as_os_str() == "-" {
            let mut out = std::io::stdout().lock();
            out.write_all(&jsonl).and_then(|()| out.flush())
        } else {
            write_atomically(target, &jsonl)
        };
        if let Err(e) = written {
            eprintln!("error: {}: {e}", target.display());
            write_failed = true;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let rate = if elapsed > 0.0 { outcomes.len() as f64 / elapsed } else { 0.0 };
    eprintln!("{documents} documents, {actions} actions, {failures} failed, {elapsed:.2}s, {rate:.0} docs/s");
    if write_failed {
        ExitCode::from(2)
    } else if failures > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
