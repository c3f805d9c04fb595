//! Text PDF → [`roadmap_layout::Document`].
//!
//! In: the bytes of a PDF with a text layer. Out: the body's paragraphs and tables in reading
//! order, with page numbers on every row and paragraph.
//! - each page's content streams and form XObjects are walked with the graphics and text
//!   state; strings are decoded through `ToUnicode` first, then the font's simple encoding;
//!   composite `Identity-H` fonts read two-byte codes; advances come from the widths arrays;
//! - ruling lines (stroked `m`/`l` and `re` paths, thin filled rectangles) become a cell grid;
//!   merged cells become spans; text is assigned to the cell under it and its lines are
//!   joined by the layout rules of `lines` (hyphens, words broken at the cell edge,
//!   paragraph breaks);
//! - a table that continues on the next page with the same column grid is one table; its
//!   repeated header rows are flagged `repeat_header`; a row split by the page break stays
//!   two rows with their page numbers, for the extractor's continuation rule;
//! - page numbers and running headers and footers are dropped;
//! - text without rulings forms paragraphs, or a table when it stands in aligned columns
//!   (`columns`).
//!
//! Refuses ([`PdfError`]): not a readable PDF, encrypted with a user password (an empty user
//! password is opened), no pages, no text layer (a scan).
//!
//! ```
//! let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/orel-2022-order-226.pdf")).unwrap();
//! let doc = roadmap_pdf::read(&bytes).unwrap();
//! assert!(doc.tables().any(|t| t.rows.len() > 30));
//! ```

mod cmap;
mod columns;
mod content;
mod fonts;
mod grid;
mod lines;
mod operations;
mod page;
mod predefined;
mod repair;
mod scan;

pub use lines::spelled as russian_word;
pub use scan::{
    read_pictures, ruled_cells, Area, Engine, Ocr, OcrMode, PageImage, RecognitionError, RecognizedPage, RecognizedWord, Recognizer,
    Ruling, Scan, ScannedPage,
};

use lopdf::{Document as PdfDocument, LoadOptions, Object};
use roadmap_layout::{Diagnostic, Document};

/// Limits that keep hostile files from exhausting memory or time.
#[derive(Debug, Clone)]
pub struct Options {
    /// Largest decompressed size of one stream (page content, form, font map).
    pub max_stream_bytes: usize,
    /// Pages read; later pages are skipped with a diagnostic.
    pub max_pages: usize,
    /// Pages without a text layer: recognized by an OCR engine, or refused.
    pub ocr: Ocr,
}

impl Default for Options {
    fn default() -> Self {
        Options { max_stream_bytes: 64 * 1024 * 1024, max_pages: 2_000, ocr: Ocr::default() }
    }
}

/// Limits the content walker applies to each page.
#[derive(Debug, Clone)]
pub(crate) struct ReadLimits {
    pub max_stream_bytes: usize,
    pub max_operations: usize,
    pub max_chars: usize,
    pub max_form_depth: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("not a readable PDF: {0}")]
    Damaged(String),
    #[error("encrypted PDF (a password is needed to open it)")]
    Encrypted,
    /// Opened with the empty user password, and yet no page shows anything: content in an
    /// encryption the reader does not undo.
    #[error("encrypted PDF whose content did not decrypt with the empty user password (an encryption this reader does not undo)")]
    Undecrypted,
    #[error("PDF has no pages")]
    NoPages,
    #[error("no text layer (a scanned document?)")]
    NoTextLayer,
    /// A scan, and no OCR engine to read it.
    #[error("{0}")]
    OcrUnavailable(String),
    /// A scan whose page images cannot be read.
    #[error("scanned page unreadable: {0}")]
    ScanUnreadable(String),
    #[error(transparent)]
    TimedOut(#[from] roadmap_layout::deadline::TimedOut),
}

/// Read a PDF with the default [`Options`].
pub fn read(bytes: &[u8]) -> Result<Document, PdfError> {
    read_with(bytes, &Options::default())
}

