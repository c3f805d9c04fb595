//! Word 97-2003 binary documents (`.doc`, also Word 6/95) → [`roadmap_layout::Document`].
//!
//! In: the bytes of an OLE compound file holding a `WordDocument` stream. Out: the main
//! text's paragraphs and tables in document order, as the DOCX reader gives them.
//!
//! The Word binary format itself (the FIB, the table stream the FIB names, the piece table with
//! its 8-bit and UTF-16 pieces and their code pages, paragraph and table properties, fields,
//! lists) is read by `office_oxide`, a maintained pure-Rust reader of the Office formats
//! (`ARCHITECTURE.md` says why it was chosen); this crate maps its document model onto the
//! layout model:
//! - headings and paragraphs are paragraphs (line breaks kept, hyperlink targets kept);
//! - list items carry their numbers (decimal, letters or roman numerals from the list's start);
//! - tables are placed on their grid: a cell's column is the first one not taken by a vertical
//!   merge from above, the rows a merge covers get a `merged_above` cell, header rows are
//!   marked; a table nested in a cell follows its outermost table, its text also in the cell;
//! - footnotes, endnotes, comments, headers and footers are not body text;
//! - the summary information's title, author and dates are the document's properties;
//! - a document with no text of its own gives its pictures of pages (a scan kept as a Word
//!   file), for the caller to recognize.
//!
//! Refuses ([`DocError`]): not a Word document, encrypted, a version before Word 6 (Word 6/95
//! files are read), damaged beyond reading.

use std::collections::VecDeque;

mod binary;
mod drawing;
mod lists;

use office_oxide::ir::{Element, InlineContent, List, ListStyle};
use roadmap_layout::build::{format_number, CellText, NumberFormat, VerticalSpans};
use roadmap_layout::{normalize_text, Block, Cell, Diagnostic, Document, Paragraph, Picture, Properties, Row, Table};

#[derive(Debug, thiserror::Error)]
pub enum DocError {
    #[error("encrypted Word document (a password is needed to open it)")]
    Encrypted,
    #[error("not a readable Word 97-2003 document: {0}")]
    Damaged(String),
    #[error("a Word document of a version before Word 6 ({0}), which this version does not read")]
    UnsupportedVersion(String),
}

/// Tables nested deeper than this are read as cell text.
const MAX_TABLE_DEPTH: usize = 16;

/// Read a Word 97-2003 document.
pub fn read(bytes: &[u8]) -> Result<Document, DocError> {
    let reader = std::io::Cursor::new(bytes.to_vec());
    let document = office_oxide::Document::from_reader(reader, office_oxide::DocumentFormat::Doc).map_err(|e| match e {
        office_oxide::OfficeError::Doc(office_oxide::doc::DocError::Encrypted) => DocError::Encrypted,
        office_oxide::OfficeError::Doc(office_oxide::doc::DocError::UnsupportedVersion(v)) => DocError::UnsupportedVersion(v),
        other => DocError::Damaged(other.to_string()),
    })?;
    let ir = document.to_ir();
    // the file's own structures, read once for the list numbers and the pictures of pages
    let file = binary::File::open(bytes);
    // the numbers of list paragraphs in cells, read from those structures (none when no cell
    // holds a numbered paragraph, the common case)
    let cell_numbers =
        file.as_ref().and_then(lists::cell_paragraphs).filter(|rows| rows.iter().flatten().flatten().any(|p| p.label.is_some())).map(
            |rows| {
                rows.into_iter()
                    .map(|cells| (cells.iter().map(|c| c.iter().map(lists::CellParagraph::letters).collect()).collect(), cells))
                    .collect()
            },
        );
    let mut out = Builder { cell_numbers, ..Builder::default() };
    for section in &ir.sections {
        out.elements(&section.elements);
    }
    let diagnostics = ir
        .metadata
        .warnings
        .iter()
        .take(20)
        .map(|w| Diagnostic { code: roadmap_codes::DOC_DAMAGED, message: format!("part of the document could not be read: {w}") })
        .collect();
    // the summary information as the file declares it (the IR's title falls back to a heading)
    let summary = document.as_doc().and_then(|doc| doc.summary_properties());
    let property = |get: fn(&office_oxide::cfb::SummaryProperties) -> &Option<String>| summary.and_then(|s| get(s).as_deref());
    let properties = Properties {
        title: property(|s| &s.title).and_then(Properties::value),
        author: property(|s| &s.author).and_then(Properties::value),
        created: property(|s| &s.created).and_then(Properties::w3c_timestamp),
        modified: property(|s| &s.modified).and_then(Properties::w3c_timestamp),
    };
    let pictures = file.as_ref().map(|f| page_pictures(f, &ir, &out.blocks)).unwrap_or_default();
    Ok(Document { blocks: out.blocks, diagnostics, properties, pictures, ..Document::default() })
}

