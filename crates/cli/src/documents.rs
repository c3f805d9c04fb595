//! Canonical documents for the commands that consume them (`compare`, `export`): canonical
//! JSON files (`.json`, one document; `.jsonl`, one a line, as `extract --jsonl` writes), or
//! source documents, extracted on the way. Folders are searched recursively. A file that
//! cannot be read is reported on stderr and left out; the rest go on.

use std::path::PathBuf;

use rayon::prelude::*;
use roadmap_model::Roadmap;

use crate::inputs::{walk, WalkRules, DOCUMENT_EXTENSIONS};
use crate::read::{extract_file, Limits};

/// The documents found, in path order, and how many files failed.
pub struct Loaded {
    pub roadmaps: Vec<Roadmap>,
    pub failed: usize,
}

fn parse_json(text: &str) -> Result<Vec<Roadmap>, String> {
    serde_json::from_str(text).map(|r| vec![r]).map_err(|e| format!("not a canonical roadmap: {e}"))
}

fn parse_jsonl(text: &str) -> Result<Vec<Roadmap>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: not a canonical roadmap: {e}", i + 1)))
        .collect()
}

fn load_one(path: &std::path::Path) -> Result<Vec<Roadmap>, String> {
    let shown = path.display().to_string();
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    match extension.as_str() {
        "json" | "jsonl" => {
            let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
            if extension == "json" {
                parse_json(&text)
            } else {
                parse_jsonl(&text)
            }
        }
        _ => extract_file(path, &shown, &Limits::default()).map(|e| vec![e.roadmap]).map_err(|e| e.to_string()),
    }
}

/// Load every document under `paths`. `Err` is a usage error: nothing to read there.
pub fn load(paths: &[PathBuf]) -> Result<Loaded, String> {
    let extensions = DOCUMENT_EXTENSIONS.iter().copied().chain(["json", "jsonl"]).collect();
    let walked = walk(paths, &WalkRules { extensions, documents: true, ..WalkRules::default() })?;
    let mut loaded = Loaded { roadmaps: Vec::new(), failed: 0 };
    for p in &walked.problems {
        eprintln!("error: {}: {}", p.path.display(), p.error);
        loaded.failed += 1;
    }
    // what `extract -o` writes beside the documents: its failures and its ledger
    let beside = [crate::batch::ERRORS, crate::ledger::FILE];
    let inputs: Vec<_> = walked.inputs.iter().filter(|i| i.path.file_name().is_none_or(|n| !beside.iter().any(|b| n == *b))).collect();
    if inputs.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        return Err(format!("{}: no documents found", shown.join(", ")));
    }
    let results: Vec<_> = inputs.par_iter().map(|i| (i, load_one(&i.path))).collect();
    for (input, result) in results {
        match result {
            Ok(r) => loaded.roadmaps.extend(r),
            Err(e) => {
                eprintln!("error: {}: {e}", input.shown());
                loaded.failed += 1;
            }
        }
    }
    Ok(loaded)
}
