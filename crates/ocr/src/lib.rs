//! Scanned PDF pages → recognized words and ruling lines, for the PDF reader to lay out.
//!
//! In: a page without a text layer ([`roadmap_pdf::ScannedPage`]: the document and the images
//! the page paints). Out: [`roadmap_pdf::RecognizedPage`]: the words with their boxes in page
//! space and their confidences, and the table's ruling lines. The steps:
//! 1. the page's image, decoded and turned to the page's orientation (`image`);
//! 2. resampled to 225–450 dpi (a 150 dpi scan is enlarged, a 600 dpi one reduced), made black and white by
//!    Sauvola's local threshold, straightened by the skew its rows of ink show (`clean`);
//! 3. the ruling lines found and painted over (`rulings`);
//! 4. the words read by Tesseract 5, an external program (`tesseract`);
//! 5. recognition errors typical of the genre corrected (`correct`).
//!
//! The PDF reader then builds cells from the lines and puts each word in the cell under it,
//! joins lines, drops page furniture and continues tables across pages by the same rules as
//! for text pages. Without Tesseract on the machine, [`Tesseract::engine`] says what to
//! install, and the PDF reader reports a scan as `ocr_unavailable`.

mod clean;
mod correct;
pub mod image;
pub mod rulings;
mod tesseract;

use std::sync::atomic::{AtomicUsize, Ordering};

pub use image::{Gray, Limits};
use roadmap_pdf::{Engine, RecognitionError, RecognizedPage, RecognizedWord, Recognizer, Ruling, ScannedPage};

/// What to install for the default languages.
pub const INSTALL: &str = "install tesseract-ocr and tesseract-ocr-rus";

/// Pages recognized by this process so far (for progress).
static PAGES: AtomicUsize = AtomicUsize::new(0);

/// Pages recognized by this process so far.
pub fn pages_recognized() -> usize {
    PAGES.load(Ordering::Relaxed)
}

/// Tesseract as the recognizer: the program `tesseract` on the PATH (or `ROADMAP_TESSERACT`).
pub struct Tesseract {
    program: String,
    languages: String,
    limits: Limits,
}

impl Tesseract {
    /// A recognizer of `languages` as Tesseract names them («rus+eng»).
    pub fn new(languages: &str) -> Tesseract {
        let program = std::env::var("ROADMAP_TESSERACT").unwrap_or_else(|_| "tesseract".to_string());
        Tesseract { program, languages: languages.to_string(), limits: Limits::default() }
    }

    fn probe(&self) -> Result<Engine, RecognitionError> {
        let unavailable = |why: String| RecognitionError::Unavailable(format!("no OCR engine for this scan ({why}): {INSTALL}"));
        let (version, installed) = tesseract::probe(&self.program).map_err(unavailable)?;
        if let Some(missing) = self.languages.split('+').find(|l| !installed.iter().any(|i| i == l)) {
            return Err(RecognitionError::Unavailable(format!(
                "no Tesseract data for the language «{missing}»: install tesseract-ocr-{missing}"
            )));
        }
        Ok(Engine { name: "tesseract".to_string(), version, languages: self.languages.clone() })
    }
}

impl Recognizer for Tesseract {
    fn engine(&self) -> Result<Engine, RecognitionError> {
        self.probe()
    }

