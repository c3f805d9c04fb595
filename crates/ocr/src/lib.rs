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

    fn rulings(&self, page: &ScannedPage<'_>) -> Result<Vec<Ruling>, RecognitionError> {
        let (lines, straight) =
            straighten_and_rule(page, &self.limits).map_err(|message| RecognitionError::Image { page: page.number, message })?;
        let (width, height) = (straight.binary.ink.width as f32, straight.binary.ink.height as f32);
        let placement = Placement { x0: straight.x0, y1: straight.y1, sx: straight.width_pt / width, sy: straight.height_pt / height };
        Ok(in_page_space(&lines, &placement))
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
        let speck = speck(working_dpi);
        let mut words = run(&straight, "3")?;
        words.retain(|w| has_ink(&straight, w, speck));
        // pixels ↔ page space (y up)
        let sx = width_pt / straight.width as f32;
        let sy = height_pt / straight.height as f32;
        let to_x = |x: f32| x0 + x * sx;
        let to_y = |y: f32| y1 - y * sy;
        let rulings = in_page_space(&lines, &Placement { x0, y1, sx, sy });
        let cells: Vec<Rect> = roadmap_pdf::ruled_cells(&rulings)
            .iter()
            .map(|a| Rect {
                x0: ((a.x0 - x0) / sx).max(0.0) as usize,
                x1: ((a.x1 - x0) / sx).max(0.0) as usize,
                y0: ((y1 - a.y1) / sy).max(0.0) as usize,
                y1: ((y1 - a.y0) / sy).max(0.0) as usize,
            })
            .collect();
        // cells the page's reading left empty or only guessed at read again, together, as one
        // block each; the surer reading of each kept
        let again = cells_to_read_again(&straight, &cells, &words);
        if !again.is_empty() {
            let (mosaic, placed) = mosaic(&straight, &again);
            let mut readings: Vec<Vec<tesseract::Word>> = vec![Vec::new(); again.len()];
            for mut word in run(&mosaic, "6")? {
                let middle = word.top + word.height / 2.0;
                let Some((index, at)) =
                    placed.iter().enumerate().find(|(_, p)| (p.0 as f32) <= middle && middle < p.1 as f32).map(|(i, p)| (i, p.0))
                else {
                    continue;
                };
                let cell = again[index];
                word.left += (cell.x0 + CELL_INSET) as f32 - MOSAIC_MARGIN as f32;
                word.top += (cell.y0 + CELL_INSET) as f32 - at as f32;
                word.line = (10_000 + index as u32, word.line.1, word.line.2);
                if has_ink(&straight, &word, speck) {
                    readings[index].push(word);
                }
            }
            for (cell, reading) in again.iter().zip(readings) {
                keep_surer(&mut words, cell, reading);
            }
        }
        PAGES.fetch_add(1, Ordering::Relaxed);
        let mut out = RecognizedPage::default();
        let page_words = correct::Page::of(&words);
        for group in lines_in_cells(words, &cells) {
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
                    && !is_item_number(&w.text)
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

/// Digits, with a full stop after them or not: «3», «12.» (an item number, however unsure).
fn is_item_number(text: &str) -> bool {
    let digits = text.strip_suffix('.').unwrap_or(text);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

/// Where an image's pixels stand on the page: its top left corner (points) and points per pixel.
struct Placement {
    x0: f32,
    y1: f32,
    sx: f32,
    sy: f32,
}

fn in_page_space(lines: &[rulings::Line], at: &Placement) -> Vec<Ruling> {
    let (x, y) = (|v: f32| at.x0 + v * at.sx, |v: f32| at.y1 - v * at.sy);
    lines.iter().map(|l| Ruling { x0: x(l.x0), y0: y(l.y0), x1: x(l.x1), y1: y(l.y1) }).collect()
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
    let (lines, Straightened { binary, dpi, angle, x0, y1, width_pt, height_pt }) = straighten_and_rule(page, limits)?;
    let mut straight = binary.ink;
    drop(binary.faint);
    rulings::erase(&mut straight, &lines);
    clean::despeckle(&mut straight, speck(dpi));
    Ok(Prepared { image: straight, lines, dpi, angle, x0, y1, width_pt, height_pt })
}

/// The most pixels a speck of scanner noise has at `dpi`: a tenth of a full stop's area.
fn speck(dpi: f32) -> usize {
    (((dpi / 300.0).powi(2) * 10.0).round() as usize).max(2)
}

/// Whether the box of `word` holds more ink than a speck: Tesseract now and then reads a word
/// over paper (a dash where a ruling line was erased), which reads nothing.
fn has_ink(image: &image::Gray, word: &tesseract::Word, speck: usize) -> bool {
    let (x0, y0) = (word.left.max(0.0) as usize, word.top.max(0.0) as usize);
    let (x1, y1) = (((word.left + word.width) as usize).min(image.width), ((word.top + word.height) as usize).min(image.height));
    (y0..y1).flat_map(|y| (x0..x1).map(move |x| (x, y))).filter(|&(x, y)| image.get(x, y) == 0).nth(speck).is_some()
}

/// A page's image straight and black and white, and where it stands.
struct Straightened {
    binary: clean::Binarized,
    dpi: f32,
    angle: f32,
    x0: f32,
    y1: f32,
    width_pt: f32,
    height_pt: f32,
}

/// Steps 1–2 and the ruling lines of step 3 (found, not erased).
fn straighten_and_rule(page: &ScannedPage<'_>, limits: &Limits) -> Result<(Vec<rulings::Line>, Straightened), String> {
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
    let binary = clean::binarize(&gray, ((working_dpi / 10.0) as usize) | 1);
    drop(gray);
    let mut lines = rulings::find(&binary.ink, working_dpi);
    rulings::extend(&mut lines, &binary.faint, working_dpi);
    let mut lines = rulings::one_each(lines);
    rulings::close_at_edges(&mut lines, binary.ink.width, binary.ink.height, working_dpi);
    rulings::close_at_page_break(&mut lines, binary.ink.height, working_dpi);
    Ok((lines, Straightened { binary, dpi: working_dpi, angle, x0: scan.x0, y1: scan.y1, width_pt, height_pt }))
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

impl Rect {
    /// Whether the middle of `word` lies inside.
    fn holds(&self, word: &tesseract::Word) -> bool {
        let (x, y) = (word.left + word.width / 2.0, word.top + word.height / 2.0);
        x >= self.x0 as f32 && x < self.x1 as f32 && y >= self.y0 as f32 && y < self.y1 as f32
    }

    fn area(&self) -> usize {
        (self.x1 - self.x0) * (self.y1 - self.y0)
    }
}

/// A cell whose words, this many or fewer, were all read below [`SURE`] is read again.
const GUESSED_WORDS: usize = 3;

/// The confidence under which a word is a guess.
const SURE: f32 = 80.0;

/// Cells to read again on their own, away from the page's layout analysis: those that hold ink
/// but no word (a lone «3.» in the number column, taken for noise), and those whose few words
/// were all guessed at (a column of lone item numbers read as «—», «to», «©»).
fn cells_to_read_again(image: &image::Gray, cells: &[Rect], words: &[tesseract::Word]) -> Vec<Rect> {
    cells
        .iter()
        .filter(|c| c.x1 > c.x0 + 2 * CELL_INSET && c.y1 > c.y0 + 2 * CELL_INSET)
        .filter(|c| {
            let inside: Vec<&tesseract::Word> = words.iter().filter(|w| c.holds(w)).collect();
            inside.len() <= GUESSED_WORDS && inside.iter().all(|w| w.confidence < SURE)
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

/// The words of `cell` replaced by its second `reading` when that reads surer (its words' mean
/// confidence higher), or when the cell had none.
fn keep_surer(words: &mut Vec<tesseract::Word>, cell: &Rect, reading: Vec<tesseract::Word>) {
    let mean = |confidences: &mut dyn Iterator<Item = f32>| {
        let (sum, count) = confidences.fold((0.0, 0usize), |(s, n), c| (s + c, n + 1));
        (count > 0).then(|| sum / count as f32)
    };
    let Some(again) = mean(&mut reading.iter().map(|w| w.confidence)) else { return };
    if mean(&mut words.iter().filter(|w| cell.holds(w)).map(|w| w.confidence)).is_some_and(|first| first >= again) {
        return;
    }
    words.retain(|w| !cell.holds(w));
    words.extend(reading);
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

/// Words grouped into lines, the words of each cell apart (a line never crosses a ruling: an
/// item number or a deadline standing between two lines of the next cell would join them),
/// each cell's words read once (see [`read_once`]).
fn lines_in_cells(words: Vec<tesseract::Word>, cells: &[Rect]) -> Vec<Vec<tesseract::Word>> {
    let mut parts: std::collections::BTreeMap<Option<usize>, Vec<tesseract::Word>> = std::collections::BTreeMap::new();
    for word in words {
        let cell = cells.iter().enumerate().filter(|(_, c)| c.holds(&word)).min_by_key(|(_, c)| c.area()).map(|(i, _)| i);
        parts.entry(cell).or_default().push(word);
    }
    parts.into_values().map(read_once).flat_map(lines_of).collect()
}

/// The words of a cell without those Tesseract read twice or across lines. Now and then it
/// makes a line of its own across cells whose text stands at different heights and reads in it
/// pieces of the lines it crosses again («д», «Гру», «пед» over «детей группы», «педагог»), or
/// reads a column of list numbers as one word two or more lines tall («Ne», «eNOS» for «1.», «2.»,
/// «3.»). Taken out: a word whose box spans the middles of two or more of the cell's other lines,
/// and a word whose box spans the middle of a wider line (more width of words) of the cell and
/// stands within its span.
fn read_once(words: Vec<tesseract::Word>) -> Vec<tesseract::Word> {
    struct Band {
        line: (u32, u32, u32),
        middle: f32,
        from: f32,
        to: f32,
        width: f32,
    }
    let mut bands: Vec<Band> = Vec::new();
    for w in &words {
        if bands.iter().any(|b| b.line == w.line) {
            continue;
        }
        let mut middles: Vec<f32> = words.iter().filter(|v| v.line == w.line).map(|v| v.top + v.height / 2.0).collect();
        middles.sort_by(f32::total_cmp);
        let of_line = || words.iter().filter(|v| v.line == w.line);
        bands.push(Band {
            line: w.line,
            middle: middles[middles.len() / 2],
            from: of_line().map(|v| v.left).fold(f32::MAX, f32::min),
            to: of_line().map(|v| v.left + v.width).fold(f32::MIN, f32::max),
            width: of_line().map(|v| v.width).sum(),
        });
    }
    if bands.len() < 2 {
        return words;
    }
    let spans = |w: &tesseract::Word, b: &Band| w.top <= b.middle && b.middle <= w.top + w.height;
    words
        .into_iter()
        .filter(|w| {
            let own = bands.iter().find(|b| b.line == w.line).map_or(0.0, |b| b.width);
            let others = || bands.iter().filter(|b| b.line != w.line);
            let across_lines = others().filter(|b| spans(w, b)).count() >= 2;
            let middle = w.left + w.width / 2.0;
            let again = others().any(|b| b.width > own && spans(w, b) && b.from <= middle && middle <= b.to);
            !across_lines && !again
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str, left: f32, top: f32, width: f32, height: f32, line: u32) -> tesseract::Word {
        tesseract::Word { text: text.to_string(), left, top, width, height, confidence: 95.0, line: (1, 1, line) }
    }

    fn texts(lines: &[Vec<tesseract::Word>]) -> Vec<String> {
        lines.iter().map(|l| l.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")).collect()
    }

    #[test]
    fn a_line_never_crosses_a_ruling() {
        // two lines of an action cell; the item number of the cell to its left stands between
        // them, as does the deadline of the cell to its right: each cell's lines stay its own
        let cells = [
            Rect { x0: 0, y0: 0, x1: 100, y1: 200 },
            Rect { x0: 100, y0: 0, x1: 800, y1: 200 },
            Rect { x0: 800, y0: 0, x1: 1000, y1: 200 },
        ];
        let words = vec![
            word("2.", 20.0, 16.0, 30.0, 33.0, 9),
            word("ответственных", 110.0, 0.0, 300.0, 23.0, 1),
            word("лиц", 420.0, 0.0, 70.0, 28.0, 1),
            word("организацию", 500.0, 0.0, 260.0, 33.0, 1),
            word("безопасности", 110.0, 42.0, 270.0, 35.0, 2),
            word("работы,", 390.0, 44.0, 150.0, 42.0, 2),
            word("январь", 820.0, 27.0, 130.0, 32.0, 5),
        ];
        let lines = texts(&lines_in_cells(words.clone(), &cells));
        assert!(lines.contains(&"ответственных лиц организацию".to_string()), "{lines:?}");
        assert!(lines.contains(&"безопасности работы,".to_string()), "{lines:?}");
        // read without the cells, the number and the deadline join the two lines
        assert_eq!(texts(&lines_of(words)).len(), 1);
    }

    #[test]
    fn a_word_read_twice_or_across_lines_is_read_once() {
        let words = vec![
            word("занятостью", 522.0, 1977.0, 211.0, 22.0, 31),
            word("детей", 769.0, 1968.0, 78.0, 30.0, 31),
            word("группы", 921.0, 1976.0, 74.0, 21.0, 31),
            // a line of Tesseract's own across the cells, reading pieces of the line again
            word("д", 745.0, 1978.0, 22.0, 25.0, 32),
            word("Гру", 857.0, 1972.0, 62.0, 60.0, 32),
            word("«особого", 523.0, 2018.0, 167.0, 32.0, 33),
            word("внимания»", 703.0, 2027.0, 200.0, 22.0, 33),
            // list numbers read as one word three lines tall
            word("eNOS", 480.0, 1960.0, 32.0, 100.0, 40),
        ];
        let kept: Vec<String> = read_once(words).into_iter().map(|w| w.text).collect();
        assert_eq!(kept, ["занятостью", "детей", "группы", "«особого", "внимания»"]);
        // two lines of a cell side by side (Tesseract split a line) are both kept
        let side_by_side = vec![word("1.", 10.0, 0.0, 20.0, 25.0, 1), word("Выявление", 40.0, 2.0, 200.0, 25.0, 2)];
        assert_eq!(read_once(side_by_side).len(), 2);
    }

    #[test]
    fn a_cell_read_again_keeps_the_surer_reading() {
        let cell = Rect { x0: 0, y0: 0, x1: 100, y1: 100 };
        let guessed = |text: &str, confidence: f32| tesseract::Word { confidence, ..word(text, 40.0, 40.0, 15.0, 25.0, 1) };
        let mut words = vec![guessed("to", 59.0), word("Проведение", 120.0, 40.0, 180.0, 25.0, 1)];
        keep_surer(&mut words, &cell, vec![guessed("2", 93.0)]);
        let kept: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(kept, ["Проведение", "2"]);
        // a second reading less sure than the first is not taken
        keep_surer(&mut words, &cell, vec![guessed("Z", 40.0)]);
        assert!(words.iter().any(|w| w.text == "2") && !words.iter().any(|w| w.text == "Z"));
        // cells to read again: one with no word, one with only a guess; not one read surely
        let mut page = image::Gray::new(300, 100, 255);
        for y in 30..60 {
            for x in [40, 140, 240] {
                for dx in 0..4 {
                    page.pixels[y * 300 + x + dx] = 0;
                }
            }
        }
        let cells = [cell, Rect { x0: 100, y0: 0, x1: 200, y1: 100 }, Rect { x0: 200, y0: 0, x1: 300, y1: 100 }];
        let read = vec![guessed("ive)", 47.0), tesseract::Word { left: 240.0, ..guessed("1", 96.0) }];
        assert_eq!(cells_to_read_again(&page, &cells, &read), [cells[0], cells[1]].to_vec());
    }

    #[test]
    fn a_word_over_paper_reads_nothing() {
        let mut page = image::Gray::new(100, 100, 255);
        for y in 10..30 {
            page.pixels[y * 100 + 20] = 0;
        }
        assert!(has_ink(&page, &word("1", 15.0, 5.0, 10.0, 30.0, 1), speck(300.0)));
        assert!(!has_ink(&page, &word("—", 50.0, 5.0, 10.0, 30.0, 1), speck(300.0)));
    }
}
