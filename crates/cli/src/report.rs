//! `roadmap review PATH... -o DIR`: the review report of source documents (extracted on the
//! way) or canonical files (their sources found at `source.path`): `DIR/index.html`, a page
//! per document (`DIR/doc-<sha256 prefix>.html`) and the pictures of the PDF pages its rows and
//! fields are on (`DIR/pages/`), drawn by `roadmap-render`. The pages open from disk, offline.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use roadmap_model::{Format, Roadmap};
use roadmap_review::{Attention, Entry, Failure, Neighbours, PageImage, Reviewed};
use sha2::{Digest, Sha256};

use crate::corrections::Corrections;
use crate::inputs::{walk, Input, WalkRules, DOCUMENT_EXTENSIONS};
use crate::output;
use crate::read::{extract_keeping_layout, read_input, Limits};

#[derive(clap::Args)]
pub struct ReviewArgs {
    /// Source documents, canonical JSON files (.json, .jsonl: their sources are found at
    /// `source.path`), or folders of them.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The folder for the report: index.html, a page per document, pages/ with the PDF pages.
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    out: PathBuf,
    /// A corrections file (JSON lines, as the report's pages save them) to show applied.
    #[arg(long, value_name = "FILE")]
    corrections: Option<PathBuf>,
    /// Resolution of the pictures of PDF pages.
    #[arg(long, default_value_t = roadmap_review::DEFAULT_DPI, value_parser = dpi)]
    dpi: f32,
}

fn dpi(text: &str) -> Result<f32, String> {
    text.parse::<f32>()
        .ok()
        .filter(|d| (36.0..=600.0).contains(d))
        .ok_or_else(|| format!("«{text}» is not a resolution from 36 to 600 dpi"))
}

/// One document ready for its page: the roadmap, the document as read, the pages drawn.
pub(crate) struct Prepared {
    pub(crate) roadmap: Roadmap,
    layout: Option<roadmap_layout::Document>,
    pages: BTreeMap<u32, PageImage>,
    notes: Vec<String>,
}

impl Prepared {
    pub(crate) fn reviewed(&self) -> Reviewed<'_> {
        Reviewed { roadmap: &self.roadmap, layout: self.layout.as_ref(), pages: self.pages.clone(), notes: self.notes.clone() }
    }
}

/// The pages a document's rows and fields were read on.
fn pages_with_places(r: &Roadmap) -> BTreeSet<u32> {
    let mut pages: BTreeSet<u32> = BTreeSet::new();
    for a in &r.actions {
        pages.extend(a.provenance.boxes.iter().map(|b| b.page));
        pages.extend(a.provenance.cells.iter().filter_map(|c| c.page));
    }
    let d = &r.document.provenance;
    let located = [&d.kind, &d.authority, &d.region, &d.number, &d.date, &d.place, &d.title, &d.signatory, &r.plan.provenance.title];
    pages.extend(located.into_iter().flatten().chain(d.references.iter().flatten()).filter_map(|l| l.page));
    pages
}

/// The source of a canonical file: at its `source.path`, as given or from the file's folder,
/// when its bytes are still the ones extracted.
fn source_of(roadmap: &Roadmap, json: &Path) -> Result<(PathBuf, Vec<u8>), String> {
    let given = PathBuf::from(&roadmap.source.path);
    let candidates = [given.clone(), json.parent().map(|p| p.join(&given)).unwrap_or_default()];
    let mut changed = None;
    for path in candidates.iter().filter(|p| p.is_file()) {
        let Ok(bytes) = read_input(path, &Limits::default()) else { continue };
        if format!("{:x}", Sha256::digest(&bytes)) == roadmap.source.sha256 {
            return Ok((path.clone(), bytes));
        }
        changed = Some(path.clone());
    }
    Err(match changed {
        Some(p) => format!("the source {} has changed since it was extracted: its rows are shown without it", p.display()),
        None => format!("the source {} is not here: its rows are shown without it", roadmap.source.path),
    })
}

