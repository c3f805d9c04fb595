//! Pages without a text layer, read by a [`Recognizer`] (an OCR engine, in a crate of its own)
//! into the words and ruling lines the rest of this reader lays out like any page.
//!
//! In: the pages the content walker found without text but with images, and the images each
//! paints with their placement. Out: the same [`PageContent`] a text page gives — each word a
//! positioned run with its confidence, each ruling line a segment — so tables, line joins,
//! furniture and tables across pages follow the text reader's rules, shared rather than
//! copied. Pages are recognized in parallel, each on a thread of its own within the
//! document's time limit.

use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use crate::content::{Char, PageContent, Segment};

/// An image XObject painted on a page: `matrix` maps the image's unit square onto the page's
/// displayed space (points, origin at the bottom left, `/Rotate` applied).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageImage {
    pub object: lopdf::ObjectId,
    pub matrix: [f32; 6],
}

/// A page to recognize.
pub struct ScannedPage<'a> {
    /// 1-based page number.
    pub number: u32,
    /// The displayed page's size in points.
    pub width: f32,
    pub height: f32,
    /// Where its image is.
    pub scan: Scan<'a>,
}

/// Where a scanned page's image is.
#[derive(Clone, Copy)]
pub enum Scan<'a> {
    /// The image XObjects a PDF page paints, in painting order.
    Painted { pdf: &'a lopdf::Document, images: &'a [PageImage] },
    /// A picture file covering the whole page: a word-processor document's picture of a page
    /// ([`roadmap_layout::Picture`]).
    Picture(&'a [u8]),
}

/// A recognized word in the displayed page space (points, y up).
#[derive(Debug, Clone, PartialEq)]
pub struct RecognizedWord {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    pub baseline: f32,
    /// The height of the word's line, as a font size.
    pub size: f32,
    /// The engine's confidence, 0–100.
    pub confidence: u8,
}

/// A horizontal (`y0 == y1`) or vertical (`x0 == x1`) ruling line found on the image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ruling {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

/// What a recognizer found on one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecognizedPage {
    pub words: Vec<RecognizedWord>,
    pub rulings: Vec<Ruling>,
    /// What the recognizer noticed (an unsupported image kind, a page cut to the pixel limit).
    pub notes: Vec<String>,
}

/// Why a page could not be recognized.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecognitionError {
    /// No engine on this machine; the message says what to install.
    #[error("{0}")]
    Unavailable(String),
    /// The page's image cannot be decoded or is past the limits.
    #[error("page {page}: {message}")]
    Image { page: u32, message: String },
    #[error("the time limit passed while pages were recognized")]
    TimedOut,
}

/// The engine's name, version and languages, for `source.ocr`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Engine {
    pub name: String,
    pub version: String,
    pub languages: String,
}

/// An OCR engine: one scanned page in, its words and ruling lines out. Called from several
/// threads at once.
pub trait Recognizer: Send + Sync {
    /// The engine, or why it cannot run here.
    fn engine(&self) -> Result<Engine, RecognitionError>;
    fn recognize(&self, page: &ScannedPage<'_>) -> Result<RecognizedPage, RecognitionError>;
    /// Only the ruling lines of the page's image, for a page whose words come from its text
    /// layer (a scanner's recognition laid over the image); none when the engine cannot tell.
    fn rulings(&self, _page: &ScannedPage<'_>) -> Result<Vec<Ruling>, RecognitionError> {
        Ok(Vec::new())
    }
}

/// When pages are recognized.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OcrMode {
    /// The pages without a text layer that paint an image.
    #[default]
    Auto,
    /// Every page that paints an image, its text layer (if any) replaced.
    Always,
    /// None: a scan is refused as having no text layer.
    Never,
}

/// OCR settings of the reader.
#[derive(Clone, Default)]
pub struct Ocr {
    pub mode: OcrMode,
    pub recognizer: Option<Arc<dyn Recognizer>>,
    /// Pages recognized at once (0: one per core).
    pub jobs: usize,
}

impl std::fmt::Debug for Ocr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ocr").field("mode", &self.mode).field("recognizer", &self.recognizer.is_some()).field("jobs", &self.jobs).finish()
    }
}