/// Letters of text under which a document is a scan kept as a Word file (a title or a page
/// number typed beside the pictures, no more).
const SCAN_TEXT_LETTERS: usize = 200;

/// The pictures of pages of a document that has no text of its own to speak of: a scan kept as
/// a Word file, a page a picture (JPEG or PNG). Pictures floating over the pages come in the
/// order of their anchors in the text (`drawing`), then the pictures in the text (in the
/// `Data` stream, as `office_oxide` has read them into `ir`); when the drawing records cannot
/// be read, the pictures of the `WordDocument` stream are taken in the order the file holds
/// them. Their
/// records do not say how large they are shown, so a document with text gives none, and each
/// picture large enough to be a page ([`PAGE_PIXELS`] on its short side) is shown as an A4
/// page turned as it is, after the document's blocks.
fn page_pictures(file: &binary::File, ir: &office_oxide::ir::DocumentIR, blocks: &[Block]) -> Vec<Picture> {
    let letters: usize = blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) => p.text.chars().filter(|c| c.is_alphabetic()).count(),
            Block::Table(t) => t.rows.iter().flat_map(|r| r.filled()).map(|c| c.text.chars().filter(|c| c.is_alphabetic()).count()).sum(),
        })
        .sum();
    if letters >= SCAN_TEXT_LETTERS {
        return Vec::new();
    }
    // the pictures in the text, as `office_oxide` has already read them from `Data`
    let in_text = ir.sections.iter().flat_map(|s| &s.elements).filter_map(|e| match e {
        Element::Image(image) => image.data.clone(),
        _ => None,
    });
    let files: Vec<Vec<u8>> = match drawing::anchored_pictures(file) {
        Some(floating) => floating.into_iter().chain(in_text).collect(),
        None => in_text.chain(office_oxide::doc::images::extract_images(&file.word).into_iter().map(|i| i.data)).collect(),
    };
    let mut pictures: Vec<Picture> = Vec::new();
    for data in files {
        let Some((width, height)) = pixel_size(&data) else { continue };
        if width.min(height) < PAGE_PIXELS || pictures.len() >= Picture::MOST || pictures.iter().any(|p| p.data == data) {
            continue;
        }
        // A4 in points, turned as the picture is
        let shown = if width >= height { 842.0 } else { 595.0 };
        let (w, h) = (shown, shown * height as f32 / width as f32);
        pictures.push(Picture { at: blocks.len(), data, width: w, height: h });
    }
    pictures
}

/// Pixels on its short side from which a picture is taken for a page: a page scanned at 100 dpi
/// is about 830 × 1170 pixels; a logo or a stamp is a few hundred.
const PAGE_PIXELS: usize = 700;

/// A JPEG's or a PNG's size in pixels, from its header.
fn pixel_size(data: &[u8]) -> Option<(usize, usize)> {
    match data {
        [0xFF, 0xD8, 0xFF, ..] => {
            let mut decoder = zune_jpeg::JpegDecoder::new(std::io::Cursor::new(data));
            decoder.decode_headers().ok()?;
            decoder.dimensions()
        }
        [0x89, b'P', b'N', b'G', ..] => {
            let mut decoder = zune_png::PngDecoder::new(std::io::Cursor::new(data));
            decoder.decode_headers().ok()?;
            decoder.dimensions()
        }
        _ => None,
    }
}

/// The text of inline content: spans, line breaks; notes' marks are not text.
fn inline_text(content: &[InlineContent], links: &mut Vec<String>) -> String {
    let mut text = String::new();
    for item in content {
        match item {
            InlineContent::Text(span) => {
                text.push_str(&span.text);
                if let Some(link) = &span.hyperlink {
                    if !links.contains(link) {
                        links.push(link.clone());
                    }
                }
            }
            InlineContent::LineBreak => text.push('\n'),
            _ => {}
        }
    }
    text
}