/// Read a PDF with explicit limits.
pub fn read_with(bytes: &[u8], options: &Options) -> Result<Document, PdfError> {
    // a file without its header is read with one (the reader then finds its objects again)
    let with_header;
    let bytes = if is_headerless(bytes) {
        with_header = [&b"%PDF-1.4\n"[..], bytes].concat();
        &with_header[..]
    } else {
        bytes
    };
    let mut pdf = load(bytes, options).map_err(|e| match e {
        lopdf::Error::InvalidPassword | lopdf::Error::Decryption(_) => PdfError::Encrypted,
        other => PdfError::Damaged(other.to_string()),
    })?;
    let all_pages = page_ids(&pdf, options.max_pages.saturating_add(1));
    if repair::lost_streams(&pdf, &all_pages) {
        // page content behind a missing or wrong /Length: the file again, lengths measured
        if let Ok(repaired) = load(&repair::mended(bytes), options) {
            repair::take_lost_objects(&mut pdf, repaired);
        }
    }
    if pdf.trailer.get(b"Encrypt").is_ok() && !pdf.was_encrypted() {
        return Err(PdfError::Encrypted);
    }
    if all_pages.is_empty() {
        return Err(PdfError::NoPages);
    }
    let mut diagnostics = Vec::new();
    if all_pages.len() > options.max_pages {
        diagnostics.push(Diagnostic {
            code: roadmap_codes::PDF_PAGE_LIMIT,
            message: format!("only the first {} pages were read", options.max_pages),
        });
    }
    let limits =
        ReadLimits { max_stream_bytes: options.max_stream_bytes, max_operations: 2_000_000, max_chars: 500_000, max_form_depth: 12 };
    let mut walker = content::Walker::new(&pdf, &limits);
    let mut pages = Vec::with_capacity(all_pages.len().min(options.max_pages));
    let mut truncated = 0;
    let mut sizes = Vec::with_capacity(pages.capacity());
    let mut frames = Vec::with_capacity(pages.capacity());
    for id in all_pages.iter().take(options.max_pages) {
        roadmap_layout::deadline::check()?;
        let (transform, size) = page_space(&pdf, *id);
        let content = walker.page(*id, transform);
        truncated += usize::from(content.truncated);
        pages.push(content);
        sizes.push(size);
        frames.push(page::PageFrame::of_crop_box(crop_box(&pdf, *id), transform));
    }
    let recognition = recognize(&pdf, &mut pages, &sizes, &options.ocr, &mut diagnostics)?;
    if !pages.iter().any(content::PageContent::has_text) {
        if pdf.was_encrypted() && pages.iter().all(|p| p.placed.is_empty()) {
            return Err(PdfError::Undecrypted);
        }
        return Err(PdfError::NoTextLayer);
    }
    if truncated > 0 {
        diagnostics.push(Diagnostic {
            code: roadmap_codes::PDF_CONTENT_LIMIT,
            message: format!("{truncated} page(s) had content beyond the reader's limits or damaged streams; the rest was read"),
        });
    }
    roadmap_layout::deadline::check()?;
    let page_count = pages.len() as u32;
    let mut doc = page::assemble(pages, Some(&frames));
    doc.pages = Some(page_count);
    doc.properties = info_properties(&pdf);
    doc.ocr = recognition;
    doc.diagnostics.splice(0..0, diagnostics);
    Ok(doc)
}