/// A rectangle in page space (points, y up).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

fn segment_of(r: &Ruling) -> Segment {
    Segment { x0: r.x0.min(r.x1), y0: r.y0.min(r.y1), x1: r.x0.max(r.x1), y1: r.y0.max(r.y1) }
}

/// The cells that ruling lines enclose, by the rules this reader lays tables out with (a
/// merged cell is one area), so a recognizer can look at the cells the page will have.
pub fn ruled_cells(rulings: &[Ruling]) -> Vec<Area> {
    let segments: Vec<Segment> = rulings.iter().map(segment_of).collect();
    crate::grid::grids(&segments)
        .into_iter()
        .flat_map(|g| g.cells.into_iter().map(|c| Area { x0: c.x0, y0: c.y0, x1: c.x1, y1: c.y1 }))
        .collect()
}

/// What a page asks of the recognizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Work {
    /// Its words and lines: a page without a text layer, or whose layer reads badly.
    Recognize,
    /// Only the lines of its image: a scan whose recognized text layer reads well.
    Rulings,
}

/// What `page` (of `width` × `height`) is to be given to the recognizer for under `mode`, if
/// anything. A page painting an image over the whole page under hidden text (a scanner's
/// recognized layer: the words are there, the table's lines only in the image) has its lines
/// found on the image and keeps its words, unless the words read badly (see
/// [`layer_reads_well`]); then it is recognized again, as a page without text.
pub(crate) fn wanted(page: &PageContent, mode: OcrMode, width: f32, height: f32) -> Option<Work> {
    match mode {
        OcrMode::Never => None,
        OcrMode::Always => (!page.placed.is_empty()).then_some(Work::Recognize),
        OcrMode::Auto if page.placed.is_empty() => None,
        OcrMode::Auto if !page.has_text() => Some(Work::Recognize),
        OcrMode::Auto => {
            page.image_over_hidden_text(width, height).map(|_| if layer_reads_well(&page.chars) { Work::Rulings } else { Work::Recognize })
        }
    }
}

/// Whether a recognized text layer reads as text: of its words of three letters or more, at
/// least a quarter are Russian words of the dictionary, or most of its letters are Latin and
/// few of its words mix Latin and Cyrillic letters. A layer recognized by an engine without
/// Russian spells Cyrillic with Latin look-alikes («CMETA HA 2019», «no11rOT06JICllO»): few
/// dictionary words, words of mixed scripts and digits inside words. Measured on layers
/// Tesseract writes in Russian and in English over Russian
/// pages: on two pages of a plan, Tesseract's Russian layer has 83–84% dictionary words, its
/// English one none; so has each page of a published budget estimate's layer.
pub(crate) fn layer_reads_well(chars: &[Char]) -> bool {
    let text: String = crate::lines::baselines(&chars.iter().collect::<Vec<_>>())
        .iter()
        .flat_map(|line| line.iter().map(|c| c.text.as_ref()).chain([" "]))
        .collect();
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '«' | '»' | '(' | ')' | '"'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .collect();
    if words.is_empty() {
        return true;
    }
    let known = words.iter().filter(|w| crate::lines::spelled(&roadmap_layout::lowercase(w))).count();
    let cyrillic = |c: char| ('\u{400}'..='\u{4ff}').contains(&c);
    let latin_words = words.iter().filter(|w| w.chars().all(|c| c.is_ascii_alphanumeric() || !c.is_alphabetic())).count();
    let mixed = words.iter().filter(|w| w.chars().any(cyrillic) && w.chars().any(|c| c.is_ascii_alphabetic())).count();
    4 * known >= words.len() || (2 * latin_words > words.len() && 10 * mixed < words.len() && latin_reads_as_words(&words))
}