/// A list number in a list's style: `1.`, `a)`, `iv.`; nothing for bullets.
fn list_label(list: &List, index: usize) -> Option<String> {
    if !list.ordered {
        return None;
    }
    let n = list.start_number.unwrap_or(1).saturating_add(u32::try_from(index).unwrap_or(u32::MAX));
    Some(match list.style {
        Some(ListStyle::LowerAlpha) => format!("{})", format_number(n, NumberFormat::LowerLetter)),
        Some(ListStyle::UpperAlpha) => format!("{}.", format_number(n, NumberFormat::UpperLetter)),
        Some(ListStyle::LowerRoman) => format!("{}.", format_number(n, NumberFormat::LowerRoman)),
        Some(ListStyle::UpperRoman) => format!("{}.", format_number(n, NumberFormat::UpperRoman)),
        _ => format!("{n}."),
    })
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    /// The rows of the outermost tables as the file numbers their cells' paragraphs, in order.
    cell_numbers: Option<VecDeque<FileRow>>,
}

/// What a cell holds: its text (paragraphs, links, where each paragraph stands), and the
/// tables nested in it.
#[derive(Default)]
struct CellContent {
    text: CellText,
    nested: Vec<Table>,
}

impl Builder {
    fn elements(&mut self, elements: &[Element]) {
        for e in elements {
            match e {
                Element::Table(t) => {
                    let mut nested = Vec::new();
                    let table = table(t, 1, &mut nested, self.cell_numbers.as_mut());
                    self.blocks.push(Block::Table(table));
                    self.blocks.extend(nested.into_iter().map(Block::Table));
                }
                other => {
                    let mut content = CellContent::default();
                    flow(other, &mut content, 1);
                    // the element's links go with its first paragraph
                    let mut links = content.text.links;
                    for text in content.text.paragraphs {
                        self.blocks.push(Block::Paragraph(Paragraph {
                            text,
                            page: None,
                            links: std::mem::take(&mut links),
                            ..Paragraph::default()
                        }));
                    }
                    self.blocks.extend(content.nested.into_iter().map(Block::Table));
                }
            }
        }
    }
}

/// The paragraphs of a non-table element (and its list items), into `into`.
fn flow(e: &Element, into: &mut CellContent, depth: usize) {
    let push = |text: String, into: &mut CellContent| into.text.push(normalize_text(&text), Vec::new());
    match e {
        Element::Heading(h) => {
            let text = inline_text(&h.content, &mut into.text.links);
            push(text, into);
        }
        Element::Paragraph(p) => {
            let text = inline_text(&p.content, &mut into.text.links);
            push(text, into);
        }
        Element::List(list) => list_items(list, into, depth),
        Element::TextBox(tb) => {
            for inner in &tb.content {
                flow(inner, into, depth);
            }
        }
        Element::Table(t) if depth <= MAX_TABLE_DEPTH => {
            let table = table(t, depth + 1, &mut into.nested, None);
            for row in &table.rows {
                let line = row.filled().map(|c| c.text.as_str()).collect::<Vec<_>>().join(" ");
                into.text.push(line, Vec::new());
            }
            into.nested.push(table);
        }
        _ => {}
    }
}

fn list_items(list: &List, into: &mut CellContent, depth: usize) {
    for (i, item) in list.items.iter().enumerate() {
        let label = list_label(list, i);
        let before = into.text.paragraphs.len();
        for inner in &item.content {
            flow(inner, into, depth);
        }
        if let Some(label) = label {
            match into.text.paragraphs.get_mut(before) {
                Some(first) => *first = format!("{label} {first}"),
                None => into.text.push(label, Vec::new()),
            }
        }
        if let Some(nested) = &item.nested {
            list_items(nested, into, depth);
        }
    }
}