/// Load a PDF with lopdf, stream sizes bounded by `options`, filter names written out.
fn load(bytes: &[u8], options: &Options) -> Result<PdfDocument, lopdf::Error> {
    let load = |filter: Option<lopdf::FilterFunc>, bytes: &[u8]| {
        let load = LoadOptions { max_decompressed_size: Some(options.max_stream_bytes), filter, ..LoadOptions::default() };
        PdfDocument::load_mem_with_options(bytes, load)
    };
    // object streams under abbreviated filter names (/Fl, /AHx …) load once their names are
    // written out; an unfiltered load is tried first, as only it may rebuild a damaged file
    let mut pdf = match load(None, bytes) {
        // object streams or a cross-reference stream under abbreviated names: loaded with the
        // names written out as objects are read, else in the bytes (the offsets then found
        // again by the reader's repair)
        Err(first) => load(Some(with_full_filter_names), bytes).or_else(|_| {
            let written_out = full_filter_names_in(bytes);
            if written_out == bytes {
                Err(first)
            } else {
                load(None, &written_out)
            }
        }),
        loaded => loaded,
    }?;
    for object in pdf.objects.values_mut() {
        full_filter_names(object);
    }
    Ok(pdf)
}

/// The pages of `pdf` in order, at most `limit`: by the page tree, else (a tree the walk cannot
/// follow: its /Pages is itself a page, a /Kids entry that is not a reference) the page
/// objects themselves in object order, as other readers do.
fn page_ids(pdf: &PdfDocument, limit: usize) -> Vec<lopdf::ObjectId> {
    let pages: Vec<lopdf::ObjectId> = pdf.page_iter().take(limit).collect();
    if pages.is_empty() {
        loose_pages(pdf, limit)
    } else {
        pages
    }
}

