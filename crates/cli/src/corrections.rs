//! `--corrections FILE` for `extract`, `compare`, `export` and `review`: the reviewers'
//! corrections file read once, applied over each document as it is extracted or loaded, and
//! every correction not applied reported — on stderr, and in the document's warnings as
//! `correction.not_applied` — with why.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use roadmap_corrections::Correction;
use roadmap_model::Roadmap;

use crate::read::Extracted;
use crate::render::{render, Failed, Rendered};

/// The corrections of one file, and the documents they were held against so far.
pub struct Corrections {
    path: PathBuf,
    /// The first 16 hex digits of the file's SHA-256: what the ledger records of it.
    fingerprint: String,
    corrections: Vec<Correction>,
    seen: Mutex<HashSet<String>>,
}

impl Corrections {
    /// Read and parse the file; `Err` says what is wrong with it, for a usage error.
    pub fn load(path: &Path) -> Result<Corrections, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read the corrections: {e}", path.display()))?;
        let corrections = roadmap_corrections::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let fingerprint = crate::read::sha256(text.as_bytes())[..16].to_string();
        Ok(Corrections { path: path.to_path_buf(), fingerprint, corrections, seen: Mutex::new(HashSet::new()) })
    }

    /// What identifies the file's content (for the ledger's settings).
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// `--corrections` given or not.
    pub fn load_optional(path: Option<&Path>) -> Result<Option<Corrections>, String> {
        path.map(Corrections::load).transpose()
    }

    fn file(&self) -> String {
        self.path.display().to_string()
    }

    /// Apply the corrections of `roadmap`'s document; each one not applied is a warning on
    /// stderr and in the document.
    pub fn apply(&self, roadmap: &mut Roadmap) {
        if let Ok(mut seen) = self.seen.lock() {
            seen.insert(roadmap.source.sha256.clone());
        }
        for message in roadmap_corrections::apply_noting(roadmap, &self.corrections, &self.file()) {
            eprintln!("warning: {}: {message}", roadmap.source.path);
        }
    }

    /// Apply the corrections to a document read and serialized elsewhere (`extract
    /// --isolate`'s worker process): its JSON read back, corrected and serialized again, the
    /// notes on it kept.
    pub fn apply_to_rendered(&self, rendered: Rendered, pretty: bool) -> Result<Rendered, Failed> {
        let failed = |message: String| Failed { code: roadmap_codes::INTERNAL.to_string(), message };
        let mut roadmap: Roadmap = serde_json::from_slice(&rendered.json.into_bytes())
            .map_err(|e| failed(format!("the worker's document cannot be read back to correct it: {e}")))?;
        self.apply(&mut roadmap);
        let again = render(Extracted { roadmap, mislabelled: None }, pretty).map_err(|e| failed(e.to_string()))?;
        Ok(Rendered { notes: rendered.notes, ..again })
    }

    /// Report the corrections whose document was none of those applied to.
    pub fn finish(&self) {
        let seen = self.seen.lock().map(|s| s.clone()).unwrap_or_default();
        for report in roadmap_corrections::without_document(&self.corrections, seen.iter().map(String::as_str)) {
            eprintln!("warning: {}", report.say(&self.file()));
        }
    }
}