/// Draw the pages of a PDF a document's places are on, written into `out/pages/`.
fn draw(roadmap: &Roadmap, bytes: &[u8], out: &Path, dpi: f32, notes: &mut Vec<String>) -> BTreeMap<u32, PageImage> {
    let mut drawn = BTreeMap::new();
    if roadmap.source.format != Format::Pdf {
        return drawn;
    }
    let wanted: Vec<u32> = pages_with_places(roadmap).into_iter().collect();
    let pictures = match roadmap_render::render(bytes, &wanted, dpi) {
        Ok(p) => p,
        Err(e) => {
            notes.push(e.to_string());
            return drawn;
        }
    };
    let id = roadmap_review::page_name(&roadmap.source.sha256).trim_end_matches(".html").to_string();
    for (page, picture) in wanted.into_iter().zip(pictures) {
        match picture {
            Ok(p) => {
                let file = format!("pages/{id}-p{page}.png");
                match output::write(&out.join(&file), &p.png) {
                    Ok(()) => {
                        drawn.insert(page, PageImage { file, width: p.width, height: p.height, scale: p.scale });
                    }
                    Err(e) => notes.push(format!("page {page}: {e}")),
                }
            }
            Err(e) => notes.push(e.to_string()),
        }
    }
    drawn
}

/// A document's review page as `roadmap serve` shows it: its stored roadmap beside the
/// document read again from `bytes` (named `path`); the pictures of its PDF pages are linked
/// at `pictures` followed by `N.png`, sized as they will be drawn at `dpi`, not drawn here.
pub(crate) fn served_page(
    bytes: &[u8],
    path: &Path,
    roadmap: &Roadmap,
    around: &Neighbours,
    pictures: &str,
    dpi: f32,
    limits: &Limits,
) -> String {
    let mut notes = Vec::new();
    let layout = crate::read::isolated(|| crate::read::read_document(bytes, path, limits).map(|r| r.doc))
        .map_err(|e| notes.push(e.to_string()))
        .ok();
    let mut pages = BTreeMap::new();
    if roadmap.source.format == Format::Pdf {
        let wanted: Vec<u32> = pages_with_places(roadmap).into_iter().collect();
        match roadmap_render::sizes(bytes, &wanted, dpi) {
            Ok(sizes) => {
                for (page, size) in wanted.into_iter().zip(sizes) {
                    match size {
                        Ok((width, height, scale)) => {
                            pages.insert(page, PageImage { file: format!("{pictures}{page}.png"), width, height, scale });
                        }
                        Err(e) => notes.push(e.to_string()),
                    }
                }
            }
            Err(e) => notes.push(e.to_string()),
        }
    }
    roadmap_review::document_page(&Reviewed { roadmap, layout: layout.as_ref(), pages, notes }, around)
}

/// Read one input: a source document (extracted, its layout kept) or a canonical file (and
/// its source, when it is here); its PDF pages drawn into `out/pages/` at `dpi`.
pub(crate) fn prepare(input: &Input, out: &Path, dpi: f32, corrections: Option<&Corrections>) -> Result<Vec<Prepared>, String> {
    let limits = Limits { timeout: Some(std::time::Duration::from_secs(120)), ..Limits::default() };
    let extension = input.path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    let mut prepared = Vec::new();
    if extension == "json" || extension == "jsonl" {
        let text = std::fs::read_to_string(&input.path).map_err(|e| e.to_string())?;
        let roadmaps: Vec<Roadmap> = if extension == "json" {
            vec![serde_json::from_str(&text).map_err(|e| format!("not a canonical roadmap: {e}"))?]
        } else {
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| serde_json::from_str(l).map_err(|e| format!("not a canonical roadmap: {e}")))
                .collect::<Result<_, _>>()?
        };
        for mut roadmap in roadmaps {
            if let Some(c) = corrections {
                c.apply(&mut roadmap);
            }
            let mut notes = Vec::new();
            let (layout, pages) = match source_of(&roadmap, &input.path) {
                Ok((path, bytes)) => {
                    let layout = crate::read::isolated(|| crate::read::read_document(&bytes, &path, &limits).map(|r| r.doc));
                    let pages = draw(&roadmap, &bytes, out, dpi, &mut notes);
                    (layout.map_err(|e| notes.push(e.to_string())).ok(), pages)
                }
                Err(e) => {
                    notes.push(e);
                    (None, BTreeMap::new())
                }
            };
            prepared.push(Prepared { roadmap, layout, pages, notes });
        }
        return Ok(prepared);
    }
    let bytes = read_input(&input.path, &limits).map_err(|e| e.to_string())?;
    let (extracted, layout) =
        crate::read::isolated(|| extract_keeping_layout(&bytes, &input.path, &input.shown(), &limits)).map_err(|e| e.to_string())?;
    let mut roadmap = extracted.roadmap;
    if let Some(c) = corrections {
        c.apply(&mut roadmap);
    }
    let mut notes = Vec::new();
    let pages = draw(&roadmap, &bytes, out, dpi, &mut notes);
    prepared.push(Prepared { roadmap, layout: Some(layout), pages, notes });
    Ok(prepared)
}