/// Recognize the pages `ocr` asks for, in place; what was recognized. Fails when the document
/// is a scan that cannot be read: no engine, or no page image readable.
fn recognize(
    pdf: &PdfDocument,
    pages: &mut [content::PageContent],
    sizes: &[(f32, f32)],
    ocr: &Ocr,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Option<roadmap_layout::Recognition>, PdfError> {
    let Some(recognizer) = ocr.recognizer.as_deref() else { return Ok(None) };
    let mut pending: Vec<scan::Pending> = pages
        .iter()
        .enumerate()
        .filter_map(|(index, p)| {
            let (width, height) = sizes.get(index).copied().unwrap_or((612.0, 792.0));
            let work = scan::wanted(p, ocr.mode, width, height)?;
            Some(scan::Pending { index, width, height, images: p.placed.clone(), work })
        })
        .collect();
    if pending.is_empty() {
        return Ok(None);
    }
    let textless = !pages.iter().any(content::PageContent::has_text);
    // the engine is asked for only when a page is to be recognized (the lines of an image are
    // found without it); without one, those pages keep their text layer, if they have one
    let mut engine = None;
    if pending.iter().any(|p| p.work == scan::Work::Recognize) {
        match recognizer.engine() {
            Ok(found) => engine = Some(found),
            Err(e) if textless => return Err(PdfError::OcrUnavailable(e.to_string())),
            Err(e) => {
                let unread = pending.iter().filter(|p| p.work == scan::Work::Recognize && !pages[p.index].has_text()).count();
                if unread > 0 {
                    diagnostics.push(Diagnostic {
                        code: roadmap_codes::OCR_UNAVAILABLE_PAGES,
                        message: format!("{unread} scanned page(s) not read: {e}"),
                    });
                }
                pending.retain(|p| p.work == scan::Work::Rulings);
            }
        }
    }
    let scanned: Vec<(ScannedPage<'_>, scan::Work)> = pending
        .iter()
        .map(|p| {
            let page = ScannedPage {
                number: p.index as u32 + 1,
                width: p.width,
                height: p.height,
                scan: Scan::Painted { pdf, images: &p.images },
            };
            (page, p.work)
        })
        .collect();
    let results = scan::recognize_all(recognizer, &scanned, ocr.jobs);
    let mut tally = scan::Tally::default();
    let mut first_error = None;
    for (p, result) in pending.iter().zip(results) {
        match result {
            Ok(scan::Recognized::Rulings(rulings)) => scan::ruled_by(&mut pages[p.index], &rulings),
            Ok(scan::Recognized::Page(page)) => {
                if pages[p.index].has_text() && ocr.mode == OcrMode::Auto {
                    diagnostics.push(Diagnostic {
                        code: roadmap_codes::OCR_NOTE,
                        message: format!("page {}: its text layer read badly and was recognized again", p.index + 1),
                    });
                }
                for note in &page.notes {
                    diagnostics.push(Diagnostic { code: roadmap_codes::OCR_NOTE, message: format!("page {}: {note}", p.index + 1) });
                }
                tally.add(&page);
                pages[p.index] = scan::content_of(page);
            }
            Err(RecognitionError::TimedOut) => return Err(PdfError::TimedOut(roadmap_layout::deadline::TimedOut)),
            // a page that keeps its own text layer is read without the lines of its image
            Err(e) if pages[p.index].has_text() => {
                diagnostics.push(Diagnostic { code: roadmap_codes::OCR_PAGE_UNREADABLE, message: e.to_string() });
            }
            Err(e) => {
                diagnostics.push(Diagnostic { code: roadmap_codes::OCR_PAGE_UNREADABLE, message: e.to_string() });
                first_error.get_or_insert(e);
            }
        }
    }
    if let Some(e) = first_error.filter(|_| !pages.iter().any(content::PageContent::has_text)) {
        return Err(PdfError::ScanUnreadable(e.to_string()));
    }
    Ok(engine.and_then(|engine| tally.recognition(engine)))
}

/// The filter names a stream may abbreviate as inline images do (ISO 32000 §8.9.7), written out:
/// `/Fl` → `/FlateDecode`, `/AHx` → `/ASCIIHexDecode` …; an empty filter list removed.
fn full_filter_names(object: &mut Object) {
    let Object::Stream(stream) = object else { return };
    // an empty filter list is no filter (lopdf would decode the stream to nothing)
    if matches!(stream.dict.get(b"Filter"), Ok(Object::Array(names)) if names.is_empty()) {
        stream.dict.remove(b"Filter");
        stream.dict.remove(b"DecodeParms");
        return;
    }
    let full = |name: &[u8]| -> Option<&'static str> {
        Some(match name {
            b"Fl" => "FlateDecode",
            b"AHx" => "ASCIIHexDecode",
            b"A85" => "ASCII85Decode",
            b"LZW" => "LZWDecode",
            b"RL" => "RunLengthDecode",
            b"DCT" => "DCTDecode",
            b"CCF" => "CCITTFaxDecode",
            _ => return None,
        })
    };
    match stream.dict.get_mut(b"Filter") {
        Ok(Object::Name(name)) => {
            if let Some(full) = full(name) {
                *name = full.as_bytes().to_vec();
            }
        }
        Ok(Object::Array(names)) => {
            for name in names.iter_mut() {
                if let Object::Name(name) = name {
                    if let Some(full) = full(name) {
                        *name = full.as_bytes().to_vec();
                    }
                }
            }
        }
        _ => {}
    }
}

/// The file with every abbreviated filter name after `/Filter` written out, in the spaces that
/// pad it where there are (offsets kept), else moving what follows (the reader then repairs
/// its cross-reference table).
fn full_filter_names_in(bytes: &[u8]) -> Vec<u8> {
    const NAMES: [(&[u8], &[u8]); 5] = [
        (b"/Fl", b"/FlateDecode"),
        (b"/AHx", b"/ASCIIHexDecode"),
        (b"/A85", b"/ASCII85Decode"),
        (b"/LZW", b"/LZWDecode"),
        (b"/RL", b"/RunLengthDecode"),
    ];
    let mut out = Vec::with_capacity(bytes.len() + 64);
    // right after `/Filter`, or inside the array that follows it
    let (mut after_filter, mut in_array) = (false, false);
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at..].starts_with(b"/Filter") && !bytes.get(at + 7).is_some_and(|c| c.is_ascii_alphanumeric()) {
            out.extend_from_slice(b"/Filter");
            at += 7;
            after_filter = true;
            continue;
        }
        let abbreviation = (after_filter || in_array)
            .then(|| {
                NAMES.iter().find(|(short, _)| {
                    bytes[at..].starts_with(short) && !bytes.get(at + short.len()).is_some_and(|c| c.is_ascii_alphanumeric())
                })
            })
            .flatten();
        if let Some((short, long)) = abbreviation {
            out.extend_from_slice(long);
            at += short.len();
            after_filter = false;
            // writers that abbreviate pad the name with spaces to keep the offsets: the full
            // name takes their place
            let mut room = long.len() - short.len();
            while room > 0 && bytes.get(at) == Some(&b' ') && bytes.get(at + 1) == Some(&b' ') {
                at += 1;
                room -= 1;
            }
            continue;
        }
        let c = bytes[at];
        match c {
            b'[' if after_filter => in_array = true,
            b']' => in_array = false,
            c if c.is_ascii_whitespace() => {}
            _ => after_filter = false,
        }
        out.push(c);
        at += 1;
    }
    out
}