/// Latin words that read as words: few of them have digits between letters («11rOT06»), which
/// Latin look-alikes of Cyrillic («6» for «б», «11» for «и») are full of.
fn latin_reads_as_words(words: &[String]) -> bool {
    let digits_inside = words
        .iter()
        .filter(|w| {
            let letters: Vec<usize> = w.char_indices().filter(|(_, c)| c.is_alphabetic()).map(|(i, _)| i).collect();
            match (letters.first(), letters.last()) {
                (Some(&a), Some(&b)) => w[a..b].chars().any(|c| c.is_ascii_digit()),
                _ => false,
            }
        })
        .count();
    10 * digits_inside < words.len()
}

/// A page of a PDF to recognize: its index among the pages, its size, its images, what it asks.
pub(crate) struct Pending {
    pub index: usize,
    pub width: f32,
    pub height: f32,
    pub images: Vec<PageImage>,
    pub work: Work,
}

/// What the recognizer gave a page.
pub(crate) enum Recognized {
    Page(RecognizedPage),
    Rulings(Vec<Ruling>),
}

/// Recognize `pages` (each with what it asks) on `jobs` threads; the results in the order given.
pub(crate) fn recognize_all(
    recognizer: &dyn Recognizer,
    pages: &[(ScannedPage<'_>, Work)],
    jobs: usize,
) -> Vec<Result<Recognized, RecognitionError>> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Recognized, RecognitionError>>>> = Mutex::new((0..pages.len()).map(|_| None).collect());
    let remaining = roadmap_layout::deadline::remaining();
    let jobs = if jobs == 0 { std::thread::available_parallelism().map_or(1, usize::from) } else { jobs };
    std::thread::scope(|scope| {
        for _ in 0..jobs.min(pages.len()) {
            scope.spawn(|| {
                roadmap_layout::deadline::within(remaining, || loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((page, work)) = pages.get(i) else { break };
                    let result = if roadmap_layout::deadline::expired() {
                        Err(RecognitionError::TimedOut)
                    } else {
                        match work {
                            Work::Recognize => recognizer.recognize(page).map(Recognized::Page),
                            Work::Rulings => recognizer.rulings(page).map(Recognized::Rulings),
                        }
                    };
                    results.lock().unwrap_or_else(PoisonError::into_inner)[i] = Some(result);
                })
            });
        }
    });
    results.into_inner().unwrap_or_else(PoisonError::into_inner).into_iter().map(|r| r.unwrap_or(Err(RecognitionError::TimedOut))).collect()
}

/// The words of recognized pages counted, for `source.ocr`.
#[derive(Debug, Default)]
pub(crate) struct Tally {
    pages: u32,
    confidence: u64,
    words: u64,
}

impl Tally {
    pub fn add(&mut self, page: &RecognizedPage) {
        self.pages += 1;
        self.confidence += page.words.iter().map(|w| u64::from(w.confidence)).sum::<u64>();
        self.words += page.words.len() as u64;
    }

    /// What was recognized by `engine`, if any page was.
    pub fn recognition(self, engine: Engine) -> Option<roadmap_layout::Recognition> {
        let mean_confidence = self.confidence.checked_div(self.words).map_or(0, |m| u8::try_from(m).unwrap_or(100));
        (self.pages > 0).then_some(roadmap_layout::Recognition {
            engine: engine.name,
            version: engine.version,
            languages: engine.languages,
            pages: self.pages,
            mean_confidence,
        })
    }
}