pub fn run(args: ReviewArgs) -> u8 {
    if let Err(e) = output::check_folder(&args.out).and_then(|()| std::fs::create_dir_all(args.out.join("pages"))) {
        eprintln!("error: {}: cannot write the report: {e}", args.out.display());
        return 2;
    }
    let corrections = match Corrections::load_optional(args.corrections.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let extensions = DOCUMENT_EXTENSIONS.iter().copied().chain(["json", "jsonl"]).collect();
    let rules = WalkRules { extensions, documents: true, outputs: vec![args.out.clone()], ..WalkRules::default() };
    let walked = match walk(&args.paths, &rules) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let mut failures: Vec<Failure> =
        walked.problems.iter().map(|p| Failure { path: p.path.display().to_string(), message: p.error.to_string() }).collect();
    let inputs: Vec<&Input> = walked.inputs.iter().filter(|i| i.path.file_name().is_none_or(|n| n != "_errors.jsonl")).collect();
    if inputs.is_empty() {
        let shown: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
        eprintln!("error: {}: no documents found", shown.join(", "));
        return 2;
    }
    let results: Vec<(&Input, Result<Vec<Prepared>, String>)> =
        inputs.par_iter().map(|i| (*i, prepare(i, &args.out, args.dpi, corrections.as_ref()))).collect();
    let mut documents: Vec<Prepared> = Vec::new();
    let mut seen = BTreeSet::new();
    for (input, result) in results {
        match result {
            Ok(prepared) => {
                for p in prepared {
                    for note in &p.notes {
                        eprintln!("warning: {}: {note}", p.roadmap.source.path);
                    }
                    // the same file given twice is one document
                    if seen.insert(p.roadmap.source.sha256.clone()) {
                        documents.push(p);
                    }
                }
            }
            Err(e) => {
                eprintln!("error: {}: {e}", input.shown());
                failures.push(Failure { path: input.shown(), message: e });
            }
        }
    }
    if let Some(c) = &corrections {
        c.finish();
    }
    documents.sort_by_key(|d| Attention::of(&d.roadmap).key());
    let names: Vec<String> = documents.iter().map(|d| roadmap_review::page_name(&d.roadmap.source.sha256)).collect();
    for (i, d) in documents.iter().enumerate() {
        let reviewed = d.reviewed();
        let around =
            Neighbours { previous: i.checked_sub(1).map(|p| names[p].clone()), next: names.get(i + 1).cloned(), ..Neighbours::default() };
        let page = roadmap_review::document_page(&reviewed, &around);
        if let Err(e) = output::write(&args.out.join(&names[i]), page.as_bytes()) {
            eprintln!("error: {}: {e}", args.out.join(&names[i]).display());
            return 2;
        }
    }
    let entries: Vec<Entry> = documents.iter().zip(&names).map(|(d, name)| Entry { roadmap: &d.roadmap, page: name.clone() }).collect();
    let index = args.out.join("index.html");
    if let Err(e) = output::write(&index, roadmap_review::index_page(&entries, &failures).as_bytes()) {
        eprintln!("error: {}: {e}", index.display());
        return 2;
    }
    let pages: usize = documents.iter().map(|d| d.pages.len()).sum();
    let rows: usize = documents.iter().map(|d| d.roadmap.actions.len()).sum();
    eprintln!("{} documents, {rows} rows, {pages} pages drawn, {} failed → {}", documents.len(), failures.len(), index.display());
    u8::from(!failures.is_empty())
}