/// [`full_filter_names`] as lopdf's load filter, which sees every object before object
/// streams are decoded.
fn with_full_filter_names(id: lopdf::ObjectId, object: &mut Object) -> Option<(lopdf::ObjectId, Object)> {
    full_filter_names(object);
    Some((id, std::mem::replace(object, Object::Null)))
}

/// A PDF written without its `%PDF-` header, as pdf.js and poppler still open it: it starts
/// with an indirect object («1 0 obj»), after comment lines if any, and has a trailer or a
/// cross-reference offset.
pub fn is_headerless(bytes: &[u8]) -> bool {
    // past white space and comment lines (the binary-marker line «%âãÏÓ» often stays)
    let mut start = bytes.trim_ascii_start();
    while start.first() == Some(&b'%') {
        let line_end = start.iter().position(|b| *b == b'\n' || *b == b'\r').unwrap_or(start.len());
        start = start[line_end..].trim_ascii_start();
    }
    let mut parts = start.splitn(4, |b| b.is_ascii_whitespace()).filter(|p| !p.is_empty());
    let numbers = |p: Option<&[u8]>| p.is_some_and(|p| !p.is_empty() && p.iter().all(u8::is_ascii_digit));
    let opens_an_object = numbers(parts.next()) && numbers(parts.next()) && parts.next().is_some_and(|p| p.starts_with(b"obj"));
    opens_an_object && [&b"startxref"[..], b"trailer"].iter().any(|mark| bytes.windows(mark.len()).any(|w| w == *mark))
}

/// The objects of the file that are pages (`/Type /Page`), in object order, at most `limit`.
fn loose_pages(pdf: &PdfDocument, limit: usize) -> Vec<lopdf::ObjectId> {
    pdf.objects
        .iter()
        .filter(|(_, object)| object.as_dict().ok().and_then(|d| d.get(b"Type").ok()).and_then(|t| t.as_name().ok()) == Some(&b"Page"[..]))
        .map(|(id, _)| *id)
        .take(limit)
        .collect()
}

/// Title, author and dates from the trailer's Info dictionary.
fn info_properties(pdf: &PdfDocument) -> roadmap_layout::Properties {
    use roadmap_layout::Properties;
    let info = pdf.trailer.get(b"Info").ok().and_then(|i| pdf.dereference(i).ok()).and_then(|(_, i)| i.as_dict().ok());
    let Some(info) = info else { return Properties::default() };
    let text = |key: &[u8]| info.get(key).ok().and_then(|v| lopdf::decode_text_string(v).ok());
    Properties {
        title: text(b"Title").as_deref().and_then(Properties::value),
        author: text(b"Author").as_deref().and_then(Properties::value),
        created: text(b"CreationDate").as_deref().and_then(pdf_date),
        modified: text(b"ModDate").as_deref().and_then(pdf_date),
    }
}