    fn recognize(&self, page: &ScannedPage<'_>) -> Result<RecognizedPage, RecognitionError> {
        let number = page.number;
        let failed = |message: String| RecognitionError::Image { page: number, message };
        // a page begun after the time limit or an interruption is not begun
        roadmap_layout::deadline::check().map_err(|_| RecognitionError::TimedOut)?;
        let Prepared { image: straight, lines, dpi: working_dpi, angle, x0, y1, width_pt, height_pt } =
            prepare(page, &self.limits).map_err(failed)?;
        roadmap_layout::deadline::check().map_err(|_| RecognitionError::TimedOut)?;
        let time = roadmap_layout::deadline::remaining();
        let run = |image: &image::Gray, psm: &str| {
            tesseract::recognize(&self.program, image, working_dpi, &self.languages, psm, time).map_err(|e| {
                if roadmap_layout::deadline::expired() {
                    RecognitionError::TimedOut
                } else {
                    failed(e)
                }
            })
        };
        let mut words = run(&straight, "3")?;
        // pixels ↔ page space (y up)
        let sx = width_pt / straight.width as f32;
        let sy = height_pt / straight.height as f32;
        let to_x = |x: f32| x0 + x * sx;
        let to_y = |y: f32| y1 - y * sy;
        let rulings: Vec<Ruling> =
            lines.iter().map(|l| Ruling { x0: to_x(l.x0), y0: to_y(l.y0), x1: to_x(l.x1), y1: to_y(l.y1) }).collect();
        // cells left empty though they hold ink (a lone «3.» in the number column, which the
        // page's layout analysis takes for noise) read again, together, as one block each
        let cells: Vec<Rect> = roadmap_pdf::ruled_cells(&rulings)
            .iter()
            .map(|a| Rect {
                x0: ((a.x0 - x0) / sx).max(0.0) as usize,
                x1: ((a.x1 - x0) / sx).max(0.0) as usize,
                y0: ((y1 - a.y1) / sy).max(0.0) as usize,
                y1: ((y1 - a.y0) / sy).max(0.0) as usize,
            })
            .collect();
        let missed = missed_cells(&straight, &cells, &words);
        if !missed.is_empty() {
            let (mosaic, placed) = mosaic(&straight, &missed);
            for mut word in run(&mosaic, "6")? {
                let middle = word.top + word.height / 2.0;
                let Some((index, at)) =
                    placed.iter().enumerate().find(|(_, p)| (p.0 as f32) <= middle && middle < p.1 as f32).map(|(i, p)| (i, p.0))
                else {
                    continue;
                };
                let cell = missed[index];
                word.left += (cell.x0 + CELL_INSET) as f32 - MOSAIC_MARGIN as f32;
                word.top += (cell.y0 + CELL_INSET) as f32 - at as f32;
                word.line = (10_000 + index as u32, word.line.1, word.line.2);
                words.push(word);
            }
        }
        PAGES.fetch_add(1, Ordering::Relaxed);
        let mut out = RecognizedPage::default();
        let page_words = correct::Page::of(&words);
        for group in lines_of(words) {
            let bottom = group.iter().map(|w| w.top + w.height).fold(f32::MIN, f32::max);
            let mut heights: Vec<f32> = group.iter().map(|w| w.height).collect();
            heights.sort_by(f32::total_cmp);
            let height = heights.get(heights.len() / 2).copied().unwrap_or(10.0);
            // marks of dirt or of a line's edge read as punctuation, with no letter or digit
            // (and one or two characters read with little confidence that are no word: specks
            // and line ends)
            let junk = |w: &tesseract::Word| {
                let short_and_unsure = w.confidence < 45.0
                    && w.text.chars().count() <= 2
                    && !w.text.chars().all(|c| c.is_ascii_digit())
                    && !roadmap_pdf::russian_word(&w.text.to_lowercase());
                (w.confidence < 50.0 && !w.text.chars().any(char::is_alphanumeric)) || short_and_unsure
            };
            let mut group: Vec<tesseract::Word> = group.into_iter().filter(|w| !junk(w)).collect();
            correct::line(&mut group, page_words, &roadmap_pdf::russian_word);
            // short bars between header words, read as «|» or «{|» (after the corrections, which
            // read «||» before «четверть» as a Roman II)
            let bar = |w: &tesseract::Word| w.text.chars().all(|c| matches!(c, '|' | '{' | '}' | '[' | ']' | '!' | '/' | '\\'));
            group.retain(|w| !bar(w));
            for w in &group {
                out.words.push(RecognizedWord {
                    text: w.text.clone(),
                    x0: to_x(w.left),
                    x1: to_x(w.left + w.width),
                    baseline: to_y(bottom - 0.2 * height),
                    size: 0.8 * height * sy,
                    confidence: w.confidence.round() as u8,
                });
            }
        }
        out.rulings = rulings;
        if angle.abs() >= 0.05 {
            out.notes.push(format!("straightened by {angle:.1}°"));
        }
        Ok(out)
    }
}

/// A page made ready for recognition.
pub struct Prepared {
    /// Black and white, straight, ruling lines and specks taken out.
    pub image: image::Gray,
    /// The ruling lines, in the image's pixels.
    pub lines: Vec<rulings::Line>,
    /// The image's resolution.
    pub dpi: f32,
    /// The skew it was straightened by, in degrees.
    pub angle: f32,
    /// Where the image stands on the page (points): left, top, width, height.
    pub x0: f32,
    pub y1: f32,
    pub width_pt: f32,
    pub height_pt: f32,
}