/// Pictures of pages of a word-processor document (a scan pasted in a page at a time), read as
/// a scanned PDF's pages are: each recognized by `ocr`'s recognizer (pictures on threads of
/// their own, within the document's time limit), its words and ruling lines laid out by this
/// reader's page rules, the pictures one after another as the pages of one document, so that a
/// table goes on from one to the next.
///
/// In: the pictures, in order. Out: the document their pages make (page numbers count the
/// pictures), with what was recognized; a picture that cannot be read is a diagnostic
/// (`ocr.page_unreadable`) and an empty page. Fails when there is no recognizer or engine
/// ([`crate::PdfError::OcrUnavailable`]) or the time limit passes.
pub fn read_pictures(pictures: &[roadmap_layout::Picture], ocr: &Ocr) -> Result<roadmap_layout::Document, crate::PdfError> {
    let unavailable = |why: String| crate::PdfError::OcrUnavailable(why);
    let recognizer = ocr.recognizer.as_deref().ok_or_else(|| unavailable("no OCR engine for these pictures of pages".into()))?;
    let engine = recognizer.engine().map_err(|e| unavailable(e.to_string()))?;
    let pages: Vec<(ScannedPage<'_>, Work)> = pictures
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let page = ScannedPage { number: i as u32 + 1, width: p.width, height: p.height, scan: Scan::Picture(&p.data) };
            (page, Work::Recognize)
        })
        .collect();
    let mut diagnostics = Vec::new();
    let mut tally = Tally::default();
    let mut contents = Vec::with_capacity(pages.len());
    for (i, result) in recognize_all(recognizer, &pages, ocr.jobs).into_iter().enumerate() {
        match result {
            Ok(Recognized::Page(page)) => {
                for note in &page.notes {
                    diagnostics
                        .push(roadmap_layout::Diagnostic { code: roadmap_codes::OCR_NOTE, message: format!("picture {}: {note}", i + 1) });
                }
                tally.add(&page);
                contents.push(content_of(page));
            }
            Ok(Recognized::Rulings(_)) => contents.push(PageContent::default()),
            Err(RecognitionError::TimedOut) => return Err(crate::PdfError::TimedOut(roadmap_layout::deadline::TimedOut)),
            Err(e) => {
                let message = match e {
                    RecognitionError::Image { message, .. } => format!("picture {}: {message}", i + 1),
                    other => other.to_string(),
                };
                diagnostics.push(roadmap_layout::Diagnostic { code: roadmap_codes::OCR_PAGE_UNREADABLE, message });
                contents.push(PageContent::default());
            }
        }
    }
    // the pictures are no PDF's pages: their places are the tables' rows and columns alone
    let mut document = crate::page::assemble(contents, None);
    document.ocr = tally.recognition(engine);
    document.diagnostics = diagnostics;
    Ok(document)
}

/// A recognized page as page content: each word a run of text, each ruling a segment.
pub(crate) fn content_of(page: RecognizedPage) -> PageContent {
    let chars = page
        .words
        .into_iter()
        .filter(|w| !w.text.trim().is_empty())
        .map(|w| Char { text: Rc::from(w.text.as_str()), x0: w.x0, x1: w.x1, y: w.baseline, size: w.size, confidence: Some(w.confidence) })
        .collect();
    let segments = page.rulings.iter().map(segment_of).collect();
    PageContent { chars, segments, ..PageContent::default() }
}