/// A PDF date (`D:20210331071200+03'00'`, ISO 32000 §7.9.4; everything after the year
/// optional) as an ISO 8601 timestamp.
fn pdf_date(text: &str) -> Option<String> {
    let text = text.trim();
    let text = text.strip_prefix("D:").unwrap_or(text);
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let part =
        |from: usize, default: u32| text.get(from..from + 2).filter(|_| from + 2 <= digits).and_then(|p| p.parse().ok()).unwrap_or(default);
    let year = text.get(..4).filter(|_| digits >= 4)?.parse().ok()?;
    let rest = &text[digits..];
    let offset = match rest.as_bytes().first() {
        Some(b'Z') => "Z".to_string(),
        Some(sign @ (b'+' | b'-')) => {
            let numbers: Vec<&str> = rest[1..].split(|c: char| !c.is_ascii_digit()).filter(|p| !p.is_empty()).collect();
            match numbers.as_slice() {
                [hours, minutes, ..] => format!("{}{hours:0>2}:{minutes:0>2}", *sign as char),
                [hours] => format!("{}{hours:0>2}:00", *sign as char),
                [] => String::new(),
            }
        }
        _ => String::new(),
    };
    roadmap_layout::Properties::timestamp(year, part(4, 1), part(6, 1), part(8, 0), part(10, 0), part(12, 0), &offset)
}

/// A page attribute, from the page or the nodes of the page tree above it.
fn inherited<'a>(pdf: &'a PdfDocument, id: lopdf::ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut node = pdf.get_dictionary(id).ok()?;
    for _ in 0..32 {
        if let Ok(value) = node.get(key) {
            return pdf.dereference(value).ok().map(|(_, v)| v);
        }
        node = pdf.get_dictionary(node.get(b"Parent").ok()?.as_reference().ok()?).ok()?;
    }
    None
}

/// A page rectangle attribute (`/MediaBox`, `/CropBox`) as [left, bottom, right, top].
fn page_rectangle(pdf: &PdfDocument, id: lopdf::ObjectId, key: &[u8]) -> Option<[f32; 4]> {
    let numbers: Vec<f32> = inherited(pdf, id, key)?.as_array().ok()?.iter().filter_map(content::number).collect();
    match numbers.as_slice() {
        [a, b, c, d] => Some([a.min(*c), b.min(*d), a.max(*c), b.max(*d)]),
        _ => None,
    }
}

/// The part of the page a viewer shows, in user space: its crop box within its media box.
fn crop_box(pdf: &PdfDocument, id: lopdf::ObjectId) -> [f32; 4] {
    let media = page_rectangle(pdf, id, b"MediaBox").unwrap_or([0.0, 0.0, 612.0, 792.0]);
    match page_rectangle(pdf, id, b"CropBox") {
        Some([l, b, r, t]) => {
            let clipped = [l.max(media[0]), b.max(media[1]), r.min(media[2]), t.min(media[3])];
            if clipped[0] < clipped[2] && clipped[1] < clipped[3] {
                clipped
            } else {
                media
            }
        }
        None => media,
    }
}