/// Steps 1–3: the page's image decoded, resampled, straightened, made black and white, its
/// ruling lines found and erased, its specks removed. `Err` says why the image cannot be read.
pub fn prepare(page: &ScannedPage<'_>, limits: &Limits) -> Result<Prepared, String> {
    let scan = image::page_scan(page, limits)?;
    let (width_pt, height_pt) = (scan.x1 - scan.x0, scan.y1 - scan.y0);
    if !(width_pt > 1.0 && height_pt > 1.0) {
        return Err("the image is painted too small to read".into());
    }
    let dpi = scan.image.width as f32 / width_pt * 72.0;
    // enlarge low-resolution scans, reduce very large ones, within the pixel limit
    let mut factor = if dpi < clean::MIN_DPI {
        clean::MIN_DPI / dpi
    } else if dpi > clean::MAX_DPI {
        clean::REDUCED_DPI / dpi
    } else {
        1.0
    };
    let pixels = scan.image.width as f32 * scan.image.height as f32 * factor * factor;
    if pixels > limits.max_pixels as f32 {
        factor *= (limits.max_pixels as f32 / pixels).sqrt();
    }
    // the skew read at the scan's own resolution, then one pass to the working resolution,
    // straight (in gray, so that thin lines stay whole), then black and white
    let angle = clean::skew(&scan.image);
    let gray = clean::warp(&scan.image, factor, -angle);
    let working_dpi = dpi * factor;
    let mut straight = clean::binarize(&gray, ((working_dpi / 10.0) as usize) | 1);
    drop(gray);
    let lines = rulings::find(&straight, working_dpi);
    rulings::erase(&mut straight, &lines);
    // specks of a tenth of a full stop's area at this resolution
    let speck = ((working_dpi / 300.0).powi(2) * 10.0).round() as usize;
    clean::despeckle(&mut straight, speck.max(2));
    Ok(Prepared { image: straight, lines, dpi: working_dpi, angle, x0: scan.x0, y1: scan.y1, width_pt, height_pt })
}

/// A cell in the image's pixels (y down).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    x0: usize,
    y0: usize,
    x1: usize,
    y1: usize,
}

/// Pixels of a cell's edge left out (the remains of its ruling lines).
const CELL_INSET: usize = 6;

/// White around each cell in the mosaic of cells read again.
const MOSAIC_MARGIN: usize = 30;

/// Cells no word was read in that hold ink: more than a few dozen pixels, away from the edge.
fn missed_cells(image: &image::Gray, cells: &[Rect], words: &[tesseract::Word]) -> Vec<Rect> {
    cells
        .iter()
        .filter(|c| c.x1 > c.x0 + 2 * CELL_INSET && c.y1 > c.y0 + 2 * CELL_INSET)
        .filter(|c| {
            !words.iter().any(|w| {
                let (x, y) = (w.left + w.width / 2.0, w.top + w.height / 2.0);
                x >= c.x0 as f32 && x < c.x1 as f32 && y >= c.y0 as f32 && y < c.y1 as f32
            })
        })
        .filter(|c| {
            let ink = (c.y0 + CELL_INSET..c.y1 - CELL_INSET)
                .map(|y| (c.x0 + CELL_INSET..c.x1 - CELL_INSET).filter(|&x| image.get(x, y) == 0).count())
                .sum::<usize>();
            ink >= 40
        })
        .take(400)
        .copied()
        .collect()
}

/// The cells' insides stacked one under another with white between them; where each starts
/// and ends in the mosaic.
fn mosaic(image: &image::Gray, cells: &[Rect]) -> (image::Gray, Vec<(usize, usize)>) {
    let width = cells.iter().map(|c| c.x1 - c.x0 - 2 * CELL_INSET).max().unwrap_or(0) + 2 * MOSAIC_MARGIN;
    let height: usize = cells.iter().map(|c| c.y1 - c.y0 - 2 * CELL_INSET + 2 * MOSAIC_MARGIN).sum();
    let mut out = image::Gray::new(width, height, 255);
    let mut placed = Vec::with_capacity(cells.len());
    let mut top = 0;
    for c in cells {
        let (w, h) = (c.x1 - c.x0 - 2 * CELL_INSET, c.y1 - c.y0 - 2 * CELL_INSET);
        for y in 0..h {
            for x in 0..w {
                out.pixels[(top + MOSAIC_MARGIN + y) * width + MOSAIC_MARGIN + x] = image.get(c.x0 + CELL_INSET + x, c.y0 + CELL_INSET + y);
            }
        }
        placed.push((top + MOSAIC_MARGIN, top + MOSAIC_MARGIN + h));
        top += h + 2 * MOSAIC_MARGIN;
    }
    (out, placed)
}

/// Words grouped into lines by where they stand — words side by side whose middles are
/// within half a line's height — each line left to right, the lines top to bottom. (Tesseract's
/// own lines can split a line of a cell, or join two cells' lines.)
fn lines_of(mut words: Vec<tesseract::Word>) -> Vec<Vec<tesseract::Word>> {
    words.sort_by(|a, b| (a.top + a.height / 2.0).total_cmp(&(b.top + b.height / 2.0)));
    let mut lines: Vec<Vec<tesseract::Word>> = Vec::new();
    for word in words {
        let middle = word.top + word.height / 2.0;
        let same_line = lines
            .iter_mut()
            .rev()
            .take(8)
            .find(|line| line.iter().any(|w| (w.top + w.height / 2.0 - middle).abs() <= 0.5 * w.height.max(word.height)));
        match same_line {
            Some(line) => line.push(word),
            None => lines.push(vec![word]),
        }
    }
    for line in &mut lines {
        line.sort_by(|a, b| a.left.total_cmp(&b.left));
    }
    lines
}