/// A cell's paragraphs with the numbers the file shows before its list paragraphs: `mine`
/// lists every paragraph of the cell as the file holds it; the model's `paragraphs` are the
/// non-empty ones. With the place of each among `mine`; `None` when the two do not hold the
/// same text.
fn numbered(paragraphs: &[String], mine: &[lists::CellParagraph]) -> Option<(Vec<String>, Vec<u16>)> {
    let letters: Vec<String> = mine.iter().map(lists::CellParagraph::letters).collect();
    let filled: Vec<&String> = letters.iter().filter(|l| !l.is_empty()).collect();
    let same = filled.len() == paragraphs.len() && filled.iter().zip(paragraphs).all(|(l, text)| **l == lists::letters(text));
    if !same {
        return None;
    }
    let mut texts = paragraphs.iter();
    let mut out = Vec::with_capacity(mine.len());
    let mut places = Vec::with_capacity(mine.len());
    for (place, (paragraph, letters)) in mine.iter().zip(&letters).enumerate() {
        let place = u16::try_from(place).unwrap_or(u16::MAX);
        match (&paragraph.label, letters.is_empty()) {
            (Some(label), true) => {
                out.push(label.clone());
                places.push(place);
            }
            (None, true) => {}
            (label, false) => {
                let text = texts.next()?;
                out.push(match label {
                    Some(label) if !text.starts_with(label.as_str()) => format!("{label} {text}"),
                    _ => text.clone(),
                });
                places.push(place);
            }
        }
    }
    Some((out, places))
}

/// A row of the file: its cells' letters, and its cells' paragraphs.
type FileRow = (Vec<String>, Vec<Vec<lists::CellParagraph>>);

/// Rows of the file looked ahead for one that matches a row of the model.
const ROW_LOOKAHEAD: usize = 64;

/// The next row of `rows` with the text of `row`: as many cells, each with the same letters.
/// Rows before it are passed over (the model may leave rows out); none within reach leaves
/// `rows` as they are.
fn next_row_like(rows: &mut VecDeque<FileRow>, row: &office_oxide::ir::TableRow) -> Option<Vec<Vec<lists::CellParagraph>>> {
    let in_model: Vec<String> = row
        .cells
        .iter()
        .map(|c| {
            let mut content = CellContent::default();
            for e in &c.content {
                flow(e, &mut content, MAX_TABLE_DEPTH + 1);
            }
            lists::letters(&content.text.paragraphs.concat())
        })
        .collect();
    let at = rows.iter().take(ROW_LOOKAHEAD).position(|(letters, _)| *letters == in_model)?;
    rows.drain(..at);
    rows.pop_front().map(|(_, cells)| cells)
}

/// A table on its grid, and the tables nested in its cells (after it, in `nested`). The
/// outermost tables take their cells' list numbers from `numbers`.
fn table(t: &office_oxide::ir::Table, depth: usize, nested: &mut Vec<Table>, mut numbers: Option<&mut VecDeque<FileRow>>) -> Table {
    let mut rows = Vec::with_capacity(t.rows.len());
    let mut spans = VerticalSpans::default();
    for row in &t.rows {
        // the row as the file numbers it: the next one with the same cells, empty and filled
        let mut numbered_cells = numbers.as_deref_mut().and_then(|rows| next_row_like(rows, row)).map(VecDeque::from);
        let mut cells: Vec<Cell> = Vec::with_capacity(row.cells.len());
        let mut col = 0usize;
        for cell in &row.cells {
            spans.cover_at(&mut col, &mut cells);
            let mut content = CellContent::default();
            for e in &cell.content {
                flow(e, &mut content, depth);
            }
            if let Some(mine) = numbered_cells.as_mut().and_then(VecDeque::pop_front) {
                if let Some((paragraphs, places)) = numbered(&content.text.paragraphs, &mine) {
                    content.text.paragraphs = paragraphs;
                    content.text.places = places;
                }
            }
            let col_span = (cell.col_span as usize).clamp(1, 1024);
            let row_span = (cell.row_span as usize).clamp(1, 65_536);
            nested.extend(content.nested);
            spans.open(col, row_span, col_span);
            cells.push(content.text.into_cell(col, col_span, row_span));
            col += col_span;
        }
        // merges under columns past this row's last cell
        spans.cover_from(col, &mut cells);
        rows.push(Row { cells, repeat_header: row.is_header, page: None });
    }
    Table::from_rows(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_a_word_document() {
        assert!(matches!(read(b""), Err(DocError::Damaged(_))));
        assert!(matches!(read(b"not an OLE file at all"), Err(DocError::Damaged(_))));
        let mut ole_magic = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole_magic.extend([0u8; 600]);
        assert!(read(&ole_magic).is_err());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn never_panics(tail in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..4096)) {
            let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
            bytes.extend(tail);
            let _ = read(&bytes);
        }
    }
}