/// The transform from a page's user space to its displayed orientation, origin at the
/// bottom left, and the displayed page's width and height.
fn page_space(pdf: &PdfDocument, id: lopdf::ObjectId) -> ([f32; 6], (f32, f32)) {
    let [llx, lly, urx, ury] = page_rectangle(pdf, id, b"MediaBox").unwrap_or([0.0, 0.0, 612.0, 792.0]);
    let (w, h) = (urx - llx, ury - lly);
    let rotate = inherited(pdf, id, b"Rotate").and_then(content::number).map_or(0, |r| (r as i64).rem_euclid(360));
    match rotate {
        90 => ([0.0, -1.0, 1.0, 0.0, -lly, w + llx], (h, w)),
        180 => ([-1.0, 0.0, 0.0, -1.0, w + llx, h + lly], (w, h)),
        270 => ([0.0, 1.0, -1.0, 0.0, h + lly, -llx], (h, w)),
        _ => ([1.0, 0.0, 0.0, 1.0, -llx, -lly], (w, h)),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use lopdf::{dictionary, Dictionary, Document, Object, Stream};

    /// The paragraphs read from one page showing `content` in font `/F1` = `font`; `page_tree`
    /// false makes the catalog's /Pages the page itself.
    fn page_text(font: Dictionary, content: &[u8], page_tree: bool) -> Vec<String> {
        let mut doc = Document::with_version("1.5");
        let font = doc.add_object(font);
        let content = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
        let mut page = dictionary! {
            "Type" => "Page", "Contents" => content, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        };
        let pages = if page_tree {
            let pages = doc.new_object_id();
            page.set("Parent", pages);
            let page = doc.add_object(page);
            doc.objects.insert(pages, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }));
            pages
        } else {
            doc.add_object(page)
        };
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        paragraphs(doc)
    }

    /// The paragraphs read from `doc` saved, which has one page.
    fn paragraphs(mut doc: Document) -> Vec<String> {
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap_or_else(|e| panic!("{e}"));
        paragraphs_of(&bytes)
    }

    /// The paragraphs read from the bytes of a one-page file.
    pub(crate) fn paragraphs_of(bytes: &[u8]) -> Vec<String> {
        let read = super::read(bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read.pages, Some(1));
        read.blocks.iter().filter_map(|b| if let roadmap_layout::Block::Paragraph(p) = b { Some(p.text.clone()) } else { None }).collect()
    }

    #[test]
    fn text_only_in_annotations_is_the_pages_text() {
        let mut doc = Document::with_version("1.5");
        let font = doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" });
        let rect = |y: i64| Object::Array(vec![100.into(), y.into(), 300.into(), (y + 20).into()]);
        let appearance = |doc: &mut Document, text: &str| {
            let content = format!("BT /F1 10 Tf 2 5 Td ({text}) Tj ET").into_bytes();
            let resources = dictionary! { "Font" => dictionary! { "F1" => font } };
            let bbox = vec![0.into(), 0.into(), 200.into(), 20.into()];
            doc.add_object(Stream::new(
                dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => bbox, "Resources" => resources },
                content,
            ))
        };
        let (shown, hidden) = (appearance(&mut doc, "Free text"), appearance(&mut doc, "Hidden"));
        let checked = appearance(&mut doc, "Checked");
        let parent = doc.add_object(dictionary! { "FT" => "Tx", "T" => "Field", "V" => Object::string_literal("Filled value") });
        let annotations: Vec<Object> = vec![
            dictionary! { "Type" => "Annot", "Subtype" => "FreeText", "Rect" => rect(700), "AP" => dictionary! { "N" => shown } }.into(),
            dictionary! { "Type" => "Annot", "Subtype" => "FreeText", "F" => 2, "Rect" => rect(600), "AP" => dictionary! { "N" => hidden } }.into(),
            // a check box: the appearance of the state /AS names
            dictionary! { "Type" => "Annot", "Subtype" => "Widget", "Rect" => rect(500), "AS" => "On",
                "AP" => dictionary! { "N" => dictionary! { "On" => checked, "Off" => hidden } } }.into(),
            // a filled text field whose widget has no appearance: its value, inherited from its field
            dictionary! { "Type" => "Annot", "Subtype" => "Widget", "Rect" => rect(400), "Parent" => parent, "DA" => Object::string_literal("/Helv 0 Tf") }.into(),
        ];
        let content = doc.add_object(Stream::new(dictionary! {}, b"0 0 1 rg 10 10 50 50 re f".to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Contents" => content, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()], "Annots" => annotations,
        });
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => page });
        doc.trailer.set("Root", catalog);
        assert_eq!(paragraphs(doc), ["Free text", "Checked", "Filled value"]);
    }

    #[test]
    fn a_page_tree_the_walk_cannot_follow_still_gives_its_pages() {
        let font = dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" };
        assert_eq!(page_text(font, b"BT /F1 12 Tf 72 700 Td (Plan) Tj ET", false), ["Plan"]);
    }

    #[test]
    fn type3_text_in_a_glyph_space_of_its_own_is_read() {
        // glyphs 40 units wide in a FontMatrix of 1: a font size of 0.24 shows 19-point letters
        let names = ["P", "l", "a", "n"].map(|n| Object::Name(n.as_bytes().to_vec()));
        let font = dictionary! {
            "Type" => "Font", "Subtype" => "Type3", "FontMatrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 0.into(), 0.into()],
            "FontBBox" => vec![0.into(), 0.into(), 40.into(), 50.into()], "FirstChar" => 80, "LastChar" => 83,
            "Widths" => vec![40.into(), 40.into(), 40.into(), 40.into()], "CharProcs" => dictionary! {},
            "Encoding" => dictionary! { "Differences" => [vec![80.into()], names.to_vec()].concat() },
        };
        assert_eq!(page_text(font, b"BT /F1 0.24 Tf 72 700 Td (PQRS) Tj ET", true), ["Plan"]);
    }

    #[test]
    fn abbreviated_filter_names_are_written_out() {
        // in the bytes, in the spaces that pad them: the offsets stay
        let padded = b"<< /Type /XRef /Filter /Fl          /W [1 2 1] >>";
        let full = super::full_filter_names_in(padded);
        assert_eq!(full, b"<< /Type /XRef /Filter /FlateDecode /W [1 2 1] >>");
        assert_eq!(full.len(), padded.len());
        assert_eq!(super::full_filter_names_in(b"/Filter [/AHx /Fl] /Fl /Flags 3"), b"/Filter [/ASCIIHexDecode /FlateDecode] /Fl /Flags 3");
        // in a loaded stream's dictionary
        let mut stream = lopdf::Object::Stream(lopdf::Stream::new(
            lopdf::dictionary! { "Filter" => vec![lopdf::Object::Name(b"A85".to_vec()), lopdf::Object::Name(b"Fl".to_vec())] },
            vec![],
        ));
        super::full_filter_names(&mut stream);
        let mut unfiltered =
            lopdf::Object::Stream(lopdf::Stream::new(lopdf::dictionary! { "Filter" => Vec::<lopdf::Object>::new() }, b"BT ET".to_vec()));
        super::full_filter_names(&mut unfiltered);
        assert!(unfiltered.as_stream().is_ok_and(|s| s.dict.get(b"Filter").is_err()), "an empty filter list is no filter");
        let filters = stream.as_stream().ok().and_then(|s| s.dict.get(b"Filter").ok().cloned());
        assert_eq!(
            filters,
            Some(lopdf::Object::Array(vec![lopdf::Object::Name(b"ASCII85Decode".to_vec()), lopdf::Object::Name(b"FlateDecode".to_vec())]))
        );
    }

    #[test]
    fn a_file_without_its_header_is_read() {
        let body = b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n\
3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>\nendobj\n\
4 0 obj\n<< /Length 35 >>\nstream\nBT /F1 12 Tf 72 700 Td (Plan) Tj ET\nendstream\nendobj\n\
5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\nendobj\ntrailer\n<< /Root 1 0 R /Size 6 >>\n%%EOF\n";
        assert!(super::is_headerless(body));
        assert!(super::is_headerless(&[&b"%\xe2\xe3\xcf\xd3\n"[..], body].concat()), "after the binary-marker comment");
        assert!(!super::is_headerless(b"12 0 obj << >> endobj, and nothing after"));
        assert!(!super::is_headerless(b"%PDF-1.4 1 0 obj trailer"));
        let read = super::read(body).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read.pages, Some(1));
    }

    #[test]
    fn pdf_dates() {
        assert_eq!(super::pdf_date("D:20210331071200+03'00'").as_deref(), Some("2021-03-31T07:12:00+03:00"));
        assert_eq!(super::pdf_date("D:20210331071200Z").as_deref(), Some("2021-03-31T07:12:00Z"));
        assert_eq!(super::pdf_date("D:2021").as_deref(), Some("2021-01-01T00:00:00"));
        assert_eq!(super::pdf_date("20210331").as_deref(), Some("2021-03-31T00:00:00"));
        assert_eq!(super::pdf_date("D:20211331"), None);
        assert_eq!(super::pdf_date("garbage"), None);
    }
}