/// A page's own words (its recognized text layer) ruled by the lines found on its image.
pub(crate) fn ruled_by(page: &mut PageContent, rulings: &[Ruling]) {
    page.segments.extend(rulings.iter().map(segment_of));
    page.ruled_by_image = true;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(y: f32, x0: f32, x1: f32) -> Ruling {
        Ruling { x0, x1, y0: y, y1: y }
    }

    fn v(x: f32, y0: f32, y1: f32) -> Ruling {
        Ruling { x0: x, x1: x, y0, y1 }
    }

    /// Words laid out one line each, as a text layer's characters.
    fn layer(lines: &[&str]) -> Vec<Char> {
        lines
            .iter()
            .enumerate()
            .flat_map(|(i, line)| {
                line.chars().enumerate().map(move |(k, c)| Char {
                    text: Rc::from(c.to_string().as_str()),
                    x0: 6.0 * k as f32,
                    x1: 6.0 * k as f32 + 5.0,
                    y: 800.0 - 14.0 * i as f32,
                    size: 10.0,
                    confidence: None,
                })
            })
            .collect()
    }

    #[test]
    fn a_layer_of_latin_look_alikes_reads_badly() {
        // as a scanner's engine without Russian wrote a budget estimate and a plan
        let latin =
            layer(&["l>IO)J.)KETHA51 CMETA HA 2019", "no11rOT06JICllO c v.cnOJlb30Ba1rneM CHC'reMbl", "Hanumenopanne Cpok ucnomHenna"]);
        assert!(!layer_reads_well(&latin));
        let russian = layer(&["План мероприятий по обеспечению безопасности", "Проведение инструктажа с сотрудниками | май"]);
        assert!(layer_reads_well(&russian));
        let english = layer(&["Annual report of the committee", "Approved by the board in March"]);
        assert!(layer_reads_well(&english));
    }

    /// A recognizer that reads every page as a ruled table of one row: «N.» and a word.
    struct OneRowPerPage;

    impl Recognizer for OneRowPerPage {
        fn engine(&self) -> Result<Engine, RecognitionError> {
            Ok(Engine { name: "fake".into(), version: "1".into(), languages: "rus".into() })
        }

        fn recognize(&self, page: &ScannedPage<'_>) -> Result<RecognizedPage, RecognitionError> {
            let Scan::Picture(data) = page.scan else { panic!("a picture was expected") };
            if data == b"damaged" {
                return Err(RecognitionError::Image { page: page.number, message: "damaged picture".into() });
            }
            let word = |text: &str, x0: f32, baseline: f32| RecognizedWord {
                text: text.into(),
                x0,
                x1: x0 + 60.0,
                baseline,
                size: 12.0,
                confidence: 90,
            };
            Ok(RecognizedPage {
                words: vec![
                    word(&format!("{}.", page.number), 60.0, 690.0),
                    word("Мероприятие", 150.0, 690.0),
                    word("Утверждаю", 300.0, 780.0),
                ],
                rulings: vec![
                    h(720.0, 50.0, 500.0),
                    h(670.0, 50.0, 500.0),
                    v(50.0, 670.0, 720.0),
                    v(120.0, 670.0, 720.0),
                    v(500.0, 670.0, 720.0),
                ],
                notes: Vec::new(),
            })
        }
    }

    fn picture(data: &[u8]) -> roadmap_layout::Picture {
        roadmap_layout::Picture { at: 0, data: data.to_vec(), width: 595.0, height: 842.0 }
    }

    #[test]
    fn pictures_of_pages_are_read_as_pages_of_a_scan() {
        let ocr = Ocr { mode: OcrMode::Auto, recognizer: Some(Arc::new(OneRowPerPage)), jobs: 2 };
        let doc = read_pictures(&[picture(b"page one"), picture(b"page two"), picture(b"damaged")], &ocr).unwrap_or_else(|e| panic!("{e}"));
        let tables: Vec<&roadmap_layout::Table> = doc.tables().collect();
        assert_eq!(tables.len(), 1, "the table goes on from one picture to the next: {doc:?}");
        let numbers: Vec<(Option<u32>, &str)> = tables[0].rows.iter().map(|r| (r.page, r.cells[0].text.as_str())).collect();
        assert_eq!(numbers, [(Some(1), "1."), (Some(2), "2.")]);
        assert_eq!(doc.ocr.as_ref().map(|r| (r.engine.as_str(), r.pages, r.mean_confidence)), Some(("fake", 2, 90)));
        assert!(
            doc.diagnostics.iter().any(|d| d.code == "ocr.page_unreadable" && d.message.contains("picture 3: damaged")),
            "{:?}",
            doc.diagnostics
        );
        let none = Ocr { recognizer: None, ..ocr };
        assert!(matches!(read_pictures(&[picture(b"page one")], &none), Err(crate::PdfError::OcrUnavailable(_))));
    }

    #[test]
    fn cells_of_a_grid_with_a_merged_row() {
        // three columns; the middle row is one cell across (a section row)
        let lines = [
            h(0.0, 0.0, 300.0),
            h(50.0, 0.0, 300.0),
            h(100.0, 0.0, 300.0),
            h(150.0, 0.0, 300.0),
            v(0.0, 0.0, 150.0),
            v(300.0, 0.0, 150.0),
            v(100.0, 0.0, 50.0),
            v(100.0, 100.0, 150.0),
            v(200.0, 0.0, 50.0),
            v(200.0, 100.0, 150.0),
        ];
        let found = ruled_cells(&lines);
        assert_eq!(found.len(), 7, "{found:?}");
        assert!(found.contains(&Area { x0: 0.0, y0: 50.0, x1: 300.0, y1: 100.0 }), "{found:?}");
    }
}
